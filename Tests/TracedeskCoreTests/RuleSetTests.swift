import Foundation
import Testing
@testable import TracedeskCore

/// Worked examples per rule set. Day 0 is the day of last exposure.
@Suite struct RuleSetTests {
    struct PeriodCase: Sendable, CustomTestStringConvertible {
        let rules: RuleSet
        let onset: String?, specimen: String?, isolation: String?, today: String
        let start: String, end: String
        var testDescription: String { "\(rules.id) onset \(onset ?? "-") specimen \(specimen ?? "-")" }
    }

    static let periods: [PeriodCase] = [
        // KMK HK.01.07/MENKES/4641/2021: symptomatic, 2 days before onset to 14 after, or isolation if earlier.
        PeriodCase(rules: .indonesia2021, onset: "2021-07-05", specimen: nil, isolation: "2021-07-08", today: "2021-07-10", start: "2021-07-03", end: "2021-07-08"),
        PeriodCase(rules: .indonesia2021, onset: "2021-07-05", specimen: nil, isolation: nil, today: "2021-07-30", start: "2021-07-03", end: "2021-07-19"),
        // KMK 4641: asymptomatic, from 2 days before the specimen date (to isolation or today).
        PeriodCase(rules: .indonesia2021, onset: nil, specimen: "2021-07-05", isolation: nil, today: "2021-07-07", start: "2021-07-03", end: "2021-07-07"),
        // WHO Feb 2021: 2 days before to 10 days after onset / specimen.
        PeriodCase(rules: .who2021, onset: "2021-07-05", specimen: nil, isolation: nil, today: "2021-07-30", start: "2021-07-03", end: "2021-07-15"),
        PeriodCase(rules: .who2021, onset: nil, specimen: "2021-07-05", isolation: nil, today: "2021-07-30", start: "2021-07-03", end: "2021-07-15"),
        // CDC 2020-21: 2 days before onset or specimen, until isolation.
        PeriodCase(rules: .cdc2020, onset: "2021-07-05", specimen: nil, isolation: "2021-07-06", today: "2021-07-30", start: "2021-07-03", end: "2021-07-06"),
        PeriodCase(rules: .cdc2020, onset: nil, specimen: "2021-07-05", isolation: nil, today: "2021-07-09", start: "2021-07-03", end: "2021-07-09"),
    ]

    @Test(arguments: periods) func infectiousPeriod(_ c: PeriodCase) {
        let p = c.rules.infectiousPeriod(onset: c.onset.map(day), specimen: c.specimen.map(day),
                                         isolation: c.isolation.map(day), today: day(c.today))
        #expect(p == InfectiousPeriod(start: day(c.start), end: day(c.end)))
    }

    struct QuarantineCase: Sendable, CustomTestStringConvertible {
        let rules: RuleSet
        let last: String, negativeTest: String?, end: String
        var testDescription: String { "\(rules.id) last \(last) test \(negativeTest ?? "-")" }
    }

    static let quarantines: [QuarantineCase] = [
        // WHO: 14 days after last exposure; day 0 = last exposure, so Monday 5 → Monday 19.
        QuarantineCase(rules: .who2021, last: "2021-07-05", negativeTest: nil, end: "2021-07-19"),
        QuarantineCase(rules: .who2021, last: "2021-07-05", negativeTest: "2021-07-10", end: "2021-07-19"),
        // Indonesia 2021: exit test on day 5; negative ends quarantine; no test, full 14 days.
        QuarantineCase(rules: .indonesia2021, last: "2021-07-05", negativeTest: nil, end: "2021-07-19"),
        QuarantineCase(rules: .indonesia2021, last: "2021-07-05", negativeTest: "2021-07-10", end: "2021-07-10"),
        QuarantineCase(rules: .indonesia2021, last: "2021-07-05", negativeTest: "2021-07-09", end: "2021-07-19"), // day 4: too early
        // CDC Dec 2020: 10 days, or 7 with a negative test.
        QuarantineCase(rules: .cdc2020, last: "2021-07-05", negativeTest: nil, end: "2021-07-15"),
        QuarantineCase(rules: .cdc2020, last: "2021-07-05", negativeTest: "2021-07-12", end: "2021-07-12"),
    ]

    @Test(arguments: quarantines) func quarantineEnd(_ c: QuarantineCase) {
        #expect(c.rules.quarantineEnd(lastExposure: day(c.last), negativeExitTestOn: c.negativeTest.map(day)) == day(c.end))
    }

    @Test func dayZeroIsTheDayOfLastExposure() {
        // Exposed on the 5th: day 1 is the 6th, day 14 the 19th, when quarantine ends.
        let end = RuleSet.indonesia2021.quarantineEnd(lastExposure: day("2021-07-05"))
        #expect(end.days(since: day("2021-07-05")) == 14)
    }

    @Test(arguments: RuleSet.all) func closeContactNeedsACriterionInsideThePeriod(_ rules: RuleSet) {
        let p = InfectiousPeriod(start: day("2021-07-03"), end: day("2021-07-08"))
        #expect(rules.classify(criterion: .faceToFace, lastExposure: day("2021-07-03"), firstExposure: nil, period: p) == .close)
        #expect(rules.classify(criterion: .sameHousehold, lastExposure: day("2021-07-08"), firstExposure: day("2021-07-01"), period: p) == .close)
        #expect(rules.classify(criterion: .faceToFace, lastExposure: day("2021-07-02"), firstExposure: nil, period: p)
                == .notClose("met outside the infectious period"))
        #expect(rules.classify(criterion: ContactCriterion.none, lastExposure: day("2021-07-04"), firstExposure: nil, period: p).isClose == false)
        #expect(rules.classify(criterion: nil, lastExposure: day("2021-07-04"), firstExposure: nil, period: p).isClose == false)
    }
}

