import Foundation

/// What a named contact comes to under the interview's rule set: close or not, and until when
/// they quarantine. Computed here once, for the interview's screens, the review and the filing.
public struct ContactOutcome: Equatable, Sendable {
    public var classification: Classification
    /// Set for a close contact with a last exposure: day 0 is that exposure.
    public var quarantineEnd: Day?
    public var isClose: Bool { classification.isClose }
}

extension InterviewDraft {
    /// The contact's outcome, or nil while an exposure date it rests on is refused (not a date,
    /// in the future, after isolation, outside the period, the last before the first, none):
    /// a refused date is never used for what the desk shows beside it.
    public func outcome(of c: ContactDraft, today: Day) -> ContactOutcome? {
        let refused = InterviewCheck.contact(c, in: self, today: today).contains { p in
            p.isError && (p.place == .contact(id: c.id, field: .firstExposure) || p.place == .contact(id: c.id, field: .lastExposure))
        }
        return refused ? nil : uncheckedOutcome(of: c, today: today)
    }

    /// The outcome by the rule set alone, whatever the checks say (filing files only a draft
    /// without errors).
    func uncheckedOutcome(of c: ContactDraft, today: Day) -> ContactOutcome {
        uncheckedOutcome(of: c, in: period(today: today))
    }

    /// The same in a period already worked out (a filing's contacts share one).
    func uncheckedOutcome(of c: ContactDraft, in period: InfectiousPeriod?) -> ContactOutcome {
        let last = c.lastExposureDay
        let cls = rules.classify(criterion: ContactCriterion(rawValue: c.criterion), lastExposure: last,
                                 firstExposure: c.firstExposureDay, period: period)
        return ContactOutcome(classification: cls, quarantineEnd: cls.isClose ? last.map { rules.quarantineEnd(lastExposure: $0) } : nil)
    }
}
