import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// `tracedesk-bench bench filing`: the journal bench's filing row alone, on a small month's
/// sample interview (five contacts), so it can be rerun quickly and run under a profiler
/// (`valgrind --tool=callgrind --toggle-collect='*decideAndAppend*'` counts the desk's path).
struct BenchFiling: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filing",
        abstract: "Filing an interview as the desk files it, against a bare append + fdatasync of the same bytes (use a release build).")

    @Option(help: "Cases in the small month the sample interview comes from.")
    var cases = 300

    @Option(help: "Filings and bare appends, taking turns (half each).")
    var rounds = 400

    @Option(help: "Runs of the whole measurement (each ratio is printed, then the median).")
    var runs = 3

    @Flag(help: "Every filing of the one case, with no draft file, on a copy of the desk (as this bench measured until file5).")
    var asBefore = false

    func run() throws {
        let dir = NSTemporaryDirectory() + "tracedesk-bench-filing-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/journal.jsonl"
        let month = CityMonth(cases: cases)
        let mix = try month.write(to: FileJournal(path: journal, io: BenchJournal.UnsyncedIO()), journalPath: journal)
        guard let sample = mix.sampleFiled, let holder = mix.sampleFiledBy else { throw ValidationError("no interview with five contacts in \(cases) cases") }
        let desk = try FileJournal(path: journal).replay(team: month.team)
        let bench = try BenchJournal.parse(["--dir", dir])
        print("tracedesk-bench filing: an interview of \(sample.contacts.count) contacts, \(rounds / 2) filings and \(rounds / 2) bare appends taking turns, \(runs) runs; \(dir)")
        var ratios: [Double] = []
        for _ in 0..<runs {
            let f = try bench.filing(sample, desk: desk, tracer: holder, rounds: rounds, ownCases: !asBefore)
            let ratio = BenchJournal.median(f.filed) / BenchJournal.median(f.bare)
            ratios.append(ratio)
            print(String(format: "filing %.3f ms median vs bare append + fdatasync of the same %d bytes %.3f ms: %.2f×",
                         BenchJournal.median(f.filed), f.bytes, BenchJournal.median(f.bare), ratio))
        }
        print(String(format: "median ratio %.2f× (target ≤ 1.2×)", ratios.sorted()[ratios.count / 2]))
        // The same with no sync on either side: what the desk's path adds, in microseconds.
        let f = try bench.filing(sample, desk: desk, tracer: holder, rounds: rounds, sync: false, ownCases: !asBefore)
        print(String(format: "without the syncs: filing %.1f µs median, a bare write %.1f µs: the desk's path adds %.1f µs",
                     BenchJournal.median(f.filed) * 1000, BenchJournal.median(f.bare) * 1000,
                     (BenchJournal.median(f.filed) - BenchJournal.median(f.bare)) * 1000))
        // With the syncs, where the time goes: every span between the filing's system calls
        // and the loop's marks, beside the bare append's, medians of the same rounds.
        let timeline = BenchJournal.Timeline()
        _ = try bench.filing(sample, desk: desk, tracer: holder, rounds: rounds, timeline: timeline, ownCases: !asBefore)
        let spans = { (rounds: [[(String, Double)]]) in
            BenchJournal.Timeline.medians(rounds).map { $0.0 + " " + String(format: "%.1f", $0.1) }.joined(separator: ", ")
        }
        print("with the syncs, µs from the mark before (medians): filing: \(spans(timeline.filings)); bare: \(spans(timeline.bares))")
        // Its parts, in process, each alone (medians of `rounds`).
        let today = WallClock.wib.day(of: Date())
        var open = Desk(team: desk.team)
        if let record = desk[sample.caseId]?.record {
            let t = Date()
            let bodies = Desk.importEvents([record], batch: "bench-filing") + [.caseClaimed(CaseClaim(caseId: sample.caseId))]
            open.apply(contentsOf: bodies.enumerated().map { i, b in Event(id: EventID.make(at: t), timestamp: t, actor: i < bodies.count - 1 ? "lab-import" : holder, body: b) })
        }
        let filed = FiledInterview.file(sample.draft, today: today)
        var event = Event(id: EventID.make(at: Date()), timestamp: Date(), actor: holder, body: .interviewFiled(filed))
        let make = Latency.time(rounds) { _ in _ = FiledInterview.file(sample.draft, today: today) }
        let codec = RecordCodec()
        let encode = Latency.time(rounds) { i in _ = try? codec.encode(event, seq: 1_000_000 + i) }
        let refusal = Latency.time(rounds) { _ in _ = open.refusal(event.body, by: holder) }
        event.ref = EventRef(offset: 1 << 30, length: 6_000)
        let apply = Latency.time(rounds) { _ in
            var after = open
            after.apply(contentsOf: CollectionOfOne(event))
        }
        print(String(format: "its parts, each alone: the filed interview made from the draft %.1f µs, the decision %.1f µs, the line encoded %.1f µs, the desk updated %.1f µs",
                     BenchJournal.median(make) * 1000, BenchJournal.median(refusal) * 1000, BenchJournal.median(encode) * 1000, BenchJournal.median(apply) * 1000))
    }
}
