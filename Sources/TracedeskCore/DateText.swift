// catalogue: not shown — the date words are the dates' own catalogue, one table per language
import Foundation

/// The one way the desk writes dates and times, in the desk's current language, on every
/// screen and in command tables (the journal and exports keep ISO):
///   short   "05/07"                      day first in both languages (Jakarta reads 12-01 as
///                                        12 January, so month-first never appears)
///   long    "Senin, 5 Juli 2021" / "Monday 5 July 2021"
///   time    "14:30" today, else "05/07 14:30"; `zoned` adds the desk's zone ("WIB")
/// Date fields read what the desk shows: `Day(typed:today:)`.
public enum DateText {
    static let indonesianDays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
    static let indonesianMonths = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                   "September", "Oktober", "November", "Desember"]
    static let englishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

    public static func long(_ d: Day) -> String {
        let c = d.components
        switch Localization.language {
        case .id: return "\(indonesianDays[d.weekday]), \(c.day) \(indonesianMonths[c.month - 1]) \(c.year)"
        case .en: return "\(englishDays[d.weekday]) \(c.day) \(englishMonths[c.month - 1]) \(c.year)"
        }
    }

    /// "Sen" / "Mon": the title bar's clock.
    public static func weekdayShort(_ d: Day) -> String {
        let names = Localization.language == .id ? indonesianDays : englishDays
        return String(names[d.weekday].prefix(3))
    }

    /// "05/07": for lists where space is short (day first in both languages).
    public static func short(_ d: Day) -> String {
        let c = d.components
        return two(c.day) + "/" + two(c.month)
    }

    /// "05/07/2021": a day where the year matters (a case's dates, a problem's message); what
    /// date fields read back.
    public static func full(_ d: Day) -> String {
        let c = d.components
        return short(d) + "/" + String(c.year)
    }

    /// "14:30" when `date` falls on the day of `now`, else "05/07 14:30"; nil `now`: always
    /// with the day.
    public static func time(_ date: Date, clock: WallClock, now: Date?) -> String {
        let hm = clock.hourMinute(of: date)
        let clockText = two(hm.hour) + ":" + two(hm.minute)
        let d = clock.day(of: date)
        if let now, d == clock.day(of: now) { return clockText }
        return short(d) + " " + clockText
    }

    /// `time` with the zone: "05/07 14:30 WIB".
    public static func zoned(_ date: Date, clock: WallClock, now: Date?) -> String {
        time(date, clock: clock, now: now) + " " + clock.label
    }

    /// The forms a date field reads, shown with today's date (a refusal that suggested 2021
    /// in 2026 taught the wrong year): "30/11, 30/11/2026, 2026-11-30".
    public static func typedExamples(_ today: Day) -> String {
        "\(short(today)), \(full(today)), \(today.iso)"
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension Day {
    /// The day as the desk shows it with its year: "05/07/2021".
    public var text: String { DateText.full(self) }

    /// A date as a tracer types it: what the desk shows ("28/11", "28/11/2026", "2026-11-28",
    /// "28-11-2026") or a word: today / hari ini, yesterday / kemarin, tomorrow / besok. A day
    /// and month without a year is the one nearest before or on `today` plus a day (dates typed
    /// in an interview are in the past).
    public init?(typed text: String, today: Day) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        switch t {
        case "today", "hari ini", "hariini": self = today; return
        case "yesterday", "kemarin": self = today.adding(days: -1); return
        case "tomorrow", "besok": self = today.adding(days: 1); return
        default: break
        }
        if let d = Day(parsing: t) { self = d; return }
        let sep: Character = t.contains("/") ? "/" : (t.contains(".") ? "." : "-")
        let p = t.split(separator: sep, omittingEmptySubsequences: false)
        if p.count == 3, p[2].count == 4, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), let day = Day(year: y, month: m, day: d) {
            self = day; return
        }
        guard p.count == 2, let d = Int(p[0]), let m = Int(p[1]) else { return nil }
        let y = today.components.year
        guard let candidate = Day(year: y, month: m, day: d) ?? Day(year: y - 1, month: m, day: d) else { return nil }
        self = candidate > today.adding(days: 1) ? (Day(year: y - 1, month: m, day: d) ?? candidate) : candidate
    }
}
