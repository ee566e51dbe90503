import Foundation
import TracedeskCore

/// Offered as a contact's form closes, when the person may be someone already known (a
/// contact of another case, or a case): each match with why it matched; l links them (one
/// person, their exposures together), k keeps them apart, Esc decides later (asked again).
public struct PersonMatchScreen: Sendable {
    public let contactId: String
    public let name: String
    /// The candidates still to decide about; one kept apart leaves the list.
    public private(set) var matches: [PersonMatch]
    var selection = 0

    public init(contactId: String, name: String, matches: [PersonMatch]) {
        self.contactId = contactId; self.name = name; self.matches = matches
    }

    /// The screen to push for the contact `id` of the interview, if anyone known may be them.
    static func offer(for id: String, in draft: InterviewDraft, _ ctx: DeskContext) -> [Command] {
        guard let c = draft.contact(id) else { return [] }
        let contactId = "\(draft.caseId)-\(id)"
        let q = PersonQuery(c, of: draft.caseId, kelurahan: ctx.desk[draft.caseId]?.record.kelurahan)
        let found = ctx.desk.undecidedMatches(for: contactId, q)
        guard !found.isEmpty else { return [] }
        return [.push(.personMatch(PersonMatchScreen(contactId: contactId, name: c.name, matches: found)))]
    }

    func title(_ ctx: DeskContext) -> String { L("tracedesk · \(ctx.tracer) · the same person?") }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        let action = ctx.keymap.action(for: key, in: .personMatch)
        switch action {
        case .moveUp: selection = max(0, selection - 1)
        case .moveDown: selection = min(matches.count - 1, selection + 1)
        case .linkPerson:
            let m = matches[selection]
            let body = EventBody.personLinked(PersonLink(contactId: contactId, m, linked: true))
            return [.save(.events([body], .personDecided(contactId: contactId, linked: true))), .pop,
                    .flash(Flash(L("Linked \(name) to \(m.label).")))]
        case .keepApart:
            // Kept apart from this one; the others are still asked about, here.
            let m = matches.remove(at: selection)
            selection = min(selection, max(0, matches.count - 1))
            let body = EventBody.personLinked(PersonLink(contactId: contactId, m, linked: false))
            return [.save(.events([body], .personDecided(contactId: contactId, linked: false)))]
                + (matches.isEmpty ? [.pop] : [])
                + [.flash(Flash(L("Kept \(name) apart from \(m.label).")))]
        case .help: return [.push(.help(HelpScreen(context: .personMatch)))]
        case .back: return [.pop, .flash(Flash(L("Not decided; asked again when the contact is closed.")))]
        default:
            // 1–9 choose a candidate by its number.
            if case .char(let c) = key, let n = c.wholeNumberValue, (1...min(9, matches.count)).contains(n) { selection = n - 1 }
        }
        return []
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        var y = body.y + 1
        let heading = matches.count == 1
            ? L(" \(name) (this interview) may be someone already known:")
            : L(" \(name) (this interview) may be one of \(matches.count) people already known:")
        f.put(heading, x: 1, y: y, slot: .title, maxWidth: body.width - 2)
        // The keys on a row of their own: after a long name they were cut off the heading's end.
        if matches.count > 1 { f.put(L("   choose with ↑↓ or 1–9"), x: 1, y: y + 1, slot: .fieldLabel, maxWidth: body.width - 2) }
        y += 2
        // Two rows each: who, then why they matched (never cut off the end of the row).
        let room = max(1, (body.maxY - y - 4) / 2)
        let top = max(0, min(selection - room + 1, matches.count - room))
        for (i, m) in matches.enumerated().dropFirst(top).prefix(room) {
            let chosen = i == selection
            f.field(" \(i + 1) \(chosen ? "▶" : " ") \(m.label)", x: 2, y: y, width: body.width - 4, slot: chosen ? .selected : .normal)
            f.put(L("      why: \(m.why)") + Self.detail(m, ctx), x: 2, y: y + 1, slot: chosen ? .fieldLabel : .disabled, maxWidth: body.width - 4)
            y += 2
        }
        if matches.count > room {
            f.put(L("   \(selection + 1) of \(matches.count)"), x: 2, y: y, slot: .disabled)
        }
        y += 1
        // Wrapped: at 80 columns one row cut the way out (Esc).
        let keys = L(" l: the same person, link them (one follow-up, every exposure) · k: not the same, keep apart · Esc: later")
        for (i, line) in Wrap.lines(keys, width: body.width - 3).enumerated() {
            f.put(line, x: 1, y: y + i, slot: .fieldLabel, maxWidth: body.width - 2)
        }
    }

    /// What tells two people apart at a glance: a case's kelurahan and age; a contact's source.
    static func detail(_ m: PersonMatch, _ ctx: DeskContext) -> String {
        switch m.known {
        case .caseRecord(let c):
            guard let r = ctx.desk[c]?.record else { return "" }
            var parts: [String] = []
            if !r.kelurahan.isEmpty { parts.append(r.kelurahan) }
            if let a = r.age { parts.append(L("\(a) y")) }
            return parts.map { " · " + $0 }.joined()
        case .contact:
            return ""
        }
    }
}
