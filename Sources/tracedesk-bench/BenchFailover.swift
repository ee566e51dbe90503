import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskServer

/// `bench failover`: the drill. A primary and a synchronous standby on loopback; desks (the
/// desk's store, each with its outbox) saving calls; the primary killed as a crash kills it;
/// the standby promoted; the desks find it by themselves (the URL names both hosts). Printed:
/// acknowledged saves lost (must be 0) and how long until saves reached a server again.
struct BenchFailover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover", abstract: "The failover drill: kill the primary under saving desks, promote the standby.")

    @Option(help: "Desks saving.") var desks = 20
    @Option(help: "Seconds of saving before the primary is killed, and again after.") var seconds = 10.0

    func run() throws {
        let primary = try LocalCluster(extraSettings: ["wal_level=replica", "max_wal_senders=10", "synchronous_commit=on"])
        defer { primary.stop() }
        let db = try primary.newDatabase()
        let admin = try ServerAdmin(target: try primary.target(db))
        try admin.migrate(creating: true)
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "data-01", name: "Data", role: .data, teams: [])
        let ids = (1...desks).map { String(format: "desk-%03d", $0) }
        for d in ids { try admin.addUser(id: d, name: d, role: .tracer, teams: ["Menteng"]) }
        let data = try PostgresStore(target: try primary.target(db, user: "data-01"))
        let now = Date()
        let records = ids.map { CaseRecord(caseId: "F-" + $0, name: "Pasien \($0)", kecamatan: "Menteng", resultDate: Day(year: 2021, month: 7, day: 5)!) }
        try data.append(Desk.importEvents(records, batch: "drill").map { Event(id: EventID.make(at: now), timestamp: now, actor: "data-01", body: $0) }, teamFor: { _ in nil })
        data.close()

        let standby = try LocalCluster(standbyOf: primary)
        defer { standby.stop() }
        try primary.psql("ALTER SYSTEM SET synchronous_standby_names = '*'", database: "postgres")
        try primary.psql("SELECT pg_reload_conf()", database: "postgres")
        while try primary.psql("SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'", database: "postgres") != "1\n" {}
        print("primary on \(primary.port), synchronous standby on \(standby.port)")

        let url = "postgresql://USER@127.0.0.1:\(primary.port),127.0.0.1:\(standby.port)/\(db)?sslmode=disable"
        let dir = NSTemporaryDirectory() + "tdfailover-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stores = try ids.map { id -> PostgresStore in
            let s = try PostgresStore(target: try ServerTarget.parse(url.replacingOccurrences(of: "USER", with: id), environment: ["HOME": dir]),
                                      outbox: dir + "/outbox-\(id).jsonl")
            try s.transact { _ in [Event(id: EventID.make(at: Date()), timestamp: Date(), actor: id, body: .caseClaimed(CaseClaim(caseId: "F-" + id)))] }
            return s
        }
        let log = Log()
        let stop = Locked<Bool>()
        let group = DispatchGroup()
        for (i, s) in stores.enumerated() {
            let id = ids[i]
            group.enter()
            let box = UncheckedBox(s)
            Thread.detachNewThread {
                defer { group.leave() }
                while !stop.isSet {
                    let e = Event(id: EventID.make(at: Date()), timestamp: Date(), actor: id,
                                  body: .callLogged(CallAttempt(caseId: "F-" + id, outcome: .noAnswer, note: "drill")))
                    do {
                        let r = try box.value.transact { _ in [e] }
                        if !r.written.isEmpty { log.acknowledged(e.id.rawValue, onServer: box.value.connection == .connected) }
                    } catch {
                        log.failed()
                    }
                }
            }
        }
        Thread.sleep(forTimeInterval: seconds)  // desks saving for a while: the drill's length, not a synchronisation
        let before = log.snapshot()
        let killed = Date()
        try primary.crash()
        try standby.promote()
        let promoted = Date()
        log.markFailover(killed)
        Thread.sleep(forTimeInterval: seconds)
        stop.set()
        group.wait()
        for s in stores { try? s.flushOutbox() }
        let after = log.snapshot()
        var found = 0
        let all = after.ids
        for chunk in stride(from: 0, to: all.count, by: 2_000) {
            let list = all[chunk..<min(all.count, chunk + 2_000)].map { "'\($0)'" }.joined(separator: ",")
            found += Int(try standby.psql("SELECT count(*) FROM tracedesk.event_ids WHERE id IN (\(list))", database: db).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        print(String(format: "saves before the kill: %d; promoted %.2f s after the kill", before.ids.count, promoted.timeIntervalSince(killed)))
        if let back = after.firstOnServerAfterFailover {
            print(String(format: "first save on the promoted server %.2f s after the kill", back.timeIntervalSince(killed)))
        } else {
            print("no save reached the promoted server")
        }
        print("acknowledged \(all.count) (on the server \(after.onServer), kept in outboxes and sent after \(all.count - after.onServer)); lost \(all.count - found) (target 0); failed attempts \(after.failed)")
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var ids: [String] = []
        private var onServer = 0
        private var failed_ = 0
        private var failoverAt: Date?
        private var firstBack: Date?
        func acknowledged(_ id: String, onServer server: Bool) {
            lock.lock(); defer { lock.unlock() }
            ids.append(id)
            if server { onServer += 1; if let f = failoverAt, firstBack == nil, Date() > f { firstBack = Date() } }
        }
        func failed() { lock.lock(); failed_ += 1; lock.unlock() }
        func markFailover(_ at: Date) { lock.lock(); failoverAt = at; lock.unlock() }
        func snapshot() -> (ids: [String], onServer: Int, failed: Int, firstOnServerAfterFailover: Date?) {
            lock.lock(); defer { lock.unlock() }
            return (ids, onServer, failed_, firstBack)
        }
    }
}
