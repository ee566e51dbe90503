import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskServer

/// `bench city`: the server store under a city's desks, against a PostgreSQL cluster it starts
/// on loopback. A month of a city (the journal benchmark's generator) is loaded first; then
/// simulated desks, each a `PostgresStore` as the real desk uses it, work new cases at a
/// tracer's pace (claim, calls, drafts saved at pauses, filing), and then flat out; pgbench's
/// one-insert transactions on the same server, in the same run, are the ceiling.
struct BenchCity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "city", abstract: "The PostgreSQL store under many desks (starts its own server).")

    @Option(help: "Cases in the loaded month.") var cases = 100_000
    @Option(help: "Teams (a city's kecamatan teams); each desk's team holds cases/teams of the month.") var teams = 33
    @Option(help: "Simulated desks.") var desks = 1_000
    @Option(help: "Seconds at a tracer's pace.") var seconds = 300
    @Option(help: "Mean seconds between one desk's saves at a tracer's pace.") var pace = 15.0
    @Option(help: "Seconds flat out (no pauses).") var flatSeconds = 30
    @Option(help: "Worker threads driving the desks.") var workers = 64
    @Option(help: "How desks learn of others' saves: poll (every 2 s, the desk's way) or notify (LISTEN/NOTIFY).") var wake = "poll"
    @Option(help: "Whether each save notifies its team's channel: on, off, or auto (only with --wake notify).") var saveNotifies = "auto"
    @Option(help: "Desk starts measured on the real binary (0: none, for a profile of the saves).") var deskStarts = 3

    func run() throws {
        print("bench city: \(cases) cases in \(teams) teams, \(desks) desks (wake-up: \(wake), saves notify: \(saveNotifies)), \(seconds) s at one save per \(pace) s a desk, then \(flatSeconds) s flat out")
        let cluster = try LocalCluster(extraSettings: ["max_connections=\(desks + 100)", "shared_buffers=256MB", "synchronous_commit=on"])
        defer { cluster.stop() }
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        try admin.migrate(creating: true)
        // Saves notify only where the database asks (see v2's append in SchemaV2Append.swift); asked
        // with polling desks, it is the store as it was before (every save notified).
        if saveNotifies == "on" || (saveNotifies == "auto" && wake == "notify") {
            try cluster.psql("ALTER DATABASE \(db) SET tracedesk.notify = on", database: db)
        }
        let teamNames = (1...teams).map { String(format: "Tim %02d", $0) }
        for (i, t) in teamNames.enumerated() { try admin.addTeam(t, areas: [String(format: "Kec-%02d", i + 1)]) }
        try admin.addUser(id: "data-01", name: "Data", role: .data, teams: [])
        let deskIds = (0..<desks).map { String(format: "desk-%04d", $0 + 1) }
        for (i, d) in deskIds.enumerated() { try admin.addUser(id: d, name: d, role: .tracer, teams: [teamNames[i % teams]]) }

        let t0 = Date()
        let loaded = try loadMonth(cluster: cluster, db: db, teams: teamNames)
        print(String(format: "loaded a month: %d events in %.0f s (COPY, as an admin restores one)", loaded, Date().timeIntervalSince(t0)))

        // The simulated desks open before the new cases arrive: each connects, learns who it
        // is and listens, as the desk does; the month's replay is measured apart, on the real
        // binary (a thousand replays of a team in one process would measure this machine's
        // memory, not a desk).
        let t1 = Date()
        Self.opened = try deskIds.map { id in
            let s = try PostgresStore(target: try cluster.target(db, user: id), wakeUp: PostgresStore.WakeUp(rawValue: wake) ?? .notify)
            s.readsOnlyWhenDue = true
            try s.startAtEnd()
            return SimDesk(id: id, store: s, desk: Desk(team: try s.team()), next: Date())
        }
        print(String(format: "opened %d desks in %.1f s", deskIds.count, Date().timeIntervalSince(t1)))

        // New cases for the live desks: five a desk, routed by kecamatan.
        let live = desks * 5
        let today = Day(year: 2021, month: 8, day: 1)!
        let records = (0..<live).map { i in
            CaseRecord(caseId: String(format: "LIVE-%06d", i), name: "Pasien \(i)", phones: ["0812\(String(format: "%08d", i))"],
                       age: 20 + i % 60, kecamatan: String(format: "Kec-%02d", i % teams + 1), resultDate: today)
        }
        let data = try PostgresStore(target: try cluster.target(db, user: "data-01"))
        let now = Date()
        try data.append(Desk.importEvents(records, batch: "live").map { Event(id: EventID.make(at: now), timestamp: now, actor: "data-01", body: $0) }, teamFor: { _ in nil })
        data.close()

        // A desk's start, the real binary in a pty, on a team of cases/teams month cases.
        if let exe = Self.tracedeskBinary() {
            let dir = NSTemporaryDirectory() + "tdcity-\(getpid())"
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(atPath: dir) }
            for run in stride(from: 1, through: deskStarts, by: 1) {
                if let s = BenchJournal.deskStart(exe: exe, args: ["--store", cluster.url(db, user: deskIds[0])], dir: dir, home: dir) {
                    print(String(format: "desk start (run %d, %@'s team, warm): painted %.3f s, peak resident %.1f MB at paint, %.1f MB over the run",
                                 run, deskIds[0], s.painted, Double(s.residentAtPaintKB) / 1024, Double(s.peakKB) / 1024))
                    print("  " + s.phases.map { String(format: "%@ %.3f s %.1f MB", $0.name, $0.at, Double($0.residentKB) / 1024) }.joined(separator: ", "))
                }
            }
        }

        let paced = seconds > 0 ? try drive(cluster: cluster, db: db, desks: deskIds, seconds: Double(seconds), pace: pace) : nil
        guard flatSeconds > 0 else { return }
        let flatStart = try cluster.psql("SELECT coalesce(max(recorded_at), now()) FROM tracedesk.events", database: db).trimmingCharacters(in: .whitespacesAndNewlines)
        let flat = try drive(cluster: cluster, db: db, desks: deskIds, seconds: Double(flatSeconds), pace: 0)
        // The ceiling, like with like: as many clients as the desks have saves in flight (one a
        // worker), the same durability (the cluster's synchronous_commit), and each transaction
        // one insert of a row the size of the flat-out saves' events into a table indexed as
        // `events` is. The old figure (32 clients, 300 bytes, one index) beside it.
        let size = Int(try cluster.psql("SELECT coalesce(avg(length(event)), 300)::int FROM tracedesk.events WHERE recorded_at > '\(flatStart)'", database: db)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 300
        let benchSeconds = min(30, max(10, flatSeconds))
        let like = try pgbench(cluster: cluster, db: db, seconds: benchSeconds, clients: workers, rowBytes: size, shapedLikeEvents: true)
        let simple = try pgbench(cluster: cluster, db: db, seconds: benchSeconds, clients: 32, rowBytes: 300, shapedLikeEvents: false)
        print("")
        print(Latency.pad("", 22) + Latency.pad("saves/s", 10) + Latency.pad("p50 ms", 9) + Latency.pad("p99 ms", 9) + Latency.pad("max ms", 9)
              + Latency.pad("claims/s", 10) + Latency.pad("lost", 6) + Latency.pad("errors", 8) + "server CPU, memory; desks' CPU; transactions a save")
        for (label, r) in [("tracer's pace", paced), ("flat out", flat)] { if let r { print(r.line(label)) } }
        print(String(format: "pgbench, same server, same run: %.0f/s with %d clients inserting a %d-byte event into a table indexed as events (like with like); flat-out saves are %.2f x that (target >= 0.5)",
                     like, workers, size, flat.savesPerSecond / max(1, like)))
        print(String(format: "pgbench, 32 clients inserting 300 bytes into a table with one index (the earlier ceiling): %.0f/s; flat-out saves are %.2f x that",
                     simple, flat.savesPerSecond / max(1, simple)))
        let doubles = try cluster.psql("SELECT count(*) FROM (SELECT case_id FROM tracedesk.events WHERE kind = 'case.claimed' AND case_id LIKE 'LIVE-%' GROUP BY case_id HAVING count(*) > 1) d", database: db)
        var acknowledged = (paced?.acknowledged ?? []) + flat.acknowledged
        acknowledged.sort()
        var found = 0
        for chunk in stride(from: 0, to: acknowledged.count, by: 1_000) {
            let ids = acknowledged[chunk..<min(acknowledged.count, chunk + 1_000)].map { "'\($0)'" }.joined(separator: ",")
            found += Int(try cluster.psql("SELECT count(*) FROM tracedesk.event_ids WHERE id IN (\(ids))", database: db).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        print("double claims: \(doubles.trimmingCharacters(in: .whitespacesAndNewlines)) (target 0); events acknowledged \(acknowledged.count), lost \(acknowledged.count - found) (target 0)")
        print("lost: claims another desk won first (decided against after reading it); errors: saves that failed")
        print("targets: p99 save <= 50 ms at \(desks) desks; desk start <= 0.5 s and <= 40 MB for a 3,000-case team")
    }

    // MARK: The month

    /// The journal benchmark's month, written to a file journal, then put in with COPY: each
    /// case in a team by its id, numbered per team as `append` numbers them.
    func loadMonth(cluster: LocalCluster, db: String, teams: [String]) throws -> Int {
        let dir = NSTemporaryDirectory() + "tdcity-month-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/journal.jsonl"
        let month = CityMonth(cases: cases, seed: 2021)
        month.writesDrafts = false
        let mix = try month.write(to: FileJournal(path: journal, io: BenchJournal.UnsyncedIO()), journalPath: journal)
        for line in mix.lines { print(line) }
        let file = try FileJournal(path: journal, access: .read)
        let encoder = JournalCoding.encoder()
        var seq = [String: Int64]()
        var caseTeam = [String: String]()
        var holder = [String: String]()
        var batchTeams = [String: [String: Int]]()
        let eventsCSV = dir + "/events.csv", idsCSV = dir + "/ids.csv", casesCSV = dir + "/cases.csv"
        FileManager.default.createFile(atPath: eventsCSV, contents: nil, attributes: [.posixPermissions: 0o600])
        FileManager.default.createFile(atPath: idsCSV, contents: nil, attributes: [.posixPermissions: 0o600])
        let ev = try FileHandle(forWritingTo: URL(fileURLWithPath: eventsCSV)), ids = try FileHandle(forWritingTo: URL(fileURLWithPath: idsCSV))
        var count = 0
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        func team(of caseId: String) -> String {
            if let t = caseTeam[caseId] { return t }
            var h: UInt64 = 14695981039346656037
            for b in caseId.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
            let t = teams[Int(h % UInt64(teams.count))]
            caseTeam[caseId] = t
            return t
        }
        func put(_ e: Event, team t: String, caseId: String?) throws {
            seq[t, default: 0] += 1
            let text = String(decoding: try encoder.encode(e), as: UTF8.self)
            let line = [q(t), String(seq[t]!), q(e.id.rawValue), caseId.map(q) ?? "", q(e.body.type), q(e.actor), q(Timestamp.format(e.timestamp)), q(text)].joined(separator: ",") + "\n"
            ev.write(Data(line.utf8))
            ids.write(Data("\(q(e.id.rawValue)),\(q(t)),\(seq[t]!)\n".utf8))
            count += 1
        }
        var buffer = Data()
        func flushBuffers() { if !buffer.isEmpty { ev.write(buffer); buffer.removeAll(keepingCapacity: true) } }
        try file.read(from: .start, filings: .whole) { batch in
            for e in batch {
                switch e.body {
                case .importCommitted(let c), .importAbandoned(let c):
                    for (t, n) in (batchTeams[c.batch] ?? [:]).sorted(by: { $0.key < $1.key }) {
                        var part = e
                        part.id = EventID.make(at: e.timestamp)
                        part.body = .importCommitted(ImportCommit(batch: c.batch, count: n))
                        try put(part, team: t, caseId: nil)
                    }
                case .caseImported(let imp):
                    let t = team(of: imp.record.caseId)
                    batchTeams[imp.batch, default: [:]][t, default: 0] += 1
                    try put(e, team: t, caseId: imp.record.caseId)
                default:
                    let caseId = e.caseId ?? {
                        switch e.body {
                        case .followUpCalled(let c): return String(c.contactId[..<(c.contactId.lastIndex(of: "-") ?? c.contactId.endIndex)])
                        default: return nil
                        }
                    }()
                    if case .caseClaimed(let c) = e.body, holder[c.caseId] == nil { holder[c.caseId] = e.actor }
                    if case .caseAssigned(let a) = e.body { holder[a.caseId] = a.tracer }
                    try put(e, team: caseId.map(team(of:)) ?? teams[0], caseId: caseId)
                }
            }
        }
        flushBuffers()
        try ev.close(); try ids.close()
        var casesText = ""
        for (c, t) in caseTeam { casesText += "\(q(c)),\(q(t)),\(holder[c].map(q) ?? "")\n" }
        FileManager.default.createFile(atPath: casesCSV, contents: Data(casesText.utf8), attributes: [.posixPermissions: 0o600])
        let people = Set(holder.values).union(month.team.members.map(\.id))
        let members = people.map { "(\(q($0).replacingOccurrences(of: "\"", with: "'")), 'x', 'tracer')" }.joined(separator: ",")
        try cluster.psql("INSERT INTO tracedesk.members (id, name, role) VALUES \(members) ON CONFLICT DO NOTHING", database: db)
        try cluster.psql("\\copy tracedesk.cases (case_id, team, holder) FROM '\(casesCSV)' WITH (FORMAT csv)", database: db)
        try cluster.psql("\\copy tracedesk.events (team, seq, id, case_id, kind, actor, at, event) FROM '\(eventsCSV)' WITH (FORMAT csv)", database: db)
        try cluster.psql("\\copy tracedesk.event_ids (id, team, seq) FROM '\(idsCSV)' WITH (FORMAT csv)", database: db)
        for (t, n) in seq { try cluster.psql("UPDATE tracedesk.teams SET next_seq = \(n + 1) WHERE team = '\(t)'", database: db) }
        try cluster.psql("ANALYZE", database: db)
        return count
    }

    // MARK: The desks

    struct Run {
        var seconds: Double
        var latencies: [Double] = []
        var claims = 0
        var claimsLost = 0
        var errors = 0
        var acknowledged: [String] = []
        var cpuSeconds = 0.0
        var serverMB = 0.0
        /// CPU of this process: the simulated desks (encoding, replaying what they read, NIO).
        var deskCPUSeconds = 0.0
        /// Transactions the server committed or rolled back (pg_stat_database): saves and reads.
        var transactions = 0
        var savesPerSecond: Double { Double(latencies.count) / seconds }
        func line(_ label: String) -> String {
            let s = latencies.sorted()
            func p(_ q: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int(Double(s.count) * q))] * 1000 }
            return Latency.pad(label, 22) + Latency.pad(String(format: "%.0f", savesPerSecond), 10) + Latency.pad(String(format: "%.1f", p(0.5)), 9)
                + Latency.pad(String(format: "%.1f", p(0.99)), 9) + Latency.pad(String(format: "%.1f", (s.last ?? 0) * 1000), 9)
                + Latency.pad(String(format: "%.1f", Double(claims) / seconds), 10) + Latency.pad("\(claimsLost)", 6) + Latency.pad("\(errors)", 8)
                + String(format: "%.0f%% of a core (%.2f ms a save), %.0f MB; %.0f%% (%.2f ms a save); %.1f", 100 * cpuSeconds / seconds,
                         1000 * cpuSeconds / Double(max(1, latencies.count)), serverMB, 100 * deskCPUSeconds / seconds,
                         1000 * deskCPUSeconds / Double(max(1, latencies.count)), Double(transactions) / Double(max(1, latencies.count)))
        }
    }

    /// One simulated tracer: a store as the desk has it, and where they are in their case.
    final class SimDesk: @unchecked Sendable {
        let id: String
        let store: PostgresStore
        var desk: Desk
        var next: Date
        var current: String?
        var calls = 0
        var draft: InterviewDraft?
        var drafts = 0
        init(id: String, store: PostgresStore, desk: Desk, next: Date) { self.id = id; self.store = store; self.desk = desk; self.next = next }
    }

    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var run: Run
        init(seconds: Double) { run = Run(seconds: seconds) }
        func add(_ latency: Double, claim: Bool, ids: [String]) {
            lock.lock(); run.latencies.append(latency); if claim { run.claims += 1 }; run.acknowledged += ids; lock.unlock()
        }
        func lost() { lock.lock(); run.claimsLost += 1; lock.unlock() }
        func error() { lock.lock(); run.errors += 1; lock.unlock() }
    }

    nonisolated(unsafe) static var opened: [SimDesk] = []

    func drive(cluster: LocalCluster, db: String, desks ids: [String], seconds: Double, pace: Double) throws -> Run {
        let desks = Self.opened
        let tally = Tally(seconds: seconds)
        let cpu0 = Self.serverCPU(cluster), own0 = Self.ownCPU(), tx0 = Self.transactions(cluster: cluster, db: db)
        let start = Date(), end = start.addingTimeInterval(seconds)
        var rng = SystemRandomNumberGenerator()
        for d in desks { d.next = start.addingTimeInterval(pace == 0 ? 0 : Double.random(in: 0..<pace, using: &rng)) }
        let group = DispatchGroup()
        for w in 0..<workers {
            let mine = stride(from: w, to: desks.count, by: workers).map { desks[$0] }
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                var rng = SystemRandomNumberGenerator()
                while true {
                    guard let d = mine.min(by: { $0.next < $1.next }) else { return }
                    if d.next > end { return }
                    let wait = d.next.timeIntervalSinceNow
                    if wait > 0 { Thread.sleep(forTimeInterval: wait) }  // the tracer's pause, not a synchronisation
                    BenchCity.step(d, tally: tally)
                    d.next = Date().addingTimeInterval(pace == 0 ? 0 : -log(Double.random(in: 0.0001..<1, using: &rng)) * pace)
                }
            }
        }
        group.wait()
        tally.run.seconds = Date().timeIntervalSince(start)
        tally.run.cpuSeconds = Self.cpuUsed(from: cpu0, to: Self.serverCPU(cluster))
        tally.run.serverMB = Self.serverMemoryMB(cluster)
        tally.run.deskCPUSeconds = Self.ownCPU() - own0
        tally.run.transactions = Self.transactions(cluster: cluster, db: db) - tx0
        return tally.run
    }

    /// The desk's next save: claim a case of its team no one holds, call (a third not
    /// reached), save the interview's draft at pauses, file it; then the next case.
    static func step(_ d: SimDesk, tally: Tally) {
        let now = Date()
        func save(_ body: EventBody, claim: Bool = false) -> Bool {
            let e = Event(id: EventID.make(at: now), timestamp: now, actor: d.id, body: body)
            let t = Date()
            do {
                let r = try d.store.transact { seen in
                    d.desk.apply(contentsOf: seen)
                    if claim, d.desk.claimDecision(caseId: body.caseId ?? "", tracer: d.id) != .claim { return [] }
                    return [e]
                }
                d.desk.apply(contentsOf: r.written)
                // A claim another desk won: read, and decided against, as the desk does.
                if r.written.isEmpty { tally.lost(); return false }
                tally.add(Date().timeIntervalSince(t), claim: claim, ids: r.written.map(\.id.rawValue))
                return true
            } catch {
                tally.error()
                return false
            }
        }
        guard let caseId = d.current else {
            // What the desk's poll would have read: new cases, others' claims.
            if let new = try? d.store.readNew() { d.desk.apply(contentsOf: new) }
            // Any open case, not the first: the dictionary's order is the same in every desk of
            // the process, and a team's desks all reaching for one case at once measured the
            // losers' retries (18,481 claims lost to 6,284 saves in 30 s flat out), not saves.
            let open = d.desk.cases.values.filter { $0.record.caseId.hasPrefix("LIVE-") && $0.claimedBy == nil }.randomElement()
            guard let c = open else { return }
            if save(.caseClaimed(CaseClaim(caseId: c.record.caseId)), claim: true) { d.current = c.record.caseId; d.calls = 0; d.drafts = 0; d.draft = nil }
            return
        }
        guard let record = d.desk.cases[caseId]?.record else { d.current = nil; return }
        if d.draft == nil {
            d.calls += 1
            let reached = d.calls >= 3 || Int.random(in: 0..<3) > 0
            _ = save(.callLogged(CallAttempt(caseId: caseId, outcome: reached ? .reached : .noAnswer, note: reached ? nil : "tidak diangkat, coba lagi sore")))
            if reached { d.draft = InterviewDraft(for: record, rules: .indonesia2021) }
            return
        }
        d.drafts += 1
        if d.drafts <= 6 {
            d.draft!.consent = "given"
            if d.drafts > 2 { _ = d.draft!.addContact(named: "Kontak \(d.drafts)", on: record.resultDate.adding(days: -2)) }
            _ = save(.interviewSaved(d.draft!))
            return
        }
        d.draft!.step = .review
        _ = save(.interviewFiled(FiledInterview.file(d.draft!, today: WallClock.wib.day(of: now))))
        d.current = nil
    }

    // MARK: Measures of the server

    /// pgbench, one INSERT a transaction: the server's ceiling for small writes. With
    /// `shapedLikeEvents`, into a table with `events`' columns and indexes, spread over its teams.
    func pgbench(cluster: LocalCluster, db: String, seconds: Int, clients: Int, rowBytes: Int, shapedLikeEvents: Bool) throws -> Double {
        let table = shapedLikeEvents ? "bench_events" : "bench_insert"
        let value = String(repeating: "x", count: rowBytes)
        let insert: String
        if shapedLikeEvents {
            try cluster.psql("""
                CREATE TABLE bench_events (team text NOT NULL, seq bigserial, id text NOT NULL, case_id text, kind text NOT NULL,
                  actor text NOT NULL, at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), event text NOT NULL,
                  PRIMARY KEY (team, seq), UNIQUE (team, id));
                CREATE INDEX bench_events_case ON bench_events (case_id, seq)
                """, database: db)
            insert = """
                \\set t random(1, \(teams))
                \\set c random(1, 1000000)
                INSERT INTO bench_events (team, id, case_id, kind, actor, at, event) VALUES ('Tim ' || :t, md5(random()::text || clock_timestamp()::text), 'LIVE-' || :c, 'call.logged', 'desk-0001', now(), '\(value)');

                """
        } else {
            try cluster.psql("CREATE TABLE bench_insert (id bigserial PRIMARY KEY, v text)", database: db)
            insert = "INSERT INTO bench_insert (v) VALUES ('\(value)');\n"
        }
        defer { _ = try? cluster.psql("DROP TABLE \(table)", database: db) }
        let script = NSTemporaryDirectory() + "tdcity-pgbench-\(getpid()).sql"
        try insert.write(toFile: script, atomically: true, encoding: .utf8)
        defer { unlink(script) }
        let out = NSTemporaryDirectory() + "tdcity-pgbench-\(getpid()).out"
        defer { unlink(out) }
        // pgbench's backends end with it, before they could be read: the machine's CPU instead.
        let cpu0 = Self.machineCPU()
        try LocalCluster.run([cluster.bin + "/pgbench", "-n", "-f", script, "-c", String(clients), "-j", "2", "-T", String(seconds),
                              "-h", "127.0.0.1", "-p", String(cluster.port), "-U", cluster.admin, db], stdout: out)
        let cpu = Self.machineCPU() - cpu0
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).split(separator: " ").first ?? "") else { return 0 }
        print(String(format: "pgbench (%d clients, %d-byte rows%@): %.0f/s, the machine's CPU %.0f%% of a core (server and pgbench), %.2f ms a transaction",
                     clients, rowBytes, shapedLikeEvents ? ", indexed as events" : "", tps, 100 * cpu / Double(seconds), 1000 * cpu / max(1, tps * Double(seconds))))
        return tps
    }

    /// Transactions the database has ended, committed or rolled back (the statistics lag a
    /// second or so behind).
    static func transactions(cluster: LocalCluster, db: String) -> Int {
        Int(((try? cluster.psql("SELECT pg_stat_clear_snapshot(); SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", database: db)) ?? "")
            .split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") ?? 0
    }

    /// CPU seconds the machine has spent busy (every process; /proc/stat's first line).
    static func machineCPU() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8), let first = text.split(separator: "\n").first else { return 0 }
        let f = first.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard f.count >= 8 else { return 0 }
        // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
        return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// CPU seconds of this process (user + system).
    static func ownCPU() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
    }

    /// The bench cluster's processes: its postmaster (from `postmaster.pid`) and the
    /// processes it started. Not every `postgres` on the machine: a shared machine may run
    /// other clusters (the test suite's, another engineer's), whose CPU and memory are not ours.
    static func postgresPIDs(of cluster: LocalCluster) -> [Int32] {
        guard let text = try? String(contentsOfFile: cluster.dataDir + "/postmaster.pid", encoding: .utf8),
              let postmaster = Int32(text.split(separator: "\n").first ?? "") else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }.filter { pid in
            guard pid != postmaster else { return true }
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let f = stat[stat.index(after: close)...].split(separator: " ")
            return f.count > 1 && Int32(f[1]) == postmaster
        }
    }

    /// CPU seconds of each of the cluster's processes (user + system), by pid.
    static func serverCPU(_ cluster: LocalCluster) -> [Int32: Double] {
        var out: [Int32: Double] = [:]
        for pid in postgresPIDs(of: cluster) {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let f = stat[stat.index(after: close)...].split(separator: " ")
            guard f.count > 13, let u = Double(f[11]), let s = Double(f[12]) else { continue }
            out[pid] = (u + s) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
        return out
    }

    /// CPU the server used between two readings: processes that ended in between are not
    /// counted, so this is at least what it used.
    static func cpuUsed(from a: [Int32: Double], to b: [Int32: Double]) -> Double {
        b.reduce(0) { $0 + max(0, $1.value - (a[$1.key] ?? 0)) }
    }

    /// Proportional set size of the cluster's processes: shared buffers counted once.
    static func serverMemoryMB(_ cluster: LocalCluster) -> Double {
        postgresPIDs(of: cluster).reduce(0) { sum, pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8),
                  let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") }),
                  let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return sum }
            return sum + kb / 1024
        }
    }

    static func tracedeskBinary() -> String? {
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tracedesk").path
        return FileManager.default.isExecutableFile(atPath: me) ? me : nil
    }
}
