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
