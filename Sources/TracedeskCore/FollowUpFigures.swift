import Foundation

/// WHO's contact-tracing figures for a day, per tracer and for the team.
///
/// Two kinds of figure, named so in every output:
/// - **on the day**: contacts under follow-up that day (from the day the office took them on
///   to their quarantine end, counted on the day they complete or become a case too), those
///   reached that day (the share against the team's target, 80 % in Indonesia), and those who
///   completed, were lost or became cases that day;
/// - **to date** (up to the end of the day): everyone followed so far, those who completed,
///   those whose follow-up stands at lost, and those who became cases — WHO's shares of
///   completed and lost are over these. They are outcomes, one per contact: a contact lost for
///   a while and then reached to the end counts as completed, not lost, so the text says
///   "still lost" (a tester read "lost 0" as "nobody was ever lost").
/// The share of the day's new cases that were already known contacts is on the day too.
/// Settings (lost after N days, the target) are those the team had on that day.
public struct FollowUpFigures: Sendable, Equatable, Encodable {
    public struct Counts: Sendable, Equatable, Encodable {
        // On the day.
        public var underFollowUp = 0
        public var reached = 0
        public var lost = 0
        public var completed = 0
        public var convertedToCases = 0
        // To date.
        public var followedToDate = 0
        public var lostToDate = 0
        public var completedToDate = 0
        public var convertedToCasesToDate = 0
        public init() {}
        /// reached / under follow-up, nil when nobody is under follow-up.
        public var reachedShare: Double? { underFollowUp == 0 ? nil : Double(reached) / Double(underFollowUp) }

        enum CodingKeys: String, CodingKey { // not shown: JSON keys
            case underFollowUp = "under_follow_up", reached, reachedShare = "reached_share", lost = "lost_on_day" // not shown: JSON keys
            case completed = "completed_on_day", convertedToCases = "converted_to_cases_on_day" // not shown: JSON keys
            case followedToDate = "followed_to_date", lostToDate = "lost_to_date", completedToDate = "completed_to_date" // not shown: JSON keys
            case convertedToCasesToDate = "converted_to_cases_to_date" // not shown: JSON keys
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(underFollowUp, forKey: .underFollowUp); try c.encode(reached, forKey: .reached)
            try c.encode(reachedShare, forKey: .reachedShare); try c.encode(lost, forKey: .lost)
            try c.encode(completed, forKey: .completed); try c.encode(convertedToCases, forKey: .convertedToCases)
            try c.encode(followedToDate, forKey: .followedToDate); try c.encode(lostToDate, forKey: .lostToDate)
            try c.encode(completedToDate, forKey: .completedToDate); try c.encode(convertedToCasesToDate, forKey: .convertedToCasesToDate)
        }

