import Foundation
import TracedeskCore

/// One case: every field from the line list, where it stands, its calls, contacts and history.
public struct CaseScreen: Sendable {
    public let caseId: String
    public var form: CallForm?
    /// A lead or data person correcting the record.
    public var correction: CorrectionForm?
    /// Opened to look at (a lead, a data person), not claimed: nothing can be done on it.
    public var viewOnly = false
    /// First history line shown (newest first), moved with j/k.
    var historyScroll = 0
    /// The case with its history in full, read from the store (`Effect.loadCase`).
    var full: CaseFile?
    var fullRequested = false

    public init(caseId: String) { self.caseId = caseId }

    func title(_ ctx: DeskContext) -> String {
        guard let c = ctx.desk[caseId] else { return L("Case \(caseId)") }
        return L("Case \(c.id) · \(c.record.name) · \(c.standing(for: ctx.tracer).label)")
    }

    /// Read-only when someone else holds the case or the journal cannot be written.
    func blockedReason(_ ctx: DeskContext) -> String? {
        if viewOnly { return L("opened to look at, not claimed (Enter on the queue claims it)") }
        if let why = ctx.readOnlyReason { return L("the journal is read-only (\(why))") }
        if let owner = ctx.desk[caseId]?.claimedBy, owner != ctx.tracer {
            return L("\(owner) is working this case")
        }
        return nil
    }

    /// A paste into the call form's focused text field; nil when no field takes text.
    mutating func paste(_ text: String) -> Pasted? {
        if var c = correction { defer { correction = c }; return c.paste(text) }
        guard var f = form else { return nil }
        defer { form = f }
        return f.paste(text)
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if var f = form {
            // Help over the form (F1: "?" is text in its note), the form kept behind it as typed.
            if !f.confirmingDiscard, ctx.keymap.action(for: key, in: .callForm) == .help || (key == .char("?") && f.focus == .outcome) {
                return [.push(.help(HelpScreen(context: .callForm)))]
            }
            let result = f.update(key, caseId: caseId, ctx: ctx)
            switch result {
            case .stay: form = f
            case .cancel: form = nil
            case .submit(let attempt):
                form = nil
                let bodies = ctx.desk.eventsForCall(attempt, settings: ctx.settings)
                return [.save(.events(bodies, .callLogged(caseId: caseId, outcome: attempt.outcome))),
                        .flash(Flash(L("Saving…")))]
            }
            return []
        }
        if var c = correction, let record = ctx.desk[caseId]?.record {
            // Help over the form: the form stays as it was, typing and all, behind it.
            if !c.confirmingDiscard, ctx.keymap.action(for: key, in: .correction) == .help {
                return [.push(.help(HelpScreen(context: .correction)))]
            }
            let result = c.update(key, record: record, ctx: ctx)
            switch result {
            case .stay: correction = c
            case .cancel: correction = nil; return [.flash(Flash(L("Nothing corrected.")))]
            case .submit(let fix):
                correction = nil
                return [.save(.events([.caseCorrected(fix)], .caseCorrected(caseId: caseId))), .flash(Flash(L("Saving…")))]
            }
            return []
        }
        switch ctx.keymap.action(for: key, in: .caseFile) {
        case .correctRecord:
            // The domain refuses it from anyone else under the lock too; here the tracer is
            // told at once, and whom to ask.
            guard ctx.role.corrects else {
                return [.flash(Flash(L("Only a team lead or the data person corrects a case record; tell your lead what is wrong."), .warning))]
            }
            if let why = ctx.readOnlyReason { return [.flash(Flash(L("Cannot correct: the journal is read-only (\(why))."), .warning))] }
            guard let record = ctx.desk[caseId]?.record else { return [] }
            correction = CorrectionForm(record: record, today: ctx.settings.clock.day(of: ctx.now))
        case .logCall:
            if let why = blockedReason(ctx) { return [.flash(Flash(L("Cannot log a call: \(why)."), .warning))] }
            form = CallForm()
        case .startInterview:
            if let why = blockedReason(ctx) { return [.flash(Flash(L("Cannot interview: \(why)."), .warning))] }
            guard let file = ctx.desk[caseId] else { return [] }
            if file.status == .awaitingReview, file.draft == nil {
                return [.flash(Flash(L("The interview is filed and awaiting review."), .info))]
            }
            // A saved draft is read from the journal first (`.interviewOpened` pushes the screen).
            return [.effect(.openInterview(caseId: caseId, resumed: false))]
        case .moveDown: historyScroll += 1
        case .moveUp: historyScroll = max(0, historyScroll - 1)
        case .pageDown: historyScroll += 10
        case .pageUp: historyScroll = max(0, historyScroll - 10)
        case .first: historyScroll = 0
        case .last: historyScroll = Int.max / 2
        case .back: return [.pop]
        case .readInFull:
            let me = self
            return [.push(.pager(.worded(ctx) { me.inFull($0) }))]
        case .help: return [.push(.help(HelpScreen(context: .caseFile)))]
        default: break
        }
        return []
    }