@Suite struct InterviewCheckTests {
    let today = day("2021-07-10")

    func draft() -> InterviewDraft {
        var d = InterviewDraft(for: CaseRecord(caseId: "C1", name: "Siti", resultDate: day("2021-07-07")), rules: .indonesia2021)
        d.consent = "given"; d.symptomatic = "yes"; d.onset = "2021-07-05"; d.specimen = "2021-07-06"; d.isolation = "2021-07-08"
        return d
    }

    @Test func namingTheSamePersonOnTwoDaysAccumulatesExposure() {
        var d = draft()
        let id = d.addContact(named: "Budi", on: day("2021-07-04"))
        d.meet(id, on: day("2021-07-07"))
        d.meet(id, on: day("2021-07-07"))
        #expect(d.contacts.count == 1)
        #expect(d.contact(id)?.exposureDays == [day("2021-07-04"), day("2021-07-07")])
        #expect(d.contact(id)?.firstExposureDay == day("2021-07-04"))
        #expect(d.contact(id)?.lastExposureDay == day("2021-07-07"))
        #expect(d.days[day("2021-07-07")]?.met == [id])
    }

    @Test func exposureDatesOutsideThePeriodAfterIsolationOrInTheFutureAreRefusedWithTheReason() {
        var d = draft()
        let id = d.addContact(named: "Ani", on: nil)
        func problems(last: String, first: String = "") -> [String] {
            var c = d.contact(id)!
            c.lastExposure = last; c.firstExposure = first
            return InterviewCheck.contact(c, in: d, today: today).filter(\.isError).map(\.message)
        }
        #expect(problems(last: "2021-07-01") == ["01/07/2021 is outside the infectious period (03/07/2021 to 08/07/2021)"])
        #expect(problems(last: "2021-07-09") == ["09/07/2021 is after the patient isolated (08/07/2021)"])
        #expect(problems(last: "2021-07-11") == ["11/07/2021 is in the future"])
        #expect(problems(last: "2021-07-04", first: "2021-07-06") == ["last exposure 04/07/2021 is before first exposure 06/07/2021"])
        #expect(problems(last: "kemarin") == ["\"kemarin\" is not a date: write \(DateText.typedExamples(today)) or today"])
        #expect(problems(last: "2021-07-05").isEmpty)
        d.isolation = ""
    }

    @Test func onsetLongAfterSpecimenIsFlagged() {
        var d = draft()
        d.specimen = "2021-06-20"
        d.isolation = ""
        let w = InterviewCheck.symptoms(d, today: today).filter { !$0.isError }
        #expect(w.map(\.message) == ["onset 05/07/2021 is 15 days after the specimen date; check with the patient"])
    }

    @Test func filingComputesClassificationAndQuarantineEnd() {
        var d = draft()
        let a = d.addContact(named: "Budi", on: day("2021-07-04"))
        d.meet(a, on: day("2021-07-07"))
        let b = d.addContact(named: "Ani", on: day("2021-07-05"))
        for i in d.contacts.indices { d.contacts[i].criterion = "face_to_face"; d.contacts[i].phone = "0812-1111-2222" }
        d.contacts[1].criterion = "none"
        let filed = FiledInterview.file(d, today: today)
        #expect(filed.contacts.map(\.contactId) == ["C1-\(a)", "C1-\(b)"])
        #expect(filed.contacts[0].lastExposure == day("2021-07-07"))
        #expect(filed.contacts[0].quarantineEnd == day("2021-07-21"))
        #expect(filed.contacts[0].isClose)
        #expect(filed.contacts[1].isClose == false)
        #expect(filed.contacts[1].quarantineEnd == nil)
        #expect(filed.contacts[0].phone == "+6281211112222")
    }
}

@Suite struct DraftSchemaTests {
    @Test func aDraftFromBeforeAFieldExistedStillDecodes() throws {
        // As an early build wrote it: no pendingPlace/pendingPerson, a contact without notes.
        let old = #"{"caseId":"C1","ruleSetId":"who-2021","step":{"symptoms":{}},"confirmedName":"Siti","confirmedNik":"","confirmedPhone":"","consent":"given","symptomatic":"yes","onset":"2021-07-02","specimen":"","isolation":"","newestFirst":false,"days":{"2021-07-02":{"visits":[{"kind":"home","place":"rumah"}],"met":["K1"],"nothingToRecord":false}},"contacts":[{"id":"K1","name":"Budi","exposureDays":["2021-07-02"]}],"nextContactNumber":2}"#
        let d = try JournalCoding.decoder().decode(InterviewDraft.self, from: Data(old.utf8))
        #expect(d.rules == .who2021)
        #expect(d.step == .symptoms)
        #expect(d.newestFirst == false)
        #expect(d.pendingPerson == "")
        #expect(d.contacts.first?.notes == "")
        #expect(d.days[day("2021-07-02")]?.visits.first?.place == "rumah")
        // And what is written today reads back the same.
        let again = try JournalCoding.decoder().decode(InterviewDraft.self, from: JournalCoding.encoder().encode(d))
        #expect(again == d)
    }
}
