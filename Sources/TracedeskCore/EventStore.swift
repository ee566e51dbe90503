import Foundation


/// A place in a store: everything before it has been read. For the file journal, the byte
/// offset and the number of whole lines before it; for other stores, their own sequence.
public struct StorePosition: Codable, Sendable, Equatable, Comparable {
    public var offset: Int64
    public var line: Int
    public init(offset: Int64, line: Int) { self.offset = offset; self.line = line }
    public static let start = StorePosition(offset: 0, line: 0)
    public static func < (a: StorePosition, b: StorePosition) -> Bool { a.offset < b.offset }
}

/// What a store's write error tells the desk: whether the same write can succeed later (a
/// full disk, a server out of reach), so the desk keeps the work in memory and retries, or
/// writing has stopped for good (a failed sync), so it says so and never pretends.
public protocol StoreWriteError: Error {
    var isRetryable: Bool { get }
    /// The store decided against this work alone (a server's refusal of one event): nothing
    /// of it was written, and the next write may pass. Otherwise a write that is not
    /// retryable stops writing for the session.
    var refusesThisWorkOnly: Bool { get }
}

extension StoreWriteError {
    public var refusesThisWorkOnly: Bool { false }
}

/// A shared store's connection, as the desk says it: a file journal is always `.connected`.
public enum StoreConnection: Sendable, Equatable {
    case connected
    /// The server cannot be reached: the desk works on what it holds; `savedHere` events wait
    /// on this computer (the outbox) to be sent when it is back.
    case away(savedHere: Int)
    /// The server refused work saved while it was away (`why`); that work is kept in a file.
    case refusedOffline(why: String)
}

/// Where events live. The file journal is the embedded default; a shared database store for
/// city-wide queues fits the same shape, so the desk never knows which one it has.
public protocol EventStore: AnyObject {
    /// Reads from `position` (the start, or where an earlier read left off) to the end, in order,
    /// handing the events over in batches so a city's journal is never in memory at once, and
    /// follows from there. A torn tail is repaired first, if there is one.
    func read(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws
    /// The same, handing `interview.filed` events over in short (with their places) when
    /// `filings` is `.inShort` and the store can read them again by place.
    func read(from position: StorePosition, filings: FilingDetail, _ batch: ([Event]) throws -> Void) throws
    /// How far reading has got.
    var position: StorePosition { get }
    /// Events other writers added since the last read or write.
    func readNew() throws -> [Event]
    /// Under the store's exclusive lock: hands `decide` everything others wrote since our last
    /// read, appends what it returns, and makes it durable before returning. This is how a
    /// claim is decided without a race.
    @discardableResult
    func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event])
    /// `transact` whose events are handed over one at a time as `decide` makes them: a store
    /// that can write them as they come (the file journal) need not hold a city's line list
    /// as events. Returns how many were written.
    @discardableResult
    func transact(streaming decide: ([Event], _ emit: (Event) throws -> Void) throws -> Void) throws -> (seen: [Event], written: Int)
    /// About how many events a read from `position` will hand over, to size what replay
    /// keeps (0 when the store cannot tell).
    func expectedEvents(from position: StorePosition) -> Int
    /// Why writing is not possible (newer schema, a failed sync), or nil.
    var readOnlyReason: String? { get }
    /// How the store's connection stands, for the desk's title bar.
    var connection: StoreConnection { get }
    /// The one event at `ref` (from `Event.ref`), whole: a draft the desk left in the store.
    func event(at ref: EventRef) throws -> Event
    /// The events about one case, oldest first, up to where reading has got: a lead's history
    /// of an interview. Does not move `position`.
    func events(about caseId: String) throws -> [Event]
    /// Cases with an interview in progress whose drafts the store keeps apart from its events
    /// (read at start; nothing of the drafts themselves is read).
    func casesInProgress() throws -> [String]
    /// The last draft saved of a case's interview in progress, from where the store keeps
    /// drafts apart; nil if it keeps none for that case.
    func latestDraft(of caseId: String) throws -> Event?
    /// Every draft the store keeps apart for a case, oldest first (a lead's history).
    func drafts(of caseId: String) throws -> [Event]
}

extension EventStore {
    /// Gathered, then written as one `transact`: a store that sends a transaction whole (the
    /// server's) holds it anyway.
    @discardableResult
    public func transact(streaming decide: ([Event], _ emit: (Event) throws -> Void) throws -> Void) throws -> (seen: [Event], written: Int) {
        let r = try transact { seen in
            var out: [Event] = []
            try decide(seen) { out.append($0) }
            return out
        }
        return (r.seen, r.written.count)
    }

    /// Appends and syncs; returns what other writers had added meanwhile.
    @discardableResult
    public func append(_ events: [Event]) throws -> [Event] {
        try transact { _ in events }.seen
    }

    public func events(about caseId: String) throws -> [Event] {
        try readAll().filter { $0.caseId == caseId }
    }

