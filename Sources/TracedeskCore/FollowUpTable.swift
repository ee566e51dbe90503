import Foundation

/// People under follow-up by their key, noting which changed lately: a day's WHO figures
/// (`FollowUpTally`) are made again for those alone, not for a city's 500,000 each time the
/// desk moves. Only the latest changes are kept; one who asks from further back is told to
/// count everyone again.
public struct FollowUpTable: Sendable, Equatable {
    private var byKey: [String: FollowUp] = [:]
    /// Keys as they changed, oldest first (a key may be there several times).
    private var changed: [String] = []
    /// Changes made before the first one kept.
    private var dropped = 0
    static let changesKept = 4_096
    /// Which table this is: a copy keeps it, a desk replayed afresh has another, so marks
    /// from one are never read against the other's changes.
    public let lineage = UInt64.random(in: 1...UInt64.max)

    public init() {}

    init(adopting byKey: [String: FollowUp]) { self.byKey = byKey }

    /// What a desk is: the follow-ups, not when they changed.
    public static func == (a: FollowUpTable, b: FollowUpTable) -> Bool { a.byKey == b.byKey }

    public subscript(key: String) -> FollowUp? {
        get { byKey[key] }
        // In place: a follow-up's checks are not copied at every call it is given.
        _modify {
            defer { noteChange(key) }
            yield &byKey[key]
        }
        set {
            byKey[key] = newValue
            noteChange(key)
        }
    }

    public var values: Dictionary<String, FollowUp>.Values { byKey.values }
    public var pairs: [String: FollowUp] { byKey }
    public var keys: Dictionary<String, FollowUp>.Keys { byKey.keys }
    public var count: Int { byKey.count }
    public var isEmpty: Bool { byKey.isEmpty }

    /// How many changes there have been: a mark to ask `changed(since:)` from.
    public var changeMark: Int { dropped + changed.count }

    /// The keys changed since `mark`, or nil when those changes are no longer kept.
    public func changed(since mark: Int) -> ArraySlice<String>? {
        guard mark >= dropped, mark <= changeMark else { return nil }
        return changed[(mark - dropped)...]
    }

    private mutating func noteChange(_ key: String) {
        // Dropped half at a time: a city's replay makes millions of changes, each paid once.
        if changed.count >= 2 * Self.changesKept {
            changed.removeFirst(Self.changesKept)
            dropped += Self.changesKept
        }
        changed.append(key)
    }
}
