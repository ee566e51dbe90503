import Foundation
import Testing
import TracedeskCore
@testable import TracedeskServer

/// The real binary on the server store while the server is stopped under it: a case the
/// tracer holds is interviewed, left, resumed and filed with the server away, and reaches it
/// once when it is back. The desk says where the work is at each moment.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerAwayDeskEndToEndTests {
    @Test func aHeldCaseIsInterviewedAndFiledWhileTheServerIsAwayAndSentOnce() throws {
        let own = try PGCluster()
        defer { own.stop() }
        let db = try own.newDatabase()
        let s = Scratch()
        let env = s.environment()
        for args in [["init"], ["add-team", "Tebet", "--area", "Tebet"],
                     ["add-user", "data-01", "--name", "Data Dinkes", "--role", "data"],
                     ["add-user", "tracer-05", "--name", "Rina Wati", "--role", "tracer", "--team", "Tebet"]] {
            let r = try run(["server"] + args + ["--store", own.url(db)], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let imported = try run(["import", s.write("l.csv", interviewLineList()), "--store", own.url(db, user: "data-01")], env: env)
        #expect(imported.status == 0, "\(imported.stderr)")

        let desk = try TmuxDesk(["--store", own.url(db, user: "tracer-05")], env: env)
        desk.waitFor("JKT-77")
        desk.keys("Enter")                          // claimed while the server is there
        desk.waitFor("tracer-05 (you)")
        desk.keys("Escape")
        desk.waitFor("JKT-77")

        try own.stopFast()
        desk.waitFor("SERVER AWAY", seconds: 15)
        desk.keys("Enter")
        desk.waitFor("tracer-05 (you)")
        desk.keys("i")                              // started with the server away
        desk.waitFor("1 Identity › 2 Symptoms")
        desk.keys("Tab", "Tab", "Tab", "Right", "PageDown")
        desk.waitFor("6 days to walk")
        desk.keys("Escape")                         // left: the draft is in the outbox
        desk.waitFor("Interview draft kept")
        #expect(desk.waitFor("waiting to send").contains("SERVER AWAY"))
        desk.keys("i")                              // resumed with the server still away
        desk.waitFor("6 days to walk")
        desk.keys("PageDown")
        desk.waitFor("day 6 of 6")
        desk.keys("Tab"); desk.text("rumah"); desk.keys("Enter")
        desk.text("Budi Santoso"); desk.keys("Enter")
        desk.waitFor("K1 Budi Santoso")
        desk.keys("F9")
        desk.waitFor("5 Review")
        desk.keys("PageUp")
        desk.waitFor("4 Contacts 1")
        desk.keys("Enter", "Tab"); desk.text("0812 3333 4444")
        for _ in 0..<9 { desk.keys("Tab") }
        desk.keys("Right")
        desk.waitFor("→ close contact")
        desk.keys("Escape", "F9")
        desk.waitFor("1 named, 1 close")
        desk.keys("f")
        desk.waitFor("File this interview now?")
        desk.keys("y")
        let filed = desk.waitFor("Filed on this desk: JKT-77")
        #expect(filed.contains("waiting to be sent"), "\(filed)")
        #expect(!filed.contains("Filed: JKT-77"))
        #expect(try own.psqlIfUp("SELECT 1", database: db) == nil)  // the server really is away

        // Closed during the outage, its work in the outbox, the desk cannot open again until
        // the server is back: it says so, and that the work waits on this computer.
        desk.keys("q")
        desk.waitFor("DESK-EXITED:0")
        let closed = try TmuxDesk(["--store", own.url(db, user: "tracer-05")], env: env)
        // The message as one line again: the terminal wrapped it at its width, where a space
        // may have been; compared without spaces.
        let refused = closed.waitFor("DESK-EXITED:69").split(separator: "\n").joined()
        let letters = refused.filter { !$0.isWhitespace }
        #expect(letters.contains("Savesmadeonthiscomputerwhiletheserverwasaway,keptinitsoutbox("), "\(refused)")
        #expect(letters.contains("andsentwhenthedeskopenswiththeserverback:"), "\(refused)")

        try own.start()
        let reopened = try TmuxDesk(["--store", own.url(db, user: "tracer-05")], env: env)
        // Opening sent the outbox: the filing is the server's, done today, not open.
        reopened.waitFor("done today 1")
        #expect(!reopened.screen.contains("SERVER AWAY"), "\(reopened.screen)")
        reopened.keys("q")
        reopened.waitFor("DESK-EXITED:0")
        // Exactly once: one claim, one filing, the drafts typed while away; nothing refused.
        #expect(try own.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'interview.filed' AND case_id = 'JKT-77'", database: db) == "1\n")
        #expect(try own.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'case.claimed'", database: db) == "1\n")
        // The drafts typed while away reached the server too (the lead's history of changes),
        // each once, all older than the filing.
        let drafts = Int(try own.psql("SELECT count(*) FROM tracedesk.events WHERE kind = 'interview.saved' AND case_id = 'JKT-77'", database: db)
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(drafts > 0)
        #expect(try own.psql("""
            SELECT count(*) FROM tracedesk.events d, tracedesk.events f
            WHERE d.kind = 'interview.saved' AND f.kind = 'interview.filed' AND d.at > f.at
            """, database: db) == "0\n")
        let outboxes = s.path + "/data/tracedesk/outbox"
        let left = (try? FileManager.default.contentsOfDirectory(atPath: outboxes)) ?? []
        #expect(left.filter { $0.hasSuffix(".jsonl") }.isEmpty, "\(left)")
    }
}

extension LocalCluster {
    /// The query's output, or nil when the server does not answer.
    func psqlIfUp(_ sql: String, database: String) throws -> String? {
        try? psql(sql, database: database)
    }
}
