import Foundation

/// The city server's refusals, by the code each carries (HINT `td:CODE`, its values in DETAIL):
/// the server speaks English to psql; the desk and the commands say it in the user's language.
/// An unknown code (a newer server) falls back to the server's own words.
public enum ServerRefusal {
    public static func message(code: String, args: [String: String]) -> String? {
        // catalogue: not shown from here — the server's codes and the names of its values; each text is an L(…)
        func a(_ key: String) -> String { args[key] ?? "" }
        switch code {
        case "not-member": return L("\(a("login")) is not a member of any team on the server")
        case "no-id": return L("the server refused an event without an id or a kind")
        case "not-actor": return L("the event names \(a("actor")) as its actor, but \(a("login")) is logged in")
        case "unknown-kind": return L("the server knows no kind of event called \(a("kind"))")
        case "bad-field": return L("the server refused a \(a("kind")) event: its field \(a("field")) is missing or not as the desk writes it")
        case "ts-ahead": return L("the event is stamped \(a("ts")), more than \(a("minutes")) minutes ahead of the server's clock; check this computer's clock")
        case "ts-behind": return L("the event is stamped \(a("ts")), more than \(a("hours")) hours ago; the server takes no work that old")
        case "role-data": return L("only the data role imports line lists (\(a("login")) is a \(a("role")))")
        case "role-correct": return L("only a lead or the data role corrects a record (\(a("login")) is a \(a("role")))")
        case "role-lead": return L("only a team lead may do this (\(a("login")) is a \(a("role")))")
        case "role-data-cases": return L("the data role does not work cases")
        case "no-area": return L("no team covers kecamatan \"\(a("kecamatan"))\" (case \(a("case"))); an admin adds it: tracedesk server add-team TEAM --area \"\(a("kecamatan"))\"")
        case "case-exists": return L("case \(a("case")) exists already on the server")
        case "not-filed": return L("contact \(a("contact")) was not filed in an interview of case \(a("case"))")
        case "converted": return L("contact \(a("contact")) became case \(a("case")) already")
        case "not-yours": return L("the follow-up of \(a("contact")) is \(a("tracer").isEmpty ? L("nobody") : a("tracer"))'s")
        case "no-contact": return L("no contact \(a("contact")) under follow-up")
        case "not-tracer": return L("\(a("tracer")) is not a tracer in team \(a("team"))")
        case "no-person": return L("no contact or case \(a("person"))")
        case "no-case": return L("no case \(a("case"))")
        case "needs-team": return L("\(a("kind")) needs a team")
        case "not-in-team": return L("\(a("login")) is not in team \(a("team"))")
        case "held": return L("case \(a("case")) is held by \(a("holder").isEmpty ? L("nobody") : a("holder"))")
        case "contact-id": return L("contact \(a("contact")) is not one of case \(a("case"))'s")
        case "unknown-field": return L("the server refused a \(a("kind")) event: its field \(a("field")) is not one the desk writes")
        case "too-long": return L("the server refused a \(a("kind")) event: its field \(a("field")) is longer than the server takes (at most \(a("limit")))")
        case "too-deep": return L("the server refused an event nested deeper than any the desk writes")
        case "too-large": return L("the server refused an event of \(a("bytes")) bytes: it takes at most \(a("limit")) bytes in one event")
        case "id-reused": return L("the server holds another event under the id \(a("id")); the event sent is not it, and was not stored")
        case "draft-case": return L("the filing of case \(a("case")) holds the interview of case \(a("draft")); the server refused it")
        default: return nil
        }
        // catalogue: shown again
    }
}
