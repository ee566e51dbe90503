/// Which close-contact criterion applies (Kemenkes = WHO; July 2021 field shorthand included).
public enum ContactCriterion: String, Codable, Sendable, CaseIterable {
    case faceToFace = "face_to_face"
    case physicalContact = "physical_contact"
    case caregivingWithoutPPE = "caregiving_no_ppe"
    case sameHousehold = "same_household"
    case otherAssessment = "other_assessment"
    /// Met, but none of the criteria holds: named for completeness, not a close contact.
    case none

    public var label: String {
        switch self {
        case .faceToFace: L("≥ 15 min within 1 m, face to face")
        case .physicalContact: L("direct physical contact")
        case .caregivingWithoutPPE: L("cared for the case without PPE")
        case .sameHousehold: L("same household")
        case .otherAssessment: L("other (by local risk assessment)")
        case .none: L("none of these (not close)")
        }
    }
}

/// A named, versioned rule set: the infectious period, what makes a close contact, and how long
/// quarantine lasts. Day 0 is the day of last exposure: quarantine ends on last exposure +
/// `quarantineDays` (so 14 days after a Monday exposure ends on the Monday two weeks later).
public struct RuleSet: Sendable, Equatable, Identifiable {
    public let id: String
    public let name: String
    public let version: Int
    public let source: String
    /// Days before onset (symptomatic) the period starts.
    public let daysBeforeOnset: Int
    /// Days after onset the period ends; nil = until isolation.
    public let daysAfterOnset: Int?
    /// Days before the specimen date (asymptomatic) the period starts.
    public let daysBeforeSpecimen: Int
    /// Days after the specimen date (asymptomatic) the period ends; nil = until isolation.
    public let daysAfterSpecimen: Int?
    /// Quarantine length without a test, counted from day 0 = last exposure.
    public let quarantineDays: Int
    /// A negative exit test on this day ends quarantine (Indonesia: day 5; CDC: day 7).
    public let exitTestDay: Int?
    /// Onset more than this many days after the specimen date is flagged as unlikely.
    public let maxOnsetAfterSpecimen: Int
    public let criteria: [ContactCriterion]

    public static let indonesia2021 = RuleSet(
        id: "id-2021", name: L("Indonesia 2021 (Kemenkes)"), version: 1, // not shown: a rule set id
        source: L("KMK HK.01.07/MENKES/4641/2021"),
        daysBeforeOnset: 2, daysAfterOnset: 14, daysBeforeSpecimen: 2, daysAfterSpecimen: nil,
        quarantineDays: 14, exitTestDay: 5, maxOnsetAfterSpecimen: 7,
        criteria: [.faceToFace, .physicalContact, .caregivingWithoutPPE, .sameHousehold, .otherAssessment])

    public static let who2021 = RuleSet(
        id: "who-2021", name: L("WHO 2021"), version: 1, // not shown: a rule set id
        source: L("WHO, Contact tracing in the context of COVID-19, interim guidance, 1 Feb 2021"),
        daysBeforeOnset: 2, daysAfterOnset: 10, daysBeforeSpecimen: 2, daysAfterSpecimen: 10,
        quarantineDays: 14, exitTestDay: nil, maxOnsetAfterSpecimen: 7,
        criteria: [.faceToFace, .physicalContact, .caregivingWithoutPPE, .sameHousehold, .otherAssessment])

    public static let cdc2020 = RuleSet(
        id: "cdc-2020", name: L("CDC Dec 2020"), version: 1, // not shown: a rule set id
        source: L("CDC, Options to Reduce Quarantine for Contacts, 2 Dec 2020"),
        daysBeforeOnset: 2, daysAfterOnset: nil, daysBeforeSpecimen: 2, daysAfterSpecimen: nil,
        quarantineDays: 10, exitTestDay: 7, maxOnsetAfterSpecimen: 7,
        criteria: [.faceToFace, .physicalContact, .caregivingWithoutPPE, .sameHousehold, .otherAssessment])

    public static let all: [RuleSet] = [indonesia2021, who2021, cdc2020]

    public static func named(_ id: String) -> RuleSet? { all.first { $0.id == id } }

    /// The part of the infectious period the interview walks: from its start to the earliest of
    /// the rule's end, the day isolation began, and today.
    public func infectiousPeriod(onset: Day?, specimen: Day?, isolation: Day?, today: Day) -> InfectiousPeriod? {
        let start: Day
        var end: Day?
        if let onset {
            start = onset.adding(days: -daysBeforeOnset)
            end = daysAfterOnset.map { onset.adding(days: $0) }
        } else if let specimen {
            start = specimen.adding(days: -daysBeforeSpecimen)
            end = daysAfterSpecimen.map { specimen.adding(days: $0) }
        } else {
            return nil
        }
        var last = min(end ?? today, today)
        if let isolation { last = min(last, isolation) }
        guard last >= start else { return nil }
        return InfectiousPeriod(start: start, end: last)
    }

    /// Day 0 = last exposure. A negative exit test on `exitTestDay` or later ends it early.
    public func quarantineEnd(lastExposure: Day, negativeExitTestOn: Day? = nil) -> Day {
        let full = lastExposure.adding(days: quarantineDays)
        if let test = negativeExitTestOn, let d = exitTestDay, test.days(since: lastExposure) >= d {
            return min(full, test)
        }
        return full
    }

    /// Close when a criterion holds and the exposure fell inside the infectious period.
    public func classify(criterion: ContactCriterion?, lastExposure: Day?, firstExposure: Day?,
                         period: InfectiousPeriod?) -> Classification {
        guard let criterion, criterion != .none, criteria.contains(criterion) else { return .notClose(L("no close-contact criterion holds")) }
        guard let period, let last = lastExposure else { return .notClose(L("no exposure date")) }
        let first = firstExposure ?? last
        if last < period.start || first > period.end {
            return .notClose(L("met outside the infectious period"))
        }
        return .close
    }
}

public enum Classification: Equatable, Sendable {
    case close
    case notClose(String)

    public var isClose: Bool { self == .close }
    public var label: String {
        switch self {
        case .close: L("close contact")
        case .notClose(let why): L("not close (\(why))")
        }
    }
}

public struct InfectiousPeriod: Equatable, Sendable, Codable {
    public var start: Day
    public var end: Day
    public init(start: Day, end: Day) { self.start = start; self.end = end }
    public var dayCount: Int { end.days(since: start) + 1 }
    public var days: [Day] { (0..<dayCount).map { start.adding(days: $0) } }
    public func contains(_ d: Day) -> Bool { d >= start && d <= end }
}
