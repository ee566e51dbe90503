import Foundation
import TracedeskCore

/// "Who do I call today": the tracer's contacts under follow-up, those not yet reached today
/// first, with day N of M, the last result and today's calls. Enter opens a contact (the
/// person, the exposure, the quarantine end, every past check); c logs a call. A lead sees
/// everyone's (m: mine / all), marks with Space and reassigns with a.
public struct FollowUpScreen: Sendable {
    var cursor = ListCursor()
    public private(set) var rows = FollowUpRows()
    /// The contact open, by its follow-up key; nil shows the list.
    public var open: String?
    public var form: FollowUpCallForm?
    /// The contact the form is for.
    var formFor: String?
    /// A lead's list shows everyone's follow-ups.
    public var all = false
    public private(set) var marked: Set<String> = []
    var picking: TracerPicker?
    /// A lead undoing a link on the contact's screen: choosing which (several), then asked.
    var choosingUnlink = false
    var unlinking: PersonLink?

    public init(all: Bool = false) { self.all = all }

    var context: Context {
        if picking != nil { return .pickTracer }
        return form != nil ? .followUpCall : (open != nil ? .followUpContact : .followUp)
    }

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
    /// Everyone's list (a lead's), kept as the desk moves: a city's is 500,000 follow-ups. The
    /// app holds it while the list is closed (`DeskApp.KeptLists`).
    var ranking = FollowUpRanking()
    /// Everyone's list opened while the app makes the ranking on another thread: it says so
    /// until it comes.
    var waiting = false
    /// The title's counts, made with the list.
    private var underFollowUp = 0
    private var notReachedToday = 0

    mutating func refresh(_ ctx: DeskContext) {
        picking?.offer(ctx.desk.team?.activeTracers ?? [])
        if waiting && all {
            rows = FollowUpRows(); basis = nil; underFollowUp = 0; notReachedToday = 0
            return
        }
        let basis = Basis(revision: ctx.desk.revision, today: Self.today(ctx), lostAfter: Self.lostAfter(ctx), tracer: all ? nil : ctx.tracer)
        guard basis != self.basis else { return }
        self.basis = basis
        let selected = rows.indices.contains(cursor.selection) ? rows[cursor.selection] : nil
        if let tracer = basis.tracer {
            let list = ctx.desk.rankedFollowUpList(for: tracer, today: basis.today, lostAfter: basis.lostAfter)
            rows = FollowUpRows(list.map(\.followUp.id))
            underFollowUp = list.count { $0.rank < 2 }
            notReachedToday = list.count { $0.rank == 0 }
        } else {
            let list = ranking.list(desk: ctx.desk, today: basis.today, lostAfter: basis.lostAfter)
            rows = list.keys
            underFollowUp = list.active
            notReachedToday = list.notReachedToday
        }
        if !marked.isEmpty { marked.formIntersection(rows) }
        if let selected, let i = rows.firstIndex(of: selected) { cursor.selection = i }
        cursor.clamp(count: rows.count)
    }

    func title(_ ctx: DeskContext) -> String {
        // The day is in the title bar's clock already; the counts must fit 80 columns.
        L("tracedesk · \(ctx.tracer) · follow-up · \(underFollowUp) active, \(notReachedToday) not reached today")
    }

    /// The list's rows in the body the screen was last given (see `DeskContext.bodyHeight`).
    static func listHeight(_ ctx: DeskContext) -> Int { max(1, ctx.shownBodyHeight - 2) }

    var selected: String? { rows.indices.contains(cursor.selection) ? rows[cursor.selection] : nil }

