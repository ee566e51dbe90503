// catalogue: not shown — a C function name
import Foundation

// glibc's memmem (two-way search) is a GNU extension the Swift Glibc module leaves out.
@_silgen_name("memmem") private func memmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int,
                                            _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?

/// The desk's cases, in import order, found by id. Screens keep positions into it (a queue of
/// a city's 100,000 cases is 100,000 integers, not 100,000 copies of case files).
public struct CaseTable: Sendable, Equatable {
    public private(set) var values: [CaseFile] = []
    private var index: [String: Int] = [:]
    /// Every case's search text (id, name, NIK, phones, kelurahan; folded), end to end with a
    /// 0 byte between cases, in pieces of a mebibyte; `pieceStart` is each piece's first case
    /// and `textStart` where each case's text starts in its piece. One `memmem` a piece finds a
    /// search's matches in a city's queue far faster than a scan per case, and pieces grow the
    /// text without the half-empty doubling of one array (8 MB of a city's desk).
    private var pieces: [[UInt8]] = []
    private var pieceStart: [Int] = []
    private var textStart: [UInt32] = []
    private static let pieceSize = 1 << 20
    /// Search texts of cases corrected since their import (a corrected name or phone), by
    /// position: searched beside the pieces, whose copy of these cases is then ignored.
    private var correctedText: [Int: [UInt8]] = [:]
    /// Positions of cases added or changed, oldest first (a case may be there several times),
    /// the latest `changesKept` of them: the team board (`TeamBoardTally`) makes again the
    /// part of those alone, not of a city's 100,000 cases at each change.
    private var changed: [Int] = []
    /// Changes made before the first one kept.
    private var dropped = 0
    static let changesKept = 4_096
    /// Which table this is: a copy keeps it, a desk replayed afresh has another, so marks
    /// from one are never read against the other's changes.
    public let lineage = UInt64.random(in: 1...UInt64.max)

    public init() {}

    /// A table of `values` (each case once), its index and search text made from them. The
    /// array is taken as it is, not copied case by case into another (a city's cases twice).
    init(adopting values: [CaseFile]) {
        self.values = values
        index.reserveCapacity(values.count)
        textStart.reserveCapacity(values.count)
        for (i, file) in values.enumerated() {
            index[file.id] = i
            noteChange(i)
            appendSearchText(of: file)
        }
    }

    /// How many changes there have been: a mark to ask `changed(since:)` from.
    public var changeMark: Int { dropped + changed.count }

    /// The positions changed since `mark`, or nil when those changes are no longer kept.
    public func changed(since mark: Int) -> ArraySlice<Int>? {
        guard mark >= dropped, mark <= changeMark else { return nil }
        return changed[(mark - dropped)...]
    }

    private mutating func noteChange(_ position: Int) {
        // Dropped half at a time: a city's replay makes millions of changes, each paid once.
        if changed.count >= 2 * Self.changesKept {
            changed.removeFirst(Self.changesKept)
            dropped += Self.changesKept
        }
        changed.append(position)
    }

    public static func == (a: CaseTable, b: CaseTable) -> Bool { a.values == b.values }

    public subscript(id: String) -> CaseFile? { index[id].map { values[$0] } }
    public subscript(position i: Int) -> CaseFile { values[i] }
    public func position(of id: String) -> Int? { index[id] }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    public var keys: [String] { values.map(\.id) }

    /// The positions (kept in their order) whose case matches a folded search text.
    public func positions(_ positions: [Int], matching needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return positions }
        let hits = matches(needle)
        return positions.filter { hits[$0] }
    }

    /// For each case, whether its search text contains `needle`.
    public func matches(_ needle: [UInt8]) -> [Bool] {
        guard !needle.isEmpty else { return [Bool](repeating: true, count: values.count) }
        var hits = [Bool](repeating: false, count: values.count)
        needle.withUnsafeBytes { n in
            for (p, piece) in pieces.enumerated() {
                let first = pieceStart[p], end = p + 1 < pieces.count ? pieceStart[p + 1] : textStart.count
                piece.withUnsafeBytes { text in
                    guard let base = text.baseAddress else { return }
                    var from = 0
                    while from < text.count,
                          let m = memmem(base + from, text.count - from, n.baseAddress!, n.count) {
                        let at = base.distance(to: UnsafeRawPointer(m))
                        // The case whose text holds `at`: the last start at or before it.
                        var lo = first, hi = end - 1
                        while lo < hi {
                            let mid = (lo + hi + 1) / 2
                            if Int(textStart[mid]) <= at { lo = mid } else { hi = mid - 1 }
                        }
                        hits[lo] = true
                        from = lo + 1 < end ? Int(textStart[lo + 1]) : text.count
                    }
                }
            }
        }
        for (position, text) in correctedText {
            hits[position] = text.withUnsafeBytes { t in
                needle.withUnsafeBytes { n in
                    t.count >= n.count && memmem(t.baseAddress!, t.count, n.baseAddress!, n.count) != nil
                }
            }
        }
        return hits
    }

    /// After a correction: the case is found by what its record says now.
    mutating func refreshSearchText(of id: String) {
        guard let i = index[id] else { return }
        correctedText[i] = CaseFile.makeSearchKey(values[i].record) + [0]
    }

    /// Adds the next case's search text, in a new piece when it does not fit the last.
    private mutating func appendSearchText(of file: CaseFile) {
        let key = CaseFile.makeSearchKey(file.record)
        // A case longer than a piece gets a piece of its own size.
        let room = max(Self.pieceSize, key.count + 1)
        if pieces.isEmpty || pieces[pieces.count - 1].count + key.count + 1 > room {
            pieces.append([])
            pieces[pieces.count - 1].reserveCapacity(room)
            pieceStart.append(textStart.count)
        }
        textStart.append(UInt32(pieces[pieces.count - 1].count))
        pieces[pieces.count - 1] += key
        pieces[pieces.count - 1].append(0)
    }

    mutating func reserveCapacity(_ n: Int) {
        values.reserveCapacity(n)
        index.reserveCapacity(n)
        textStart.reserveCapacity(n)
    }

    /// Adds a case not seen before (the caller checks).
    mutating func insert(_ file: CaseFile) {
        index[file.id] = values.count
        noteChange(values.count)
        values.append(file)
        appendSearchText(of: file)
    }

    /// Changes a case in place; false if there is no such case.
    mutating func modify(_ id: String, _ change: (inout CaseFile) -> Void) -> Bool {
        guard let i = index[id] else { return false }
        change(&values[i])
        noteChange(i)
        return true
    }
}
