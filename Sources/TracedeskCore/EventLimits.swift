// catalogue: not shown — the limits' names and the events' field paths are data the server shares, not text for people
import Foundation

/// How much one event may carry: bounds a real tracer never meets, that stop one login from
/// filling a health office's database (every desk replays what is stored, every export carries
/// it). The one source of them: the server's schema is written from this table
/// (`tracedesk.limits`, `event_shapes.max_of`), the desk's text fields stop at them, and the
/// file journal's `check` reports an event beyond them.
///
/// Characters are Unicode scalars (PostgreSQL's `length` of a text): what the server counts.
public enum EventLimit: String, CaseIterable, Sendable {
    /// The whole event as sent, in UTF-8 bytes: 256 KiB. A filing with 40 contacts and its
    /// draft is about 60 KiB; checked before anything is parsed, so a 15 MB event costs the
    /// server one length.
    case eventBytes = "event_bytes"
    /// A note in someone's words (a call, a follow-up call, a contact, a lead's return, a
    /// correction's reason): 4,000 characters, a page and a half; a call is summed up in lines.
    case note
    /// Any other text (a name, a phone, an address, a place, an id, a typed date): 500
    /// characters; Jakarta's longest addresses are under 150.
    case line
    /// Contacts named in one interview: 200. The national target is 15 a case; the largest
    /// household and office clusters of July 2021 named a few dozen.
    case contacts
    /// Days of one interview's walk, or of one contact's exposure: 60. The longest rule set's
    /// window is 16 days (2 before onset to 14 after).
    case days
    /// Places visited on one day of the walk: 100.
    case visits
    /// Symptoms in one follow-up call: each of the desk's at most once.
    case symptoms
    /// Phone numbers of one case record: 10.
    case phones
    /// Fields one correction changes (or finds in conflict): 50; a case record has 17.
    case changes

    public var value: Int {
        switch self {
        case .eventBytes: 256 * 1024
        case .note: 4_000
        case .line: 500
        case .contacts: 200
        case .days: 60
        case .visits: 100
        case .symptoms: Symptom.allCases.count
        case .phones: 10
        case .changes: 50
        }
    }
}

/// Which field of which event each limit holds, as the server's `event_shapes` paths spell
/// them (`*`: every element of an array, every value of the draft's `days`). Every other
/// text is a `line`.
public enum EventLimits {
    public struct Field: Sendable, Equatable {
        /// An event kind (`call.logged`), or `*` for every kind.
        public var kind: String
        public var path: [String]
        public var limit: EventLimit
    }

    /// The draft's fields, below `data` (interview.saved) and `data.draft` (interview.filed).
    private static let draft: [([String], EventLimit)] = [
        (["contacts"], .contacts), (["contacts", "*", "notes"], .note), (["contacts", "*", "exposureDays"], .days),
        (["days"], .days), (["days", "*", "visits"], .visits), (["days", "*", "met"], .contacts),
    ]

    public static let fields: [Field] = {
        var f: [Field] = []
        func add(_ kinds: [String], _ path: [String], _ limit: EventLimit) {
            for k in kinds { f.append(Field(kind: k, path: ["data"] + path, limit: limit)) }
        }
        add(["call.logged", "followup.called", "review.approved", "review.returned"], ["note"], .note)
        add(["case.corrected"], ["reason"], .note)
        add(["case.corrected"], ["changes"], .changes)
        add(["case.corrected"], ["conflicts"], .changes)
        add(["followup.called"], ["symptoms"], .symptoms)
        add(["case.imported", "contact.converted"], ["record", "phones"], .phones)
        add(["interview.filed"], ["contacts"], .contacts)
        add(["interview.filed"], ["contacts", "*", "notes"], .note)
        add(["interview.filed"], ["contacts", "*", "exposureDays"], .days)
        for (p, l) in draft {
            add(["interview.saved"], p, l)
            add(["interview.filed"], ["draft"] + p, l)
        }
        return f
    }()

    /// The objects whose keys are days, not field names (`*` walks their values).
    public static func isDayMap(kind: String, path: [String]) -> Bool {
        (kind == "interview.saved" && path == ["data", "days"]) || (kind == "interview.filed" && path == ["data", "draft", "days"])
    }

    /// What an event's JSON holds beyond the limits, as the server would refuse it; nil when
    /// it is within them. For a journal written by hand or by a build before the limits: the
    /// desk still replays such an event, `check` names it by its line.
    public static func problem(inJSON bytes: some Collection<UInt8>) -> LimitProblem? {
        if bytes.count > EventLimit.eventBytes.value {
            return LimitProblem(field: "", limit: .eventBytes, size: bytes.count)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let kind = object["type"] as? String else { return nil }
        var limited: [[String]: EventLimit] = [:]
        for f in fields where f.kind == kind || f.kind == "*" { limited[f.path] = f.limit }
        return walk(object, path: [], named: "", kind: kind, limited: limited)
    }

    private static func walk(_ value: Any, path: [String], named: String, kind: String, limited: [[String]: EventLimit]) -> LimitProblem? {
        switch value {
        case let s as String:
            let limit = limited[path] ?? .line
            let n = s.unicodeScalars.count
            return n > limit.value ? LimitProblem(field: named, limit: limit, size: n) : nil
        case let a as [Any]:
            if let limit = limited[path], a.count > limit.value { return LimitProblem(field: named, limit: limit, size: a.count) }
            for (i, x) in a.enumerated() {
                if let p = walk(x, path: path + ["*"], named: named + "[\(i)]", kind: kind, limited: limited) { return p }
            }
        case let o as [String: Any]:
            let map = isDayMap(kind: kind, path: path)
            if map, let limit = limited[path], o.count > limit.value { return LimitProblem(field: named, limit: limit, size: o.count) }
            for key in o.keys.sorted() {
                if key.unicodeScalars.count > EventLimit.line.value {
                    return LimitProblem(field: named, limit: .line, size: key.unicodeScalars.count)
                }
                let name = named.isEmpty ? key : named + "." + key
                if let p = walk(o[key]!, path: path + [map ? "*" : key], named: name, kind: kind, limited: limited) { return p }
            }
        default: break
        }
        return nil
    }
}

/// A field (or the whole event, field "") beyond its limit: how large it is, and the limit.
public struct LimitProblem: Sendable, Equatable {
    public var field: String
    public var limit: EventLimit
    public var size: Int
}
