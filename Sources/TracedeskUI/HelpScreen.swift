import Foundation
import TracedeskCore
/// `?`: every key of the screen it was opened from, then the rest, straight from the action table.
public struct HelpScreen: Sendable {
    public let context: Context
    var scroll = 0

    public init(context: Context) { self.context = context }

    /// Each action on its own lines: a description too long for the window goes on under
    /// itself, never cut (a cut help line hid the very key it explained).
    /// `now` and `clock` pick the call form's time examples: ones the form takes now.
    func lines(_ keymap: Keymap, width: Int, now: Date = Date(), clock: WallClock = .wib) -> [(String, Slot)] {
        let keysWidth = 18, indent = String(repeating: " ", count: 2 + keysWidth + 1)
        // The screen's own margin of one, the indent, and the last column left free.
        let room = max(20, width - 1 - indent.count - 1)
        var out: [(String, Slot)] = []
        let order = [context] + Context.allCases.filter { $0 != context && $0 != .signIn }
        for ctx in order {
            let entries = keymap.entries(in: ctx)
            guard !entries.isEmpty else { continue }
            out.append((ctx.title, .header))
            for e in entries {
                let keys = e.keys.isEmpty ? L("(no key)") : e.keys.map(ActionTable.label).joined(separator: " ")
                for (i, part) in Wrap.lines(e.spec.help, width: room).enumerated() {
                    out.append(((i == 0 ? "  " + DisplayWidth.fit(keys, keysWidth) + " " : indent) + part, .normal))
                }
            }
            // The call form's time field takes phrases no key explains: its legend, whole.
            if ctx == .callForm {
                for line in CallForm.helpLines(now: now, clock: clock) {
                    for (i, part) in Wrap.lines(line, width: max(20, width - 4)).enumerated() { out.append(((i == 0 ? "  " : "    ") + part, .normal)) }
                }
            }
            out.append(("", .normal))
        }
        return out
    }

    mutating func update(_ key: Key, _ keymap: Keymap, width: Int, height: Int, now: Date = Date(), clock: WallClock = .wib) -> [Command] {
        let lines = lines(keymap, width: width, now: now, clock: clock)
        switch keymap.action(for: key, in: .help) {
        case .back: return [.pop]
        case .moveDown: scroll += 1
        case .moveUp: scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        case .first: scroll = 0
        // The last page full, not its last few lines alone at the top.
        case .last: scroll = max(0, lines.count - height)
        default:
            if key == .char("?") { return [.pop] }
        }
        scroll = min(scroll, max(0, lines.count - 1))
        return []
    }

    func view(into f: inout Frame, _ body: Rect, _ keymap: Keymap, now: Date = Date(), clock: WallClock = .wib) {
        let all = lines(keymap, width: f.size.width, now: now, clock: clock)
        // Never past the last full page: the same place reads the same after F2 changes the
        // lines' count (the other language's end left rows blank).
        let top = min(scroll, max(0, all.count - body.height))
        for (i, l) in all.dropFirst(top).prefix(body.height).enumerated() {
            if l.1 == .header { f.fill(y: body.y + i, slot: .header) }
            f.put(" " + l.0, x: 0, y: body.y + i, slot: l.1)
        }
    }
}
