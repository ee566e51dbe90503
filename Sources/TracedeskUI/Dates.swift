import TracedeskCore

/// Dates as tracers say them: "Senin, 5 Juli 2021" in Bahasa Indonesia, "Monday 5 July 2021"
/// in English, in the desk's current language.
enum SpokenDate {
    static let indonesianDays = ["Minggu", L("Senin"), L("Selasa"), L("Rabu"), L("Kamis"), L("Jumat"), L("Sabtu")]
    static let indonesianMonths = ["Januari", L("Februari"), L("Maret"), L("April"), L("Mei"), L("Juni"), L("Juli"), L("Agustus"),
                                   L("September"), L("Oktober"), L("November"), L("Desember")]
    static let englishDays = ["Sunday", L("Monday"), L("Tuesday"), L("Wednesday"), L("Thursday"), L("Friday"), L("Saturday")]
    static let englishMonths = ["January", L("February"), L("March"), L("April"), L("May"), L("June"), L("July"), L("August"),
                                L("September"), L("October"), L("November"), L("December")]

    static func long(_ d: Day) -> String {
        let c = d.components
        switch Localization.language {
        case .id: return "\(indonesianDays[d.weekday]), \(c.day) \(indonesianMonths[c.month - 1]) \(c.year)"
        case .en: return "\(englishDays[d.weekday]) \(c.day) \(englishMonths[c.month - 1]) \(c.year)"
        }
    }

    /// "Sen" / "Mon": the title bar's clock.
    static func weekdayShort(_ d: Day) -> String {
        let names = Localization.language == .id ? indonesianDays : englishDays
        return String(names[d.weekday].prefix(3))
    }

    /// "05/07": for lists where space is short (day first in both languages).
    static func short(_ d: Day) -> String {
        let c = d.components
        return (c.day < 10 ? "0" : "") + "\(c.day)/" + (c.month < 10 ? "0" : "") + "\(c.month)"
    }
}
