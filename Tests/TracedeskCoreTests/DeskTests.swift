import Foundation
import Testing
@testable import TracedeskCore

@Suite struct DeskTests {
    @Test func queueShowsDueCallbacksFirstThenOldestResult() {
        var m = EventMaker()
        var events = m.imports([record("C-NEW", result: "2021-07-04"), record("C-OLD", result: "2021-07-01"),
                                record("C-MID", result: "2021-07-02"), record("C-CB", result: "2021-07-04"),
                                record("C-LATER", result: "2021-07-03")])
        events.append(m.make(.callLogged(CallAttempt(caseId: "C-CB", outcome: .callBack, callbackAt: mondayTen.addingTimeInterval(-60)))))
        // A callback not yet due keeps its place by result date.
        events.append(m.make(.callLogged(CallAttempt(caseId: "C-LATER", outcome: .callBack, callbackAt: mondayTen.addingTimeInterval(3600)))))
        let desk = Desk(replaying: events)
        let ids = desk.queue(QueueQuery(), tracer: "tracer-01", now: mondayTen).map(\.id)
        #expect(ids == ["C-CB", "C-OLD", "C-MID", "C-LATER", "C-NEW"])
        // An hour later the second callback is due too and comes up, after the earlier one.
        let later = desk.queue(QueueQuery(), tracer: "tracer-01", now: mondayTen.addingTimeInterval(3601)).map(\.id)
        #expect(later.prefix(2) == ["C-CB", "C-LATER"])
    }

    @Test func searchMatchesIdNameNikPhoneAndKelurahanIgnoringCaseAndAccents() {
        var m = EventMaker()
        let desk = Desk(replaying: m.imports([
            record("JKT-1", name: "Dewi Rahmawati", kelurahan: "Menteng", phone: "+6281111111111", nik: "3171000000000001"),
            record("JKT-2", name: "José Siregar", kelurahan: "Cikini", phone: "+6282222222222", nik: "3171000000000002"),
        ]))
        func find(_ s: String) -> [String] { desk.queue(QueueQuery(search: s), tracer: "t", now: mondayTen).map(\.id) }
        #expect(find("dewi") == ["JKT-1"])
        #expect(find("jose") == ["JKT-2"])
        #expect(find("cikini") == ["JKT-2"])
        #expect(find("3171000000000001") == ["JKT-1"])
        #expect(find("0822222") == ["JKT-2"]) // typed the local way
        #expect(find("jkt-") == ["JKT-1", "JKT-2"])
        #expect(find("nobody").isEmpty)
    }

    @Test func searchFindsCasesInEveryPieceOfACitysSearchText() {
        // 30,000 cases' search text is more than one mebibyte piece: matches near the
        // boundaries and in the last piece must be found, and only those.
        var m = EventMaker()
        let records = (0..<30_000).map { i in
            record(String(format: "JKT-%05d", i), name: "Pasien \(i) Siregar Nasution", kelurahan: "Kelapa Gading Timur",
                   phone: String(format: "+62812%07d", i), nik: String(format: "3171%012d", i))
        }
        let desk = Desk(replaying: m.imports(records))
        func find(_ s: String) -> [String] { desk.queue(QueueQuery(search: s), tracer: "t", now: mondayTen).map(\.id).sorted() }
        for i in [0, 1, 9_999, 10_000, 12_345, 20_001, 29_999] {
            #expect(find(String(format: "jkt-%05d", i)) == [String(format: "JKT-%05d", i)])
            #expect(find(String(format: "08120%06d", i)) == [String(format: "JKT-%05d", i)])
        }
        #expect(find("pasien 2999").count == 11) // 2999 and 29990…29999
        #expect(find("kelapa gading").count == 30_000)
        #expect(find("bekasi").isEmpty)
    }

