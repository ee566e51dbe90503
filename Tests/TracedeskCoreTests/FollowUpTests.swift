import Foundation
import Testing
@testable import TracedeskCore

private let fuTeam = Team(name: "Tim", members: [
    TeamMember(id: "tracer-01", name: "Dewi", role: .tracer),
    TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
    TeamMember(id: "lead-01", name: "Sri", role: .lead),
])

private func d(_ s: String) -> Day { Day(parsing: s)! }
private func at(_ s: String, _ hour: Int = 10) -> Date { WallClock.wib.date(day: d(s), hour: hour, minute: 0) }

/// A journal in the making: case C-1 (specimen 30 June) filed by tracer-01 with the given
/// close contacts (name, last exposure), under `rules`.
private struct Story {
    var rng = SplitMix64(seed: 7)
    var events: [Event] = []
    var team: Team
    /// The interview as C-1's tracer filed it.
    var draft = InterviewDraft(for: CaseRecord(caseId: "", name: "", resultDate: Day(year: 2021, month: 7, day: 1)!), rules: .indonesia2021)

    init(rules: RuleSet = .indonesia2021, contacts: [(String, String)] = [("Ahmad Fauzi", "2021-06-30")],
         approve: Bool = true, team: Team = fuTeam) {
        self.team = team
        let record = CaseRecord(caseId: "C-1", name: "Siti Rahmawati", nik: "3171000000000001", phones: ["+6281200000001"],
                                address: "Jl. Kenari 3", rtRw: "001/002", kelurahan: "Menteng", kecamatan: "Menteng",
                                kota: "Jakarta Pusat", resultDate: d("2021-07-01"))
        for b in Desk.importEvents([record], batch: "b") { add(b, by: "lab", at: at("2021-07-01", 8)) }
        add(.caseClaimed(CaseClaim(caseId: "C-1")), by: "tracer-01", at: at("2021-07-01", 9))
        var dr = InterviewDraft(for: record, rules: rules)
        dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = "2021-06-30"
        for (i, c) in contacts.enumerated() {
            _ = dr.addContact(named: c.0, on: d(c.1))
            dr.contacts[i].criterion = "same_household"
            dr.contacts[i].relationship = "household"
            dr.contacts[i].phone = "08120000010\(i)"
            dr.contacts[i].nik = "317100000000010\(i)"
            dr.contacts[i].lastExposure = c.1
        }
        add(.interviewFiled(FiledInterview.file(dr, today: d("2021-07-01"))), by: "tracer-01", at: at("2021-07-01", 11))
        draft = dr
        if approve { add(.reviewApproved(ReviewDecision(caseId: "C-1")), by: "lead-01", at: at("2021-07-02", 8)) }
    }

    mutating func add(_ body: EventBody, by actor: String, at t: Date) {
        events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: body))
    }

    mutating func call(_ contact: String, _ date: String, _ outcome: CallOutcome, symptoms: [Symptom]? = nil,
                       test: ContactTest? = nil, by actor: String = "tracer-01", unconfirmed: Bool = false) {
        var c = FollowUpCall(contactId: contact, day: d(date), outcome: outcome,
                             symptoms: outcome == .reached ? (symptoms ?? []) : nil, test: test)
        if unconfirmed { c.unconfirmed = true }
        for b in desk.eventsForFollowUpCall(c) { add(b, by: actor, at: at(date, 11)) }
    }

    var desk: Desk { Desk(replaying: events, team: team) }
}

private func exitTest(_ date: String, _ result: ContactTest.Result = .negative) -> ContactTest {
    ContactTest(kind: .exit, method: .pcr, date: d(date), result: result)
}

@Suite struct FollowUpTests {
    @Test func approvalPutsCloseContactsUnderFollowUpWithTheTracerWhoInterviewed() throws {
        let s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29")])
        let list = s.desk.followUpList(for: "tracer-01", today: d("2021-07-02"), lostAfter: 3)
        #expect(list.map(\.name) == ["Ahmad Fauzi", "Budi"])
        let f = list[0]
        #expect(f.id == "C-1-K1" && f.since == d("2021-07-02") && f.sourceCaseId == "C-1")
        #expect(f.quarantineEnd == d("2021-07-14"))
        #expect(f.day(d("2021-07-02"))! == (2, 14))
        #expect(s.desk.followUpList(for: "tracer-02", today: d("2021-07-02"), lostAfter: 3).isEmpty)
        // Filed but not approved: nobody is under follow-up yet.
        #expect(Story(approve: false).desk.followUps.isEmpty)
    }

    @Test func withReviewOffTheFilingPutsThemUnderFollowUp() {
        var t = fuTeam
        t.reviewRequired = false
        let s = Story(approve: false, team: t)
        #expect(s.desk.followUps["C-1-K1"]?.since == d("2021-07-01"))
    }

    /// Worked examples: day 0 = last exposure 30 June.
    @Test(arguments: [
        // rule set, exit test on, result, reached on, end, status on that day
        ("id-2021", "2021-07-05", "2021-07-05", "2021-07-05", FollowUpStatus.completed),   // day 5: ends it
        ("id-2021", "2021-07-04", "2021-07-04", "2021-07-14", FollowUpStatus.underFollowUp), // day 4: too early
        ("cdc-2020", "2021-07-05", "2021-07-05", "2021-07-10", FollowUpStatus.underFollowUp), // CDC: day 7
        ("cdc-2020", "2021-07-07", "2021-07-07", "2021-07-07", FollowUpStatus.completed),
        ("who-2021", "2021-07-07", "2021-07-07", "2021-07-14", FollowUpStatus.underFollowUp), // WHO: 14 days, no test
        ("who-2021", "2021-07-07", "2021-07-14", "2021-07-14", FollowUpStatus.completed),     // reached on the last day
        ("cdc-2020", "2021-07-05", "2021-07-10", "2021-07-10", FollowUpStatus.completed),
    ])
    func quarantineEndsByTheRuleSet(rules: String, tested: String, reached: String, end: String, status: FollowUpStatus) {
        var s = Story(rules: RuleSet.named(rules)!)
        s.call("C-1-K1", tested, .reached, test: exitTest(tested))
        if reached != tested { s.call("C-1-K1", reached, .reached) }
        let f = s.desk.followUps["C-1-K1"]!
        #expect(f.quarantineEnd == d(end))
        #expect(f.status(today: d(reached), lostAfter: 3) == status)
    }

    @Test func threeDaysUnreachedInARowIsLostAndAReachMakesItActiveAgain() {
        var s = Story()
        s.call("C-1-K1", "2021-07-02", .noAnswer)
        s.call("C-1-K1", "2021-07-03", .busy)
        var f = s.desk.followUps["C-1-K1"]!
        // Today not called yet: two days so far.
        #expect(f.status(today: d("2021-07-04"), lostAfter: 3) == .underFollowUp)
        s.call("C-1-K1", "2021-07-04", .wrongNumber)
        f = s.desk.followUps["C-1-K1"]!
        #expect(f.status(today: d("2021-07-04"), lostAfter: 3) == .lost)
        #expect(f.status(today: d("2021-07-04"), lostAfter: 4) == .underFollowUp)
        s.call("C-1-K1", "2021-07-05", .reached)
        #expect(s.desk.followUps["C-1-K1"]!.status(today: d("2021-07-05"), lostAfter: 3) == .underFollowUp)
        // Days before the office took them on are missing by design: not counted.
        #expect(Story().desk.followUps["C-1-K1"]!.status(today: d("2021-07-03"), lostAfter: 3) == .underFollowUp)
    }

