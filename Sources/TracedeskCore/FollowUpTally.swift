import Foundation

/// A day's WHO figures kept as the desk moves, for the lead's team board: each follow-up's
/// part is remembered and made again only for the follow-ups changed since the last time
/// (`FollowUpTable.changed(since:)`), and the day's new cases are judged again only when
/// who the desk knows changed (`Desk.peopleRevision`). The figures are those
/// `FollowUpFigures(desk:day:clock:)` makes in a pass over everyone (the tests hold the two
/// equal on random journals); that pass was 265 ms at 10,000 cases, at every change.
public struct FollowUpTally: Sendable {
    private struct Basis: Equatable {
        var day: Day
        var team: Team?
        var clock: WallClock
        var lineage: UInt64
    }
    private var basis: Basis?
    /// How far into the desk's follow-up changes the parts are.
    private var mark = 0
    private var parts: [String: (tracer: String, counts: FollowUpFigures.Counts)] = [:]
    private var tracers: [String: FollowUpFigures.Counts] = [:]
    private var team = FollowUpFigures.Counts()
    /// Cases looked at so far (the table only grows), and those of them new on the day.
    private var scanned = 0
    private var newCases: [String] = []
    /// Which of the day's new cases were already known contacts, judged at `peopleRevision`.
    private var known: [String: Bool] = [:]
    private var peopleRevision = -1
    /// How often everyone was counted afresh, of how many looks: an open that paid shows here.
    public private(set) var madeWhole = 0, looks = 0

    public init() {}

    /// Made once and so far behind the desk's follow-up changes that the next look may find
    /// them no longer kept (and count everyone again): the app catches it up while it is closed.
    public func isFallingBehind(_ desk: Desk) -> Bool {
        basis != nil && desk.followUps.changeMark - mark > FollowUpTable.changesKept / 2
    }

    public mutating func figures(desk: Desk, day: Day, clock: WallClock) -> FollowUpFigures {
        looks += 1
        let now = Basis(day: day, team: desk.team, clock: clock, lineage: desk.followUps.lineage)
        if now != basis {
            basis = now
            madeWhole += 1
            parts = [:]; tracers = [:]; team = FollowUpFigures.Counts()
            scanned = 0; newCases = []; known = [:]; peopleRevision = -1
            for (key, f) in desk.followUps.pairs { recount(key, f, desk: desk, day: day) }
        } else if let changed = desk.followUps.changed(since: mark) {
            var seen = Set<String>()
            for key in changed where seen.insert(key).inserted { recount(key, desk.followUps[key], desk: desk, day: day) }
        } else {
            basis = nil
            return figures(desk: desk, day: day, clock: clock)
        }
        mark = desk.followUps.changeMark

        // The day's new cases: only those added since the last look are read.
        while scanned < desk.cases.count {
            let file = desk.cases[position: scanned]
            if clock.day(of: file.importedAt) == day { newCases.append(file.id) }
            scanned += 1
        }
        if desk.peopleRevision != peopleRevision {
            known = [:]
            peopleRevision = desk.peopleRevision
        }
        let unjudged = newCases.filter { known[$0] == nil }.compactMap { desk.cases[$0] }
        if !unjudged.isEmpty {
            let candidates = desk.knownContactCandidates(unjudged)
            for file in unjudged { known[file.id] = candidates.contains(file.id) && desk.wasKnownContact(file) }
        }
        return FollowUpFigures(day: day, target: desk.teamSettings(on: day).followUpTarget,
                               tracers: tracers.filter { $0.value != FollowUpFigures.Counts() }, team: team,
                               newCases: newCases.count, newCasesAlreadyContacts: known.values.filter { $0 }.count)
    }

    /// One follow-up's part made again: the old part out of its tracer's and the team's sums,
    /// the new one in.
    private mutating func recount(_ key: String, _ f: FollowUp?, desk: Desk, day: Day) {
        if let old = parts.removeValue(forKey: key) {
            tracers[old.tracer]?.remove(old.counts)
            team.remove(old.counts)
        }
        guard let f, f.since <= day else { return }
        let c = FollowUpFigures.counts(f, on: day, desk: desk)
        let tracer = f.tracer
        parts[key] = (tracer, c)
        tracers[tracer, default: FollowUpFigures.Counts()].add(c)
        team.add(c)
    }
}

