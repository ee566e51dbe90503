import Foundation

/// WHO's contact-tracing figures for a day, per tracer and for the team: contacts under
/// follow-up, the share reached that day (against the team's target, 80 % in Indonesia), lost
/// to follow-up, completed, converted to cases, and the share of the day's new cases that were
/// already known contacts.
public struct FollowUpFigures: Sendable, Equatable, Encodable {
    public struct Counts: Sendable, Equatable, Encodable {
        public var underFollowUp = 0
        public var reached = 0
        public var lost = 0
        public var completed = 0
        public var convertedToCases = 0
        /// reached / under follow-up, nil when nobody is under follow-up.
        public init() {}
        public var reachedShare: Double? { underFollowUp == 0 ? nil : Double(reached) / Double(underFollowUp) }

        enum CodingKeys: String, CodingKey { case underFollowUp = "under_follow_up", reached, reachedShare = "reached_share", lost, completed, convertedToCases = "converted_to_cases" } // not shown: JSON keys / a number with its sign
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(underFollowUp, forKey: .underFollowUp); try c.encode(reached, forKey: .reached)
            try c.encode(reachedShare, forKey: .reachedShare); try c.encode(lost, forKey: .lost)
            try c.encode(completed, forKey: .completed); try c.encode(convertedToCases, forKey: .convertedToCases)
        }
    }

    public var day: Day
    /// Per cent of those under follow-up to reach each day.
    public var target: Int
    public var tracers: [String: Counts]
    public var team: Counts
    public var newCases: Int
    public var newCasesAlreadyContacts: Int
    public var newCasesKnownShare: Double? { newCases == 0 ? nil : Double(newCasesAlreadyContacts) / Double(newCases) }

    enum CodingKeys: String, CodingKey { case day, target, tracers, team, newCases = "new_cases", newCasesAlreadyContacts = "new_cases_already_contacts", newCasesKnownShare = "new_cases_known_share" } // not shown: JSON keys / a number with its sign
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(day.iso, forKey: .day); try c.encode(target, forKey: .target)
        try c.encode(tracers, forKey: .tracers); try c.encode(team, forKey: .team)
        try c.encode(newCases, forKey: .newCases); try c.encode(newCasesAlreadyContacts, forKey: .newCasesAlreadyContacts)
        try c.encode(newCasesKnownShare, forKey: .newCasesKnownShare)
    }

    public init(desk: Desk, day: Day, clock: WallClock) {
        self.day = day
        target = desk.team?.followUpTarget ?? Team.defaultFollowUpTarget
        let lostAfter = desk.team?.lostAfterDays ?? Team.defaultLostAfterDays
        var tracers: [String: Counts] = [:]
        var team = Counts()
        for whole in desk.followUps.values where whole.since <= day {
            let f = whole.asOf(day)
            var c = tracers[f.tracer] ?? Counts()
            let status = f.status(today: day, lostAfter: lostAfter)
            switch status {
            case .underFollowUp, .symptomatic, .lost:
                c.underFollowUp += 1; team.underFollowUp += 1
                if f.reached(on: day) { c.reached += 1; team.reached += 1 }
                if status == .lost { c.lost += 1; team.lost += 1 }
            case .completed: c.completed += 1; team.completed += 1
            case .convertedToCase: c.convertedToCases += 1; team.convertedToCases += 1
            case .ended: break
            }
            tracers[f.tracer] = c
        }
        self.tracers = tracers
        self.team = team
        let known = Set(desk.convertedFrom.keys).union(desk.linkedCase.values)
        let new = desk.cases.values.filter { clock.day(of: $0.importedAt) == day }
        newCases = new.count
        newCasesAlreadyContacts = new.filter { known.contains($0.id) }.count
    }

    /// "under 3 · reached 2 (67 %, target 80 %) · lost 1 · completed 0 · cases 1"
    public static func line(_ c: Counts, target: Int) -> String {
        let share = c.reachedShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" // not shown: JSON keys / a number with its sign
        return L("follow-up: \(c.underFollowUp) under · reached today \(c.reached) (\(share), target \(target) %) · lost \(c.lost) · completed \(c.completed) · became cases \(c.convertedToCases)")
    }
}
