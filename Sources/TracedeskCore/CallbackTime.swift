import Foundation

/// Reads the callback time a tracer types, in the desk's zone:
///   "15:30" or "jam 9" (today), "besok 09:00" / "besok 9" / "besok jam 9" / "tomorrow 9.15",
///   "lusa 10", "9 pagi", "3 sore", "7 malam", "nanti sore" (today 16:00), "nanti malam" (19:00),
///   "nanti siang" (13:00), "besok pagi" (09:00), "2021-07-06 09:00", "06/07 09:00", "+2h", "+30m".
public enum CallbackTime {
    public static let maxDaysAhead = 14

    /// The hour a part of the day stands for when no hour is given ("nanti sore": 16:00).
    static let partOfDay: [String: Int] = ["pagi": 9, "morning": 9, "siang": 13, "noon": 12, "sore": 16, "afternoon": 16,
                                           "malam": 19, "evening": 19]

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
            // Words in any order: a day, an hour (with or without "jam"/"pukul"/"at"), a part
            // of the day; "nanti" (later today) and "hari ini" say today.
            var words = t.split(separator: " ").map(String.init).filter { !["jam", "pukul", "pkl", "at", "nanti", "later", "ini"].contains($0) } // not shown: words read from what a tracer types
            var day = today
            var hm: (Int, Int)?
            var part: String?
            if let i = words.firstIndex(where: { ["besok", "tomorrow"].contains($0) }) { day = today.adding(days: 1); words.remove(at: i) } // not shown: words read from what a tracer types
            else if let i = words.firstIndex(of: "lusa") { day = today.adding(days: 2); words.remove(at: i) } // not shown: words read from what a tracer types
            else if let i = words.firstIndex(where: { ["hari", "today"].contains($0) }) { words.remove(at: i) } // not shown: words read from what a tracer types
            for w in words {
                if let p = partOfDay[w], part == nil { part = w; _ = p; continue }
                if hm == nil, let v = parseHourMinute(w) { hm = v; continue }
                if hm == nil, let h = Int(w), (0...23).contains(h) { hm = (h, 0); continue }
                if hm == nil, w.count >= 5, let d = Day(parsing: w) ?? dayMonth(w, near: today) { day = d; continue }
                if w.contains("/") || w.contains("-"), let d = Day(parsing: w) ?? dayMonth(w, near: today) { day = d; continue }
                return .failure(.unreadable(text))
            }
            switch (hm, part) {
            case (nil, nil): return .failure(.unreadable(text))
            case (nil, let p?): hm = (partOfDay[p]!, 0)
            case (let v?, let p?):
                // "3 sore", "7 malam", "1 siang": the afternoon and evening hours.
                if ["sore", "afternoon", "malam", "evening"].contains(p) && v.0 < 12 { hm = (v.0 + 12, v.1) } // not shown: words read from what a tracer types
                if ["siang", "noon"].contains(p) && v.0 < 6 { hm = (v.0 + 12, v.1) } // not shown: words read from what a tracer types
            default: break
            }
            date = clock.date(day: day, hour: hm!.0, minute: hm!.1)
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

    /// "06/07" or "6/7": day/month, this year (or next January when typed in December). A day
    /// earlier this year stays this year's, so it is refused as passed: one a day behind rolled
    /// to next year and was refused as "more than 14 days ahead".
    static func dayMonth(_ s: String, near today: Day) -> Day? {
        let p = s.split(separator: "/").map(String.init)
        guard p.count == 2, let d = Int(p[0]), let m = Int(p[1]) else { return nil }
        let y = today.components.year
        guard let candidate = Day(year: y, month: m, day: d) else { return nil }
        return candidate.adding(days: 180) < today ? Day(year: y + 1, month: m, day: d) : candidate
    }
}

extension CallbackTime {
    /// A kind of phrase the time field takes, offered as an example. Each has fallbacks for
    /// the hours its first form has passed ("nanti sore" after 16:00 is refused as past).
    public enum Example: Sendable, CaseIterable {
        /// "besok jam 9": always ahead.
        case tomorrow
        /// "besok 9": the same, as short as it is typed.
        case tomorrowShort
        /// "9 pagi", until 9:00.
        case morning
        /// "nanti sore", then "nanti malam", until 19:00.
        case laterToday
        /// "15:30" until then, else a time an hour or two ahead ("19:00" at 17:30), today.
        case clockTime
        /// "+2h": always ahead.
        case inHours
    }

    /// The examples of `kinds` the field takes at `now`, each one read by `parse` as it
    /// would be if typed now, in the order asked, a kind with no form left today left out:
    /// what a form offers is never what it then refuses (at 17:30 it offered "nanti sore"
    /// and "15:30" and refused both as past).
    public static func examples(_ kinds: [Example], now: Date, clock: WallClock = .wib) -> [String] {
        var out: [String] = []
        for kind in kinds {
            // The phrases are what a tracer types: the same in both languages.
            let forms: [String]
            switch kind {
            case .tomorrow: forms = ["besok jam 9"] // not shown: a phrase a tracer types
            case .tomorrowShort: forms = ["besok 9"] // not shown: a phrase a tracer types
            case .morning: forms = ["9 pagi"] // not shown: a phrase a tracer types
            case .laterToday: forms = ["nanti sore", "nanti malam"] // not shown: a phrase a tracer types
            case .clockTime:
                let hour = clock.hourMinute(of: now).hour + 2
                forms = ["15:30"] + (hour <= 23 ? [String(format: "%02d:00", hour)] : [])
            case .inHours: forms = ["+2h"] // not shown: a phrase a tracer types
            }
            if let taken = forms.first(where: { if case .success = parse($0, now: now, clock: clock) { true } else { false } }),
               !out.contains(taken) {
                out.append(taken)
            }
        }
        return out
    }

    /// The examples the form offers under an empty time field: "call back" needs a time,
    /// "no answer" and "busy" may take one.
    public static func fieldExamples(retry: Bool, now: Date, clock: WallClock = .wib) -> [String] {
        retry ? Array(examples([.laterToday, .tomorrowShort, .inHours, .clockTime], now: now, clock: clock).prefix(3))
              : examples([.tomorrow, .clockTime, .laterToday, .inHours], now: now, clock: clock)
    }
}

public enum CallbackError: Error, Equatable, CustomStringConvertible {
    case empty, past, tooFar
    case unreadable(String)

    /// In the desk's language: what was wrong and what would work. Examples that are
    /// always ahead of any clock; `text(now:clock:)` is what a form shows.
    public var description: String { text(examples: ["besok jam 9", "+2h"]) } // not shown: phrases a tracer types

    /// What was wrong, with examples the field takes at `now`.
    public func text(now: Date, clock: WallClock = .wib) -> String {
        let kinds: [CallbackTime.Example] = switch self {
        case .past: [.tomorrow, .clockTime, .inHours]
        default: [.tomorrow, .morning, .laterToday, .clockTime, .inHours]
        }
        return text(examples: CallbackTime.examples(kinds, now: now, clock: clock))
    }

    private func text(examples: [String]) -> String {
        let list = examples.joined(separator: ", ")
        return switch self {
        case .empty: L("give a time, e.g. \(list)")
        case .past: L("that time has already passed; e.g. \(list)")
        case .tooFar: L("more than \(CallbackTime.maxDaysAhead) days ahead; the case would go stale")
        // No fixed date among the examples: one more than two weeks off was itself refused.
        case .unreadable(let t): L("cannot read \"\(t)\"; try \(list)")
        }
    }
}
