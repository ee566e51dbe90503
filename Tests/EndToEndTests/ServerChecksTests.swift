import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

/// What schema 2 checks of what an event says: a tracer's own login in psql is a client like any
/// other (issue 18's second tester). Each refusal is tried by hand, as a modified client would.
extension City {
    init(cluster: PGCluster, db: String) { self.cluster = cluster; self.db = db }

    /// `tracer` claims `caseId` and files its interview naming `contacts` (name, NIK), all close.
    @discardableResult
    func file(_ caseId: String, by tracer: String, kecamatan: String = "Menteng", contacts: [(String, String)]) throws -> [String] {
        let store = try store(tracer)
        try store.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: caseId)), by: tracer)] }
        let filed = City.filing(caseId, kecamatan: kecamatan, contacts: contacts)
        try store.transact { _ in [City.event(.interviewFiled(filed), by: tracer)] }
        return filed.contacts.map(\.contactId)
    }

    static func filing(_ caseId: String, kecamatan: String = "Menteng", contacts: [(String, String)]) -> FiledInterview {
        let day = WallClock.wib.day(of: Date())
        var draft = InterviewDraft(for: City.record(caseId, kecamatan: kecamatan), rules: .indonesia2021)
        draft.consent = "given"; draft.symptomatic = "no"; draft.specimen = day.adding(days: -1).iso
        for (i, c) in contacts.enumerated() {
            _ = draft.addContact(named: c.0, on: day.adding(days: -1))
            draft.contacts[i].criterion = "same_household"
            draft.contacts[i].relationship = "household"
            draft.contacts[i].phone = "08120000010\(i)"
            draft.contacts[i].nik = c.1
            draft.contacts[i].lastExposure = day.adding(days: -1).iso
        }
        return FiledInterview.file(draft, today: day)
    }

    func approve(_ caseId: String, by lead: String = "lead-m") throws {
        try store(lead).transact { _ in [City.event(.reviewApproved(ReviewDecision(caseId: caseId)), by: lead)] }
    }

    /// `body` by `user` through `SELECT tracedesk.append(…)` in psql, as a modified client sends it.
    func byHand(_ e: Event, as user: String, team: String? = nil) throws {
        let json = String(decoding: try JournalCoding.encoder().encode(e), as: UTF8.self)
        try byHand(json: json, as: user, team: team)
    }

    func byHand(json: String, as user: String, team: String? = nil) throws {
        let quoted = json.replacingOccurrences(of: "'", with: "''")
        try cluster.psql("SELECT tracedesk.append('\(quoted)'\(team.map { ", '\($0)'" } ?? ""))", database: db, user: user)
    }

    func count(_ sql: String) throws -> String {
        try cluster.psql(sql, database: db).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerChecksTests {
    /// Found by the third tester: an event whose keys are given twice, the second spelt with
    /// escapes, was checked by the server as one event (jsonb keeps the last copy) and read by
    /// every desk as another (the desk took the first): a tracer's login wrote a lead's
    /// assignment. What the desks read is what the server checked.
    @Test func anEventThatSaysTwoThingsIsReadAsTheServerCheckedIt() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], [])
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let id = EventID.make(at: Date()).rawValue
        let forged = #"{"v":2,"id":"\#(id)","ts":"\#(Timestamp.format(Date()))","actor":"lead-m","\u0061ctor":"tracer-m1","type":"case.assigned","\u0074ype":"call.logged","data":{"caseId":"M-2","\u0063aseId":"M-1","outcome":"no_answer"}}"#
        try city.byHand(json: forged, as: "tracer-m1")
        let lead = try city.store("lead-m")
        let read = try #require(try lead.readNew().first { $0.id.rawValue == id })
        #expect(read.actor == "tracer-m1")
        guard case .callLogged(let call) = read.body else { Issue.record("read as \(read.body)"); return }
        #expect(call.caseId == "M-1" && call.outcome == .noAnswer)
        #expect(lead.unreadable.isEmpty)
        #expect(try city.count("SELECT count(*) FROM tracedesk.cases WHERE case_id = 'M-2' AND holder IS NOT NULL") == "0")
    }

    /// Item 1: kinds and shapes.
    @Test func anEventOfAnUnknownKindOrOffTheDesksShapeIsRefused() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let now = Timestamp.format(Date())
        func call(_ data: String, type: String = "call.logged") -> String {
            #"{"v":2,"id":"\#(EventID.make(at: Date()).rawValue)","type":"\#(type)","actor":"tracer-m1","ts":"\#(now)","data":\#(data)}"#
        }
        let tries: [(String, String)] = [
            (call(#"{"caseId":"M-1"}"#, type: "case.deleted"), "no kind of event is called case.deleted"),
            (call(#"{"caseId":"M-1","outcome":42}"#), "data.outcome"),
            (call(#"{"caseId":"M-1","outcome":"banana"}"#), "data.outcome"),
            (call(#"{"caseId":"M-1","outcome":"busy","callbackAt":"tomorrow"}"#), "data.callbackAt"),
            (call(#"{"outcome":"busy"}"#), "data.caseId"),
            (call(#"{"caseId":"M-1","outcome":"busy"}"#).replacingOccurrences(of: #""v":2"#, with: #""v":"2""#), "the field v is"),
            (call(#"{"caseId":"M-1","outcome":"busy","unconfirmed":"yes"}"#), "data.unconfirmed"),
            // Times and days the desk's calendar does not hold (every desk would pass them over).
            (call(#"{"caseId":"M-1","outcome":"busy","callbackAt":"9999-12-31T09:00:00.000Z"}"#), "data.callbackAt"),
            (call(#"{"caseId":"M-1","outcome":"busy","callbackAt":"2027-02-30T09:00:00.000Z"}"#), "data.callbackAt"),
        ]
        for (json, said) in tries {
            let e = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: json, as: "tracer-m1") }
            #expect(e?.description.contains(said) == true, "\(said): \(e?.description ?? "")")
        }
        // A filing whose contact has a day that is no day, deep in its array.
        let filed = City.filing("M-1", contacts: [("Ahmad Fauzi", "3171000000000101")])
        let day = try #require(filed.contacts.first?.exposureDays.first).iso
        let json = String(decoding: try JournalCoding.encoder().encode(City.event(.interviewFiled(filed), by: "tracer-m1")), as: UTF8.self)
        #expect(json.contains("\"exposureDays\":[\"\(day)\"]"))
        let deep = #expect(throws: PGCluster.Failure.self) {
            try city.byHand(json: json.replacingOccurrences(of: "\"exposureDays\":[\"\(day)\"]", with: "\"exposureDays\":[\"5 Juli\"]"), as: "tracer-m1")
        }
        #expect(deep?.description.contains("data.contacts[0].exposureDays[0]") == true, "\(deep?.description ?? "")")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind NOT IN ('case.imported', 'import.committed', 'case.claimed')") == "0")
        // The same filing as the desk writes it is taken.
        try city.byHand(json: json, as: "tracer-m1")
        // Through the store, the refusal has its code and says it in the user's language.
        let off = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1", at: Date().addingTimeInterval(3_600))
        let e = #expect(throws: ServerError.self) { try city.store("tracer-m1").append([off], teamFor: { _ in nil }) }
        #expect(e?.code == "ts-ahead")
        Localization.$language.withValue(.id) {
            #expect(e?.description.contains("menit di depan jam server") == true, "\(e?.description ?? "")")
        }
    }

    /// The shape table holds every kind the desk writes, and each choice as the desk's types
    /// spell it: a new outcome in Swift without a migration fails here, not in a tracer's save.
    @Test func theShapeTableKnowsEveryKindAndChoiceTheDeskWrites() throws {
        let city = try City()
        let kinds = Set(try city.count("SELECT string_agg(DISTINCT kind, ',') FROM tracedesk.event_shapes WHERE kind <> '*'").split(separator: ",").map(String.init))
        let r = City.record("X", kecamatan: "Menteng")
        let bodies: [EventBody] = [
            .caseImported(ImportedCase(record: r, batch: "b")), .importCommitted(ImportCommit(batch: "b", count: 1)),
            .importAbandoned(ImportCommit(batch: "b", count: 1)), .caseClaimed(CaseClaim(caseId: "X")),
            .callLogged(CallAttempt(caseId: "X", outcome: .busy)), .caseReferred(FieldReferral(caseId: "X", failedAttempts: 3)),
            .interviewSaved(InterviewDraft(caseId: "X", ruleSetId: "id-2021")),
            .interviewFiled(FiledInterview.file(InterviewDraft(caseId: "X", ruleSetId: "id-2021"), today: City.day)),
            .caseAssigned(CaseAssignment(caseId: "X", tracer: "t")), .caseCorrected(CaseCorrection(caseId: "X", changes: [])),
            .reviewApproved(ReviewDecision(caseId: "X")), .reviewReturned(ReviewDecision(caseId: "X", note: "n")),
            .followUpCalled(FollowUpCall(contactId: "X-K1", day: City.day, outcome: .busy)),
            .followUpAssigned(FollowUpAssignment(contactId: "X-K1", tracer: "t", from: nil)),
            .contactConverted(ContactConversion(contactId: "X-K1", sourceCaseId: "X", record: r)),
            .personLinked(PersonLink(contactId: "X-K1", toCase: "Y", reason: .nik)), .personUnlinked(PersonLink(contactId: "X-K1", toCase: "Y", reason: .nik)),
        ]
        #expect(kinds == Set(bodies.map(\.type)))
        func allowed(_ kind: String, _ path: String) throws -> Set<String> {
            Set(try city.count("SELECT array_to_string(allowed, ',') FROM tracedesk.event_shapes WHERE kind = '\(kind)' AND path = '\(path)'").split(separator: ",").map(String.init))
        }
        #expect(try allowed("call.logged", "{data,outcome}") == Set(CallOutcome.allCases.map(\.rawValue)))
        #expect(try allowed("followup.called", "{data,outcome}") == Set(FollowUpCall.outcomes.map(\.rawValue)))
        #expect(try allowed("followup.called", "{data,symptoms,*}") == Set(Symptom.allCases.map(\.rawValue)))
        #expect(try allowed("followup.called", "{data,test,kind}") == Set(ContactTest.Kind.allCases.map(\.rawValue)))
        #expect(try allowed("followup.called", "{data,test,method}") == Set(ContactTest.Method.allCases.map(\.rawValue)))
        #expect(try allowed("followup.called", "{data,test,result}") == Set(ContactTest.Result.allCases.map(\.rawValue)))
        #expect(try allowed("interview.filed", "{data,contacts,*,sex}") == Set(Sex.allCases.map(\.rawValue)))
        #expect(try allowed("interview.filed", "{data,contacts,*,relationship}") == Set(Relationship.allCases.map(\.rawValue)))
        #expect(try allowed("case.imported", "{data,record,sex}") == Set(Sex.allCases.map(\.rawValue)))
        #expect(try allowed("*", "{v}").contains(String(Event.schemaVersion)))
        #expect(try allowed("interview.saved", "{data,days,*,visits,*,kind}") == Set(PlaceKind.allCases.map(\.rawValue)))
        #expect(try allowed("interview.filed", "{data,draft,days,*,visits,*,kind}") == Set(PlaceKind.allCases.map(\.rawValue)))
    }

    /// Item 2: a conversion names a contact that was filed, not yet converted, and a free case id.
    @Test func aConversionNeedsAFiledContactAndAFreeCaseId() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], [])
        let ids = try city.file("M-1", by: "tracer-m1", contacts: [("Ahmad Fauzi", "3171000000000101")])
        try city.approve("M-1")
        func conversion(_ contact: String, to caseId: String, by tracer: String = "tracer-m1") -> Event {
            City.event(.contactConverted(ContactConversion(contactId: contact, sourceCaseId: "M-1", record: City.record(caseId, kecamatan: "Menteng"))), by: tracer)
        }
        let madeUp = #expect(throws: PGCluster.Failure.self) { try city.byHand(conversion("M-1-K9", to: "LAB-77"), as: "tracer-m1") }
        #expect(madeUp?.description.contains("contact M-1-K9 was not filed in an interview of case M-1") == true)
        #expect(try city.count("SELECT count(*) FROM tracedesk.cases WHERE case_id = 'LAB-77'") == "0")
        let notTheirs = #expect(throws: PGCluster.Failure.self) { try city.byHand(conversion(ids[0], to: "LAB-77", by: "tracer-m2"), as: "tracer-m2") }
        #expect(notTheirs?.description.contains("the follow-up of M-1-K1 is tracer-m1's") == true)
        let taken = #expect(throws: PGCluster.Failure.self) { try city.byHand(conversion(ids[0], to: "M-2"), as: "tracer-m1") }
        #expect(taken?.description.contains("case M-2 exists already") == true)
        try city.byHand(conversion(ids[0], to: "LAB-77"), as: "tracer-m1")
        let twice = #expect(throws: PGCluster.Failure.self) { try city.byHand(conversion(ids[0], to: "LAB-78"), as: "tracer-m1") }
        #expect(twice?.description.contains("contact M-1-K1 became case LAB-77 already") == true)
        // The lab's list later names the same case id: refused with the id, in the user's language.
        let again = #expect(throws: ServerError.self) { try city.importCases(["LAB-77"], [], batch: "b2") }
        #expect(again?.code == "case-exists")
        #expect(again?.caseId == "LAB-77")
        Localization.$language.withValue(.id) { #expect(again?.description == "kasus LAB-77 sudah ada di server") }
        // The lead's desk has the converted case and nothing it ignored.
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        #expect(desk.cases["LAB-77"] != nil)
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
    }

    /// Item 3: follow-up calls and assignments name a contact filed in the team; a tracer calls
    /// only the follow-ups that are theirs.
    @Test func aFollowUpCallNamesAFiledContactThatIsTheCallers() throws {
        let city = try City()
        try city.importCases(["M-1"], ["T-1"])
        let ids = try city.file("M-1", by: "tracer-m1", contacts: [("Ahmad Fauzi", "3171000000000101")])
        try city.approve("M-1")
        func call(_ contact: String, by tracer: String) -> Event {
            City.event(.followUpCalled(FollowUpCall(contactId: contact, day: WallClock.wib.day(of: Date()), outcome: .busy)), by: tracer)
        }
        let madeUp = #expect(throws: PGCluster.Failure.self) { try city.byHand(call("M-1-K7", by: "tracer-m1"), as: "tracer-m1") }
        #expect(madeUp?.description.contains("no contact M-1-K7 under follow-up") == true)
        let other = #expect(throws: PGCluster.Failure.self) { try city.byHand(call(ids[0], by: "tracer-m2"), as: "tracer-m2") }
        #expect(other?.description.contains("the follow-up of M-1-K1 is tracer-m1's") == true)
        let otherTeam = #expect(throws: PGCluster.Failure.self) { try city.byHand(call(ids[0], by: "tracer-t1"), as: "tracer-t1") }
        #expect(otherTeam?.description.contains("the follow-up of M-1-K1 is tracer-m1's") == true)
        try city.byHand(call(ids[0], by: "tracer-m1"), as: "tracer-m1")
        // A lead gives it to a tracer of the team, not of another.
        let away = City.event(.followUpAssigned(FollowUpAssignment(contactId: ids[0], tracer: "tracer-t1", from: "tracer-m1")), by: "lead-m")
        let refused = #expect(throws: PGCluster.Failure.self) { try city.byHand(away, as: "lead-m") }
        #expect(refused?.description.contains("tracer-t1 is not a tracer in team Menteng") == true)
        try city.byHand(City.event(.followUpAssigned(FollowUpAssignment(contactId: ids[0], tracer: "tracer-m2", from: "tracer-m1")), by: "lead-m"), as: "lead-m")
        try city.byHand(call(ids[0], by: "tracer-m2"), as: "tracer-m2")
        #expect(throws: PGCluster.Failure.self) { try city.byHand(call(ids[0], by: "tracer-m1"), as: "tracer-m1") }
        // A link names people the city knows.
        let link = City.event(.personLinked(PersonLink(contactId: "M-1-K5", toCase: "T-1", reason: .nik)), by: "tracer-m1")
        let ghost = #expect(throws: PGCluster.Failure.self) { try city.byHand(link, as: "tracer-m1") }
        #expect(ghost?.description.contains("no contact or case M-1-K5") == true)
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        #expect(desk.followUps[ids[0]]?.tracer == "tracer-m2")
        #expect(desk.followUps[ids[0]]?.checks.count == 2)
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
    }

    /// Item 4: an outbox's hours-old work is taken; a time ahead of the clock, or older than an
    /// outbox holds (a setting), is not.
    @Test func anEventStampedAheadOrLongAgoIsRefusedAndAnOutboxsIsTaken() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1")
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        func call(_ offset: TimeInterval) -> Event {
            City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1", at: Date().addingTimeInterval(offset))
        }
        try ayu.append([call(-6 * 86_400)], teamFor: { _ in nil })   // an outbox after a long outage
        try ayu.append([call(120)], teamFor: { _ in nil })           // a clock two minutes fast
        let ahead = #expect(throws: ServerError.self) { try ayu.append([call(3_600)], teamFor: { _ in nil }) }
        #expect(ahead?.code == "ts-ahead")
        let old = #expect(throws: ServerError.self) { try ayu.append([call(-8 * 86_400)], teamFor: { _ in nil }) }
        #expect(old?.code == "ts-behind")
        #expect(old?.description.contains("more than 168 hours ago") == true)
        // The admin allows longer outages.
        try city.cluster.psql("UPDATE tracedesk.settings SET value = '10 days' WHERE name = 'max_behind'", database: city.db)
        try ayu.append([call(-8 * 86_400)], teamFor: { _ in nil })
        // An event already stored is answered with its place whenever it was stamped.
        let sent = call(-86_400)
        let first = try ayu.append([sent], teamFor: { _ in nil })
        try city.cluster.psql("UPDATE tracedesk.settings SET value = '1 hour' WHERE name = 'max_behind'", database: city.db)
        #expect(try ayu.append([sent], teamFor: { _ in nil }).first?.ref == first.first?.ref)
    }

    /// Item 5: a correction to a kecamatan another team covers moves the case there.
    @Test func aCorrectionToAnotherTeamsKecamatanMovesTheCase() throws {
        let city = try City()
        try city.importCases(["M-1"], [])
        let ayu = try city.store("tracer-m1"), citra = try city.store("tracer-t1")
        var ayuDesk = try ayu.replay(team: try ayu.team())
        var citraDesk = try citra.replay(team: try citra.team())
        try ayu.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        let move = CaseCorrection(caseId: "M-1", changes: [FieldChange(field: "kecamatan", from: "Menteng", to: "Gambir")], reason: "pindah")
        try city.store("lead-m").transact { _ in [City.event(.caseCorrected(move), by: "lead-m")] }
        #expect(try city.count("SELECT team || '/' || coalesce(holder, '-') FROM tracedesk.cases WHERE case_id = 'M-1'") == "Tanah Abang/-")
        // Tanah Abang's open desk takes it in as it reads on, and a desk that starts has it too,
        // both with its record as corrected.
        citraDesk.apply(contentsOf: try citra.readNew())
        #expect(citraDesk.cases["M-1"]?.record.kecamatan == "Gambir")
        #expect(citraDesk.cases["M-1"]?.claimedBy == nil)
        #expect(citraDesk.anomalies.isEmpty, "\(citraDesk.anomalies)")
        let fresh = try citra.replay(team: try citra.team())
        #expect(fresh.cases["M-1"]?.record.kecamatan == "Gambir")
        #expect(fresh.anomalies.isEmpty, "\(fresh.anomalies)")
        try citra.transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-t1")] }
        // Menteng no longer gets its events, and its tracer no longer works it.
        ayuDesk.apply(contentsOf: try ayu.readNew())
        #expect(try ayu.readNew().isEmpty)
        let call = City.event(.callLogged(CallAttempt(caseId: "M-1", outcome: .busy)), by: "tracer-m1")
        #expect(throws: ServerError.self) { try ayu.append([call], teamFor: { _ in nil }) }
        let leadT = try city.store("lead-t")
        let board = try leadT.replay(team: try leadT.team())
        #expect(board.cases["M-1"]?.claimedBy == "tracer-t1")
        #expect(board.anomalies.isEmpty, "\(board.anomalies)")
    }

    /// Item 6: the area refusal names the command that exists, says its code, and in Indonesian.
    @Test func noTeamForAKecamatanNamesTheCommandThatAddsIt() throws {
        let city = try City()
        let e = #expect(throws: ServerError.self) {
            let data = try city.store("data-1")
            try data.append(Desk.importEvents([City.record("X-1", kecamatan: "Tebet")], batch: "b").map { City.event($0, by: "data-1") }, teamFor: { _ in nil })
        }
        #expect(e?.code == "no-area")
        #expect(e?.caseId == "X-1")
        #expect(e?.message.contains("tracedesk server add-team TEAM --area \"Tebet\"") == true)
        #expect(e?.message.contains("add-area") == false)
        Localization.$language.withValue(.id) {
            #expect(e?.description == "tidak ada tim yang mencakup kecamatan \"Tebet\" (kasus X-1); admin menambahkannya: tracedesk server add-team TIM --area \"Tebet\"")
        }
    }

    /// A v1 server with a month's events moves to v2: what append now checks is filled from them.
    @Test func aV1ServerWithEventsMigratesToV2() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        #expect(try admin.migrate(creating: true, upTo: 1) == [1])
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "data-1", name: "Data", role: .data, teams: [])
        try admin.addUser(id: "lead-m", name: "PJ", role: .lead, teams: ["Menteng"])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        try admin.addUser(id: "tracer-m2", name: "Budi", role: .tracer, teams: ["Menteng"])
        // A desk refuses an older schema: the v1 server's month is written as v1's append takes it.
        let city = City(cluster: cluster, db: db)
        for body in Desk.importEvents([City.record("M-1", kecamatan: "Menteng"), City.record("M-2", kecamatan: "Menteng")], batch: "b1") {
            try city.byHand(City.event(body, by: "data-1"), as: "data-1", team: "Menteng")
        }
        try city.byHand(City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1"), as: "tracer-m1")
        let filed = City.filing("M-1", contacts: [("Ahmad", "3171000000000101"), ("Budi", "3171000000000102")])
        try city.byHand(City.event(.interviewFiled(filed), by: "tracer-m1"), as: "tracer-m1")
        try city.byHand(City.event(.reviewApproved(ReviewDecision(caseId: "M-1")), by: "lead-m"), as: "lead-m")
        let ids = filed.contacts.map(\.contactId)
        try city.byHand(City.event(.followUpAssigned(FollowUpAssignment(contactId: ids[1], tracer: "tracer-m2", from: "tracer-m1")), by: "lead-m"), as: "lead-m", team: "Menteng")
        #expect(try admin.migrate(creating: false) == Array(2...Schema.version))
        #expect(try city.count("SELECT string_agg(contact_id || '=' || tracer, ' ' ORDER BY contact_id) FROM tracedesk.contacts") == "M-1-K1=tracer-m1 M-1-K2=tracer-m2")
        func call(_ contact: String, by tracer: String) -> Event {
            City.event(.followUpCalled(FollowUpCall(contactId: contact, day: WallClock.wib.day(of: Date()), outcome: .busy)), by: tracer)
        }
        try city.byHand(call(ids[1], by: "tracer-m2"), as: "tracer-m2")
        #expect(throws: PGCluster.Failure.self) { try city.byHand(call(ids[1], by: "tracer-m1"), as: "tracer-m1") }
        #expect(try ServerAdmin(target: try cluster.target(db)).schemaVersion() == Schema.version)
    }

    /// Found by a tester: `*` (the fields every kind shares) was taken as an event, on a case the
    /// tracer does not hold; and a kind an admin adds was taken with no holder check. Holding is
    /// the rule for a tracer's event that names a case, not a list of kinds (schema 4).
    @Test func aTracersEventOnACaseNeedsTheCaseWhateverItsKind() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], [])
        try city.store("tracer-m2").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-2")), by: "tracer-m2")] }
        func event(_ type: String, _ caseId: String) -> String {
            #"{"v":2,"id":"\#(EventID.make(at: Date()).rawValue)","type":"\#(type)","actor":"tracer-m1","ts":"\#(Timestamp.format(Date()))","data":{"caseId":"\#(caseId)"}}"#
        }
        let star = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: event("*", "M-2"), as: "tracer-m1") }
        #expect(star?.description.contains("no kind of event is called *") == true, "\(star?.description ?? "")")
        // A kind an admin adds is held to the same rule as the desk's own.
        try city.cluster.psql("INSERT INTO tracedesk.event_shapes (kind, path, type, required, allowed) VALUES ('case.noted', '{data,caseId}', 'string', true, NULL)", database: city.db)
        let others = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: event("case.noted", "M-2"), as: "tracer-m1") }
        #expect(others?.description.contains("case M-2 is held by tracer-m2") == true, "\(others?.description ?? "")")
        let nobodys = #expect(throws: PGCluster.Failure.self) { try city.byHand(json: event("case.noted", "M-1"), as: "tracer-m1") }
        #expect(nobodys?.description.contains("case M-1 is held by nobody") == true, "\(nobodys?.description ?? "")")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind IN ('*', 'case.noted')") == "0")
        try city.store("tracer-m1").transact { _ in [City.event(.caseClaimed(CaseClaim(caseId: "M-1")), by: "tracer-m1")] }
        try city.byHand(json: event("case.noted", "M-1"), as: "tracer-m1")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.noted'") == "1")
    }

    /// Found by a tester: a tracer linked any contact of the team, held by anyone. Issue 16: the
    /// tracer links a contact they are entering, to a known person anywhere in the city.
    @Test func aTracerLinksOnlyTheContactsOfCasesTheyHold() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], ["T-1"])
        let ayus = try city.file("M-1", by: "tracer-m1", contacts: [("Ahmad Fauzi", "3171000000000101")])
        let budis = try city.file("M-2", by: "tracer-m2", contacts: [("Dewi Lestari", "3171000000000102")])
        func link(_ person: String, by actor: String) -> Event {
            City.event(.personLinked(PersonLink(contactId: person, toCase: "T-1", reason: .nik)), by: actor)
        }
        let contact = #expect(throws: PGCluster.Failure.self) { try city.byHand(link(budis[0], by: "tracer-m1"), as: "tracer-m1") }
        #expect(contact?.description.contains("case M-2 is held by tracer-m2") == true, "\(contact?.description ?? "")")
        let aCase = #expect(throws: PGCluster.Failure.self) { try city.byHand(link("M-2", by: "tracer-m1"), as: "tracer-m1") }
        #expect(aCase?.description.contains("case M-2 is held by tracer-m2") == true, "\(aCase?.description ?? "")")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'person.linked'") == "0")
        // Their own contact, to a case of another team: matching is city-wide.
        try city.byHand(link(ayus[0], by: "tracer-m1"), as: "tracer-m1")
        // A lead links in the team, the data role anywhere.
        try city.byHand(link(budis[0], by: "lead-m"), as: "lead-m")
        try city.byHand(link("M-2", by: "data-1"), as: "data-1")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events WHERE kind = 'person.linked'") == "3")
        // Through the store, the refusal is the held one, in the user's language.
        let e = #expect(throws: ServerError.self) { try city.store("tracer-m1").append([link(budis[0], by: "tracer-m1")], teamFor: { _ in nil }) }
        #expect(e?.code == "held")
    }
}
