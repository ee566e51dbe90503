import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskServer

/// `bench appendcost`: what `tracedesk.append` costs a save under each schema, kind by kind, and
/// what its shape check costs alone. One cluster it starts, one database a schema version (each
/// migrated only so far), the same events in each: the desk's own encoding of a claim, a call
/// with a note and a callback, a draft with three contacts, a filing with five, a follow-up
/// call. pgbench sends each as a tracer holding the case, with a fresh id and time a call.
struct BenchAppendCost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appendcost", abstract: "tracedesk.append per kind of event under each schema version (starts its own server).")

    @Option(help: "Seconds of each pgbench run.") var seconds = 5
    @Option(help: "pgbench clients (each its own case).") var clients = 1
    @Option(help: "Rounds: each round runs every kind on every version, interleaved.") var rounds = 2
    @Flag(help: "A new connection a save (pgbench -C): what a session's first save costs, its plans and caches not yet made.") var connectEach = false
    @Option(help: "Schema versions to compare (from 1).") var versions: [Int] = Array(1...ServerAdmin.knownVersion)

    func run() throws {
        // The function's CPU is what is compared: commits do not wait for the WAL's flush here,
        // so a save's figure is its work, not this disk's fsync (the same in every version).
        let cluster = try LocalCluster(extraSettings: ["synchronous_commit=off", "track_functions=all", "shared_buffers=128MB"])
        defer { cluster.stop() }
        let samples = Self.events()
        print("bench appendcost: \(clients) pgbench client(s)\(connectEach ? ", a new connection each save" : ""), \(seconds) s a run, \(rounds) rounds, versions \(versions.map(String.init).joined(separator: ", ")); synchronous_commit off")
        for (kind, json) in samples { print("  \(kind): \(json.utf8.count) bytes") }
        var dbs: [Int: String] = [:]
        for v in versions {
            let db = try cluster.newDatabase()
            let admin = try ServerAdmin(target: try cluster.target(db))
            try admin.migrate(creating: true, upTo: v)
            try admin.addTeam("Menteng", areas: ["Menteng"])
            try admin.addUser(id: "tracer-1", name: "Ayu", role: .tracer, teams: ["Menteng"])
            try cluster.psql("INSERT INTO tracedesk.cases (case_id, team, holder) SELECT 'B' || n, 'Menteng', 'tracer-1' FROM generate_series(0, \(clients)) n", database: db)
            if v >= 2 {
                try cluster.psql("INSERT INTO tracedesk.contacts (contact_id, case_id, team, is_close, tracer) SELECT 'B' || n || '-K9', 'B' || n, 'Menteng', true, 'tracer-1' FROM generate_series(0, \(clients)) n", database: db)
            }
            dbs[v] = db
        }
        var ms: [String: [Int: [Double]]] = [:]
        for round in 1...rounds {
            for (kind, json) in samples {
                for v in versions {
                    let sql = "SELECT tracedesk.append(replace(replace(replace(\(Self.literal(json)), '@ID@', gen_random_uuid()::text), "
                        + "'@TS@', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')), '@CASE@', 'B' || :client_id), 'Menteng');\n"
                    let r = try pgbench(cluster, dbs[v]!, user: "tracer-1", sql: sql)
                    ms[kind, default: [:]][v, default: []].append(r)
                    print(String(format: "round %d  %-16@ v%d  %.3f ms a save", round, kind as NSString, v, r))
                }
            }
        }
        // A session's first save against its second: the function compiled, its statements
        // planned and the catalogue read, once a connection (a bench desk saves a few times a
        // minute, so its first save is a large share of its saves; a desk at work, all day).
        print("")
        for (kind, json) in samples {
            for v in versions {
                var first: [Double] = [], second: [Double] = []
                for _ in 0..<5 {
                    let one = "SELECT tracedesk.append(replace(replace(replace(\(Self.literal(json)), '@ID@', gen_random_uuid()::text), "
                        + "'@TS@', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')), '@CASE@', 'B0'), 'Menteng');\n"
                    let out = try psqlFile(cluster, dbs[v]!, user: "tracer-1", sql: "\\timing on\n" + one + one)
                    let times = out.split(separator: "\n").compactMap { $0.hasPrefix("Time: ") ? Double($0.dropFirst(6).split(separator: " ").first ?? "") : nil }
                    if times.count == 2 { first.append(times[0]); second.append(times[1]) }
                }
                print(String(format: "a session's first save, %-16@ v%d: %.2f ms, its second %.2f ms (median of 5 sessions)", kind as NSString, v,
                             Latency.median(first.isEmpty ? [0] : first), Latency.median(second.isEmpty ? [0] : second)))
            }
        }
        // The shape check alone, as each version's append runs it, on the filing (the widest).
        print("")
        let filing = samples.first { $0.0 == "filing (5)" }!.1
            .replacingOccurrences(of: "@ID@", with: "0190b2c4-0000-7000-8000-000000000001")
            .replacingOccurrences(of: "@TS@", with: "2021-08-01T03:00:00.000Z").replacingOccurrences(of: "@CASE@", with: "B0")
        for v in versions where v >= 2 {
            let check = v == 2
                ? "SELECT p FROM tracedesk.event_shapes s, LATERAL tracedesk.shape_problem(\(Self.literal(filing))::jsonb, s.path, s.type, s.required, s.allowed) p WHERE s.kind IN ('*', 'interview.filed') AND p IS NOT NULL ORDER BY s.kind = '*' DESC, s.path LIMIT 1;\n"
                : "SELECT tracedesk.shape_fits(\(Self.literal(filing))::jsonb, 'interview.filed');\n"
            print(String(format: "the shape check alone, a filing with 5 contacts, v%d: %.3f ms", v, try pgbench(cluster, dbs[v]!, user: cluster.admin, sql: check)))
        }
        // Where each version's time went, by function (track_functions; self excludes callees).
        for v in versions {
            let rows = try cluster.psql("""
                SELECT funcname, calls, round(total_time::numeric / calls, 4), round(self_time::numeric / calls, 4)
                FROM pg_stat_user_functions WHERE schemaname = 'tracedesk' ORDER BY total_time DESC
                """, database: dbs[v]!)
            print("v\(v), by function (calls, total ms a call, self ms a call):")
            for line in rows.split(separator: "\n") { print("  " + line.replacingOccurrences(of: "|", with: "  ")) }
        }
        print("")
        print("median ms a save, by kind:   " + versions.map { "v\($0)" }.joined(separator: "      "))
        for (kind, _) in samples {
            let cells = versions.map { String(format: "%.3f", Latency.median(ms[kind]?[$0] ?? [0])) }
            print(String(format: "  %-16@ ", kind as NSString) + cells.joined(separator: "   "))
        }
    }

    /// One pgbench run: milliseconds a transaction (its own latency average).
    func pgbench(_ cluster: LocalCluster, _ db: String, user: String, sql: String) throws -> Double {
        let script = NSTemporaryDirectory() + "tdcost-\(getpid()).sql"
        try sql.write(toFile: script, atomically: true, encoding: .utf8)
        defer { unlink(script) }
        let out = NSTemporaryDirectory() + "tdcost-\(getpid()).out"
        defer { unlink(out) }
        try LocalCluster.run([cluster.bin + "/pgbench", "-n"] + (connectEach ? ["-C"] : []) + ["-f", script, "-c", String(clients), "-j", "1", "-T", String(seconds),
                              "-h", "127.0.0.1", "-p", String(cluster.port), "-U", user, db], stdout: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("latency average = ") }),
              let v = Double(line.dropFirst(18).split(separator: " ").first ?? "") else {
            throw LocalCluster.Failure("pgbench said: " + text.suffix(400))
        }
        if let failed = text.split(separator: "\n").first(where: { $0.contains("number of failed transactions") }), !failed.contains(": 0 ") {
            throw LocalCluster.Failure("pgbench: \(failed)")
        }
        return v
    }

    /// psql running a file (its backslash commands too), as `user`: what it printed.
    func psqlFile(_ cluster: LocalCluster, _ db: String, user: String, sql: String) throws -> String {
        let script = NSTemporaryDirectory() + "tdcost-\(getpid()).psql"
        try sql.write(toFile: script, atomically: true, encoding: .utf8)
        defer { unlink(script) }
        let out = NSTemporaryDirectory() + "tdcost-\(getpid()).psql-out"
        defer { unlink(out) }
        try LocalCluster.run(["/usr/bin/psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(cluster.port),
                              "-U", user, "-d", db, "-f", script], stdout: out)
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The desk's events, as its encoder writes them, with placeholders for the id, the time and
    /// the case (each pgbench client works a case of its own: `B` and its number).
    static func events() -> [(String, String)] {
        let now = Date()
        let today = WallClock.wib.day(of: now)
        let record = CaseRecord(caseId: "@CASE@", name: "Pasien Satu", phones: ["081200000001"], age: 41, kecamatan: "Menteng",
                                resultDate: today.adding(days: -1))
        var draft = InterviewDraft(for: record, rules: .indonesia2021)
        draft.consent = "given"; draft.symptomatic = "no"; draft.specimen = today.adding(days: -2).iso
        func contacts(_ n: Int) {
            for i in draft.contacts.count..<n {
                _ = draft.addContact(named: "Kontak \(i + 1)", on: today.adding(days: -2))
                draft.contacts[i].criterion = "same_household"
                draft.contacts[i].relationship = "household"
                draft.contacts[i].phone = "08120000010\(i)"
                draft.contacts[i].nik = "317100000000010\(i)"
                draft.contacts[i].lastExposure = today.adding(days: -2).iso
            }
        }
        contacts(3)
        let saved = draft
        contacts(5)
        let bodies: [(String, EventBody)] = [
            ("claim", .caseClaimed(CaseClaim(caseId: "@CASE@"))),
            ("call", .callLogged(CallAttempt(caseId: "@CASE@", outcome: .callBack, note: "minta ditelepon lagi sore", callbackAt: now.addingTimeInterval(7_200)))),
            ("draft (3)", .interviewSaved(saved)),
            ("filing (5)", .interviewFiled(FiledInterview.file(draft, today: today))),
            ("follow-up call", .followUpCalled(FollowUpCall(contactId: "@CASE@-K9", day: today, outcome: .reached, symptoms: [.cough], note: "batuk ringan"))),
        ]
        let encoder = JournalCoding.encoder()
        return bodies.map { kind, body in
            let e = Event(id: EventID.make(at: now), timestamp: now, actor: "tracer-1", body: body)
            var json = String(decoding: try! encoder.encode(e), as: UTF8.self)
            json = json.replacingOccurrences(of: e.id.rawValue, with: "@ID@")
            if let ts = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], let t = ts["ts"] as? String {
                json = json.replacingOccurrences(of: "\"ts\":\"\(t)\"", with: "\"ts\":\"@TS@\"")
            }
            return (kind, json)
        }
    }
}
