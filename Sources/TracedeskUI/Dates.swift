import TracedeskCore

/// Dates as tracers say them ("Senin, 5 Juli 2021"). Bahasa Indonesia first; the catalogue of
/// issue 6 will add English.
enum SpokenDate {
    static let days = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]
    static let months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                         "September", "Oktober", "November", "Desember"]

    static func long(_ d: Day) -> String {
        let c = d.components
        return "\(days[d.weekday]), \(c.day) \(months[c.month - 1]) \(c.year)"
    }

    /// "05/07": for lists where space is short.
    static func short(_ d: Day) -> String {
        let c = d.components
        return (c.day < 10 ? "0" : "") + "\(c.day)/" + (c.month < 10 ? "0" : "") + "\(c.month)"
    }
}
