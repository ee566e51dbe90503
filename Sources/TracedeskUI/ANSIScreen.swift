/// A frame as the bytes a real terminal would be sent (cursor moves and SGR colours), for
/// recordings that `asciinema play` and `tracedesk replay` show as the tracer saw them.
public enum ANSIScreen {
    /// The changes from `old` (nil: a blank screen) to `new`, row by row, in the theme's colours
    /// at 256 colours.
    public static func diff(from old: Frame?, to new: Frame, theme: Theme) -> String {
        var out = ""
        let full = old == nil || old!.size != new.size
        if full { out += "\u{1b}[0m\u{1b}[2J\u{1b}[?25l" }
        for y in 0..<new.size.height {
            if !full, let old, (0..<new.size.width).allSatisfy({ old[$0, y] == new[$0, y] }) { continue }
            out += "\u{1b}[\(y + 1);1H"
            var current: Slot?
            for x in 0..<new.size.width {
                let cell = new[x, y]
                if cell.continuation { continue }
                if cell.slot != current {
                    out += sgr(theme.style(cell.slot))
                    current = cell.slot
                }
                out += cell.text
            }
            out += "\u{1b}[0m"
        }
        return out
    }

    static func sgr(_ s: SlotStyle) -> String {
        var codes = ["0"]
        if s.attributes.contains(.bold) { codes.append("1") }
        if s.attributes.contains(.dim) { codes.append("2") }
        if s.attributes.contains(.underline) { codes.append("4") }
        if s.attributes.contains(.reverse) { codes.append("7") }
        let fg = s.foreground.index(forColors: 256).index
        let bg = s.background.index(forColors: 256).index
        if fg >= 0 { codes.append("38;5;\(fg)") }
        if bg >= 0 { codes.append("48;5;\(bg)") }
        return "\u{1b}[" + codes.joined(separator: ";") + "m"
    }
}

/// Where the desk's loop sends an interview's screens while recording is on. The file it
/// writes is the recorder's business (the executable writes asciicast files).
public protocol InterviewRecorder: AnyObject {
    /// Starts a recording of `caseId`'s interview; returns its name for the filed interview.
    func begin(caseId: String, size: Size) -> String?
    /// Terminal output, as `ANSIScreen` renders it.
    func output(_ text: String)
    func resize(_ size: Size)
    func end()
}