    @Test func symptomsMarkThemSymptomaticToReferForATest() {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached, symptoms: [.fever, .cough])
        #expect(s.desk.followUps["C-1-K1"]!.status(today: d("2021-07-03"), lostAfter: 3) == .symptomatic)
        s.call("C-1-K1", "2021-07-04", .reached, symptoms: [])
        #expect(s.desk.followUps["C-1-K1"]!.status(today: d("2021-07-04"), lostAfter: 3) == .underFollowUp)
    }

    /// A call saved as the desk closed shows what was said but decides nothing: its
    /// symptoms do not mark them symptomatic, its reach on the last day completes nothing,
    /// and its failure is no unreached day.
    @Test func anUnconfirmedFollowUpCallDecidesNothing() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached, symptoms: [.fever], unconfirmed: true)
        #expect(s.desk.followUps["C-1-K1"]!.status(today: d("2021-07-03"), lostAfter: 3) == .underFollowUp)
        #expect(!s.desk.followUps["C-1-K1"]!.reached(on: d("2021-07-03")))
        s.call("C-1-K1", "2021-07-04", .noAnswer, unconfirmed: true)
        let uncalled = Story().desk.followUps["C-1-K1"]!.unreachedDays(today: d("2021-07-04"))
        #expect(s.desk.followUps["C-1-K1"]!.unreachedDays(today: d("2021-07-04")) == uncalled)
        let end = try #require(s.desk.followUps["C-1-K1"]!.quarantineEnd)
        s.call("C-1-K1", end.description, .reached, unconfirmed: true)
        #expect(s.desk.followUps["C-1-K1"]!.status(today: end, lostAfter: 9) != .completed)
        #expect(s.desk.followUps["C-1-K1"]!.checks.count == 3)
    }

    @Test func aPositiveTestConvertsTheContactToACaseLinkedToItsSource() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-04", .reached, symptoms: [.fever],
               test: ContactTest(kind: .entry, method: .antigen, date: d("2021-07-04"), result: .positive))
        let desk = s.desk
        let f = try #require(desk.followUps["C-1-K1"])
        #expect(f.status(today: d("2021-07-04"), lostAfter: 3) == .convertedToCase)
        let c = try #require(desk[f.convertedCaseId ?? ""])
        #expect(c.record.name == "Ahmad Fauzi" && c.record.nik == "3171000000000100" && c.record.phones == ["+6281200000100"])
        #expect(c.record.address == "Jl. Kenari 3") // household: the source case's address
        #expect(c.status == .waiting && c.record.resultDate == d("2021-07-04"))
        #expect(desk.sourceCase(of: c.id) == "C-1")
        #expect(desk.anomalies.isEmpty)
        // A call to a converted contact is refused: they are a case now.
        #expect(desk.refusal(.followUpCalled(FollowUpCall(contactId: "C-1-K1", day: d("2021-07-05"), outcome: .reached)), by: "tracer-01") != nil)
    }

    @Test func onlyItsTracerCallsAndOnlyALeadReassigns() {
        var s = Story()
        let call = EventBody.followUpCalled(FollowUpCall(contactId: "C-1-K1", day: d("2021-07-02"), outcome: .noAnswer))
        var desk = s.desk
        #expect(desk.refusal(call, by: "tracer-02") != nil)
        #expect(desk.refusal(call, by: "tracer-01") == nil)
        let move = desk.followUpAssignments(["C-1-K1"], to: "tracer-02")
        #expect(move.count == 1)
        #expect(desk.refusal(move[0], by: "tracer-01") != nil)
        #expect(desk.refusal(move[0], by: "lead-01") == nil)
        s.add(move[0], by: "lead-01", at: at("2021-07-02", 9))
        // A tracer's reassignment in the journal counts for nothing.
        s.add(.followUpAssigned(FollowUpAssignment(contactId: "C-1-K1", tracer: "tracer-01", from: "tracer-02")), by: "tracer-01", at: at("2021-07-02", 9))
        desk = s.desk
        #expect(desk.followUps["C-1-K1"]?.tracer == "tracer-02")
        #expect(desk.anomalyCount == 1)
        #expect(desk.refusal(call, by: "tracer-02") == nil)
    }

    @Test func aFilingReadInShortCarriesWhatFollowUpNeeds() throws {
        let s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29")])
        guard case .interviewFiled(let whole) = s.events.first(where: { $0.body.type == "interview.filed" })!.body else { Issue.record(); return }
        // As a replay in short reads the record: the filing whole, kept in short.
        let event = s.events.first(where: { $0.body.type == "interview.filed" })!
        let data = try JournalCoding.encoder().encode(event)
        let decoder = JournalCoding.decoder()
        decoder.userInfo[Event.filingDetailKey] = FilingDetail.inShort
        guard case .interviewFiledInShort(let short) = try decoder.decode(Event.self, from: data).body else { Issue.record("not read in short"); return }
        #expect(short == FiledSummary(whole))
        #expect(short.followUp.map(\.contactId) == ["C-1-K1", "C-1-K2"])
        #expect(short.followUp[1].lastExposure == d("2021-06-29") && short.followUp[1].quarantineEnd == d("2021-07-13"))
        #expect(short.ruleSetId == "id-2021")
    }

    @Test func followUpEventsRoundTripThroughTheJournalsJSON() throws {
        let bodies: [EventBody] = [
            .followUpCalled(FollowUpCall(contactId: "C-1-K1", day: d("2021-07-02"), outcome: .reached, symptoms: [.other],
                                         otherSymptom: "pusing", test: exitTest("2021-07-05"))),
            .followUpAssigned(FollowUpAssignment(contactId: "C-1-K1", tracer: "tracer-02", from: "tracer-01")),
        ]
        for b in bodies {
            let e = Event(id: EventID.make(at: at("2021-07-02")), timestamp: at("2021-07-02"), actor: "x", body: b)
            #expect(try JSONDecoder().decode(Event.self, from: JSONEncoder().encode(e)) == e)
        }
    }

    @Test func theListPutsThoseNotYetReachedTodayFirst() {
        var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29"), ("Citra", "2021-06-29")])
        s.call("C-1-K1", "2021-07-03", .reached)
        s.call("C-1-K2", "2021-07-03", .noAnswer)
        let names = s.desk.followUpList(for: "tracer-01", today: d("2021-07-03"), lostAfter: 3).map(\.name)
        #expect(names == ["Budi", "Citra", "Ahmad Fauzi"])
    }
}

