import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// `tracedesk-bench bench replay`: what the repeated-key check (every object of every record,
/// keys compared after unescaping) costs the desk's replay. The same month's journal replayed
/// in process with the check and without it, taking turns, page cache warm.
struct BenchReplay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "The desk's replay of a month's journal with and without the repeated-key check (use a release build).")

    @Option(help: "Cases in the month (about cases/30 arrive each day).")
    var cases = 30_000

    @Option(help: "Replays of each kind, taking turns.")
    var runs = 5

    func run() throws {
        let dir = NSTemporaryDirectory() + "tracedesk-bench-replay-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/journal.jsonl"
        let month = CityMonth(cases: cases)
        _ = try month.write(to: FileJournal(path: journal, io: BenchJournal.UnsyncedIO()), journalPath: journal)
        var st = stat()
        stat(journal, &st)
        let mb = Double(st.st_size) / 1e6
        print("tracedesk-bench replay: \(cases) cases, event log \(String(format: "%.0f", mb)) MB, \(runs) replays with the check and \(runs) without, taking turns (page cache warm: just written)")
        // One replay first, unmeasured, so both kinds find the same warm cache.
        _ = try FileJournal(path: journal).replay(team: month.team)
        var with: [Double] = [], without: [Double] = []
        var events = 0
        for i in 0..<(2 * runs) {
            let skip = i % 2 == 1
            RecordKeys.benchSkipsCheck = skip
            defer { RecordKeys.benchSkipsCheck = false }
            let t = DispatchTime.now().uptimeNanoseconds
            let desk = try FileJournal(path: journal).replay(team: month.team)
            let s = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
            events = desk.eventCount
            if skip { without.append(s) } else { with.append(s) }
        }
        let w = BenchJournal.median(with), wo = BenchJournal.median(without)
        print(String(format: "replay with the check %.3f s (min %.3f), without %.3f s (min %.3f), medians of %d; %d events",
                     w, with.min() ?? 0, wo, without.min() ?? 0, runs, events))
        print(String(format: "the check costs %.3f s = %.1f %% of the replay (a tenth would be %.3f s)", w - wo, (w - wo) / w * 100, w / 10))
    }
}
