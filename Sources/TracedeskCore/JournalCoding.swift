import Foundation

/// The one JSON shape of events, shared by the journal, exports and tests, so dates read the
/// same everywhere ("2021-07-05T07:30:00.000Z") and keys come out in a stable order.
public enum JournalCoding {
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return e
    }

    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let c = try dec.singleValueContainer()
            return try Timestamp.parse(c.decode(String.self), codingPath: dec.codingPath)
        }
        return d
    }
}
