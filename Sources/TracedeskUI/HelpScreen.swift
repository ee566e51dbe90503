/// `?`: every key of the screen it was opened from, then the rest, straight from the action table.
public struct HelpScreen: Sendable {
    public let context: Context
    var scroll = 0

    public init(context: Context) { self.context = context }

    var lines: [(String, Slot)] {
        var out: [(String, Slot)] = []
        let order = [context] + Context.allCases.filter { $0 != context && $0 != .signIn }
        for ctx in order {
            let specs = ActionTable.specs(in: ctx)
            guard !specs.isEmpty else { continue }
            out.append((ctx.title, .header))
            for s in specs {
                let keys = s.keys.map(ActionTable.label).joined(separator: " ")
                out.append(("  " + DisplayWidth.fit(keys, 18) + " " + s.help, .normal))
            }
            out.append(("", .normal))
        }
        return out
    }

    mutating func update(_ key: Key) -> [Command] {
        switch ActionTable.action(for: key, in: .help) {
        case .back: return [.pop]
        case .moveDown: scroll += 1
        case .moveUp: scroll = max(0, scroll - 1)
        case .pageDown: scroll += 10
        case .pageUp: scroll = max(0, scroll - 10)
        case .first: scroll = 0
        case .last: scroll = max(0, lines.count - 5)
        default:
            if key == .char("?") { return [.pop] }
        }
        scroll = min(scroll, max(0, lines.count - 1))
        return []
    }

    func view(into f: inout Frame, _ body: Rect) {
        for (i, l) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            if l.1 == .header { f.fill(y: body.y + i, slot: .header) }
            f.put(" " + l.0, x: 0, y: body.y + i, slot: l.1)
        }
    }
}
