import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

@Suite struct InterviewScreenTests {
    static let sizes: [(Int, Int)] = [(80, 24), (132, 43)]

    /// Opens C-OLD and starts the interview.
    func start(_ w: Int, _ h: Int) -> DeskHarness {
        let harness = DeskHarness(events: smallQueue(), width: w, height: h)
        harness.type(.down, .enter, .char("i"))
        return harness
    }

    func fits(_ h: DeskHarness, _ w: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in h.screen { #expect(DisplayWidth.of(line) == w, sourceLocation: sourceLocation) }
    }

    /// Identity and symptoms for a symptomatic patient, isolating since 4 July: 30 June – 4 July.
    func throughSymptoms(_ h: DeskHarness) {
        h.type(.tab, .tab, .tab, .right)         // consent: given
        h.type(.pageDown)
        h.type(.right, .tab)                     // symptoms: yes
        h.type(text: "2021-07-02")
        h.type(.tab); h.type(text: "2021-07-03")
        h.type(.tab); h.type(text: "2021-07-04")
        h.type(.pageDown)
    }

    @Test(arguments: sizes) func identityAndConsent(_ size: (Int, Int)) {
        let h = start(size.0, size.1)
        #expect(h.row(0).contains("Interview · C-OLD · Siti Rahmawati"))
        #expect(h.row(1).contains("1 Identity › 2 Symptoms"))
        #expect(h.text.contains("Line list: Siti Rahmawati · 3171234567890123 · 0812-3456-7890"))
        h.type(.pageDown)
        #expect(h.text.contains("Fix first: record whether the patient consents"))
        #expect(h.row(1).contains("1 Identity"))
        fits(h, size.0)
        // A bad NIK is refused at the field, and what was typed stays.
        h.type(.tab, .ctrl("u"))
        h.type(text: "123")
        h.type(.tab)
        #expect(h.text.contains("NIK must be 16 digits"))
        #expect(h.text.contains("123"))
    }

    @Test(arguments: sizes) func symptomsShowTheInfectiousPeriod(_ size: (Int, Int)) {
        let h = start(size.0, size.1)
        h.type(.tab, .tab, .tab, .right, .pageDown)
        #expect(h.text.contains("Symptoms"))
        h.type(.right, .tab)
        h.type(text: "2021-07-09")
        h.type(.tab)
        #expect(h.text.contains("09/07/2021 is in the future"))
        h.type(.backTab)
        h.type(.ctrl("u")); h.type(text: "2021-07-02")
        h.type(.tab); h.type(text: "2021-07-03")
        h.type(.tab); h.type(text: "2021-07-04")
        h.type(.tab)
        #expect(h.text.contains("Wednesday 30 June 2021 → Sunday 4 July 2021 · 5 days to walk"))
        #expect(h.text.contains("Indonesia 2021 (Kemenkes) v1"))
        fits(h, size.0)
    }

    @Test(arguments: sizes) func theWalkFromDayToDayToFiling(_ size: (Int, Int)) throws {
        let h = start(size.0, size.1)
        throughSymptoms(h)
        #expect(h.text.contains("Sunday 4 July 2021 — day 5 of 5"))
        h.type(.tab); h.type(text: "rumah, Jl. Cikini")
        h.type(.enter)
        h.type(text: "Budi Santoso")
        h.type(.enter)
        #expect(h.text.contains("1. home — rumah, Jl. Cikini"))
        #expect(h.text.contains("K1 Budi Santoso"))
        fits(h, size.0)
        h.type(.pageDown)
        #expect(h.text.contains("Saturday 3 July 2021 — day 4 of 5"))
        h.type(.tab, .tab)
        h.type(text: "bud")
        #expect(h.text.contains("Named before"))
        h.type(.down, .enter)                    // picks Budi, not a new person
        #expect(h.text.contains("K1 Budi Santoso  (also 04/07)"))
        h.type(text: "Ngụy Thị 王")
        h.type(.enter)
        #expect(h.text.contains("K2 Ngụy Thị 王"))
        fits(h, size.0)
        h.type(.pageDown, .function(4))          // 2 July: nothing to record
        #expect(h.text.contains("nothing to record"))
        h.type(.pageDown, .pageDown, .pageDown)  // 1 July, 30 June, contacts
        #expect(h.row(1).contains("4 Contacts 2"))
        #expect(h.text.contains("Budi Santoso"))
        fits(h, size.0)

        // Budi: phone and criterion.
        h.type(.enter, .tab)
        h.type(text: "0812 1111 2222")
        for _ in 0..<9 { h.type(.tab) }
        h.type(.right)                           // face to face
        #expect(h.text.contains("→ close contact · quarantine until Sunday 18 July 2021 (day 0 = 04/07/2021)"))
        fits(h, size.0)
        h.type(.escape, .down, .enter)
        // Ngụy: an exposure date outside the period is refused with the reason, then fixed.
        h.type(.tab); h.type(text: "0813-2222-3333")
        for _ in 0..<8 { h.type(.tab) }
        h.type(text: "2021-06-20")
        h.type(.tab)
        #expect(h.text.contains("20/06/2021 is outside the infectious period (30/06/2021 to 04/07/2021)"))
        h.type(.backTab, .ctrl("u"))
        h.type(text: "2021-07-03")
        h.type(.tab, .right, .right)             // physical contact
        #expect(h.text.contains("→ close contact"))
        h.type(.escape)
        #expect(h.text.contains("close"))

        h.type(.function(9))
        #expect(h.row(1).contains("5 Review"))
        #expect(h.text.contains("2 named, 2 close"))
        #expect(h.text.contains("K1 Budi Santoso · close · quarantine until 18/07"), "a list writes this year's day without its year")
        #expect(h.text.contains("0 to fix"))
        fits(h, size.0)
        h.type(.char("f"))
        #expect(h.text.contains("File this interview now?"))
        h.type(.char("y"))
        #expect(h.text.contains("Filed: C-OLD with 2 contacts, awaiting review."))
        #expect(h.row(2).contains("Patient")) // back on the queue

        guard case .interviewFiled(let filed) = h.store.events.last!.body else {
            Issue.record("no interview.filed event"); return
        }
        #expect(filed.contacts.map(\.name) == ["Budi Santoso", "Ngụy Thị 王"])
        #expect(filed.contacts.map { $0.lastExposure?.iso } == ["2021-07-04", "2021-07-03"])
        #expect(filed.contacts.map { $0.quarantineEnd?.iso } == ["2021-07-18", "2021-07-17"])
        #expect(filed.contacts[0].exposureDays.map(\.iso) == ["2021-07-03", "2021-07-04"])
        #expect(filed.period == InfectiousPeriod(start: Day(parsing: "2021-06-30")!, end: Day(parsing: "2021-07-04")!))
        #expect(filed.daysWalked == 3)
        #expect(h.loop.app.context.desk["C-OLD"]?.status == .awaitingReview)
    }

    @Test func filingIsBlockedWhileErrorsRemainAndReviewJumpsToThem() {
        let h = start(80, 24)
        throughSymptoms(h)
        h.type(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown)
        h.type(.char("a"))
        h.type(text: "Rudi")
        h.type(.tab)
        h.type(text: "0812")                       // not a phone number
        h.type(.escape, .function(10))
        #expect(h.text.contains("Cannot file yet: 2 problems to fix"))
        #expect(h.row(1).contains("5 Review"))
        for _ in 0..<20 {
            if let r = h.rowIndex(containing: "✗ K1 Rudi: not an Indonesian phone number"),
               h.terminal.lastFrame!.slots(row: r).first == .selected { break }
            h.type(.down)
        }
        h.type(.enter)
        #expect(h.row(1).contains("4 Contacts"))
        #expect(h.text.contains("Contact K1"))
        #expect(h.text.contains("✗ not an Indonesian phone number"))
        #expect(h.text.contains("0812"))
    }

    @Test func walkingOldestFirstNumbersTheDaysFromThePeriodStart() {
        let h = start(80, 24)
        h.type(.tab, .tab, .tab, .right, .pageDown)
        h.type(.right, .tab); h.type(text: "2021-07-02")
        h.type(.tab); h.type(text: "2021-07-03")
        h.type(.tab); h.type(text: "2021-07-04")
        h.type(.tab, .right)                     // walk the days: oldest first
        h.type(.pageDown)
        #expect(h.text.contains("Wednesday 30 June 2021 — day 1 of 5"))
        h.type(.pageDown)
        #expect(h.text.contains("Thursday 1 July 2021 — day 2 of 5"))
    }

    @Test func deletingAContactAsksFirst() {
        let h = start(80, 24)
        throughSymptoms(h)
        h.type(.tab, .tab); h.type(text: "Budi"); h.type(.enter)
        h.type(.function(9), .pageUp)
        #expect(h.text.contains("Budi"))
        h.type(.char("d"))
        #expect(h.text.contains("Delete Budi? y = delete"))
        h.type(.char("n"))
        #expect(h.row(1).contains("4 Contacts 1"))
        h.type(.char("d"), .char("y"))
        #expect(h.row(1).contains("4 Contacts 0"))
        #expect(h.text.contains("Nobody named yet"))
    }

    @Test func everyMoveIsJournaledAndARestartResumesAtTheSameScreen() {
        let h = start(80, 24)
        throughSymptoms(h)
        h.type(.tab); h.type(text: "pasar")
        h.loop.step()                              // the tracer pauses: idle saves typing in progress
        h.type(.enter)
        h.type(text: "Siti Aminah")
        h.loop.step()
        let saved = h.store.events.filter { if case .interviewSaved = $0.body { true } else { false } }
        #expect(saved.count >= 5)
        // kill -9 here: a new desk on the same events.
        // It opens on the queue with the case marked (keys typed at once reach no field); i
        // goes back to the same screen.
        let again = DeskHarness(events: h.store.events)
        #expect(again.text.contains("Interview C-OLD saved — press i to continue."), "\(again.text)")
        again.type(.char("i"))
        #expect(again.text.contains("Resumed your interview with Siti Rahmawati"))
        #expect(again.text.contains("Sunday 4 July 2021 — day 5 of 5"))
        #expect(again.text.contains("home — pasar"))
        #expect(again.text.contains("Siti Aminah") )
    }

    @Test func leavingKeepsTheDraftAndIResumes() {
        let h = start(80, 24)
        h.type(.tab, .tab, .tab, .right, .pageDown)
        h.type(.escape)
        #expect(h.text.contains("Interview draft kept. Press i on the case to resume."))
        #expect(h.row(0).contains("Case C-OLD"))
        #expect(h.text.contains("interview in progress: i resumes"))
        h.type(.char("i"))
        #expect(h.row(1).contains("2 Symptoms"))
    }

    @Test func theCaseUnderAnInterviewIsReadAgainOnlyWhenItIsShown() {
        let h = start(80, 24)
        h.type(.tab, .tab, .tab, .right, .pageDown) // a move between screens saves the draft
        // Each saved draft is an event about the case; the case screen under the interview
        // does not read the case again for it (that would be the journal on the key path).
        var app = h.loop.app
        guard case .interview = app.top else { Issue.record("no interview on top"); return }
        let saved = h.store.events.filter { $0.caseId == "C-OLD" }
        #expect(!app.update(.saved(number: 0, .draftSaved(caseId: "C-OLD"), Array(saved.suffix(1)))).contains(.loadCase(caseId: "C-OLD")))
        // Back on the case screen, it is read once, with the interview's line in its history.
        h.type(.escape)
        #expect(h.text.contains("interview started"))
    }

    @Test func refusalEndsTheInterviewWithThatOutcome() {
        let h = start(80, 24)
        h.type(.tab, .tab, .tab, .right, .right)  // refused
        #expect(h.text.contains("Refused: PgDn goes to review"))
        h.type(.pageDown)
        #expect(h.row(1).contains("5 Review"))
        h.type(.char("f"), .char("y"))
        #expect(h.text.contains("Filed: C-OLD refused the interview."))
        #expect(h.loop.app.context.desk["C-OLD"]?.status == .refused)
    }

    @Test func helpListsTheInterviewKeys() {
        let h = start(80, 24)
        h.type(.function(1))
        #expect(h.text.contains("Interview: a form"))
        #expect(h.text.contains("Next screen (blocked only by errors)"))
    }
}

@Suite struct ResizeTests {
    @Test func resizingMidInterviewKeepsTypedTextAndTheStep() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("i"))
        h.type(.tab)
        h.type(.ctrl("u"))
        h.type(text: "Siti Nur'aini 王")
        h.resize(132, 43)
        #expect(h.text.contains("Siti Nur'aini 王"))
        #expect(h.row(1).contains("1 Identity"))
        h.resize(60, 20)
        #expect(h.text.contains("Window too small"))
        h.resize(80, 24)
        #expect(h.text.contains("Siti Nur'aini 王"))
        h.type(text: "!")
        #expect(h.text.contains("Siti Nur'aini 王!"))
        let cursor = h.terminal.lastFrame!.cursor
        #expect(cursor != nil)
    }

    @Test func resizingTheCaseScreenKeepsTheCallForm() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"), .char("6"), .tab)
        h.type(text: "sore saja")
        h.resize(200, 60)
        #expect(h.text.contains("Log a call attempt"))
        #expect(h.text.contains("sore saja"))
        for line in h.screen { #expect(DisplayWidth.of(line) == 200) }
    }
}
