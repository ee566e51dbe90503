import CSV

/// CSV.swift's reading of a text: the oracle the hand-written reader is held equal to.
enum CSVSwiftOracle {
    static func rows(_ text: String) throws -> [[String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }
}
