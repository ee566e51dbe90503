import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// Schema 3 finds an event that fits its shape with one compiled expression (`shape_fits`) and
/// walks only the others as schema 2 did. The two must agree on every event: one that fits by
/// the expression and not by the walk would be stored unchecked.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerShapesCompiledTests {
    /// The desk's own events, one or more of each kind, with their optional fields filled.
    static func samples() throws -> [String] {
        let now = Date()
        let today = WallClock.wib.day(of: now)
        let record = City.record("M-1", kecamatan: "Menteng")
        var filed = City.filing("M-1", contacts: [("Ahmad", "3171000000000101"), ("Budi", "3171000000000102")])
        filed.recording = "rekaman-1"
        // A draft with every field the desk writes: a day walked with a place and a person,
        // what was typed and not yet added, and the walk's day as its step.
        var draft = InterviewDraft(for: record, rules: .indonesia2021)
        let yesterday = today.adding(days: -1)
        draft.addContact(named: "Ahmad", on: yesterday)
        draft.contacts[0].notes = "serumah"
        draft.days[yesterday, default: DayNotes()].visits.append(Visit(kind: .market, place: "Pasar Baru"))
        draft.days[today, default: DayNotes()].nothingToRecord = true
        draft.pendingPlace = "kantor"; draft.pendingPerson = "Budi"
        draft.step = .day(yesterday)
        filed.draft = draft
        let k1 = filed.contacts[0].contactId
        let bodies: [EventBody] = Desk.importEvents([record], batch: "b1") + [
            .caseClaimed(CaseClaim(caseId: "M-1")),
            .callLogged(CallAttempt(caseId: "M-1", outcome: .callBack, note: "sore", callbackAt: now.addingTimeInterval(3_600))),
            .interviewSaved(draft),
            .interviewSaved(InterviewDraft(for: record, rules: .indonesia2021)),
            .interviewFiled(filed),
            .reviewApproved(ReviewDecision(caseId: "M-1", note: "baik")),
            .caseAssigned(CaseAssignment(caseId: "M-1", tracer: "tracer-m2", from: "tracer-m1")),
            .caseCorrected(CaseCorrection(caseId: "M-1", changes: [FieldChange(field: "kecamatan", from: "Menteng", to: "Tebet")],
                                          source: "lab", batch: "b2", reason: "alamat", conflicts: [FieldChange(field: "name", from: "A", to: "B")])),
            .followUpCalled(FollowUpCall(contactId: k1, day: today, outcome: .reached, symptoms: [.cough, .other], otherSymptom: "pusing",
                                         test: ContactTest(kind: .exit, method: .pcr, date: today, result: .negative), note: "baik")),
            .followUpAssigned(FollowUpAssignment(contactId: k1, tracer: "tracer-m2", from: "tracer-m1")),
            .contactConverted(ContactConversion(contactId: k1, sourceCaseId: "M-1", record: City.record("M-9", kecamatan: "Menteng"))),
        ]
        let encoder = JournalCoding.encoder()
        return try bodies.map { String(decoding: try encoder.encode(City.event($0, by: "tracer-m1")), as: UTF8.self) }
    }

    /// Every field of every sample removed, nulled, or given another type or value (and its
    /// parent too), each array's first and second element, a key the desk does not write put
    /// beside it and inside it, texts and arrays beyond their limits: the compiled check and
    /// the walk that names a refused field (v5's `event_problem`) give the same answer for each.
    @Test func theCompiledShapeCheckAgreesWithV2sWalkOnEveryMutation() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        try ServerAdmin(target: try cluster.target(db)).migrate(creating: true)
        let rows = try Self.samples().map { "('" + $0.replacingOccurrences(of: "'", with: "''") + "'::jsonb)" }.joined(separator: ",")
        try cluster.psql("CREATE TABLE samples (e jsonb); INSERT INTO samples VALUES \(rows)", database: db)
        let kinds = try cluster.psql("SELECT count(DISTINCT e->>'type') FROM samples", database: db).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(kinds) ?? 0 >= 11)
        let verdict = try cluster.psql("""
            WITH paths AS (
              SELECT DISTINCT s.e, array_replace(sh.path, '*', n) AS p, sh.type AS t
              FROM samples s JOIN tracedesk.event_shapes sh ON sh.kind IN ('*', s.e->>'type'), unnest(ARRAY['0', '1']) n),
            vals (v) AS (VALUES ('null'::jsonb), ('1'), ('-3'), ('12.5'), ('1234567890123456'), ('"x"'), ('""'), ('true'), ('[]'), ('{}'),
              ('[1]'), ('["x"]'), ('[{}]'), ('[null]'), ('"2021-02-30"'), ('"9999-12-31"'), ('"2021-08-01"'), ('"2021-08-01T03:00:00.000Z"'),
              ('"2021-08-01T24:00:00.000Z"'), ('"reached"'), ('"busy"'), ('"M"'), ('"fever"'), ('["fever"]'), ('["2021-08-01"]'),
              ('"0190b2c4-0000-7000-8000-000000000001"'), ('"case.claimed"'), ('"interview.filed"'), ('"tracer-m1"'),
              -- Schema 5: objects where the desk writes none.
              ('{"x":1}'), ('[{"x":1}]')),
            -- Schema 5: texts and arrays beyond their limits, where a text or an array is.
            bigvals (v) AS (VALUES (to_jsonb(repeat('a', \(EventLimit.line.value + 1)))), (to_jsonb(repeat('a', \(EventLimit.note.value + 1)))),
              ((SELECT jsonb_agg('fever'::text) FROM generate_series(1, \(EventLimit.contacts.value + 1)))),
              ((SELECT jsonb_agg('2021-08-01'::text) FROM generate_series(1, \(EventLimit.days.value + 1))))),
            muts (m) AS (
              SELECT e FROM samples
              UNION ALL SELECT e #- p FROM paths
              UNION ALL SELECT jsonb_set(e, p, v) FROM paths, vals
              UNION ALL SELECT jsonb_set(e, p[1 : array_length(p, 1) - 1], v) FROM paths, vals WHERE array_length(p, 1) > 1
              UNION ALL SELECT jsonb_set(e, p, v) FROM paths, bigvals WHERE t IN ('string', 'array', 'map')
              -- A key the desk does not write, beside each field and inside each object. CASE, not WHERE: the query's own conditions may be tested first, on jsonb_set's error.
              UNION ALL SELECT CASE WHEN jsonb_typeof(e #> p[1 : array_length(p, 1) - 1]) = 'object'
                                    THEN jsonb_set(e, p[1 : array_length(p, 1) - 1] || '{zz}'::text[], '1') END FROM paths
              UNION ALL SELECT CASE WHEN jsonb_typeof(e #> p) = 'object' THEN jsonb_set(e, p || '{zz}'::text[], '{}') END FROM paths),
            judged AS (
              SELECT m, tracedesk.shape_fits(m, m->>'type') AS fits,
                EXISTS (SELECT 1 FROM tracedesk.event_shapes sh WHERE sh.kind = m->>'type')
                AND tracedesk.event_problem(m, m->>'type') IS NULL AS walked
              FROM (SELECT DISTINCT m FROM muts) d WHERE jsonb_typeof(m) = 'object' AND m->>'type' IS NOT NULL)
            SELECT count(*) FILTER (WHERE walked), count(*) FILTER (WHERE NOT walked), count(*) FILTER (WHERE fits IS DISTINCT FROM walked),
              coalesce((SELECT left(m::text, 300) FROM judged WHERE fits IS DISTINCT FROM walked LIMIT 1), '')
            FROM judged
            """, database: db).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|", omittingEmptySubsequences: false)
        #expect(verdict.count == 4)
        guard verdict.count == 4 else { return }
        // Enough of both to mean something: thousands refused, hundreds taken.
        #expect(Int(verdict[0]) ?? 0 > 300, "fit: \(verdict[0])")
        #expect(Int(verdict[1]) ?? 0 > 3_000, "misfit: \(verdict[1])")
        #expect(verdict[2] == "0", "disagree on \(verdict[2]), e.g. \(verdict[3])")
    }

    /// A v2 server with events moves to v3: the same event is refused with the same words, and
    /// the desk's own events are taken.
    @Test func aV2ServerWithEventsMigratesToV3AndRefusesAsBefore() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        #expect(try admin.migrate(creating: true, upTo: 2) == [1, 2])
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "data-1", name: "Data", role: .data, teams: [])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        let city = City(cluster: cluster, db: db)
        for body in Desk.importEvents([City.record("M-1", kecamatan: "Menteng")], batch: "b1") {
            try city.byHand(City.event(body, by: "data-1"), as: "data-1", team: "Menteng")
        }
        try city.byHand(City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1"), as: "tracer-m1")
        let filed = City.filing("M-1", contacts: [("Ahmad", "3171000000000101")])
        let json = String(decoding: try JournalCoding.encoder().encode(City.event(.interviewFiled(filed), by: "tracer-m1")), as: UTF8.self)
        let day = try #require(filed.contacts.first?.exposureDays.first).iso
        let bad = json.replacingOccurrences(of: "\"exposureDays\":[\"\(day)\"]", with: "\"exposureDays\":[\"5 Juli\"]")
        let before = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: bad, as: "tracer-m1") }

        #expect(try admin.migrate(creating: false, upTo: 3) == [3])
        #expect(try admin.schemaVersion() == 3)
        let after = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: bad, as: "tracer-m1") }
        #expect(after?.description.contains("interview.filed: the field data.contacts[0].exposureDays[0] is missing or not as the desk writes it") == true,
                "\(after?.description ?? "")")
        #expect(Self.refusal(after) == Self.refusal(before))
        try city.byHand(json: json, as: "tracer-m1")
        let call = City.event(.followUpCalled(FollowUpCall(contactId: filed.contacts[0].contactId, day: WallClock.wib.day(of: Date()), outcome: .busy)), by: "tracer-m1")
        try city.byHand(call, as: "tracer-m1")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('interview.filed', 'followup.called')") == "2")
        // And on to v4, which takes the same events.
        #expect(try admin.migrate(creating: false) == Array(4...Schema.version))
        try city.byHand(City.event(.followUpCalled(FollowUpCall(contactId: filed.contacts[0].contactId, day: WallClock.wib.day(of: Date()), outcome: .busy)), by: "tracer-m1"), as: "tracer-m1")
        try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1"), as: "tracer-m1")
    }

    /// What psql said, without the statement's own text (which holds each try's id).
    static func refusal(_ e: PGCluster.Failure?) -> [String] {
        (e?.description ?? "").split(separator: "\n").map(String.init).filter { $0.contains("ERROR") || $0.contains("DETAIL") || $0.contains("HINT") }
    }

    /// The shapes are data: a change to `event_shapes` is what append checks from then on.
    @Test func aChangedShapeIsCheckedAtOnce() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1"), as: "tracer-m1")
        try city.cluster.psql("UPDATE tracedesk.event_shapes SET allowed = array_remove(allowed, 'busy') WHERE kind = 'call.logged' AND path = '{data,outcome}'", database: city.db)
        let e = #expect(throws: PGCluster.Failure.self) {
            try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1"), as: "tracer-m1")
        }
        #expect(e?.description.contains("call.logged: the field data.outcome is missing or not as the desk writes it") == true, "\(e?.description ?? "")")
        try city.byHand(City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .noAnswer)), by: "tracer-m1"), as: "tracer-m1")
    }
}
