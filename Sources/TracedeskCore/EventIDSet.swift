/// The ids replay has applied, for applying each event once; a city's journal has a million.
/// Most live in one sorted array (16 bytes an id, nothing more), with a Bloom filter in front
/// (10 bits an id) so that a new id, nearly always absent, is seldom searched for; the newest
/// wait in a small table and are merged into the array a batch at a time. Half the memory of
/// a hash table of them all, for about the same time per event.
public struct EventIDSet: Sendable, Equatable {
    private var sorted: [EventID] = []
    private var recent = EventIDTable()
    private var bloom: [UInt64] = []
    /// How many ids the filter was made for; it is made again, larger, past that.
    private var bloomFor = 0
    /// Ids waiting before a merge: small enough that merging often costs little.
    let batch: Int
    public private(set) var count = 0

    public init(capacity: Int = 0, batch: Int = 1 << 15) {
        self.batch = batch
        recent = EventIDTable(capacity: batch)
        reserveCapacity(capacity)
    }

    public init<S: Sequence>(_ ids: S) where S.Element == EventID {
        self.init(capacity: ids.underestimatedCount)
        for id in ids { insert(id) }
    }

    public func contains(_ id: EventID) -> Bool {
        recent.contains(id) || (mayHold(id) && binarySearch(id))
    }

    /// True when `id` was not there before.
    @discardableResult
    public mutating func insert(_ id: EventID) -> Bool {
        if recent.contains(id) || (mayHold(id) && binarySearch(id)) { return false }
        recent.insert(id)
        count += 1
        if recent.count >= batch { merge() }
        return true
    }

    /// Room for `n` ids without growing (growing holds the old array and the new at once).
    public mutating func reserveCapacity(_ n: Int) {
        sorted.reserveCapacity(n)
        if n > bloomFor { makeBloom(for: n) }
    }

    public var all: [EventID] { sorted + recent.all }

    public static func == (a: EventIDSet, b: EventIDSet) -> Bool {
        a.count == b.count && a.all.allSatisfy(b.contains)
    }

    // MARK: - The sorted array and its filter

    private mutating func merge() {
        let new = recent.all.sorted()
        recent = EventIDTable(capacity: batch)
        if sorted.count + new.count > bloomFor { makeBloom(for: max(2 * bloomFor, sorted.count + new.count, 1 << 16)) }
        for id in new { addToBloom(id) }
        // In place from the back: the array grows once by the batch, nothing is copied twice.
        var i = sorted.count - 1, j = new.count - 1
        sorted.append(contentsOf: new)
        var k = sorted.count - 1
        while j >= 0 {
            if i >= 0 && sorted[i] > new[j] { sorted[k] = sorted[i]; i -= 1 } else { sorted[k] = new[j]; j -= 1 }
            k -= 1
        }
    }

    private func binarySearch(_ id: EventID) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == id
    }

    private static let hashes = 7

    private func probes(_ id: EventID) -> (UInt64, UInt64) {
        let a = (id.low ^ (id.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        let b = (id.high ^ (id.low &* 0x94D0_49BB_1331_11EB)) &* 0x9E37_79B9_7F4A_7C15
        return (a, b | 1)
    }

    private func mayHold(_ id: EventID) -> Bool {
        guard !sorted.isEmpty else { return false }
        let bits = UInt64(bloom.count * 64)
        let (a, b) = probes(id)
        for k in 0..<UInt64(Self.hashes) {
            let bit = (a &+ k &* b) % bits
            if bloom[Int(bit / 64)] & (1 << (bit % 64)) == 0 { return false }
        }
        return true
    }

    private mutating func addToBloom(_ id: EventID) {
        let bits = UInt64(bloom.count * 64)
        let (a, b) = probes(id)
        for k in 0..<UInt64(Self.hashes) {
            let bit = (a &+ k &* b) % bits
            bloom[Int(bit / 64)] |= 1 << (bit % 64)
        }
    }

    private mutating func makeBloom(for n: Int) {
        bloomFor = n
        bloom = Array(repeating: 0, count: max(1, n * 10 / 64 + 1))
        for id in sorted { addToBloom(id) }
    }
}

/// Open addressing over the ids' own bits (a UUIDv7 ends in 62 random ones): 16 bytes an id
/// at most five eighths full, no hashing, no allocation per insert. `Set<EventID>` spent more
/// time seeding its hasher and growing than replay spent on the events.
struct EventIDTable: Sendable, Equatable {
    private var slots: [EventID]
    /// The all-zero id marks an empty slot, so it is kept aside when inserted.
    private var hasZero = false
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 0) {
        var size = 16
        while !Self.roomy(size, for: capacity) { size <<= 1 }
        slots = Array(repeating: EventID(high: 0, low: 0), count: size)
        mask = size - 1
    }

    init<S: Sequence>(_ ids: S) where S.Element == EventID {
        self.init(capacity: ids.underestimatedCount)
        for id in ids { insert(id) }
    }

    private static func isZero(_ id: EventID) -> Bool { id.high == 0 && id.low == 0 }

    /// At most 5/8 full: linear probing stays short (about two looks for an id that is there).
    private static func roomy(_ size: Int, for n: Int) -> Bool { n * 8 <= size * 5 }

    private func home(_ id: EventID) -> Int {
        let mixed = (id.low ^ (id.high &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    func contains(_ id: EventID) -> Bool {
        if Self.isZero(id) { return hasZero }
        var i = home(id)
        while true {
            let s = slots[i]
            if s == id { return true }
            if Self.isZero(s) { return false }
            i = (i + 1) & mask
        }
    }

    /// True when `id` was not there before.
    @discardableResult
    mutating func insert(_ id: EventID) -> Bool {
        if Self.isZero(id) {
            defer { hasZero = true }
            if !hasZero { count += 1 }
            return !hasZero
        }
        if !Self.roomy(slots.count, for: count + 1) { grow(to: slots.count * 2) }
        var i = home(id)
        while true {
            let s = slots[i]
            if s == id { return false }
            if Self.isZero(s) {
                slots[i] = id
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// Room for `n` ids without growing (growing holds the old and the new table at once).
    mutating func reserveCapacity(_ n: Int) {
        var size = slots.count
        while !Self.roomy(size, for: n) { size <<= 1 }
        if size > slots.count { grow(to: size) }
    }

    private mutating func grow(to size: Int) {
        let old = slots
        slots = Array(repeating: EventID(high: 0, low: 0), count: size)
        mask = size - 1
        let zero = hasZero
        count = 0
        hasZero = false
        for id in old where !Self.isZero(id) { insert(id) }
        if zero { insert(EventID(high: 0, low: 0)) }
    }

    var all: [EventID] {
        var out = slots.filter { !Self.isZero($0) }
        if hasZero { out.append(EventID(high: 0, low: 0)) }
        return out
    }

    static func == (a: EventIDTable, b: EventIDTable) -> Bool {
        a.count == b.count && a.hasZero == b.hasZero && a.slots.allSatisfy { isZero($0) || b.contains($0) }
    }
}
