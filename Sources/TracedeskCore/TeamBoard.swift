import Foundation

/// The team's numbers, per tracer and in total: what a lead watches on the board and what
/// `tracedesk report` prints. "On the day" figures count what happened on `day` (WIB);
/// the others are the cases as they stand.
public struct TeamBoard: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var tracer: String
        public var name: String
        /// Holding cases but not an active tracer of the team (left, or never in the file).
        public var outsideTeam = false
        /// Cases held now, any status.
        public var assigned = 0
        /// Held and not done (includes returned and callbacks).
        public var inProgress = 0
        public var interviewedOnDay = 0
        public var returned = 0
        public var callsOnDay = 0
        /// Completed interviews filed up to the end of the day, and how many of them within
        /// 24 hours of the lab result.
        public var interviewsFiled = 0
        public var filedWithin24h = 0
        public var contactsFiled = 0
        public var callbacksOverdue = 0

        public var within24hShare: Double? { interviewsFiled == 0 ? nil : Double(filedWithin24h) / Double(interviewsFiled) }
        public var contactsPerCase: Double? { interviewsFiled == 0 ? nil : Double(contactsFiled) / Double(interviewsFiled) }
        /// Fewer contacts per filed interview than the team's target (none filed counts as 0).
        public func isBelowTarget(_ target: Int) -> Bool { (contactsPerCase ?? 0) < Double(target) }
        public var hasOverdueCallbacks: Bool { callbacksOverdue > 0 }
    }

    public var day: Day
    public var contactTarget: Int
    public var rows: [Row]
    public var total: Row
    public var unassigned: Int

    public init(desk: Desk, day: Day, now: Date, clock: WallClock = .wib) {
        self.day = day
        let team = desk.team
        contactTarget = team?.contactTarget ?? Team.defaultContactTarget
        var byId: [String: Row] = [:]
        for m in team?.activeTracers ?? [] { byId[m.id] = Row(tracer: m.id, name: m.name) }
        func row(_ id: String) -> Row {
            byId[id] ?? Row(tracer: id, name: team?.member(id)?.name ?? "", outsideTeam: true)
        }
        let endOfDay = clock.start(of: day.adding(days: 1))
        var unassigned = 0
        for c in desk.cases.values {
            if let holder = c.claimedBy {
                var r = row(holder)
                r.assigned += 1
                if !c.status.isDone { r.inProgress += 1 }
                if c.status == .returned { r.returned += 1 }
                if c.status == .callbackScheduled, let due = c.nextCallback, due < now { r.callbacksOverdue += 1 }
                byId[holder] = r
            } else if !c.status.isDone {
                unassigned += 1
            }
            for a in c.calls where clock.day(of: a.at) == day {
                var r = row(a.by)
                r.callsOnDay += 1
                byId[a.by] = r
            }
            if let by = c.filedBy, let at = c.filedAt, at < endOfDay, let filed = c.filing, filed.outcome == .completed {
                var r = row(by)
                if clock.day(of: at) == day { r.interviewedOnDay += 1 }
                r.interviewsFiled += 1
                r.contactsFiled += filed.contacts
                if at.timeIntervalSince(clock.start(of: c.record.resultDate)) <= 24 * 3600 { r.filedWithin24h += 1 }
                byId[by] = r
            }
        }
        // Someone outside the team's tracers shows only because the data name them.
        rows = byId.values.sorted { $0.tracer < $1.tracer }
        var t = Row(tracer: L("total"), name: "")
        for r in rows {
            t.assigned += r.assigned; t.inProgress += r.inProgress; t.interviewedOnDay += r.interviewedOnDay
            t.returned += r.returned; t.callsOnDay += r.callsOnDay; t.interviewsFiled += r.interviewsFiled
            t.filedWithin24h += r.filedWithin24h; t.contactsFiled += r.contactsFiled; t.callbacksOverdue += r.callbacksOverdue
        }
        total = t
        self.unassigned = unassigned
    }

    /// The board's columns, in order: what the screen shows, sorts by, and the report prints.
    public enum Column: String, CaseIterable, Sendable {
        case tracer, assigned, inProgress = "in_progress", interviewed = "interviewed", returned
        case calls, within24h = "within_24h", contactsPerCase = "contacts_per_case", callbacksOverdue = "callbacks_overdue"

        public var heading: String {
            switch self {
            case .tracer: L("Tracer")
            case .assigned: L("Cases")
            case .inProgress: L("Open")
            case .interviewed: L("Interviewed")
            case .returned: L("Returned")
            case .calls: L("Calls")
            case .within24h: "≤24h"
            case .contactsPerCase: L("Contacts/case")
            case .callbacksOverdue: L("Overdue")
            }
        }

        /// The value to sort by (higher first, except the tracer id).
        public func key(_ r: Row) -> Double {
            switch self {
            case .tracer: 0
            case .assigned: Double(r.assigned)
            case .inProgress: Double(r.inProgress)
            case .interviewed: Double(r.interviewedOnDay)
            case .returned: Double(r.returned)
            case .calls: Double(r.callsOnDay)
            case .within24h: r.within24hShare ?? -1
            case .contactsPerCase: r.contactsPerCase ?? -1
            case .callbacksOverdue: Double(r.callbacksOverdue)
            }
        }

        /// The cell as text: shares as whole per cent, averages to one decimal.
        public func text(_ r: Row) -> String {
            switch self {
            case .tracer: r.tracer
            case .assigned: "\(r.assigned)"
            case .inProgress: "\(r.inProgress)"
            case .interviewed: "\(r.interviewedOnDay)"
            case .returned: "\(r.returned)"
            case .calls: "\(r.callsOnDay)"
            case .within24h: r.within24hShare.map { L("\(Int(($0 * 100).rounded()))%") } ?? "—"
            case .contactsPerCase: r.contactsPerCase.map { String(format: "%.1f", $0) } ?? "—"
            case .callbacksOverdue: "\(r.callbacksOverdue)"
            }
        }
    }

    public func sorted(by column: Column) -> [Row] {
        column == .tracer ? rows : rows.sorted { (column.key($0), $1.tracer) > (column.key($1), $0.tracer) }
    }
}
