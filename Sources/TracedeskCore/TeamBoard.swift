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

    /// `team`: the team as it stood on a past day (`Team.asItStood`), for its target and
    /// tracers; nil, the desk's team as it is now.
    public init(desk: Desk, day: Day, now: Date, clock: WallClock = .wib, team asItStood: Team? = nil) {
        self.day = day
        let team = asItStood ?? desk.team
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

    /// The board from rows already summed (`TeamBoardTally`): the total is theirs.
    init(day: Day, contactTarget: Int, rows: [Row], unassigned: Int) {
        self.day = day
        self.contactTarget = contactTarget
        self.rows = rows
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
            // "h" reads as hari (days) in Indonesian: the unit in the desk's language.
            case .within24h: L("≤24h")
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
            case .contactsPerCase: r.contactsPerCase.map { Localization.language.oneDecimal($0) } ?? "—"
            case .callbacksOverdue: "\(r.callbacksOverdue)"
            }
        }
    }

    public func sorted(by column: Column) -> [Row] {
        column == .tracer ? rows : rows.sorted { (column.key($0), $1.tracer) > (column.key($1), $0.tracer) }
    }
}

/// The team board kept as the desk moves, for the lead's screen: each case's part of the
/// tracers' rows is remembered and made again only for the cases changed since the last look
/// (`CaseTable.changed(since:)`), not for a city's 100,000 at every change. Overdue callbacks,
/// the one figure that moves with the clock alone, are counted at each look from the cases
/// waiting for a callback. The board is the one `TeamBoard(desk:day:now:clock:)` makes in a
/// pass over every case (the tests hold the two equal on random journals); made whole when
/// the day, the team or the desk (a replay afresh) changed, or the changes it missed are no
/// longer kept.
public struct TeamBoardTally: Sendable {
    private struct Basis: Equatable {
        var day: Day
        var team: Team?
        var clock: WallClock
        var lineage: UInt64
    }
    /// A case's figures in one tracer's row (all but the overdue callbacks).
    private struct Counts: Equatable {
        var assigned = 0, inProgress = 0, interviewedOnDay = 0, returned = 0, callsOnDay = 0
        var interviewsFiled = 0, filedWithin24h = 0, contactsFiled = 0

        mutating func add(_ o: Counts, _ sign: Int) {
            assigned += sign * o.assigned; inProgress += sign * o.inProgress; interviewedOnDay += sign * o.interviewedOnDay
            returned += sign * o.returned; callsOnDay += sign * o.callsOnDay; interviewsFiled += sign * o.interviewsFiled
            filedWithin24h += sign * o.filedWithin24h; contactsFiled += sign * o.contactsFiled
        }
    }
    /// One case's part: the rows it adds to, and whether it is an open case nobody holds.
    private struct Part {
        var rows: [(tracer: String, counts: Counts)] = []
        var unassigned = false

        mutating func add(_ tracer: String, _ change: (inout Counts) -> Void) {
            if let i = rows.firstIndex(where: { $0.tracer == tracer }) {
                change(&rows[i].counts)
            } else {
                var c = Counts()
                change(&c)
                rows.append((tracer, c))
            }
        }
    }
    private var basis: Basis?
    /// How far into the desk's case changes the parts are.
    private var mark = 0
    /// Each case's part, by its position in the desk's table.
    private var parts: [Part] = []
    private var sums: [String: Counts] = [:]
    private var unassigned = 0
    /// Cases waiting for their holder's callback, by position: when it is due.
    private var callbacks: [Int: (holder: String, due: Date)] = [:]
    /// How often every case was counted afresh, of how many looks: an open that paid shows here.
    public private(set) var madeWhole = 0, looks = 0

    public init() {}

    /// Made once and so far behind the desk's case changes that the next look may find them
    /// no longer kept (and pass over every case again): the app catches it up while it is closed.
    public func isFallingBehind(_ desk: Desk) -> Bool {
        basis != nil && desk.cases.changeMark - mark > CaseTable.changesKept / 2
    }

