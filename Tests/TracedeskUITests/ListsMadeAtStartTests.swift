import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// A lead's board and everyone's follow-up list are made on another thread once the queue is
/// drawn; opened before they come, each says so ("Menghitung…") and then shows its rows.
@Suite struct ListsMadeAtStartTests {
    /// The small queue, C-OLD filed and approved: one contact under follow-up.
    private func approved() -> [Event] {
        var e = Events()
        e.list = queueWithFiledInterview()
        e.t = now.addingTimeInterval(-60)
        e.add(.reviewApproved(ReviewDecision(caseId: "C-OLD")), by: "lead-01")
        return e.list
    }

    @Test func theBoardOpenedBeforeItsListsAreMadeWaitsThenShowsTheirRows() {
        let gate = DispatchSemaphore(value: 0)
        let h = DeskHarness(events: approved(), tracer: "lead-01", width: 100, height: 30, team: leadTeam, language: .id,
                            holdLists: { gate.wait() })
        #expect(h.loop.app.makingLists)
        h.type(.char("b"))
        #expect(h.text.contains("Menghitung…"))
        #expect(h.rowIndex(containing: "Dewi") == nil)
        gate.signal()
        h.loop.waitForLists()
        #expect(!h.loop.app.makingLists && !h.text.contains("Menghitung…"))
        #expect(h.rowIndex(containing: "tracer-01") != nil)
        // What a lead who never waited sees: the board made on the key path, row for row.
        let whole = DeskHarness(events: approved(), tracer: "lead-01", width: 100, height: 30, team: leadTeam, language: .id)
        whole.type(.char("b"))
        #expect(h.screen.dropFirst().dropLast(2) == whole.screen.dropFirst().dropLast(2))
    }

    @Test func everyonesListOpenedBeforeItIsMadeWaitsThenShowsTheSameRows() {
        let gate = DispatchSemaphore(value: 0)
        let h = DeskHarness(events: approved(), tracer: "lead-01", width: 100, height: 30, team: leadTeam,
                            holdLists: { gate.wait() })
        h.type(.escape, .char("f"))
        #expect(h.text.contains("Counting…") && !h.text.contains("Ahmad Fauzi"))
        gate.signal()
        h.loop.waitForLists()
        #expect(!h.text.contains("Counting…") && h.text.contains("Ahmad Fauzi"))
        // Opened after they came (the harness waits for them), the same list.
        let after = DeskHarness(events: approved(), tracer: "lead-01", width: 100, height: 30, team: leadTeam)
        after.type(.escape, .char("f"))
        #expect(h.screen.dropFirst().dropLast(2) == after.screen.dropFirst().dropLast(2))
    }

    @Test func onlyALeadsDeskMakesThem() {
        let h = DeskHarness(events: approved(), tracer: "tracer-01", team: leadTeam)
        #expect(!h.loop.app.makingLists)
        var app = h.loop.app
        #expect(app.listsToMake() == nil)
    }
}
