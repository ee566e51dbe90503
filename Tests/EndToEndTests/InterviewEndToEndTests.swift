import Foundation
import Testing

/// Jakarta's calendar day `offset` days from today, as YYYY-MM-DD.
func jakartaDay(_ offset: Int) -> String {
    var cal = Calendar(identifier: .gregorian)
    cal.timeZone = TimeZone(identifier: "Asia/Jakarta")!
    let d = cal.date(byAdding: .day, value: offset, to: Date())!
    let c = cal.dateComponents([.year, .month, .day], from: d)
    return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
}

/// One symptomatic patient: onset 3 days ago, so the walk is 5 days ago to today (6 days).
func interviewLineList() -> String {
    lineListHeader
        + "JKT-77,Rina Siregar,3171000000000077,0812-7777-0077,P,41,,Jl. Tebet Raya 1,001/002,Tebet Barat,Tebet,Jakarta Selatan,guru,\(jakartaDay(-2)),\(jakartaDay(-1)),\(jakartaDay(-3))\n"
}

@Suite(.serialized) struct InterviewEndToEndTests {
    @Test func aTracerWalksTheInterviewAndFilesTwoContacts() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", interviewLineList())], env: s.environment()).status == 0)
        let desk = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment())
        startInterviewAtToday(desk)                           // today, newest first
        desk.keys("Tab"); desk.text("rumah"); desk.keys("Enter")
        desk.text("Budi Santoso"); desk.keys("Enter")
        desk.waitFor("K1 Budi Santoso")
        desk.keys("PageDown")
        desk.waitFor("day 5 of 6")
        desk.keys("Tab", "Tab"); desk.text("bud")
        desk.waitFor("Named before")
        desk.keys("Down", "Enter")                            // the same person, picked, not retyped
        desk.waitFor("K1 Budi Santoso  (also")
        desk.keys("PageDown")
        desk.waitFor("day 4 of 6")
        desk.keys("Tab", "Tab"); desk.text("Ani Lestari"); desk.keys("Enter")
        desk.waitFor("K2 Ani Lestari")
        desk.keys("PageDown", "PageDown", "PageDown", "PageDown")
        desk.waitFor("4 Contacts 2")
        // Budi: phone, face to face.
        desk.keys("Enter", "Tab"); desk.text("0812 1111 2222")
        for _ in 0..<9 { desk.keys("Tab") }
        desk.keys("Right")
        desk.waitFor("→ close contact")
        desk.keys("Escape", "Down", "Enter")
        // Ani: a date outside the period is refused with the reason, then fixed.
        desk.keys("Tab"); desk.text("0813-2222-3333")
        for _ in 0..<8 { desk.keys("Tab") }
        desk.text(jakartaDay(-12)); desk.keys("Tab")
        desk.waitFor("is outside the infectious period")
        desk.keys("BTab", "C-u"); desk.text(jakartaDay(-2)); desk.keys("Tab", "Right", "Right")
        desk.waitFor("→ close contact")
        desk.keys("Escape", "F9")
        desk.waitFor("2 named, 2 close")
        desk.keys("f")
        desk.waitFor("File this interview now?")
        desk.keys("y")
        desk.waitFor("Filed: JKT-77 with 2 contacts, awaiting review.")
        desk.keys("q")
        desk.waitFor("DESK-EXITED:0")

        let out = try run(["export", "contacts", "--format", "json"], env: s.environment())
        #expect(out.status == 0)
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 2)
        let budi = rows.first { $0["name"] as? String == "Budi Santoso" }
        let ani = rows.first { $0["name"] as? String == "Ani Lestari" }
        #expect(budi?["last_exposure"] as? String == jakartaDay(0))
        #expect(budi?["quarantine_end"] as? String == jakartaDay(14))   // day 0 = last exposure, +14
        #expect(ani?["last_exposure"] as? String == jakartaDay(-2))
        #expect(ani?["quarantine_end"] as? String == jakartaDay(12))
        #expect(budi?["case_id"] as? String == "JKT-77")
        #expect(budi?["classification"] as? String == "close")
        #expect(budi?["follow_up_status"] as? String == "awaiting_review")
        #expect(budi?["filed_by"] as? String == "tracer-05")
        #expect((budi?["filed_at"] as? String)?.hasSuffix("+07:00") == true) // ISO 8601 with the desk's zone
        let csv = try run(["export", "contacts", "--format", "csv"], env: s.environment())
        #expect(csv.stdout.contains(",6281211112222,")) // the international number's digits: no + for a spreadsheet to run
    }

    /// A place typed without Enter, then PgDn: it is added to the day it was typed on, and the
    /// next day's "Where" is empty (it was carried there, to be recorded on the wrong day).
    @Test func aTypedPlaceStaysOnItsDay() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", interviewLineList())], env: s.environment()).status == 0)
        let desk = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment(), width: 80, height: 24)
        desk.waitFor("JKT-77")
        desk.keys("Enter")
        desk.waitFor("tracer-05 (you)")
        desk.keys("i")
        desk.waitFor("1 Identity › 2 Symptoms")
        desk.keys("Tab", "Tab", "Tab", "Right", "PageDown")
        desk.waitFor("Days 0/6")
        desk.keys("PageDown")
        desk.waitFor("day 6 of 6")
        desk.keys("Tab"); desk.text("rumah Jl. Melati 3")
        desk.keys("Tab"); desk.text("Budi Santoso"); desk.keys("Enter")
        desk.waitFor("K1 Budi Santoso")
        desk.keys("PageDown")
        let next = desk.waitFor("day 5 of 6")
        #expect(!next.contains("Melati"))
        desk.keys("PageUp")
        desk.waitFor("day 6 of 6")
        desk.waitFor("1. home — rumah Jl. Melati 3")
    }

    @Test func killMinus9MidInterviewLosesNothing() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", interviewLineList())], env: s.environment()).status == 0)
        let desk = try TmuxDesk(["--tracer", "tracer-06"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("tracer-06 (you)")
        desk.keys("i")
        desk.waitFor("1 Identity")
        desk.keys("Tab", "Tab", "Tab", "Right", "PageDown")
        desk.waitFor("6 days to walk")
        desk.keys("PageDown", "PageDown")
        desk.waitFor("day 5 of 6")
        desk.keys("Tab"); desk.text("pasar Tebet"); desk.keys("Enter")
        desk.text("Pak Harj")                                // typed, not yet added
        desk.waitFor("Pak Harj")
        // The tracer pauses; the desk saves the draft. Wait until it is on disk (in the journal
        // or wherever drafts are kept beside it), then kill.
        waitUntil("the draft holding \"Pak Harj\" never reached the disk") {
            someFile(in: (s.journal as NSString).deletingLastPathComponent, contains: "Pak Harj")
        }
        let pids = desk.deskPIDs
        #expect(!pids.isEmpty)
        for pid in pids { kill(pid, SIGKILL) }
        desk.waitFor("DESK-EXITED:137")

        let again = try TmuxDesk(["--tracer", "tracer-06"], env: s.environment())
        again.waitFor("saved — press i to continue.")
        again.keys("i")
        again.waitFor("Resumed your interview with Rina Siregar")
        let screen = again.waitFor("day 5 of 6")
        #expect(screen.contains("home — pasar Tebet"))
        again.keys("Tab", "Tab")
        again.waitFor("Pak Harj")
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0, "\(check.stdout)")
    }
}

@Suite struct ConfigEndToEndTests {
    @Test func theConfigFileChoosesTheRuleSet() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", interviewLineList())], env: s.environment()).status == 0)
        try FileManager.default.createDirectory(atPath: s.path + "/config/tracedesk", withIntermediateDirectories: true)
        _ = s.write("config/tracedesk/config", "rules = who-2021\n")
        let desk = try TmuxDesk(["--tracer", "t7"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter", "i", "Tab", "Tab", "Tab", "Right", "PageDown")
        desk.waitFor("WHO 2021 v1")
    }

    @Test func aBadConfigFileSaysWhereAndDoesNotStart() throws {
        let s = Scratch()
        try FileManager.default.createDirectory(atPath: s.path + "/config/tracedesk", withIntermediateDirectories: true)
        _ = s.write("config/tracedesk/config", "rules = who-2021\nfailed_attempts = lots\n")
        let r = try run(["--tracer", "t7"], env: s.environment())
        #expect(r.status != 0)
        #expect(r.stderr.contains("config/tracedesk/config:2: failed_attempts: a number from 1 to 20"))
    }
}