extension Story {
    /// Case C-2 (specimen 3 July, Menteng) filed by tracer-02 naming `name` with `nik` and `phone`,
    /// last met on `last`; `link` decides about a match before the filing; then approved.
    mutating func secondCase(name: String = "Ahmad Fauzi", nik: String = "3171000000000100", phone: String = "",
                             last: String = "2021-07-04", link: (Desk, PersonQuery) -> [EventBody] = { _, _ in [] }) {
        let record = CaseRecord(caseId: "C-2", name: "Joko", nik: "3171000000000002", phones: ["+6281200000002"],
                                kelurahan: "Menteng", resultDate: d("2021-07-04"))
        for b in Desk.importEvents([record], batch: "b2") { add(b, by: "lab", at: at("2021-07-04", 8)) }
        add(.caseClaimed(CaseClaim(caseId: "C-2")), by: "tracer-02", at: at("2021-07-04", 9))
        var dr = InterviewDraft(for: record, rules: .indonesia2021)
        dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = "2021-07-03"
        _ = dr.addContact(named: name, on: d(last))
        dr.contacts[0].criterion = "same_household"; dr.contacts[0].relationship = "household"
        dr.contacts[0].nik = nik; dr.contacts[0].phone = phone; dr.contacts[0].lastExposure = last
        for b in link(desk, PersonQuery(dr.contacts[0], of: "C-2", kelurahan: "Menteng")) { add(b, by: "tracer-02", at: at("2021-07-04", 10)) }
        add(.interviewFiled(FiledInterview.file(dr, today: d("2021-07-04"))), by: "tracer-02", at: at("2021-07-04", 11))
        add(.reviewApproved(ReviewDecision(caseId: "C-2")), by: "lead-01", at: at("2021-07-04", 12))
    }
}

@Suite struct PersonMatchTests {
    @Test func indonesianNamesCompareBySpellingAside() {
        #expect(PersonMatcher.nameKey("Nurhaliza") == PersonMatcher.nameKey("Nur Haliza"))
        #expect(PersonMatcher.nameKey("Muhammad Rizki") == PersonMatcher.nameKey("Muhamad Rizki"))
        #expect(PersonMatcher.nameKey("Mohammad Rizki") == PersonMatcher.nameKey("muhammad rizky").replacingOccurrences(of: "y", with: "i"))
        #expect(PersonMatcher.nameKey("Siti Aminah binti Ahmad") == PersonMatcher.nameKey("St. Aminah"))
        #expect(PersonMatcher.nameKey("Soekarno") == PersonMatcher.nameKey("Sukarno"))
        #expect(PersonMatcher.nameKey("Siti Aminah") != PersonMatcher.nameKey("Siti Rahma"))
    }

    @Test func matchesByNIKThenPhoneThenNameAgeAndKelurahanAndSaysWhy() {
        let desk = Story().desk
        let byNIK = PersonMatcher.matches(PersonQuery(name: "A. Fauzi", nik: "3171000000000100", caseId: "C-2"), in: desk)
        #expect(byNIK.first?.known == .contact(contactId: "C-1-K1", caseId: "C-1") && byNIK.first?.reason == .nik)
        #expect(byNIK.first?.why == "same NIK")
        // 08…, +62… and 62… are one number.
        let byPhone = PersonMatcher.matches(PersonQuery(name: "Fauzi", phone: "62 812-0000-0100", caseId: "C-2"), in: desk)
        #expect(byPhone.map(\.reason) == [.phone])
        let byName = PersonMatcher.matches(PersonQuery(name: "Siti Rahmawati", age: nil, kelurahan: "Menteng", caseId: "C-2"), in: desk)
        #expect(byName.isEmpty) // no age: a name alone is not enough
        // A different NIK is a different person, whatever the phone.
        #expect(PersonMatcher.matches(PersonQuery(name: "x", nik: "3171999999999999", phone: "081200000100", caseId: "C-2"), in: desk).isEmpty)
        // The case itself.
        let theCase = PersonMatcher.matches(PersonQuery(name: "Siti", nik: "3171000000000001", caseId: "C-9"), in: desk)
        #expect(theCase.first?.known == .caseRecord(caseId: "C-1"))
    }

    @Test func aLinkedPersonHasOneFollowUpEndingAtTheLaterEnd() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached)
        s.secondCase { desk, q in
            let m = desk.undecidedMatches(for: "C-2-K1", q)
            return m.first.map { [.personLinked(PersonLink(contactId: "C-2-K1", $0))] } ?? []
        }
        let desk = s.desk
        #expect(desk.anomalies.isEmpty)
        let f = try #require(desk.person(ofContact: "C-2-K1"))
        #expect(f.id == "C-1-K1" && desk.followUps.count == 1)
        #expect(f.exposures.map(\.caseId) == ["C-1", "C-2"])
        #expect(f.lastExposure == d("2021-07-04") && f.quarantineEnd == d("2021-07-18"))
        #expect(f.endChanges.map { [$0.from, $0.to] } == [[d("2021-07-14"), d("2021-07-18")]])
        #expect(f.checks.count == 1)
        // Decided: not asked again.
        #expect(desk.undecidedMatches(for: "C-2-K1", PersonQuery(name: "Ahmad Fauzi", nik: "3171000000000100", caseId: "C-2")).isEmpty)

        // Only a lead undoes it; then two follow-ups again.
        var undone = s
        let unlink = EventBody.personUnlinked(PersonLink(contactId: "C-2-K1", toContact: "C-1-K1", reason: .nik))
        #expect(desk.refusal(unlink, by: "tracer-02") != nil)
        #expect(desk.refusal(unlink, by: "lead-01") == nil)
        undone.add(unlink, by: "lead-01", at: at("2021-07-05"))
        let apart = undone.desk
        #expect(apart.followUps.count == 2)
        #expect(apart.person(ofContact: "C-1-K1")?.quarantineEnd == d("2021-07-14"))
        #expect(apart.person(ofContact: "C-2-K1")?.quarantineEnd == d("2021-07-18"))
    }

    @Test func keptApartTheyAreTwoFollowUps() {
        var s = Story()
        s.secondCase { desk, q in desk.undecidedMatches(for: "C-2-K1", q).map { .personLinked(PersonLink(contactId: "C-2-K1", $0, linked: false)) } }
        #expect(s.desk.followUps.count == 2)
        #expect(s.desk.undecidedMatches(for: "C-2-K1", PersonQuery(name: "Ahmad Fauzi", nik: "3171000000000100", caseId: "C-2")).isEmpty)
    }

    @Test func aContactWhoIsAlreadyACaseIsLinkedToThatCaseNotFollowedUp() {
        var s = Story()
        s.secondCase(name: "Siti R.", nik: "3171000000000001") { desk, q in
            let m = desk.undecidedMatches(for: "C-2-K1", q)
            #expect(m.first?.known == .caseRecord(caseId: "C-1"))
            return m.first.map { [.personLinked(PersonLink(contactId: "C-2-K1", $0))] } ?? []
        }
        let desk = s.desk
        #expect(desk.linkedCase["C-2-K1"] == "C-1")
        #expect(desk.person(ofContact: "C-2-K1") == nil)
    }

    @Test func twoLineListRowsWithOneNIKAreFlagged() {
        let rows = [CaseRecord(caseId: "A", name: "x", nik: "3171000000000009", resultDate: d("2021-07-01")),
                    CaseRecord(caseId: "B", name: "y", nik: "3171000000000010", resultDate: d("2021-07-01")),
                    CaseRecord(caseId: "C", name: "x", nik: "3171000000000009", resultDate: d("2021-07-01"))]
        #expect(PersonMatcher.sameNIK(in: rows).map { [$0.first, $0.second] } == [[0, 2]])
    }
}