    // MARK: - View

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        guard let c = ctx.desk[caseId] else {
            f.put(L("  Case \(caseId) is not in the journal."), x: 0, y: body.y + 1, slot: .error)
            return
        }
        let clock = ctx.settings.clock
        let today = clock.day(of: ctx.now)
        let leftWidth = Self.leftWidth(body.width)
        var y = body.y
        if let why = blockedReason(ctx) {
            f.fill(y: y, slot: .warning)
            f.put(L(" Read-only: \(why)."), x: 0, y: y, slot: .warning)
            y += 1
        } else if c.status == .returned, let note = c.returnNote {
            f.fill(y: y, slot: .returned)
            f.put(L(" Returned by \(c.returnedBy ?? L("your lead")): \(note) — i to fix and file again"), x: 0, y: y, slot: .returned)
            y += 1
        }
        let fields = recordFields(c, ctx)
        let labelW = 14
        for (label, value, slot) in fields where y < body.maxY {
            f.field(label, x: 1, y: y, width: labelW, slot: .fieldLabel)
            f.put(value, x: 1 + labelW, y: y, slot: slot, maxWidth: Self.recordValueWidth(body.width))
            y += 1
        }

        // Right column: calls, contacts, history.
        let rx = leftWidth + 1
        let rw = f.size.width - rx - 1
        var ry = body.y + (blockedReason(ctx) == nil && !(c.status == .returned && c.returnNote != nil) ? 0 : 1)
        let failed = c.failedAttempts
        f.field(L("Call attempts: \(c.calls.count), failed \(failed) of \(ctx.settings.failedAttemptsBeforeFieldTracer)"),
                x: rx, y: ry, width: rw, slot: .header)
        ry += 1
        if c.calls.isEmpty {
            f.put(L("none yet — press c after each call"), x: rx + 1, y: ry, slot: .disabled, maxWidth: rw - 1); ry += 1
        }
        for a in (full ?? c).attempts.suffix(5) {
            var text = "\(clock.short(a.at, now: ctx.now)) \(a.attempt.outcome.label)"
            if let cb = a.attempt.callbackAt { text += " → \(clock.short(cb, now: ctx.now))" }
            if let n = a.attempt.note { text += " · \(n)" }
            if a.attempt.unconfirmed == true { text += L(" (not confirmed: saved as the desk closed)") }
            f.put(text, x: rx + 1, y: ry, slot: a.attempt.outcome.isFailure ? .warning : .normal, maxWidth: rw - 1)
            ry += 1
        }
        // A call the store could not take yet is shown, so the tracer sees it was not lost
        // and does not log it twice.
        for a in ctx.pending.calls(of: caseId) {
            let text = a.outcome.label + (a.note.map { " · \($0)" } ?? "")
            f.put(L("NOT saved (in memory): \(text)"), x: rx + 1, y: ry, slot: .error, maxWidth: rw - 1)
            ry += 1
        }
        ry += 1
        // The desk holds a filing in short: its contacts are in the case read in full.
        let contacts = (full ?? c).contacts
        f.field(L("Contacts (\(max(contacts.count, c.contactCount)))"), x: rx, y: ry, width: rw, slot: .header); ry += 1
        if contacts.isEmpty && c.contactCount == 0 {
            // The key is offered only where it works: on a case held by another tracer, or
            // opened to look at, `i` is refused, so the line says what is there and no more.
            let mayWork = blockedReason(ctx) == nil
            let text = c.draft != nil
                ? (mayWork ? L("interview in progress: i resumes") : L("interview in progress"))
                : (mayWork ? L("none filed yet: i interviews") : L("none filed yet"))
            f.put(text, x: rx + 1, y: ry, slot: .disabled, maxWidth: rw - 1)
            ry += 1
        }
        for k in contacts.prefix(6) {
            let q = ctx.desk.quarantineEnd(ofContact: k.contactId, filed: k.quarantineEnd).map { L(" · until \(DateText.listed($0, today: today))") } ?? ""
            let cls = k.isClose ? L("close") : L("not close")
            f.put("\(k.name) · \(cls)\(q)", x: rx + 1, y: ry, slot: k.isClose ? .normal : .disabled, maxWidth: rw - 1)
            ry += 1
        }
        ry += 1
        f.field(L("History (newest first)"), x: rx, y: ry, width: rw, slot: .header); ry += 1
        let history = Array((full ?? c).history.reversed())
        let room = max(0, body.maxY - ry)
        let start = min(historyScroll, max(0, history.count - room))
        for h in history.dropFirst(start).prefix(room) {
            f.put("\(clock.short(h.at, now: ctx.now)) \(h.actor): \(h.summary)", x: rx + 1, y: ry, slot: .normal, maxWidth: rw - 1)
            ry += 1
        }
        if let form { form.view(into: &f, body, ctx: ctx) }
        if let correction { correction.view(into: &f, body, caseId: caseId) }
    }

    static func leftWidth(_ width: Int) -> Int { min(60, max(40, width * 45 / 100)) }
    /// The room a record's value has on the screen (its label takes 14).
    static func recordValueWidth(_ width: Int) -> Int { leftWidth(width) - 14 - 2 }

    /// The record's fields as the screen shows them (label, value, look); the pager shows
    /// the same whole.
    func recordFields(_ c: CaseFile, _ ctx: DeskContext) -> [(String, String, Slot)] {
        let clock = ctx.settings.clock
        let today = clock.day(of: ctx.now)
        let r = c.record
        // "th" is Indonesian (tahun): each language its own unit. An unknown part is a dash, and
        // both unknown one word, so the line fits 80 columns whole.
        let age = r.age(on: today).map { L("\($0) y") }
        let sexAge = r.sex == .unknown && age == nil ? L("unknown") : "\(r.sex == .unknown ? "—" : sexWord(r.sex)) / \(age ?? "—")"
        // The filing (which may say "no symptoms") is in the case read in full.
        let onset: String = switch (full?.id == c.id ? full! : c).onsetKnown {
        case .day(let d): d.text
        case .asymptomatic: L("none (asymptomatic)")
        case .notRecorded: L("not recorded")
        }
        // The reason is the line list's text, or the import's own code, said in the desk's language.
        let why = r.nikMissingReasonLabel
        let nik = r.nik ?? "— (\(why))"
        let phones = r.phones.isEmpty ? L("— (none in line list)") : r.phones.map(Phone.display).joined(separator: ", ")
        let owner = c.claimedBy.map { $0 == ctx.tracer ? L("\($0) (you)") : $0 } ?? L("unassigned")
        let standing = c.standing(for: ctx.tracer)
        let isAssignment = standing == .assignedToYou || { if case .assigned = standing { true } else { false } }()
        return [
            (L("Case id"), r.caseId, .normal),
            (L("Name"), r.name, .normal),
            (L("NIK"), nik, r.nik == nil ? .warning : .normal),
            (L("Phone"), phones, .normal),
            (L("Sex / age"), sexAge, .normal),
            (L("Address"), r.address, .normal),
            (L("RT/RW"), r.rtRw, .normal),
            (L("Kelurahan"), r.kelurahan, .normal),
            (L("Kecamatan"), r.kecamatan, .normal),
            (L("Kota"), r.kota, .normal),
            (L("Occupation"), r.occupation, .normal),
            (L("Specimen"), r.specimenDate?.text ?? "—", .normal),
            (L("Result"), r.resultDate.text, .normal),
            (L("Onset"), onset, .normal),
            (L("Status"), standing.label, statusSlot(c, ctx)),
            // An assignment not yet opened is not a claim: said as the status says it.
            (isAssignment ? L("Assigned to") : L("Claimed by"), owner, .normal),
            (L("Next callback"), c.nextCallback.map { DateText.zoned($0, clock: clock, now: ctx.now) } ?? "—",
             c.isCallbackDue(at: ctx.now) ? .overdue : .normal),
        ]
    }

    /// Every line the case screen may cut, whole: the lead's return note, each call with its
    /// note, the contacts, the history.
    func inFull(_ ctx: DeskContext) -> PagerScreen {
        typealias E = PagerScreen.Entry
        guard let c = ctx.desk[caseId] else { return PagerScreen(title: L("Case \(caseId)"), entries: []) }
        let clock = ctx.settings.clock
        var entries: [E] = []
        let today = clock.day(of: ctx.now)
        if c.status == .returned, let note = c.returnNote {
            entries.append(E(L("Returned by \(c.returnedBy ?? L("your lead"))"), heading: true))
            entries.append(E(note))
        }
        // The record's fields the screen cut (at 80 columns a long name, a two-line address),
        // whole and first; those shown whole are not repeated above the calls.
        let cut = recordFields(c, ctx).filter { DisplayWidth.of(VisibleText.oneLine($0.1)) > Self.recordValueWidth(ctx.size.width) }
        if !cut.isEmpty {
            entries.append(E(L("The case record"), heading: true))
            for (label, value, _) in cut { entries.append(E("\(label): \(value)")) }
        }
        entries.append(E(L("Call attempts"), heading: true))
        let attempts = (full ?? c).attempts
        if attempts.isEmpty { entries.append(E(L("none yet — press c after each call"))) }
        for a in attempts {
            var text = "\(clock.short(a.at, now: ctx.now)) \(a.attempt.outcome.label)"
            if let cb = a.attempt.callbackAt { text += " → \(clock.short(cb, now: ctx.now))" }
            if let n = a.attempt.note { text += " · \(n)" }
            if a.attempt.unconfirmed == true { text += L(" (not confirmed: saved as the desk closed)") }
            entries.append(E(text))
        }
        for a in ctx.pending.calls(of: caseId) {
            entries.append(E(L("NOT saved (in memory): \(a.outcome.label + (a.note.map { " · \($0)" } ?? ""))")))
        }
        // The desk holds a filing in short: its contacts are in the case read in full.
        let contacts = (full ?? c).contacts
        if !contacts.isEmpty {
            entries.append(E(L("Contacts (\(contacts.count))"), heading: true))
            for k in contacts {
                let q = ctx.desk.quarantineEnd(ofContact: k.contactId, filed: k.quarantineEnd).map { L(" · until \(DateText.listed($0, today: today))") } ?? ""
                let cls = k.isClose ? L("close") : L("not close")
                entries.append(E("\(k.name) · \(cls)\(q)"))
            }
        }
        entries.append(E(L("History (newest first)"), heading: true))
        for h in (full ?? c).history.reversed() {
            entries.append(E("\(clock.short(h.at, now: ctx.now)) \(h.actor): \(h.summary)"))
        }
        return PagerScreen(title: L("Case \(c.id) · \(c.record.name) · in full"), entries: entries)
    }

    private func sexWord(_ s: Sex) -> String {
        switch s {
        case .male: L("male")
        case .female: L("female")
        case .unknown: L("unknown")
        }
    }

    private func statusSlot(_ c: CaseFile, _ ctx: DeskContext) -> Slot {
        switch c.status {
        case .needsFieldTracer, .refused: .warning
        case .callbackScheduled where c.isCallbackDue(at: ctx.now): .overdue
        case .awaitingReview, .approved: .success
        case .returned: .returned
        default: .normal
        }
    }
}
