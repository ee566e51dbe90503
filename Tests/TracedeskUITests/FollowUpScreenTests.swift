import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// C-OLD filed by tracer-01 with Ahmad Fauzi (last exposure 29 June), approved by lead-01.
func queueWithApprovedInterview() -> [Event] {
    var e = Events()
    e.list = queueWithFiledInterview()
    e.t = now.addingTimeInterval(-1800)
    e.add(.reviewApproved(ReviewDecision(caseId: "C-OLD")), by: "lead-01")
    return e.list
}

@Suite struct FollowUpScreenTests {
    @Test func theTracerSeesWhoToCallTodayAndLogsACall() throws {
        let h = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", width: 100, team: leadTeam)
        h.type(.char("f"))
        #expect(h.row(0).contains("follow-up · 1 active, 1 not reached today"))
        let row = try #require(h.rowIndex(containing: "Ahmad Fauzi"))
        #expect(h.row(row).contains("6/14"))
        #expect(h.row(row).contains("not called yet"))
        #expect(h.row(row).contains("under follow-up"))

        // No answer: the call is in the journal, by the tracer, for today.
        h.type(.char("c"))
        #expect(h.text.contains("Follow-up call: Ahmad Fauzi"))
        h.type(.char("2"), .enter)
        #expect(h.text.contains("Saved: no answer for Ahmad Fauzi."))
        let calls = try h.store.readAll().compactMap { e -> (String, FollowUpCall)? in
            if case .followUpCalled(let c) = e.body { return (e.actor, c) } else { return nil }
        }
        #expect(calls.count == 1)
        #expect(calls.first?.0 == "tracer-01" && calls.first?.1.outcome == .noAnswer && calls.first?.1.day == Day(parsing: "2021-07-05"))
        #expect(h.row(h.rowIndex(containing: "Ahmad Fauzi")!).contains("1 call"))

        // Reached, with fever: symptomatic, refer for a test; the contact shows every check.
        h.type(.enter)
        #expect(h.text.contains("Quarantine until Tuesday 13 July 2021 (id-2021) · day 6 of 14"))
        #expect(h.text.contains("source case C-OLD"))
        h.type(.char("c"), .char("1"), .tab, .char("1"), .enter)
        #expect(h.text.contains("Saved: reached for Ahmad Fauzi. symptomatic — refer for a test."))
        #expect(h.text.contains("Checks (2)"))
        #expect(h.text.contains("reached · fever"))
        #expect(h.text.contains("no answer"))
        // The list is made when the desk moves, not at each frame: its counts follow the call.
        h.type(.escape)
        #expect(h.row(0).contains("1 active, 0 not reached today"))
    }

    @Test func aPositiveTestPutsTheContactInTheCaseQueue() throws {
        let h = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", width: 100, team: leadTeam)
        // Reached, no symptoms, entry test (→), antigen (→), today's date, positive (→).
        h.type(.char("f"), .char("c"), .char("1"), .tab, .tab, .right, .tab, .right, .tab, .tab, .right, .enter)
        #expect(h.text.contains("Saved: positive test — Ahmad Fauzi is now case C-OLD-K1 in the queue."))
        h.type(.escape)
        #expect(h.text.contains("C-OLD-K1"))
        let desk = h.loop.app.context.desk
        #expect(desk.sourceCase(of: "C-OLD-K1") == "C-OLD")
    }

    @Test func anotherTracersContactIsNotTheirsToCallAndALeadReassigns() throws {
        let t2 = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-02", width: 100, team: leadTeam)
        t2.type(.char("f"))
        #expect(t2.text.contains("Nobody is under follow-up here."))
        let lead = DeskHarness(events: queueWithApprovedInterview(), tracer: "lead-01", width: 100, team: leadTeam)
        lead.type(.escape, .char("f"))
        #expect(lead.text.contains("Ahmad Fauzi"))
        lead.type(.char("a"))
        #expect(lead.text.contains("Give 1 follow-up to:"))
        lead.type(.down, .enter)
        #expect(lead.text.contains("Gave 1 follow-up to tracer-02."))
        #expect(lead.loop.app.context.desk.followUps["C-OLD-K1"]?.tracer == "tracer-02")
    }

    @Test func inIndonesian() {
        let h = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", width: 100, team: leadTeam, language: .id)
        h.type(.char("f"))
        #expect(h.text.contains("dalam pemantauan"))
        #expect(h.text.contains("belum ditelepon"))
    }
}

@Suite struct PersonMatchScreenTests {
    /// C-NEW's interview in progress at the contacts, naming a contact with C-OLD's NIK.
    func draftNamingACase() -> [Event] {
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-600)
        e.interview("C-NEW", "Nur Hidayat", result: "2021-07-04", specimen: "2021-07-03", contact: "Siti R.", met: "2021-07-03") { d in
            d.contacts[0].nik = "3171234567890123"
            d.step = .contacts
        }
        return e.list
    }

    @Test func closingAContactOffersTheKnownPersonWithWhyAndTheTracerLinks() throws {
        let h = DeskHarness(events: draftNamingACase(), tracer: "tracer-01", width: 120, height: 30)
        // The tracer's own interview is marked at the start; i resumes it, at the contacts.
        h.type(.char("i"))
        #expect(h.text.contains("K1   Siti R."))
        h.type(.enter, .escape)
        #expect(h.text.contains("Siti R. (this interview) may be one of"))
        let row = try #require(h.rowIndex(containing: "Siti Rahmawati, case C-OLD"))
        #expect(h.row(row + 1).contains("why: same NIK"))
        h.type(.char("l"))
        #expect(h.text.contains("Saved: linked, one person."))
        let links = try h.store.readAll().compactMap { e -> PersonLink? in if case .personLinked(let l) = e.body { l } else { nil } }
        #expect(links == [PersonLink(contactId: "C-NEW-K1", toCase: h.loop.app.context.desk.linkedCase["C-NEW-K1"], reason: .nik)])
        #expect(h.loop.app.context.desk.linkedCase["C-NEW-K1"] != nil)
        // Decided: closing the contact again asks nothing for that case.
        h.type(.enter, .escape)
        #expect(!h.text.contains("may be someone already known") || !h.text.contains(links[0].toCase ?? "?"))
    }
}

@Suite struct KeptListsTests {
    /// The screen on top is refreshed where it lies, not through a copy: a copy shares what
    /// it keeps (everyone's ranking, a city's 500,000 follow-ups), which its first write then
    /// copied whole at every change of the desk (tens of milliseconds at 100,000 cases).
    @Test func aChangeRanksEveryonesListInPlaceNotInACopy() throws {
        let events = queueWithApprovedInterview()
        var app = DeskApp(desk: Desk(replaying: events, team: leadTeam), tracer: "lead-01", now: now, size: Size(width: 100, height: 30))
        _ = app.update(.input(.key(.escape)))
        _ = app.update(.input(.key(.char("f"))))
        func ranks(_ app: DeskApp) -> UnsafeRawPointer? {
            guard case .followUp(let s) = app.top else { return nil }
            return s.ranking.ranks.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
        }
        let before = try #require(ranks(app))
        var e = Events()
        e.t = now
        e.add(.followUpCalled(FollowUpCall(contactId: "C-OLD-K1", day: Day(year: 2021, month: 7, day: 5)!, outcome: .reached, symptoms: [])), by: "tracer-01")
        _ = app.update(.events(e.list))
        guard case .followUp(let s) = app.top else { Issue.record("not the follow-up list"); return }
        #expect(Array(s.rows) == ["C-OLD-K1"])
        #expect(ranks(app) == before)
    }
}
