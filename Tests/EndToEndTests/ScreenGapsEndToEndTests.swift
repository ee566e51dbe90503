import Foundation
import Testing

/// Issue 15 item 4 and issue 17 item 4 through the real binary in tmux: a call note typed and
/// not confirmed is written when a signal ends the desk; a lead corrects a case record at the
/// desk as the same `case.corrected` event `tracedesk correct` writes.
@Suite(.serialized) struct ScreenGapsEndToEndTests {
    @Test(arguments: [(SIGTERM, "TERM"), (SIGHUP, "HUP"), (SIGINT, "INT")])
    func aCallNoteTypedBeforeASignalIsSavedAsAnUnconfirmedCall(_ signal: (Int32, String)) throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("c")
        desk.waitFor("Log a call attempt")
        desk.keys("2", "Tab")
        desk.text("Catatan Sebelum Sinyal")
        desk.waitFor("Catatan Sebelum Sinyal")
        for pid in desk.deskPIDs { kill(pid, signal.0) }
        let screen = desk.waitFor("DESK-EXITED:")
        #expect(screen.contains("DESK-EXITED:\(128 + signal.0)"), "SIG\(signal.1): \(screen)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        let call = try #require(journal.split(separator: "\n").first { $0.contains("call.logged") }, "SIG\(signal.1): no call in \(journal)")
        #expect(call.contains(#""note":"Catatan Sebelum Sinyal""#), "\(call)")
        #expect(call.contains(#""unconfirmed":true"#), "\(call)")
        #expect(call.contains(#""outcome":"no_answer""#), "\(call)")
        #expect(try run(["check"], env: s.environment()).status == 0)
    }

    @Test func aLeadCorrectsAPhoneAtTheDeskAndTheHistorySaysSo() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        #expect(try run(["team", "add", "t1", "--name", "Rina", "--role", "tracer"], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead"], env: s.environment()).status == 0)
        // A tracer is refused, and told who may.
        let tracer = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        tracer.waitFor("Patient")
        tracer.keys("Enter")
        tracer.waitFor("Claimed by")
        tracer.keys("e")
        tracer.waitFor("Only a team lead or the data person corrects a case record")
        tracer.keys("q", "q")
        tracer.waitFor("DESK-EXITED:0")

        let desk = try TmuxDesk(["--tracer", "lead-01"], env: s.environment())
        desk.waitFor("Your review queue")
        desk.keys("Escape")
        desk.waitFor("JKT-1")
        desk.keys("v")
        desk.waitFor("opened to look at")
        desk.keys("e")
        desk.waitFor("Correct the record of JKT-1")
        desk.keys("Tab", "Tab", "C-u")
        desk.text("0813-1111-2222")
        desk.keys("Tab")
        for _ in 0..<12 { desk.keys("Tab") }
        desk.text("pasien memberi nomor baru")
        desk.waitFor("pasien memberi nomor baru")
        desk.keys("Enter")
        desk.waitFor("Saved: the record of JKT-1 is corrected")
        desk.waitFor("0813-1111-2222")
        desk.keys("Enter")
        desk.waitFor("lead-01: corrected by hand: Phone …")
        desk.waitFor("reason: pasien memberi nomor baru")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        let fix = try #require(journal.split(separator: "\n").first { $0.contains("case.corrected") }, "\(journal)")
        #expect(fix.contains(#""actor":"lead-01""#), "\(fix)")
        #expect(fix.contains(#""to":"+6281311112222""#), "\(fix)")
        #expect(fix.contains(#""reason":"pasien memberi nomor baru""#), "\(fix)")
        // The same event the command writes: the command's own view of the case agrees.
        let cases = try run(["cases", "--columns", "case_id,phone", "--format", "json"], env: s.environment())
        #expect(cases.stdout.contains("6281311112222"), "\(cases.stdout)")
    }

    /// The desk's form and `tracedesk correct` refuse a 3-digit NIK with the same words.
    @Test func aThreeDigitNIKIsRefusedAtTheDeskAsByCorrect() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead"], env: s.environment()).status == 0)
        let command = try run(["correct", "JKT-1", "--set", "nik=317", "--reason", "x", "--tracer", "lead-01"], env: s.environment())
        #expect(command.status != 0)
        let line = try #require(command.stderr.split(separator: "\n").first { $0.contains("--set nik: ") }, "\(command.stderr)")
        let says = String(line[line.range(of: "--set nik: ")!.upperBound...])
        #expect(says == "must be 16 digits (got 3 characters: •••)", "\(command.stderr)")

        let desk = try TmuxDesk(["--tracer", "lead-01"], env: s.environment())
        desk.waitFor("Your review queue")
        desk.keys("Escape")
        desk.waitFor("JKT-1")
        desk.keys("v")
        desk.waitFor("opened to look at")
        desk.keys("e")
        desk.waitFor("Correct the record of JKT-1")
        desk.keys("Tab", "C-u")
        desk.text("317")
        desk.keys("Tab")
        desk.waitFor("NIK: " + says)
        desk.keys("Enter")
        desk.waitFor("NIK: " + says)
        #expect(!(try String(contentsOfFile: s.journal, encoding: .utf8)).contains("case.corrected"))
    }
}
