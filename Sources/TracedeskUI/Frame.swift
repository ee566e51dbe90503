import TracedeskCore

/// One cell of the screen. A wide character sits in its first cell; the next cell is marked
/// `continuation` and never drawn on its own (ratatui's buffer does the same).
public struct Cell: Equatable, Sendable {
    public var text: String
    public var slot: Slot
    public var continuation: Bool

    public static let blank = Cell(text: " ", slot: .normal, continuation: false)
}

/// An immediate-mode frame: screens draw into it each time, the terminal shows the difference.
public struct Frame: Equatable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the text cursor should blink (a field being typed in), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0
    /// Boxes in + - | for terminals without line drawing.
    public var asciiBorders = false

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: max(0, size.width * size.height))
    }

    public subscript(x: Int, y: Int) -> Cell { cells[y * size.width + x] }

    /// Writes `text` at (x, y) in `slot`, clipped to `maxWidth` columns and the frame's edge;
    /// text that does not fit ends in "…", so a cut is never mistaken for the whole. Returns
    /// the columns used. A wide character that would straddle the edge is not drawn. Every
    /// string drawn comes through here, so here it is made safe: a line break shows as "⏎", a
    /// tab as a space, a control character as its picture (`VisibleText`); none reaches the
    /// terminal.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, slot: Slot = .normal, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x >= 0, x < size.width else { return 0 }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var col = x
        var rest = text[...]
        var drawn = 0
        while let raw = rest.first {
            rest = rest.dropFirst()
            let ch = VisibleText.visible(raw)
            let w = DisplayWidth.of(ch)
            if w == 0 {
                drawn += 1
                // A combining mark joins the character before it.
                if col > x { cells[y * size.width + col - 1 - (self[col - 1, y].continuation ? 1 : 0)].text.append(ch) }
                continue
            }
            if col + w > limit {
                if !(String(ch) + rest).allSatisfy(\.isWhitespace) {
                    markCut(at: col, limit: limit, from: x, y: y, slot: slot)
                    if let trace = TextTrace.current { trace.cut(text, kept: max(0, drawn - (col >= limit ? 1 : 0))) }
                }
                break
            }
            drawn += 1
            clearWide(at: col, y: y)
            cells[y * size.width + col] = Cell(text: String(ch), slot: slot, continuation: false)
            if w == 2 {
                clearWide(at: col + 1, y: y)
                cells[y * size.width + col + 1] = Cell(text: "", slot: slot, continuation: true)
            }
            col += w
        }
        return col - x
    }

    /// Puts "…" in the column after the text if there is one, else over its last character.
    private mutating func markCut(at col: Int, limit: Int, from x: Int, y: Int, slot: Slot) {
        var at = col
        if col >= limit {
            guard col > x else { return }
            at = col - 1
            if self[at, y].continuation { cells[y * size.width + at] = Cell(text: " ", slot: slot, continuation: false); at -= 1 }
        }
        clearWide(at: at, y: y)
        cells[y * size.width + at] = Cell(text: "…", slot: slot, continuation: false)
    }

    /// Overwriting half of a wide character blanks its other half, so no half glyph is left.
    private mutating func clearWide(at x: Int, y: Int) {
        let i = y * size.width + x
        if cells[i].continuation && x > 0 {
            cells[i - 1] = Cell(text: " ", slot: cells[i - 1].slot, continuation: false)
        } else if x + 1 < size.width, cells[i + 1].continuation {
            cells[i + 1] = Cell(text: " ", slot: cells[i + 1].slot, continuation: false)
        }
    }

    /// Fills a run of a row with spaces in `slot` (a bar, a highlighted line).
    public mutating func fill(y: Int, x: Int = 0, width: Int? = nil, slot: Slot) {
        guard y >= 0, y < size.height else { return }
        let end = min(size.width, x + (width ?? size.width))
        for col in max(0, x)..<max(max(0, x), end) {
            clearWide(at: col, y: y)
            cells[y * size.width + col] = Cell(text: " ", slot: slot, continuation: false)
        }
    }

    /// Draws `text` padded (or cut with "…") to exactly `width` columns.
    @discardableResult
    public mutating func field(_ text: String, x: Int, y: Int, width: Int, slot: Slot = .normal) -> Int {
        put(DisplayWidth.fit(text, width), x: x, y: y, slot: slot, maxWidth: width)
    }

    /// A number in a column: right-aligned, so digits line up (cut like `field` if too wide).
    @discardableResult
    public mutating func fieldRight(_ text: String, x: Int, y: Int, width: Int, slot: Slot = .normal) -> Int {
        let pad = max(0, width - DisplayWidth.of(text))
        return field(String(repeating: " ", count: pad) + text, x: x, y: y, width: width, slot: slot)
    }

    /// The text of each row, for tests and screen dumps.
    public var lines: [String] {
        (0..<size.height).map { y in
            var s = ""
            for x in 0..<size.width where !self[x, y].continuation { s += self[x, y].text }
            return s
        }
    }

    /// The slot of each cell of a row, for tests of colour and highlight.
    public func slots(row y: Int) -> [Slot] { (0..<size.width).map { self[$0, y].slot } }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY && a.asciiBorders == b.asciiBorders
    }
}
