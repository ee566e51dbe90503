import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskUI

/// Measurements, not tests: run on a release build (`swift run -c release tracedesk bench`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measurements on synthetic data (use a release build).",
        subcommands: [BenchKeys.self, BenchJournal.self, BenchImport.self, BenchFollowUp.self, BenchFollowUpStart.self, BenchFiling.self, BenchReplay.self, BenchCity.self, BenchFailover.self, BenchAppendCost.self],
        defaultSubcommand: BenchKeys.self)
}

struct BenchKeys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Keypress-to-frame latency on the queue, search and the interview.")

    @Option(help: "Cases in the synthetic queue.")
    var cases = 10_000

    @Option(help: "Contacts on the interview's contacts screen.")
    var contacts = 50

    @Option(help: "Keypresses per measurement.")
    var keys = 2_000

    func run() throws {
        let now = Date()
        let clock = WallClock.wib
        var rng = SplitMix64(seed: 42)
        let today = clock.day(of: now)
        let records = (0..<cases).map { i in
            CaseRecord(caseId: String(format: "JKT-%06d", i), name: "Pasien \(i) Siregar", nik: String(format: "3171%012d", i),
                       phones: [String(format: "+62812%08d", i)], sex: i % 2 == 0 ? .female : .male, age: 20 + i % 60,
                       kelurahan: ["Menteng", "Cikini", "Tebet Barat", "Grogol"][i % 4], kecamatan: "Menteng", kota: "Jakarta Pusat",
                       specimenDate: today.adding(days: -2), resultDate: today.adding(days: -(i % 5)), onsetDate: today.adding(days: -3))
        }
        var events = Desk.importEvents(records, batch: "bench").map {
            Event(id: EventID.make(at: now, using: &rng), timestamp: now, actor: "lab-import", body: $0)
        }
        // One case mid-interview with `contacts` people named over the period.
        var draft = InterviewDraft(for: records[0], rules: .indonesia2021)
        draft.consent = "given"
        let walk = draft.walk(today: today)
        for i in 0..<contacts {
            let id = draft.addContact(named: "Kontak \(i) Lestari", on: walk[i % walk.count])
            if let k = draft.contacts.firstIndex(where: { $0.id == id }) {
                draft.contacts[k].phone = "0812-1111-\(String(format: "%04d", i))"
                draft.contacts[k].criterion = "face_to_face"
            }
        }
        draft.step = .contacts
        events.append(Event(id: EventID.make(at: now, using: &rng), timestamp: now, actor: "bench",
                            body: .caseClaimed(CaseClaim(caseId: records[0].caseId))))
        events.append(Event(id: EventID.make(at: now, using: &rng), timestamp: now, actor: "bench", body: .interviewSaved(draft)))
        let desk = Desk(replaying: events)
        let size = Size(width: 80, height: 24)

        print("tracedesk bench: \(cases) cases, \(contacts) contacts, \(keys) keys per row; frames are 80×24, update + view")
        print("(ncurses' own output of the changed cells is not included)")
        print("")
        print(Latency.pad("measurement", 44) + Latency.pad("median", 10) + Latency.pad("p95", 10) + "max")

        // Queue: j/k through 10,000 cases.
        var queueApp = DeskApp(desk: desk, tracer: "bench-other", now: now, size: size)
        while case .interview = queueApp.top { _ = queueApp.update(.input(.key(.escape))); _ = queueApp.update(.input(.key(.escape))) }
        report("queue: j / k", Latency.time(keys) { i in
            _ = queueApp.update(.input(.key(i % 40 < 20 ? .char("j") : .char("k"))))
            _ = queueApp.render(size)
        })
        // Search as you type over every case.
        var searchApp = DeskApp(desk: desk, tracer: "bench-other", now: now, size: size)
        _ = searchApp.update(.input(.key(.char("/"))))
        let typed = Array("siregar 12")
        report("queue: search, one key typed", Latency.time(min(keys, 400)) { i in
            let k: Key = i % (typed.count * 2) < typed.count ? .char(typed[i % typed.count]) : .backspace
            _ = searchApp.update(.input(.key(k)))
            _ = searchApp.render(size)
        })
        // The interview's contacts screen with `contacts` people.
        var interviewApp = DeskApp(desk: desk, tracer: "bench", now: now, size: size)
        report("interview contacts (\(contacts)): ↓ / ↑", Latency.time(keys) { i in
            _ = interviewApp.update(.input(.key(i % 100 < 50 ? .down : .up)))
            _ = interviewApp.render(size)
        })
    }

    func report(_ name: String, _ ms: [Double]) {
        func f(_ v: Double) -> String { String(format: "%.3f ms", v) }
        print(Latency.pad(name, 44) + Latency.pad(f(Latency.median(ms)), 10) + Latency.pad(f(Latency.p95(ms)), 10) + f(ms.max()!))
    }
}

/// Timing helpers shared by the benchmarks.
enum Latency {
    /// Milliseconds for each of `n` calls.
    static func time(_ n: Int, _ body: (Int) -> Void) -> [Double] {
        (0..<n).map { i in
            let t = DispatchTime.now().uptimeNanoseconds
            body(i)
            return Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
        }
    }

    static func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    static func p95(_ v: [Double]) -> Double { v.sorted()[v.count * 95 / 100] }
    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
}
