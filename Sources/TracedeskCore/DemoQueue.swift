// catalogue: not shown — made-up patients and places for the demo queue (data, like a line list)
import Foundation

/// A realistic Jakarta queue for trying the desk before real data exists: Indonesian names,
/// real kelurahan, mobile numbers, results from the last few days, a few callbacks due now,
/// a few failed attempts and one case already handed to field tracers.
public enum DemoQueue {
    public static let caseCount = 48

    /// Writes the demo queue into `store` unless something is written there already, decided
    /// under the store's write lock: two desks opening an empty demo journal at once wrote it
    /// twice (48 cases "imported twice", claims "while held"). The events written, in order;
    /// empty when another desk wrote first (the caller reads the store again).
    public static func seed(into store: EventStore, now: Date, tracer: String) throws -> [Event] {
        let seed = events(now: now, tracer: tracer)
        return try store.transact { seen in seen.isEmpty ? seed : [] }.written
    }

    public static func events(now: Date, tracer: String, clock: WallClock = .wib) -> [Event] {
        var rng = SplitMix64(seed: 2021_07_05)
        var events: [Event] = []
        let today = clock.day(of: now)
        let importAt = now.addingTimeInterval(-3 * 86400)
        func add(_ body: EventBody, actor: String, at: Date) {
            events.append(Event(id: EventID.make(at: at, using: &rng), timestamp: at, actor: actor, body: body))
        }
        for i in 0..<caseCount {
            let first = firstNames[Int(rng.next() % UInt64(firstNames.count))]
            let last = lastNames[Int(rng.next() % UInt64(lastNames.count))]
            let place = places[Int(rng.next() % UInt64(places.count))]
            let female = femaleFirst.contains(first)
            let resultDate = today.adding(days: -Int(rng.next() % 4))
            let specimen = resultDate.adding(days: -1 - Int(rng.next() % 2))
            let symptomatic = rng.next() % 3 != 0
            let age = 4 + Int(rng.next() % 78)
            var nik = "31" + String(format: "%02d", 71 + Int(rng.next() % 5))
            for _ in 0..<12 { nik += String(rng.next() % 10) }
            let phone = "+628" + String(11 + Int(rng.next() % 48)) + String(format: "%08d", Int(rng.next() % 100_000_000))
            let record = CaseRecord(
                caseId: String(format: "JKT-%02d%02d-%04d", resultDate.components.day, resultDate.components.month, 101 + i),
                name: "\(first) \(last)",
                nik: i % 11 == 5 ? nil : nik,
                nikMissingReason: i % 11 == 5 ? "not in line list" : nil,
                phones: [phone], sex: female ? .female : .male, age: age,
                address: "Jl. \(streets[Int(rng.next() % UInt64(streets.count))]) No. \(1 + Int(rng.next() % 120))",
                rtRw: String(format: "%03d/%03d", 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 9)),
                kelurahan: place.kelurahan, kecamatan: place.kecamatan, kota: place.kota,
                occupation: occupations[Int(rng.next() % UInt64(occupations.count))],
                specimenDate: specimen, resultDate: resultDate,
                onsetDate: symptomatic ? specimen.adding(days: -Int(rng.next() % 3)) : nil)
            add(.caseImported(ImportedCase(record: record, batch: "demo")), actor: "lab-import",
                at: importAt.addingTimeInterval(Double(i)))
        }
        let ids = events.compactMap(\.caseId)
        add(.importCommitted(ImportCommit(batch: "demo", count: ids.count)), actor: "lab-import",
            at: importAt.addingTimeInterval(Double(caseCount)))
        let colleague = tracer == "tracer-02" ? "tracer-03" : "tracer-02"
        // Three callbacks due now, one later today.
        for (n, i) in [3, 9, 17].enumerated() {
            let at = now.addingTimeInterval(-Double(7200 + n * 600))
            add(.caseClaimed(CaseClaim(caseId: ids[i])), actor: tracer, at: at)
            add(.callLogged(CallAttempt(caseId: ids[i], outcome: .callBack, note: "sedang kerja, minta ditelepon lagi",
                                        callbackAt: now.addingTimeInterval(-Double(900 * (n + 1))))), actor: tracer, at: at)
        }
        let later = now.addingTimeInterval(-3600)
        add(.caseClaimed(CaseClaim(caseId: ids[12])), actor: tracer, at: later)
        add(.callLogged(CallAttempt(caseId: ids[12], outcome: .reachedInterviewLater, note: "di rumah sakit",
                                    callbackAt: now.addingTimeInterval(4 * 3600))), actor: tracer, at: later)
        // Failed attempts: two on one case, three (referred) on another.
        for (i, tries) in [(5, 2), (21, 3)] {
            let at = now.addingTimeInterval(-Double(5 * 3600))
            add(.caseClaimed(CaseClaim(caseId: ids[i])), actor: tracer, at: at)
            for t in 0..<tries {
                add(.callLogged(CallAttempt(caseId: ids[i], outcome: t % 2 == 0 ? .noAnswer : .busy)),
                    actor: tracer, at: at.addingTimeInterval(Double(t * 1800)))
            }
            if tries >= 3 {
                add(.caseReferred(FieldReferral(caseId: ids[i], failedAttempts: tries)), actor: tracer,
                    at: at.addingTimeInterval(Double(tries * 1800)))
            }
        }
        // Cases a colleague is already working.
        for i in [1, 14, 30] {
            add(.caseClaimed(CaseClaim(caseId: ids[i])), actor: colleague, at: now.addingTimeInterval(-1800))
        }
        // One interview the colleague filed, waiting for the lead's review.
        if let record = events.lazy.compactMap({ e -> CaseRecord? in
            if case .caseImported(let imp) = e.body, imp.record.caseId == ids[30] { return imp.record } else { return nil }
        }).first {
            var d = InterviewDraft(for: record, rules: .indonesia2021)
            d.consent = Consent.given.rawValue
            d.symptomatic = record.onsetDate == nil ? "no" : "yes"
            let days = d.walk(today: today)
            if let first = days.first {
                d.days[first, default: DayNotes()].visits.append(Visit(kind: .home, place: "rumah"))
                let a = d.addContact(named: "Sari Wulandari", on: first)
                let b = d.addContact(named: "Hendra Gunawan", on: first)
                if let i = d.contacts.firstIndex(where: { $0.id == a }) {
                    d.contacts[i].phone = "0812-5550-1201"; d.contacts[i].relationship = "household"; d.contacts[i].criterion = "same_household"
                }
                if let i = d.contacts.firstIndex(where: { $0.id == b }) {
                    d.contacts[i].relationship = "coworker"; d.contacts[i].criterion = "face_to_face"
                }
            }
            d.step = .review
            let at = now.addingTimeInterval(-1200)
            add(.interviewSaved(d), actor: colleague, at: at)
            add(.interviewFiled(FiledInterview.file(d, today: today)), actor: colleague, at: at.addingTimeInterval(60))
        }
        return events
    }

    /// The demo's team: three tracers and their lead (sign in as lead-01 to review).
    public static let team = Team(name: "Tim Tracer Demo", members: [
        TeamMember(id: "tracer-01", name: "Dewi Lestari", role: .tracer),
        TeamMember(id: "tracer-02", name: "Agus Salim", role: .tracer),
        TeamMember(id: "tracer-03", name: "Rina Wati", role: .tracer),
        TeamMember(id: "lead-01", name: "Sri Handayani", role: .lead),
    ])

    struct Place { let kelurahan: String, kecamatan: String, kota: String }

    static let places: [Place] = [
        Place(kelurahan: "Menteng", kecamatan: "Menteng", kota: "Jakarta Pusat"),
        Place(kelurahan: "Cikini", kecamatan: "Menteng", kota: "Jakarta Pusat"),
        Place(kelurahan: "Kebon Kacang", kecamatan: "Tanah Abang", kota: "Jakarta Pusat"),
        Place(kelurahan: "Petamburan", kecamatan: "Tanah Abang", kota: "Jakarta Pusat"),
        Place(kelurahan: "Tebet Barat", kecamatan: "Tebet", kota: "Jakarta Selatan"),
        Place(kelurahan: "Kebayoran Lama Utara", kecamatan: "Kebayoran Lama", kota: "Jakarta Selatan"),
        Place(kelurahan: "Pejaten Timur", kecamatan: "Pasar Minggu", kota: "Jakarta Selatan"),
        Place(kelurahan: "Cipinang Melayu", kecamatan: "Makasar", kota: "Jakarta Timur"),
        Place(kelurahan: "Rawamangun", kecamatan: "Pulo Gadung", kota: "Jakarta Timur"),
        Place(kelurahan: "Kampung Melayu", kecamatan: "Jatinegara", kota: "Jakarta Timur"),
        Place(kelurahan: "Tanjung Priok", kecamatan: "Tanjung Priok", kota: "Jakarta Utara"),
        Place(kelurahan: "Penjaringan", kecamatan: "Penjaringan", kota: "Jakarta Utara"),
        Place(kelurahan: "Kelapa Gading Barat", kecamatan: "Kelapa Gading", kota: "Jakarta Utara"),
        Place(kelurahan: "Grogol", kecamatan: "Grogol Petamburan", kota: "Jakarta Barat"),
        Place(kelurahan: "Kembangan Selatan", kecamatan: "Kembangan", kota: "Jakarta Barat"),
        Place(kelurahan: "Palmerah", kecamatan: "Palmerah", kota: "Jakarta Barat"),
    ]
    static let femaleFirst: Set<String> = ["Siti", "Dewi", "Rina", "Ayu", "Fitri", "Nur", "Wulan", "Intan", "Ratna", "Sri", "Putri", "Lestari"]
    static let firstNames = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Ayu", "Hendra", "Fitri", "Nur",
                             "Bambang", "Wulan", "Yusuf", "Intan", "Ratna", "Dimas", "Sri", "Rizky", "Putri", "Eko",
                             "Lestari", "Fajar", "Andi", "Teguh"]
    static let lastNames = ["Santoso", "Rahmawati", "Wijaya", "Hidayat", "Saputra", "Kurniawan", "Lestari", "Nugroho",
                            "Siregar", "Simanjuntak", "Setiawan", "Pratama", "Halim", "Wibowo", "Susanti", "Gunawan",
                            "Hutapea", "Syahputra", "Maharani", "Purnomo"]
    static let streets = ["Cikini Raya", "Kebon Sirih", "Tebet Raya", "Pramuka", "Otista", "Danau Sunter",
                          "Kyai Tapa", "Palmerah Barat", "Pemuda", "Warung Buncit"]
    static let occupations = ["karyawan swasta", "pedagang", "ibu rumah tangga", "pelajar", "ojek online",
                              "guru", "PNS", "perawat", "buruh pabrik", "wiraswasta"]
}

/// Small deterministic generator so the demo queue is the same on every machine.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
