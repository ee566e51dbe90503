import Foundation

public enum PlaceKind: String, Codable, Sendable, CaseIterable {
    case home, work, school, worship, market, transport
    case healthFacility = "health_facility", socialGathering = "social_gathering", other

    public var label: String {
        switch self {
        case .home: L("home")
        case .work: L("work")
        case .school: L("school")
        case .worship: L("worship")
        case .market: L("market")
        case .transport: L("transport")
        case .healthFacility: L("health facility")
        case .socialGathering: L("social gathering")
        case .other: L("other")
        }
    }
}

public enum Relationship: String, Codable, Sendable, CaseIterable {
    case household, family, coworker, classmate, worship
    case healthWorker = "health_worker", transport, social, other

    public var label: String {
        switch self {
        case .household: L("household")
        case .family: L("family outside the house")
        case .coworker: L("co-worker")
        case .classmate: L("classmate")
        case .worship: L("worship")
        case .healthWorker: L("health worker")
        case .transport: L("transport")
        case .social: L("social")
        case .other: L("other")
        }
    }
}

public enum Consent: String, Codable, Sendable, CaseIterable {
    case given, refused

    public var label: String {
        switch self {
        case .given: L("given")
        case .refused: L("refused")
        }
    }

    /// The draft's stored value as the desk shows it: "not asked" when empty.
    public static func label(of raw: String) -> String {
        raw.isEmpty ? L("not asked") : (Consent(rawValue: raw)?.label ?? raw)
    }
}

/// Which screen of the interview the tracer is on; journaled so a restart resumes there.
public enum InterviewStep: Codable, Sendable, Equatable, Hashable {
    case identity, symptoms, day(Day), contacts, review
}

public struct Visit: Codable, Sendable, Equatable {
    public var kind: PlaceKind
    public var place: String
    public init(kind: PlaceKind, place: String) { self.kind = kind; self.place = place }
}

/// One day of the walk: where the patient was and whom they met.
public struct DayNotes: Codable, Sendable, Equatable {
    public var visits: [Visit] = []
    /// Contact ids, in the order named.
    public var met: [String] = []
    /// The tracer asked and there was nothing to record.
    public var nothingToRecord = false
    public init() {}
    public var isEmpty: Bool { visits.isEmpty && met.isEmpty && !nothingToRecord }
}

/// A person named in the interview, as typed. Text stays text until filing, so nothing a
/// tracer typed is lost to validation.
public struct ContactDraft: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var phone = ""
    public var nik = ""
    public var nikMissingReason = ""
    public var sex = ""
    public var age = ""
    public var relationship = ""
    public var setting = ""
    /// Typed dates; when empty, the days the person was named on decide.
    public var firstExposure = ""
    public var lastExposure = ""
    public var criterion = ""
    public var notes = ""
    /// Days of the walk this person was named on.
    public var exposureDays: [Day] = []

    public init(id: String, name: String) { self.id = id; self.name = name }

    public var firstExposureDay: Day? { firstExposure.isEmpty ? exposureDays.min() : Day(parsing: firstExposure) }
    public var lastExposureDay: Day? { lastExposure.isEmpty ? exposureDays.max() : Day(parsing: lastExposure) }
}

/// The typed fields of a contact, in the order the form shows them.
public enum ContactField: String, CaseIterable, Sendable {
    case name, phone, nik, nikMissingReason, sex, age, relationship, setting
    case firstExposure, lastExposure, criterion, notes

    public var keyPath: WritableKeyPath<ContactDraft, String> {
        switch self {
        case .name: \.name
        case .phone: \.phone
        case .nik: \.nik
        case .nikMissingReason: \.nikMissingReason
        case .sex: \.sex
        case .age: \.age
        case .relationship: \.relationship
        case .setting: \.setting
        case .firstExposure: \.firstExposure
        case .lastExposure: \.lastExposure
        case .criterion: \.criterion
        case .notes: \.notes
        }
    }

