import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// A city set up as an admin would: two teams by kecamatan, a lead and two tracers in each,
/// a data person for the city.
struct City {
    let cluster: PGCluster
    let db: String

    init(on own: PGCluster? = nil) throws {
        cluster = try own ?? PGCluster.shared()
        db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        #expect(try admin.migrate(creating: true) == Array(1...Schema.version))
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addTeam("Tanah Abang", areas: ["Tanah Abang", "Gambir"])
        try admin.addUser(id: "data-1", name: "Data Dinkes", role: .data, teams: [])
        try admin.addUser(id: "lead-m", name: "PJ Menteng", role: .lead, teams: ["Menteng"])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        try admin.addUser(id: "tracer-m2", name: "Budi", role: .tracer, teams: ["Menteng"])
        try admin.addUser(id: "lead-t", name: "PJ Tanah Abang", role: .lead, teams: ["Tanah Abang"])
        try admin.addUser(id: "tracer-t1", name: "Citra", role: .tracer, teams: ["Tanah Abang"])
    }

    func store(_ user: String, outbox: String? = nil) throws -> PostgresStore {
        try PostgresStore(target: try cluster.target(db, user: user), outbox: outbox)
    }

    static let day = Day(year: 2021, month: 7, day: 5)!

    static func record(_ id: String, kecamatan: String) -> CaseRecord {
        CaseRecord(caseId: id, name: "Pasien \(id)", nik: nil, nikMissingReason: "tidak ada KTP", phones: ["081234567890"],
                   age: 30, kecamatan: kecamatan, resultDate: day)
    }

    static func event(_ body: EventBody, by actor: String, at: Date = Date()) -> Event {
        Event(id: EventID.make(at: at), timestamp: at, actor: actor, body: body)
    }

    /// The data person imports `ids` split between the two teams' kecamatan.
    func importCases(_ menteng: [String], _ tanahAbang: [String], batch: String = "b1") throws {
        let records = menteng.map { Self.record($0, kecamatan: "Menteng") } + tanahAbang.map { Self.record($0, kecamatan: "Gambir") }
        let data = try store("data-1")
        try data.append(Desk.importEvents(records, batch: batch).map { Self.event($0, by: "data-1") }, teamFor: { _ in nil })
    }
}

