import TracedeskCore

/// How many terminal columns a character takes: 0 for combining marks and zero-width joiners,
/// 2 for East Asian wide characters and emoji, 1 otherwise. Our own table, not wcwidth(3),
/// so the layout does not depend on the locale the server happens to have installed.
public enum DisplayWidth {
    public static func of(_ c: Character) -> Int {
        if let a = c.asciiValue, a >= 0x20, a < 0x7F { return 1 }
        // A line break or control character is drawn as one visible cell ("⏎", "␛").
        // The same test as VisibleText's, so a bidirectional control (zero-width as itself)
        // takes the one cell its picture is drawn in.
        if c.isNewline || c.unicodeScalars.contains(where: VisibleText.isControl) { return 1 }
        var width = 0
        for (i, s) in c.unicodeScalars.enumerated() {
            let w = of(scalar: s)
            if i == 0 { width = w } else if w == 2 && s.value != 0xFE0F { width = 2 }
            // VS16 after a text-default symbol asks for emoji presentation: two columns.
            if i > 0 && s.value == 0xFE0F { width = 2 }
        }
        return width
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    static func of(scalar s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x0610...0x061A, 0x064B...0x065F,
             0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x0900...0x0902, 0x093A, 0x093C, 0x0941...0x0948,
             0x094D, 0x0951...0x0957, 0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E, 0x1AB0...0x1AFF,
             0x1DC0...0x1DFF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x20D0...0x20FF,
             0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF, 0xE0100...0xE01EF:
            return true
        default:
            return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18AFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F320,
             0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393, 0x1F3A0...0x1F3CA,
             0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E, 0x1F440,
             0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567, 0x1F57A,
             0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC,
             0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6EB...0x1F6EC, 0x1F6F4...0x1F6FC,
             0x1F7E0...0x1F7EB, 0x1F90C...0x1F93A, 0x1F93C...0x1F945, 0x1F947...0x1F9FF,
             0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `s` that fits in `columns`, never cutting a character in half.
    public static func prefix(_ s: String, fitting columns: Int) -> (text: String, width: Int) {
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > columns { break }
            out.append(c); used += w
        }
        return (out, used)
    }

    /// Fits `s` into exactly `columns` of one line: cut with "…" when too long, padded with
    /// spaces when short; line breaks and control characters made visible (`VisibleText`), so
    /// tables printed by commands keep their columns and send the terminal nothing but text.
    public static func fit(_ s: String, _ columns: Int) -> String {
        guard columns > 0 else { return "" }
        let s = VisibleText.oneLine(s)
        let w = of(s)
        if w <= columns { return s + String(repeating: " ", count: columns - w) }
        let cut = prefix(s, fitting: columns - 1)
        if let trace = TextTrace.current { trace.cut(s, kept: cut.text.count) }
        return cut.text + "…" + String(repeating: " ", count: columns - 1 - cut.width)
    }
}