    /// Every event from the start, in one array: for small journals and tests.
    public func readAll() throws -> [Event] {
        var all: [Event] = []
        try read(from: .start) { all += $0 }
        return all
    }

    public func expectedEvents(from position: StorePosition) -> Int { 0 }
    public var connection: StoreConnection { .connected }
    public func casesInProgress() throws -> [String] { [] }
    public func latestDraft(of caseId: String) throws -> Event? { nil }
    public func drafts(of caseId: String) throws -> [Event] { [] }

    public func read(from position: StorePosition, filings: FilingDetail, _ batch: ([Event]) throws -> Void) throws {
        try read(from: position, batch)
    }

    /// Replays from the start into a desk, batch by batch. With `filings: .inShort` (what a
    /// desk does) the desk holds filed interviews in short and reads them by place when it
    /// needs them whole; `.whole` holds every one (an export). `awaitingReview`: also read
    /// whole the filings a lead's review queue shows (a tracer's desk never shows them).
    public func replay(team: Team? = nil, filings: FilingDetail = .inShort, awaitingReview: Bool = true) throws -> Desk {
        var desk = Desk(team: team)
        desk.reserveCapacity(events: expectedEvents(from: .start))
        try read(from: .start, filings: filings) { desk.apply(contentsOf: $0) }
        desk.noteDraftsInProgress(try casesInProgress())
        if filings == .inShort && awaitingReview { try desk.holdFilingsAwaitingReview(from: self) }
        return desk
    }

    /// The desk as it stood just before `cutoff`: every event stamped earlier, in journal order
    /// (a report of a past day is that day as it was, not today's state under its label).
    public func replay(team: Team? = nil, filings: FilingDetail = .inShort, before cutoff: Date) throws -> Desk {
        var desk = Desk(team: team)
        // For listings and reports: no review queue, so filings stay as `filings` says.
        try read(from: .start, filings: filings) { batch in desk.apply(contentsOf: batch.filter { $0.timestamp < cutoff }) }
        return desk
    }
}

/// A store in memory: for screen tests, and for the desk's own tests of claims and saves.
public final class MemoryEventStore: EventStore {
    public private(set) var events: [Event] = []
    private var readUpTo = 0
    public var readOnlyReason: String?
    /// Makes the next write fail, as a full disk would.
    public var failNextWrite: Error?
    /// Makes every write fail until cleared: a disk that stays full for a while.
    public var failWrites: Error?
    /// The next write fails after the decision, as a full disk does in the file journal: what
    /// was seen under the lock has been read by then.
    public var failNextAppend: Error?
    /// As a server store reports its connection (for the title bar's tests).
    public var connection: StoreConnection = .connected

    public init(events: [Event] = []) {
        self.events = events
        for i in self.events.indices { self.events[i].ref = EventRef(offset: Int64(i), length: 1) }
    }

    public func read(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        readUpTo = events.count
        try batch(Array(events[min(events.count, Int(position.offset))...]))
    }

    /// Hands filings over in short when asked, as the file journal does, so the desk's tests
    /// go through the same path.
    public func read(from position: StorePosition, filings: FilingDetail, _ batch: ([Event]) throws -> Void) throws {
        try read(from: position) { events in
            guard filings == .inShort else { return try batch(events) }
            try batch(events.map { e in
                guard case .interviewFiled(let f) = e.body else { return e }
                var short = e
                short.body = .interviewFiledInShort(FiledSummary(f))
                return short
            })
        }
    }

    public struct NoSuchEvent: Error {}

    /// Makes reading one event fail until cleared: a server away while a case is read in full.
    public var failReads: Error?

    public func latestDraft(of caseId: String) throws -> Event? {
        if let e = failReads { throw e }
        return nil
    }

    public func event(at ref: EventRef) throws -> Event {
        if let e = failReads { throw e }
        guard events.indices.contains(Int(ref.offset)) else { throw NoSuchEvent() }
        return events[Int(ref.offset)]
    }

    public var position: StorePosition { StorePosition(offset: Int64(readUpTo), line: readUpTo) }

    public func readNew() throws -> [Event] {
        defer { readUpTo = events.count }
        return Array(events[readUpTo...])
    }

    /// Another desk writing to the same store.
    public func appendFromElsewhere(_ new: [Event]) { add(new) }

    @discardableResult
    private func add(_ new: [Event]) -> [Event] {
        var placed = new
        for i in placed.indices { placed[i].ref = EventRef(offset: Int64(events.count + i), length: 1) }
        events += placed
        return placed
    }

    @discardableResult
    public func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event]) {
        let seen = try readNew()
        if let e = failNextWrite { failNextWrite = nil; throw e }
        if let e = failWrites { throw e }
        let decided = try decide(seen)
        readUpTo = events.count
        if let e = failNextAppend, !decided.isEmpty { failNextAppend = nil; throw e }
        let written = add(decided)
        readUpTo = events.count
        return (seen, written)
    }
}
