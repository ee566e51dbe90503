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
    desk.waitFor("Who to call today")
    desk.waitFor(String(format: "%02d/07 10:00", day))    // the title bar's clock: that day
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
        // The lab's list arrives on 5 July, as the desk's clock has it (a past day's report replays to its end).
        #expect(try run(["import", s.write("l.csv", lineList2021)], env: s.environment(["TRACEDESK_NOW": wib(5, hour: 8)])).status == 0)
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
        tracer.waitFor("Filed: JKT-77 with 3 contacts, awaiting review.")
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
        lead.waitFor("Approved JKT-77: 3 contacts to follow-up.")
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
        // The chain, drawn: the source case, its three contacts, and the case Citra became.
        last.keys("Enter")
        last.waitFor("Chain")
        last.waitFor("case JKT-77 Rina Siregar")
        last.waitFor("Ani Lestari (JKT-77-K2) · completed")
        last.waitFor("Citra Dewi (JKT-77-K3) · became a case")
        last.waitFor("case JKT-77-K3 Citra Dewi")
        last.keys("Escape", "Escape", "q")
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

        // A lead makes five days the limit on 8 July: 7 July stays as it was (Budi lost after three).
        let later = try run(["team", "set", "--lost-after", "5", "--tracer", "lead-01"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 11)]))
        #expect(later.status == 0, "\(later.stderr)")
        // WHO's follow-up figures for 7 July, as numbers: Budi lost that day, Ani reached, Citra
        // reached and a case that day (all three under follow-up on the day).
        let report = try run(["report", "--date", "2021-07-07", "--format", "json"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 12)]))
        let figures = (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["follow_up"] as? [String: Any]
        let team = figures?["team"] as? [String: Any]
        #expect(team?["under_follow_up"] as? Int == 3 && team?["reached"] as? Int == 2 && team?["lost_on_day"] as? Int == 1)
        #expect(team?["converted_to_cases_on_day"] as? Int == 1 && team?["completed_on_day"] as? Int == 0)
        #expect(team?["lost_to_date"] as? Int == 1 && team?["converted_to_cases_to_date"] as? Int == 1 && team?["followed_to_date"] as? Int == 3)
        #expect(figures?["target"] as? Int == 80)
        #expect(((figures?["tracers"] as? [String: Any])?["tracer-05"] as? [String: Any])?["lost_on_day"] as? Int == 1)
        // 8 July: Ani completes on the day, and was reached that day; Citra is a case, no longer followed.
        let day8 = try run(["report", "--date", "2021-07-08", "--format", "json"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 12)]))
        let team8 = ((try JSONSerialization.jsonObject(with: Data(day8.stdout.utf8)) as? [String: Any])?["follow_up"] as? [String: Any])?["team"] as? [String: Any]
        #expect(team8?["completed_on_day"] as? Int == 1 && team8?["reached"] as? Int == 1 && team8?["under_follow_up"] as? Int == 2)
        #expect(team8?["converted_to_cases_on_day"] as? Int == 0 && team8?["converted_to_cases_to_date"] as? Int == 1)
        // csv and jsonl carry the same figures, on each tracer's row and the total.
        let csv = try run(["report", "--date", "2021-07-07", "--format", "csv"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 12)]))
        let csvLines = csv.stdout.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = csvLines.first ?? []
        let lostColumn = try #require(header.firstIndex(of: "follow_up_lost_on_day"))
        #expect(header.contains("follow_up_completed_to_date") && header.contains("new_cases_already_contacts"))
        #expect(csvLines.last?[lostColumn] == "1")
        // Two of three reached: a fraction, with the decimal comma in the file for Excel with
        // Indonesian settings (a point there reads as text), the point in plain CSV.
        let shareColumn = try #require(header.firstIndex(of: "follow_up_reached_share"), "\(header)")
        #expect(csvLines.last?[shareColumn] == "0.667", "\(csv.stdout)")
        let excel = try run(["report", "--date", "2021-07-07", "--format", "csv", "--excel"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 12)]))
        let excelLast = excel.stdout.split(whereSeparator: \.isNewline).last.map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        #expect(excelLast?[shareColumn] == "0,667", "\(excel.stdout)")
        let jsonl = try run(["report", "--date", "2021-07-07", "--format", "jsonl"], env: s.environment(["TRACEDESK_NOW": wib(8, hour: 12)]))
        let lastLine = try #require(jsonl.stdout.split(separator: "\n").last)
        let total = try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any]
        #expect(total?["follow_up_under_follow_up"] as? Int == 3 && total?["follow_up_converted_to_cases_to_date"] as? Int == 1)

        // For other tools: the chain as JSON and as Graphviz's dot.
        let json = try run(["export", "chains", "--format", "json"], env: s.environment())
        let chains = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(chains.count == 1)
        let contacts = chains.first?["contacts"] as? [[String: Any]] ?? []
        #expect(contacts.map { $0["name"] as? String } == ["Budi Santoso", "Ani Lestari", "Citra Dewi"])
        #expect((contacts.last?["became_case"] as? [String: Any])?["case_id"] as? String == "JKT-77-K3")
        let dot = try run(["export", "chains", "--format", "dot"], env: s.environment())
        #expect(dot.stdout.hasPrefix("digraph chains {"))
        // A case's label is its id and name on two lines: dot's \n, not a doubled backslash.
        #expect(dot.stdout.contains("[shape=box, label=\"JKT-77\\n") && !dot.stdout.contains("\\\\n"), "\(dot.stdout)")
        #expect(dot.stdout.contains("\"contact:JKT-77-K3\" -> \"case:JKT-77-K3\" [label=\"became\"];"))
        // --output as on every export: a private file, the same text.
        let file = s.path + "/chains.dot"
        #expect(try run(["export", "chains", "--format", "dot", "--output", file], env: s.environment()).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == dot.stdout)
        var st = stat()
        #expect(stat(file, &st) == 0 && st.st_mode & 0o777 == 0o600)
    }

    @Test func aSecondInterviewLinksAPersonAlreadyAContactAndTheExportShowsOnePerson() throws {
        let s = Scratch()
        let list = lineList2021
            + "JKT-78,Joko Susilo,3171000000000078,0812-7777-0078,L,45,,Jl. Tebet Raya 9,001/002,Tebet Barat,Tebet,Jakarta Selatan,guru,2021-07-03,2021-07-04,2021-07-02\n"
        #expect(try run(["import", s.write("l.csv", list)], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "tracer-05", "--name", "Rina Wati", "--role", "tracer", "--team-name", "Tim Tebet"], env: s.environment()).status == 0)
        // Settings hold from when they are set (on the test clock, before the filings).
        let set = try run(["team", "set", "--review", "off", "--tracer", "tracer-05"], env: s.environment(["TRACEDESK_NOW": wib(5, hour: 8)]))
        #expect(set.status == 0)
        // The settings follow-up works by are said back, as the others are.
        #expect(set.stdout.contains("review off · lost after 3 days unreached · follow-up target 80 %"), "\(set.stdout)")
        let env = s.environment(["TRACEDESK_NOW": wib(5)])

        /// Files `caseId`'s interview naming Budi (NIK 3171000000000555) on the given walk day.
        func file(_ caseId: String, pageDowns: Int, link: Bool) throws {
            let desk = try TmuxDesk(["--tracer", "tracer-05"], env: env, width: 100, height: 30)
            desk.waitFor(caseId)
            desk.keys("/"); desk.text(caseId); desk.keys("Enter", "Enter")
            desk.waitFor("tracer-05 (you)")
            desk.keys("i")
            desk.waitFor("1 Identity › 2 Symptoms")
            desk.keys("Tab", "Tab", "Tab", "Right", "PageDown")
            desk.waitFor("6 days to walk")
            desk.keys("PageDown")
            desk.waitFor("day 6 of 6")
            for _ in 0..<pageDowns { desk.keys("PageDown") }
            desk.keys("Tab", "Tab"); desk.text("Budi Santoso"); desk.keys("Enter")
            desk.waitFor("K1 Budi Santoso")
            desk.keys("F9")
            desk.waitFor("5 Review")
            desk.keys("PageUp")
            desk.waitFor("4 Contacts 1")
            desk.keys("Enter", "Tab"); desk.text("0812 5555 0000"); desk.keys("Tab"); desk.text("3171000000000555")
            for _ in 0..<8 { desk.keys("Tab") }
            desk.keys("Right")
            desk.waitFor("→ close contact")
            desk.keys("Escape")
            if link {
                desk.waitFor("Budi Santoso (this interview) may be someone already known:")
                desk.waitFor("Budi Santoso, contact JKT-77-K1 of case JKT-77")
                desk.waitFor("why: same NIK")
                desk.keys("l")
                desk.waitFor("Saved: linked, one person.")
            }
            desk.keys("F9")
            desk.waitFor("1 named, 1 close")
            desk.keys("f")
            desk.waitFor("File this interview now?")
            desk.keys("y")
            desk.waitFor("Filed: \(caseId) with 1 contact")
            desk.keys("q")
            desk.waitFor("DESK-EXITED:0")
        }
        try file("JKT-77", pageDowns: 0, link: false)   // met today: quarantine to 19 July
        try file("JKT-78", pageDowns: 2, link: true)    // met 3 July: 17 July on its own

        let out = try run(["export", "contacts", "--format", "json"], env: s.environment())
        // JSON as data: numbers as numbers, missing as null; the fields read here are text.
        let rows = (try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []).map { $0.compactMapValues { $0 as? String } }
        #expect(rows.count == 2)
        #expect(Set(rows.map { $0["person_id"] }) == ["JKT-77-K1"])
        #expect(rows.allSatisfy { $0["person_cases"] == "JKT-77;JKT-78" && $0["person_quarantine_end"] == "2021-07-19" })
        #expect(rows.first { $0["case_id"] == "JKT-78" }?["quarantine_end"] == "2021-07-17")
        // Review is off: the filed contacts are followed up, so they are what follow-up calls.
        #expect(rows.allSatisfy { $0["follow_up_status"] == "filed_no_review" }, "\(rows)")
        let called = try run(["export", "contacts", "--format", "json", "--approved-only"], env: s.environment())
        #expect((try JSONSerialization.jsonObject(with: Data(called.stdout.utf8)) as? [[String: Any]])?.count == 2)
    }
}
