import Foundation

/// What a test wants to know about the text a desk made and drew: every catalogue string made
/// (which of its characters are our own words, which are the values put into it) and every
/// string a frame had to cut. The screen matrix uses it to find our own labels cut at 80×24;
/// outside a test no trace is set and the desk pays one task-local read per label.
public final class TextTrace: @unchecked Sendable {
    @TaskLocal public static var current: TextTrace?

    /// A catalogue string as made, with `ours[i]` true where character i is the catalogue's own
    /// word (or a number, or another catalogue string put into it) and false where it is a
    /// value from outside: a name, a note, an address, a case id.
    public struct Made: Sendable {
        public var text: String
        public var ours: [Bool]
        /// A case's history line (its labels looked up as it is shown): a row that Enter
        /// shows whole in the pager, so the list may cut it, marked with "…".
        public var opensWhole: Bool
    }

    /// A string drawn with fewer characters than it has: the first `kept` are on screen.
    public struct Cut: Sendable, Equatable {
        public var text: String
        public var kept: Int
    }

    private let lock = NSLock()
    private var madeByText: [String: Made] = [:]
    private var cutList: [Cut] = []

    public init() {}

    public var made: [Made] { lock.withLock { Array(madeByText.values) } }
    public var cuts: [Cut] { lock.withLock { cutList } }
    public func forgetCuts() { lock.withLock { cutList.removeAll() } }

    public func cut(_ text: String, kept: Int) {
        lock.withLock { cutList.append(Cut(text: text, kept: kept)) }
    }

    func made(template: String, args: [String], translatingArguments: Bool, language: Language) {
        lock.lock(); defer { lock.unlock() }
        var text = "", ours: [Bool] = []
        var rest = template[...]
        func literal(_ s: Substring) { text += s; ours += Array(repeating: true, count: s.count) }
        while let open = rest.firstIndex(of: "{") {
            literal(rest[..<open])
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let i = Int(rest[afterOpen..<close]), args.indices.contains(i) {
                let value = translatingArguments ? Catalog.lookup(args[i], in: language) : args[i]
                let isOurs = translatingArguments && Catalog.translation(of: args[i]) != nil
                    || madeByText[value] != nil
                    || value.allSatisfy { $0.isNumber || $0.isWhitespace || ":/.,-+×%".contains($0) }
                text += value
                ours += Array(repeating: isOurs, count: value.count)
                rest = rest[rest.index(after: close)...]
                var noun = ""
                Localizable.pluralEnding(after: args[i], in: &rest, into: &noun)
                literal(noun[...])
            } else {
                literal(rest[open...afterOpen].dropLast())
                rest = rest[afterOpen...]
            }
        }
        literal(rest)
        if madeByText[text] == nil { madeByText[text] = Made(text: text, ours: ours, opensWhole: translatingArguments) }
    }

    /// Cuts that lose our own words: where the first character lost is a catalogue word (a cut
    /// inside a value from outside, a long name or note, is the documented way to show it).
    /// Returns each cut with the catalogue string it loses.
    public func labelsCut() -> [(cut: Cut, label: String)] {
        // Longest first, and only whole words: a short label ("c") inside a name is no match.
        let made = self.made.filter { $0.ours.contains(true) && $0.text.count >= 2 && !$0.opensWhole }.sorted { $0.text.count > $1.text.count }
        // A row holding a history line opens whole: its cut is the documented one.
        let opening = self.made.filter(\.opensWhole).map(\.text).filter { $0.count >= 8 }
        var out: [(Cut, String)] = []
        for c in cuts {
            let chars = Array(c.text)
            // The first character lost that is not a space.
            var at = c.kept
            while at < chars.count, chars[at].isWhitespace { at += 1 }
            guard at < chars.count else { continue }
            let text = c.text
            if opening.contains(where: { $0.contains(text) || (text.contains($0) && text.hasSuffix($0)) }) { continue }
            for m in made {
                let mc = Array(m.text)
                guard mc.count > 0, mc.count <= chars.count else { continue }
                var start = 0
                var found = false
                while start + mc.count <= chars.count {
                    let end = start + mc.count
                    if start <= at, at < end, Array(chars[start..<end]) == mc, m.ours[at - start],
                       start == 0 || !chars[start - 1].isLetter || !mc[0].isLetter,
                       end == chars.count || !chars[end].isLetter || !mc[mc.count - 1].isLetter {
                        found = true; break
                    }
                    start += 1
                }
                // The string drawn may be the end of a catalogue string (a title without its
                // first words): the cut is then placed within it.
                if !found, chars.count >= 8, let r = m.text.range(of: c.text) {
                    let offset = m.text.distance(from: m.text.startIndex, to: r.lowerBound)
                    found = m.ours[offset + at]
                }
                if found { out.append((c, m.text)); break }
            }
        }
        return out
    }
}
