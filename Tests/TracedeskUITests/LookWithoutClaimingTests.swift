import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 11: looking without claiming, and a queue that keeps each tracer's own work first.
@Suite struct LookWithoutClaimingTests {
    @Test func aLeadLooksAtACaseWithoutClaimingIt() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: leadTeam)
        h.type(.escape)                                   // the case queue
        let before = h.store.events.count
        let row = h.rowIndex(containing: "C-NEW")!
        for _ in 3..<row { h.type(.down) }
        h.type(.char("v"))
        #expect(h.row(0).contains("Case C-NEW"), "\(h.text)")
        #expect(h.text.contains("Read-only: opened to look at, not claimed"))
        #expect(h.store.events.count == before)           // no claim written
        #expect(h.loop.app.context.desk["C-NEW"]?.claimedBy == nil)
        h.type(.char("c"))
        #expect(h.text.contains("Cannot log a call"))
    }

    /// A case another tracer holds, looked at: its contacts line offers no `i`, which would
    /// be refused there (found by a tester: "wawancara berjalan: i melanjutkan" on a held case).
    @Test(arguments: [Language.en, .id])
    func aLookedAtCaseOffersNoInterviewKey(_ language: Language) {
        let h = DeskHarness(events: PersonMatchScreenTests().draftNamingACase(), tracer: "tracer-02", language: language)
        let row = h.rowIndex(containing: "C-NEW")!
        for _ in 3..<row { h.type(.down) }
        h.type(.char("v"))
        let (offered, said) = Localization.$language.withValue(language) { (L("interview in progress: i resumes"), L("interview in progress")) }
        #expect(h.row(0).contains("C-NEW"), "\(h.text)")
        #expect(h.text.contains(said) && !h.text.contains(offered), "\(h.text)")
        // Its holder is offered the key.
        let mine = DeskHarness(events: PersonMatchScreenTests().draftNamingACase(), tracer: "tracer-01", language: language)
        let r = mine.rowIndex(containing: "C-NEW")!
        for _ in 3..<r { mine.type(.down) }
        mine.type(.enter)
        #expect(mine.text.contains(offered), "\(mine.text)")
    }

    /// A start warning (events the desk cannot read, a recovered journal) no longer hides the
    /// way back into an unfinished interview: it follows when the warning is cleared.
    @Test func theWayBackIntoAnInterviewFollowsAStartWarning() {
        let h = DeskHarness(events: PersonMatchScreenTests().draftNamingACase(), tracer: "tracer-01")
        #expect(h.text.contains("Interview C-NEW saved — press i to continue."), "\(h.text)")
        h.loop.say(Flash("2 events on the server cannot be read by this build", .warning))
        #expect(h.text.contains("cannot be read") && !h.text.contains("press i to continue"), "\(h.text)")
        h.type(.escape)
        #expect(h.text.contains("Interview C-NEW saved — press i to continue."), "\(h.text)")
        h.type(.escape)
        #expect(!h.text.contains("press i to continue"), "\(h.text)")
    }

    @Test func anotherTracersDueCallbackDoesNotJumpMyQueue() {
        // C-CB's callback is due, but tracer-02 holds it now.
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-300)
        e.add(.caseAssigned(CaseAssignment(caseId: "C-CB", tracer: "tracer-02", from: "tracer-01")), by: "lead-01")
        let h = DeskHarness(events: e.list, team: leadTeam)
        #expect(!h.row(3).contains("C-CB"), "\(h.text)")
        #expect(h.row(3).contains("C-OLD"), "\(h.text)")
        // tracer-02 sees it first.
        let other = DeskHarness(events: e.list, tracer: "tracer-02", team: leadTeam)
        #expect(other.row(3).contains("C-CB"))
    }

    @Test(arguments: [Language.en, .id])
    func aCaseALeadAssignedToMeIsMarkedMine(_ language: Language) {
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-300)
        e.add(.caseAssigned(CaseAssignment(caseId: "C-NEW", tracer: "tracer-01", from: nil)), by: "lead-01")
        let h = DeskHarness(events: e.list, team: leadTeam, language: language)
        let row = h.screen.first { $0.contains("C-NEW") } ?? ""
        #expect(row.contains(language == .en ? "yours" : "milikmu"), "\(row)")
    }
}
