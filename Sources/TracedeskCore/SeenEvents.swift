import Foundation

/// The ids of the events a desk applied, for replay's de-duplication. A desk loaded from a
/// checkpoint gets them as one sorted array (16 bytes an id; a set holds twice that) and
/// looks there by binary search only for an id not newer than its newest: ids are UUIDv7,
/// so nearly every event of the journal's tail is newer and costs one comparison. What
/// replay adds goes into a set beside it.
public struct SeenEvents: Sendable, Equatable {
    private var sorted: [EventID] = []
    private var added = Set<EventID>()

    public init() {}

    /// `ids` ascending, without repeats (the checkpoint's reader checks).
    public init(sorted ids: [EventID]) { sorted = ids }

    public var count: Int { sorted.count + added.count }

    public func contains(_ id: EventID) -> Bool {
        if let last = sorted.last, id <= last, binarySearch(id) { return true }
        return added.contains(id)
    }

    /// False when `id` was there already.
    public mutating func insert(_ id: EventID) -> Bool {
        if let last = sorted.last, id <= last, binarySearch(id) { return false }
        return added.insert(id).inserted
    }

    private func binarySearch(_ id: EventID) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == id
    }

    public mutating func reserveCapacity(_ n: Int) { added.reserveCapacity(added.count + n) }

    /// Every id, ascending: what a checkpoint writes.
    public func ascending() -> [EventID] {
        guard !added.isEmpty else { return sorted }
        let more = added.sorted()
        var out: [EventID] = []
        out.reserveCapacity(count)
        var i = 0, j = 0
        while i < sorted.count || j < more.count {
            if j == more.count || (i < sorted.count && sorted[i] < more[j]) { out.append(sorted[i]); i += 1 } else { out.append(more[j]); j += 1 }
        }
        return out
    }

    public static func == (a: SeenEvents, b: SeenEvents) -> Bool {
        a.count == b.count && a.sorted.allSatisfy(b.contains) && a.added.allSatisfy(b.contains)
    }
}
