import Foundation

/// Which cases the tracer is looking at.
public enum QueueScope: String, Sendable, CaseIterable {
    case mine, unassigned, all
    public var label: String {
        switch self {
        case .mine: L("mine")
        case .unassigned: L("unassigned")
        case .all: L("all")
        }
    }
}

/// Status filter; `open` hides what needs nothing more from a digital tracer.
public enum StatusFilter: Sendable, Equatable {
    case open
    case any
    case only(CaseStatus)

    public var label: String {
        switch self {
        case .open: L("still open")
        case .any: L("any status")
        case .only(let s): s.label
        }
    }

    /// The order the filter key steps through.
    public static let cycle: [StatusFilter] = [.open, .any] + CaseStatus.allCases.map { .only($0) }

    public func next() -> StatusFilter {
        let i = StatusFilter.cycle.firstIndex(of: self) ?? 0
        return StatusFilter.cycle[(i + 1) % StatusFilter.cycle.count]
    }

    func admits(_ s: CaseStatus) -> Bool {
        switch self {
        case .open: !s.isDone
        case .any: true
        case .only(let x): s == x
        }
    }
}

public struct QueueQuery: Sendable, Equatable {
    public var scope: QueueScope
    public var status: StatusFilter
    public var search: String

    public init(scope: QueueScope = .all, status: StatusFilter = .open, search: String = "") {
        self.scope = scope; self.status = status; self.search = search
    }
}

/// The header's counts.
public struct QueueCounts: Sendable, Equatable {
    public var waiting = 0
    public var callbacksDue = 0
    public var doneToday = 0
    public init() {}
}

extension Desk {
    /// The queue in working order: interviews a lead returned and callbacks due now first
    /// (returned, then the earliest due), then the
    /// oldest lab result first, since the longer a case waits the more contacts go unwarned.
    public func queue(_ q: QueueQuery, tracer: String, now: Date) -> [CaseFile] {
        queuePositions(q, tracer: tracer, now: now).map { cases[position: $0] }
    }

    /// The same queue as positions in `cases`: what a screen keeps.
    public func queuePositions(_ q: QueueQuery, tracer: String, now: Date) -> [Int] {
        let needle = SearchText.needle(q.search)
        // Sort small keys, not whole case files: moving those costs more than comparing.
        // A returned interview comes first: its contacts wait until the tracer fixes it.
        var keys: [(due: Bool, callback: Double, result: Int, imported: Double, position: Int)] = []
        keys.reserveCapacity(cases.count)
        // Fields are read in place (`all[i].x`): binding a whole case file per row would
        // retain and release every string in it, 100,000 times per key typed.
        let hits = needle.isEmpty ? [] : cases.matches(needle)
        cases.values.withUnsafeBufferPointer { buffer in
            let all = buffer.baseAddress!
            for position in buffer.indices {
                guard q.status.admits(all[position].status) else { continue }
                switch q.scope {
                case .mine: guard all[position].claimedBy == tracer else { continue }
                case .unassigned: guard all[position].claimedBy == nil else { continue }
                case .all: break
                }
                if !needle.isEmpty && !hits[position] { continue }
                // Only the tracer's own (or nobody's) callbacks and returned interviews jump the
                // queue: another tracer's callback is theirs to make.
                var due = all[position].isCallbackDue(at: now) || all[position].status == .returned
                if due, let holder = all[position].claimedBy, holder != tracer { due = false }
                keys.append((due, due ? all[position].nextCallback?.timeIntervalSince1970 ?? 0 : 0, all[position].record.resultDate.ordinal,
                             all[position].importedAt.timeIntervalSince1970, position))
            }
        }
        keys.sort { a, b in
            if a.due != b.due { return a.due }
            if a.callback != b.callback { return a.callback < b.callback }
            if a.result != b.result { return a.result < b.result }
            if a.imported != b.imported { return a.imported < b.imported }
            return a.position < b.position // the line list's own order
        }
        return keys.map(\.position)
    }

