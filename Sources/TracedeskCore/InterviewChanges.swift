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
                let lines = last.map { differences(from: $0, to: d) } ?? ["interview started"]
                out += lines.map { InterviewChange(at: e.timestamp, actor: e.actor, what: $0) }
                last = d
            case .interviewFiled(let f):
                if let prev = last { out += differences(from: prev, to: f.draft).map { InterviewChange(at: e.timestamp, actor: e.actor, what: $0) } }
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: "filed: \(f.contacts.count) contacts, \(f.daysWalked) days walked"))
                last = f.draft
            case .interviewFiledInShort(let f):
                // Stores hand a case's own events over whole; a list from elsewhere may not.
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: "filed: \(f.contacts) contacts, \(f.daysWalked) days walked"))
            case .reviewReturned(let r):
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: "returned: \(r.note ?? "")"))
            case .reviewApproved:
                out.append(InterviewChange(at: e.timestamp, actor: e.actor, what: "approved"))
            default:
                break
            }
        }
        return out
    }

    static func differences(from a: InterviewDraft, to b: InterviewDraft) -> [String] {
        var out: [String] = []
        func field(_ label: String, _ x: String, _ y: String) {
            if x != y { out.append("\(label): \(show(x)) → \(show(y))") }
        }
        field("name", a.confirmedName, b.confirmedName)
        field("NIK", a.confirmedNik, b.confirmedNik)
        field("phone", a.confirmedPhone, b.confirmedPhone)
        field("consent", a.consent, b.consent)
        field("symptoms", a.symptomatic, b.symptomatic)
        field("onset", a.onset, b.onset)
        field("specimen", a.specimen, b.specimen)
        field("isolation", a.isolation, b.isolation)
        for day in Set(a.days.keys).union(b.days.keys).sorted() {
            let x = a.days[day] ?? DayNotes(), y = b.days[day] ?? DayNotes()
            for v in y.visits where !x.visits.contains(v) { out.append("\(day.iso): place added, \(v.kind.label) \(v.place)") }
            for v in x.visits where !y.visits.contains(v) { out.append("\(day.iso): place removed, \(v.kind.label) \(v.place)") }
            if x.nothingToRecord != y.nothingToRecord {
                out.append("\(day.iso): \(y.nothingToRecord ? "marked nothing to record" : "unmarked nothing to record")")
            }
        }
        let before = Dictionary(uniqueKeysWithValues: a.contacts.map { ($0.id, $0) })
        let after = Dictionary(uniqueKeysWithValues: b.contacts.map { ($0.id, $0) })
        for c in b.contacts {
            guard let old = before[c.id] else { out.append("contact added: \(show(c.name))"); continue }
            for f in ContactField.allCases where old[keyPath: f.keyPath] != c[keyPath: f.keyPath] {
                out.append("contact \(show(c.name)): \(f.label.lowercased()) \(show(old[keyPath: f.keyPath])) → \(show(c[keyPath: f.keyPath]))")
            }
            if old.exposureDays != c.exposureDays {
                out.append("contact \(show(c.name)): met on \(c.exposureDays.map(\.iso).joined(separator: ", "))")
            }
        }
        for c in a.contacts where after[c.id] == nil { out.append("contact removed: \(show(c.name))") }
        return out
    }

    private static func show(_ s: String) -> String { s.isEmpty ? "(empty)" : "\"\(s)\"" }
}
