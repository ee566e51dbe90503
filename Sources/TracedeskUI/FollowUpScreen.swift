import Foundation
import TracedeskCore

/// "Who do I call today": the tracer's contacts under follow-up, those not yet reached today
/// first, with day N of M, the last result and today's calls. Enter opens a contact (the
/// person, the exposure, the quarantine end, every past check); c logs a call. A lead sees
/// everyone's (m: mine / all), marks with Space and reassigns with a.
public struct FollowUpScreen: Sendable {
    var cursor = ListCursor()
    public private(set) var rows: [String] = []
    /// The contact open, by its follow-up key; nil shows the list.
    public var open: String?
    public var form: FollowUpCallForm?
    /// The contact the form is for.
    var formFor: String?
    /// A lead's list shows everyone's follow-ups.
    public var all = false
    public private(set) var marked: Set<String> = []
    var picking: Int?

    public init(all: Bool = false) { self.all = all }

    var context: Context { form != nil ? .followUpCall : (open != nil ? .followUpContact : .followUp) }

    static func today(_ ctx: DeskContext) -> Day { ctx.settings.clock.day(of: ctx.now) }
    static func lostAfter(_ ctx: DeskContext) -> Int { ctx.desk.team?.lostAfterDays ?? Team.defaultLostAfterDays }

    /// What the list was made from: it is made again only when one of these moved, not at
    /// every key or frame (a tracer's list ranks each of their contacts by status).
    struct Basis: Equatable {
        var revision: Int
        var today: Day
        var lostAfter: Int
        var tracer: String?
    }
    private var basis: Basis?
    /// The title's counts, made with the list.
    private var underFollowUp = 0
    private var notReachedToday = 0

    mutating func refresh(_ ctx: DeskContext) {
        let basis = Basis(revision: ctx.desk.revision, today: Self.today(ctx), lostAfter: Self.lostAfter(ctx), tracer: all ? nil : ctx.tracer)
        guard basis != self.basis else { return }
        self.basis = basis
        let selected = rows.indices.contains(cursor.selection) ? rows[cursor.selection] : nil
        let list = ctx.desk.rankedFollowUpList(for: basis.tracer, today: basis.today, lostAfter: basis.lostAfter)
        rows = list.map(\.followUp.id)
        underFollowUp = list.count { $0.rank < 2 }
        notReachedToday = list.count { $0.rank == 0 }
        marked.formIntersection(rows)
        if let selected, let i = rows.firstIndex(of: selected) { cursor.selection = i }
        cursor.clamp(count: rows.count)
    }

    func title(_ ctx: DeskContext) -> String {
        L("tracedesk · \(ctx.tracer) · follow-up \(Self.today(ctx).iso) · \(underFollowUp) under follow-up, \(notReachedToday) not reached today")
    }

    static func listHeight(_ size: Size) -> Int { max(1, size.height - 5) }