    public func counts(now: Date, clock: WallClock) -> QueueCounts {
        var c = QueueCounts()
        let today = clock.day(of: now)
        cases.values.withUnsafeBufferPointer { buffer in
            let all = buffer.baseAddress!
            for i in buffer.indices {
                if all[i].status == .waiting { c.waiting += 1 }
                if all[i].isCallbackDue(at: now) { c.callbacksDue += 1 }
                if let d = all[i].doneAt, all[i].status.isDone, clock.day(of: d) == today { c.doneToday += 1 }
            }
        }
        return c
    }
}

/// The queue header's counts kept as the desk moves: each case's part (waiting, the day it was
/// done) counted again only when the case changed since the last look, where `Desk.counts`
/// passed every case at every change (most of a lead's 32 ms at 100,000 cases). What the
/// clock moves alone is read at each look: callbacks falling due, from the cases waiting for
/// one, and "done today" from the count of each day, so a new day needs no pass. The counts
/// `Desk.counts` makes (the tests hold the two equal on random journals); made whole when
/// the clock's zone or the desk (a replay afresh) changed, or the changes it missed are no
/// longer kept.
public struct QueueCountsTally: Sendable {
    private struct Basis: Equatable {
        var clock: WallClock
        var lineage: UInt64
    }
    /// One case's part: whether it waits, and the day it was done (when it is).
    private struct Part {
        var waiting = false
        var doneOn: Day?
    }
    private var basis: Basis?
    private var mark = 0
    private var parts: [Part] = []
    private var waiting = 0
    private var doneOn: [Day: Int] = [:]
    /// Cases waiting for a callback, by position: when it falls due.
    private var callbacks: [Int: Date] = [:]
    /// How often every case was counted afresh.
    public private(set) var madeWhole = 0

    public init() {}

    public mutating func counts(desk: Desk, now: Date, clock: WallClock) -> QueueCounts {
        let current = Basis(clock: clock, lineage: desk.cases.lineage)
        if current == basis, let changed = desk.cases.changed(since: mark) {
            for p in changed { recount(p, desk: desk, clock: clock) }
        } else {
            basis = current
            madeWhole += 1
            parts = []; waiting = 0; doneOn = [:]; callbacks = [:]
            parts.reserveCapacity(desk.cases.count)
            for p in 0..<desk.cases.count { recount(p, desk: desk, clock: clock) }
        }
        mark = desk.cases.changeMark
        var c = QueueCounts()
        c.waiting = waiting
        c.doneToday = doneOn[clock.day(of: now)] ?? 0
        for due in callbacks.values where due <= now { c.callbacksDue += 1 }
        return c
    }

    /// One case's part made again: the old part out of the counts, the new one in.
    private mutating func recount(_ position: Int, desk: Desk, clock: WallClock) {
        if position < parts.count {
            let old = parts[position]
            if old.waiting { waiting -= 1 }
            if let d = old.doneOn { doneOn[d, default: 0] -= 1 }
        } else {
            // Cases are only ever added at the end.
            parts.append(Part())
        }
        let c = desk.cases[position: position]
        var part = Part()
        if c.status == .waiting { part.waiting = true; waiting += 1 }
        if c.status.isDone, let at = c.doneAt {
            let day = clock.day(of: at)
            part.doneOn = day
            doneOn[day, default: 0] += 1
        }
        // As `CaseFile.isCallbackDue` asks, at each look.
        callbacks[position] = c.status == .callbackScheduled ? c.nextCallback : nil
        parts[position] = part
    }
}

