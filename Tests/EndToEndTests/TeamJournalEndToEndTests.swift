import Foundation
import Testing

/// Issue 14's journal faults through the real binary, as a team would meet them.
@Suite(.serialized) struct TeamJournalEndToEndTests {
    /// The issue's reproduction: a desk is open, another process dies mid-write leaving a
    /// fragment, the desk logs a call. The call must survive, and `check` must pass.
    @Test func aCallSavedAfterAForeignFragmentIsKeptAndCheckPasses() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment()).status == 0)
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        appendBytes(s.journal, #"{"v":1,"id":"0190ab"#)
        desk.keys("Enter")
        desk.waitFor("t1 (you)")
        desk.keys("c")
        desk.waitFor("Log a call attempt")
        desk.keys("2", "Tab")
        desk.text("coba lagi sore")
        desk.keys("Enter")
        desk.waitFor("Saved: no answer")
        desk.keys("Escape")
        desk.waitFor("Patient")
        desk.keys("q")
        desk.waitFor("DESK-EXITED:0")
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("problems: none"))
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.contains("coba lagi sore"))
        #expect(try String(contentsOfFile: s.journal + ".quarantine", encoding: .utf8) == "{\"v\":1,\"id\":\"0190ab\n")
    }

    /// `cases` and `export` never change a file, whatever they find.
    @Test func listingsNeverTouchTheJournal() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment()).status == 0)
        appendBytes(s.journal, #"{"actor":"x","data":{"name":"Siti"#)
        let before = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        #expect(try run(["cases"], env: s.environment()).status == 0)
        #expect(try run(["export", "contacts"], env: s.environment()).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.journal)) == before)
        #expect(!FileManager.default.fileExists(atPath: s.journal + ".quarantine"))
        // `check` reports it and says who repairs it.
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1 && check.stdout.contains("opening the desk moves it to"))
    }

    /// Events replay ignores are listed by `check` with their lines; nothing says "none".
    @Test func checkNamesEachIgnoredEventByItsLine() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment()).status == 0)
        for (who, role) in [("lead-01", "lead"), ("tracer-01", "tracer"), ("tracer-02", "tracer")] {
            #expect(try run(["team", "add", who, "--name", who, "--role", role, "--tracer", "lead-01"], env: s.environment()).status == 0)
        }
        // tracer-01 holds JKT-1 (its call claims it).
        #expect(try run(["stress-append", "--case-id", "JKT-1", "--count", "1", "--writer", "tracer-01"], env: s.environment(), executable: benchBinary).status == 0)
        // Written as a writer would (numbered under the lock) but by people or on cases that
        // replay refuses: someone not on the team, a tracer on a case another holds.
        #expect(try run(["stress-append", "--case-id", "JKT-2", "--count", "1", "--writer", "mallory"], env: s.environment(), executable: benchBinary).status == 0)
        #expect(try run(["stress-append", "--case-id", "JKT-1", "--count", "1", "--writer", "tracer-02"], env: s.environment(), executable: benchBinary).status == 0)
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1)
        #expect(check.stdout.contains("line 5: logged call by mallory ignored: mallory is not in the team"), "\(check.stdout)")
        #expect(check.stdout.contains("line 6: logged call by tracer-02 ignored: case JKT-1 is held by tracer-01"), "\(check.stdout)")
        #expect(!check.stdout.contains("problems: none"))
    }

    /// An import a crash cut off is reported, and `check --repair --yes` closes it with an
    /// event: reported once, not on every run.
    @Test func aCutImportIsClosedByCheckRepairWithAnEvent() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment()).status == 0)
        // A second import cut before its commit record: its case lines and no commit.
        let lines = try String(contentsOfFile: s.journal, encoding: .utf8).split(separator: "\n").map(String.init)
        let imported = lines.filter { $0.contains("\"case.imported\"") }
        #expect(imported.count == 2)
        #expect(try run(["import", s.write("m.csv", lineList(cases: 1, startingAt: 9))], env: s.environment()).status == 0)
        var all = try String(contentsOfFile: s.journal, encoding: .utf8).split(separator: "\n").map(String.init)
        all.removeLast() // the second import's commit record: the crash came just before it
        try (all.joined(separator: "\n") + "\n").write(toFile: s.journal, atomically: false, encoding: .utf8)
        let first = try run(["check"], env: s.environment())
        #expect(first.status == 1 && first.stdout.contains("was cut off before it finished"))
        let repair = try run(["check", "--repair", "--yes"], env: s.environment())
        #expect(repair.stdout.contains("Closed 1 cut-off import"), "\(repair.stdout)")
        let again = try run(["check"], env: s.environment())
        #expect(again.status == 0, "\(again.stdout)")
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8).contains("\"import.abandoned\""))
        // The cut import's case is not loaded; the first import's are.
        let cases = try run(["cases", "--format", "csv"], env: s.environment())
        #expect(cases.stdout.contains("JKT-1") && !cases.stdout.contains("JKT-9"))
    }

    /// Hand edits with valid checksums: a deleted record is found at its line by `check`,
    /// and the desk refuses the same journal.
    @Test func aDeletedRecordStopsCheckAndTheDeskAlike() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 3))], env: s.environment()).status == 0)
        var lines = try String(contentsOfFile: s.journal, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.remove(at: 1)
        try (lines.joined(separator: "\n") + "\n").write(toFile: s.journal, atomically: false, encoding: .utf8)
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1)
        #expect(check.stdout.contains("damaged at line 2"), "\(check.stdout)")
        let cases = try run(["cases"], env: s.environment())
        #expect(cases.status != 0 && cases.stderr.contains("line 2"), "\(cases.stderr)")
    }
}

func appendBytes(_ path: String, _ text: String) {
    let handle = FileHandle(forWritingAtPath: path)!
    handle.seekToEndOfFile()
    handle.write(Data(text.utf8))
    try? handle.close()
}
