import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskUI

/// Journal speed on a city-sized synthetic journal, side by side with jq and Python on the
/// same file.
struct BenchJournal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Replay throughput, start-up, filing latency and memory on a synthetic journal.")

    @Option(help: "Cases in the synthetic journal.")
    var cases = 100_000

    @Option(help: "Events in all (imports, claims, calls, interview drafts).")
    var events = 1_000_000

    @Option(help: "Where to write the journal (kept for reruns; reused if it exists).")
    var file = NSTemporaryDirectory() + "tracedesk-bench/journal.jsonl"

    @Option(help: "Cold starts of the desk per measurement (the median is shown).")
    var starts = 3

    @Flag(help: "Measure only filing against a bare append + fdatasync (seconds, not minutes).")
    var filingOnly = false

    @Flag(help: "Measure only full replay against orjson, taking turns, three rounds (a minute).")
    var replayOnly = false

    struct Row {
        var name: String
        var value: String
        var note: String
    }

    func run() throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: file) {
            print("writing \(events) events for \(cases) cases to \(file) …")
            try generate()
        }
        let size = Double((try fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0)
        let mb = size / 1e6
        print("journal: \(file), \(String(format: "%.0f", mb)) MB; release build: \(isRelease ? "yes" : "NO (numbers mean little)")")
        var rows: [Row] = []
        func sec(_ v: Double) -> String { String(format: "%.2f s", v) }
        func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
        if filingOnly {
            // The journal's first interview draft is the record filed; no need to replay it all.
            struct Found: Error { let desk: Desk }
            var partial = Desk()
            let source = try FileJournal(path: file)
            do {
                try source.read(from: .start) { batch in
                    partial.apply(contentsOf: batch)
                    if partial.cases.values.contains(where: { $0.draft != nil }) { throw Found(desk: partial) }
                }
            } catch let found as Found { partial = found.desk }
            let (filed, bare, bytes) = try filing(like: partial, in: source)
            let ratio = Latency.median(filed) / Latency.median(bare)
            print("filing (append + fdatasync)   \(ms(Latency.median(filed)))  p95 \(ms(Latency.p95(filed)))  \(bytes)-byte record")
            print("bare write + fdatasync        \(ms(Latency.median(bare)))  p95 \(ms(Latency.p95(bare)))")
            print(String(format: "filing / bare = %.2f (target ≤ 1.2)", ratio))
            // Where filing's extra time goes: encoding the record, and the lock with its look
            // for other desks' records.
            let draft = try partial.draft(of: partial.cases.values.first(where: { $0.draft != nil })!.id, in: source)!
            let event = Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "tracer-001", body: .interviewSaved(draft))
            let codec = RecordCodec()
            let encode = Latency.time(2_000) { _ in _ = try? codec.encode(event, seq: 1_000_000) }
            let dir = (file as NSString).deletingLastPathComponent + "/lock-\(getpid())"
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let j = try FileJournal(path: dir + "/j.jsonl")
            let lock = Latency.time(2_000) { _ in _ = try? j.transact { _ in [] } }
            let ids = Latency.time(2_000) { _ in _ = EventID.make(at: Date()) }
            // Everything filing does but the sync: the journal's own share of the latency.
            let unsynced = try FileJournal(path: dir + "/nosync.jsonl", io: NoSync())
            let work = Latency.time(2_000) { _ in
                _ = try? unsynced.append([Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "tracer-001", body: .interviewSaved(draft))])
            }
            // Microseconds: these are a few hundredths of a millisecond each.
            func us(_ v: [Double]) -> String { String(format: "%5.1f µs", Latency.median(v) * 1000) }
            print("  encoding the record           \(us(encode))")
            print("  lock + look for new records   \(us(lock))")
            print("  making the event's id         \(us(ids))")
            print("  all of filing but the sync    \(us(work))")
            return
        }

        if replayOnly {
            // Taking turns, so that neither always runs on a warmer or busier machine.
            guard time(["/usr/bin/env", "python3", "-c", "import orjson"]) != nil else {
                throw ValidationError("orjson is not installed (python3 -m pip install --user orjson)")
            }
            let orj = "import orjson,sys\nfor l in open(sys.argv[1],'rb'): orjson.loads(l)"
            var ours: [Double] = [], theirs: [Double] = []
            for round in 1...3 {
                let t = Date()
                let desk = try FileJournal(path: file).replay()
                ours.append(Date().timeIntervalSince(t))
                withExtendedLifetime(desk) {}
                theirs.append(time(["/usr/bin/env", "python3", "-c", orj, file]) ?? .nan)
                print(String(format: "round %d: full replay %.2f s, orjson %.2f s, %.2f×", round, ours.last!, theirs.last!, theirs.last! / ours.last!))
            }
            let (a, b) = (ours.sorted()[1], theirs.sorted()[1])
            print(String(format: "median: full replay %.2f s (%.0f MB/s), orjson %.2f s: replay speed / orjson speed = %.2f (target ≥ 1.0)",
                         a, mb / a, b, b / a))
            return
        }

        // Full replay in this process: read, check every checksum, decode, rebuild the desk.
        var t = Date()
        let store = try FileJournal(path: file)
        let desk = try store.replay()
        let replay = Date().timeIntervalSince(t)
        rows.append(Row(name: "full replay (in process)", value: sec(replay),
                        note: String(format: "%.0f MB/s, %.0f events/s, %d cases", mb / replay, Double(desk.eventCount) / replay, desk.cases.count)))

        // A lead opens one interview's history: the case's events read by their places.
        if let some = desk.cases.values.first(where: { $0.draft != nil || $0.interview != nil }) ?? desk.cases.values.first {
            t = Date()
            let found = try desk.events(about: some.id, in: store)
            rows.append(Row(name: "one case's events (a lead's history)", value: ms(Date().timeIntervalSince(t) * 1000),
                            note: "\(found.count) events of case \(some.id) out of \(desk.eventCount), read by place"))
        }

        // A tracer opens a case with an interview in progress: its draft is read from the journal.
        let withDrafts = desk.cases.values.lazy.filter { $0.draft != nil }.prefix(200).map(\.id)
        if !withDrafts.isEmpty {
            let ids = Array(withDrafts)
            let open = Latency.time(ids.count) { i in _ = try? desk.draft(of: ids[i], in: store) }
            rows.append(Row(name: "open a saved interview", value: ms(Latency.median(open)),
                            note: String(format: "draft read from the journal, p95 %.2f ms", Latency.p95(open))))
        }

        // Readers of the same lines, for scale.
        var jq: Double?, orjson: Double?
        if let v = time(["/usr/bin/env", "jq", "-c", ".", file]) {
            jq = v
            rows.append(Row(name: "jq -c . > /dev/null", value: sec(v), note: String(format: "%.0f MB/s", mb / v)))
        }
        let py = "import json,sys\nfor l in open(sys.argv[1],'rb'): json.loads(l)"
        if let v = time(["/usr/bin/env", "python3", "-c", py, file]) {
            rows.append(Row(name: "python3 json", value: sec(v), note: String(format: "%.0f MB/s", mb / v)))
        }
        if time(["/usr/bin/env", "python3", "-c", "import orjson"]) == nil {
            print("installing orjson from PyPI for the comparison …")
            _ = time(["/usr/bin/env", "python3", "-m", "pip", "install", "--quiet", "--user", "orjson"])
        }
        let orj = "import orjson,sys\nfor l in open(sys.argv[1],'rb'): orjson.loads(l)"
        if let v = time(["/usr/bin/env", "python3", "-c", orj, file]) {
            orjson = v
            rows.append(Row(name: "python3 orjson", value: sec(v), note: String(format: "%.0f MB/s", mb / v)))
        } else {
            rows.append(Row(name: "python3 orjson", value: "—", note: "not available (pip install orjson)"))
        }

        // Snapshot, then cold starts of the real desk in a pty, to the painted queue.
        t = Date()
        try DeskSnapshot.write(desk, at: store.position, journal: file)
        let snapWrite = Date().timeIntervalSince(t)
        let snapSize = Double((try fm.attributesOfItem(atPath: DeskSnapshot.path(forJournal: file))[.size] as? NSNumber)?.intValue ?? 0)
        rows.append(Row(name: "snapshot write", value: sec(snapWrite), note: String(format: "%.0f MB, in the background on the desk", snapSize / 1e6)))
        var withSnap: (Double, Int)?, without: (Double, Int)?
        if let v = coldStart(snapshot: true) {
            withSnap = v
            rows.append(Row(name: "cold start to painted queue, snapshot", value: sec(v.0), note: "peak resident \(v.1 / 1024) MB"))
        }
        if let v = coldStart(snapshot: false) {
            without = v
            rows.append(Row(name: "cold start, full replay", value: sec(v.0), note: "peak resident \(v.1 / 1024) MB"))
        }

        // Keys on the desk just replayed: the queue and search as you type over every case.
        let screen = Size(width: 80, height: 24)
        var app = DeskApp(desk: desk, tracer: "tracer-001", now: Date(), size: screen)
        while app.stack.count > 1 { _ = app.update(.input(.key(.escape))) }
        let moves = Latency.time(1_000) { i in
            _ = app.update(.input(.key(i % 40 < 20 ? .char("j") : .char("k"))))
            _ = app.render(screen)
        }
        rows.append(Row(name: "queue j / k, keypress to frame", value: ms(Latency.median(moves)), note: "p95 " + ms(Latency.p95(moves))))
        _ = app.update(.input(.key(.char("/"))))
        let typed = Array("siti hidayat")
        let search = Latency.time(typed.count * 2 * 5) { i in
            let n = i % (typed.count * 2)
            _ = app.update(.input(.key(n < typed.count ? .char(typed[n]) : .backspace)))
            _ = app.render(screen)
        }
        rows.append(Row(name: "search as you type, per key", value: ms(Latency.median(search)), note: "p95 " + ms(Latency.p95(search)) + ", max " + ms(search.max()!)))

        // Filing: an interview-sized append + fdatasync, against a bare write + fdatasync.
        let (filed, bare, bytes) = try filing(like: desk, in: store)
        rows.append(Row(name: "filing (append + fdatasync)", value: ms(Latency.median(filed)), note: "\(bytes)-byte record, p95 " + ms(Latency.p95(filed))))
        rows.append(Row(name: "bare write + fdatasync", value: ms(Latency.median(bare)), note: "same bytes, same disk"))

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        rows.append(Row(name: "this process, peak resident", value: "\(usage.ru_maxrss / 1024) MB", note: "the full replay above, with the benchmark's own copies"))

        print("")
        print(Latency.pad("measurement", 40) + Latency.pad("value", 11) + "notes")
        for r in rows { print(Latency.pad(r.name, 40) + Latency.pad(r.value, 11) + r.note) }
        print("")
        print(Latency.pad("target", 52) + Latency.pad("measured", 10) + "met")
        func target(_ name: String, _ value: Double?, _ limit: Double, atLeast: Bool = false) {
            guard let value else { print(Latency.pad(name, 52) + "—"); return }
            let met = atLeast ? value >= limit : value <= limit
            print(Latency.pad(name, 52) + Latency.pad(String(format: "%.2f", value), 10) + (met ? "yes" : "NO"))
        }
        target("start-up with snapshot / jq time (≤ 0.25)", zip2(withSnap?.0, jq).map { $0 / $1 }, 0.25)
        target("full replay speed / orjson speed (≥ 1.0)", orjson.map { $0 / replay }, 1.0, atLeast: true)
        target("search per key, median ms (≤ 16)", Latency.median(search), 16)
        target("queue keypress to frame, median ms (≤ 2)", Latency.median(moves), 2)
        target("filing / bare append + fdatasync (≤ 1.2)", Latency.median(filed) / Latency.median(bare), 1.2)
        target("desk peak resident MB, from snapshot (≤ 150)", withSnap.map { Double($0.1) / 1024 }, 150)
        target("desk peak resident MB, full replay (≤ 150)", without.map { Double($0.1) / 1024 }, 150)
    }

    var isRelease: Bool {
        #if DEBUG
        false
        #else
        true
        #endif
    }

    func zip2(_ a: Double?, _ b: Double?) -> (Double, Double)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    /// Starts the real desk in a pty (`script`), and reads back when it painted the queue and
    /// its peak resident memory (the desk writes both on its first frame for this). Median of
    /// `starts` runs; nil when `script` is missing.
    func coldStart(snapshot: Bool) -> (Double, Int)? {
        let exe = CommandLine.arguments[0].hasPrefix("/") ? CommandLine.arguments[0]
            : FileManager.default.currentDirectoryPath + "/" + CommandLine.arguments[0]
        let report = NSTemporaryDirectory() + "tracedesk-bench-frame-\(getpid())"
        var runs: [(Double, Int)] = []
        for _ in 0..<(snapshot ? starts : max(1, starts / 2)) {
            unlink(report)
            let cmd = "'\(exe)' --journal '\(file)' --tracer tracer-001 --exit-after-first-frame" + (snapshot ? "" : " --no-snapshot")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            p.arguments = ["-qec", cmd, "/dev/null"]
            var env = ProcessInfo.processInfo.environment
            env["TERM"] = env["TERM"].flatMap { $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
            env["TRACEDESK_FIRST_FRAME_REPORT"] = report
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            let started = Date().timeIntervalSince1970
            guard (try? p.run()) != nil else { return nil }
            p.waitUntilExit()
            guard let text = try? String(contentsOfFile: report, encoding: .utf8) else { return nil }
            let parts = text.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            guard parts.count == 2, let at = Double(parts[0]), let rss = Int(parts[1]) else { return nil }
            runs.append((at - started, rss))
        }
        unlink(report)
        runs.sort { $0.0 < $1.0 }
        return runs.isEmpty ? nil : runs[runs.count / 2]
    }

    /// 400 interview-sized appends through the journal, and the same bytes written and
    /// fdatasynced on a bare file beside it.
    func filing(like desk: Desk, in source: EventStore) throws -> ([Double], [Double], Int) {
        let dir = (file as NSString).deletingLastPathComponent + "/filing-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = try FileJournal(path: dir + "/j.jsonl")
        let draft = try desk.cases.values.first(where: { $0.draft != nil }).flatMap { try desk.draft(of: $0.id, in: source) }
            ?? InterviewDraft(for: desk.cases.values.first!.record, rules: .indonesia2021)
        let body = EventBody.interviewSaved(draft)
        let sample = try RecordCodec().encode(Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "tracer-001", body: body), seq: 1_000_000)
        let fd = open(dir + "/bare", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        defer { close(fd) }
        var filed: [Double] = [], bare: [Double] = []
        // Turn about, so neither always syncs right after the other (a sync can carry the
        // file system's journal commit the previous one left).
        for i in 0..<400 {
            let journalFirst = i % 2 == 0
            for side in journalFirst ? [true, false] : [false, true] {
                let s = DispatchTime.now().uptimeNanoseconds
                if side {
                    try journal.append([Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "tracer-001", body: body)])
                    filed.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                } else {
                    _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, sample.count) }
                    _ = fdatasync(fd)
                    bare.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
                }
            }
        }
        return (filed, bare, sample.count)
    }

    /// Runs a reader to the end with its output to /dev/null; nil if it cannot run.
    func time(_ argv: [String]) -> Double? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let t = Date()
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? Date().timeIntervalSince(t) : nil
    }

    /// Realistic events: a line list import, then claims, call attempts and interview drafts
    /// (with contacts) until `events` are written. Names are Indonesian and UTF-8.
    func generate() throws {
        let dir = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try FileJournal(path: file)
        var rng = SplitMix64(seed: 100_000)
        let first = ["Siti", "Budi", "Dewi", "Agus", "Nur", "Rina", "Ngụy", "王", "Nurhaliza", "Yusuf", "Putri", "Joko"]
        let last = ["Rahmawati", "Santoso", "Lestari", "Wijaya", "Hidayat", "Siregar", "Halim", "Pratama", "Simanjuntak"]
        let kel = ["Menteng", "Cikini", "Kebon Sirih", "Tebet Barat", "Grogol", "Kampung Melayu", "Penjaringan", "Sunter Agung"]
        let today = WallClock.wib.day(of: Date())
        let now = Date()
        var batch: [Event] = []
        var written = 0
        func add(_ b: EventBody, _ actor: String) throws {
            batch.append(Event(id: EventID.make(at: now, using: &rng), timestamp: now, actor: actor, body: b))
            written += 1
            if batch.count == 5_000 { try store.append(batch); batch.removeAll(keepingCapacity: true) }
        }
        var records: [CaseRecord] = []
        for i in 0..<cases {
            let r = Int(rng.next() % 1000)
            records.append(CaseRecord(
                caseId: String(format: "JKT-%07d", i), name: "\(first[r % first.count]) \(last[(r / 7) % last.count])",
                nik: String(format: "3171%012d", i), phones: [String(format: "+62812%08d", i)], sex: r % 2 == 0 ? .female : .male,
                age: 5 + r % 80, address: "Jl. Raya No. \(r), Gang \(r % 9)", rtRw: String(format: "%03d/%03d", r % 12, r % 9),
                kelurahan: kel[r % kel.count], kecamatan: "Menteng", kota: "Jakarta Pusat", occupation: "pedagang",
                specimenDate: today.adding(days: -2 - r % 5), resultDate: today.adding(days: -1 - r % 5),
                onsetDate: r % 3 == 0 ? nil : today.adding(days: -3 - r % 5)))
        }
        for b in Desk.importEvents(records, batch: "bench") { try add(b, "lab-import") }
        var i = 0
        while written < events {
            let rec = records[i % records.count]
            let tracer = "tracer-\(String(format: "%03d", i % 900))"
            switch i % 10 {
            case 0: try add(.caseClaimed(CaseClaim(caseId: rec.caseId)), tracer)
            case 1...6:
                try add(.callLogged(CallAttempt(caseId: rec.caseId, outcome: [.noAnswer, .busy, .reached, .callBack][i % 4],
                                                note: i % 3 == 0 ? "tidak diangkat, coba lagi sore" : nil,
                                                callbackAt: i % 4 == 3 ? now.addingTimeInterval(3600) : nil)), tracer)
            default:
                var d = InterviewDraft(for: rec, rules: .indonesia2021)
                d.consent = "given"
                for k in 0..<(i % 4) { d.addContact(named: "\(first[k % first.count]) \(last[(i + k) % last.count])", on: today.adding(days: -k)) }
                try add(.interviewSaved(d), tracer)
            }
            i += 1
        }
        if !batch.isEmpty { try store.append(batch) }
    }
}

/// The system's file calls with fdatasync and fsync made no-ops: for measuring what filing
/// costs besides the disk.
struct NoSync: FileIO {
    let real = PosixFileIO()
    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { real.open(path, flags: flags, mode: mode) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { real.write(fd, buf, count) }
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { real.pread(fd, buf, count, offset) }
    func fdatasync(_ fd: Int32) -> Int32 { 0 }
    func fsync(_ fd: Int32) -> Int32 { 0 }
    func flock(_ fd: Int32, _ op: Int32) -> Int32 { real.flock(fd, op) }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
}
