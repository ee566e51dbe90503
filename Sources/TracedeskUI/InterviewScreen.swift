import Foundation
import TracedeskCore

/// The interview, screen by screen: identity & consent, symptoms, one screen per day of the
/// infectious period, the contacts, then review & file. Every move between fields saves the
/// draft to the journal, so nothing typed is lost.
public struct InterviewScreen: Sendable {
    /// A place a value can be typed or chosen.
    public enum Field: Equatable, Sendable, Hashable {
        case name, nik, phone, consent
        case symptomatic, onset, specimen, isolation, order
        case placeKind, place, person
        case contact(ContactField)
    }

    public enum Kind: Equatable, Sendable {
        case text
        case choice([(value: String, label: String)])
        public static func == (a: Kind, b: Kind) -> Bool {
            switch (a, b) {
            case (.text, .text): true
            case let (.choice(x), .choice(y)): x.map(\.value) == y.map(\.value)
            default: false
            }
        }
    }

    public struct FieldSpec: Sendable {
        let field: Field
        let label: String
        let kind: Kind
        let hint: String
    }

    public internal(set) var draft: InterviewDraft
    var focus = 0
    var editor = TextField(maxLength: 120)
    /// The field the editor holds; its text goes into the draft when focus leaves.
    var editing: Field?
    /// Changed since the last save to the journal.
    var unsaved = false
    var contactSelection = 0
    var openContact: String?
    var confirmingDelete: String?
    var confirmingFile = false
    /// F4 on a day that already has a place or a person: the next key answers.
    var confirmingNothing = false
    var placeKind: PlaceKind = .home
    /// On a day screen: the earlier-named person highlighted below the person field.
    var candidate: Int?
    var problemSelection = 0
    var note: Said?
    /// The screen showing this interview draws on the body's last row (the lead's review).
    var promptBelow = false
    /// Shown to a lead as it was filed: nothing can be typed or saved.
    var readOnly = false
    /// The desk's day, as of the last key: what "28/11" or "besok" typed in a date field means.
    var today: Day?

    public init(draft: InterviewDraft) {
        self.draft = draft
    }

    public var step: InterviewStep { draft.step }
    public var caseId: String { draft.caseId }

    // MARK: - Fields of the current step

    func fields(_ ctx: DeskContext) -> [FieldSpec] {
        switch draft.step {
        case .identity:
            return [
                FieldSpec(field: .name, label: L("Name"), kind: .text, hint: L("as the patient says it")),
                FieldSpec(field: .nik, label: L("NIK"), kind: .text, hint: L("16 digits, or empty")),
                FieldSpec(field: .phone, label: L("Phone"), kind: .text, hint: "08…, +62…"),
                FieldSpec(field: .consent, label: L("Consent"), kind: .choice([("", L("not asked")), ("given", L("given")), ("refused", L("refused"))]), hint: ""),
            ]
        case .symptoms:
            var f = [FieldSpec(field: .symptomatic, label: L("Symptoms"), kind: .choice([("", L("not asked")), ("yes", L("yes")), ("no", L("no (asymptomatic)"))]), hint: "")]
            if draft.symptomatic == "yes" { f.append(FieldSpec(field: .onset, label: L("Onset date"), kind: .text, hint: L("first day of symptoms"))) }
            f += [
                FieldSpec(field: .specimen, label: L("Specimen date"), kind: .text, hint: L("swab taken")),
                FieldSpec(field: .isolation, label: L("Isolation from"), kind: .text, hint: L("empty if not isolating yet")),
                FieldSpec(field: .order, label: L("Walk the days"), kind: .choice([("newest", L("newest first")), ("oldest", L("oldest first"))]), hint: ""),
            ]
            return f
        case .day:
            return [
                FieldSpec(field: .placeKind, label: L("Place"), kind: .choice(PlaceKind.allCases.map { ($0.rawValue, $0.label) }), hint: ""),
                FieldSpec(field: .place, label: L("Where"), kind: .text, hint: L("Enter adds the place")),
                FieldSpec(field: .person, label: L("Met"), kind: .text, hint: L("a name, Enter adds; ↓ picks someone named before")),
            ]
        case .contacts:
            guard openContact != nil else { return [] }
            return ContactField.allCases.map { f in
                FieldSpec(field: .contact(f), label: f.label, kind: contactKind(f), hint: "")
            }
        case .review:
            return []
        }
    }

