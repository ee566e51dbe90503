/// The desk's cases, in import order, found by id. Screens keep positions into it (a queue of
/// a city's 100,000 cases is 100,000 integers, not 100,000 copies of case files).
public struct CaseTable: Sendable, Equatable {
    public private(set) var values: [CaseFile] = []
    private var index: [String: Int] = [:]

    public init() {}

    public subscript(id: String) -> CaseFile? { index[id].map { values[$0] } }
    public subscript(position i: Int) -> CaseFile { values[i] }
    public func position(of id: String) -> Int? { index[id] }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    public var keys: [String] { values.map(\.id) }

    mutating func reserveCapacity(_ n: Int) {
        values.reserveCapacity(n)
        index.reserveCapacity(n)
    }

    /// Adds a case not seen before (the caller checks).
    mutating func insert(_ file: CaseFile) {
        index[file.id] = values.count
        values.append(file)
    }

    /// Changes a case in place; false if there is no such case.
    mutating func modify(_ id: String, _ change: (inout CaseFile) -> Void) -> Bool {
        guard let i = index[id] else { return false }
        change(&values[i])
        return true
    }
}
