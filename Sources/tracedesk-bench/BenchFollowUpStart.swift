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
        for p in [journal, journal + ".quarantine", TeamFile.path(forJournal: journal), Checkpoint.path(forJournal: journal)] { unlink(p) }
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
        func starts(_ label: String, _ who: String, runs: Int) -> [BenchJournal.Start] {
            var out: [BenchJournal.Start] = []
            for _ in 0..<runs {
                guard let s = BenchJournal.deskStart(exe: BenchJournal.executable, args: ["--journal", journal, "--tracer", who], dir: dir) else {
                    print("  \(label): the desk did not report its first frame (is `script` installed?)")
                    break
                }
                print(String(format: "  %@ (%@): painted %.2f s, resident then %d MB; exited %.2f s, peak resident %d MB",
                             label, who, s.painted, s.residentAtPaintKB / 1024, s.exited, s.peakKB / 1024))
                print("    phases: " + s.phases.map { String(format: "%@ %.2f s %d MB", $0.name, $0.at, $0.residentKB / 1024) }.joined(separator: ", "))
                out.append(s)
            }
            return out
        }
        var rows: [(String, [BenchJournal.Start])] = []
        // Without the checkpoint: every event replayed (what a start was before it).
        setenv("TRACEDESK_CHECKPOINT", "off", 1)
        for (label, who) in [("a tracer", month.tracer(7)), ("a lead", month.lead(0))] {
            rows.append(("\(label), full replay (TRACEDESK_CHECKPOINT=off)", starts("\(label), full replay", who, runs: runs)))
        }
        unsetenv("TRACEDESK_CHECKPOINT")
        // The first start with it replays every event and writes it, in the background,
        // before the desk exits: its peak covers the writing.
        unlink(Checkpoint.path(forJournal: journal))
        rows.append(("a tracer, first start (writes the checkpoint)", starts("a tracer, first start, writing the checkpoint", month.tracer(7), runs: 1)))
        let ckptBytes = (try? FileManager.default.attributesOfItem(atPath: Checkpoint.path(forJournal: journal))[.size] as? Int) ?? 0
        print(String(format: "  checkpoint: %d MB beside a %d MB journal (the journal is %.1f× the checkpoint)",
                     ckptBytes / 1_000_000, bytes / 1_000_000, Double(bytes) / Double(max(1, ckptBytes))))
        for (label, who) in [("a tracer", month.tracer(7)), ("a lead", month.lead(0))] {
            rows.append(("\(label), from the checkpoint", starts("\(label), from the checkpoint", who, runs: runs)))
        }
        print("\n" + Latency.pad("desk start, warm", 52) + Latency.pad("painted (min / median)", 26) + Latency.pad("peak resident", 16) + "targets ≤ 1.0 s, ≤ 150 MB")
        for (label, s) in rows where !s.isEmpty {
            let painted = s.map(\.painted)
            let peak = s.map(\.peakKB).max()! / 1024
            let met = BenchJournal.median(painted) <= 1.0 && peak <= 150
            print(Latency.pad(label, 52) + Latency.pad(BenchJournal.minMedian(painted), 26) + Latency.pad("\(peak) MB", 16) + (met ? "met" : "NOT met"))
        }

        // In process: the checkpoint read and its (empty) tail replayed, beside what summing
        // the whole journal (a check the start does not make) would cost.
        let c0 = Date(), crss = residentMB()
        let (fromCheckpoint, how) = try FileJournal(path: journal, access: .read).replayFromCheckpoint(team: month.team)
        print(String(format: "\nin process: the desk from the checkpoint %.2f s, %d MB more resident (%@, %d cases)",
                     Date().timeIntervalSince(c0), residentMB() - crss, "\(how)", fromCheckpoint.cases.count))
        let s0 = Date()
        var crc = CRC32C.initial
        let fd = open(journal, O_RDONLY)
        var chunk = [UInt8](repeating: 0, count: 8 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            crc = chunk.withUnsafeBytes { CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
        close(fd)
        print(String(format: "CRC-32C of the whole journal (%d MB, warm): %.2f s (not made at start: the first 64 KiB and the last 4 KiB before the offset are)",
                     bytes / 1_000_000, Date().timeIntervalSince(s0)))
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