    func contactKind(_ field: ContactField) -> Kind {
        switch field {
        case .sex: .choice([("", "—"), ("L", L("male")), ("P", L("female"))])
        case .relationship: .choice([("", "—")] + Relationship.allCases.map { ($0.rawValue, $0.label) })
        case .criterion: .choice([("", "—")] + ContactCriterion.allCases.map { ($0.rawValue, $0.label) })
        default: .text
        }
    }

    /// What the field shows: the text being typed, if it is the one being edited.
    func value(_ field: Field) -> String {
        field == editing ? editor.text : storedValue(field)
    }

    /// What the draft holds for the field.
    func storedValue(_ field: Field) -> String {
        switch field {
        case .name: return draft.confirmedName
        case .nik: return draft.confirmedNik
        case .phone: return draft.confirmedPhone
        case .consent: return draft.consent
        case .symptomatic: return draft.symptomatic
        case .onset: return InterviewScreen.shown(draft.onset)
        case .specimen: return InterviewScreen.shown(draft.specimen)
        case .isolation: return InterviewScreen.shown(draft.isolation)
        case .order: return draft.newestFirst ? "newest" : "oldest" // not shown: a stored value or a field key
        case .placeKind: return placeKind.rawValue
        case .place: return draft.pendingPlace
        case .person: return draft.pendingPerson
        case .contact(let field):
            guard let id = openContact, let c = draft.contact(id) else { return "" }
            return c[keyPath: field.keyPath]
        }
    }

    mutating func set(_ field: Field, _ v: String) {
        switch field {
        case .name: draft.confirmedName = v
        case .nik: draft.confirmedNik = v
        case .phone: draft.confirmedPhone = v
        case .consent: draft.consent = v
        case .symptomatic: draft.symptomatic = v
        case .onset: draft.onset = InterviewScreen.dateText(v, today)
        case .specimen: draft.specimen = InterviewScreen.dateText(v, today)
        case .isolation: draft.isolation = InterviewScreen.dateText(v, today)
        case .order: draft.newestFirst = v != "oldest"
        case .placeKind: placeKind = PlaceKind(rawValue: v) ?? .home; return
        case .place: draft.pendingPlace = v
        case .person: draft.pendingPerson = v
        case .contact(let field):
            guard let id = openContact, let i = draft.contacts.firstIndex(where: { $0.id == id }) else { return }
            let dated = field == .firstExposure || field == .lastExposure
            draft.contacts[i][keyPath: field.keyPath] = dated ? InterviewScreen.dateText(v, today) : v
        }
        unsaved = true
    }

    /// A date typed in any form the desk reads ("28/11", "besok", "2021-11-28") is kept in the
    /// form it shows ("28/11/2021"); anything else stays as typed, for the check to name.
    static func dateText(_ typed: String, _ today: Day?) -> String {
        guard let today, let d = Day(typed: typed, today: today) else { return typed }
        return d.text
    }

    /// A draft's date as every screen shows one: the line list's dates arrive in ISO
    /// ("2021-06-30"), a tracer reads them day first ("30/06/2021"). Anything else as typed.
    static func shown(_ stored: String) -> String { DateText.drafted(stored) }

    /// The problems shown under the current step's fields.
    func stepProblems(_ ctx: DeskContext) -> [FieldProblem] {
        let today = ctx.settings.clock.day(of: ctx.now)
        switch draft.step {
        case .identity: return InterviewCheck.identity(draft)
        case .symptoms: return InterviewCheck.symptoms(draft, today: today)
        case .contacts:
            guard let id = openContact, let c = draft.contact(id) else { return [] }
            return InterviewCheck.contact(c, in: draft, today: today)
        default: return []
        }
    }

    func problem(for field: Field, _ problems: [FieldProblem]) -> FieldProblem? {
        problems.first { p in
            switch (p.place, field) {
            case (.identity(let k), _): k == InterviewScreen.key(field)
            case (.symptoms(let k), _): k == InterviewScreen.key(field)
            case (.contact(_, let k), .contact(let field)): k == field
            default: false
            }
        }
    }

    static func key(_ f: Field) -> String {
        switch f {
        case .name: "name" // not shown: a stored value or a field key
        case .nik: "nik" // not shown: a stored value or a field key
        case .phone: "phone" // not shown: a stored value or a field key
        case .consent: "consent" // not shown: a stored value or a field key
        case .symptomatic: "symptomatic" // not shown: a stored value or a field key
        case .onset: "onset" // not shown: a stored value or a field key
        case .specimen: "specimen" // not shown: a stored value or a field key
        case .isolation: "isolation" // not shown: a stored value or a field key
        default: ""
        }
    }
}