        /// The keys in JSON's order, for the report's csv and jsonl columns.
        public static let keys = ["under_follow_up", "reached", "reached_share", "lost_on_day", "completed_on_day", // not shown: JSON keys
                                  "converted_to_cases_on_day", "followed_to_date", "lost_to_date", "completed_to_date", // not shown: JSON keys
                                  "converted_to_cases_to_date"] // not shown: JSON keys
        mutating func remove(_ o: Counts) {
            underFollowUp -= o.underFollowUp; reached -= o.reached; lost -= o.lost; completed -= o.completed
            convertedToCases -= o.convertedToCases; followedToDate -= o.followedToDate; lostToDate -= o.lostToDate
            completedToDate -= o.completedToDate; convertedToCasesToDate -= o.convertedToCasesToDate
        }
        mutating func add(_ o: Counts) {
            underFollowUp += o.underFollowUp; reached += o.reached; lost += o.lost; completed += o.completed
            convertedToCases += o.convertedToCases; followedToDate += o.followedToDate; lostToDate += o.lostToDate
            completedToDate += o.completedToDate; convertedToCasesToDate += o.convertedToCasesToDate
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

    init(day: Day, target: Int, tracers: [String: Counts], team: Counts, newCases: Int, newCasesAlreadyContacts: Int) {
        self.day = day; self.target = target; self.tracers = tracers; self.team = team
        self.newCases = newCases; self.newCasesAlreadyContacts = newCasesAlreadyContacts
    }

    /// The figures in one pass over everyone: `report`'s, and the oracle of `FollowUpTally`,
    /// which the team board keeps as the desk moves.
    public init(desk: Desk, day: Day, clock: WallClock) {
        self.day = day
        target = desk.teamSettings(on: day).followUpTarget
        var tracers: [String: Counts] = [:]
        var team = Counts()
        for whole in desk.followUps.values where whole.since <= day {
            let c = FollowUpFigures.counts(whole, on: day, desk: desk)
            let tracer = whole.asOf(day).tracer
            tracers[tracer, default: Counts()].add(c)
            team.add(c)
        }
        self.tracers = tracers
        self.team = team
        let new = desk.cases.values.filter { clock.day(of: $0.importedAt) == day }
        newCases = new.count
        let candidates = desk.knownContactCandidates(new)
        newCasesAlreadyContacts = new.filter { candidates.contains($0.id) && desk.wasKnownContact($0) }.count
    }

    /// One follow-up's part in a day's figures.
    static func counts(_ whole: FollowUp, on day: Day, desk: Desk) -> Counts {
        var c = Counts()
        let f = whole.asOf(day)
        let now = desk.status(of: f, on: day)
        // How it stood the evening before: finished then, it is not under follow-up today.
        let before: FollowUpStatus? = f.since < day ? desk.status(of: whole.asOf(day.adding(days: -1)), on: day.adding(days: -1)) : nil
        let finishedBefore = before == .completed || before == .convertedToCase
        let inQuarantine = f.quarantineEnd.map { day <= $0 } ?? true
        c.followedToDate = 1
        if inQuarantine && !finishedBefore {
            c.underFollowUp = 1
            if f.reached(on: day) { c.reached = 1 }
        }
        switch now {
        case .completed:
            c.completedToDate = 1
            if before != .completed { c.completed = 1 }
        case .convertedToCase:
            c.convertedToCasesToDate = 1
            if before != .convertedToCase { c.convertedToCases = 1 }
        case .lost:
            c.lostToDate = 1
            if before != .lost { c.lost = 1 }
        case .underFollowUp, .symptomatic, .ended: break
        }
        return c
    }

    /// "on the day: under 3 · reached 2 (67 %, target 80 %) · lost 1 · completed 0 · became cases 1; to date: …"
    public static func line(_ c: Counts, target: Int) -> String {
        let share = c.reachedShare.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" // not shown: JSON keys / a number with its sign
        return L("follow-up on the day: \(c.underFollowUp) under · reached \(c.reached) (\(share), target \(target) %) · lost \(c.lost) · completed \(c.completed) · became cases \(c.convertedToCases); to date: \(c.followedToDate) followed · still lost \(c.lostToDate) · completed \(c.completedToDate) · became cases \(c.convertedToCasesToDate)")
    }
}

extension Desk {
    /// Of `cases`, those that may have been a known contact: made from or linked to one, or
    /// sharing a NIK or phone with a filed close contact (found in the index of people).
    /// The board asks `PersonMatcher` only about these; a match by name, age and kelurahan
    /// alone counts once a tracer or the data person linked it.
    public func knownContactCandidates(_ cases: [CaseFile]) -> Set<String> {
        guard !cases.isEmpty else { return [] }
        let linked = Set(linkedCase.values)
        return Set(cases.lazy.filter { c in
            self.convertedFrom[c.id] != nil || linked.contains(c.id) || self.hasFiledContact(sharingNIKOrPhoneWith: c.record)
        }.map(\.id))
    }

    /// The same by a pass over every filing's contacts: the oracle of the index's answer.
    public func knownContactCandidatesByScanning(_ cases: [CaseFile]) -> Set<String> {
        guard !cases.isEmpty else { return [] }
        var out: Set<String> = []
        var niks: Set<String> = [], phones: Set<String> = []
        for file in self.cases.values {
            for seed in file.filing?.followUp ?? [] {
                if let k = PersonMatcher.nikKey(seed.nik) { niks.insert(k) }
                if let k = PersonMatcher.phoneKey(seed.phone) { phones.insert(k) }
            }
        }
        let linked = Set(linkedCase.values)
        for c in cases {
            if convertedFrom[c.id] != nil || linked.contains(c.id)
                || PersonMatcher.nikKey(c.record.nik).map(niks.contains) == true
                || c.record.phones.contains(where: { PersonMatcher.phoneKey($0).map(phones.contains) == true }) {
                out.insert(c.id)
            }
        }
        return out
    }

    /// Whether a case was already a known contact when it came: made from a contact's
    /// positive test, linked to a contact, or the same person (by `PersonMatcher`, the rule
    /// every match uses) as a close contact filed before the case arrived and not kept apart.
    public func wasKnownContact(_ file: CaseFile) -> Bool {
        if convertedFrom[file.id] != nil || linkedCase.values.contains(file.id) { return true }
        return PersonMatcher.matches(PersonQuery(file.record), in: self).contains { m in
            guard case .contact(let contactId, let source) = m.known else { return false }
            if personDecisions[contactId]?.contains("case:" + file.id) == true { return false } // not shown: a decision's key
            return (cases[source]?.filedAt ?? .distantFuture) <= file.importedAt
        }
    }
}
