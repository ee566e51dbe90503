import Foundation
@testable import TracedeskCore

/// 2021-07-05 10:00 WIB: the Monday of the worked examples.
let mondayTen = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: 10, minute: 0)

func day(_ s: String) -> Day { Day(parsing: s)! }

func record(_ id: String, name: String = "Budi Santoso", result: String = "2021-07-03",
            kelurahan: String = "Menteng", phone: String = "+6281234567890", nik: String? = "3171234567890123") -> CaseRecord {
    CaseRecord(caseId: id, name: name, nik: nik, phones: [phone], sex: .male, age: 40,
               kelurahan: kelurahan, resultDate: day(result))
}

/// Events as a journal would hold them, one second apart from `start`.
struct EventMaker {
    var clock: Date
    var rng = SplitMix64(seed: 7)
    init(start: Date = mondayTen.addingTimeInterval(-86400)) { clock = start }

    mutating func make(_ body: EventBody, by actor: String = "tracer-01", at: Date? = nil) -> Event {
        let t = at ?? clock
        clock = clock.addingTimeInterval(1)
        return Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: body)
    }

    mutating func imports(_ records: [CaseRecord], batch: String = "b1") -> [Event] {
        Desk.importEvents(records, batch: batch).map { make($0, by: "lab-import") }
    }
}