@Suite struct FollowUpFiguresTests {
    @Test func whoFiguresPerTracerAndTeamForADay() {
        var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29"), ("Citra", "2021-06-29")])
        for day in ["2021-07-02", "2021-07-03", "2021-07-04"] { s.call("C-1-K1", day, .noAnswer) }
        s.call("C-1-K2", "2021-07-04", .reached)
        s.call("C-1-K3", "2021-07-04", .reached, test: ContactTest(kind: .entry, method: .pcr, date: d("2021-07-04"), result: .positive))
        let f = FollowUpFigures(desk: s.desk, day: d("2021-07-04"), clock: .wib)
        // The contact who became a case that day was under follow-up and reached that day.
        #expect(f.team.underFollowUp == 3 && f.team.reached == 2 && f.team.lost == 1 && f.team.convertedToCases == 1)
        #expect(f.team.reachedShare == 2.0 / 3.0 && f.target == 80)
        #expect(f.tracers["tracer-01"] == f.team)
        // The converted contact is a new case that day, already known as a contact.
        #expect(f.newCases == 1 && f.newCasesAlreadyContacts == 1)
    }
}

@Suite struct LinkAfterApprovalTests {
    @Test func linkingTwoFollowUpsAlreadyRunningMakesOneAndSaysTheEndMoved() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached)
        s.secondCase()
        #expect(s.desk.followUps.count == 2)
        s.add(.personLinked(PersonLink(contactId: "C-2-K1", toContact: "C-1-K1", reason: .nik)), by: "tracer-02", at: at("2021-07-05"))
        let desk = s.desk
        let f = try #require(desk.person(ofContact: "C-2-K1"))
        #expect(desk.followUps.count == 1 && f.id == "C-1-K1")
        #expect(f.exposures.map(\.contactId) == ["C-1-K1", "C-2-K1"] && f.quarantineEnd == d("2021-07-18"))
        #expect(f.endChanges.map(\.at) == [at("2021-07-05")])
        #expect(f.checks.count == 1)
    }
}

/// Issue 16/17 data faults: settings hold from when they were set; figures for the day asked;
/// a converted contact keeps what was known and says where it came from.
@Suite struct SettingsInForceTests {
    @Test func reviewTurnedOffLaterLeavesAnEarlierFilingAwaitingReview() {
        var t = fuTeam
        t.changeSettings(at: at("2021-07-03")) { $0.reviewRequired = false }
        #expect(t.reviewRequired == false && t.settingsHistory.count == 2)
        let desk = Story(approve: false, team: t).desk
        // Filed on 1 July, when a lead still reviewed: nobody went to follow-up.
        #expect(desk.followUps.isEmpty)
        #expect(desk.contactsGoToFollowUp(desk["C-1"]!) == false)
        // And the other way: off when filed, on later: the filing put them under follow-up.
        var off = fuTeam
        off.reviewRequired = false
        off.changeSettings(at: at("2021-07-05")) { $0.reviewRequired = true }
        let desk2 = Story(approve: false, team: off).desk
        #expect(desk2.followUps["C-1-K1"]?.since == d("2021-07-01"))
        #expect(desk2.contactsGoToFollowUp(desk2["C-1"]!))
    }

    @Test func lostAfterAndTargetChangedLaterKeepAPastDaysFigures() {
        var s = Story()
        for day in ["2021-07-02", "2021-07-03", "2021-07-04"] { s.call("C-1-K1", day, .noAnswer) }
        var t = fuTeam
        t.changeSettings(at: at("2021-07-10")) { $0.lostAfterDays = 5; $0.followUpTarget = 90 }
        s.team = t
        let desk = s.desk
        let past = FollowUpFigures(desk: desk, day: d("2021-07-04"), clock: .wib)
        #expect(past.team.lost == 1 && past.target == 80)
        #expect(desk.status(of: desk.followUps["C-1-K1"]!, on: d("2021-07-04")) == .lost)
        // From the change on, five days make a contact lost, and the target is 90 %.
        #expect(FollowUpFigures(desk: desk, day: d("2021-07-10"), clock: .wib).target == 90)
        #expect(desk.lostAfter(on: d("2021-07-09")) == 3 && desk.lostAfter(on: d("2021-07-10")) == 5)
    }

    @Test func theTeamFileKeepsEachSettingWithItsTime() throws {
        var t = fuTeam
        t.changeSettings(at: at("2021-07-03")) { $0.lostAfterDays = 4 }
        t.changeSettings(at: at("2021-07-06")) { $0.followUpTarget = 70 }
        // Setting what is already set adds nothing.
        t.changeSettings(at: at("2021-07-07")) { $0.followUpTarget = 70 }
        let back = try JSONDecoder().decode(Team.self, from: JSONEncoder().encode(t))
        #expect(back == t && back.settingsHistory.count == 3)
        #expect(back.settings(at: at("2021-07-01")).lostAfterDays == 3)
        #expect(back.settings(at: at("2021-07-04")).lostAfterDays == 4 && back.settings(at: at("2021-07-04")).followUpTarget == 80)
        #expect(back.settings(at: at("2021-07-08")).followUpTarget == 70)
        // A file without a history: its settings always held.
        #expect(try JSONDecoder().decode(Team.self, from: Data(#"{"name":"T","members":[],"lostAfterDays":5}"#.utf8)).settings(at: .distantPast).lostAfterDays == 5)
    }
}

@Suite struct FiguresOnTheDayTests {
    @Test func aContactCompletingTodayWasUnderFollowUpAndReachedToday() {
        var s = Story()
        s.call("C-1-K1", "2021-07-05", .reached, test: exitTest("2021-07-05"))
        let day5 = FollowUpFigures(desk: s.desk, day: d("2021-07-05"), clock: .wib).team
        #expect(day5.underFollowUp == 1 && day5.reached == 1 && day5.reachedShare == 1)
        #expect(day5.completed == 1 && day5.completedToDate == 1)
        // The next day: done, not under follow-up; completed to date, not on the day.
        let day6 = FollowUpFigures(desk: s.desk, day: d("2021-07-06"), clock: .wib).team
        #expect(day6.underFollowUp == 0 && day6.completed == 0 && day6.completedToDate == 1 && day6.followedToDate == 1)
    }

    @Test func lostAndConvertedAreOnTheDayAndToDate() {
        var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29")])
        for day in ["2021-07-02", "2021-07-03", "2021-07-04"] { s.call("C-1-K1", day, .noAnswer) }
        s.call("C-1-K2", "2021-07-04", .reached, test: ContactTest(kind: .entry, method: .pcr, date: d("2021-07-04"), result: .positive))
        let day4 = FollowUpFigures(desk: s.desk, day: d("2021-07-04"), clock: .wib).team
        #expect(day4.lost == 1 && day4.lostToDate == 1 && day4.convertedToCases == 1 && day4.convertedToCasesToDate == 1)
        #expect(day4.underFollowUp == 2 && day4.reached == 1)
        let day5 = FollowUpFigures(desk: s.desk, day: d("2021-07-05"), clock: .wib).team
        #expect(day5.lost == 0 && day5.lostToDate == 1 && day5.convertedToCases == 0 && day5.convertedToCasesToDate == 1)
        // The case is not under follow-up as a contact; the lost contact still is (to be found).
        #expect(day5.underFollowUp == 1)
        // Before any of it, nothing to date.
        let day3 = FollowUpFigures(desk: s.desk, day: d("2021-07-03"), clock: .wib).team
        #expect(day3.lostToDate == 0 && day3.convertedToCasesToDate == 0 && day3.underFollowUp == 2)
    }

