import TracedeskCore

/// What a paste did to a field: how many characters did not fit.
public struct Pasted: Equatable, Sendable {
    public var cut: Int
    /// The field's limit, when it is what cut the paste (0: not said).
    public var limit: Int
    public init(cut: Int, limit: Int = 0) { self.cut = cut; self.limit = limit }
}

/// A key a full field did not take, for the desk to say: typing that simply stops at a field's
/// limit looks like a stuck keyboard (a paste already says what it left out). The desk sets
/// one around each key; a field refusing a character for its length marks it.
public final class FieldFull: @unchecked Sendable {
    /// The limit of the field that refused a character, nil when none did.
    public var limit: Int?
    public init() {}
    @TaskLocal public static var current: FieldFull?
}

/// A line of text being typed, with a cursor. Pure, so editing is tested without a terminal.
public struct TextField: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    /// At most this many characters as the server counts them (Unicode scalars: an accent
    /// typed apart is two), so a field at its limit (`EventLimit`) is one the server takes.
    public var maxLength: Int

    public init(_ text: String = "", maxLength: Int = 200) {
        characters = Array(text)
        cursor = characters.count
        self.maxLength = maxLength
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    /// Applies an editing key; returns false when the key is not an editing key.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .char(let c):
            if c.isNewline { return true }
            guard size + c.unicodeScalars.count <= maxLength else {
                FieldFull.current?.limit = maxLength
                return true
            }
            characters.insert(c, at: cursor); cursor += 1
        case .backspace:
            if cursor > 0 { characters.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor); cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor...)
        case .ctrl("w"):
            var i = cursor
            while i > 0 && characters[i - 1] == " " { i -= 1 }
            while i > 0 && characters[i - 1] != " " { i -= 1 }
            characters.removeSubrange(i..<cursor); cursor = i
        default:
            return false
        }
        return true
    }

    /// A paste (bracketed paste): text for this field, never keys. This is a one-line field,
    /// so line breaks (CRLF, CR, LF) and tabs become single spaces and other control
    /// characters are dropped. Returns how many characters did not fit (`maxLength`), so the
    /// screen can say the paste was cut.
    @discardableResult
    public mutating func paste(_ text: String) -> Int {
        let clean = TextField.oneLine(text)
        var room = max(0, maxLength - size)
        var kept: [Character] = []
        for c in clean {
            let n = c.unicodeScalars.count
            guard n <= room else { break }
            kept.append(c); room -= n
        }
        characters.insert(contentsOf: kept, at: cursor)
        cursor += kept.count
        return clean.count - kept.count
    }

    /// A paste, and what it did, with the limit that cut it.
    public mutating func pasted(_ text: String) -> Pasted {
        Pasted(cut: paste(text), limit: maxLength)
    }

    /// Its length as the limit counts it.
    private var size: Int { characters.reduce(0) { $0 + $1.unicodeScalars.count } }

    /// Text made fit for a one-line field: each line break or tab is one space, and no
    /// control character is kept.
    public static func oneLine(_ text: String) -> String {
        var out = ""
        for c in text {
            if c.isNewline || c == "\t" { out.append(" "); continue }
            // As VisibleText counts them: a bidirectional override pasted into a name is one too.
            if c.unicodeScalars.contains(where: VisibleText.isControl) { continue }
            out.append(c)
        }
        return out
    }

    /// Draws the field in `width` columns, scrolled so the cursor stays visible; returns the
    /// cursor's column relative to x.
    @discardableResult
    public func draw(into frame: inout Frame, x: Int, y: Int, width: Int, slot: Slot) -> Int {
        frame.fill(y: y, x: x, width: width, slot: slot)
        // Back from the cursor as far as fits: each key costs the row's width, not the
        // text's length squared (a 4,000-character note slowed typing to seconds a key).
        var start = cursor, used = 0
        while start > 0 {
            let w = DisplayWidth.of(characters[start - 1])
            if used + w > width - 1 { break }
            used += w; start -= 1
        }
        // Text scrolled out on the left is marked "…" (the search prompt showed "i Rahmawati"
        // for "Siti Rahmawati" with no sign that anything was before it): the mark takes a
        // column, so one more character goes.
        var lead = ""
        if start > 0 && width > 2 {
            lead = "…"
            while start < cursor && used + 1 > width - 1 {
                used -= DisplayWidth.of(characters[start]); start += 1
            }
            used += 1
        }
        var visible = lead, shown = DisplayWidth.of(lead)
        for c in characters[start...] {
            if shown >= width { break }
            visible.append(c); shown += DisplayWidth.of(c)
        }
        frame.put(visible, x: x, y: y, slot: slot, maxWidth: width)
        return used
    }
}
