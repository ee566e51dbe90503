import TracedeskCore

/// Text too long for its line (a call note, a history line, a lead's return note) read in
/// full: each entry wrapped to the window, the whole scrolled with the usual keys.
public struct PagerScreen: Sendable {
    /// One piece of text: a heading (a section) or an entry, wrapped on its own.
    public struct Entry: Equatable, Sendable {
        public var text: String
        public var heading: Bool
        public init(_ text: String, heading: Bool = false) { self.text = text; self.heading = heading }
    }

    public private(set) var heading: String
    public private(set) var entries: [Entry]
    var scroll = 0
    /// Makes the text again in another language (F2): the text is worded when the pager opens,
    /// so the title followed a switch and the body did not. Nil: the text stays as made.
    var remake: (@Sendable (DeskContext) -> PagerScreen)?
    var language: Language?

    public init(title: String, entries: [Entry]) { heading = title; self.entries = entries }

    /// A pager as every screen opens one: made by `make`, and made again by it when F2
    /// switches the language. Text worded once at open kept the language it was opened in
    /// (the lead's history, a follow-up contact's checks, the interview's F5).
    static func worded(_ ctx: DeskContext, _ make: @escaping @Sendable (DeskContext) -> PagerScreen) -> PagerScreen {
        var pager = make(ctx)
        pager.remake = make
        pager.language = ctx.language
        return pager
    }

    /// The same text worded again when the desk's language changed, the place kept.
    mutating func refresh(_ ctx: DeskContext) {
        guard let remake, let language, language != ctx.language else { return }
        let again = remake(ctx)
        heading = again.heading; entries = again.entries
        self.language = ctx.language
    }

    /// The rows at a width: entries wrapped at spaces (a word longer than the row is cut
    /// across rows), continuation rows indented, a blank row after each section's last entry.
    func rows(width: Int) -> [(String, Slot)] {
        var out: [(String, Slot)] = []
        for e in entries {
            if e.heading {
                if !out.isEmpty { out.append(("", .normal)) }
                out.append((" " + e.text, .header))
                continue
            }
            for (i, line) in Wrap.lines(e.text, width: max(10, width - 4)).enumerated() {
                out.append(((i == 0 ? "  " : "    ") + line, .normal))
            }
        }
        return out
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        let total = rows(width: ctx.size.width).count
        let page = Self.room(total: total, height: ctx.size.height - 3)
        switch ctx.keymap.action(for: key, in: .pager) {
        case .back: return [.pop]
        case .moveDown: scroll += 1
        case .moveUp: scroll -= 1
        case .pageDown: scroll += page
        case .pageUp: scroll -= page
        case .first: scroll = 0
        case .last: scroll = total
        case .help: return [.push(.help(HelpScreen(context: .pager)))]
        default: break
        }
        scroll = max(0, min(scroll, total - page))
        return []
    }

    /// Rows of text a body of `height` shows: one fewer when the text is longer, the last row
    /// being the "n–m of N" marker's own (drawn over the text, it hid a line's end unmarked).
    static func room(total: Int, height: Int) -> Int {
        max(1, total > height ? height - 1 : height)
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let all = rows(width: body.width)
        let shown = all.dropFirst(scroll).prefix(Self.room(total: all.count, height: body.height))
        for (i, r) in shown.enumerated() {
            if r.1 == .header { f.fill(y: body.y + i, slot: .header) }
            f.put(r.0, x: 0, y: body.y + i, slot: r.1, maxWidth: body.width)
        }
        if all.count > body.height {
            let at = L(" \(scroll + 1)–\(scroll + shown.count) of \(all.count) ")
            f.put(at, x: body.width - DisplayWidth.of(at) - 1, y: body.maxY - 1, slot: .disabled)
        }
    }
}

/// Text shortened where it matters least.
public enum Shorten {
    /// "…/data/tracedesk/recordings/JKT-1.cast": the end kept, "…" in front, in `columns`.
    public static func fromLeft(_ s: String, to columns: Int) -> String {
        guard DisplayWidth.of(s) > columns, columns > 1 else { return s }
        var out = "", used = 1
        for c in s.reversed() {
            let w = DisplayWidth.of(c)
            if used + w > columns { break }
            out.insert(c, at: out.startIndex); used += w
        }
        return "…" + out
    }
}

/// Word wrapping in display columns.
public enum Wrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        let text = VisibleText.oneLine(text)
        guard width > 0 else { return [text] }
        var out: [String] = []
        var line = "", lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            var w = DisplayWidth.of(word)
            if lineWidth > 0 && lineWidth + 1 + w <= width {
                line += " " + word; lineWidth += 1 + w
                continue
            }
            if lineWidth > 0 { out.append(line); line = ""; lineWidth = 0 }
            // A word longer than the row goes on across rows, in one walk along it: cutting
            // and measuring the rest again at each row took minutes on a 400,000-character
            // note stored by hand (the desk hung).
            if w > width {
                var piece = "", used = 0
                for c in word {
                    let cw = DisplayWidth.of(c)
                    if used > 0 && used + cw > width { out.append(piece); piece = ""; used = 0 }
                    piece.append(c); used += cw
                }
                word = piece; w = used
            }
            line = word; lineWidth = w
        }
        out.append(line)
        return out
    }
}