    @Test func nobodyIsUnderFollowUpAfterTheirQuarantineEnds() {
        var s = Story()
        for day in ["2021-07-12", "2021-07-13", "2021-07-14"] { s.call("C-1-K1", day, .noAnswer) }
        let end = FollowUpFigures(desk: s.desk, day: d("2021-07-14"), clock: .wib).team
        #expect(end.underFollowUp == 1 && end.lostToDate == 1)
        let after = FollowUpFigures(desk: s.desk, day: d("2021-07-16"), clock: .wib).team
        #expect(after.underFollowUp == 0 && after.reached == 0 && after.lost == 0 && after.lostToDate == 1)
    }

    @Test func aNewCaseIsAKnownContactByThePersonMatchRule() {
        var s = Story()
        // Same NIK as contact C-1-K1, imported after the filing, never linked.
        let known = CaseRecord(caseId: "C-7", name: "A. Fauzi", nik: "3171000000000100", resultDate: d("2021-07-05"))
        let stranger = CaseRecord(caseId: "C-8", name: "Rudi", nik: "3171000000000999", resultDate: d("2021-07-05"))
        for b in Desk.importEvents([known, stranger], batch: "b5") { s.add(b, by: "lab", at: at("2021-07-05", 8)) }
        let f = FollowUpFigures(desk: s.desk, day: d("2021-07-05"), clock: .wib)
        #expect(f.newCases == 2 && f.newCasesAlreadyContacts == 1)
        #expect(s.desk.wasKnownContact(s.desk["C-7"]!) == PersonMatcher.matches(PersonQuery(known), in: s.desk).contains {
            if case .contact = $0.known { true } else { false }
        })
        // Kept apart by the data person: not the same person.
        s.add(.personLinked(PersonLink(contactId: "C-1-K1", toCase: "C-7", reason: .nik, linked: false)), by: "lead-01", at: at("2021-07-05", 9))
        #expect(FollowUpFigures(desk: s.desk, day: d("2021-07-05"), clock: .wib).newCasesAlreadyContacts == 0)
    }
}

@Suite struct ConvertedContactTests {
    @Test func aConvertedContactKeepsItsOnsetAndSaysWhereItCameFrom() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached, symptoms: [.fever])
        s.call("C-1-K1", "2021-07-05", .reached, symptoms: [.cough],
               test: ContactTest(kind: .entry, method: .pcr, date: d("2021-07-05"), result: .positive))
        let store = MemoryEventStore(events: s.events)
        let desk = try store.replay(team: s.team)
        let id = try #require(desk.followUps["C-1-K1"]?.convertedCaseId)
        let file = try #require(try desk.caseInFull(id, in: store))
        #expect(file.record.onsetDate == d("2021-07-03"))
        #expect(file.history.map(\.summary) == ["became a case: contact C-1-K1 of case C-1 tested positive on 05/07/2021"])
        Localization.$language.withValue(.id) {
            #expect(file.record.nikMissingReasonLabel == "tidak diberikan" || file.record.nik != nil)
            var noNIK = file.record
            noNIK.nik = nil; noNIK.nikMissingReason = CaseRecord.nikNotGiven
            #expect(noNIK.nikMissingReasonLabel == "tidak diberikan")
            #expect(file.history[0].summary == "menjadi kasus: kontak C-1-K1 dari kasus C-1 positif pada 05/07/2021")
        }
        // As a contact, no quarantine end any more.
        #expect(desk.followUps["C-1-K1"]?.quarantineEnd == nil)
    }

    @Test func aContactLinkedToACaseLaterIsNoLongerFollowedUpAsAContact() throws {
        var s = Story()
        s.call("C-1-K1", "2021-07-03", .reached)
        let record = CaseRecord(caseId: "LAB-9", name: "Ahmad Fauzi", nik: "3171000000000100", resultDate: d("2021-07-05"))
        for b in Desk.importEvents([record], batch: "b9") { s.add(b, by: "lab", at: at("2021-07-05", 8)) }
        s.add(.personLinked(PersonLink(contactId: "C-1-K1", toCase: "LAB-9", reason: .nik)), by: "lead-01", at: at("2021-07-05", 9))
        let desk = s.desk
        let f = try #require(desk.followUps["C-1-K1"])
        #expect(desk.status(of: f, on: d("2021-07-05")) == .convertedToCase && f.quarantineEnd == nil)
        #expect(desk.followUpList(for: "tracer-01", today: d("2021-07-06"), lostAfter: 3).allSatisfy { !desk.status(of: $0, on: d("2021-07-06")).isActive })
        #expect(desk.personSummary(ofContact: "C-1-K1", today: d("2021-07-06"))?.quarantineEnd == nil)
        // Nor on the case screen's list of the source case's contacts.
        #expect(desk.quarantineEnd(ofContact: "C-1-K1", filed: d("2021-07-14")) == nil)
        #expect(Story().desk.quarantineEnd(ofContact: "C-1-K1", filed: d("2021-07-14")) == d("2021-07-14"))
        #expect(desk.sourceCase(of: "LAB-9") == "C-1")
        // The day before the link they were a contact under follow-up.
        #expect(FollowUpFigures(desk: desk, day: d("2021-07-04"), clock: .wib).team.underFollowUp == 1)
        #expect(FollowUpFigures(desk: desk, day: d("2021-07-06"), clock: .wib).team.underFollowUp == 0)
    }
}

@Suite struct ImportPeopleTests {
    @Test func aRowWithAKnownContactsNIKIsReportedWithWhyAndLinkedOnlyWhenAsked() throws {
        var s = Story()
        let rows = [CaseRecord(caseId: "LAB-9", name: "Ahmad F.", nik: "3171000000000100", resultDate: d("2021-07-05")),
                    CaseRecord(caseId: "LAB-10", name: "Rudi", nik: "3171000000000999", resultDate: d("2021-07-05"))]
        let people = ImportPeople.find(rows, lines: [2, 3], in: s.desk)
        #expect(people.known.map(\.caseId) == ["LAB-9"] && people.known.first?.match.known == .contact(contactId: "C-1-K1", caseId: "C-1"))
        #expect(people.messages(file: "lab.csv") == ["lab.csv:2: case LAB-9 may be Ahmad Fauzi, contact C-1-K1 of case C-1 — same NIK"])
        #expect(people.sameNIK.isEmpty && !people.known.contains(where: \.isCase))
        // Linked: the contact is that case, attributed to whoever imported.
        for b in Desk.importEvents(rows, batch: "b9") + people.events(link: true) { s.add(b, by: "lead-01", at: at("2021-07-05", 8)) }
        let desk = s.desk
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
        #expect(desk.linkedCase["C-1-K1"] == "LAB-9" && desk.followUps["C-1-K1"]?.convertedCaseId == "LAB-9")
        // The same list again: decided, asked no more.
        #expect(ImportPeople.find(rows, lines: [2, 3], in: desk).known.isEmpty)
    }
}

