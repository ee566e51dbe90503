import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskUI

/// The journal measured on a month of a city's work (`CityMonth`), against orjson reading the
/// same lines, with every figure of one run taken on the same file.
struct BenchJournal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "check against orjson, desk start, memory, filing and keys on a city's month of events.")

    @Option(help: "Cases in the month (about cases/30 arrive each day).")
    var cases = 100_000

    @Option(help: "Seed of the month's randomness (the same seed writes the same month).")
    var seed: UInt64 = 2021

    @Option(help: "Folder for the journal (written afresh on every run, and left there).")
    var dir = NSTemporaryDirectory() + "tracedesk-bench"

    @Option(help: "Runs of each timed process (min and median are shown).")
    var runs = 3

    @Flag(help: "Also print the table as Markdown, as the README has it.")
    var markdown = false

    @Option(help: "Replace the table between the bench markers in this README with this run's.")
    var readme: String?

    var journal: String { dir + "/journal.jsonl" }
    var drafts: String { DraftStore.directory(forJournal: journal) }

    /// The month's writer skips every sync: generation is not measured, and the draft store
    /// syncs each case's file on every save, as a desk must.
    struct UnsyncedIO: FileIO {
        let posix = PosixFileIO()
        func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { posix.open(path, flags: flags, mode: mode) }
        func close(_ fd: Int32) -> Int32 { posix.close(fd) }
        func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { posix.write(fd, buf, count) }
        func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { posix.pread(fd, buf, count, offset) }
        func fdatasync(_ fd: Int32) -> Int32 { 0 }
        func fsync(_ fd: Int32) -> Int32 { 0 }
        func flock(_ fd: Int32, _ op: Int32) -> Int32 { posix.flock(fd, op) }
        func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { posix.ftruncate(fd, length) }
        func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { posix.fstat(fd, &st) }
    }

    struct Row {
        var name: String
        var figure: String
        var target = ""
        var met: Bool?
    }

    func run() throws {
        #if DEBUG
        print("NOT a release build: the figures mean little (swift build -c release)")
        #endif
        var rows: [Row] = []
        let exe = Self.executable

        // The month, written afresh through the journal's writer.
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for p in [journal, journal + ".quarantine", TeamFile.path(forJournal: journal)] { unlink(p) }
        try? FileManager.default.removeItem(atPath: drafts)
        var t = Date()
        let month = CityMonth(cases: cases, seed: seed)
        let mix = try month.write(to: FileJournal(path: journal, io: UnsyncedIO()), journalPath: journal)
        print("wrote \(journal) and \(drafts)/ in \(String(format: "%.0f", Date().timeIntervalSince(t))) s (seed \(seed); "
              + "written without fdatasync: writing the month is not what is measured, and a sync per draft file made it take hours):")
        for line in mix.lines { print(line) }
        let bytes = Double(mix.totalBytes)
        let mb = bytes / 1e6
        let logMB = Double(mix.totalBytes - mix.draftBytes) / 1e6
        let ram = Double(ProcessInfo.processInfo.physicalMemory) / 1e9
        let data = "\(mix.cases.formatted()) cases, \(mix.totalEvents.formatted()) events: event log \(String(format: "%.0f", logMB)) MB, "
            + "draft store \(String(format: "%.0f", Double(mix.draftBytes) / 1e6)) MB in \(mix.draftFiles.formatted()) files; "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(String(format: "%.0f", ram)) GB memory; event log in the page cache after writing: \(Self.cached(journal))"
        rows.append(Row(name: "data (one month, seed \(seed))", figure: data))

        // Like for like: every line parsed and checked, by whole processes, taking turns.
        if Self.spawn(["/usr/bin/env", "python3", "-c", "import orjson"]).status != 0 {
            print("orjson is missing: installing it with pip (python3 -m pip install --user orjson) …")
            _ = Self.spawn(["/usr/bin/env", "python3", "-m", "pip", "install", "--quiet", "--user", "orjson"])
        }
        let hasOrjson = Self.spawn(["/usr/bin/env", "python3", "-c", "import orjson"]).status == 0
        // The same lines `check` reads: the event log and every file of the draft store.
        let orj = """
            import orjson,os,sys
            paths = [sys.argv[1]] + sorted(os.path.join(r, f) for r, _, fs in os.walk(sys.argv[2]) for f in fs if f.endswith('.jsonl'))
            for p in paths:
                for l in open(p, 'rb'): orjson.loads(l)
            """
        var checks: [Double] = [], orjsons: [Double] = []
        var checkStatus: Int32 = 0
        let checkOut = dir + "/check.out"
        print("\ncheck and orjson over the same \(String(format: "%.0f", mb)) MB (event log and draft store), \(runs) turns each (page cache warm: the files were just written):")
        for i in 1...runs {
            print("  journal in the page cache before turn \(i): \(Self.cached(journal))")
            let c = Self.spawn([exe, "check", "--journal", journal], stdout: checkOut)
            checks.append(c.seconds)
            checkStatus = c.status
            var line = String(format: "  turn %d: check %.2f s (exit %d, peak %d MB)", i, c.seconds, c.status, c.maxrssKB / 1024)
            if hasOrjson {
                let o = Self.spawn(["/usr/bin/env", "python3", "-c", orj, journal, drafts])
                orjsons.append(o.seconds)
                line += String(format: ", orjson %.2f s (peak %d MB)", o.seconds, o.maxrssKB / 1024)
            }
            print(line)
        }
        if checkStatus != 0, let out = try? String(contentsOfFile: checkOut, encoding: .utf8) {
            print("  check found problems in the generated month (a fault of the generator or of check):")
            for l in out.split(separator: "\n").prefix(12) { print("    \(l)") }
        }
        rows.append(Row(name: "`check`, whole process (every line of the log and the draft store parsed and checked)",
                        figure: Self.minMedian(checks) + String(format: ", %.0f MB/s", mb / Self.median(checks)) + (checkStatus == 0 ? "" : ", FOUND PROBLEMS")))
        if hasOrjson {
            rows.append(Row(name: "orjson, whole process (`python3` reading the same lines)",
                            figure: Self.minMedian(orjsons) + String(format: ", %.0f MB/s", mb / Self.median(orjsons))))
            let ratio = Self.median(orjsons) / Self.median(checks)
            rows.append(Row(name: "`check` speed / orjson speed (medians)", figure: String(format: "%.2f×", ratio),
                            target: "≥ 1.0×", met: ratio >= 1.0 && checkStatus == 0))
        } else {
            print("orjson could not be installed: its rows are left out")
            rows.append(Row(name: "`check` speed / orjson speed", figure: "not measured: orjson could not be installed", target: "≥ 1.0×"))
        }

        // The desk's replay, in this process: what a start does before painting.
        t = Date()
        let team = try TeamFile.load(journal: journal)
        let desk = try FileJournal(path: journal).replay(team: team)
        let screen = Size(width: 80, height: 24)
        let now = mix.last ?? Date()
        var app = DeskApp(desk: desk, tracer: month.tracer(0), now: now, size: screen)
        _ = app.render(screen)
        let replay = Date().timeIntervalSince(t)
        rows.append(Row(name: "desk replay to a painted queue, in process",
                        figure: String(format: "%.2f s, %.0f MB/s of event log, %d cases", replay, logMB / replay, desk.cases.count)))

        // Starts of the real desk, in a pty, to its first painted frame: a full replay each time.
        func start(_ label: String, cold: Bool) -> Start? {
            if cold { Self.dropFromCache([journal, TeamFile.path(forJournal: journal), Checkpoint.path(forJournal: journal)]) }
            let inCache = "event log \(Self.cached(journal)) in the page cache"
            guard let s = Self.deskStart(exe: exe, args: ["--journal", journal, "--tracer", month.tracer(0)], dir: dir) else {
                print("  \(label): the desk did not report its first frame (is `script` installed?)")
                return nil
            }
            print(String(format: "  %@ (%@): painted %.2f s, resident then %d MB; exited %.2f s, peak resident %d MB",
                         label, inCache, s.painted, s.residentAtPaintKB / 1024, s.exited, s.peakKB / 1024))
            return s
        }
        print("\ndesk starts (`tracedesk --exit-after-first-frame` in a pty; cold = event log dropped from the page cache with posix_fadvise):")
        // Without the checkpoint (every event replayed), then the first start with it (which
        // writes it before the desk exits), then starts from it.
        setenv("TRACEDESK_CHECKPOINT", "off", 1)
        let warm = (0..<runs).compactMap { _ in start("start, full replay, warm", cold: false) }
        let cold = (0..<runs).compactMap { _ in start("start, full replay, cold", cold: true) }
        unsetenv("TRACEDESK_CHECKPOINT")
        unlink(Checkpoint.path(forJournal: journal))
        let first = start("first start, writing the checkpoint, warm", cold: false).map { [$0] } ?? []
        let ckpt = (try? FileManager.default.attributesOfItem(atPath: Checkpoint.path(forJournal: journal))[.size] as? Int) ?? 0
        print(String(format: "  checkpoint %.1f MB beside a %.1f MB event log", Double(ckpt) / 1e6, logMB))
        let warmCk = (0..<runs).compactMap { _ in start("start from the checkpoint, warm", cold: false) }
        let coldCk = (0..<runs).compactMap { _ in start("start from the checkpoint, cold", cold: true) }
        for (label, s) in [("(full replay), warm", warm), ("(full replay), cold", cold), ("from the checkpoint, warm", warmCk), ("from the checkpoint, cold", coldCk)] where !s.isEmpty {
            let painted = s.map(\.painted)
            rows.append(Row(name: "desk start \(label) cache, to painted queue",
                            figure: Self.minMedian(painted), target: "≤ 1.0 s", met: Self.median(painted) <= 1.0))
        }
        for (label, s) in [("full replay", warm + cold), ("the first start, writing the checkpoint", first), ("from the checkpoint", warmCk + coldCk)] {
            guard let peak = s.map(\.peakKB).max() else { continue }
            rows.append(Row(name: "peak resident over a whole start, \(label) (highest)",
                            figure: "\(peak / 1024) MB", target: "≤ 150 MB", met: peak / 1024 <= 150))
        }

        // Filing: the desk's path (file the draft, decide under the lock, append, sync, apply)
        // against a bare append + fdatasync of the same bytes, taking turns.
        if let sample = mix.sampleFiled, let holder = mix.sampleFiledBy {
            let f = try filing(sample, desk: desk, tracer: holder)
            let ratio = Self.median(f.filed) / Self.median(f.bare)
            rows.append(Row(name: "filing an interview (\(sample.contacts.count) contacts, \(f.bytes.formatted()) bytes), the desk's path",
                            figure: String(format: "%.3f ms median vs bare append + fdatasync %.3f ms: %.2f×", Self.median(f.filed), Self.median(f.bare), ratio),
                            target: "≤ 1.2×", met: ratio <= 1.2))
        }

        // Keys on the city's desk: the queue and search as you type.
        while app.stack.count > 1 { _ = app.update(.input(.key(.escape))) }
        let moves = Latency.time(1_000) { i in
            _ = app.update(.input(.key(i % 40 < 20 ? .char("j") : .char("k"))))
            _ = app.render(screen)
        }
        rows.append(Row(name: "queue key (j / k) to frame, median of 1,000", figure: String(format: "%.2f ms (p95 %.2f)", Latency.median(moves), Latency.p95(moves)),
                        target: "≤ 2 ms", met: Latency.median(moves) <= 2))
        _ = app.update(.input(.key(.char("/"))))
        let typed = Array("siti hidayat")
        let search = Latency.time(typed.count * 2 * 5) { i in
            let n = i % (typed.count * 2)
            _ = app.update(.input(.key(n < typed.count ? .char(typed[n]) : .backspace)))
            _ = app.render(screen)
        }
        rows.append(Row(name: "search as you type over every case, per key", figure: String(format: "%.2f ms median (p95 %.2f, max %.2f)", Latency.median(search), Latency.p95(search), search.max()!),
                        target: "≤ 16 ms", met: Latency.median(search) <= 16))

        print("")
        print(Latency.pad("measurement", 74) + Latency.pad("target", 10) + Latency.pad("met", 8) + "figure")
        for r in rows {
            print(Latency.pad(r.name, 74) + Latency.pad(r.target, 10) + Latency.pad(r.met.map { $0 ? "met" : "NOT MET" } ?? "", 8) + r.figure)
        }
        let table = Self.markdown(rows)
        if markdown { print(""); print(table) }
        if let readme { try Self.replaceBlock(in: readme, with: table) ; print("\nreplaced the table in \(readme)") }
    }

    // MARK: - Pieces

    /// The `tracedesk` built beside this program: `check` and the desk are its commands, not
    /// the benchmark's (since the benchmarks became a program of their own, asking this one
    /// for `check` was a usage error, and the table's check and start rows were empty).
    static var executable: String {
        let a = CommandLine.arguments[0]
        let me: String
        if a.hasPrefix("/") {
            me = a
        } else if a.contains("/") {
            me = FileManager.default.currentDirectoryPath + "/" + a
        } else {
            me = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/\(a)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) } ?? a
        }
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("tracedesk").path
    }

    static func median(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.sorted()[v.count / 2] }

    static func minMedian(_ v: [Double]) -> String {
        String(format: "min %.2f s, median %.2f s (%d runs)", v.min() ?? .nan, median(v), v.count)
    }

    static let begin = "<!-- bench journal: begin (generated by `tracedesk-bench bench journal --readme README.md`; do not edit) -->"
    static let end = "<!-- bench journal: end -->"

    static func markdown(_ rows: [Row]) -> String {
        var out = ["| measurement | figure | target | met |", "|---|---|---|---|"]
        for r in rows {
            out.append("| \(r.name) | \(r.figure.replacingOccurrences(of: "|", with: "\\|")) | \(r.target) | \(r.met.map { $0 ? "met" : "**not met**" } ?? "") |")
        }
        return out.joined(separator: "\n")
    }

    static func replaceBlock(in path: String, with table: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let a = text.range(of: begin), let b = text.range(of: end), a.upperBound <= b.lowerBound else {
            throw ValidationError("\(path): no block between \"\(begin)\" and \"\(end)\"")
        }
        let replaced = text.replacingCharacters(in: a.upperBound..<b.lowerBound, with: "\n" + table + "\n")
        try replaced.write(toFile: path, atomically: true, encoding: .utf8)
    }

    struct Spawned { var seconds: Double; var status: Int32; var maxrssKB: Int }

    /// Runs a whole process to its end, stdout to `stdout` (or /dev/null), with its peak
    /// resident size (with the children it waited for) as GNU time reads it from wait4. Not
    /// from our own wait4: posix_spawn execs from this process's memory, and the kernel counts
    /// this process's peak as the child's.
    static func spawn(_ argv: [String], env: [String: String]? = nil, stdout: String = "/dev/null") -> Spawned {
        let peakFile = NSTemporaryDirectory() + "tracedesk-bench-peak-\(getpid())"
        unlink(peakFile)
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let argv = timed ? ["/usr/bin/time", "-f", "%M", "-o", peakFile] + argv : argv
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let args = argv.map { strdup($0) } + [nil]
        let environment = (env ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { args.forEach { free($0) }; environment.forEach { free($0) } }
        var pid: pid_t = 0
        let t = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, argv[0], &actions, nil, args, environment) == 0 else { return Spawned(seconds: .nan, status: -1, maxrssKB: 0) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e9
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        // GNU time writes "Command exited with non-zero status N" first when it did.
        let peak = (try? String(contentsOfFile: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } ?? 0
        unlink(peakFile)
        return Spawned(seconds: seconds, status: exit, maxrssKB: peak)
    }

    /// How much of the file is in the page cache now (mincore over a read-only map).
    static func cached(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "?" }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return "?" }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), p != MAP_FAILED else { return "?" }
        defer { munmap(p, size) }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var vec = [UInt8](repeating: 0, count: (size + page - 1) / page)
        guard mincore(p, size, &vec) == 0 else { return "?" }
        let resident = vec.reduce(0) { $0 + Int($1 & 1) }
        return String(format: "%.0f %%", 100 * Double(resident) / Double(vec.count))
    }

    /// Asks the kernel to forget the files' cached pages: the next read comes from the disk.
    static func dropFromCache(_ paths: [String]) {
        for p in paths {
            let fd = open(p, O_RDONLY)
            guard fd >= 0 else { continue }
            fdatasync(fd)
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            close(fd)
        }
    }

    struct Start {
        var painted: Double; var residentAtPaintKB: Int; var exited: Double; var peakKB: Int
        /// The start's phases as the desk marks them (TRACEDESK_START_PHASES): name, seconds
        /// since it was started, resident then.
        var phases: [(name: String, at: Double, residentKB: Int)] = []
    }

    /// The real desk in a pty (`script`), started as a tracer starts it with the desk's `args`
    /// (a journal or a server store), stopping after its first frame; the peak covers the
    /// whole start. `home`: a HOME of its own (the server's desks read their config there).
    static func deskStart(exe: String, args: [String], dir: String, home: String? = nil) -> Start? {
        let report = dir + "/first-frame"
        unlink(report)
        var env = ProcessInfo.processInfo.environment
        if env["TERM"] == nil || env["TERM"] == "dumb" { env["TERM"] = "xterm-256color" }
        env["TRACEDESK_FIRST_FRAME_REPORT"] = report
        if let home { env["HOME"] = home }
        let phaseFile = dir + "/phases"
        unlink(phaseFile)
        env["TRACEDESK_START_PHASES"] = phaseFile
        let cmd = "'\(exe)' " + args.map { "'\($0)'" }.joined(separator: " ") + " --exit-after-first-frame"
        let started = Date().timeIntervalSince1970
        let run = spawn(["/usr/bin/script", "-qec", cmd, "/dev/null"], env: env)
        guard let text = try? String(contentsOfFile: report, encoding: .utf8) else { return nil }
        let parts = text.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard parts.count == 2, let at = Double(parts[0]), let rss = Int(parts[1]) else { return nil }
        let phases: [(name: String, at: Double, residentKB: Int)] = ((try? String(contentsOfFile: phaseFile, encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { line in
                let f = line.split(separator: " ")
                guard f.count == 3, let at = Double(f[1]), let kb = Int(f[2]) else { return nil }
                return (String(f[0]), at - started, kb)
            }
        return Start(painted: at - started, residentAtPaintKB: rss, exited: run.seconds, peakKB: run.maxrssKB, phases: phases)
    }

    /// Filing as the desk files (DeskLoop's write effect): the filed interview made from the
    /// draft, the role gate decided under the lock on the journal as it is, the append and its
    /// sync, the desk updated. Against the same bytes written and fdatasynced on a bare file
    /// beside it. 200 of each, taking turns, so neither always syncs right after the other.
    func filing(_ sample: FiledInterview, desk: Desk, tracer: String, rounds: Int = 400, sync: Bool = true,
                timeline: Timeline? = nil, ownCases: Bool = true) throws -> (filed: [Double], bare: [Double], bytes: Int) {
        let sub = dir + "/filing"
        try? FileManager.default.removeItem(atPath: sub)
        defer { try? FileManager.default.removeItem(atPath: sub) }
        // Without the syncs (`sync: false`): what the desk's path costs beside the disk.
        let io: FileIO
        if let timeline { io = timeline } else if sync { io = PosixFileIO() } else { io = UnsyncedIO() }
        let store = try FileJournal(path: sub + "/journal.jsonl", io: io)
        let today = WallClock.wib.day(of: Date())
        var ownCaseDraft = sample.draft
        if ownCases { ownCaseDraft.caseId += "-000" }
        let line = try RecordCodec().encode(Event(id: EventID.make(at: Date()), timestamp: Date(), actor: tracer,
                                                  body: .interviewFiled(FiledInterview.file(ownCaseDraft, today: today))),
                                            seq: 1_000_000) // a city journal's line numbers have seven digits
        let fd = open(sub + "/bare", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        defer { close(fd) }
        // The sample was filed in the month: time it on a desk where its interview is still
        // open (imported, claimed by its holder), as the tracer files it. As a tracer's day
        // goes (`ownCases`), each filing is of a case of its own (the sample under another id
        // of the same length), whose drafts wait in its live draft file, moved aside by the
        // filing, and the desk takes each filing in place, as the desk's loop does. Otherwise
        // (as this bench measured until file5) every filing is of the one case, with no draft
        // file, and the desk before it is copied to take the filing (a second one is refused).
        let filings = (rounds + 1) / 2
        let ids = ownCases ? (0..<filings).map { sample.caseId + String(format: "-%03d", $0) } : [sample.caseId]
        var current = Desk(team: desk.team)
        if let record = desk[sample.caseId]?.record {
            let t = Date()
            let records = ids.map { id in var r = record; r.caseId = id; return r }
            let opened = Desk.importEvents(records, batch: "bench-filing") + ids.map { .caseClaimed(CaseClaim(caseId: $0)) }
            current.apply(contentsOf: opened.enumerated().map { i, body in
                Event(id: EventID.make(at: t), timestamp: t, actor: i < opened.count - ids.count ? "lab-import" : tracer, body: body)
            })
        }
        let drafts = ids.map { id in var d = sample.draft; d.caseId = id; return d }
        if ownCases {
            // Each case's last draft, saved before the round (not timed), as the desk saves it.
            try store.transact { _ in drafts.map { Event(id: EventID.make(at: Date()), timestamp: Date(), actor: tracer, body: .interviewSaved($0)) } }
        }
        var filed: [Double] = [], bare: [Double] = []
        for i in 0..<rounds {
            let s = DispatchTime.now().uptimeNanoseconds
            timeline?.begin(filing: (i % 2 == 0) == (i % 4 < 2))
            if (i % 2 == 0) == (i % 4 < 2) {
                let body = EventBody.interviewFiled(FiledInterview.file(drafts[ownCases ? filed.count : 0], today: today))
                timeline?.mark("made")
                let result = try decideAndAppend(body, on: &current, by: tracer, in: store, copying: !ownCases)
                timeline?.mark("transacted")
                // A refused filing writes nothing and would time only the refusal.
                guard !result.written.isEmpty else {
                    throw ValidationError("the desk refused the sample filing: \(current.refusal(body, by: tracer) ?? "?")")
                }
                // The desk applies what it filed, as the loop does.
                if ownCases {
                    current.apply(contentsOf: result.written)
                } else {
                    var after = current
                    after.apply(contentsOf: result.seen + result.written)
                }
                timeline?.mark("applied")
                filed.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            } else {
                if let timeline {
                    _ = line.withUnsafeBytes { timeline.write(fd, $0.baseAddress!, line.count) }
                    _ = timeline.fdatasync(fd)
                } else {
                    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, line.count) }
                    if sync { _ = fdatasync(fd) }
                }
                bare.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            }
            timeline?.end()
        }
        return (filed, bare, line.count)
    }

    /// The file layer of a timed filing, noting when each system call begins and ends, and the
    /// loop's own marks between them: where a filing's time goes with the syncs, beside the
    /// bare append's `write` and `fdatasync` in the same rounds.
    final class Timeline: FileIO, @unchecked Sendable {
        let posix = PosixFileIO()
        private var marks: [(String, UInt64)] = []
        private var isFiling = false
        /// Each round's spans (from the previous mark to this one), by the round's kind.
        private(set) var filings: [[(String, Double)]] = []
        private(set) var bares: [[(String, Double)]] = []

        func begin(filing: Bool) {
            isFiling = filing
            marks = [("start", DispatchTime.now().uptimeNanoseconds)]
        }
        func mark(_ name: String) { marks.append((name, DispatchTime.now().uptimeNanoseconds)) }
        func end() {
            var spans: [(String, Double)] = []
            for i in 1..<marks.count { spans.append((marks[i].0, Double(marks[i].1 - marks[i - 1].1) / 1e3)) }
            if isFiling { filings.append(spans) } else { bares.append(spans) }
        }
        private func timed<T>(_ name: String, _ call: () -> T) -> T {
            mark("before " + name)
            let r = call()
            mark(name)
            return r
        }
        func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { posix.open(path, flags: flags, mode: mode) }
        func close(_ fd: Int32) -> Int32 { posix.close(fd) }
        func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { timed("write") { posix.write(fd, buf, count) } }
        func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { timed("pread") { posix.pread(fd, buf, count, offset) } }
        func fdatasync(_ fd: Int32) -> Int32 { timed("fdatasync") { posix.fdatasync(fd) } }
        func fsync(_ fd: Int32) -> Int32 { timed("fsync") { posix.fsync(fd) } }
        func flock(_ fd: Int32, _ op: Int32) -> Int32 { timed(op == LOCK_UN ? "unlock" : "lock") { posix.flock(fd, op) } }
        func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { timed("ftruncate") { posix.ftruncate(fd, length) } }
        func fstat(_ fd: Int32, _ st: inout stat) -> Int32 {
            mark("before fstat")
            let r = posix.fstat(fd, &st)
            mark("fstat")
            return r
        }

        /// The median of each span, in the order the spans came, over the rounds of one kind
        /// that made the most common calls (a first filing also makes the folder of filed drafts).
        static func medians(_ rounds: [[(String, Double)]]) -> [(String, Double)] {
            let shapes = Dictionary(grouping: rounds) { $0.map(\.0) }
            guard let common = shapes.values.max(by: { $0.count < $1.count }), let first = common.first else { return [] }
            return first.indices.map { i in (first[i].0, BenchJournal.median(common.map { $0[i].1 })) }
        }
    }

    /// DeskLoop's write: decided under the lock on a copy of the desk that has seen what other
    /// desks wrote (the copy gone before the caller applies the result to its own).
    func decideAndAppend(_ body: EventBody, on desk: inout Desk, by tracer: String, in store: FileJournal, copying: Bool = false) throws -> (seen: [Event], written: [Event]) {
        guard copying else {
            // As `DeskLoop.write`: what other desks wrote is applied to the desk itself, once.
            return try store.transact { seen in
                desk.apply(contentsOf: seen)
                let refusal = desk.refusal(body, by: tracer)
                return refusal == nil ? [Event(id: EventID.make(at: Date()), timestamp: Date(), actor: tracer, body: body)] : []
            }
        }
        var seenDesk = desk
        return try store.transact { seen in
            seenDesk.apply(contentsOf: seen)
            let refusal = seenDesk.refusal(body, by: tracer)
            return refusal == nil ? [Event(id: EventID.make(at: Date()), timestamp: Date(), actor: tracer, body: body)] : []
        }
    }
}
