import TracedeskCore

/// Dates as tracers say them: "Senin, 5 Juli 2021" in Bahasa Indonesia, "Monday 5 July 2021"
/// in English, in the desk's current language.
enum SpokenDate {
    static let indonesianDays = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
    static let indonesianMonths = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                                   "September", "Oktober", "November", "Desember"]
    static let englishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December"]

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