    @Test func aRecordKeepsEveryFieldAsGivenAbsentAndEmptyApart() throws {
        var r = CaseRecord(caseId: "DKI-1", name: "Budi 王 Siregar", nik: "", nikMissingReason: nil, phones: ["", "+628123"],
                           sex: .female, age: 7, address: "Jl. Kenari No. 5 RT 1 — ujung", rtRw: "001/002",
                           kelurahan: "Kenari", kecamatan: "Senen", kota: "Jakarta Pusat", occupation: "",
                           resultDate: day("2021-07-03"))
        #expect(r.caseId == "DKI-1" && r.name == "Budi 王 Siregar" && r.address == "Jl. Kenari No. 5 RT 1 — ujung")
        #expect(r.nik == "" && r.nikMissingReason == nil)
        #expect(r.phones == ["", "+628123"])
        #expect(r.rtRw == "001/002" && r.kelurahan == "Kenari" && r.kecamatan == "Senen" && r.kota == "Jakarta Pusat" && r.occupation == "")
        r.nik = nil
        r.nikMissingReason = "bayi"
        r.phones = []
        r.name = "Dewi"
        #expect(r.nik == nil && r.nikMissingReason == "bayi" && r.phones.isEmpty && r.name == "Dewi" && r.address.hasSuffix("ujung"))
        // Written as it always was: absent optionals left out, every other key present.
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(!json.contains("\"nik\"") && json.contains("\"nikMissingReason\":\"bayi\"") && json.contains("\"phones\":[]"))
        #expect(try JSONDecoder().decode(CaseRecord.self, from: Data(json.utf8)) == r)
        #expect(r != CaseRecord(caseId: "DKI-1", name: "Dewi", resultDate: day("2021-07-03")))
    }

    @Test func scopesAndStatusFilters() {
        var m = EventMaker()
        var events = m.imports([record("A"), record("B"), record("C")])
        events.append(m.make(.caseClaimed(CaseClaim(caseId: "A")), by: "me"))
        events.append(m.make(.caseClaimed(CaseClaim(caseId: "B")), by: "other"))
        events.append(m.make(.callLogged(CallAttempt(caseId: "B", outcome: .refused)), by: "other"))
        let desk = Desk(replaying: events)
        func ids(_ q: QueueQuery) -> [String] { desk.queue(q, tracer: "me", now: mondayTen).map(\.id).sorted() }
        #expect(ids(QueueQuery(scope: .mine)) == ["A"])
        #expect(ids(QueueQuery(scope: .unassigned)) == ["C"])
        #expect(ids(QueueQuery(scope: .all)) == ["A", "C"]) // refused is done: hidden from "open"
        #expect(ids(QueueQuery(scope: .all, status: .any)) == ["A", "B", "C"])
        #expect(ids(QueueQuery(scope: .all, status: .only(.refused))) == ["B"])
    }

    @Test func firstClaimWinsAndOthersAreTold() {
        var m = EventMaker()
        var events = m.imports([record("A")])
        events.append(m.make(.caseClaimed(CaseClaim(caseId: "A")), by: "tracer-01"))
        events.append(m.make(.caseClaimed(CaseClaim(caseId: "A")), by: "tracer-02"))
        let desk = Desk(replaying: events)
        #expect(desk["A"]?.claimedBy == "tracer-01")
        #expect(desk["A"]?.status == .inProgress)
        #expect(desk.claimDecision(caseId: "A", tracer: "tracer-02") == .takenBy("tracer-01"))
        #expect(desk.claimDecision(caseId: "A", tracer: "tracer-01") == .alreadyYours)
        #expect(desk.claimDecision(caseId: "Z", tracer: "tracer-01") == .unknownCase)
        #expect(desk.anomalies.count == 1)
    }

    @Test func aJournalFullOfIgnoredEventsKeepsTheFirstThousandAndCountsThemAll() {
        var m = EventMaker()
        var events = m.imports([record("A")])
        for i in 0..<2_500 { events.append(m.make(.caseClaimed(CaseClaim(caseId: "NOPE-\(i)")))) }
        let desk = Desk(replaying: events)
        #expect(desk.anomalyCount == 2_500)
        #expect(desk.anomalies.count == Desk.anomaliesKept)
        #expect(desk.anomalies.first?.text == "an event names case NOPE-0, which was never imported")
    }

