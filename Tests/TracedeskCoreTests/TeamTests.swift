import Foundation
import Testing
@testable import TracedeskCore

let team = Team(name: "Tim Menteng", contactTarget: 3, members: [
    TeamMember(id: "tracer-01", name: "Dewi", role: .tracer),
    TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
    TeamMember(id: "lead-01", name: "Sri", role: .lead),
])

/// A desk with C1 filed by tracer-01 (two contacts, one with no phone), C2 unassigned.
func filedDesk(_ m: inout EventMaker) -> [Event] {
    var events = m.imports([record("C1"), record("C2", name: "Nur")])
    events.append(m.make(.caseClaimed(CaseClaim(caseId: "C1"))))
    var d = InterviewDraft(for: record("C1"), rules: .indonesia2021)
    d.consent = "given"; d.symptomatic = "no"; d.specimen = "2021-07-02"
    let k1 = d.addContact(named: "Ahmad", on: day("2021-07-01"))
    d.contacts[0].phone = "0812-9999-0001"; d.contacts[0].criterion = "same_household"
    _ = d.addContact(named: "Rina", on: day("2021-07-01"))
    d.contacts[1].criterion = "face_to_face"
    _ = k1
    events.append(m.make(.interviewSaved(d)))
    events.append(m.make(.interviewFiled(FiledInterview.file(d, today: day("2021-07-04")))))
    return events
}

@Suite struct TeamTests {
    @Test func aTracerCannotApproveNorReturnNorAssign() {
        var m = EventMaker()
        let desk = Desk(replaying: filedDesk(&m), team: team)
        #expect(desk["C1"]?.status == .awaitingReview)
        #expect(desk.refusal(.reviewApproved(ReviewDecision(caseId: "C1")), by: "tracer-02") == "tracer-02 is a tracer; only a team lead may do this")
        #expect(desk.refusal(.reviewReturned(ReviewDecision(caseId: "C1", note: "x")), by: "tracer-01") != nil)
        #expect(desk.refusal(.caseAssigned(CaseAssignment(caseId: "C2", tracer: "tracer-01")), by: "tracer-02") != nil)
        #expect(desk.refusal(.reviewApproved(ReviewDecision(caseId: "C1")), by: "stranger") == "stranger is not in the team")
        #expect(desk.refusal(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01") == nil)
        // Without a team file nobody is a lead.
        #expect(Desk(replaying: filedDesk(&m)).refusal(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01") != nil)
    }

