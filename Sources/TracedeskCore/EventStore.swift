

/// Where events live. The file journal is the embedded default; a shared database store for
/// city-wide queues fits the same shape, so the desk never knows which one it has.
public protocol EventStore: AnyObject {
    /// Replays from the start (repairing a torn tail if there is one) and follows from there.
    func readAll() throws -> [Event]
    /// Events other writers added since the last read or write.
    func readNew() throws -> [Event]
    /// Under the store's exclusive lock: hands `decide` everything others wrote since our last
    /// read, appends what it returns, and makes it durable before returning. This is how a
    /// claim is decided without a race.
    @discardableResult
    func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event])
    /// Why writing is not possible (newer schema, a failed sync), or nil.
    var readOnlyReason: String? { get }
}

extension EventStore {
    /// Appends and syncs; returns what other writers had added meanwhile.
    @discardableResult
    public func append(_ events: [Event]) throws -> [Event] {
        try transact { _ in events }.seen
    }
}

/// A store in memory: for screen tests, and for the desk's own tests of claims and saves.
public final class MemoryEventStore: EventStore {
    public private(set) var events: [Event] = []
    private var readUpTo = 0
    public var readOnlyReason: String?
    /// Makes the next write fail, as a full disk would.
    public var failNextWrite: Error?

    public init(events: [Event] = []) { self.events = events }

    public func readAll() throws -> [Event] {
        readUpTo = events.count
        return events
    }

    public func readNew() throws -> [Event] {
        defer { readUpTo = events.count }
        return Array(events[readUpTo...])
    }

    /// Another desk writing to the same store.
    public func appendFromElsewhere(_ new: [Event]) { events += new }

    @discardableResult
    public func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event]) {
        let seen = try readNew()
        if let e = failNextWrite { failNextWrite = nil; throw e }
        let written = try decide(seen)
        events += written
        readUpTo = events.count
        return (seen, written)
    }
}
