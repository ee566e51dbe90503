import Foundation
import TracedeskCore

/// Offered as a contact's form closes, when the person may be someone already known (a
/// contact of another case, or a case): each match with why it matched; l links them (one
/// person, their exposures together), k keeps them apart, Esc decides later (asked again).
public struct PersonMatchScreen: Sendable {
    public let contactId: String
    public let name: String
    public let matches: [PersonMatch]
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
        switch ctx.keymap.action(for: key, in: .personMatch) {
        case .moveUp: selection = max(0, selection - 1)
        case .moveDown: selection = min(matches.count - 1, selection + 1)
        case .linkPerson, .keepApart:
            let linked = ctx.keymap.action(for: key, in: .personMatch) == .linkPerson
            let m = matches[selection]
            let body = EventBody.personLinked(PersonLink(contactId: contactId, m, linked: linked))
            return [.save(.events([body], .personDecided(contactId: contactId, linked: linked))), .pop,
                    .flash(Flash(linked ? L("Linked \(name) to \(m.label).") : L("Kept \(name) apart from \(m.label).")))]
        case .back: return [.pop, .flash(Flash(L("Not decided; asked again when the contact is closed.")))]
        default: break
        }
        return []
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        var y = body.y + 1
        f.put(L(" \(name) (this interview) may be someone already known:"), x: 1, y: y, slot: .title, maxWidth: body.width - 2)
        y += 2
        for (i, m) in matches.enumerated() where y < body.maxY - 2 {
            f.field(" \(m.label) — \(m.why)", x: 2, y: y, width: body.width - 4, slot: i == selection ? .selected : .normal)
            y += 1
        }
        y += 1
        f.put(L(" l: the same person, link them (one follow-up, every exposure) · k: not the same, keep apart · Esc: later"),
              x: 1, y: y, slot: .fieldLabel, maxWidth: body.width - 2)
    }
}
