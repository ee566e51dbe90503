import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// Schema 5: an event carries what the desk writes and no more (issue 18's fresh tester, who
/// stored unknown keys at every level, a 3 MB note and a 2,000,000-element array through a
/// tracer's own login). Each try is raw SQL through that login, as a modified client sends it;
/// the big ones are made in SQL, not in this process.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerLimitsTests {
    static func json(_ e: Event) throws -> String {
        String(decoding: try JournalCoding.encoder().encode(e), as: UTF8.self)
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'::jsonb" }

    /// `expression` (SQL giving the event as jsonb) through `tracedesk.append` by `user`.
    static func append(_ city: City, _ expression: String, as user: String = "tracer-m1") throws {
        try city.cluster.psql("SELECT tracedesk.append((\(expression))::text)", database: city.db, user: user)
    }

    /// A city where tracer-m1 holds M-1, and a call and a filing as the desk writes them.
    static func cityWithACase() throws -> (City, call: String, filed: String, followUp: String) {
        let city = try City()
        try city.importCases(["M-1"], [])
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let call = try json(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "sore")), by: "tracer-m1"))
        var filing = City.filing("M-1", contacts: [("Ahmad Fauzi", "3171000000000101")])
        filing.draft.pendingPlace = "pasar"
        #expect(filing.draft.step == .identity)
        let filed = try json(City.event(.interviewFiled(filing), by: "tracer-m1"))
        let followUp = try json(City.event(.followUpCalled(FollowUpCall(contactId: "M-1-K1", day: WallClock.wib.day(of: Date()), outcome: .reached,
                                                                         symptoms: [.cough])), by: "tracer-m1"))
        return (city, call, filed, followUp)
    }

    @Test func aFieldTheDeskDoesNotWriteIsRefusedAndNamed() throws {
        let (city, call, filed, _) = try Self.cityWithACase()
        let day = try #require(City.filing("M-1", contacts: [("A", "3171000000000101")]).draft.days.keys.first).iso
        let tries: [(String, String)] = [
            // Unknown keys at the top, in data, inside a contact, in a day of the draft.
            ("jsonb_set(\(Self.quoted(call)), '{extra}', '\"x\"')", "call.logged: the field extra is not one the desk writes"),
            ("jsonb_set(\(Self.quoted(call)), '{data,extra}', '1')", "call.logged: the field data.extra is not one the desk writes"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,contacts,0,extra}', 'true')",
             "interview.filed: the field data.contacts[0].extra is not one the desk writes"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,draft,days,\(day),extra}', '[]')",
             "interview.filed: the field data.draft.days.\(day).extra is not one the desk writes"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,draft,step,identity,x}', '{}')",
             "interview.filed: the field data.draft.step.identity.x is not one the desk writes"),
            // Extra nesting: an object where the desk writes a string, and objects under a key it does not write.
            ("jsonb_set(\(Self.quoted(call)), '{data,note}', '{\"a\":{\"b\":1}}')",
             "call.logged: the field data.note is missing or not as the desk writes it"),
            ("jsonb_set(\(Self.quoted(call)), '{data,more}', '{\"deep\":{\"deeper\":[{\"x\":1}]}}')",
             "call.logged: the field data.more is not one the desk writes"),
        ]
        for (sql, said) in tries {
            let e = #expect(throws: PGCluster.Failure.self) { try Self.append(city, sql) }
            #expect(e?.description.contains(said) == true, "\(said): \(e?.description ?? "")")
            #expect(e?.description.contains("td:") == true)
        }
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('call.logged', 'interview.filed')") == "0")
        // The same events as the desk writes them are taken.
        try Self.append(city, Self.quoted(call))
        try Self.append(city, Self.quoted(filed))
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('call.logged', 'interview.filed')") == "2")
    }

    @Test func aTextOrArrayBeyondItsLimitOrAnEventBeyondItsSizeIsRefused() throws {
        let (city, call, filed, followUp) = try Self.cityWithACase()
        let note = EventLimit.note.value, bytes = EventLimit.eventBytes.value
        let tries: [(String, String)] = [
            // The tester's 3 MB note and 2,000,000-element arrays: refused on their size, before a parse.
            ("jsonb_set(\(Self.quoted(call)), '{data,note}', to_jsonb(repeat('a', 3000000)))", "the server takes at most \(bytes)"),
            ("jsonb_set(\(Self.quoted(call)), '{data,extra}', (SELECT jsonb_agg(i) FROM generate_series(1, 2000000) i))",
             "the server takes at most \(bytes)"),
            ("jsonb_set(\(Self.quoted(followUp)), '{data,symptoms}', (SELECT jsonb_agg('cough'::text) FROM generate_series(1, 2000000) i))",
             "the server takes at most \(bytes)"),
            // Within the event's size, each field to its own limit, named.
            ("jsonb_set(\(Self.quoted(call)), '{data,note}', to_jsonb(repeat('a', \(note + 1))))",
             "call.logged: the field data.note is longer than the server takes (at most \(note))"),
            ("jsonb_set(\(Self.quoted(call)), '{data,caseId}', to_jsonb(repeat('M', \(EventLimit.line.value + 1))))",
             "call.logged: the field data.caseId is longer than the server takes (at most \(EventLimit.line.value))"),
            ("jsonb_set(\(Self.quoted(followUp)), '{data,symptoms}', (SELECT jsonb_agg('cough'::text) FROM generate_series(1, 10000) i))",
             "followup.called: the field data.symptoms is longer than the server takes (at most \(EventLimit.symptoms.value))"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,contacts}', (SELECT jsonb_agg(\(Self.quoted(filed)) #> '{data,contacts,0}') FROM generate_series(1, \(EventLimit.contacts.value + 1))))",
             "interview.filed: the field data.contacts is longer than the server takes (at most \(EventLimit.contacts.value))"),
            ("jsonb_set(\(Self.quoted(filed)), '{data,contacts,0,notes}', to_jsonb(repeat('é', \(note + 1))))",
             "interview.filed: the field data.contacts[0].notes is longer than the server takes (at most \(note))"),
        ]
        for (sql, said) in tries {
            let e = #expect(throws: PGCluster.Failure.self) { try Self.append(city, sql) }
            #expect(e?.description.contains(said) == true, "\(said): \(e?.description.prefix(600) ?? "")")
        }
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('call.logged', 'interview.filed', 'followup.called')") == "0")
        // At the limit is taken: a note of exactly `note` characters.
        try Self.append(city, "jsonb_set(\(Self.quoted(call)), '{data,note}', to_jsonb(repeat('é', \(note))))")
        // Through the store, the refusal has its code and says it in the user's language.
        let long = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: String(repeating: "a", count: note + 1))), by: "tracer-m1")
        let e = #expect(throws: ServerError.self) { try city.store("tracer-m1").append([long], teamFor: { _ in nil }) }
        #expect(e?.code == "too-long")
        Localization.$language.withValue(.id) {
            #expect(e?.description.contains("kolom data.note lebih panjang dari yang diterima server (paling banyak \(note))") == true, "\(e?.description ?? "")")
        }
        let big = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: String(repeating: "a", count: bytes))), by: "tracer-m1")
        let e2 = #expect(throws: ServerError.self) { try city.store("tracer-m1").append([big], teamFor: { _ in nil }) }
        #expect(e2?.code == "too-large")
    }

    /// The limits the server checks are TracedeskCore's, written from its table: the same names
    /// and numbers, each limited field where the Core table puts it, and every text, array and
    /// map of the shapes held by one.
    @Test func theServersLimitsAreTheDesks() throws {
        let city = try City()
        let rows = try city.count("SELECT string_agg(name || '=' || value, ' ' ORDER BY name) FROM tracedesk.limits")
        #expect(rows == EventLimit.allCases.map { "\($0.rawValue)=\($0.value)" }.sorted().joined(separator: " "))
        for f in EventLimits.fields {
            let held = try city.count("SELECT max_of FROM tracedesk.event_shapes WHERE kind = '\(f.kind)' AND path = '{\(f.path.joined(separator: ","))}'")
            #expect(held == f.limit.rawValue, "\(f.kind) \(f.path)")
        }
        #expect(try city.count("SELECT count(*) FROM tracedesk.event_shapes WHERE type IN ('string', 'array', 'map') AND tracedesk.shape_limit(type, max_of) IS NULL") == "0")
        #expect(try city.count("SELECT count(*) FROM tracedesk.event_shapes WHERE max_of IS NOT NULL") == String(EventLimits.fields.count))
        #expect(try city.count("SELECT tracedesk.event_bytes_limit()") == String(EventLimit.eventBytes.value))
        // An admin's change to a limit is checked at once.
        try city.importCases(["M-1"], [])
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try city.cluster.psql("UPDATE tracedesk.limits SET value = 10 WHERE name = 'note'", database: city.db)
        let e = #expect(throws: PGCluster.Failure.self) {
            try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "sebelas kata")), by: "tracer-m1"), as: "tracer-m1")
        }
        #expect(e?.description.contains("the field data.note is longer than the server takes (at most 10)") == true, "\(e?.description ?? "")")
    }

    /// A fresh tester lowered the note limit as the README shows, logged a long note, and the
    /// desk stopped writing for the session (every later call held "in memory"), the refused
    /// note lost. A refusal is that work's alone: kept beside the outbox, and writing goes on.
    @Test func oneRefusalIsThatWorksAloneAndIsKept() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let dir = NSTemporaryDirectory() + "td-refused-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try city.store("tracer-m1", outbox: dir + "/outbox.jsonl")
        try store.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try city.cluster.psql("UPDATE tracedesk.limits SET value = 10 WHERE name = 'note'", database: city.db)
        let long = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "istri bilang coba lagi sore")), by: "tracer-m1")
        let refusal = #expect(throws: ServerError.self) { try store.transact { _ in [long] } }
        #expect(refusal?.refusesThisWorkOnly == true)
        #expect(refusal?.description.hasSuffix("; kept in \(dir)/outbox.refused.jsonl") == true, "\(refusal?.description ?? "")")
        let kept = try FileJournal(path: dir + "/outbox.refused.jsonl", access: .read).readAll()
        #expect(kept.map(\.id) == [long.id])
        // The next save is written.
        let short = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "sore")), by: "tracer-m1")
        #expect(try store.transact { _ in [short] }.written.map(\.id) == [short.id])
        // The desk's own stop (no SQLSTATE) still stops.
        #expect(ServerError(kind: .refused, message: "stopped").refusesThisWorkOnly == false)
    }

    /// A v4 server with a filing moves to v5: the desk's events are taken, one with a field the
    /// desk does not write is not.
    @Test func aV4ServerWithEventsMigratesToV5() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        #expect(try admin.migrate(creating: true, upTo: 4) == [1, 2, 3, 4])
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "data-1", name: "Data", role: .data, teams: [])
        try admin.addUser(id: "lead-m", name: "PJ", role: .lead, teams: ["Menteng"])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        let city = City(cluster: cluster, db: db)
        for body in Desk.importEvents([City.record("M-1", kecamatan: "Menteng"), City.record("M-2", kecamatan: "Menteng")], batch: "b1") {
            try city.byHand(City.event(body, by: "data-1"), as: "data-1", team: "Menteng")
        }
        try city.byHand(City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1"), as: "tracer-m1")
        let extra = try Self.json(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1"))
            .replacingOccurrences(of: "\"outcome\":\"busy\"", with: "\"outcome\":\"busy\",\"extra\":{\"x\":1}")
        try city.byHand(json: extra, as: "tracer-m1")   // v4 takes it
        try city.byHand(City.event(.interviewFiled(City.filing("M-1", contacts: [("Ahmad", "3171000000000101")])), by: "tracer-m1"), as: "tracer-m1")

        // To this build's schema (the desk's store opens no older one): v5 and those after it.
        #expect(try admin.migrate(creating: false) == Array(5...Schema.version))
        #expect(try admin.schemaVersion() == Schema.version)
        let after = try Self.json(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1"))
            .replacingOccurrences(of: "\"outcome\":\"busy\"", with: "\"outcome\":\"busy\",\"extra\":{\"x\":1}")
        let e = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: after, as: "tracer-m1") }
        #expect(e?.description.contains("call.logged: the field data.extra is not one the desk writes") == true, "\(e?.description ?? "")")
        // The desk's own events, through the store, as before; the events stored before stay readable.
        let ayu = try city.store("tracer-m1")
        try ayu.append([City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy, note: "sore")), by: "tracer-m1")], teamFor: { _ in nil })
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m1")] }
        var draft = InterviewDraft(for: City.record("M-2", kecamatan: "Menteng"), rules: .indonesia2021)
        draft.addContact(named: "Budi", on: WallClock.wib.day(of: Date()).adding(days: -1))
        draft.step = .day(WallClock.wib.day(of: Date()).adding(days: -1))
        try ayu.append([City.event(.interviewSaved(draft), by: "tracer-m1")], teamFor: { _ in nil })
        let desk = try ayu.replay(team: try ayu.team())
        #expect(desk.cases["M-1"]?.calls.count == 2, "\(desk.cases["M-1"].map { "\($0.calls)" } ?? "")")
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
    }
}

/// PostgreSQL's own refusal of an event nested too deep for it (SQLSTATE 54001, "stack depth
/// limit exceeded", met while parsing, before `append` can name a field), in the desk's words.
@Suite struct ServerRefusalWordingTests {
    @Test func anEventTooDeepForPostgreSQLIsSaidAsOurRefusal() {
        let e = ServerError(server: "54001", message: "stack depth limit exceeded",
                            hint: "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB)")
        #expect(e.kind == .refused && e.refusesThisWorkOnly)
        #expect(e.description == "the server refused an event nested deeper than any the desk writes", "\(e.description)")
        let id = Localization.$language.withValue(.id) { e.description }
        #expect(id.hasPrefix("server menolak kejadian"), "\(id)")
    }
}