/// Everyone's follow-ups in "who do I call today" order (a lead's list), kept as the desk
/// moves: each follow-up's rank is remembered and made again only for those changed since,
/// so a change costs a pass over small numbers, not a city's 500,000 statuses (1.4 s at
/// every change). The list `Desk.rankedFollowUpList(for: nil, …)` makes (the tests hold the
/// two equal on random journals). Made whole when the day, the setting or the order of the
/// follow-ups (a person linked or unlinked) moved.
public struct FollowUpRanking: Sendable {
    private struct Basis: Equatable {
        var today: Day
        var lostAfter: Int
        var lineage: UInt64
        /// A follow-up taken out and put back at the end moves every place after it, which
        /// the changed keys alone do not show.
        var cuts: Int
    }
    private var basis: Basis?
    private var mark = 0
    /// `Desk.followUpOrder` as last read, each key's rank (3: no follow-up under it) and place.
    private var order: [String] = []
    private(set) var ranks: [UInt8] = []
    private var position: [String: Int] = [:]
    /// How often everyone was ranked afresh, of how many looks: an open that paid shows here.
    public private(set) var madeWhole = 0, looks = 0

    public init() {}

    /// Made once and so far behind the desk's follow-up changes that the next look may find
    /// them no longer kept (and rank everyone again): the app catches it up while it is closed.
    public func isFallingBehind(_ desk: Desk) -> Bool {
        basis != nil && desk.followUps.changeMark - mark > FollowUpTable.changesKept / 2
    }

    /// The keys in the list's order, and how many are still to be called (ranks 0 and 1) and
    /// not yet reached today (rank 0).
    public mutating func list(desk: Desk, today: Day, lostAfter: Int) -> (keys: FollowUpRows, active: Int, notReachedToday: Int) {
        looks += 1
        func rank(_ key: String) -> UInt8 {
            guard let f = desk.followUps[key] else { return 3 }
            guard f.status(today: today, lostAfter: lostAfter).isActive else { return 2 }
            return f.reached(on: today) ? 1 : 0
        }
        let now = Basis(today: today, lostAfter: lostAfter, lineage: desk.followUps.lineage, cuts: desk.followUpOrderCuts)
        let current = desk.followUpOrder
        var whole = now != basis || current.count < order.count
        if !whole, let changed = desk.followUps.changed(since: mark) {
            // New follow-ups are added at the end; a changed one ranked again in its place,
            // unless it moved (then the order changed under it: made whole).
            for i in order.count..<current.count {
                position[current[i]] = i
                ranks.append(rank(current[i]))
            }
            order = current
            for key in Set(changed) {
                guard let p = position[key] else { continue }
                guard p < current.count, current[p] == key else { whole = true; break }
                ranks[p] = rank(key)
            }
        } else {
            whole = true
        }
        if whole {
            basis = now
            madeWhole += 1
            order = current
            ranks = order.map(rank)
            position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { _, last in last })
        }
        mark = desk.followUps.changeMark
        // Places, not keys: half a million strings copied into the list (and the old list's
        // let go) were most of a change's cost.
        var counts = [0, 0, 0, 0]
        for r in ranks { counts[Int(r)] += 1 }
        var next = [0, counts[0], counts[0] + counts[1]]
        var places = [Int32](repeating: 0, count: counts[0] + counts[1] + counts[2])
        for (i, r) in ranks.enumerated() where r < 3 {
            places[next[Int(r)]] = Int32(i)
            next[Int(r)] += 1
        }
        return (FollowUpRows(order: order, places: places), counts[0] + counts[1], counts[0])
    }
}

/// Follow-up keys in a list's order, as places in the order they are read from.
public struct FollowUpRows: RandomAccessCollection, Sendable, Equatable {
    private var order: [String]
    private var places: [Int32]

    public init(_ keys: [String] = []) {
        order = keys
        places = (0..<Int32(keys.count)).map { $0 }
    }

    init(order: [String], places: [Int32]) {
        self.order = order
        self.places = places
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { places.count }
    public subscript(i: Int) -> String { order[Int(places[i])] }

    public static func == (a: FollowUpRows, b: FollowUpRows) -> Bool { a.elementsEqual(b) }
}
