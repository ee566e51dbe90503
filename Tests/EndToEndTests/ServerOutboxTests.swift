import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// A desk keeps working while the server is away: its own work goes to an outbox on this
/// computer and reaches the server once when it is back; what needs the server waits.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerOutboxTests {
    func privateDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdout-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }

    /// Reads until the store is connected again (the server was restarted): observable, and
    /// bounded by the store's own reconnect pacing.
    func waitUntilConnected(_ store: PostgresStore) throws -> [Event] {
        var seen: [Event] = []
        let deadline = Date().addingTimeInterval(30)
        repeat {
            seen += try store.readNew()
            if store.connection == .connected && store.outboxCount() == 0 { return seen }
            _ = poll(nil, 0, 50)  // a short pause between tries, not a synchronisation
        } while Date() < deadline
        Issue.record("the store did not reconnect within 30 s")
        return seen
    }

    @Test func workSavedWhileTheServerRestartsReachesItOnceAndClaimsWait() throws {
        let own = try PGCluster()
        defer { own.stop() }
        let city = try City(on: own)
        try city.importCases(["M-1", "M-2"], [])
        let dir = try privateDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = dir + "/outbox/ayu.jsonl"
        let ayu = try city.store("tracer-m1", outbox: outbox)
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let callA = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .noAnswer)), by: "tracer-m1")
        try ayu.transact { _ in [callA] }

        try own.stopFast()
        let callB = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .reached, note: "diangkat, wawancara sore")), by: "tracer-m1")
        let saved = try ayu.transact { _ in [callB] }
        #expect(saved.written.map(\.id) == [callB.id])
        #expect(ayu.connection == .away(savedHere: 1))
        let mode = (try FileManager.default.attributesOfItem(atPath: outbox))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A claim needs the server's decision: it waits, and the desk is told it can retry.
        let claim = #expect(throws: ServerError.self) {
            try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m1")] }
        }
        #expect(claim?.isRetryable == true)
        #expect(ayu.outboxCount() == 1)

        // The desk is closed while the server is away; the next one sends what waited.
        ayu.close()
        try own.start()
        let next = try city.store("tracer-m1", outbox: outbox)
        #expect(next.outboxCount() == 0)
        #expect(!FileManager.default.fileExists(atPath: outbox))
        let c = own
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE id = '\(callB.id.rawValue)'", database: city.db) == "1\n")
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'call.logged'", database: city.db) == "2\n")
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.claimed'", database: city.db) == "1\n")

        // Sent again (a save cut off after its commit), it lands once.
        let again = try FileJournal(path: outbox)
        try again.append([callB])
        try next.flushOutbox()
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'call.logged'", database: city.db) == "2\n")
    }

    @Test func aDeskThatStaysOpenSendsItsOutboxWhenTheServerIsBack() throws {
        let own = try PGCluster()
        defer { own.stop() }
        let city = try City(on: own)
        try city.importCases(["M-1"], [])
        let dir = try privateDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let ayu = try city.store("tracer-m1", outbox: dir + "/outbox/ayu.jsonl")
        let lead = try city.store("lead-m")
        var leadDesk = try lead.replay(team: try lead.team())
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try own.stopFast()
        var draft = InterviewDraft(for: City.record("M-1", kecamatan: "Menteng"), rules: .indonesia2021)
        draft.consent = "given"
        let events = [City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .reached)), by: "tracer-m1"),
                      City.event(.interviewSaved(draft), by: "tracer-m1")]
        for e in events { try ayu.transact { _ in [e] } }
        #expect(ayu.connection == .away(savedHere: 2))
        #expect(try ayu.readNew().isEmpty)  // reading while away is quiet, not an error
        try own.start()
        _ = try waitUntilConnected(ayu)
        leadDesk.apply(contentsOf: try lead.readNew())
        #expect(leadDesk.cases["M-1"]?.calls.count == 1)
        #expect(try lead.latestDraft(of: "M-1")?.id == events[1].id)
        #expect(try own.psql("SELECT count(*) FROM tracedesk.events", database: city.db) == "5\n")
    }

    /// While the server is away a held case's interview opens from what this computer holds:
    /// the draft saved before (kept at start or when written), or the outbox's. A case whose
    /// only draft is on the server and was never read here says so, rather than starting over.
    @Test func draftsOpenWhileTheServerIsAway() throws {
        let own = try PGCluster()
        defer { own.stop() }
        let city = try City(on: own)
        try city.importCases(["M-1", "M-2", "M-3"], [])
        let dir = try privateDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var early = InterviewDraft(for: City.record("M-1", kecamatan: "Menteng"), rules: .indonesia2021)
        early.consent = "given"
        let other = try city.store("tracer-m2")
        try other.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-3")), by: "tracer-m2")] }
        try other.transact { _ in [City.event(.interviewSaved(InterviewDraft(for: City.record("M-3", kecamatan: "Menteng"), rules: .indonesia2021)), by: "tracer-m2")] }
        let before = try city.store("tracer-m1")
        for e in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1"),
                  City.event(.interviewSaved(early), by: "tracer-m1")] { try before.transact { _ in [e] } }
        before.close()

        // A new desk starts (as the desk does: replay, drafts in progress), then the server goes.
        let ayu = try city.store("tracer-m1", outbox: dir + "/outbox/ayu.jsonl")
        _ = try ayu.replay(team: try ayu.team())
        try own.stopFast()
        #expect(try ayu.latestDraft(of: "M-1").map { d -> String? in if case .interviewSaved(let x) = d.body { x.consent } else { nil } } == "given")
        #expect(try ayu.latestDraft(of: "M-2") == nil)         // none anywhere: a new interview
        let m3 = #expect(throws: ServerError.self) { try ayu.latestDraft(of: "M-3") }
        #expect(m3?.message.contains("opens when the server is back") == true)
        // A draft saved while away is the one that opens next.
        var later = early
        later.consent = "refused"
        let saved = City.event(.interviewSaved(later), by: "tracer-m1")
        try ayu.transact { _ in [saved] }
        #expect(try ayu.latestDraft(of: "M-1")?.id == saved.id)
        #expect(try ayu.drafts(of: "M-1").map(\.id) == [saved.id])
        try own.start()
        _ = try waitUntilConnected(ayu)
        #expect(try ayu.latestDraft(of: "M-1")?.id == saved.id)
        #expect(try own.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'interview.saved' AND case_id = 'M-1'", database: city.db) == "2\n")
    }
}
