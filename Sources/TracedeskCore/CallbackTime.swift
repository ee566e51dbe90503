import Foundation

/// Reads the callback time a tracer types, in Jakarta time:
///   "15:30" (today), "besok 09:00" / "tomorrow 09:00", "2021-07-06 09:00", "06/07 09:00",
///   "+2h", "+30m".
public enum CallbackTime {
    public static let maxDaysAhead = 14

    public static func parse(_ text: String, now: Date, clock: WallClock = .wib) -> Result<Date, CallbackError> {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !t.isEmpty else { return .failure(.empty) }
        let today = clock.day(of: now)
        var date: Date?
        if t.hasPrefix("+") {
            let num = t.dropFirst().dropLast()
            guard let n = Int(num), n > 0 else { return .failure(.unreadable(text)) }
            switch t.last {
            case "m": date = now.addingTimeInterval(Double(n * 60))
            case "h", "j": date = now.addingTimeInterval(Double(n * 3600)) // j = jam
            default: return .failure(.unreadable(text))
            }
        } else {
            let words = t.split(separator: " ").map(String.init)
            guard let hm = parseHourMinute(words.last ?? "") else { return .failure(.unreadable(text)) }
            var day = today
            if words.count == 2 {
                switch words[0] {
                case "besok", "tomorrow": day = today.adding(days: 1)
                case "lusa": day = today.adding(days: 2)
                default:
                    if let d = Day(parsing: words[0]) { day = d }
                    else if let d = dayMonth(words[0], near: today) { day = d }
                    else { return .failure(.unreadable(text)) }
                }
            } else if words.count != 1 {
                return .failure(.unreadable(text))
            }
            date = clock.date(day: day, hour: hm.0, minute: hm.1)
        }
        guard let d = date else { return .failure(.unreadable(text)) }
        if d <= now { return .failure(.past) }
        if d > now.addingTimeInterval(Double(maxDaysAhead * 86400)) { return .failure(.tooFar) }
        return .success(d)
    }

    static func parseHourMinute(_ s: String) -> (Int, Int)? {
        let p = s.split(separator: s.contains(".") ? "." : ":").map(String.init)
        guard p.count == 2, let h = Int(p[0]), let m = Int(p[1]), (0...23).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    /// "06/07" or "6/7": day/month, this year (or next January when typed in December).
    static func dayMonth(_ s: String, near today: Day) -> Day? {
        let p = s.split(separator: "/").map(String.init)
        guard p.count == 2, let d = Int(p[0]), let m = Int(p[1]) else { return nil }
        let y = today.components.year
        guard let candidate = Day(year: y, month: m, day: d) else { return nil }
        return candidate < today.adding(days: -1) ? Day(year: y + 1, month: m, day: d) : candidate
    }
}

public enum CallbackError: Error, Equatable, CustomStringConvertible {
    case empty, past, tooFar
    case unreadable(String)

    public var description: String {
        switch self {
        case .empty: "give a callback time, e.g. 15:30, besok 09:00 or +2h"
        case .past: "that time has already passed"
        case .tooFar: "more than \(CallbackTime.maxDaysAhead) days ahead; the case would go stale"
        case .unreadable(let t): "cannot read \"\(t)\" as a time; write 15:30, besok 09:00, 2021-07-06 09:00 or +2h"
        }
    }
}
