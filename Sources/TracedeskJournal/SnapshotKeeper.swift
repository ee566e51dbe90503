import Foundation
import TracedeskCore

/// How a desk was opened: from a snapshot plus the journal's tail, or by a full replay.
public enum DeskStart: Equatable, Sendable {
    case snapshot(tailEvents: Int)
    case fullReplay(reason: String)
}

extension FileJournal {
    /// The desk as the journal says it is now: the snapshot's desk plus the events after it
    /// when the snapshot can be trusted, otherwise every event from the start.
    public func openDesk(team: Team? = nil) throws -> (Desk, DeskStart) {
        try DeskSnapshot.refuseUnsafe(journal: path)
        switch DeskSnapshot.load(journal: path, team: team) {
        case .loaded(var desk, let position):
            // The snapshot stands for the lines before it: they must still be as written.
            try verifyFraming(upTo: off_t(position.offset))
            var tail = 0
            desk.reserveCapacity(events: expectedEvents(from: position))
            try read(from: position) { events in
                tail += events.count
                desk.apply(contentsOf: events)
            }
            // Drafts are not in the log: which interviews are in progress is the draft folder's.
            desk.noteDraftsInProgress(try casesInProgress())
            return (desk, .snapshot(tailEvents: tail))
        case .unusable(let why):
            return (try replay(team: team), .fullReplay(reason: why))
        }
    }
}

/// Keeps the journal's snapshot fresh without making anyone wait: writes run one at a time on
/// a background queue, from a copy of the desk (a value: later keys never touch it).
public final class SnapshotKeeper: @unchecked Sendable {
    let journal: String
    private let queue = DispatchQueue(label: "tracedesk.snapshot")
    private let lock = NSLock()
    private var written: StorePosition?
    /// The last write's failure, if any (a snapshot is only a cache: the desk carries on).
    public private(set) var lastProblem: String?

    public init(journal: String, current: StorePosition? = nil) {
        self.journal = journal
        written = current
    }

    /// Writes a snapshot of `desk` at `position` unless one at that position exists.
    /// `wait` blocks until it is on disk (on exit); otherwise it runs in the background.
    public func refresh(_ desk: Desk, at position: StorePosition, wait: Bool = false) {
        let work: @Sendable () -> Void = { [self] in
            let already = lock.withLock { written == position }
            guard !already else { return }
            do {
                try DeskSnapshot.write(desk, at: position, journal: journal)
                lock.withLock { written = position; lastProblem = nil }
            } catch {
                lock.withLock { lastProblem = "\(error)" }
            }
        }
        if wait { queue.sync(execute: work) } else { queue.async(execute: work) }
    }

    /// Waits for a background write to finish.
    public func drain() { queue.sync {} }
}
