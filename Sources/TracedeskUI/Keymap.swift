import TracedeskCore
/// The keys in force: the action table's defaults, with the user's `bind` lines on top
/// (`$XDG_CONFIG_HOME/tracedesk/keys`, like tig's `bind`):
///
///     # context  key    action
///     bind queue  o      open-case
///     bind queue  Enter  help
///     unbind case c
///
/// Key names: a character, Space, Enter, Esc, Tab, S-Tab, Bksp, Del, Up, Down, Left, Right, PgUp,
/// PgDn, Home, End, F1–F12, ^X (Ctrl-X).
public struct Keymap: Sendable {
    /// Per context, in the order help lists them: the action and its keys.
    private var bindings: [Context: [(action: Action, keys: [Key])]] = [:]

    public static let defaults = Keymap()

    public init() {
        for spec in ActionTable.specs {
            for ctx in spec.contexts {
                if let i = bindings[ctx, default: []].firstIndex(where: { $0.action == spec.action }) {
                    bindings[ctx]![i].keys += spec.keys.filter { !bindings[ctx]![i].keys.contains($0) }
                } else {
                    bindings[ctx, default: []].append((spec.action, spec.keys))
                }
            }
        }
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The action a key triggers in a context; global bindings apply where the context has none.
    public func action(for key: Key, in context: Context) -> Action? {
        if let b = bindings[context]?.first(where: { $0.keys.contains(key) }) { return b.action }
        return bindings[.global]?.first { $0.keys.contains(key) }?.action
    }

    public func keys(for action: Action, in context: Context) -> [Key] {
        bindings[context]?.first { $0.action == action }?.keys ?? []
    }

    /// What help lists for a context: each action with its keys and help text.
    public func entries(in context: Context) -> [(spec: ActionSpec, keys: [Key])] {
        (bindings[context] ?? []).compactMap { b in
            guard let spec = ActionTable.specs.first(where: { $0.action == b.action && $0.contexts.contains(context) }) else { return nil }
            return (spec, b.keys)
        }
    }

    /// The hint bar's entries; a tracer's bar leaves out what only a lead can do.
    public func hints(in context: Context, role: Role = .lead) -> [(key: String, text: String)] {
        hintEntries(in: context, role: role).map { ($0.key, $0.text) }
    }

    /// The hints with whether each is a way out or to help (kept when the bar is short).
    public func hintEntries(in context: Context, role: Role = .lead, hiding: Set<Action> = []) -> [(key: String, text: String, essential: Bool)] {
        entries(in: context).compactMap { e in
            guard let hint = e.spec.hint, let k = e.keys.first, !hiding.contains(e.spec.action) else { return nil }
            // A letter is text where text is typed (a keys file may bind one there).
            if context.takesText, case .char = k { return nil }
            if role == .tracer && e.spec.action.leadOnly { return nil }
            if role == .data && e.spec.action.leadOnly && e.spec.action != .correctRecord { return nil }
            let essential = [.back, .quit, .help, .clearSearch].contains(e.spec.action)
            return (ActionTable.label(k), hint, essential)
        }
    }

    /// Applies a keys file. Every problem is reported; the good lines still apply.
    public mutating func apply(_ text: String, file: String) -> [Problem] {
        var problems: [Problem] = []
        var boundHere: [Context: [Key: (Action, Int)]] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = i + 1
            let words = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let verb = words.first else { continue }
            func problem(_ m: String) { problems.append(Problem(file: file, line: line, message: m)) }
            guard (verb == "bind" && words.count == 4) || (verb == "unbind" && words.count == 3) else {
                problem(L("expected \"bind CONTEXT KEY ACTION\" or \"unbind CONTEXT KEY\"")); continue
            }
            guard let ctx = Context(rawValue: words[1]) else {
                problem(L("unknown context \"\(words[1])\" (\(Context.allCases.map(\.rawValue).joined(separator: ", ")))")); continue
            }
            guard let key = Keymap.parseKey(words[2]) else { problem(L("unknown key \"\(words[2])\"")); continue }
            remove(key, from: ctx)
            if verb == "unbind" { continue }
            guard let action = Action(rawValue: words[3]) else { problem(L("unknown action \"\(words[3])\"")); continue }
            guard ActionTable.specs.contains(where: { $0.action == action && $0.contexts.contains(ctx) }) else {
                problem(L("action \"\(action.rawValue)\" does not apply in \(ctx.rawValue)")); continue
            }
            if let (other, at) = boundHere[ctx]?[key], other != action {
                problem(L("\(words[2]) in \(ctx.rawValue) is already bound to \(other.rawValue) on line \(at); this line wins"))
            }
            boundHere[ctx, default: [:]][key] = (action, line)
            if let i = bindings[ctx]?.firstIndex(where: { $0.action == action }) {
                bindings[ctx]![i].keys.insert(key, at: 0)
            } else {
                bindings[ctx, default: []].append((action, [key]))
            }
        }
        // An action left with no key cannot be reached: say so, once per action.
        for (ctx, list) in bindings {
            for b in list where b.keys.isEmpty && ActionTable.specs.contains(where: { $0.action == b.action && $0.contexts.contains(ctx) && $0.hint != nil }) {
                problems.append(Problem(file: file, line: 0, message: L("action \(b.action.rawValue) has no key left in \(ctx.rawValue)")))
            }
        }
        return problems
    }

    private mutating func remove(_ key: Key, from ctx: Context) {
        guard var list = bindings[ctx] else { return }
        for i in list.indices { list[i].keys.removeAll { $0 == key } }
        bindings[ctx] = list
    }

    static let named: [String: Key] = [
        "space": .char(" "), "enter": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "s-tab": .backTab,
        "bksp": .backspace, "backspace": .backspace, "del": .delete, "delete": .delete, "up": .up, "down": .down,
        "left": .left, "right": .right, "pgup": .pageUp, "pgdn": .pageDown, "home": .home, "end": .end,
    ]

    public static func parseKey(_ s: String) -> Key? {
        if let k = named[s.lowercased()] { return k }
        if s.count == 1, let c = s.first { return .char(c) }
        if s.count == 2, s.hasPrefix("^"), let c = s.last?.lowercased().first, c.isLetter { return .ctrl(c) }
        if s.lowercased().hasPrefix("c-"), s.count == 3, let c = s.last?.lowercased().first, c.isLetter { return .ctrl(c) }
        if s.uppercased().hasPrefix("F"), let n = Int(s.dropFirst()), (1...12).contains(n) { return .function(n) }
        return nil
    }
}