    /// A paste into the follow-up call's focused text field; nil with no form or on a choice.
    mutating func paste(_ text: String) -> Pasted? {
        guard var f = form else { return nil }
        defer { form = f }
        return f.paste(text)
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if var form, let id = formFor {
            // Help over the form (F1: "?" is text in its note), the form kept behind it as typed.
            if !form.confirmingDiscard, ctx.keymap.action(for: key, in: .followUpCall) == .help || (key == .char("?") && !form.onText) {
                return [.push(.help(HelpScreen(context: .followUpCall)))]
            }
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
        if picking != nil { return pick(key, ctx) }
        if let link = unlinking {
            unlinking = nil
            guard key == .char("y") || key == .char("Y") else { return [.flash(Flash(L("Link kept.")))] }
            return [.save(.events([.personUnlinked(link)], .personUnlinked(contactId: link.contactId))), .flash(Flash(L("Saving…")))]
        }
        if choosingUnlink, let id = open, let fu = ctx.desk.followUps[id] {
            choosingUnlink = false
            let links = Self.links(of: fu, ctx)
            guard case .char(let c) = key, let n = c.wholeNumberValue, links.indices.contains(n - 1) else { return [.flash(Flash(L("Link kept.")))] }
            unlinking = links[n - 1]
            return []
        }
        let context = open != nil ? Context.followUpContact : .followUp
        let action = ctx.keymap.action(for: key, in: context)
        if open == nil, cursor.handle(action, count: rows.count, height: Self.listHeight(ctx)) { return [] }
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
            cursor.move(to: cursor.selection + 1, count: rows.count, height: Self.listHeight(ctx))
        case .assignCases:
            guard ctx.role == .lead else { return [.flash(Flash(L("Only a team lead reassigns follow-ups."), .warning))] }
            guard !chosen().isEmpty else { return [.flash(Flash(L("No contact to assign."), .info))] }
            picking = TracerPicker(people: ctx.desk.team?.activeTracers ?? [])
            // As the board's assign list: the team as the file now says.
            return [.effect(.reloadTeam)]
        case .unlinkPerson:
            guard let id = open, let fu = ctx.desk.followUps[id] else { return [] }
            guard ctx.role == .lead else { return [.flash(Flash(L("Only a team lead undoes a link."), .warning))] }
            let links = Self.links(of: fu, ctx)
            if links.isEmpty { return [.flash(Flash(L("\(fu.name) is not linked to anyone."), .info))] }
            if links.count == 1 { unlinking = links[0] } else { choosingUnlink = true }
        case .readInFull:
            guard let id = open, let fu = ctx.desk.followUps[id] else { return [] }
            // Made again from the desk on F2: a call saved meanwhile is in it too.
            return [.push(.pager(.worded(ctx) { ctx in Self.inFull(ctx.desk.followUps[id] ?? fu, ctx) }))]
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

    private mutating func pick(_ key: Key, _ ctx: DeskContext) -> [Command] {
        guard var p = picking else { return [] }
        let ids = chosen()
        let r = p.commands(key, ctx, make: { ctx.desk.followUpAssignments(ids, to: $0) }, purpose: { .followUpAssigned(count: $0, tracer: $1) })
        picking = r.closed ? nil : p
        if r.saved { marked = [] }
        return r.commands
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
        if let picking {
            let today = Self.today(ctx), lost = Self.lostAfter(ctx)
            picking.view(into: &f, body, title: L("Give \(chosen().count) follow-up(s) to:")) { m in
                let load = ctx.desk.followUps.values.filter { $0.tracer == m.id && $0.status(today: today, lostAfter: lost).isActive }.count
                return L("\(load) under follow-up")
            }
        }
    }

    static func lastResult(_ fu: FollowUp, _ ctx: DeskContext) -> String {
        // An outcome saved as the desk closed decides nothing, so it is not the last result (a
        // tester saw "reached" here while the title counted the contact as not reached today).
        guard let c = fu.checks.last(where: { !$0.isUnconfirmed }) else {
            return fu.checks.isEmpty ? L("not called yet") : L("not confirmed")
        }
        // Today's reads as its time, as the case history reads a call of today ("01/12" for a
        // call an hour ago read as another day's).
        let when = c.day == Self.today(ctx) ? DateText.time(c.at, clock: ctx.settings.clock, now: ctx.now) : DateText.short(c.day)
        return "\(when) \(c.outcome.label)"
    }

    private func viewList(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let today = Self.today(ctx), lost = Self.lostAfter(ctx)
        let whose = all ? L("everyone's") : L("yours")
        f.put(L(" Who to call today · \(whose) · Enter opens, c logs a call"), x: 0, y: body.y, slot: .fieldLabel, maxWidth: body.width)
        let hy = body.y + 1
        f.fill(y: hy, slot: .header)
        // The rows the body has under the heading: a message of two lines takes the body's
        // last row, and a list sized from the window drew its last row under it.
        let height = max(1, body.maxY - hy - 1)
        let top = cursor.visibleTop(count: rows.count, height: height)
        let shown: [(String, FollowUp)] = rows.dropFirst(top).prefix(height).compactMap { id in ctx.desk.followUps[id].map { (id, $0) } }
        let cells: [[String]] = shown.map { id, fu in
            let status = fu.status(today: today, lostAfter: lost)
            let calls = fu.checks(on: today)
            let todayText = calls.isEmpty ? "—" : (fu.reached(on: today) ? L("reached") : L("\(calls.count) call(s)"))
            let dayText = fu.day(today).map { "\(max(0, $0.n))/\($0.of)" } ?? "—"
            return [marked.contains(id) ? "✓" : "", fu.name, dayText, todayText, Self.lastResult(fu, ctx), status.label]
        }
        let headings = [" ", L("Contact"), L("Day"), L("Today"), L("Last result"), L("Status")]
        let widths = Self.listWidths(f.size.width, headings: headings, cells: cells)
        var x = 1
        for (h, w) in zip(headings, widths) { f.field(h, x: x, y: hy, width: w, slot: .header); x += w + 1 }
        if rows.isEmpty { f.put(waiting && all ? L("  Counting…") : L("  Nobody is under follow-up here."), x: 0, y: hy + 1, slot: .disabled) }
        for (i, (_, fu)) in shown.enumerated() {
            let y = hy + 1 + i
            let isSelected = top + i == cursor.selection
            let status = fu.status(today: today, lostAfter: lost)
            let slot: Slot = isSelected ? .selected : (status == .lost || status == .symptomatic ? .warning : (status.isActive ? .normal : .disabled))
            if isSelected { f.fill(y: y, slot: .selected) }
            x = 1
            for (cell, w) in zip(cells[i], widths) { f.field(cell, x: x, y: y, width: w, slot: slot); x += w + 1 }
        }
    }

    /// Each column as wide as what it shows (its heading or its longest cell); the status
    /// whole up to 30 columns, the last result up to 24, the name the rest (at least 12), and
    /// when 80 columns are not enough the last result gives way first.
    static func listWidths(_ width: Int, headings: [String], cells: [[String]]) -> [Int] {
        func need(_ i: Int) -> Int { max(DisplayWidth.of(headings[i]), cells.map { DisplayWidth.of($0[i]) }.max() ?? 0) }
        let mark = 1, day = need(2), today = need(3)
        var status = min(30, need(5)), last = min(24, need(4))
        let room = width - 2 - headings.count - mark - day - today
        var name = room - status - last
        if name < 12 { last = max(DisplayWidth.of(headings[4]), last - (12 - name)); name = room - status - last }
        if name < 12 { status = max(DisplayWidth.of(headings[5]), status - (12 - name)); name = room - status - last }
        name = min(max(12, name), 30)
        // What the name does not take goes to the status and the last result, whole.
        let spare = room - name - status - last
        if spare > 0 { status += spare }
        return [mark, name, day, today, last, status]
    }

    private func viewContact(_ fu: FollowUp, into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        var y = body.y
        let w = body.width - 2
        for line in Self.contactLines(fu, ctx) {
            // The person's line runs on between its parts: a 16-digit NIK is never cut at 80
            // columns. Other lines are cut, marked, and read whole in the pager.
            let rows = line.person ? Self.packed(line.text, width: w) : [line.text]
            for row in rows where y < body.maxY {
                f.put(row, x: 1, y: y, slot: line.slot, maxWidth: w)
                y += 1
            }
        }
        let links = Self.links(of: fu, ctx)
        if choosingUnlink || unlinking != nil {
            f.fill(y: body.maxY - 1, slot: .warning)
            let ask = unlinking.map { L(" Unlink \($0.contactId) from \($0.toContact ?? $0.toCase ?? "—")? y = unlink, any other key = keep") }
                ?? L(" Which link to undo? 1–\(links.count), any other key = none")
            f.put(ask, x: 0, y: body.maxY - 1, slot: .warning, maxWidth: body.width)
        }
    }

    /// One line of the contact's screen: its text, its look, and whether it is a section's
    /// heading or the person's own line (name, sex, phone, NIK).
    struct ContactLine {
        var text: String
        var slot: Slot = .normal
        var heading = false
        var person = false
    }

    /// The contact's screen, line by line: drawn on the screen and held whole by the pager,
    /// from this one place (the pager left out the person's line the screen showed).
    static func contactLines(_ fu: FollowUp, _ ctx: DeskContext) -> [ContactLine] {
        let today = Self.today(ctx)
        var out: [ContactLine] = []
        // As the case screen says it: the word in the desk's language, never the list's letter.
        let sex = fu.sex.flatMap { $0 == .unknown ? nil : $0.label } ?? L("sex unknown")
        let age = fu.age.map { L(", \($0) y") } ?? ""
        let phone = fu.phone.map(Phone.display) ?? "—", nik = fu.nik ?? "—"
        out.append(ContactLine(text: L("\(fu.name) (\(sex)\(age)) · phone \(phone) · NIK \(nik)"), slot: .title, person: true))
        let status = fu.status(today: today, lostAfter: Self.lostAfter(ctx))
        let end = fu.quarantineEnd.map(DateText.long) ?? "—"
        let dayText = fu.day(today).map { L(" · day \(max(0, $0.n)) of \($0.of)") } ?? ""
        // Two lines: at 80 columns one cut the status and who follows the contact up.
        out.append(ContactLine(text: L("Quarantine until \(end) (\(fu.rules.id))") + dayText, slot: .fieldLabel))
        out.append(ContactLine(text: L("\(status.label) · follow-up by \(fu.tracer)"), slot: status == .lost || status == .symptomatic ? .warning : .fieldLabel))
        if let c = fu.convertedCaseId { out.append(ContactLine(text: L("Became case \(c), linked to its source case \(fu.sourceCaseId)."), slot: .warning)) }
        for change in fu.endChanges {
            out.append(ContactLine(text: L("Quarantine end moved from \(DateText.full(change.from)) to \(DateText.full(change.to)): dates changed."), slot: .warning))
        }
        func heading(_ text: String) {
            out.append(ContactLine(text: ""))
            out.append(ContactLine(text: text, slot: .header, heading: true))
        }
        let links = Self.links(of: fu, ctx)
        if !links.isEmpty {
            heading(L("Linked as one person") + (ctx.role == .lead ? L(" (u unlinks)") : ""))
            for (i, l) in links.enumerated() { out.append(ContactLine(text: "  \(i + 1) " + Self.linkText(l, ctx))) }
        }
        heading(L("Exposure"))
        for e in fu.exposures {
            var parts = [L("source case \(e.caseId)")]
            if let r = e.relationship { parts.append(r.label) }
            if let s = e.setting, !s.trimmingSpaces.isEmpty { parts.append(s) }
            parts.append(L("last exposure \(e.lastExposure.map { DateText.listed($0, today: today) } ?? "—")"))
            out.append(ContactLine(text: "  " + parts.joined(separator: " · ")))
        }
        // The chain this person is in, from its first known source down.
        if let root = ctx.desk.sources(of: fu.sourceCaseId).last, let tree = ctx.desk.chain(from: root, today: today) {
            heading(L("Chain"))
            for l in Desk.lines(of: tree) { out.append(ContactLine(text: " " + l, slot: l.contains("(\(fu.id))") ? .fieldLabel : .normal)) }
        }
        heading(L("Checks (\(fu.checks.count))"))
        if fu.checks.isEmpty { out.append(ContactLine(text: L("  Not called yet."), slot: .disabled)) }
        for c in fu.checks.reversed() { out.append(ContactLine(text: "  " + Self.checkText(c, ctx))) }
        return out
    }

    /// The links that made this one person: each contact linked into it, or to a case.
    static func links(of fu: FollowUp, _ ctx: DeskContext) -> [PersonLink] {
        var seen: Set<String> = []
        return fu.exposures.compactMap { e in
            guard seen.insert(e.contactId).inserted else { return nil }
            return ctx.desk.personLinks[e.contactId]
        }
    }

    static func linkText(_ l: PersonLink, _ ctx: DeskContext) -> String {
        let why: String = switch l.reason {
        case .nik: L("same NIK")
        case .phone: L("same phone number")
        case .nameAgeKelurahan: L("same name (spelling aside), age and kelurahan")
        }
        if let c = l.toCase { return L("\(l.contactId) is case \(c): \(why)") }
        return L("\(l.contactId) is \(l.toContact ?? "—"): \(why)")
    }

    /// The contact's screen with nothing cut: every line it shows (the person's, every
    /// exposure, link, chain and check) whole.
    static func inFull(_ fu: FollowUp, _ ctx: DeskContext) -> PagerScreen {
        typealias E = PagerScreen.Entry
        var entries: [E] = [E(fu.name, heading: true)]
        for line in contactLines(fu, ctx) where !line.text.trimmingSpaces.isEmpty {
            // The screen's indent off (the pager indents its own); a chain's tree keeps its shape.
            entries.append(E(line.text.hasPrefix("  ") ? String(line.text.dropFirst(2)) : line.text, heading: line.heading))
        }
        return PagerScreen(title: L("Follow-up: \(fu.name) · in full"), entries: entries)
    }

    /// One past check on one line (the contact's screen cuts it; the pager shows it whole).
    static func checkText(_ c: FollowUpCheck, _ ctx: DeskContext) -> String {
        var parts = [DateText.time(c.at, clock: ctx.settings.clock, now: ctx.now), c.by, c.call.outcome.label]
        if let s = c.call.symptoms {
            let names = s.map { $0 == .other ? (c.call.otherSymptom ?? $0.label) : $0.label }
            parts.append(names.isEmpty ? L("no symptoms") : names.joined(separator: ", "))
        }
        if let t = c.call.test { parts.append(t.label) }
        if let n = c.call.note { parts.append(n) }
        if c.call.unconfirmed == true { parts.append(L("not confirmed: saved as the desk closed")) }
        return parts.joined(separator: " · ")
    }
}

extension FollowUpScreen {
    /// The list, from the queue: a lead's shows everyone's.
    static func open(_ ctx: DeskContext) -> [Command] {
        // Made by the app's refresh after the push, once it has handed over everyone's ranking.
        [.push(.followUp(FollowUpScreen(all: ctx.role == .lead)))]
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
        case .personUnlinked(let id):
            return Flash(L("Saved: \(id) unlinked; on a follow-up of their own again."), .success)
        case .personDecided(_, let linked):
            return Flash(linked ? L("Saved: linked, one person.") : L("Saved: kept apart."), .success)
        default: return nil
        }
    }
}

extension FollowUpScreen {
    /// `text`'s " · "-separated parts in rows of `width`, continuation rows indented.
    static func packed(_ text: String, width: Int) -> [String] {
        var rows: [String] = [], row = ""
        for part in text.components(separatedBy: " · ") {
            if row.isEmpty { row = part; continue }
            if DisplayWidth.of(row) + 3 + DisplayWidth.of(part) <= width { row += " · " + part } else { rows.append(row); row = "   " + part }
        }
        rows.append(row)
        return rows
    }