@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerStoreTests {
    @Test func aLineListIsRoutedByKecamatanAndEachDeskReadsOnlyItsTeam() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], ["T-1"])
        let ayu = try city.store("tracer-m1")
        let desk = try ayu.replay(team: try ayu.team())
        #expect(Set(desk.cases.values.map { $0.record.caseId }) == ["M-1", "M-2"])
        #expect(desk.anomalies.isEmpty)
        let citra = try city.store("tracer-t1")
        #expect(try citra.replay(team: try citra.team()).cases.values.map { $0.record.caseId } == ["T-1"])
        // The data role reads the city.
        let data = try city.store("data-1")
        #expect(try data.replay().cases.values.count == 3)
        // The team's members come from the server, with their roles.
        #expect(try ayu.team().role(of: "lead-m") == .lead)
        #expect(try ayu.team().member("tracer-t1") == nil)
    }

    /// A line list across two teams is committed once per team; sent again whole (a retry
    /// after the link broke mid-commit), the server answers every event with its place and
    /// stores no second commit: each team's part has the id the first sending gave it.
    @Test func aLineListSentTwiceAcrossTeamsIsCommittedOncePerTeam() throws {
        let city = try City()
        let records = [City.record("M-1", kecamatan: "Menteng"), City.record("T-1", kecamatan: "Gambir")]
        let events = Desk.importEvents(records, batch: "b1").map { City.event($0, by: "data-1") }
        let data = try city.store("data-1")
        let first = try data.append(events, teamFor: { _ in nil })
        let again = try city.store("data-1").append(events, teamFor: { _ in nil })
        #expect(try city.cluster.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'import.committed'", database: city.db) == "2\n")
        #expect(first.map(\.id) == again.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count)
    }

    /// A team's stream is read a batch at a time (`PostgresStore.batchSize`): a replay and a
    /// read of what is new each cross batches without losing or repeating an event.
    @Test func aTeamLongerThanABatchIsReadWholeAndOnce() throws {
        let city = try City()
        let ids = (1...(PostgresStore.batchSize + 200)).map { String(format: "B-%05d", $0) }
        try city.importCases(ids, [])
        let ayu = try city.store("tracer-m1")
        let desk = try ayu.replay(team: try ayu.team())
        #expect(desk.cases.count == ids.count)
        try city.importCases(ids.map { $0 + "-2" }, [], batch: "b2")
        let new = try ayu.readNew()
        #expect(new.count == ids.count + 1)  // each case, and the import's commit
        #expect(Set(new.map(\.id)).count == new.count)
    }

    /// A desk that polls asks the server what is new only when due: others' saves wait until
    /// `pollEvery` has passed, for a read and for a save alike; a claim decided on what the desk
    /// held, and lost, is read and decided again then and there.
    @Test func aPollingDeskAsksTheServerOnlyWhenDue() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2", "M-3"], [])
        let ayu = try city.store("tracer-m1"), budi = try city.store("tracer-m2")
        try budi.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-3")), by: "tracer-m2")] }
        var desk = try ayu.replay(team: try ayu.team())
        ayu.readsOnlyWhenDue = true
        ayu.pollEvery = 3_600
        #expect(try ayu.readNew().isEmpty)  // the first ask after replay sets the clock
        try budi.transact { _ in [City.event(.callLogged(CallAttempt(caseId: "M-3", outcome: .busy)), by: "tracer-m2")] }
        #expect(try ayu.readNew().isEmpty, "asked the server before it was due")
        // A save that is not due decides on what the desk holds (nothing new)…
        var seenBySave: [Event] = []
        try ayu.transact { seen in seenBySave += seen; return [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        #expect(seenBySave.isEmpty)
        // …but a claim lost to a desk it had not heard of is read and decided again.
        try budi.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m2")] }
        var decisions: [[Event]] = []
        let r = try ayu.transact { seen in
            decisions.append(seen)
            desk.apply(contentsOf: seen)
            return desk.claimDecision(caseId: "M-2", tracer: "tracer-m1") == .claim ? [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m1")] : []
        }
        #expect(r.written.isEmpty)
        #expect(decisions.count == 2 && decisions[0].isEmpty && decisions[1].contains { $0.actor == "tracer-m2" })
        // Due: what was not yet read comes now, and once.
        try budi.transact { _ in [City.event(.callLogged(CallAttempt(caseId: "M-3", outcome: .reached)), by: "tracer-m2")] }
        #expect(try ayu.readNew().isEmpty)
        ayu.pollEvery = 0
        #expect(try ayu.readNew().map(\.actor) == ["tracer-m2"])
        #expect(try ayu.readNew().isEmpty)
        // Without reading only when due (tests, commands), every read asks.
        ayu.readsOnlyWhenDue = false
        ayu.pollEvery = 3_600
        try budi.transact { _ in [City.event(.callLogged(CallAttempt(caseId: "M-3", outcome: .busy)), by: "tracer-m2")] }
        #expect(try ayu.readNew().count == 1)
    }

    /// The data person is shown as what they are, not as a lead: they correct records, and
    /// never approve, and are not among a team's leads.
    @Test func theDataPersonIsShownAsTheDataRoleNotALead() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let lead = try city.store("lead-m")
        let team = try lead.team()
        #expect(team.role(of: "data-1") != .lead)
        #expect(!team.members.contains { $0.role == .lead && $0.id == "data-1" })
        let data = try city.store("data-1")
        let own = try data.team()
        #expect(own.role(of: "data-1") == .data)
        let desk = try data.replay(team: own)
        #expect(desk.refusal(.caseCorrected(CaseCorrection(caseId: "M-1", changes: [FieldChange(field: "name", from: "Pasien M-1", to: "Pasien Satu")])), by: "data-1") == nil)
        #expect(desk.refusal(.reviewApproved(ReviewDecision(caseId: "M-1")), by: "data-1") != nil)
    }

    @Test func aTracersDeskSavesAClaimAndACallThatAnotherDeskReads() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1"), lead = try city.store("lead-m")
        var leadDesk = try lead.replay(team: try lead.team())
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try ayu.transact { _ in [City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .noAnswer)), by: "tracer-m1")] }
        leadDesk.apply(contentsOf: try lead.readNew())
        #expect(leadDesk.cases["M-1"]?.claimedBy == "tracer-m1")
        #expect(leadDesk.cases["M-1"]?.calls.count == 1)
        // Its own writes are not handed back as new.
        #expect(try ayu.readNew().isEmpty)
    }

    @Test func theSchemaIsMigratedOnceAndANewerOneIsRefused() throws {
        let city = try City()
        let admin = try ServerAdmin(target: try city.cluster.target(city.db))
        #expect(throws: ServerError.self) { try admin.migrate(creating: true) }
        #expect(try admin.migrate(creating: false).isEmpty)
        try city.cluster.psql("UPDATE tracedesk.schema_version SET version = \(Schema.version + 1)", database: city.db)
        let e = #expect(throws: ServerError.self) { _ = try city.store("tracer-m1") }
        #expect(e?.description.contains("newer than this build") == true)
        #expect(throws: ServerError.self) { try admin.migrate(creating: false) }
    }

    @Test func aLoginThatIsNoMemberIsToldHowToBeAdded() throws {
        let city = try City()
        try city.cluster.psql("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stranger') THEN CREATE ROLE stranger LOGIN; END IF; END $$", database: city.db)
        let e = #expect(throws: ServerError.self) { _ = try city.store("stranger") }
        #expect(e?.description.contains("server add-user stranger") == true)
    }
}