    public mutating func board(desk: Desk, day: Day, now: Date, clock: WallClock) -> TeamBoard {
        looks += 1
        let current = Basis(day: day, team: desk.team, clock: clock, lineage: desk.cases.lineage)
        if current != basis {
            basis = current
            madeWhole += 1
            parts = []; sums = [:]; unassigned = 0; callbacks = [:]
            parts.reserveCapacity(desk.cases.count)
            for p in 0..<desk.cases.count { recount(p, desk: desk, day: day, clock: clock) }
        } else if let changed = desk.cases.changed(since: mark) {
            for p in changed { recount(p, desk: desk, day: day, clock: clock) }
        } else {
            basis = nil
            return board(desk: desk, day: day, now: now, clock: clock)
        }
        mark = desk.cases.changeMark

        let team = desk.team
        var rows: [String: TeamBoard.Row] = [:]
        for m in team?.activeTracers ?? [] { rows[m.id] = TeamBoard.Row(tracer: m.id, name: m.name) }
        func row(_ id: String) -> TeamBoard.Row {
            rows[id] ?? TeamBoard.Row(tracer: id, name: team?.member(id)?.name ?? "", outsideTeam: true)
        }
        // Someone outside the team's tracers shows only while some case counts for them.
        for (id, c) in sums where c != Counts() {
            var r = row(id)
            r.assigned = c.assigned; r.inProgress = c.inProgress; r.interviewedOnDay = c.interviewedOnDay
            r.returned = c.returned; r.callsOnDay = c.callsOnDay; r.interviewsFiled = c.interviewsFiled
            r.filedWithin24h = c.filedWithin24h; r.contactsFiled = c.contactsFiled
            rows[id] = r
        }
        for (holder, due) in callbacks.values where due < now {
            var r = row(holder)
            r.callbacksOverdue += 1
            rows[holder] = r
        }
        return TeamBoard(day: day, contactTarget: team?.contactTarget ?? Team.defaultContactTarget,
                         rows: rows.values.sorted { $0.tracer < $1.tracer }, unassigned: unassigned)
    }

    /// One case's part made again: the old part out of the sums, the new one in.
    private mutating func recount(_ position: Int, desk: Desk, day: Day, clock: WallClock) {
        if position < parts.count {
            for (tracer, c) in parts[position].rows { sums[tracer]?.add(c, -1) }
            if parts[position].unassigned { unassigned -= 1 }
        } else {
            // Cases are only ever added at the end.
            parts.append(Part())
        }
        callbacks[position] = nil
        let c = desk.cases[position: position]
        var part = Part()
        if let holder = c.claimedBy {
            part.add(holder) { r in
                r.assigned += 1
                if !c.status.isDone { r.inProgress += 1 }
                if c.status == .returned { r.returned += 1 }
            }
            if c.status == .callbackScheduled, let due = c.nextCallback { callbacks[position] = (holder, due) }
        } else if !c.status.isDone {
            part.unassigned = true
            unassigned += 1
        }
        for a in c.calls where clock.day(of: a.at) == day {
            part.add(a.by) { $0.callsOnDay += 1 }
        }
        let endOfDay = clock.start(of: day.adding(days: 1))
        if let by = c.filedBy, let at = c.filedAt, at < endOfDay, let filed = c.filing, filed.outcome == .completed {
            part.add(by) { r in
                if clock.day(of: at) == day { r.interviewedOnDay += 1 }
                r.interviewsFiled += 1
                r.contactsFiled += filed.contacts
                if at.timeIntervalSince(clock.start(of: c.record.resultDate)) <= 24 * 3600 { r.filedWithin24h += 1 }
            }
        }
        for (tracer, counts) in part.rows { sums[tracer, default: Counts()].add(counts, 1) }
        parts[position] = part
    }
}
