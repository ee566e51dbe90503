import Foundation
import TracedeskCore

/// A lead reviews one filed interview: read-only, screen by screen as the tracer walked it,
/// with the history of who changed what (read from the journal), then approves it or
/// returns it to the tracer with a note.
public struct ReviewScreen: Sendable {
    public let caseId: String
    var interview: InterviewScreen
    /// The interview's changes, once the journal has been read for them, worded in
    /// `changesIn`; the events they were read from word them again after F2 (they kept the
    /// language the history was opened in).
    var changes: [InterviewChange]?
    var changesIn: Language?
    var historyEvents: [Event] = []
    /// Why the history of changes could not be read, instead of waiting for it.
    var historyProblem: String?
    var showingHistory = false
    var historyScroll = 0
    var confirmingApprove = false
    /// The note being written for the tracer, while returning.
    var returnNote: TextField?

    /// Nil when the case has no filed interview to review.
    public init?(file: CaseFile) {
        guard let filed = file.interview else { return nil }
        caseId = file.id
        var screen = InterviewScreen(draft: filed.draft)
        screen.readOnly = true
        screen.draft.step = .identity
        screen.focus = -1
        interview = screen
    }

    /// The history of changes worded again in the desk's language, when it changed.
    mutating func refresh(_ ctx: DeskContext) {
        if changes != nil, let fresh = changesWorded(ctx), changesIn != ctx.language {
            changes = fresh
            changesIn = ctx.language
        }
    }

    /// The changes as the desk's language words them.
    func changesWorded(_ ctx: DeskContext) -> [InterviewChange]? {
        guard let changes else { return nil }
        guard changesIn != nil, changesIn != ctx.language else { return changes }
        return InterviewChanges.of(historyEvents)
    }

    /// The interview is shown as on the day it was filed, so its days are the ones walked.
    func interviewContext(_ ctx: DeskContext) -> DeskContext {
        var c = ctx
        if let at = ctx.desk[caseId]?.filedAt { c.now = at }
        return c
    }

    func title(_ ctx: DeskContext) -> String {
        let name = ctx.desk[caseId]?.record.name ?? ""
        return L("Review · \(caseId) · \(name)")
    }

    /// A paste into the return note being written; nil otherwise.
    mutating func paste(_ text: String) -> Pasted? {
        guard var field = returnNote else { return nil }
        defer { returnNote = field }
        return field.pasted(text)
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if var field = returnNote {
            switch ctx.keymap.action(for: key, in: .note) {
            case .back:
                returnNote = nil
                return [.flash(Flash(L("Not returned.")))]
            case .save:
                let note = field.text.trimmingCharacters(in: .whitespaces)
                guard !note.isEmpty else { return [.flash(Flash(L("Write what the tracer should fix, then Enter."), .warning))] }
                returnNote = nil
                return [.save(.events([.reviewReturned(ReviewDecision(caseId: caseId, note: note))],
                                      .reviewed(caseId: caseId, approved: false))),
                        .flash(Flash(L("Returning…")))]
            default:
                field.handle(key)
                returnNote = field
                return []
            }
        }
        if confirmingApprove {
            confirmingApprove = false
            guard key == .char("y") || key == .char("Y") else { return [.flash(Flash(L("Not approved.")))] }
            return [.save(.events([.reviewApproved(ReviewDecision(caseId: caseId))], .reviewed(caseId: caseId, approved: true))),
                    .flash(Flash(L("Approving…")))]
        }
        let ictx = interviewContext(ctx)
        switch ctx.keymap.action(for: key, in: .reviewInterview) {
        case .nextScreen: move(by: 1, ictx)
        case .previousScreen: move(by: -1, ictx)
        case .moveDown:
            if showingHistory { historyScroll += 1 }
            else if interview.step == .contacts && interview.openContact == nil {
                interview.contactSelection = min(max(0, interview.draft.contacts.count - 1), interview.contactSelection + 1)
            }
        case .moveUp:
            if showingHistory { historyScroll = max(0, historyScroll - 1) }
            else if interview.step == .contacts && interview.openContact == nil {
                interview.contactSelection = max(0, interview.contactSelection - 1)
            }
        case .readInFull:
            let me = self
            return [.push(.pager(showingHistory && changes != nil ? .worded(ctx) { me.historyInFull($0) } : .worded(ctx) { me.inFull($0) }))]
        case .confirm:
            let me = self
            if showingHistory { return changes == nil ? [] : [.push(.pager(.worded(ctx) { me.historyInFull($0) }))] }
            guard interview.step == .contacts, interview.draft.contacts.indices.contains(interview.contactSelection) else { return [] }
            interview.openContact = interview.openContact == nil ? interview.draft.contacts[interview.contactSelection].id : nil
            interview.focus = -1
        case .showHistory:
            showingHistory.toggle()
            historyScroll = 0
        case .approve:
            guard ctx.desk[caseId]?.status == .awaitingReview else { return [.flash(Flash(L("This interview is no longer awaiting review."), .warning))] }
            confirmingApprove = true
        case .returnInterview:
            guard ctx.desk[caseId]?.status == .awaitingReview else { return [.flash(Flash(L("This interview is no longer awaiting review."), .warning))] }
            returnNote = TextField(maxLength: EventLimit.note.value)
        case .back:
            if showingHistory { showingHistory = false; return [] }
            if interview.openContact != nil { interview.openContact = nil; return [] }
            return [.pop]
        case .help: return [.push(.help(HelpScreen(context: .reviewInterview)))]
        default: break
        }
        return []
    }