    public var label: String {
        switch self {
        case .name: L("Name")
        case .phone: L("Phone")
        case .nik: L("NIK")
        case .nikMissingReason: L("No NIK because")
        case .sex: L("Sex")
        case .age: L("Age")
        case .relationship: L("Relationship")
        case .setting: L("Setting / place")
        case .firstExposure: L("First exposure")
        case .lastExposure: L("Last exposure")
        case .criterion: L("Criterion")
        case .notes: L("Notes")
        }
    }
}

/// The interview while it is being walked. Saved to the journal as the tracer moves.
public struct InterviewDraft: Codable, Sendable, Equatable {
    public var caseId: String
    public var ruleSetId: String
    public var step: InterviewStep = .identity
    public var confirmedName: String
    public var confirmedNik: String
    public var confirmedPhone: String
    public var consent = ""
    /// "yes", "no" or "" (not asked yet).
    public var symptomatic = ""
    public var onset = ""
    public var specimen = ""
    public var isolation = ""
    public var newestFirst = true
    public var days: [Day: DayNotes] = [:]
    public var contacts: [ContactDraft] = []
    public var nextContactNumber = 1
    /// A place or name typed on a day screen but not yet added: kept so a crash loses nothing.
    public var pendingPlace = ""
    public var pendingPerson = ""

    /// An empty draft of `caseId` (what a reader starts from before it sets the fields).
    public init(caseId: String, ruleSetId: String) {
        self.caseId = caseId
        self.ruleSetId = ruleSetId
        confirmedName = ""; confirmedNik = ""; confirmedPhone = ""
    }

    public init(for record: CaseRecord, rules: RuleSet) {
        caseId = record.caseId
        ruleSetId = rules.id
        confirmedName = record.name
        confirmedNik = record.nik ?? ""
        confirmedPhone = record.phones.first.map(Phone.display) ?? ""
        symptomatic = record.onsetDate == nil ? "" : "yes" // not shown: a stored value
        // Prefilled as the tracer would type them, so the lead's history of changes shows
        // one form of date and a retyped same day is no change.
        onset = record.onsetDate?.text ?? ""
        specimen = record.specimenDate?.text ?? ""
    }

    public var rules: RuleSet { RuleSet.named(ruleSetId) ?? .indonesia2021 }

    public func period(today: Day) -> InfectiousPeriod? {
        let symptomaticYes = symptomatic == "yes"
        return rules.infectiousPeriod(onset: symptomaticYes ? Day(parsing: onset) : nil,
                                      specimen: symptomaticYes ? nil : Day(parsing: specimen),
                                      isolation: Day(parsing: isolation), today: today)
    }

    /// The days in walking order.
    public func walk(today: Day) -> [Day] {
        guard let p = period(today: today) else { return [] }
        return newestFirst ? p.days.reversed() : p.days
    }

    public func contact(_ id: String) -> ContactDraft? { contacts.first { $0.id == id } }

    /// Names a new person on `day`; returns their id.
    @discardableResult
    public mutating func addContact(named name: String, on day: Day?) -> String {
        let id = "K\(nextContactNumber)"
        nextContactNumber += 1
        var c = ContactDraft(id: id, name: name)
        if let day { c.exposureDays = [day] }
        contacts.append(c)
        if let day { days[day, default: DayNotes()].met.append(id) }
        return id
    }

    /// Someone already named is met again: their exposure dates accumulate.
    public mutating func meet(_ id: String, on day: Day) {
        guard let i = contacts.firstIndex(where: { $0.id == id }) else { return }
        if !contacts[i].exposureDays.contains(day) { contacts[i].exposureDays.append(day); contacts[i].exposureDays.sort() }
        if !(days[day]?.met.contains(id) ?? false) { days[day, default: DayNotes()].met.append(id) }
    }

    /// What was typed on a day screen but not added belongs to that day: on leaving the day it
    /// is added there, never carried to the next day's fields (where one Enter would record it
    /// on the wrong day). Returns how many entries were added.
    @discardableResult
    public mutating func keepPending(on day: Day, placeKind: PlaceKind) -> Int {
        var added = 0
        let place = pendingPlace.trimmingCharacters(in: .whitespaces)
        if !place.isEmpty {
            days[day, default: DayNotes()].visits.append(Visit(kind: placeKind, place: place))
            added += 1
        }
        let person = pendingPerson.trimmingCharacters(in: .whitespaces)
        if !person.isEmpty {
            addContact(named: person, on: day)
            added += 1
        }
        if added > 0 { days[day]?.nothingToRecord = false }
        pendingPlace = ""
        pendingPerson = ""
        return added
    }

