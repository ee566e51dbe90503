import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

let leadTeam = Team(name: "Tim Menteng", contactTarget: 15, members: [
    TeamMember(id: "tracer-01", name: "Dewi", role: .tracer),
    TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
    TeamMember(id: "lead-01", name: "Sri", role: .lead),
])

/// The small queue, plus C-OLD's interview filed by tracer-01 with one contact and no phone.
func queueWithFiledInterview() -> [Event] {
    var e = Events()
    e.list = smallQueue()
    e.t = now.addingTimeInterval(-3600)
    let d = e.interview("C-OLD", "Siti Rahmawati", result: "2021-07-01", specimen: "2021-06-30", contact: "Ahmad Fauzi") { d in
        d.contacts[0].criterion = "same_household"
    }
    e.file(d)
    return e.list
}

@Suite struct LeadScreenTests {
    /// A desk holds filings in short: the case screen lists the contacts from the case read in
    /// full, on a tracer's desk (the filing awaiting review) and after approval.
    @Test func aFiledCasesContactsAreListedFromTheWholeFiling() {
        var events = queueWithFiledInterview()
        let h = DeskHarness(events: events, tracer: "tracer-01", width: 120, height: 30, team: leadTeam)
        #expect(h.loop.app.context.desk["C-OLD"]?.interview == nil)
        // Filed cases are in the list of all cases (s), found by a search.
        h.type(.char("s"), .char("/")); h.type(text: "C-OLD"); h.type(.enter, .enter)
        #expect(h.row(0).contains("C-OLD"))
        #expect(h.text.contains("Contacts (1)"))
        #expect(h.text.contains("Ahmad Fauzi · close"))
        #expect(!h.text.contains("none filed yet"))
        var e = Events()
        e.t = now.addingTimeInterval(-60)
        e.add(.reviewApproved(ReviewDecision(caseId: "C-OLD")), by: "lead-01")
        events += e.list
        let after = DeskHarness(events: events, tracer: "tracer-02", width: 120, height: 30, team: leadTeam)
        after.type(.char("s"), .char("/")); after.type(text: "C-OLD"); after.type(.enter, .enter)
        #expect(after.text.contains("Contacts (1)") && after.text.contains("Ahmad Fauzi · close"))
    }

    @Test func aLeadStartsOnTheReviewQueueWithWarnings() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 180, team: leadTeam)
        #expect(h.row(0).contains("review queue · 1 awaiting review"))
        let row = h.rowIndex(containing: "C-OLD").map(h.row) ?? ""
        #expect(row.contains("tracer-01") && row.contains("Siti Rahmawati") && row.contains("1 (1)"))
        #expect(row.contains("no phone: Ahmad Fauzi"))
        #expect(row.contains("1 contact < target 15"))
    }

    /// Found by a tester: a damaged draft file left the history on "Reading the journal…".
    @Test func aHistoryThatCannotBeReadSaysWhyInsteadOfWaiting() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 120, height: 30, team: leadTeam)
        h.type(.enter, .char("h"))
        #expect(h.text.contains("Who changed what"))
        _ = h.loop.update(.interviewHistoryFailed(caseId: "C-OLD", "Cannot read the history of changes: damaged at line 2"))
        h.loop.redraw()
        #expect(h.text.contains("Cannot read the history of changes: damaged at line 2"))
        #expect(!h.text.contains("Reading the journal"))
    }

    @Test func reviewingIsReadOnlyScreenByScreenThenApprove() throws {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 120, height: 30, team: leadTeam)
        h.type(.enter)
        #expect(h.row(0).contains("Review · C-OLD"))
        #expect(h.text.contains("Filed by tracer-01"))
        #expect(h.text.contains("no phone: Ahmad Fauzi"))
        // Typing does not change the interview, and nothing is written.
        let before = h.store.events.count
        h.type(text: "xyz")
        #expect(!h.text.contains("xyz"))
        h.type(.pageDown)
        #expect(h.text.contains("2 Symptoms"))
        h.type(.char("h"))
        #expect(h.text.contains("Who changed what"))
        #expect(h.text.contains("filed: 1 contact,"))
        h.type(.char("h"), .char("a"))
        #expect(h.text.contains("Approve?"))
        h.type(.char("y"))
        #expect(h.store.events.count == before + 1)
        guard case .reviewApproved(let r) = h.store.events.last!.body else { Issue.record("not an approval"); return }
        #expect(r.caseId == "C-OLD")
        #expect(h.store.events.last!.actor == "lead-01")
        #expect(h.text.contains("Approved C-OLD: 1 contact to follow-up."))
        #expect(h.row(0).contains("0 awaiting review"))
    }

    @Test func returnNeedsANoteAndTheTracerSeesIt() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 100, height: 30, team: leadTeam)
        h.type(.enter, .char("r"), .enter)
        #expect(h.text.contains("Write what the tracer should fix"))
        h.type(text: "Ahmad: nomor HP?")
        h.type(.enter)
        guard case .reviewReturned(let r) = h.store.events.last!.body else { Issue.record("not a return"); return }
        #expect(r.note == "Ahmad: nomor HP?")

        let tracer = DeskHarness(events: h.store.events, tracer: "tracer-01", width: 100, height: 30, team: leadTeam)
        let top = tracer.screen[3]
        #expect(top.contains("C-OLD") && top.contains("returned"))
        tracer.type(.enter)
        #expect(tracer.text.contains("Returned by lead-01: Ahmad: nomor HP?"))
        tracer.type(.char("i"))
        #expect(tracer.text.contains("Returned by lead-01: Ahmad: nomor HP?"))
        #expect(tracer.text.contains("5 Review"))
    }

    @Test func aTracerHasNoReviewNorBoard() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "tracer-02", team: leadTeam)
        h.type(.char("r"))
        #expect(h.text.contains("Reviews and the team board are for team leads; tracer-02 is a tracer."))
        h.type(.char("b"))
        #expect(h.row(0).contains("tracer-02 ·"))
        #expect(!h.text.contains("team board ·"))
    }

    @Test func theBoardAssignsMarkedCasesToATracer() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 120, height: 30, team: leadTeam)
        h.type(.char("b"))
        #expect(h.row(0).contains("team board"))
        #expect(h.text.contains("unassigned cases: 2"))
        #expect(h.text.contains("tracer-01 · Dewi"))
        h.type(.char("u"))
        #expect(h.text.contains("2 open cases nobody holds"))
        h.type(.char(" "), .char(" "), .char("a"))
        #expect(h.text.contains("Assign 2 cases to:"))
        h.type(.down, .enter)
        let assigned = h.store.events.suffix(2).compactMap { e -> CaseAssignment? in
            if case .caseAssigned(let a) = e.body { a } else { nil }
        }
        #expect(assigned.count == 2)
        #expect(assigned.allSatisfy { $0.tracer == "tracer-02" && $0.from == nil })
        #expect(h.text.contains("Assigned 2 cases to tracer-02."))
        #expect(h.text.contains("0 open cases nobody holds"))
        h.type(.escape)
        #expect(h.text.contains("unassigned cases: 0"))
    }

    @Test func theBoardSortsAndFiltersByKey() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 120, height: 30, team: leadTeam)
        h.type(.char("b"), .char("o"))
        #expect(h.text.contains("Sorted by Cases."))
        h.type(.char("f"))
        #expect(h.text.contains("Showing with returned interviews."))
        #expect(h.text.contains("No tracer matches."))
    }
}
