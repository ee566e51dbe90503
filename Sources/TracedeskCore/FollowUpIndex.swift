import Foundation

/// Follow-ups by the tracer who calls them, in the order they started (`Desk.followUpOrder`'s):
/// a tracer's "who do I call today" is their 1,500 of a city's 500,000, found without a pass
/// over everyone's. Derived as events apply, so not part of what a desk is.
struct FollowUpIndex: Sendable {
    /// Each follow-up's place in the order they started.
    private var rank: [String: Int] = [:]
    private var next = 0
    private(set) var byTracer: [String: [String]] = [:]

    mutating func started(_ key: String, tracer: String) {
        rank[key] = next
        next += 1
        byTracer[tracer, default: []].append(key)
    }

    mutating func ended(_ key: String, tracer: String) {
        rank[key] = nil
        byTracer[tracer]?.removeAll { $0 == key }
    }

    /// Given to another tracer: it takes its place in their list by when it started.
    mutating func moved(_ key: String, from: String, to: String) {
        guard from != to, let r = rank[key] else { return }
        byTracer[from]?.removeAll { $0 == key }
        let list = byTracer[to] ?? []
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if rank[list[mid]] ?? 0 < r { lo = mid + 1 } else { hi = mid }
        }
        byTracer[to, default: []].insert(key, at: lo)
    }
}
