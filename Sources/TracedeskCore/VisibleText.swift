/// Text from outside (a line list, a paste, a journal) is data, not layout or commands. Before
/// it reaches a terminal, each character is made visible on one line: a line break (LF, CR,
/// CR LF, U+2028/2029) shows as "⏎", a tab as one space, and any other control character
/// (ESC, BEL, DEL, C1) as its Unicode control picture ("␛") or "�": never the character itself.
/// The desk's frames and every command's table output go through here.
public enum VisibleText {
    public static let lineBreak: Character = "⏎"

    /// The character as drawn: itself when printable.
    @inline(__always)
    public static func visible(_ c: Character) -> Character {
        if let a = c.asciiValue, a >= 0x20, a < 0x7F { return c }
        return slowVisible(c)
    }

    static func slowVisible(_ c: Character) -> Character {
        if c == "\t" { return " " }
        if c.isNewline { return lineBreak }
        guard c.unicodeScalars.contains(where: isControl) else { return c }
        // A control character first, or one within a cluster: shown by its first control.
        let s = c.unicodeScalars.first(where: isControl)!
        switch s.value {
        case 0x00..<0x20: return Character(Unicode.Scalar(0x2400 + s.value)!)
        case 0x7F: return "␡"
        default: return "�"
        }
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value)
    }

    /// The whole string on one line, every character visible.
    public static func oneLine(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) && !s.utf8.contains(0xC2) && !s.contains("\u{2028}") && !s.contains("\u{2029}") {
            return s
        }
        return String(s.map(visible))
    }
}
