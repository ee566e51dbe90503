import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerConcurrencyTests {
    /// 20 desks of one team claim from the same 1,000 cases at once, each deciding on what it
    /// has read, as the desk does: the server lets each case go to one desk only.
    @Test func twentyDesksClaimingAtOnceNeverHoldTheSameCase() throws {
        let city = try City()
        let admin = try ServerAdmin(target: try city.cluster.target(city.db))
        let tracers = (1...20).map { String(format: "claimer-%02d", $0) }
        for t in tracers { try admin.addUser(id: t, name: t, role: .tracer, teams: ["Menteng"]) }
        let ids = (1...1000).map { String(format: "C-%04d", $0) }
        try city.importCases(ids, [])

        let results = Locked((claims: 0, failures: [String]()))
        DispatchQueue.concurrentPerform(iterations: tracers.count) { i in
            do {
                let me = tracers[i]
                let store = try city.store(me)
                var desk = try store.replay(team: try store.team())
                // Each desk walks the queue in its own order, so they collide often.
                var order = ids
                var rng = SystemRandomNumberGenerator()
                order.shuffle(using: &rng)
                var mine = 0
                for id in order where mine < 50 {
                    let r = try store.transact { seen in
                        desk.apply(contentsOf: seen)
                        return desk.claimDecision(caseId: id, tracer: me) == .claim ? [City.event(.caseClaimed(CaseClaim(caseId: id)), by: me)] : []
                    }
                    desk.apply(contentsOf: r.written)
                    if !r.written.isEmpty { mine += 1 }
                }
                results.withLock { $0.claims += mine }
            } catch {
                results.withLock { $0.failures.append("\(error)") }
            }
        }
        #expect(results.value.failures.isEmpty, "\(results.value.failures)")
        #expect(results.value.claims == 1000)
        let c = city.cluster
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.claimed'", database: city.db) == "1000\n")
        #expect(try c.psql("SELECT count(*) FROM (SELECT case_id FROM tracedesk.events WHERE kind = 'case.claimed' GROUP BY case_id HAVING count(*) > 1) d", database: city.db) == "0\n")
        // And every desk, replayed, agrees on each holder with the server's claim table.
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        let holders = try c.psql("SELECT case_id || '=' || holder FROM tracedesk.cases WHERE holder IS NOT NULL ORDER BY case_id", database: city.db)
        let replayed = ids.compactMap { id in desk.cases[id]?.claimedBy.map { "\(id)=\($0)" } }.joined(separator: "\n") + "\n"
        #expect(holders == replayed)
        #expect(desk.anomalies.isEmpty)
    }

    /// The known trap: writer A takes a number and commits late; writer B, after it, commits
    /// first. A reader that saw B's number must still get A's event.
    @Test func anEventThatCommitsLateIsNeverSkipped() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], [])
        let ayu = try city.store("tracer-m1"), budi = try city.store("tracer-m2")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try budi.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m2")] }
        let reader = try city.store("lead-m")
        _ = try reader.replay(team: try reader.team())

        // A: a call, appended inside a transaction held open.
        let a = try PGLink.connect(try city.cluster.target(city.db, user: "tracer-m1"))
        let callA = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .noAnswer)), by: "tracer-m1")
        try a.rows("BEGIN")
        let seqA = try a.rows("SELECT seq FROM tracedesk.append($1)", [String(decoding: try JournalCoding.encoder().encode(callA), as: UTF8.self)]).first!.int(0)

        // B: a call on another case, from another desk, in its own thread.
        let callB = City.event(.callLogged(CallAttempt(caseId: "M-2", outcome: .busy)), by: "tracer-m2")
        let bDone = DispatchSemaphore(value: 0)
        let bError = Locked([String]())
        let b = UncheckedBox(budi)
        Thread.detachNewThread {
            do { try b.value.append([callB], teamFor: { _ in nil }) } catch { bError.withLock { $0.append("\(error)") } }
            bDone.signal()
        }
        // Wait until B has either committed or is waiting behind A's lock: both observable.
        var bWaiting = false
        while true {
            if bDone.wait(timeout: .now()) == .success { bDone.signal(); break }
            let waiting = try city.cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'tracer-m2' AND wait_event_type = 'Lock'", database: city.db)
            if waiting == "1\n" { bWaiting = true; break }
        }
        var seen = try reader.readNew()
        try a.rows("COMMIT")
        bDone.wait()
        seen += try reader.readNew()
        a.close()
        #expect(bError.value.isEmpty)
        // Numbers commit in order within a team: B waited for A.
        #expect(bWaiting)
        let got = seen.map(\.id)
        #expect(got.contains(callA.id), "the event that committed late (number \(seqA)) was skipped")
        #expect(got.contains(callB.id))
        #expect(got.firstIndex(of: callA.id)! < got.firstIndex(of: callB.id)!)
    }

    /// Teams do not wait for each other: a save in one team goes through while another
    /// team's transaction is open.
    @Test func oneTeamsOpenTransactionDoesNotHoldAnother() throws {
        let city = try City()
        try city.importCases(["M-1"], ["T-1"])
        let a = try PGLink.connect(try city.cluster.target(city.db, user: "tracer-m1"))
        let claim = City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")
        try a.rows("BEGIN")
        try a.rows("SELECT seq FROM tracedesk.append($1)", [String(decoding: try JournalCoding.encoder().encode(claim), as: UTF8.self)])
        let citra = try city.store("tracer-t1")
        let r = try citra.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "T-1")), by: "tracer-t1")] }
        #expect(r.written.count == 1)
        try a.rows("ROLLBACK")
        a.close()
    }
}

extension ServerConcurrencyTests {
    /// A NOTIFY makes every commit in the cluster wait for the one before it, so a save wakes
    /// its team only where the database asks (desks poll by default). Notifications reach a
    /// listener in commit order: a sentinel sent after the save says nothing else is coming.
    @Test func aSaveNotifiesItsTeamOnlyWhereTheDatabaseAsks() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let listener = try PGLink.connect(try city.cluster.target(city.db, user: "lead-m"))
        defer { listener.close() }
        let channel = try #require(try listener.rows("SELECT tracedesk.channel('Menteng')").first?.string(0))
        let woken = Locked(0), sentinel = DispatchSemaphore(value: 0)
        try listener.listen(channel) { woken.withLock { $0 += 1 } }
        try listener.listen("td_test_sentinel") { sentinel.signal() }
        func saveThenSentinel(_ body: EventBody) throws {
            try city.store("tracer-m1").transact { _ in [City.event(body, by: "tracer-m1")] }
            try city.cluster.psql("NOTIFY td_test_sentinel", database: city.db)
            #expect(sentinel.wait(timeout: .now() + 30) == .success, "the sentinel never came")
        }
        try saveThenSentinel(.caseClaimed(CaseClaim(caseId: "M-1")))
        #expect(woken.value == 0, "a save notified where the database did not ask for it")
        try city.cluster.psql("ALTER DATABASE \(city.db) SET tracedesk.notify = on", database: city.db)
        try saveThenSentinel(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)))
        #expect(woken.value == 1)
    }
}