    public mutating func removeContact(_ id: String) {
        contacts.removeAll { $0.id == id }
        for d in days.keys { days[d]?.met.removeAll { $0 == id } }
    }

    public mutating func unmeet(_ id: String, on day: Day) {
        days[day]?.met.removeAll { $0 == id }
        if let i = contacts.firstIndex(where: { $0.id == id }) { contacts[i].exposureDays.removeAll { $0 == day } }
    }
}

// Drafts are journaled as they are typed, so their shape grows release by release. A field a
// draft does not have yet takes its default: older journals keep replaying (additive schema).
extension ContactDraft {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        phone = try c.decodeIfPresent(String.self, forKey: .phone) ?? ""
        nik = try c.decodeIfPresent(String.self, forKey: .nik) ?? ""
        nikMissingReason = try c.decodeIfPresent(String.self, forKey: .nikMissingReason) ?? ""
        sex = try c.decodeIfPresent(String.self, forKey: .sex) ?? ""
        age = try c.decodeIfPresent(String.self, forKey: .age) ?? ""
        relationship = try c.decodeIfPresent(String.self, forKey: .relationship) ?? ""
        setting = try c.decodeIfPresent(String.self, forKey: .setting) ?? ""
        firstExposure = try c.decodeIfPresent(String.self, forKey: .firstExposure) ?? ""
        lastExposure = try c.decodeIfPresent(String.self, forKey: .lastExposure) ?? ""
        criterion = try c.decodeIfPresent(String.self, forKey: .criterion) ?? ""
        notes = try c.decodeIfPresent(String.self, forKey: .notes) ?? ""
        exposureDays = try c.decodeIfPresent([Day].self, forKey: .exposureDays) ?? []
    }
}

extension InterviewDraft {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        caseId = try c.decode(String.self, forKey: .caseId)
        ruleSetId = try c.decodeIfPresent(String.self, forKey: .ruleSetId) ?? RuleSet.indonesia2021.id
        step = try c.decodeIfPresent(InterviewStep.self, forKey: .step) ?? .identity
        confirmedName = try c.decodeIfPresent(String.self, forKey: .confirmedName) ?? ""
        confirmedNik = try c.decodeIfPresent(String.self, forKey: .confirmedNik) ?? ""
        confirmedPhone = try c.decodeIfPresent(String.self, forKey: .confirmedPhone) ?? ""
        consent = try c.decodeIfPresent(String.self, forKey: .consent) ?? ""
        symptomatic = try c.decodeIfPresent(String.self, forKey: .symptomatic) ?? ""
        onset = try c.decodeIfPresent(String.self, forKey: .onset) ?? ""
        specimen = try c.decodeIfPresent(String.self, forKey: .specimen) ?? ""
        isolation = try c.decodeIfPresent(String.self, forKey: .isolation) ?? ""
        newestFirst = try c.decodeIfPresent(Bool.self, forKey: .newestFirst) ?? true
        days = try c.decodeIfPresent([Day: DayNotes].self, forKey: .days) ?? [:]
        contacts = try c.decodeIfPresent([ContactDraft].self, forKey: .contacts) ?? []
        nextContactNumber = try c.decodeIfPresent(Int.self, forKey: .nextContactNumber) ?? (contacts.count + 1)
        pendingPlace = try c.decodeIfPresent(String.self, forKey: .pendingPlace) ?? ""
        pendingPerson = try c.decodeIfPresent(String.self, forKey: .pendingPerson) ?? ""
    }
}

extension DayNotes {
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        visits = try c.decodeIfPresent([Visit].self, forKey: .visits) ?? []
        met = try c.decodeIfPresent([String].self, forKey: .met) ?? []
        nothingToRecord = try c.decodeIfPresent(Bool.self, forKey: .nothingToRecord) ?? false
    }
}