    @Test func aCaseInFullJoinsLinesKeptWholeAndLinesMadeFromPlaces() throws {
        var m = EventMaker()
        var events = m.imports([record("A")])
        events.append(m.make(.caseClaimed(CaseClaim(caseId: "A")), by: "tracer-01"))
        // A desk from events handed over whole (the demo's seed), then a call written to a store.
        var desk = Desk(replaying: events)
        let store = MemoryEventStore(events: events)
        let call = m.make(.callLogged(CallAttempt(caseId: "A", outcome: .busy, note: "sibuk")), by: "tracer-01")
        for e in try store.transact({ _ in [call] }).written { desk.apply(e) }
        let full = try #require(try desk.caseInFull("A", in: store))
        #expect(full.history.map(\.summary) == ["imported from the lab line list", "opened and claimed", "call: busy — sibuk"])
        #expect(full.attempts.map(\.attempt.note) == ["sibuk"])
    }

    /// A team in Makassar keeps WITA: a callback in the case's history is in its zone, whether
    /// the line is made when the call is applied or later from the call's place in the journal.
    @Test func aCallbackInTheHistoryIsGivenInTheDesksZone() throws {
        var m = EventMaker()
        let events = m.imports([record("A")])
        var desk = Desk(replaying: events)
        desk.clock = .wita
        let store = MemoryEventStore(events: events)
        // 10:00 WIB is 11:00 WITA.
        let call = m.make(.callLogged(CallAttempt(caseId: "A", outcome: .callBack, callbackAt: mondayTen)), by: "tracer-01")
        for e in try store.transact({ _ in [call] }).written { desk.apply(e) }
        let fromPlace = try #require(try desk.caseInFull("A", in: store)?.history.last)
        #expect(fromPlace.summary == "call: asked to call back, call back 05/07 11:00 WITA")
        var whole = Desk()
        whole.clock = .wita
        whole.apply(contentsOf: events + [call])
        #expect(whole["A"]?.history.last?.text == fromPlace.text)
        Localization.$language.withValue(.id) {
            #expect(fromPlace.summary == "telepon: minta ditelepon ulang, telepon ulang 05/07 11:00 WITA")
        }
    }

    @Test func thirdFailedCallFlagsForFieldTracer() {
        var m = EventMaker()
        var desk = Desk(replaying: m.imports([record("A")]))
        let settings = DeskSettings()
        for (i, outcome) in [CallOutcome.noAnswer, .busy, .wrongNumber].enumerated() {
            let bodies = desk.eventsForCall(CallAttempt(caseId: "A", outcome: outcome), settings: settings)
            #expect(bodies.count == (i == 2 ? 2 : 1), "attempt \(i + 1)")
            for b in bodies { desk.apply(m.make(b)) }
        }
        #expect(desk["A"]?.status == .needsFieldTracer)
        #expect(desk["A"]?.failedAttempts == 3)
        #expect(desk.counts(now: m.clock, clock: .wib).doneToday == 1)
    }

    /// A call saved as the desk closed, its outcome never confirmed, has no consequence: no
    /// referral, no failed attempt counted, no refusal closing the case (found by a tester: a
    /// SIGHUP with "no answer" on screen after two failed calls wrote `case.referred`).
    @Test func anUnconfirmedCallDecidesNothing() {
        var m = EventMaker()
        var desk = Desk(replaying: m.imports([record("A"), record("B")]))
        let settings = DeskSettings()
        for outcome in [CallOutcome.noAnswer, .busy] {
            for b in desk.eventsForCall(CallAttempt(caseId: "A", outcome: outcome), settings: settings) { desk.apply(m.make(b)) }
        }
        var third = CallAttempt(caseId: "A", outcome: .wrongNumber, note: "istri bilang")
        third.unconfirmed = true
        let bodies = desk.eventsForCall(third, settings: settings)
        #expect(bodies == [.callLogged(third)])
        for b in bodies { desk.apply(m.make(b)) }
        #expect(desk["A"]?.status == .inProgress)
        #expect(desk["A"]?.failedAttempts == 2)
        #expect(desk["A"]?.calls.count == 3)
        // The next confirmed failure is the third that counts, and refers the case.
        let next = desk.eventsForCall(CallAttempt(caseId: "A", outcome: .noAnswer), settings: settings)
        #expect(next.last == .caseReferred(FieldReferral(caseId: "A", failedAttempts: 3)))

        var refused = CallAttempt(caseId: "B", outcome: .refused)
        refused.unconfirmed = true
        desk.apply(m.make(.callLogged(refused)))
        #expect(desk["B"]?.status != .refused)
        #expect(desk["B"]?.history.last?.summary.contains("not confirmed") == true)
    }

