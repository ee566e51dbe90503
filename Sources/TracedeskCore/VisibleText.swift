/// Text from outside (a line list, a paste, a journal) is data, not layout or commands. Before
/// it reaches a terminal, each character is made visible on one line: a line break (LF, CR,
/// CR LF, U+2028/2029) shows as "⏎", a tab as one space, and any other control character
/// (ESC, BEL, DEL, C1) as its Unicode control picture ("␛") or "�": never the character itself.
/// The bidirectional controls (U+202A–202E embeddings and overrides, U+2066–2069 isolates,
/// U+200E/200F and U+061C marks) are control characters here too: sent raw, a name holding
/// U+202E would reverse what the terminal draws after it, so a tracer would read another
/// case id or phone than the one stored. They show as "�".
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

    /// What is never sent to a terminal as itself: C0, DEL, C1 and the bidirectional controls.
    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F..<0xA0).contains(s.value) || (s.value >= 0x61C && s.properties.isBidiControl)
    }

    /// The whole string on one line, every character visible.
    public static func oneLine(_ s: String) -> String {
        if isPlain(s) { return s }
        return String(s.map(visible))
    }

    /// Holds nothing `visible` would change, read byte by byte (tables and messages pass most
    /// strings through here): no C0 or DEL, no C1 (C2 80–9F), no U+2028/2029 (E2 80 A8/A9),
    /// no bidirectional control (E2 80 8E/8F, E2 80 AA–AE, E2 81 A6–A9, D8 9C).
    static func isPlain(_ s: String) -> Bool {
        var p1: UInt8 = 0, p2: UInt8 = 0
        for b in s.utf8 {
            if b < 0x20 || b == 0x7F { return false }
            if p1 == 0xC2 && b < 0xA0 { return false }
            if p1 == 0xD8 && b == 0x9C { return false }
            if p2 == 0xE2 && p1 == 0x80 && (b == 0x8E || b == 0x8F || (0xA8...0xAE).contains(b)) { return false }
            if p2 == 0xE2 && p1 == 0x81 && (0xA6...0xA9).contains(b) { return false }
            p2 = p1; p1 = b
        }
        return true
    }
}
