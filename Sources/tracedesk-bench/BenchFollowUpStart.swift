import ArgumentParser
import Foundation
@_spi(Bench) import TracedeskCore
import TracedeskJournal
import TracedeskUI

/// `tracedesk-bench bench followup-start`: issue 16's "replay and start-up stay within the
/// journal issue's targets" — the month `bench followup` builds in process (cases filed and
/// approved, every close contact called each day), written to a file journal, then the real
/// desk started on it as a tracer and as a lead, to its first painted frame, with its peak
/// resident size over the whole start. The journal issue's targets: start ≤ 1.0 s, peak ≤ 150 MB.
struct BenchFollowUpStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup-start",
        abstract: "Desk start on a file journal holding a city's month of follow-up (use a release build).")

    @Option(help: "Cases in the month.")
    var cases = 100_000

    @Option(help: "Close contacts per case.")
    var contacts = 5

    @Option(help: "Starts of each kind (min and median are shown).")
    var runs = 3

    @Option(help: "Folder for the journal (written afresh on every run, and left there).")
    var dir = NSTemporaryDirectory() + "tracedesk-bench-followup"

    func run() throws {
        #if DEBUG
        print("NOT a release build: the figures mean little (swift build -c release)")
        #endif
        let journal = dir + "/journal.jsonl"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for p in [journal, journal + ".quarantine", TeamFile.path(forJournal: journal)] { unlink(p) }
        try? FileManager.default.removeItem(atPath: DraftStore.directory(forJournal: journal))

        let t = Date()
        let month = FollowUpMonth(cases: cases, contacts: contacts)
        try TeamFile.save(month.team, journal: journal)
        // Written without fdatasync: writing the month is not what is measured.
        let store = try FileJournal(path: journal, io: BenchJournal.UnsyncedIO())
        month.written = { batch in _ = try store.transact { _ in batch } }
        var built = Desk(team: month.team)
        let mix = month.apply(into: &built)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int) ?? 0
        print("tracedesk-bench followup-start: \(mix.cases.formatted()) cases, \(mix.followUps.formatted()) contacts under follow-up, "
              + "\(mix.calls.formatted()) follow-up calls, \(mix.events.formatted()) events; journal \(bytes / 1_000_000) MB, "
              + String(format: "written in %.0f s", Date().timeIntervalSince(t)))
        print("event log in the page cache: \(BenchJournal.cached(journal)); \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // The desk's replay in this process, for where the time goes.
        let r0 = Date(), rss0 = residentMB()
        var replayed = try FileJournal(path: journal, access: .read).replay(team: month.team)
        let replaySeconds = Date().timeIntervalSince(r0)
        print(String(format: "replay in process: %.2f s, %d MB more resident, %d cases, %d follow-ups",
                     replaySeconds, residentMB() - rss0, replayed.cases.count, replayed.followUps.count))
        // Where replay's time goes: reading and decoding the events alone, the rest is applying them.
        let d0 = Date()
        var decoded = 0
        try FileJournal(path: journal, access: .read).read(from: .start) { decoded += $0.count }
        let decodeSeconds = Date().timeIntervalSince(d0)
        print(String(format: "  read and decode %d events: %.2f s; apply (replay less that): %.2f s",
                     decoded, decodeSeconds, replaySeconds - decodeSeconds))
        // Where its memory goes: each part let go in turn, the free pages given back each time.
        let checks = replayed.followUps.values.reduce(0) { $0 + $1.checks.count }
        let capacity = replayed.followUps.values.reduce(0) { $0 + $1.checks.capacity }
        print("  \(checks.formatted()) follow-up checks (room for \(capacity.formatted())), \(MemoryLayout<FollowUpCheck>.stride) bytes each in place")
        for (part, bytes) in replayed.letGoForBench({ trimMalloc(); return residentBytes() }) {
            print("  " + Latency.pad(part, 36) + String(format: "%6.0f MB", Double(bytes) / 1e6))
        }

        // The desks start on the month's last morning, as the tracers would have.
        setenv("TRACEDESK_NOW", "2021-07-31T03:00:00Z", 1)
        print("\ndesk starts on 2021-07-31 10:00 WIB (`tracedesk --exit-after-first-frame` in a pty, page cache warm):")
        var rows: [(String, [BenchJournal.Start])] = []
        for (label, who) in [("a tracer", month.tracer(7)), ("a lead", month.lead(0))] {
            var starts: [BenchJournal.Start] = []
            for _ in 0..<runs {
                guard let s = BenchJournal.deskStart(exe: BenchJournal.executable, args: ["--journal", journal, "--tracer", who], dir: dir) else {
                    print("  \(label): the desk did not report its first frame (is `script` installed?)")
                    break
                }
                print(String(format: "  %@ (%@): painted %.2f s, resident then %d MB; exited %.2f s, peak resident %d MB",
                             label, who, s.painted, s.residentAtPaintKB / 1024, s.exited, s.peakKB / 1024))
                print("    phases: " + s.phases.map { String(format: "%@ %.2f s %d MB", $0.name, $0.at, $0.residentKB / 1024) }.joined(separator: ", "))
                starts.append(s)
            }
            rows.append((label, starts))
        }
        print("\n" + Latency.pad("desk start, warm", 40) + Latency.pad("painted (min / median)", 26) + Latency.pad("peak resident", 16) + "targets ≤ 1.0 s, ≤ 150 MB")
        for (label, s) in rows where !s.isEmpty {
            let painted = s.map(\.painted)
            let peak = s.map(\.peakKB).max()! / 1024
            let met = BenchJournal.median(painted) <= 1.0 && peak <= 150
            print(Latency.pad(label, 40) + Latency.pad(BenchJournal.minMedian(painted), 26) + Latency.pad("\(peak) MB", 16) + (met ? "met" : "NOT met"))
        }
    }
}

/// Resident bytes now (statm's second field).
func residentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    return (Int(s.split(separator: " ")[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// glibc's malloc_trim(0), through dlsym: the free pages inside the heap given back, so the
/// resident size follows what is in use.
func trimMalloc() {
    guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
    _ = unsafeBitCast(f, to: (@convention(c) (Int) -> Int32).self)(0)
}