    /// Screen by screen, as the tracer walked it; nothing is saved.
    private mutating func move(by delta: Int, _ ctx: DeskContext) {
        let all = interview.screens(ctx)
        let i = all.firstIndex(of: interview.step) ?? 0
        _ = interview.jump(to: all[max(0, min(all.count - 1, i + delta))], ctx)
        interview.unsaved = false
        interview.focus = -1
    }

    // MARK: - View

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        guard let c = ctx.desk[caseId], let filed = c.interview else { return }
        let target = ctx.desk.team?.contactTarget ?? Team.defaultContactTarget
        let clock = ctx.settings.clock
        let close = filed.contacts.filter(\.isClose).count
        var line = L("Filed by \(c.filedBy ?? "?") \(c.filedAt.map { clock.short($0, now: ctx.now) } ?? "") · \(filed.daysWalked) day(s) walked · \(filed.contacts.count) contact(s) (\(close) close)")
        if c.status != .awaitingReview { line += " · \(c.status.label)" }
        f.fill(y: body.y, slot: .header)
        f.put(" " + line, x: 0, y: body.y, slot: .header, maxWidth: body.width)
        let warnings = ReviewWarning.of(c, contactTarget: target, clock: ctx.settings.clock).map(\.text)
        f.put(warnings.isEmpty ? L(" No warnings.") : " ⚠ " + ReviewWarning.line(warnings, width: body.width - 3), x: 0, y: body.y + 1,
              slot: warnings.isEmpty ? .success : .warning, maxWidth: body.width)
        var top = body.y + 2
        if let name = filed.recording {
            let path = ctx.journalDirectory.map { $0 + "/" + name } ?? name
            // A long path is shortened from the left: the file name is what tells recordings apart.
            let none = ""
            let room = body.width - DisplayWidth.of(L(" Recording: tracedesk replay \(none)")) - 1
            let shown = Shorten.fromLeft(path, to: room)
            f.put(L(" Recording: tracedesk replay \(shown)"), x: 0, y: top, slot: .fieldLabel, maxWidth: body.width)
            top += 1
        }
        let area = Rect(x: 0, y: top, width: body.width, height: body.maxY - top)
        if showingHistory {
            historyView(into: &f, area, ctx)
        } else {
            var shown = interview
            shown.promptBelow = confirmingApprove || returnNote != nil
            shown.view(into: &f, area, interviewContext(ctx))
        }
        let bottom = body.maxY - 1
        if confirmingApprove {
            f.fill(y: bottom, slot: .warning)
            f.put(L(" Approve? \(filed.contacts.count) contact(s) to follow-up. y = approve, any other key = not yet"), x: 0, y: bottom, slot: .warning)
        }
        if let note = returnNote {
            f.fill(y: bottom, slot: .fieldActive)
            let x = f.put(L(" Note for \(c.filedBy ?? L("the tracer")): "), x: 0, y: bottom, slot: .fieldLabel)
            let cx = note.draw(into: &f, x: x, y: bottom, width: body.width - x - 1, slot: .fieldActive)
            f.cursor = (x + cx, bottom)
        }
    }

    /// What the review screen may cut, whole: the filing line, every warning, the screen of
    /// the interview on show, and the history of changes once read.
    func inFull(_ ctx: DeskContext) -> PagerScreen {
        typealias E = PagerScreen.Entry
        var entries: [E] = []
        if let c = ctx.desk[caseId], let filed = c.interview {
            let clock = ctx.settings.clock
            let close = filed.contacts.filter(\.isClose).count
            entries.append(E(L("Filed by \(c.filedBy ?? "?") \(c.filedAt.map { clock.short($0, now: ctx.now) } ?? "") · \(filed.daysWalked) day(s) walked · \(filed.contacts.count) contact(s) (\(close) close)"), heading: true))
            let target = ctx.desk.team?.contactTarget ?? Team.defaultContactTarget
            let warnings = ReviewWarning.of(c, contactTarget: target, clock: clock).map(\.whole)
            entries += warnings.isEmpty ? [E(L(" No warnings."))] : warnings.map { E("⚠ " + $0) }
        }
        let screen = interview.inFull(interviewContext(ctx))
        entries.append(E(screen.heading, heading: true))
        entries += screen.entries
        if let changes = changesWorded(ctx), !changes.isEmpty { entries += historyInFull(ctx).entries }
        return PagerScreen(title: L("Review · \(caseId) · in full"), entries: entries)
    }

    /// The history of changes with no line cut, and the return notes whole.
    func historyInFull(_ ctx: DeskContext) -> PagerScreen {
        let clock = ctx.settings.clock
        let entries = [PagerScreen.Entry(L(" Who changed what, and when (from the journal)"), heading: true)]
            + (changesWorded(ctx) ?? []).reversed().map { PagerScreen.Entry("\(clock.short($0.at, now: ctx.now))  \($0.actor)  \($0.what)") }
        return PagerScreen(title: L("Review · \(caseId) · history in full"), entries: entries)
    }

    private func historyView(into f: inout Frame, _ area: Rect, _ ctx: DeskContext) {
        f.fill(y: area.y, slot: .header)
        f.put(L(" Who changed what, and when (from the journal)"), x: 0, y: area.y, slot: .header)
        guard let changes else {
            if let historyProblem {
                f.put("  " + historyProblem, x: 0, y: area.y + 1, slot: .error, maxWidth: area.width)
            } else {
                f.put(L("  Reading the journal…"), x: 0, y: area.y + 1, slot: .disabled)
            }
            return
        }
        let clock = ctx.settings.clock
        let lines = changes.reversed().map { "\(clock.short($0.at, now: ctx.now))  \(DisplayWidth.fit($0.actor, 12))  \($0.what)" }
        let height = area.height - 2
        let top = min(historyScroll, max(0, lines.count - height))
        for (i, l) in lines.dropFirst(top).prefix(height).enumerated() {
            f.put("  " + l, x: 0, y: area.y + 1 + i, slot: .normal, maxWidth: area.width)
        }
        if lines.isEmpty { f.put(L("  No changes recorded."), x: 0, y: area.y + 1, slot: .disabled) }
    }
}