    var selected: String? { rows.indices.contains(cursor.selection) ? rows[cursor.selection] : nil }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if var form, let id = formFor {
            let r = form.update(key, contactId: id, ctx: ctx)
            self.form = form
            switch r {
            case .stay: return []
            case .cancel:
                self.form = nil
                return [.flash(Flash(L("Call not logged.")))]
            case .submit(let call):
                self.form = nil
                return [.save(.events(ctx.desk.eventsForFollowUpCall(call), .followUpCalled(contactId: id, outcome: call.outcome))),
                        .flash(Flash(L("Saving…")))]
            }
        }
        if let p = picking { return pick(key, p, ctx) }
        let context = open != nil ? Context.followUpContact : .followUp
        let action = ctx.keymap.action(for: key, in: context)
        if open == nil, cursor.handle(action, count: rows.count, height: Self.listHeight(ctx.size)) { return [] }
        switch action {
        case .openCase:
            guard open == nil, let id = selected else { return [] }
            open = id
        case .logCall:
            guard let id = open ?? selected, let f = ctx.desk.followUps[id] else { return [.flash(Flash(L("No contact selected."), .warning))] }
            if f.convertedCaseId != nil { return [.flash(Flash(L("\(f.name) became a case: \(f.convertedCaseId ?? "")."), .warning))] }
            if f.tracer != ctx.tracer { return [.flash(Flash(L("\(f.name)'s follow-up is \(f.tracer)'s."), .warning))] }
            form = FollowUpCallForm(today: Self.today(ctx))
            formFor = id
        case .cycleScope:
            all.toggle()
            refresh(ctx)
            return [.flash(Flash(all ? L("Showing everyone's follow-ups.") : L("Showing your follow-ups.")))]
        case .markCase:
            guard ctx.role == .lead, let id = selected else { return [] }
            if marked.remove(id) == nil { marked.insert(id) }
            cursor.move(to: cursor.selection + 1, count: rows.count, height: Self.listHeight(ctx.size))
        case .assignCases:
            guard ctx.role == .lead else { return [.flash(Flash(L("Only a team lead reassigns follow-ups."), .warning))] }
            guard !chosen().isEmpty, !(ctx.desk.team?.activeTracers ?? []).isEmpty else { return [.flash(Flash(L("No contact to assign."), .info))] }
            picking = 0
        case .back:
            if open != nil { open = nil; return [] }
            return [.pop]
        case .help: return [.push(.help(HelpScreen(context: context)))]
        default: break
        }
        return []
    }

    func chosen() -> [String] {
        if !marked.isEmpty { return rows.filter(marked.contains) }
        return selected.map { [$0] } ?? []
    }

    private mutating func pick(_ key: Key, _ p: Int, _ ctx: DeskContext) -> [Command] {
        let people = ctx.desk.team?.activeTracers ?? []
        switch key {
        case .up, .char("k"): picking = max(0, p - 1)
        case .down, .char("j"): picking = min(people.count - 1, p + 1)
        case .escape: picking = nil; return [.flash(Flash(L("Nothing assigned.")))]
        case .enter:
            picking = nil
            guard people.indices.contains(p) else { return [] }
            let bodies = ctx.desk.followUpAssignments(chosen(), to: people[p].id)
            guard !bodies.isEmpty else { return [] }
            marked = []
            return [.save(.events(bodies, .followUpAssigned(count: bodies.count, tracer: people[p].id)))]
        default: break
        }
        return []
    }

    // MARK: - View

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        if let id = open, let fu = ctx.desk.followUps[id] {
            viewContact(fu, into: &f, body, ctx)
        } else {
            viewList(into: &f, body, ctx)
        }
        if let form, let id = formFor {
            form.view(into: &f, body, name: ctx.desk.followUps[id]?.name ?? id)
        }
        if let p = picking {
            let people = ctx.desk.team?.activeTracers ?? []
            let w = 44, h = min(people.count + 3, body.height - 2)
            let bx = max(0, (f.size.width - w) / 2), by = body.y + 2
            for row in 0..<h { f.fill(y: by + row, x: bx, width: w, slot: .normal) }
            f.put(L(" Give \(chosen().count) follow-up(s) to:"), x: bx, y: by, slot: .header, maxWidth: w)
            for (i, m) in people.prefix(h - 3).enumerated() {
                f.field(" \(m.id) · \(m.name)", x: bx + 1, y: by + 1 + i, width: w - 2, slot: i == p ? .selected : .normal)
            }
            f.put(L(" ↑↓ choose · Enter assign · Esc cancel"), x: bx, y: by + h - 1, slot: .disabled, maxWidth: w)
        }
    }

    static func lastResult(_ fu: FollowUp) -> String {
        guard let c = fu.lastCheck else { return L("not called yet") }
        return "\(c.call.day.iso) \(c.call.outcome.label)"
    }

    private func viewList(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let today = Self.today(ctx), lost = Self.lostAfter(ctx)
        f.put(L(" Who to call today · \(all ? L("everyone's") : L("yours")) · Enter opens, c logs a call"), x: 0, y: body.y, slot: .fieldLabel, maxWidth: body.width)
        let hy = body.y + 1
        f.fill(y: hy, slot: .header)
        let nameW = max(14, min(30, f.size.width - 66))
        let cols: [(String, Int)] = [(" ", 1), (L("Contact"), nameW), (L("Day"), 7), (L("Today"), 9), (L("Last result"), 24), (L("Status"), max(10, f.size.width - nameW - 50))]
        var x = 1
        for (h, w) in cols { f.field(h, x: x, y: hy, width: w, slot: .header); x += w + 1 }
        let height = Self.listHeight(f.size)
        let top = cursor.visibleTop(count: rows.count, height: height)
        if rows.isEmpty { f.put(L("  Nobody is under follow-up here."), x: 0, y: hy + 1, slot: .disabled) }
        for (i, id) in rows.dropFirst(top).prefix(height).enumerated() {
            guard let fu = ctx.desk.followUps[id] else { continue }
            let y = hy + 1 + i
            let isSelected = top + i == cursor.selection
            let status = fu.status(today: today, lostAfter: lost)
            let calls = fu.checks(on: today)
            let todayText = calls.isEmpty ? "—" : (fu.reached(on: today) ? L("reached") : L("\(calls.count) call(s)"))
            let dayText = fu.day(today).map { "\(max(0, $0.n))/\($0.of)" } ?? "—"
            let slot: Slot = isSelected ? .selected : (status == .lost || status == .symptomatic ? .warning : (status.isActive ? .normal : .disabled))
            if isSelected { f.fill(y: y, slot: .selected) }
            let cells = [marked.contains(id) ? "✓" : "", fu.name, dayText, todayText, Self.lastResult(fu), status.label]
            x = 1
            for (cell, (_, w)) in zip(cells, cols) { f.field(cell, x: x, y: y, width: w, slot: slot); x += w + 1 }
        }
    }

    private func viewContact(_ fu: FollowUp, into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let today = Self.today(ctx)
        var y = body.y
        let w = body.width - 2
        func line(_ text: String, _ slot: Slot = .normal) {
            guard y < body.maxY else { return }
            f.put(text, x: 1, y: y, slot: slot, maxWidth: w)
            y += 1
        }
        let age = fu.age.map { L(", \($0) y") } ?? ""
        let sex = fu.sex?.letter ?? "?", phone = fu.phone ?? "—", nik = fu.nik ?? "—"
        line(L("\(fu.name) (\(sex)\(age)) · phone \(phone) · NIK \(nik)"), .title)
        let status = fu.status(today: today, lostAfter: Self.lostAfter(ctx))
        let dayText = fu.day(today).map { L("day \(max(0, $0.n)) of \($0.of)") } ?? ""
        line(L("Quarantine until \(fu.quarantineEnd?.iso ?? "—") (\(fu.rules.id)) · \(dayText) · \(status.label) · follow-up by \(fu.tracer)"),
             status == .lost || status == .symptomatic ? .warning : .fieldLabel)
        if let c = fu.convertedCaseId { line(L("Became case \(c), linked to its source case \(fu.sourceCaseId)."), .warning) }
        for change in fu.endChanges { line(L("Quarantine end moved from \(change.from.iso) to \(change.to.iso): dates changed."), .warning) }
        y += 1
        line(L("Exposure"), .header)
        for e in fu.exposures {
            line(L("  source case \(e.caseId) · \(e.relationship?.label ?? "—") · \(e.setting ?? "—") · last exposure \(e.lastExposure?.iso ?? "—")"))
        }
        // The chain this person is in, from its first known source down.
        if let root = ctx.desk.sources(of: fu.sourceCaseId).last, let tree = ctx.desk.chain(from: root, today: today) {
            y += 1
            line(L("Chain"), .header)
            for l in Desk.lines(of: tree) { line(" " + l, l.contains("(\(fu.id))") ? .fieldLabel : .normal) }
        }
        y += 1
        line(L("Checks (\(fu.checks.count))"), .header)
        if fu.checks.isEmpty { line(L("  Not called yet."), .disabled) }
        for c in fu.checks.reversed() {
            let time = ctx.settings.clock.format(c.at).suffix(5)
            var parts = ["  \(c.call.day.iso) \(time)", c.by, c.call.outcome.label]
            if let s = c.call.symptoms {
                let names = s.map { $0 == .other ? (c.call.otherSymptom ?? $0.label) : $0.label }
                parts.append(names.isEmpty ? L("no symptoms") : names.joined(separator: ", "))
            }
            if let t = c.call.test { parts.append(t.label) }
            if let n = c.call.note { parts.append(n) }
            line(parts.joined(separator: " · "))
        }
    }
}

extension FollowUpScreen {
    /// The list, from the queue: a lead's shows everyone's.
    static func open(_ ctx: DeskContext) -> [Command] {
        var s = FollowUpScreen(all: ctx.role == .lead)
        s.refresh(ctx)
        return [.push(.followUp(s))]
    }

    /// What the message line says once a follow-up write is in the journal.
    static func savedFlash(_ purpose: WritePurpose, _ ctx: DeskContext) -> Flash? {
        switch purpose {
        case .followUpCalled(let id, let outcome):
            let fu = ctx.desk.followUps[ctx.desk.personKey[id] ?? id]
            if let c = fu?.convertedCaseId { return Flash(L("Saved: positive test — \(fu?.name ?? id) is now case \(c) in the queue."), .success) }
            let status = fu?.status(today: today(ctx), lostAfter: lostAfter(ctx))
            var text = L("Saved: \(outcome.label) for \(fu?.name ?? id).")
            if let status, status != .underFollowUp { text += " " + status.label + "." }
            return Flash(text, status == .lost || status == .symptomatic ? .warning : .success)
        case .followUpAssigned(let count, let tracer):
            return Flash(L("Gave \(count) follow-up(s) to \(tracer)."), .success)
        case .personDecided(_, let linked):
            return Flash(linked ? L("Saved: linked, one person.") : L("Saved: kept apart."), .success)
        default: return nil
        }
    }
}

extension FollowUpScreen {
    /// WHO's follow-up figures under the team board: the selected tracer's and the team's.
    static func drawFigures(_ figures: FollowUpFigures, into f: inout Frame, y: Int, maxY: Int, tracer: String?) {
        var y = y
        if let tracer, y < maxY {
            let c = figures.tracers[tracer] ?? FollowUpFigures.Counts()
            f.put(" \(tracer) · " + FollowUpFigures.line(c, target: figures.target), x: 0, y: y, slot: .normal, maxWidth: f.size.width)
            y += 1
        }
        guard y < maxY else { return }
        let t = figures.team
        let slot: Slot = (t.reachedShare ?? 1) * 100 < Double(figures.target) ? .warning : .normal
        f.put(L(" Team") + " · " + FollowUpFigures.line(t, target: figures.target), x: 0, y: y, slot: slot, maxWidth: f.size.width)
        if y + 1 < maxY, let share = figures.newCasesKnownShare {
            f.put(L(" New cases today already known as contacts: \(figures.newCasesAlreadyContacts) of \(figures.newCases) (\(Int((share * 100).rounded())) %)"),
                  x: 0, y: y + 1, slot: .normal, maxWidth: f.size.width)
        }
    }
}
