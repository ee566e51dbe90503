import Foundation
import Testing

/// Issue 15, items 1 and 4, through the real binary in tmux: a paste is text, signals save what
/// was typed and end with 128 + their number, a desk without a terminal says so, and Home/End
/// sent as ESC[1~ / ESC[4~ are Home and End.
@Suite(.serialized) struct InputEndToEndTests {
    /// The field report (cases/field-07): a two-line note pasted into the call form.
    @Test func aMultiLinePasteIntoTheCallNoteIsTextNotKeys() throws {
        let s = Scratch()
        let csv = s.write("list.csv", lineListHeader + "DKI-C1,Rina Wulandari,3171014507850011,0812-3456-7801,P,36,,Jl. Melati 1,001/002,Menteng,Menteng,Jakarta Pusat,guru,2021-07-03,2021-07-04,2021-07-01\n")
        #expect(try run(["import", csv], env: s.environment()).status == 0)
        let desk = try TmuxDesk([], env: s.environment(["TRACEDESK_TRACER": "t-01"]))
        desk.waitFor("DKI-C1")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("c")
        desk.waitFor("Log a call attempt")
        desk.keys("2", "Tab")
        try desk.paste("Tidak diangkat, coba lagi sore.\nistri bilang: coba lagi besok\n")
        desk.waitFor("coba lagi sore. istri bilang")
        // Still in the form: the line break did not save it, the "i" started no interview.
        #expect(desk.screen.contains("Log a call attempt"))
        #expect(!desk.screen.contains("Interview ·"))
        desk.keys("Enter")
        desk.waitFor("Saved: no answer for DKI-C1.")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.contains(#""note":"Tidak diangkat, coba lagi sore. istri bilang: coba lagi besok""#), "\(journal)")
        #expect(!journal.contains("interview"), "\(journal)")
    }

    @Test func aPasteOnTheQueueIsIgnoredAndSaid() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        try desk.paste("q\n")
        desk.waitFor("Paste ignored: nothing here takes text")
        #expect(!desk.screen.contains("DESK-EXITED"))
    }

    /// Home and End as `ESC [ 1 ~` / `ESC [ 4 ~` (screen and tmux send these) move the cursor
    /// in a field; before, ncurses gave Esc (cancel) then "[1~" as typing.
    @Test func homeAndEndAsVT220SequencesAreHomeAndEnd() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("c")
        desk.waitFor("Log a call attempt")
        desk.keys("2", "Tab")
        desk.text("tengah")
        desk.waitFor("tengah")
        try desk.tmux(["send-keys", "-t", desk.session, "-H", "1b", "5b", "31", "7e"])   // ESC [ 1 ~
        desk.text("awal ")
        try desk.tmux(["send-keys", "-t", desk.session, "-H", "1b", "5b", "34", "7e"])   // ESC [ 4 ~
        desk.text(" akhir")
        desk.waitFor("awal tengah akhir")
        #expect(desk.screen.contains("Log a call attempt"))
        #expect(!desk.screen.contains("[1~"))
        desk.keys("Enter")
        desk.waitFor("Saved: no answer")
    }

    @Test(arguments: [(SIGTERM, "TERM"), (SIGHUP, "HUP"), (SIGINT, "INT"), (SIGQUIT, "QUIT")])
    func aSignalSavesWhatWasTypedRestoresTheTerminalAndExitsWith128PlusIt(_ signal: (Int32, String)) throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("i")
        desk.waitFor("Confirm who you are speaking to")
        desk.keys("C-u")
        desk.text("Nama Sebelum Sinyal")
        desk.waitFor("Nama Sebelum Sinyal")
        for pid in desk.deskPIDs { kill(pid, signal.0) }
        let screen = desk.waitFor("DESK-EXITED:")
        #expect(screen.contains("DESK-EXITED:\(128 + signal.0)"), "SIG\(signal.1): \(screen)")
        #expect(!screen.contains("Confirm who you are speaking to"), "the desk's screen should be gone after endwin")
        #expect(someFile(in: s.path + "/data", contains: "Nama Sebelum Sinyal"), "SIG\(signal.1): typed text not saved")
    }

    @Test func aDeskWhoseInputIsNotATerminalSaysSoAndLeaves() throws {
        let s = Scratch()
        let started = Date()
        // `run` gives the child /dev/null as its input.
        let r = try run(["demo"], env: s.environment())
        #expect(r.status == 2)
        #expect(r.stderr.contains("reads keys from a terminal, and its input is not one"), "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        let id = try run(["demo"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(id.stderr.contains("masukannya bukan terminal"), "\(id.stderr)")
    }

    /// Refused before anything is written: no demo journal, no team file, and `--reset` keeps
    /// the demo journal there was.
    @Test func aDemoWithoutATerminalWritesNothing() throws {
        let s = Scratch()
        let r = try run(["demo"], env: s.environment())
        #expect(r.status == 2)
        let data = s.path + "/data/tracedesk"
        let made = (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? []
        #expect(made.isEmpty, "written before refusing: \(made)")
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let kept = s.write("data/tracedesk/demo.jsonl", "")
        let reset = try run(["demo", "--reset"], env: s.environment())
        #expect(reset.status == 2)
        #expect(FileManager.default.fileExists(atPath: kept), "--reset removed the demo journal before refusing")
    }

    /// The desk itself, on a journal not made yet: refused before the journal, its folder or its
    /// lock exist (it once made and replayed them, then said there was no terminal).
    @Test func aDeskWithoutATerminalMakesNoJournal() throws {
        let s = Scratch()
        // The desk's own journal, in its own folder (a named one must be in a folder that is there).
        let r = try run(["desk", "--tracer", "tracer-01"], env: s.environment())
        #expect(r.status == 2, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path + "/data"), "the desk made its journal's folder before refusing")
    }
}