    @Test func replayIgnoresAnApprovalFromATracer() {
        var m = EventMaker()
        var events = filedDesk(&m)
        events.append(m.make(.reviewApproved(ReviewDecision(caseId: "C1")), by: "tracer-01"))
        let desk = Desk(replaying: events, team: team)
        #expect(desk["C1"]?.status == .awaitingReview)
        #expect(desk.anomalies.map(\.text) == ["approval by tracer-01 ignored: tracer-01 is a tracer; only a team lead may do this"])
        // Replay words nothing: `check` in Indonesian says it in Indonesian (it said it in
        // English, as replay found it), the reason's own words too.
        Localization.$language.withValue(.id) {
            #expect(desk.anomalies.map(\.text) == ["persetujuan oleh tracer-01 diabaikan: tracer-01 adalah tracer; hanya ketua tim yang boleh"])
        }
        var approvedTwice = events
        approvedTwice[approvedTwice.count - 1] = m.make(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01")
        approvedTwice.append(m.make(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01"))
        let twice = Desk(replaying: approvedTwice, team: team)
        Localization.$language.withValue(.id) {
            // The case's status, an argument of the reason, in the reader's words as well.
            #expect(twice.anomalies.map(\.text) == ["persetujuan oleh lead-01 diabaikan: kasus C1 tidak menunggu tinjauan (\(L("approved")))"], "\(twice.anomalies.map(\.text))")
            #expect(!L("approved").contains("approved"))
        }
    }

    @Test func returnedGoesBackToTheTracerWithTheNoteThenReFiledThenApproved() {
        var m = EventMaker()
        var events = filedDesk(&m)
        events.append(m.make(.reviewReturned(ReviewDecision(caseId: "C1", note: "Rina: nomor HP?")), by: "lead-01"))
        var desk = Desk(replaying: events, team: team)
        let c = desk["C1"]!
        #expect(c.status == .returned)
        #expect(c.returnNote == "Rina: nomor HP?")
        #expect(c.returnedBy == "lead-01")
        #expect(c.draft?.inMemory?.contacts.map(\.name) == ["Ahmad", "Rina"])
        // At the top of the tracer's queue, ahead of older cases.
        #expect(desk.queue(QueueQuery(), tracer: "tracer-01", now: mondayTen).first?.id == "C1")
        // A return needs a note; approving a returned case is refused.
        #expect(desk.refusal(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01")?.contains("not awaiting review") == true)
        var d = c.draft!.inMemory!
        d.contacts[1].phone = "0813-1111-2222"
        desk.apply(m.make(.interviewSaved(d)))
        desk.apply(m.make(.interviewFiled(FiledInterview.file(d, today: day("2021-07-05")))))
        #expect(desk["C1"]?.status == .awaitingReview)
        #expect(desk["C1"]?.returnNote == nil)
        desk.apply(m.make(.reviewApproved(ReviewDecision(caseId: "C1")), by: "lead-01"))
        #expect(desk["C1"]?.status == .approved)
        #expect(desk["C1"]?.reviewedBy == "lead-01")
        #expect(desk["C1"]?.contacts.compactMap(\.phone).count == 2)
        #expect(desk.anomalies.isEmpty)
    }

    @Test func aReturnWithoutANoteIsRefused() {
        var m = EventMaker()
        let desk = Desk(replaying: filedDesk(&m), team: team)
        #expect(desk.refusal(.reviewReturned(ReviewDecision(caseId: "C1", note: "  ")), by: "lead-01") == "a returned interview needs a note for the tracer")
    }

    @Test func assignAndReassignNameWhoHadTheCase() {
        var m = EventMaker()
        var desk = Desk(replaying: filedDesk(&m), team: team)
        let first = desk.assignments(["C2"], to: "tracer-02")
        #expect(first == [.caseAssigned(CaseAssignment(caseId: "C2", tracer: "tracer-02", from: nil))])
        for b in first { desk.apply(m.make(b, by: "lead-01")) }
        #expect(desk["C2"]?.claimedBy == "tracer-02")
        let again = desk.assignments(["C2"], to: "tracer-01")
        #expect(again == [.caseAssigned(CaseAssignment(caseId: "C2", tracer: "tracer-01", from: "tracer-02"))])
        // Assigning to a lead, or from someone who no longer holds it, is refused.
        #expect(desk.refusal(.caseAssigned(CaseAssignment(caseId: "C2", tracer: "lead-01", from: "tracer-02")), by: "lead-01") != nil)
        #expect(desk.refusal(.caseAssigned(CaseAssignment(caseId: "C2", tracer: "tracer-01", from: nil)), by: "lead-01") != nil)
        for b in again { desk.apply(m.make(b, by: "lead-01")) }
        #expect(desk["C2"]?.claimedBy == "tracer-01")
        #expect(desk["C2"]?.history.last?.summary == "reassigned from tracer-02 to tracer-01")
    }

    /// An interview filed at 23:30 WIB was filed the next day in WIT: the desk's zone decides
    /// which days it should have walked, so which are empty.
    @Test func theDesksZoneDecidesTheDayAnInterviewWasWalkedOn() {
        var m = EventMaker()
        var events = filedDesk(&m)
        events.removeLast()
        guard case .interviewSaved(let d) = events.last!.body else { Issue.record("no draft"); return }
        let lateEvening = WallClock.wib.date(day: day("2021-07-04"), hour: 23, minute: 30)
        events.append(m.make(.interviewFiled(FiledInterview.file(d, today: day("2021-07-04"))), at: lateEvening))
        let file = Desk(replaying: events, team: team)["C1"]!
        func emptyDays(_ clock: WallClock) -> [Day] {
            for w in ReviewWarning.of(file, contactTarget: 1, clock: clock) { if case .emptyDays(let days) = w { return days } }
            return []
        }
        #expect(emptyDays(.wib).last == day("2021-07-04"))
        #expect(emptyDays(.wit).last == day("2021-07-05"))
    }

    @Test func reviewWarningsNameEmptyDaysMissingPhonesAndTheTarget() {
        var m = EventMaker()
        let desk = Desk(replaying: filedDesk(&m), team: team)
        let w = ReviewWarning.of(desk["C1"]!, contactTarget: 3, clock: .wib)
        #expect(w.contains(.contactsWithoutPhone(["Rina"])))
        #expect(w.contains(.belowTarget(contacts: 2, target: 3)))
        #expect(w.first == .contactsWithoutPhone(["Rina"]))
        guard case .emptyDays(let days)? = w.dropFirst().first else { Issue.record("no empty days: \(w)"); return }
        #expect(!days.contains(day("2021-07-01")))
        #expect(days.count >= 1)
    }

    @Test func theBoardCountsPerTracerAndInTotal() {
        var m = EventMaker(start: mondayTen.addingTimeInterval(-3600))
        var events = filedDesk(&m)
        events.append(m.make(.callLogged(CallAttempt(caseId: "C1", outcome: .reached))))
        events.append(m.make(.caseAssigned(CaseAssignment(caseId: "C2", tracer: "tracer-02")), by: "lead-01"))
        let desk = Desk(replaying: events, team: team)
        let board = TeamBoard(desk: desk, day: day("2021-07-05"), now: mondayTen)
        let r1 = board.rows.first { $0.tracer == "tracer-01" }!
        #expect(r1.assigned == 1 && r1.interviewedOnDay == 1 && r1.callsOnDay == 1 && r1.contactsPerCase == 2)
        // Result 2021-07-03, filed on the 5th: not within 24 hours.
        #expect(r1.within24hShare == 0)
        let r2 = board.rows.first { $0.tracer == "tracer-02" }!
        #expect(r2.assigned == 1 && r2.inProgress == 1 && r2.interviewedOnDay == 0)
        #expect(board.total.assigned == 2 && board.total.callsOnDay == 1)
        #expect(board.unassigned == 0)
        #expect(board.sorted(by: .assigned).count == 2)
        #expect(TeamBoard.Column.contactsPerCase.text(r1) == "2.0")
        // In Indonesian the decimal comma: "2.0" there reads as two thousand.
        #expect(Localization.$language.withValue(.id) { TeamBoard.Column.contactsPerCase.text(r1) } == "2,0")
        #expect(Language.id.oneDecimal(0.45) == "0,5" || Language.id.oneDecimal(0.45) == "0,4")
    }

    @Test func theHistoryOfChangesComesFromTheDraftsInTheJournal() {
        var m = EventMaker()
        var events = filedDesk(&m)
        events.append(m.make(.reviewReturned(ReviewDecision(caseId: "C1", note: "Rina: nomor HP?")), by: "lead-01"))
        let desk = Desk(replaying: events, team: team)
        var d = desk["C1"]!.draft!.inMemory!
        d.contacts[1].phone = "0813-1111-2222"
        events.append(m.make(.interviewSaved(d)))
        let changes = InterviewChanges.of(events.filter { $0.caseId == "C1" }).map(\.what)
        #expect(changes.first == "interview started")
        #expect(changes.contains("filed: 2 contacts, 1 day walked"))
        #expect(changes.contains("returned: Rina: nomor HP?"))
        #expect(changes.last == "contact \"Rina\": phone (empty) → \"0813-1111-2222\"")
    }

    @Test func teamChangesKeepWhoLeftAndTheLastLead() throws {
        var t = team
        #expect(throws: Team.Change.alreadyMember("tracer-01")) { try t.add(TeamMember(id: "tracer-01", name: "X", role: .tracer)) }
        #expect(throws: Team.Change.lastLead) { try t.remove("lead-01") }
        try t.remove("tracer-02")
        #expect(t.member("tracer-02")?.active == false)
        #expect(t.role(of: "tracer-02") == .tracer)
        #expect(!t.activeTracers.contains { $0.id == "tracer-02" })
        try t.add(TeamMember(id: "tracer-02", name: "Agus S.", role: .tracer))
        #expect(t.member("tracer-02")?.active == true)
        #expect(throws: Team.Change.badId("a b", "use letters, digits, - _ or . only")) { try t.add(TeamMember(id: "a b", name: "X", role: .tracer)) }
    }

    @Test func onlyALeadAddsALeadRemovesOrChangesSettings() throws {
        for change in [Team.Guarded.addLead, .remove, .settings] {
            try team.authorize(change, by: "lead-01")
            #expect(throws: Team.Change.notALead("tracer-01", .tracer)) { try team.authorize(change, by: "tracer-01") }
            #expect(throws: Team.Change.notALead("mallory", nil)) { try team.authorize(change, by: "mallory") }
            #expect(throws: Team.Change.unnamedActor) { try team.authorize(change, by: nil) }
        }
        // A lead who left leads no more.
        var t = team
        try t.add(TeamMember(id: "lead-02", name: "Budi", role: .lead))
        try t.remove("lead-02")
        #expect(throws: Team.Change.notALead("lead-02", nil)) { try t.authorize(.addLead, by: "lead-02") }
        #expect(Team.Change.notALead("tracer-01", .tracer).description
                == "tracer-01 is a tracer; only a team lead may add a lead, take someone off the team or change its settings")
    }

    @Test func theFirstLeadIsMadeWithTheTeam() throws {
        // A new team, or one of tracers only, has no lead to ask.
        try Team(name: "Tim Baru").authorize(.addLead, by: nil)
        let tracersOnly = Team(name: "Tim", members: [TeamMember(id: "tracer-01", name: "Dewi", role: .tracer)])
        try tracersOnly.authorize(.addLead, by: "tracer-01")
    }
}