/// The case queue kept as the desk moves, for the queue screen: the cases its scope and
/// status admit, in line-list order (oldest lab result, then import), each placed again only
/// when it changed since the last look (`CaseTable.changed(since:)`), not a city's 100,000
/// sorted at every change (32 ms). What the clock moves alone — callbacks falling due — is
/// read at each look from the cases that may jump the queue (returned, or waiting for a
/// callback). The queue `Desk.queuePositions` makes (the tests hold the two equal on random
/// journals); made whole when the query, the tracer or the desk (a replay afresh) changed,
/// or the changes it missed are no longer kept.
public struct QueueTally: Sendable {
    private struct Basis: Equatable {
        var scope: QueueScope
        var status: StatusFilter
        var tracer: String
        var lineage: UInt64
    }
    private struct Key: Comparable {
        var result: Int
        var imported: Double
        var position: Int
        static func < (a: Key, b: Key) -> Bool {
            (a.result, a.imported, a.position) < (b.result, b.imported, b.position)
        }
    }
    private var basis: Basis?
    private var mark = 0
    /// The admitted cases in line-list order.
    private var order: [Key] = []
    /// Each position's key as placed in `order` (found there again when its case changes).
    private var placed: [Key?] = []
    /// Admitted cases that may jump the queue: returned, or waiting for a callback.
    private var jumpers = Set<Int>()
    /// How often the queue was sorted whole.
    public private(set) var madeWhole = 0

    public init() {}

    /// Positions in `desk.cases` in working order, as `Desk.queuePositions` (its search aside).
    public mutating func positions(desk: Desk, scope: QueueScope, status: StatusFilter, tracer: String, now: Date) -> [Int] {
        let current = Basis(scope: scope, status: status, tracer: tracer, lineage: desk.cases.lineage)
        // Past a few thousand changes (a replay's catch-up) one sort is cheaper than the moves.
        if current == basis, let changed = desk.cases.changed(since: mark), changed.count <= 2_048 {
            for p in Set(changed) { place(p, desk: desk) }
        } else {
            basis = current
            madeWhole += 1
            order = []; jumpers = []
            placed = [Key?](repeating: nil, count: desk.cases.count)
            for p in 0..<desk.cases.count {
                guard let k = key(p, desk: desk) else { continue }
                order.append(k)
                placed[p] = k
            }
            order.sort()
        }
        mark = desk.cases.changeMark

        // Only the tracer's own (or nobody's) callbacks and returned interviews jump the queue.
        var due: [(callback: Double, key: Key)] = []
        for p in jumpers {
            let c = desk.cases[position: p]
            guard c.isCallbackDue(at: now) || c.status == .returned else { continue }
            if let holder = c.claimedBy, holder != tracer { continue }
            due.append((c.nextCallback?.timeIntervalSince1970 ?? 0, placed[p]!))
        }
        guard !due.isEmpty else { return order.map(\.position) }
        due.sort { ($0.callback, $0.key) < ($1.callback, $1.key) }
        var jumped = [Bool](repeating: false, count: placed.count)
        for d in due { jumped[d.key.position] = true }
        var out = due.map(\.key.position)
        out.reserveCapacity(order.count)
        for k in order where !jumped[k.position] { out.append(k.position) }
        return out
    }

    /// The case's place in the queue, or nil when the scope or the status leaves it out.
    private mutating func key(_ p: Int, desk: Desk) -> Key? {
        let c = desk.cases[position: p]
        guard let basis, basis.status.admits(c.status) else { return nil }
        switch basis.scope {
        case .mine: guard c.claimedBy == basis.tracer else { return nil }
        case .unassigned: guard c.claimedBy == nil else { return nil }
        case .all: break
        }
        if c.status == .returned || c.status == .callbackScheduled { jumpers.insert(p) }
        return Key(result: c.record.resultDate.ordinal, imported: c.importedAt.timeIntervalSince1970, position: p)
    }

    /// One changed case out of its old place and into its new one.
    private mutating func place(_ p: Int, desk: Desk) {
        if p >= placed.count { placed += [Key?](repeating: nil, count: p - placed.count + 1) }
        if let old = placed[p] { order.remove(at: firstIndex(notBelow: old)) }
        jumpers.remove(p)
        placed[p] = key(p, desk: desk)
        if let k = placed[p] { order.insert(k, at: firstIndex(notBelow: k)) }
    }

    private func firstIndex(notBelow k: Key) -> Int {
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if order[mid] < k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
