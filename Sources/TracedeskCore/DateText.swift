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

    /// A day in a list: "05/07" this year, "05/07/2020" another (the queue, the follow-up list
    /// and the interview's contacts write it alike; a year-old date without its year reads as
    /// this year's).
    public static func listed(_ d: Day, today: Day) -> String {
        d.components.year == today.components.year ? short(d) : full(d)
    }

    /// A date field of a draft as every screen shows it: what a tracer typed is kept day first
    /// ("27/11/2026"), but drafts from before that, and the line list's dates prefilled into
    /// them, hold ISO ("2026-11-27"). Anything that is not a date is shown as typed.
    public static func drafted(_ stored: String) -> String {
        guard stored.utf8.count == 10, stored.contains("-"), let d = Day(parsing: stored) else { return stored }
        return full(d)
    }

    /// A moment in a file name: the desk's local time with its offset, "20261130-143005+0700".
    /// Local, not UTC, because the people who look for a recording know when the interview was
    /// by the desk's clock (the history says 14:30); the offset says which zone, so the name
    /// stays unambiguous if the team's zone changes. No colons: file names travel to systems
    /// that refuse them.
    public static func fileStamp(_ date: Date, clock: WallClock) -> String {
        let d = clock.day(of: date).components
        let secs = Int(date.timeIntervalSince(clock.start(of: clock.day(of: date))))
        let off = clock.offsetSeconds
        let sign = off < 0 ? "-" : "+"
        return String(d.year) + two(d.month) + two(d.day) + "-" + two(secs / 3600) + two(secs % 3600 / 60) + two(secs % 60)
            + sign + two(abs(off) / 3600) + two(abs(off) % 3600 / 60)
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
