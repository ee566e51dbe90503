import Foundation

/// Follow-ups by the tracer who calls them, in the order they started (`Desk.followUpOrder`'s):
/// a tracer's "who do I call today" is their 1,500 of a city's 500,000, found without a pass
/// over everyone's. Derived as events apply, so not part of what a desk is.
///
/// Each tracer's list holds numbers into `started` (every key in the order it started, never
/// taken out), kept ascending, so a list is in start order without a table of each key's
/// place: 4 bytes a follow-up, where a key-to-place dictionary was 24 and more.
struct FollowUpIndex: Sendable {
    private var started: [String] = []
    private var byTracer: [String: [Int32]] = [:]

    /// The tracer's follow-ups' keys, in the order they started.
    func keys(of tracer: String) -> [String] { (byTracer[tracer] ?? []).map { started[Int($0)] } }

    mutating func started(_ key: String, tracer: String) {
        byTracer[tracer, default: []].append(Int32(started.count))
        started.append(key)
    }

    /// Where `key` is in the tracer's list (a pass over their list alone).
    private func slot(of key: String, in tracer: String) -> Int? {
        byTracer[tracer]?.lastIndex { started[Int($0)] == key }
    }

    mutating func ended(_ key: String, tracer: String) {
        if let i = slot(of: key, in: tracer) { byTracer[tracer]?.remove(at: i) }
    }

    /// Out of every tracer's list: a follow-up that starts again (a person unlinked back onto
    /// their own follow-up) starts afresh, once. A pass over the lists: unlinks are rare.
    mutating func forget(_ key: String) {
        for (tracer, list) in byTracer where list.contains(where: { started[Int($0)] == key }) {
            byTracer[tracer] = list.filter { started[Int($0)] != key }
        }
    }

    /// Given to another tracer: it takes its place in their list by when it started.
    mutating func moved(_ key: String, from: String, to: String) {
        guard from != to, let i = slot(of: key, in: from), let n = byTracer[from]?.remove(at: i) else { return }
        let list = byTracer[to] ?? []
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < n { lo = mid + 1 } else { hi = mid }
        }
        byTracer[to, default: []].insert(n, at: lo)
    }
}
