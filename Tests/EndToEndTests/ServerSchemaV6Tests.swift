import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// Schema 6: the server store's last faults of issue 18. Each try is raw SQL through the
/// login's own connection (what a modified client sends), beside what the desk itself sends.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerSchemaV6Tests {
    static func json(_ e: Event) throws -> String { try ServerLimitsTests.json(e) }
    static func quoted(_ s: String) -> String { ServerLimitsTests.quoted(s) }

    /// The place `append` gives, as psql prints it ("team|seq").
    static func append(_ city: City, _ expression: String, as user: String = "tracer-m1") throws -> String {
        try city.cluster.psql("SELECT team || '|' || seq FROM tracedesk.append((\(expression))::text)", database: city.db, user: user)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func privateDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdv6-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return dir
    }

    /// A city with one case, claimed by a tracer whose desk keeps an outbox in `dir` (removed
    /// by the caller): `dir/outbox/ayu.jsonl`.
    func outboxDesk() throws -> (City, PostgresStore, dir: String) {
        let city = try City()
        try city.importCases(["M-1"], [])
        let dir = try privateDir()
        try FileManager.default.createDirectory(atPath: dir + "/outbox", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let ayu = try city.store("tracer-m1", outbox: dir + "/outbox/ayu.jsonl")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        return (city, ayu, dir)
    }

    // MARK: 1. An id sent again

    @Test func anIdSentAgainWithOtherContentIsRefusedAndTheSameEventIsStoredOnce() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "sore")), by: "tracer-m1")
        let text = try Self.json(call)
        let place = try Self.append(city, Self.quoted(text))

        // The same event again (its keys in another order too: the same jsonb) is told its place, once.
        #expect(try Self.append(city, Self.quoted(text)) == place)
        #expect(try Self.append(city, "(SELECT jsonb_object_agg(k, v) FROM jsonb_each(\(Self.quoted(text))) AS x (k, v))") == place)
        // Another event under its id: refused, the id named, nothing stored or changed.
        let tries = [
            "jsonb_set(\(Self.quoted(text)), '{data,note}', '\"diangkat\"')",
            "jsonb_set(\(Self.quoted(text)), '{data,outcome}', '\"refused\"')",
            "jsonb_set(\(Self.quoted(text)), '{ts}', to_jsonb('\(Timestamp.format(call.timestamp.addingTimeInterval(1)))'::text))",
            "(\(Self.quoted(text))) #- '{data,note}'",
        ]
        for sql in tries {
            let e = #expect(throws: PGCluster.Failure.self) { _ = try Self.append(city, sql) }
            #expect(e?.description.contains("td:id-reused") == true, "\(e?.description ?? "")")
            #expect(e?.description.contains("the server holds another event under the id \(call.id.rawValue)") == true, "\(e?.description ?? "")")
        }
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'call.logged'") == "1")
        #expect(try city.count("SELECT event::jsonb->'data'->>'note' FROM tracedesk.events WHERE id = '\(call.id.rawValue)'") == "sore")

        // Another login's event under the id is refused too (its actor differs: another person's act).
        let other = text.replacingOccurrences(of: "\"actor\":\"tracer-m1\"", with: "\"actor\":\"tracer-m2\"")
        #expect(other != text)
        let e2 = #expect(throws: PGCluster.Failure.self) { _ = try Self.append(city, Self.quoted(other), as: "tracer-m2") }
        #expect(e2?.description.contains("td:id-reused") == true, "\(e2?.description ?? "")")

        // Through the store: the refusal's code, in the desk's language.
        var changed = call
        changed.body = .callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "lain"))
        let e3 = #expect(throws: ServerError.self) { try ayu.append([changed], teamFor: { _ in nil }) }
        #expect(e3?.code == "id-reused")
        #expect(e3?.refusesThisWorkOnly == true)
        Localization.$language.withValue(.id) {
            #expect(e3?.description == "server sudah menyimpan peristiwa lain dengan id \(call.id.rawValue); peristiwa yang dikirim bukan peristiwa itu, dan tidak disimpan",
                    "\(e3?.description ?? "")")
        }
    }

    /// The desk's outbox sending again what landed before an outage (the same event) is told
    /// it is stored, once; an outbox holding another event under a landed id keeps it aside.
    @Test func theOutboxSendingTheSameEventAgainLandsOnceAndAnotherUnderItsIdIsKeptAside() throws {
        let (city, ayu, dir) = try outboxDesk()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = dir + "/outbox/ayu.jsonl"
        var draft = InterviewDraft(for: City.record("M-1", kecamatan: "Menteng"), rules: .indonesia2021)
        draft.consent = "given"
        draft.pendingPlace = "pasar \"Baru\"\nlantai 2"
        let saved = City.event(.interviewSaved(draft), by: "tracer-m1")
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .reached, note: "diangkat")), by: "tracer-m1")
        let filed = City.event(.interviewFiled(City.filing("M-1", contacts: [("Ahmad Fauzi", "3171000000000101"), ("Siti", "")])), by: "tracer-m1")
        try ayu.transact { _ in [saved] }
        try ayu.transact { _ in [call] }
        try ayu.transact { _ in [filed] }

        // A save cut off after its commit: the outbox holds what landed, read back from its file.
        try FileJournal(path: outbox).append([saved, call, filed])
        try ayu.flushOutbox()
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('interview.saved', 'call.logged', 'interview.filed')") == "3")
        #expect(!FileManager.default.fileExists(atPath: dir + "/outbox/ayu.refused.jsonl"))
        #expect(ayu.connection == .connected)

        var other = call
        other.body = .callLogged(CallAttempt(caseId: "M-1", outcome: .refused))
        try FileJournal(path: outbox).append([other])
        try ayu.flushOutbox()
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'call.logged'") == "1")
        let kept = try FileJournal(path: dir + "/outbox/ayu.refused.jsonl", access: .read).readAll()
        #expect(kept.map(\.body) == [other.body])
        #expect(ayu.connection == .refusedOffline(why: "the server holds another event under the id \(call.id.rawValue); the event sent is not it, and was not stored"))
    }

    /// An outbox sent after an upgrade: the event landed before the outage as the earlier build
    /// wrote it, and this build writes the same event otherwise (here an empty note written
    /// out as null). It is the same event: told once, not kept aside as another under its id.
    @Test func anEventLandedAsAnEarlierBuildWroteItIsTheOutboxsOwn() throws {
        let (city, ayu, dir) = try outboxDesk()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let outbox = dir + "/outbox/ayu.jsonl"
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1")
        let text = try Self.json(call)
        #expect(!text.contains("\"note\""))
        _ = try Self.append(city, "jsonb_set(\(Self.quoted(text)), '{data,note}', 'null')")

        try FileJournal(path: outbox).append([call])
        try ayu.flushOutbox()
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'call.logged'") == "1")
        #expect(!FileManager.default.fileExists(atPath: dir + "/outbox/ayu.refused.jsonl"))
        #expect(ayu.connection == .connected)
    }

    /// `server load` takes an id it holds as loaded only for the same event.
    @Test func aLoadOfAnotherEventUnderAStoredIdStops() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let claim = City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")
        try city.store("tracer-m1").transact { _ in [claim] }
        let text = try Self.json(claim)
        #expect(try city.count("SELECT loaded FROM tracedesk.load_event(\(Self.quoted(text))::text, 'Menteng')") == "f")
        let e = #expect(throws: PGCluster.Failure.self) {
            try city.count("SELECT loaded FROM tracedesk.load_event((jsonb_set(\(Self.quoted(text)), '{data,caseId}', '\"M-2\"'))::text, 'Menteng')")
        }
        #expect(e?.description.contains("td:id-reused") == true, "\(e?.description ?? "")")
    }

    // MARK: 2. A case named in two places

    @Test func aFilingWhoseDraftNamesAnotherCaseIsRefusedAndSoIsAnyEventNamingTwoCases() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], [])
        let ayu = try city.store("tracer-m1")
        for id in ["M-1", "M-2"] { try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: id)), by: "tracer-m1")] } }
        try ayu.transact { _ in [City.event(.interviewFiled(City.filing("M-2", contacts: [("Budi", "3171000000000102")])), by: "tracer-m1")] }
        let filed = try Self.json(City.event(.interviewFiled(City.filing("M-1", contacts: [("Ahmad", "3171000000000101")])), by: "tracer-m1"))
        let tries: [(String, String, String)] = [
            ("jsonb_set(\(Self.quoted(filed)), '{data,draft,caseId}', '\"M-2\"')", "draft-case",
             "interview.filed of case M-1 holds the interview draft of case M-2"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,contacts,0,caseId}', '\"M-2\"')", "contact-id", "contact M-1-K1 is not one of case M-1's"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,contacts,0,contactId}', '\"M-2-K1\"')", "contact-id", "contact M-2-K1 is not one of case M-1's"),
        ]
        for (sql, code, said) in tries {
            let e = #expect(throws: PGCluster.Failure.self) { _ = try Self.append(city, sql) }
            #expect(e?.description.contains("td:\(code)") == true && e?.description.contains(said) == true, "\(said): \(e?.description ?? "")")
        }
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'interview.filed' AND case_id = 'M-1'") == "0")
        // Through the store, said in the desk's language.
        var bad = City.filing("M-1", contacts: [])
        bad.draft.caseId = "M-2"
        let e = #expect(throws: ServerError.self) { try ayu.append([City.event(.interviewFiled(bad), by: "tracer-m1")], teamFor: { _ in nil }) }
        #expect(e?.code == "draft-case")
        Localization.$language.withValue(.id) { #expect(e?.description == "pengajuan kasus M-1 berisi wawancara kasus M-2; server menolaknya", "\(e?.description ?? "")") }
        // The filing as the desk writes it is taken.
        _ = try Self.append(city, Self.quoted(filed))

        // A lead's correction of a contact's exposure names a contact of its own case.
        let day = WallClock.wib.day(of: Date()).adding(days: -2).iso
        let other = CaseCorrection(caseId: "M-1", changes: [FieldChange(field: CaseCorrection.lastExposureField, from: "", to: day)],
                                   reason: "salah tanggal", contactId: "M-2-K1")
        let e2 = #expect(throws: PGCluster.Failure.self) { try city.byHand(City.event(.caseCorrected(other), by: "lead-m"), as: "lead-m") }
        #expect(e2?.description.contains("td:not-filed") == true && e2?.description.contains("contact M-2-K1 was not filed in an interview of case M-1") == true,
                "\(e2?.description ?? "")")
        // A correction changes a field the desk corrects: never the case id.
        let renamed = CaseCorrection(caseId: "M-1", changes: [FieldChange(field: "caseId", from: "M-1", to: "M-2")], reason: "x")
        let e3 = #expect(throws: PGCluster.Failure.self) { try city.byHand(City.event(.caseCorrected(renamed), by: "lead-m"), as: "lead-m") }
        #expect(e3?.description.contains("case.corrected: the field data.changes[0].field is missing or not as the desk writes it") == true, "\(e3?.description ?? "")")
        // As the desk writes them, both are taken.
        var own = other
        own.contactId = "M-1-K1"
        try city.byHand(City.event(.caseCorrected(own), by: "lead-m"), as: "lead-m")
        try city.byHand(City.event(.caseCorrected(CaseCorrection(caseId: "M-1", changes: [FieldChange(field: "phone", from: "081234567890", to: "081234567891")],
                                                                reason: "nomor baru")), by: "lead-m"), as: "lead-m")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.corrected'") == "2")
    }

    // MARK: 3. Migrating a server whose stored events the new checks would refuse

    /// A v4 server holding a call with a field the desk does not write (v5 refuses it) and a
    /// filing whose draft names another case (v6 refuses it): `migrate --dry-run` says so and
    /// changes nothing; `migrate` applies, says the same, and keeps both events.
    @Test func migrateSaysWhichStoredEventsTheNewChecksWouldRefuseAndKeepsThem() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        #expect(try admin.migrate(creating: true, upTo: 4) == [1, 2, 3, 4])
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "data-1", name: "Data", role: .data, teams: [])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        let city = City(cluster: cluster, db: db)
        for body in Desk.importEvents([City.record("M-1", kecamatan: "Menteng"), City.record("M-2", kecamatan: "Menteng")], batch: "b1") {
            try city.byHand(City.event(body, by: "data-1"), as: "data-1", team: "Menteng")
        }
        for id in ["M-1", "M-2"] { try city.byHand(City.event(.caseClaimed(CaseClaim(caseId: id)), by: "tracer-m1"), as: "tracer-m1") }
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1")
        try city.byHand(json: try Self.json(call).replacingOccurrences(of: "\"outcome\":\"busy\"", with: "\"outcome\":\"busy\",\"extra\":{\"x\":1}"), as: "tracer-m1")
        var filing = City.filing("M-1", contacts: [("Ahmad", "3171000000000101")])
        filing.draft.caseId = "M-2"
        let filed = City.event(.interviewFiled(filing), by: "tracer-m1")
        try city.byHand(filed, as: "tracer-m1")   // v4 takes both
        try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-2", outcome: .noAnswer, note: "sore")), by: "tracer-m1"), as: "tracer-m1")
        let stored = try city.count("SELECT count(*) FROM tracedesk.events")

        let expected = [ServerAdmin.StoredRefusals.Group(kind: "call.logged", code: "unknown-field", count: 1, ids: [call.id.rawValue]),
                        ServerAdmin.StoredRefusals.Group(kind: "interview.filed", code: "draft-case", count: 1, ids: [filed.id.rawValue])]
        let dry = try admin.migrateReporting(dryRun: true)
        #expect(dry.applied == [5, 6])
        #expect(dry.refusals?.groups == expected)
        #expect(try admin.schemaVersion() == 4)
        #expect(try city.count("SELECT to_regprocedure('tracedesk.check_size(text)') IS NULL") == "t")

        // Through the command: counts by kind and reason, ids only, and that they are kept.
        let s = Scratch()
        let r = try run(["server", "migrate", "--dry-run", "--store", cluster.url(db)], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            dry run: would migrate the schema to version 6 (apply 5, 6); nothing was changed
            stored events the new checks would refuse: 2; they are kept as they are (history is not rewritten) and desks replay them
              call.logged: unknown-field: 1 (\(call.id.rawValue))
              interview.filed: draft-case: 1 (\(filed.id.rawValue))

            """, "\(r.stdout)")
        #expect(!r.stdout.contains("Ahmad") && !r.stdout.contains("3171"), "no patient data")
        #expect(try admin.schemaVersion() == 4)

        let real = try run(["server", "migrate", "--store", cluster.url(db)], env: s.environment())
        #expect(real.status == 0, "\(real.stderr)")
        #expect(real.stdout.hasPrefix("schema migrated to version 6 (applied 5, 6)\nstored events the new checks would refuse: 2;"), "\(real.stdout)")
        #expect(try admin.schemaVersion() == 6)
        #expect(try city.count("SELECT count(*) FROM tracedesk.events") == stored)
        #expect(try admin.storedRefusals().groups == expected)
        // Nothing more to do, nothing more said.
        let again = try run(["server", "migrate", "--dry-run", "--store", cluster.url(db)], env: s.environment())
        #expect(again.stdout == "schema is at version 6; nothing to do\n", "\(again.stdout)")
    }

    /// Every event the desk writes passes `stored_refusal`'s fast path and its walk alike.
    @Test func theDesksOwnEventsAreNotCountedAsRefused() throws {
        let (city, call, filed, followUp) = try ServerLimitsTests.cityWithACase()
        _ = try Self.append(city, Self.quoted(call))
        _ = try Self.append(city, Self.quoted(filed))
        _ = followUp
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE tracedesk.stored_refusal(event) IS NOT NULL") == "0")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE tracedesk.stored_refusal_walked(event) IS NOT NULL") == "0")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events") != "0")
    }
}
