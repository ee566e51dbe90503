import TracedeskCore

/// Choosing the tracer who gets work: cases (the board's assign list) or follow-ups (the
/// follow-up list). One picker, so both move, confirm and cancel by the same keys (the action
/// table's `pick-tracer` context) and look the same: a bordered popup, the title in its top
/// border, the way out on its last row.
struct TracerPicker: Sendable, Equatable {
    /// The tracers offered, in the team file's order.
    private(set) var people: [TeamMember]
    var selection = 0

    init(people: [TeamMember]) { self.people = people }

    /// The team changed while the picker is open: offer who is in it now, the highlight
    /// staying on the same person.
    mutating func offer(_ now: [TeamMember]) {
        guard now != people else { return }
        let chosen = people.indices.contains(selection) ? people[selection].id : nil
        people = now
        selection = now.firstIndex { $0.id == chosen } ?? min(selection, max(0, now.count - 1))
    }

    /// `nobody`: Enter with no one to offer, said as such (it closed like Esc, unexplained).
    enum Result: Equatable { case stay, cancel, nobody, chosen(String) }

    /// What a key does while the picker is open, as the screen's commands: nothing while
    /// choosing; "Nothing assigned." when cancelled; the events `make` gives for the chosen
    /// tracer saved as `purpose`, with `saying` after them. `closed`: the picker is done;
    /// `saved`: something was written (the screen's marks are spent).
    mutating func commands(_ key: Key, _ ctx: DeskContext, make: (String) -> [EventBody],
                           purpose: (_ count: Int, _ tracer: String) -> WritePurpose,
                           saying: Flash? = nil) -> (closed: Bool, saved: Bool, commands: [Command]) {
        switch update(key, ctx) {
        case .stay: return (false, false, [])
        case .cancel: return (true, false, [.flash(Flash(L("Nothing assigned.")))])
        case .nobody:
            return (true, false, [.flash(Flash(L("Nothing assigned: no other tracer in the team. A lead adds one: tracedesk team add ID --name NAME --role tracer"), .warning))])
        case .chosen(let tracer):
            let bodies = make(tracer)
            guard !bodies.isEmpty else { return (true, false, []) }
            var out: [Command] = [.save(.events(bodies, purpose(bodies.count, tracer)))]
            if let saying { out.append(.flash(saying)) }
            return (true, true, out)
        }
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> Result {
        switch ctx.keymap.action(for: key, in: .pickTracer) {
        case .moveUp: selection = max(0, selection - 1)
        case .moveDown: selection = min(people.count - 1, selection + 1)
        case .back: return .cancel
        case .confirm:
            guard people.indices.contains(selection) else { return .nobody }
            return .chosen(people[selection].id)
        default: break
        }
        return .stay
    }

    /// `detail` adds what helps the choice (how many open cases each holds).
    func view(into f: inout Frame, _ body: Rect, title: String, detail: (TeamMember) -> String? = { _ in nil }) {
        // With nobody to offer it says so in its place: the picker opens before the team file
        // is read again, so a tracer added meanwhile appears in it (a "no other tracer" said
        // before the read missed the only one just added).
        // The notice is wrapped to the popup, not cut: its command ended "--role t…" at 80
        // columns in Indonesian.
        let most = f.size.width - 4
        let rows = people.isEmpty ? Wrap.lines(L("No other tracer in the team: tracedesk team add ID --name NAME --role tracer"), width: most - 4).map { " " + $0 }
            : people.map { m in " \(m.id) · \(m.name)" + (detail(m).map { " · \($0)" } ?? "") }
        let widest = max(DisplayWidth.of(title) + 6, rows.map { DisplayWidth.of($0) + 4 }.max() ?? 0)
        let w = min(most, max(46, widest))
        let h = min(rows.count + 4, body.height - 2)
        let bx = max(0, (f.size.width - w) / 2), by = body.y + 2
        for row in 0..<h { f.fill(y: by + row, x: bx, width: w, slot: .normal) }
        Box.draw(into: &f, Rect(x: bx, y: by, width: w, height: h), title: title, slot: .fieldLabel)
        let shown = max(0, h - 3)
        let top = max(0, selection - shown + 1)
        for (i, text) in rows.enumerated().dropFirst(top).prefix(shown) {
            f.field(text, x: bx + 1, y: by + 1 + i - top, width: w - 2, slot: people.isEmpty ? .warning : (i == selection ? .selected : .normal))
        }
        f.put(L(" ↑↓ choose · Enter assign · Esc cancel"), x: bx + 1, y: by + h - 2, slot: .disabled, maxWidth: w - 2)
    }
}