/// What a tracer with a modified client (psql with their own login) can and cannot do.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerIdentityTests {
    func json(_ e: Event) throws -> String {
        String(decoding: try JournalCoding.encoder().encode(e), as: UTF8.self).replacingOccurrences(of: "'", with: "''")
    }

    @Test func aTracerCannotApproveAssignOrWriteEventsByHand() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let c = city.cluster
        // An approval in a lead's name, with the tracer's login.
        let forged = try json(City.event(.reviewApproved(ReviewDecision(caseId: "M-1")), by: "lead-m"))
        #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT tracedesk.append('\(forged)')", database: city.db, user: "tracer-m1") }
        // In their own name: the role is checked.
        let own = try json(City.event(.reviewApproved(ReviewDecision(caseId: "M-1")), by: "tracer-m1"))
        let refused = #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT tracedesk.append('\(own)')", database: city.db, user: "tracer-m1") }
        #expect(refused?.description.contains("only a team lead") == true)
        let assign = try json(City.event(.caseAssigned(CaseAssignment(caseId: "M-1", tracer: "tracer-m1")), by: "tracer-m1"))
        #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT tracedesk.append('\(assign)')", database: city.db, user: "tracer-m1") }
        // Straight into the table, around the function.
        let raw = #expect(throws: PGCluster.Failure.self) {
            try c.psql("INSERT INTO tracedesk.events (team, seq, id, kind, actor, at, event) VALUES ('Menteng', 99, 'x', 'review.approved', 'lead-m', now(), '{}')", database: city.db, user: "tracer-m1")
        }
        #expect(raw?.description.contains("permission denied") == true)
        #expect(throws: PGCluster.Failure.self) { try c.psql("UPDATE tracedesk.cases SET holder = 'tracer-m2'", database: city.db, user: "tracer-m1") }
        #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT tracedesk.load_event('{}', 'Menteng')", database: city.db, user: "tracer-m1") }
        #expect(throws: PGCluster.Failure.self) { try c.psql("CREATE ROLE sneaky LOGIN", database: city.db, user: "tracer-m1") }
        // Nothing of it landed: the lead's desk has the claim and nothing else.
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        #expect(desk.cases["M-1"]?.status != .approved)
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind IN ('review.approved', 'case.assigned')", database: city.db) == "0\n")
        // The same approval by the lead's login is taken.
        let byLead = try json(City.event(.reviewApproved(ReviewDecision(caseId: "M-1")), by: "lead-m"))
        try c.psql("SELECT tracedesk.append('\(byLead)')", database: city.db, user: "lead-m")
    }

    @Test func aTracerReadsOnlyTheirTeamsEventsEvenByHand() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], ["T-1"])
        let c = city.cluster
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.imported'", database: city.db, user: "tracer-t1") == "1\n")
        #expect(try c.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.imported'", database: city.db, user: "tracer-m1") == "2\n")
        #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT count(*) FROM tracedesk.cases", database: city.db, user: "tracer-m1") }
        #expect(throws: PGCluster.Failure.self) { try c.psql("SELECT count(*) FROM tracedesk.members", database: city.db, user: "tracer-m1") }
    }

    @Test func aTracerCannotWorkACaseAnotherHolds() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1"), budi = try city.store("tracer-m2")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        // Budi's desk has not seen Ayu's claim: it decides to claim, and the server says no.
        let lost = try budi.transact { seen in seen.isEmpty ? [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m2")] : [] }
        #expect(lost.written.isEmpty)
        #expect(lost.seen.contains { $0.body == .caseClaimed(CaseClaim(caseId: "M-1")) && $0.actor == "tracer-m1" })
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .noAnswer)), by: "tracer-m2")
        let e = #expect(throws: ServerError.self) { try budi.append([call], teamFor: { _ in nil }) }
        #expect(e?.description.contains("held by tracer-m1") == true)
    }
}

