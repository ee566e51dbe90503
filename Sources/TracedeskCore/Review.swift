import Foundation

/// The team lead's side of the desk: the role check every write and every replayed event
/// passes, the decisions a lead can take, and what the review queue shows.
extension Desk {
    /// Why `actor` may not write `body` now; nil when they may. The one gate for the desk's
    /// writes and for replay, so a tracer's desk cannot approve and a hand-made approval in
    /// the journal counts for nothing.
    public func refusal(_ body: EventBody, by actor: String) -> String? {
        refusalWhy(body, by: actor)?.text()
    }

    /// The same, as catalogue text: replay keeps it with the event it ignored, to be worded
    /// in the language `check` is read in.
    public func refusalWhy(_ body: EventBody, by actor: String) -> Localizable? {
        // A line list comes from the lab, not from a member: its actor names the source.
        let fromLab: Bool
        switch body {
        case .caseImported, .importCommitted, .importAbandoned: fromLab = true
        case .caseCorrected(let c): fromLab = c.batch != nil
        default: fromLab = false
        }
        if let ids = teamIds, !fromLab, !ids.contains(actor) { return Localizable("\(actor) is not in the team") }
        // A filed interview is the lead's until it is approved or returned: a draft or a
        // second filing from a screen still open elsewhere would change what is under review.
        switch body {
        case .interviewSaved, .interviewFiled, .interviewFiledInShort:
            if let id = body.caseId, let status = cases[id]?.status, status == .awaitingReview || status == .approved {
                return Localizable("the interview of case \(id) is already filed (\(status.label))")
            }
        default: break
        }
        // Only the tracer who holds a case works it; a lead moves it first (an assignment).
        switch body {
        case .callLogged, .caseReferred, .interviewSaved, .interviewFiled, .interviewFiledInShort:
            if let id = body.caseId, let holder = cases[id]?.claimedBy, holder != actor {
                return Localizable("case \(id) is held by \(holder)")
            }
        default: break
        }
        // A follow-up is called by the tracer it is given to; a case made from a contact,
        // by that tracer's call reporting the positive test.
        switch body {
        case .followUpCalled(let call):
            guard let f = followUps[personKey[call.contactId] ?? call.contactId] else { return Localizable("no contact \(call.contactId) under follow-up") }
            if f.tracer != actor { return Localizable("the follow-up of \(call.contactId) is \(f.tracer)'s") }
            if !FollowUpCall.outcomes.contains(call.outcome) { return Localizable("a follow-up call is reached, no answer, busy, wrong number or refused") }
            if f.convertedCaseId != nil { return Localizable("contact \(call.contactId) became a case; call them from the case queue") }
        case .contactConverted(let conv):
            guard let f = followUps[personKey[conv.contactId] ?? conv.contactId] else { return Localizable("no contact \(conv.contactId) under follow-up") }
            if f.tracer != actor { return Localizable("the follow-up of \(conv.contactId) is \(f.tracer)'s") }
            if f.convertedCaseId != nil { return Localizable("contact \(conv.contactId) became a case already") }
            if cases[conv.record.caseId] != nil { return Localizable("case \(conv.record.caseId) exists already") }
        default: break
        }
        guard body.needsLead else { return nil }
        guard let team else { return Localizable("no team file, so nobody is a lead") }
        guard let role = team.role(of: actor) else { return Localizable("\(actor) is not in the team") }
        // The data person corrects records (the same checks follow); everything else here is a lead's.
        var correction = false
        if case .caseCorrected = body { correction = true }
        guard role == .lead || (role == .data && correction) else {
            if correction { return Localizable("\(actor) is a tracer; only a team lead or the data person may correct a record") }
            return role == .data ? Localizable("\(actor) is the data person; only a team lead may do this")
                                 : Localizable("\(actor) is a tracer; only a team lead may do this")
        }
        switch body {
        case .reviewApproved(let r), .reviewReturned(let r):
            guard let file = cases[r.caseId] else { return Localizable("no case \(r.caseId)") }
            guard file.status == .awaitingReview else { return Localizable("case \(r.caseId) is not awaiting review (\(file.status.label))") }
            if case .reviewReturned = body, (r.note ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                return Localizable("a returned interview needs a note for the tracer")
            }
        case .caseAssigned(let a):
            guard let file = cases[a.caseId] else { return Localizable("no case \(a.caseId)") }
            guard let to = team.member(a.tracer), to.role == .tracer, to.active else {
                return Localizable("\(a.tracer) is not a tracer in the team")
            }
            if file.claimedBy == a.tracer { return Localizable("case \(a.caseId) is already \(a.tracer)'s") }
            if file.claimedBy != a.from {
                let now = file.claimedBy ?? L("unassigned"), was = a.from ?? L("unassigned")
                return Localizable("case \(a.caseId) is now \(now)'s, not \(was)'s")
            }
        case .followUpAssigned(let a):
            guard let f = followUps[personKey[a.contactId] ?? a.contactId] else { return Localizable("no contact \(a.contactId) under follow-up") }
            guard let to = team.member(a.tracer), to.role == .tracer, to.active else {
                return Localizable("\(a.tracer) is not a tracer in the team")
            }
            if f.tracer == a.tracer { return Localizable("the follow-up of \(a.contactId) is already \(a.tracer)'s") }
            if f.tracer != a.from { return Localizable("the follow-up of \(a.contactId) is now \(f.tracer)'s, not \(a.from ?? "")'s") }
        case .personUnlinked(let l):
            guard personDecisions[l.contactId]?.contains(l.decisionKey) == true else { return Localizable("contact \(l.contactId) has no such link") }
        default: break
        }
        return nil
    }

    /// The events that assign `caseIds` to `tracer`: one per case, naming who had it.
    public func assignments(_ caseIds: [String], to tracer: String) -> [EventBody] {
        caseIds.compactMap { id in
            guard let file = cases[id], file.claimedBy != tracer else { return nil }
            return .caseAssigned(CaseAssignment(caseId: id, tracer: tracer, from: file.claimedBy))
        }
    }

    /// Interviews waiting for a lead, oldest filed first: the longer one waits, the longer its
    /// contacts go without a call.
    public func reviewQueue() -> [CaseFile] {
        cases.values.filter { $0.status == .awaitingReview }
            .sorted { ($0.filedAt ?? .distantPast, $0.id) < ($1.filedAt ?? .distantPast, $1.id) }
    }
}

/// What a lead should look at before approving, worked out from the filed interview.
public enum ReviewWarning: Equatable, Sendable {
    case emptyDays([Day])
    case contactsWithoutPhone([String])
    case belowTarget(contacts: Int, target: Int)

    /// `clock`: the desk's zone, which decides the day an interview was walked on.
    public static func of(_ file: CaseFile, contactTarget: Int, clock: WallClock) -> [ReviewWarning] {
        guard let filed = file.interview, filed.outcome == .completed else { return [] }
        var out: [ReviewWarning] = []
        let walkedOn = file.filedAt.map { clock.day(of: $0) } ?? filed.period?.end ?? file.record.resultDate
        // Most serious first: a contact without a phone cannot be followed up at all.
        let noPhone = filed.contacts.filter { $0.phone == nil }.map(\.name)
        if !noPhone.isEmpty { out.append(.contactsWithoutPhone(noPhone)) }
        let empty = filed.draft.walk(today: walkedOn).filter { (filed.draft.days[$0] ?? DayNotes()).isEmpty }
        if !empty.isEmpty { out.append(.emptyDays(empty.sorted())) }
        if filed.contacts.count < contactTarget { out.append(.belowTarget(contacts: filed.contacts.count, target: contactTarget)) }
        return out
    }
}
