import Foundation

/// Who changed what in an interview, and when: the differences between the drafts the
/// journal holds for a case, for the lead's review. The journal keeps every saved draft, so
/// this history is read from it, not kept anywhere else.
public struct InterviewChange: Equatable, Sendable {
    public var at: Date
    public var actor: String
    public var what: String
}

public enum InterviewChanges {
    /// The changes in the case's interview events, oldest first. Steps moved through are not
    /// changes; filing, returning and approving are.
    public static func of(_ events: [Event]) -> [InterviewChange] {
        var out: [InterviewChange] = []
        var last: InterviewDraft?
        for e in events {
            switch e.body {
            case .interviewSaved(let d):
                let lines = last.map { differences(from: $0, to: d) } ?? [L("interview started")]
                out += lines.map { InterviewChange(at: e.timestamp, actor: e.actor, what: $0) }
                last = d
            case .interviewFiled(let f):
                if let prev = last { out += differences(from: prev, to: f.draft).map { InterviewChange(at: e.timestamp, actor: e.actor, what: $0) } }
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: L("filed: \(f.contacts.count) contact(s), \(f.daysWalked) day(s) walked")))
                last = f.draft
            case .interviewFiledInShort(let f):
                // Stores hand a case's own events over whole; a list from elsewhere may not.
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: L("filed: \(f.contacts) contact(s), \(f.daysWalked) day(s) walked")))
            case .reviewReturned(let r):
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: L("returned: \(r.note ?? "")")))
            case .reviewApproved:
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: L("approved")))
            default:
                break
            }
        }
        return out
    }

    /// In the language of the desk showing them (made when the lead opens the history): the
    /// journal's codes (`given`, `coworker`, `face_to_face`) shown by their labels.
    static func differences(from a: InterviewDraft, to b: InterviewDraft) -> [String] {
        var out: [String] = []
        func field(_ label: String, _ x: String, _ y: String, choice: ((String) -> String?)? = nil) {
            if x != y { out.append(L("\(label.lowercased()): \(show(x, choice)) → \(show(y, choice))")) }
        }
        // A date written in the other form (a draft from an older build: ISO) is the same day.
        func date(_ label: String, _ x: String, _ y: String) { field(label, DateText.drafted(x), DateText.drafted(y)) }
        field(L("Name"), a.confirmedName, b.confirmedName)
        field(L("NIK"), a.confirmedNik, b.confirmedNik)
        field(L("Phone"), a.confirmedPhone, b.confirmedPhone)
        field(L("Consent"), a.consent, b.consent, choice: consentLabel)
        field(L("Symptoms"), a.symptomatic, b.symptomatic, choice: symptomsLabel)
        date(L("Onset date"), a.onset, b.onset)
        date(L("Specimen date"), a.specimen, b.specimen)
        date(L("Isolation from"), a.isolation, b.isolation)
        for day in Set(a.days.keys).union(b.days.keys).sorted() {
            let x = a.days[day] ?? DayNotes(), y = b.days[day] ?? DayNotes()
            let when = DateText.short(day)
            for v in y.visits where !x.visits.contains(v) { out.append(L("\(when): place added, \(v.kind.label) \(v.place)")) }
            for v in x.visits where !y.visits.contains(v) { out.append(L("\(when): place removed, \(v.kind.label) \(v.place)")) }
            if x.nothingToRecord != y.nothingToRecord {
                out.append(y.nothingToRecord ? L("\(when): marked nothing to record") : L("\(when): unmarked nothing to record"))
            }
        }
        let before = Dictionary(uniqueKeysWithValues: a.contacts.map { ($0.id, $0) })
        let after = Dictionary(uniqueKeysWithValues: b.contacts.map { ($0.id, $0) })
        for c in b.contacts {
            guard let old = before[c.id] else { out.append(L("contact added: \(show(c.name))")); continue }
            for f in ContactField.allCases where old[keyPath: f.keyPath] != c[keyPath: f.keyPath] {
                let choice = contactChoiceLabel(f)
                let dated = f == .firstExposure || f == .lastExposure
                let (x, y) = dated ? (DateText.drafted(old[keyPath: f.keyPath]), DateText.drafted(c[keyPath: f.keyPath])) : (old[keyPath: f.keyPath], c[keyPath: f.keyPath])
                if x != y { out.append(L("contact \(show(c.name)): \(f.label.lowercased()) \(show(x, choice)) → \(show(y, choice))")) }
            }
            if old.exposureDays != c.exposureDays {
                out.append(L("contact \(show(c.name)): met on \(c.exposureDays.map(DateText.short).joined(separator: ", "))"))
            }
        }
        for c in a.contacts where after[c.id] == nil { out.append(L("contact removed: \(show(c.name))")) }
        return out
    }

    /// Typed text in quotes; a choice by its label, unquoted; nothing as "(empty)".
    private static func show(_ s: String, _ choice: ((String) -> String?)? = nil) -> String {
        if s.isEmpty { return L("(empty)") }
        if let label = choice?(s) { return label }
        return "\"\(s)\""
    }

    static func consentLabel(_ v: String) -> String? {
        switch Consent(rawValue: v) {
        case .given: L("given")
        case .refused: L("refused")
        case nil: nil
        }
    }

    static func symptomsLabel(_ v: String) -> String? {
        switch v {
        case "yes": L("yes")
        case "no": L("no (asymptomatic)")
        default: nil
        }
    }

    static func contactChoiceLabel(_ f: ContactField) -> ((String) -> String?)? {
        switch f {
        case .relationship: { Relationship(rawValue: $0)?.label }
        case .criterion: { ContactCriterion(rawValue: $0)?.label }
        case .sex: { Sex(lineListValue: $0).map(\.label) }
        default: nil
        }
    }
}
