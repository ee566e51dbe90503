import Foundation
import Testing

/// The desk's clock at 10:00 WIB on a July 2021 day (the test clock, `TRACEDESK_NOW`).
private func wib(_ day: Int, hour: Int = 10) -> String { String(format: "2021-07-%02dT%02d:00:00Z", day, hour - 7) }

/// JKT-77 as in the interview tests, on 5 July 2021: onset 2 July, so the walk is 30 June–5 July.
private let lineList2021 = lineListHeader
    + "JKT-77,Rina Siregar,3171000000000077,0812-7777-0077,P,41,,Jl. Tebet Raya 1,001/002,Tebet Barat,Tebet,Jakarta Selatan,guru,2021-07-03,2021-07-04,2021-07-02\n"

/// Opens the follow-up list at `day` as tracer-05 and logs the calls given (keys after `c`),
/// each to the contact the list shows `below` rows from the top, checked by name.
private func followUpDay(_ s: Scratch, _ day: Int, _ calls: [(below: Int, name: String, keys: [String], says: String)]) throws {
    let desk = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment(["TRACEDESK_NOW": wib(day)]), width: 100, height: 30)
    desk.waitFor("tracedesk · tracer-05")
    desk.keys("f")
    desk.waitFor("follow-up 2021-07-\(String(format: "%02d", day))")
    for call in calls {
        desk.keys("g")
        for _ in 0..<call.below { desk.keys("j") }
        desk.keys("c")
        desk.waitFor("Follow-up call: \(call.name)")
        for k in call.keys { desk.keys(k) }
        desk.keys("Enter")
        desk.waitFor(call.says)
    }
    desk.keys("Escape", "q")
    desk.waitFor("DESK-EXITED:0")
}

@Suite(.serialized) struct FollowUpEndToEndTests {
    @Test func contactsAreCalledThroughQuarantineUntilCompletedLostOrACase() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList2021)], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "tracer-05", "--name", "Rina Wati", "--role", "tracer", "--team-name", "Tim Tebet"], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "tracer-06", "--name", "Yudi", "--role", "tracer"], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri Handayani", "--role", "lead"], env: s.environment()).status == 0)

        // 5 July: the interview files three close contacts: Budi met today, Ani and Citra on 3 July.
        let tracer = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment(["TRACEDESK_NOW": wib(5, hour: 9)]), width: 100, height: 30)
        startInterviewAtToday(tracer)
        tracer.keys("Tab"); tracer.text("rumah"); tracer.keys("Enter")
        tracer.text("Budi Santoso"); tracer.keys("Enter")
        tracer.waitFor("K1 Budi Santoso")
        tracer.keys("PageDown", "PageDown")
        tracer.waitFor("day 4 of 6")
        tracer.keys("Tab", "Tab"); tracer.text("Ani Lestari"); tracer.keys("Enter")
        tracer.waitFor("K2 Ani Lestari")
        tracer.text("Citra Dewi"); tracer.keys("Enter")
        tracer.waitFor("K3 Citra Dewi")
        tracer.keys("PageDown", "PageDown", "PageDown", "PageDown")
        tracer.waitFor("4 Contacts 3")
        for (i, phone) in ["0812 1111 2222", "0813 2222 3333", "0814 3333 4444"].enumerated() {
            if i > 0 { tracer.keys("Down") }
            tracer.keys("Enter", "Tab"); tracer.text(phone)
            for _ in 0..<9 { tracer.keys("Tab") }
            tracer.keys("Right")
            tracer.waitFor("→ close contact")
            tracer.keys("Escape")
        }
        tracer.keys("F9")
        tracer.waitFor("3 named, 3 close")
        tracer.keys("f")
        tracer.waitFor("File this interview now?")
        tracer.keys("y")
        tracer.waitFor("Filed: JKT-77 with 3 contact(s), awaiting review.")
        // Not under follow-up before a lead approves.
        tracer.keys("f")
        tracer.waitFor("Nobody is under follow-up here.")
        tracer.keys("Escape", "q")
        tracer.waitFor("DESK-EXITED:0")

        let lead = try TmuxDesk(["--tracer", "lead-01"], env: s.environment(["TRACEDESK_NOW": wib(5, hour: 9)]), width: 120, height: 32)
        lead.waitFor("1 awaiting review")
        lead.keys("Enter")
        lead.waitFor("Filed by tracer-05")
        lead.keys("a")
        lead.waitFor("Approve?")
        lead.keys("y")
        lead.waitFor("Approved JKT-77: 3 contact(s) go to follow-up.")
        lead.keys("Escape", "Escape", "f")
        lead.waitFor("Who to call today · everyone's")
        lead.waitFor("0/14")                         // Budi: day 0 of 14, follow-up by the interviewer
        lead.keys("Enter")
        lead.waitFor("follow-up by tracer-05")
        lead.keys("Escape", "Escape", "q")
        lead.waitFor("DESK-EXITED:0")

        // The tracer who interviewed has them; another tracer has none.
        try followUpDay(s, 5, [
            (0, "Budi Santoso", ["2"], "Saved: no answer for Budi Santoso."),
            (1, "Ani Lestari", ["1"], "Saved: reached for Ani Lestari."),
            (1, "Citra Dewi", ["1"], "Saved: reached for Citra Dewi."),
        ])
        try followUpDay(s, 6, [
            (0, "Budi Santoso", ["3"], "Saved: busy for Budi Santoso."),
            (1, "Ani Lestari", ["1"], "Saved: reached for Ani Lestari."),
            (1, "Citra Dewi", ["1", "Tab", "1"], "symptomatic — refer for a test"),
        ])
        // 7 July: Budi unreached three days running is lost; Citra's antigen test is positive.
        try followUpDay(s, 7, [
            (0, "Budi Santoso", ["2"], "Saved: no answer for Budi Santoso. lost to follow-up."),
            (1, "Ani Lestari", ["1"], "Saved: reached for Ani Lestari."),
            (1, "Citra Dewi", ["1", "Tab", "Tab", "Right", "Tab", "Right", "Tab", "Tab", "Right"],
             "Saved: positive test — Citra Dewi is now case JKT-77-K3 in the queue."),
        ])
        // 8 July is Ani's day 5: reached, a negative exit PCR ends her quarantine.
        try followUpDay(s, 8, [
            (1, "Ani Lestari", ["1", "Tab", "Tab", "Right", "Right"], "Saved: reached for Ani Lestari. completed."),
        ])

        let last = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 11)]), width: 100, height: 30)
        last.waitFor("JKT-77-K3")                     // Citra, a case in the queue
        last.keys("f")
        last.waitFor("lost to follow-up")
        last.waitFor("completed")
        last.waitFor("became a case")
        last.keys("Escape", "q")
        last.waitFor("DESK-EXITED:0")
        let other = try TmuxDesk(["--tracer", "tracer-06"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 11)]), width: 100, height: 30)
        other.waitFor("tracedesk · tracer-06")
        other.keys("f")
        other.waitFor("Nobody is under follow-up here.")
        other.keys("Escape", "q")
        other.waitFor("DESK-EXITED:0")

        // The journal holds each call, by the tracer, for its day.
        let journal = try String(contentsOfFile: s.path + "/data/tracedesk/journal.jsonl", encoding: .utf8)
        let calls = journal.split(separator: "\n").filter { $0.contains("\"type\":\"followup.called\"") }
        #expect(calls.count == 10)
        #expect(calls.allSatisfy { $0.contains("\"actor\":\"tracer-05\"") })
        #expect(journal.contains("\"type\":\"contact.converted\""))
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0)
    }
}