/// What the tester found an admin's commands or a modified client could do.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerGuardTests {
    @Test func addUserNeverTakesOverAnAdminsOrAnothersLogin() throws {
        let city = try City()
        let admin = try ServerAdmin(target: try city.cluster.target(city.db))
        let superuser = #expect(throws: ServerError.self) { try admin.addUser(id: city.cluster.admin, name: "x", role: .tracer, teams: ["Menteng"]) }
        #expect(superuser?.description.contains("admin's powers") == true)
        try city.cluster.psql("DO $$ BEGIN CREATE ROLE reporting_app LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$", database: city.db)
        let other = #expect(throws: ServerError.self) { try admin.addUser(id: "reporting_app", name: "x", role: .tracer, teams: ["Menteng"]) }
        #expect(other?.description.contains("--adopt") == true)
        try admin.addUser(id: "reporting_app", name: "Rina", role: .tracer, teams: ["Menteng"], adopt: true)
    }

    @Test func anEventNoDeskCanReadIsPassedOverNotAStopForTheTeam() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let bad = #"{"v":2,"id":"01a22c80-0000-7000-8000-000000000003","type":"call.logged","actor":"tracer-m1","ts":"2021-07-05T03:00:00.000Z","data":{"caseId":"M-1","outcome":42}}"#
        // Append refuses it since schema 2 (ServerChecksTests); one can still come in by the
        // owner's load or from a newer build's kind, and must not stop the team.
        #expect(throws: PGCluster.Failure.self) { try city.cluster.psql("SELECT tracedesk.append('\(bad)')", database: city.db, user: "tracer-m1") }
        try city.cluster.psql("SELECT tracedesk.load_event('\(bad)', 'Menteng')", database: city.db)
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        #expect(desk.cases["M-1"]?.claimedBy == "tracer-m1")
        #expect(lead.unreadable.count == 1)
        try ayu.transact { _ in [City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1")] }
        #expect(try lead.readNew().count == 1)
    }
}

@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerAdminGuardTests {
    @Test func aKecamatanMovesToAnotherTeamOnlyWhenAsked() throws {
        let city = try City()
        let admin = try ServerAdmin(target: try city.cluster.target(city.db))
        let silent = #expect(throws: ServerError.self) { try admin.addTeam("Tanah Abang", areas: ["menteng"]) }
        #expect(silent?.description.contains("is team Menteng's") == true)
        try city.importCases(["M-1"], [])
        #expect(try city.cluster.psql("SELECT team FROM tracedesk.cases WHERE case_id = 'M-1'", database: city.db) == "Menteng\n")
        try admin.addTeam("Tanah Abang", areas: ["Menteng"], move: true)
        try city.importCases(["M-2"], [], batch: "b2")
        #expect(try city.cluster.psql("SELECT team FROM tracedesk.cases WHERE case_id = 'M-2'", database: city.db) == "Tanah Abang\n")
    }

    @Test func aJournalIsNotLoadedOverAnotherTeamsPeopleOrCases() throws {
        let city = try City()
        try city.importCases(["DKI-1"], [])      // a case id the fixture journal also holds
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdguard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["journal-v2-numbered.jsonl", "journal-v2-numbered.drafts"] {
            try FileManager.default.copyItem(at: ServerLoadTests.fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try ServerLoadTests.makePrivate(dir)
        let path = dir.appendingPathComponent("journal-v2-numbered.jsonl").path
        let admin = try ServerAdmin(target: try city.cluster.target(city.db))
        try admin.addTeam("Tebet", areas: ["Tebet"])
        let caseClash = #expect(throws: ServerError.self) { _ = try admin.load(journal: path, team: "Tebet", teamFile: ServerLoadTests.team) }
        #expect(caseClash?.description.contains("case DKI-1 is on the server in team Menteng") == true)
        // A member id that is someone else on the server.
        var other = ServerLoadTests.team
        other.members[0] = TeamMember(id: "tracer-m1", name: "Other Rina", role: .tracer)
        let city2 = try City()
        let admin2 = try ServerAdmin(target: try city2.cluster.target(city2.db))
        try admin2.addTeam("Tebet", areas: ["Tebet"])
        let personClash = #expect(throws: ServerError.self) { _ = try admin2.load(journal: path, team: "Tebet", teamFile: other) }
        #expect(personClash?.description.contains("tracer-m1 on the server is \"Ayu\" in Menteng") == true)
        #expect(try city2.cluster.psql("SELECT count(*) FROM tracedesk.member_teams WHERE id = 'tracer-m1'", database: city2.db) == "1\n")
    }
}