@Suite struct OnePatientPerPersonTests {
    @Test func aLinkedOrConvertedContactIsOnePatientInTheFHIRBundle() throws {
        var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29")])
        s.call("C-1-K2", "2021-07-03", .reached, test: ContactTest(kind: .entry, method: .pcr, date: d("2021-07-03"), result: .positive))
        s.secondCase { desk, q in
            desk.undecidedMatches(for: "C-2-K1", q).first.map { [.personLinked(PersonLink(contactId: "C-2-K1", $0))] } ?? []
        }
        let desk = s.desk
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
        let cases = desk.cases.values
        let data = try FHIRBundle.data(cases: cases, person: { desk.fhirPerson(caseId: $0, contactId: $1) })
        let bundle = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let resources = (bundle?["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
        func count(_ kind: String) -> Int { resources.filter { $0["resourceType"] as? String == kind }.count }
        // C-1, C-2, Budi's case; Ahmad once though two cases named him.
        #expect(count("Patient") == 4, "\(resources.map { $0["id"] ?? "" })")
        #expect(count("RelatedPerson") == 3 && count("Observation") == 3)
        // Every reference resolves inside the bundle.
        let urls = Set((bundle?["entry"] as? [[String: Any]] ?? []).compactMap { $0["fullUrl"] as? String })
        let text = String(decoding: data, as: UTF8.self)
        let refs = text.matches(of: /"reference" : "([^"]+)"/).map { String($0.1) }
        #expect(!refs.isEmpty && refs.allSatisfy(urls.contains))
        // Without people known, as before: a Patient for each contact named.
        let apart = try JSONSerialization.jsonObject(with: FHIRBundle.data(cases: cases)) as? [String: Any]
        #expect(((apart?["entry"] as? [[String: Any]]) ?? []).filter { ($0["resource"] as? [String: Any])?["resourceType"] as? String == "Patient" }.count == 6)
        // And fhir.resources reads it (installed by .ci/run).
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("onepatient-\(getpid()).json").path
        try data.write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys
            from fhir.resources.R4B.bundle import Bundle
            text = open(sys.argv[1], encoding="utf-8").read()
            Bundle.model_validate_json(text) if hasattr(Bundle, "model_validate_json") else Bundle.parse_raw(text)
            """, file]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "fhir.resources refused the bundle")
    }
}

@Suite struct DatesChangedLaterTests {
    @Test func aCorrectedLastExposureRecomputesTheEndAndSaysSo() throws {
        var s = Story()
        let fix = EventBody.caseCorrected(CaseCorrection(caseId: "C-1", changes: [FieldChange(field: "last_exposure", from: "2021-06-30", to: "2021-07-02")],
                                                         reason: "met again on 2 July", contactId: "C-1-K1"))
        #expect(s.desk.refusal(fix, by: "tracer-01") != nil) // a lead's
        s.add(fix, by: "lead-01", at: at("2021-07-05"))
        let desk = s.desk
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
        let f = try #require(desk.followUps["C-1-K1"])
        #expect(f.quarantineEnd == d("2021-07-16"))
        #expect(f.endChanges.map { [$0.from, $0.to] } == [[d("2021-07-14"), d("2021-07-16")]] && f.endChanges.map(\.at) == [at("2021-07-05")])
        #expect(desk["C-1"]?.history.last?.summary == "last exposure of contact C-1-K1 corrected: quarantine end moved from 14/07/2021 to 16/07/2021")
        // The record of the case itself is untouched.
        #expect(desk["C-1"]?.record == Story().desk["C-1"]?.record)
        // The case screen's history, made again from the journal's places, says it too.
        let store = MemoryEventStore(events: s.events)
        let full = try #require(try store.replay(team: s.team).caseInFull("C-1", in: store))
        #expect(full.history.last?.summary == "last exposure of contact C-1-K1 corrected: quarantine end moved from 14/07/2021 to 16/07/2021")
    }

    @Test func anUnlinkThatMovesTheEndBackSaysSo() throws {
        var s = Story()
        s.secondCase { desk, q in desk.undecidedMatches(for: "C-2-K1", q).first.map { [.personLinked(PersonLink(contactId: "C-2-K1", $0))] } ?? [] }
        s.add(.personUnlinked(PersonLink(contactId: "C-2-K1", toContact: "C-1-K1", reason: .nik)), by: "lead-01", at: at("2021-07-06"))
        let f = try #require(s.desk.followUps["C-1-K1"])
        #expect(f.quarantineEnd == d("2021-07-14"))
        #expect(f.endChanges.map { [$0.from, $0.to] } == [[d("2021-07-14"), d("2021-07-18")], [d("2021-07-18"), d("2021-07-14")]])
    }
}

/// A fresh tester's findings: one person named by a case awaiting review.
@Suite struct PersonNamedAgainTests {
    /// C-1 approved with Ahmad Fauzi (NIK …0100); C-2 filed naming him again (same NIK),
    /// linked, awaiting review (or approved too).
    private func namedAgain(approveSecond: Bool = false) -> Story {
        var s = Story()
        let record = CaseRecord(caseId: "C-2", name: "Nur Hidayat", nik: "3171000000000002", resultDate: d("2021-07-04"))
        for b in Desk.importEvents([record], batch: "b2") { s.add(b, by: "lab", at: at("2021-07-04", 8)) }
        s.add(.caseClaimed(CaseClaim(caseId: "C-2")), by: "tracer-01", at: at("2021-07-04", 9))
        var dr = InterviewDraft(for: record, rules: .indonesia2021)
        dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = "2021-07-03"
        _ = dr.addContact(named: "Ahmad Fauzi", on: d("2021-07-03"))
        dr.contacts[0].criterion = "same_household"
        dr.contacts[0].nik = "3171000000000100"
        dr.contacts[0].lastExposure = "2021-07-03"
        s.add(.personLinked(PersonLink(contactId: "C-2-K1", toContact: "C-1-K1", reason: .nik)), by: "tracer-01", at: at("2021-07-04", 10))
        s.add(.interviewFiled(FiledInterview.file(dr, today: d("2021-07-04"))), by: "tracer-01", at: at("2021-07-04", 11))
        if approveSecond { s.add(.reviewApproved(ReviewDecision(caseId: "C-2")), by: "lead-01", at: at("2021-07-05", 8)) }
        return s
    }

    /// Item 3: every row of one person says the same: both cases, and that an exposure awaits
    /// review (its follow-up "completed" would contradict the newer exposure's row).
    @Test func everyRowOfALinkedPersonSaysTheSame() throws {
        let desk = namedAgain().desk
        let today = d("2021-07-20")
        let all = desk.personSummaries(today: today)
        let first = try #require(all["C-1-K1"]), second = try #require(all["C-2-K1"])
        #expect(first == second)
        #expect(first.caseIds == ["C-1", "C-2"])
        #expect(first.exposureAwaitingReview)
        // Once approved: one follow-up with both exposures, nothing waiting.
        let approved = namedAgain(approveSecond: true).desk.personSummaries(today: today)
        #expect(approved["C-1-K1"] == approved["C-2-K1"])
        #expect(approved["C-2-K1"]?.caseIds == ["C-1", "C-2"])
        #expect(approved["C-2-K1"]?.exposureAwaitingReview == false)
    }

    /// A tester's export: an unlinked contact of a case awaiting review had empty person
    /// columns while a linked one had them. Not yet under follow-up, it is still one person:
    /// its own id, its case, its end as filed, and an exposure awaiting review.
    @Test func anUnlinkedContactAwaitingReviewHasItsPersonToo() throws {
        let desk = Story(approve: false).desk
        let p = try #require(desk.personSummaries(today: d("2021-07-05"))["C-1-K1"])
        #expect(p.personId == "C-1-K1")
        #expect(p.caseIds == ["C-1"])
        #expect(p.quarantineEnd != nil)
        #expect(p.quarantineEnd == desk["C-1"]?.filing?.followUp.first?.quarantineEnd)
        #expect(p.exposureAwaitingReview)
        #expect(p.followUp == nil)
        // Once approved, the same person id.
        #expect(Story().desk.personSummaries(today: d("2021-07-05"))["C-1-K1"]?.personId == "C-1-K1")
    }

    /// Item 10: a person named by two cases is one node of the dot graph, declared once.
    @Test func aPersonNamedByTwoCasesIsDeclaredOnceInDot() {
        let desk = namedAgain(approveSecond: true).desk
        let dot = Desk.dot(desk.chains(today: d("2021-07-06")))
        let declarations = dot.split(separator: "\n").filter { $0.contains("\"contact:C-1-K1\" [shape") }
        #expect(declarations.count == 1, "\(dot)")
        #expect(dot.contains("\"case:C-1\" -> \"contact:C-1-K1\"") && dot.contains("\"case:C-2\" -> \"contact:C-1-K1\""), "\(dot)")
    }

    /// Item 2 at import: a line-list row with the NIK of a contact still awaiting review is
    /// asked about, as one approved is.
    @Test func anImportedRowMatchesAContactAwaitingReview() {
        let waiting = Story(approve: false).desk
        #expect(waiting["C-1"]?.status == .awaitingReview)
        let row = CaseRecord(caseId: "LAB-9", name: "Ahmad Fauzi", nik: "3171000000000100", resultDate: d("2021-07-05"))
        let found = ImportPeople.find([row], lines: [2], in: waiting)
        #expect(found.known.map(\.match.known) == [.contact(contactId: "C-1-K1", caseId: "C-1")])
    }

    /// Item 11: "to date" counts outcomes (WHO's shares): a contact lost for days and then
    /// reached to the end is completed, and the line says "still lost".
    @Test func lostToDateCountsThoseStillLostAndSaysSo() {
        var s = Story()
        s.call("C-1-K1", "2021-07-02", .reached)
        let lostDay = FollowUpFigures(desk: s.desk, day: d("2021-07-08"), clock: .wib).team
        #expect(lostDay.lostToDate == 1)
        for day in ["2021-07-09", "2021-07-10", "2021-07-11", "2021-07-12", "2021-07-13", "2021-07-14"] { s.call("C-1-K1", day, .reached) }
        let end = FollowUpFigures(desk: s.desk, day: d("2021-07-14"), clock: .wib).team
        #expect(end.lostToDate == 0 && end.completedToDate == 1)
        let line = FollowUpFigures.line(end, target: 80)
        #expect(line.contains("still lost 0"), "\(line)")
        Localization.$language.withValue(.id) {
            #expect(FollowUpFigures.line(end, target: 80).contains("masih hilang 0"))
        }
    }

    /// Item 9: a refused date's examples are today's, not 2021's.
    @Test func aRefusedDatesExamplesAreTodays() {
        let today = d("2026-11-30")
        #expect(DateText.typedExamples(today) == "30/11, 30/11/2026, 2026-11-30")
        var dr = InterviewDraft(for: CaseRecord(caseId: "C-9", name: "X", resultDate: today), rules: .indonesia2021)
        dr.symptomatic = "no"; dr.specimen = "kemarin lusa"
        let problems = InterviewCheck.symptoms(dr, today: today).map(\.message)
        #expect(problems.contains("\"kemarin lusa\" is not a date: write 30/11, 30/11/2026, 2026-11-30 or today"), "\(problems)")
    }
}

/// A returned interview filed again without a contact it named: that contact is gone from the
/// registry (matches, follow-up, export), whether review was on or off when it was filed.
@Suite struct RefiledWithoutAContactTests {
    /// C-1 filed naming Ahmad (K1) and Budi (K2), returned, and filed again naming Ahmad alone.
    private func refiled(reviewOff: Bool, approveAfter: Bool = false, linkFirst: Bool = false) -> Story {
        var t = fuTeam
        t.reviewRequired = !reviewOff
        var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi", "2021-06-29")], approve: false, team: t)
        if reviewOff { s.call("C-1-K2", "2021-07-02", .reached) }
        if linkFirst {
            // C-2 names Budi too (his NIK) and links him: one person, two exposures.
            s.secondCase(name: "Budi", nik: "3171000000000101", last: "2021-07-04") { desk, q in
                desk.undecidedMatches(for: "C-2-K1", q).prefix(1).map { .personLinked(PersonLink(contactId: "C-2-K1", $0)) }
            }
        }
        s.add(.reviewReturned(ReviewDecision(caseId: "C-1", note: "Budi tidak kontak erat")), by: "lead-01", at: at("2021-07-05", 8))
        var dr = s.draft
        dr.removeContact(dr.contacts[1].id)
        s.add(.interviewFiled(FiledInterview.file(dr, today: d("2021-07-05"))), by: "tracer-01", at: at("2021-07-05", 9))
        if approveAfter { s.add(.reviewApproved(ReviewDecision(caseId: "C-1")), by: "lead-01", at: at("2021-07-05", 10)) }
        return s
    }

    private func expectBudiGone(_ desk: Desk, file: Bool = true) {
        #expect(desk.anomalies.isEmpty)
        // Not offered as a match: his NIK, his phone, his name beside a household's kelurahan.
        let q = PersonQuery(name: "Budi", nik: "3171000000000101", phone: "081200000101", caseId: "C-9")
        #expect(!desk.undecidedMatches(for: "C-9-K1", q).contains { $0.known == .contact(contactId: "C-1-K2", caseId: "C-1") })
        #expect(!PersonMatcher.matchesByScanning(q, in: desk).contains { $0.known == .contact(contactId: "C-1-K2", caseId: "C-1") })
        // Not followed up, in no list.
        #expect(desk.person(ofContact: "C-1-K2") == nil)
        #expect(!desk.followUpOrder.contains("C-1-K2"))
        #expect(desk.followUpList(for: "tracer-01", today: d("2021-07-05"), lostAfter: 3).map(\.id).allSatisfy { $0 != "C-1-K2" })
        #expect(desk.followUpList(for: nil, today: d("2021-07-05"), lostAfter: 3).allSatisfy { f in !f.exposures.contains { $0.contactId == "C-1-K2" } })
        // Not exported: `export contacts` lists the filing's contacts and each one's person.
        #expect(desk.cases["C-1"]?.contacts.map(\.contactId) == ["C-1-K1"])
        #expect(desk.personSummaries(today: d("2021-07-05"))["C-1-K2"] == nil)
        #expect(desk.personSummaries(today: d("2021-07-05")).values.allSatisfy { !($0.personId == "C-1-K2" && $0.caseIds.contains("C-1")) })
    }

    @Test func withReviewOffItsFollowUpEnds() {
        let desk = refiled(reviewOff: true).desk
        expectBudiGone(desk)
        #expect(desk.person(ofContact: "C-1-K1")?.exposures.map(\.caseId) == ["C-1"])
        #expect(desk.followUpList(for: "tracer-01", today: d("2021-07-05"), lostAfter: 3).map(\.id) == ["C-1-K1"])
    }

    @Test func withReviewOnHeIsNeverFollowedUp() {
        expectBudiGone(refiled(reviewOff: false).desk)
        let approved = refiled(reviewOff: false, approveAfter: true).desk
        expectBudiGone(approved)
        #expect(approved.followUps.count == 1 && approved.person(ofContact: "C-1-K1") != nil)
    }

    @Test func linkedToAnotherCaseOnlyThatExposureStaysAndTheEndMovesBackSaying() throws {
        let desk = refiled(reviewOff: true, linkFirst: true).desk
        #expect(desk.anomalies.isEmpty)
        let person = try #require(desk.person(ofContact: "C-2-K1"))
        #expect(person.exposures.map(\.caseId) == ["C-2"])
        #expect(desk.personSummary(ofContact: "C-2-K1", today: d("2021-07-05"))?.caseIds == ["C-2"])
        #expect(desk.personSummaries(today: d("2021-07-05"))["C-1-K2"] == nil)
        #expect(person.quarantineEnd == d("2021-07-18"))
        #expect(desk.followUpList(for: nil, today: d("2021-07-05"), lostAfter: 3).allSatisfy { f in !f.exposures.contains { $0.contactId == "C-1-K2" } })
    }
}


/// A check is held in short (issue 16: a city's month is a million of them); what the desk
/// shows and decides from it must be what it was when each check held its whole call.
@Suite struct ChecksHeldInShortTests {
    private func randomCall(_ rng: inout SplitMix64, contact: String, day: Day) -> FollowUpCall {
        let outcome = FollowUpCall.outcomes.randomElement(using: &rng)!
        var symptoms: [Symptom]?
        if outcome == .reached || Int.random(in: 0..<8, using: &rng) == 0 {
            // Mostly none or in the form's order; sometimes out of order or repeated.
            symptoms = (0..<Int.random(in: 0...3, using: &rng)).map { _ in Symptom.allCases.randomElement(using: &rng)! }
            if Bool.random(using: &rng) { symptoms = Array(Set(symptoms!)).sorted { Symptom.allCases.firstIndex(of: $0)! < Symptom.allCases.firstIndex(of: $1)! } }
        }
        var c = FollowUpCall(contactId: contact, day: day, outcome: outcome, symptoms: symptoms)
        if Int.random(in: 0..<4, using: &rng) == 0 { c.otherSymptom = "pusing \(Int.random(in: 0..<9, using: &rng))" }
        if Int.random(in: 0..<4, using: &rng) == 0 { c.note = ["", "minta ditelepon sore", "HP mati"].randomElement(using: &rng)! }
        if Int.random(in: 0..<5, using: &rng) == 0 {
            c.test = ContactTest(kind: Bool.random(using: &rng) ? .entry : .exit, method: Bool.random(using: &rng) ? .pcr : .antigen,
                                 date: day, result: Int.random(in: 0..<6, using: &rng) == 0 ? .positive : .negative)
        }
        c.unconfirmed = [nil, false, true].randomElement(using: &rng)!
        return c
    }

    @Test func aCheckGivesBackItsCallExactly() {
        var rng = SplitMix64(seed: 16)
        for i in 0..<5_000 {
            let call = randomCall(&rng, contact: "C-\(i)-K1", day: d("2021-07-01").adding(days: i % 30))
            let check = FollowUpCheck(at: at("2021-07-01"), by: "tracer-01", call: call)
            #expect(check.call == call)
            #expect(check.day == call.day && check.outcome == call.outcome && check.test == call.test && check.symptoms == call.symptoms)
            #expect(check.isUnconfirmed == (call.unconfirmed == true))
            #expect(check.saidSymptoms == !(call.symptoms ?? []).isEmpty)
            var changed = check
            changed.call = FollowUpCall(contactId: call.contactId, day: call.day, outcome: .busy)
            #expect(changed.call == FollowUpCall(contactId: call.contactId, day: call.day, outcome: .busy))
        }
    }

    /// The status as it was worked out when every check held its whole call.
    private func statusAsBefore(_ f: FollowUp, today: Day, lostAfter: Int) -> FollowUpStatus {
        let calls = f.checks.map(\.call), confirmed = calls.filter { $0.unconfirmed != true }
        func reached(_ d: Day) -> Bool { confirmed.contains { $0.day == d && $0.outcome == .reached } }
        func unreached(_ today: Day) -> Int {
            var d = confirmed.contains { $0.day == today } ? today : today.adding(days: -1), n = 0
            while d >= f.since, !reached(d) { n += 1; d = d.adding(days: -1) }
            return n
        }
        if f.convertedCaseId != nil || calls.compactMap(\.test).contains(where: { $0.result == .positive }) { return .convertedToCase }
        guard let last = f.lastExposure else { return .underFollowUp }
        let exit = f.rules.exitTestDay.flatMap { exitDay in
            calls.compactMap { c -> Day? in
                guard let t = c.test, t.kind == .exit, t.result == .negative, t.date.days(since: last) >= exitDay else { return nil }
                return t.date
            }.min()
        }
        let end = f.rules.quarantineEnd(lastExposure: last, negativeExitTestOn: exit)
        if confirmed.contains(where: { $0.outcome == .reached && $0.day >= end }) { return .completed }
        if today > end { return unreached(end) >= lostAfter ? .lost : .ended }
        if unreached(today) >= lostAfter { return .lost }
        if let c = confirmed.last(where: { $0.outcome == .reached }), !(c.symptoms ?? []).isEmpty { return .symptomatic }
        return .underFollowUp
    }

    /// A month of random calls to three contacts: every day's status, figures-as-of and
    /// list of checks on the desk are what they were with whole calls.
    @Test func aDeskWithChecksInShortDecidesAndShowsAsBefore() {
        for seed in UInt64(1)...20 {
            var rng = SplitMix64(seed: seed)
            var s = Story(contacts: [("Ahmad Fauzi", "2021-06-30"), ("Budi Santoso", "2021-06-29"), ("Citra Lestari", "2021-06-30")])
            var made: [String: [FollowUpCall]] = [:]
            for day in 2...25 {
                for k in 1...3 where Int.random(in: 0..<3, using: &rng) > 0 {
                    let contact = "C-1-K\(k)", date = d("2021-07-01").adding(days: day - 1)
                    guard s.desk.followUps[contact]?.convertedCaseId == nil else { continue }
                    var call = randomCall(&rng, contact: contact, day: date)
                    if call.outcome != .reached { call.symptoms = nil }
                    for b in s.desk.eventsForFollowUpCall(call) { s.add(b, by: "tracer-01", at: at(date.description, 11)) }
                    made[contact, default: []].append(call)
                }
            }
            let desk = s.desk
            for (contact, calls) in made {
                let f = desk.followUps[contact]!
                #expect(f.checks.map(\.call) == calls)
                for day in 1...30 {
                    let today = d("2021-07-01").adding(days: day - 1)
                    for lostAfter in [2, 3] {
                        #expect(f.status(today: today, lostAfter: lostAfter) == statusAsBefore(f, today: today, lostAfter: lostAfter))
                        #expect(f.asOf(today).status(today: today, lostAfter: lostAfter)
                                == statusAsBefore(f.asOf(today), today: today, lostAfter: lostAfter))
                    }
                    #expect(f.checks(on: today).map(\.call) == calls.filter { $0.day == today })
                }
            }
        }
    }
}