    /// WHO's follow-up figures under the team board: the selected tracer's and the team's.
    static func drawFigures(_ figures: FollowUpFigures, into f: inout Frame, y: Int, maxY: Int, tracer: String?) {
        var y = y
        // Each figure whole: at 80 and 100 columns the line runs on to the next rows, broken
        // between figures, never inside one.
        func put(_ text: String, _ slot: Slot) {
            for row in Self.packed(text, width: f.size.width - 1) where y < maxY {
                f.put(row, x: 0, y: y, slot: slot, maxWidth: f.size.width)
                y += 1
            }
        }
        if let tracer, y < maxY {
            let c = figures.tracers[tracer] ?? FollowUpFigures.Counts()
            put(" \(tracer) · " + FollowUpFigures.line(c, target: figures.target), .normal)
        }
        guard y < maxY else { return }
        let t = figures.team
        let slot: Slot = (t.reachedShare ?? 1) * 100 < Double(figures.target) ? .warning : .normal
        put(L(" Team") + " · " + FollowUpFigures.line(t, target: figures.target), slot)
        if let share = figures.newCasesKnownShare {
            put(L(" New cases today already known as contacts: \(figures.newCasesAlreadyContacts) of \(figures.newCases) (\(Int((share * 100).rounded())) %)"), .normal)
        }
    }
}
