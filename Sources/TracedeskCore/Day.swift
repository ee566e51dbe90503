import Foundation

/// A calendar day as tracers write it (specimen, result, onset dates), with no time and no zone.
/// Stored as "YYYY-MM-DD" so the journal reads plainly in jq.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01; arithmetic and comparison are integer operations.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(month: month, year: year)).contains(day) else { return nil }
        ordinal = Day.ordinalFrom(year: year, month: month, day: day)
    }

    /// Accepts ISO "2021-07-05" and the Indonesian lab export form "05/07/2021" (day first).
    public init?(parsing text: String) {
        // The journal's own form, "2021-07-05", is read without Foundation: replay reads
        // several of these per case.
        var utf8 = text.utf8.makeIterator()
        if text.utf8.count == 10, let d = Day.parseISO(&utf8) { self = d; return }
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts: [Substring]
        let y: Int?, m: Int?, d: Int?
        if t.contains("-") {
            parts = t.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4 else { return nil }
            (y, m, d) = (Int(parts[0]), Int(parts[1]), Int(parts[2]))
        } else if t.contains("/") {
            parts = t.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[2].count == 4 else { return nil }
            (y, m, d) = (Int(parts[2]), Int(parts[1]), Int(parts[0]))
        } else { return nil }
        guard let y, let m, let d, let day = Day(year: y, month: m, day: d) else { return nil }
        self = day
    }

    static func parseISO(_ it: inout String.UTF8View.Iterator) -> Day? {
        var y = 0, m = 0, d = 0
        for i in 0..<10 {
            guard let c = it.next() else { return nil }
            if i == 4 || i == 7 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard c >= 48 && c <= 57 else { return nil }
            let v = Int(c - 48)
            if i < 4 { y = y * 10 + v } else if i < 7 { m = m * 10 + v } else { d = d * 10 + v }
        }
        return Day(year: y, month: m, day: d)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civil(from: ordinal) }

    public var iso: String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { out in
            guard writeISO(into: out.baseAddress!) else {
                let c = components
                return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// "YYYY-MM-DD" into the 10 bytes at `out`, for a writer that wants no String made (a
    /// draft writes every day of the period on each save). False, with nothing written, for
    /// a year of other than four digits.
    public func writeISO(into out: UnsafeMutablePointer<UInt8>) -> Bool {
        let c = components
        guard (0...9999).contains(c.year) else { return false }
        var y = c.year
        for i in stride(from: 3, through: 0, by: -1) { out[i] = UInt8(48 + y % 10); y /= 10 }
        out[4] = UInt8(ascii: "-")
        out[5] = UInt8(48 + c.month / 10); out[6] = UInt8(48 + c.month % 10)
        out[7] = UInt8(ascii: "-")
        out[8] = UInt8(48 + c.day / 10); out[9] = UInt8(48 + c.day % 10)
        return true
    }
    public var description: String { iso }

    /// 0 = Sunday ... 6 = Saturday.
    public var weekday: Int { ((ordinal % 7) + 7 + 4) % 7 }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }
    public func days(since other: Day) -> Int { ordinal - other.ordinal }
    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(parsing: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(s)")) // not shown: the journal's ISO form, or a zone's name (the same in both languages)
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
    static func ordinalFrom(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civil(from ordinal: Int) -> (year: Int, month: Int, day: Int) {
        let z = ordinal + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Jakarta wall-clock time (WIB, UTC+7, no daylight saving since 1964). Tracers, callbacks and
/// "done today" all live in it, whatever zone the server runs in.
public struct WallClock: Sendable, Equatable {
    public let offsetSeconds: Int
    public let label: String

    public static let wib = WallClock(offsetSeconds: 7 * 3600, label: "WIB") // not shown: the journal's ISO form, or a zone's name (the same in both languages)
    /// Indonesia's other two zones, for teams outside Java and Sumatra.
    public static let wita = WallClock(offsetSeconds: 8 * 3600, label: "WITA") // not shown: the journal's ISO form, or a zone's name (the same in both languages)
    public static let wit = WallClock(offsetSeconds: 9 * 3600, label: "WIT") // not shown: the journal's ISO form, or a zone's name (the same in both languages)

    public init(offsetSeconds: Int, label: String) {
        self.offsetSeconds = offsetSeconds
        self.label = label
    }

    public func day(of date: Date) -> Day {
        let local = Int((date.timeIntervalSince1970 + Double(offsetSeconds)).rounded(.down))
        return Day(ordinal: Int((Double(local) / 86400).rounded(.down)))
    }

    /// Midnight at the start of `day`, local time.
    public func start(of day: Day) -> Date {
        Date(timeIntervalSince1970: Double(day.ordinal * 86400 - offsetSeconds))
    }

    public func date(day: Day, hour: Int, minute: Int) -> Date {
        start(of: day).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    public func hourMinute(of date: Date) -> (hour: Int, minute: Int) {
        let secs = Int(date.timeIntervalSince(start(of: day(of: date))))
        return (secs / 3600, (secs % 3600) / 60)
    }

    /// "2021-07-05 14:30"
    public func format(_ date: Date) -> String {
        let hm = hourMinute(of: date)
        return "\(day(of: date).iso) \(String(format: "%02d:%02d", hm.hour, hm.minute))" // not shown: the journal's ISO form, or a zone's name (the same in both languages)
    }

    /// "14:30" today, otherwise "05/07 14:30" (day first, as `DateText` writes every date):
    /// short enough for a queue column.
    public func short(_ date: Date, now: Date) -> String {
        DateText.time(date, clock: self, now: now)
    }
}

/// Lets `[Day: …]` encode as a JSON object keyed by "YYYY-MM-DD" (readable in jq).
extension Day: CodingKeyRepresentable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
    public var codingKey: CodingKey { Key(stringValue: iso) }
    public init?<T: CodingKey>(codingKey: T) {
        guard let d = Day(parsing: codingKey.stringValue) else { return nil }
        self = d
    }
}
