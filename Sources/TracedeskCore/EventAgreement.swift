/// Where one event names a case in two places, the two name one case. The desk builds a
/// filing's draft and contacts from the case it files (`FiledInterview.file`), so only a hand
/// can make them disagree: a server refuses such a filing (schema 6: `draft-case`,
/// `contact-id`), and `check` names one in a file journal by its line; the desk replays it as
/// it is, as it replays an event beyond the limits (an old journal stays readable).
///
/// A correction of a contact's exposure that names another case's contact is the same kind;
/// replay ignores it already and `check` lists it among the ignored events, so it is not here.
public enum EventAgreement {
    /// What disagrees in `body`, as `check` says it; nil when nothing does.
    public static func problem(_ body: EventBody) -> String? {
        guard case .interviewFiled(let f) = body else { return nil }
        if f.draft.caseId != f.caseId {
            return L("interview.filed of case \(f.caseId) holds the interview of case \(f.draft.caseId); a server refuses it")
        }
        // A contact's id is its case's id and a number (`FiledInterview.file`).
        if let c = f.contacts.first(where: { $0.caseId != f.caseId || !$0.contactId.hasPrefix(f.caseId + "-") }) {
            return L("interview.filed of case \(f.caseId) names contact \(c.contactId), who is not one of its own; a server refuses it")
        }
        return nil
    }
}
