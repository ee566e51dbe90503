import CPrefetch
/// The ids replay has applied, for applying each event once. A city's journal has a million:
/// open addressing over the ids' own bits (a UUIDv7 ends in 62 random ones), 16 bytes an id
/// at most five eighths full, no hashing, no allocation per insert. `Set<EventID>` spent more time
/// seeding its hasher and growing than replay spent on the events. The table is sized to the
/// count, not to a power of two (which made a million ids take 2,097,152 slots, 34 MB):
/// a slot is chosen by multiplying, not by masking.
public struct EventIDSet: Sendable, Equatable {
    private var slots: [EventID]
    /// The all-zero id marks an empty slot, so it is kept aside when inserted.
    private var hasZero = false
    public private(set) var count = 0

    public init(capacity: Int = 0) {
        slots = Array(repeating: EventID(high: 0, low: 0), count: OpenAddressing.size(for: capacity))
    }

    public init<S: Sequence>(_ ids: S) where S.Element == EventID {
        self.init(capacity: ids.underestimatedCount)
        for id in ids { insert(id) }
    }

    private static func isZero(_ id: EventID) -> Bool { id.high == 0 && id.low == 0 }

    private func home(_ id: EventID) -> Int {
        let mixed = (id.low ^ (id.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return OpenAddressing.slot(mixed, in: slots.count)
    }

    public func contains(_ id: EventID) -> Bool {
        if Self.isZero(id) { return hasZero }
        var i = home(id)
        while true {
            let s = slots[i]
            if s == id { return true }
            if Self.isZero(s) { return false }
            i += 1
            if i == slots.count { i = 0 }
        }
    }

    /// Asks for the slot where `id` would be, so that it is in cache when `id` is inserted a
    /// few events later: a city's set is larger than the caches. A prefetch, not a read: a read
    /// stalled the events between as long as the insert would have.
    public func lookAhead(_ id: EventID) {
        guard !Self.isZero(id) else { return }
        slots.withUnsafeBufferPointer { tracedesk_prefetch($0.baseAddress! + home(id)) }
    }

    /// True when `id` was not there before.
    @discardableResult
    public mutating func insert(_ id: EventID) -> Bool {
        if Self.isZero(id) {
            defer { hasZero = true }
            if !hasZero { count += 1 }
            return !hasZero
        }
        if !OpenAddressing.roomy(slots.count, for: count + 1) { grow(to: OpenAddressing.size(for: 2 * count)) }
        var i = home(id)
        while true {
            let s = slots[i]
            if s == id { return false }
            if Self.isZero(s) {
                slots[i] = id
                count += 1
                return true
            }
            i += 1
            if i == slots.count { i = 0 }
        }
    }

    /// Room for `n` ids without growing (growing holds the old and the new table at once).
    public mutating func reserveCapacity(_ n: Int) {
        if !OpenAddressing.roomy(slots.count, for: n) { grow(to: OpenAddressing.size(for: n)) }
    }

    private mutating func grow(to size: Int) {
        let old = slots
        slots = Array(repeating: EventID(high: 0, low: 0), count: size)
        let zero = hasZero
        count = 0
        hasZero = false
        for id in old where !Self.isZero(id) { insert(id) }
        if zero { insert(EventID(high: 0, low: 0)) }
    }

    public var all: [EventID] {
        var out = slots.filter { !Self.isZero($0) }
        if hasZero { out.append(EventID(high: 0, low: 0)) }
        return out
    }

    public static func == (a: EventIDSet, b: EventIDSet) -> Bool {
        a.count == b.count && a.hasZero == b.hasZero && a.slots.allSatisfy { isZero($0) || b.contains($0) }
    }
}