    @Test func failedCallLimitIsASetting() {
        var m = EventMaker()
        let desk = Desk(replaying: m.imports([record("A")]))
        let bodies = desk.eventsForCall(CallAttempt(caseId: "A", outcome: .noAnswer),
                                        settings: DeskSettings(failedAttemptsBeforeFieldTracer: 1))
        #expect(bodies.last == .caseReferred(FieldReferral(caseId: "A", failedAttempts: 1)))
    }

    @Test func callBackSetsNextCallbackAndReachedClearsIt() {
        var m = EventMaker()
        var desk = Desk(replaying: m.imports([record("A")]))
        let at = mondayTen.addingTimeInterval(7200)
        desk.apply(m.make(.callLogged(CallAttempt(caseId: "A", outcome: .callBack, callbackAt: at))))
        #expect(desk["A"]?.status == .callbackScheduled)
        #expect(desk["A"]?.nextCallback == at)
        desk.apply(m.make(.callLogged(CallAttempt(caseId: "A", outcome: .reached))))
        #expect(desk["A"]?.status == .inProgress)
        #expect(desk["A"]?.nextCallback == nil)
    }

    @Test func replayIgnoresAnEventSeenTwice() {
        var m = EventMaker()
        var events = m.imports([record("A")])
        let call = m.make(.callLogged(CallAttempt(caseId: "A", outcome: .busy)))
        events += [call, call]
        #expect(Desk(replaying: events)["A"]?.calls.count == 1)
    }

    @Test func importWithoutItsCommitRecordLoadsNothing() {
        var m = EventMaker()
        var events = m.imports([record("A")], batch: "done")
        let cut = m.imports([record("B"), record("C")], batch: "cut").dropLast() // crash before the commit
        events += cut
        let desk = Desk(replaying: events)
        #expect(desk.cases.keys.sorted() == ["A"])
        #expect(desk.uncommittedImports.map(\.cases) == [2])
    }

    @Test func eventsRoundTripThroughJournalJSON() throws {
        var m = EventMaker()
        let e = m.make(.callLogged(CallAttempt(caseId: "A", outcome: .callBack, note: "kerja", callbackAt: mondayTen)))
        let data = try JournalCoding.encoder().encode(e)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""type":"call.logged""#))
        #expect(text.contains(#""callbackAt":"2021-07-05T03:00:00.000Z""#))
        #expect(try JournalCoding.decoder().decode(Event.self, from: data) == e)
    }

    @Test func eventIdsAreTimeOrderedUUIDv7() {
        var rng = SplitMix64(seed: 1)
        let a = EventID.make(at: mondayTen, using: &rng)
        let b = EventID.make(at: mondayTen.addingTimeInterval(0.002), using: &rng)
        #expect(a < b)
        #expect(a.rawValue.count == 36)
        #expect(Array(a.rawValue)[14] == "7")
    }

    @Test func demoQueueIsRealistic() {
        let events = DemoQueue.events(now: mondayTen, tracer: "tracer-01")
        let desk = Desk(replaying: events)
        #expect(desk.cases.count >= 40)
        let counts = desk.counts(now: mondayTen, clock: .wib)
        #expect(counts.callbacksDue >= 2)
        #expect(desk.cases.values.contains { $0.failedAttempts > 0 })
        #expect(desk.cases.values.contains { $0.status == .needsFieldTracer })
        #expect(desk.cases.values.allSatisfy { $0.record.kota.hasPrefix("Jakarta") })
        #expect(desk.anomalies.isEmpty)
    }
}
