import Foundation
import Testing

/// Issue 14, item 1.3: a full disk costs nothing typed. The real binary in tmux, its journal on
/// a 200 KiB tmpfs that the test fills and frees. Needs root to mount; elsewhere it is reported
/// as skipped (with the reason printed), never as passed.
@Suite(.serialized) struct FullDiskEndToEndTests {
    @Test func aTypedInterviewSurvivesAFullDiskAndIsSavedWhenRoomReturns() throws {
        let s = Scratch()
        let tiny = s.path + "/tiny"
        try FileManager.default.createDirectory(atPath: tiny, withIntermediateDirectories: true)
        let mounted = getuid() == 0
            ? try run(["-t", "tmpfs", "-o", "size=200k", "tmpfs", tiny], env: s.environment(), executable: "/usr/bin/mount")
            : RunResult(status: -1, stdout: "", stderr: "not root")
        guard mounted.status == 0 else {
            let why = "SKIP aTypedInterviewSurvivesAFullDiskAndIsSavedWhenRoomReturns: cannot mount a tmpfs here (\(mounted.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))"
            print(why)
            try Test.cancel(Comment(rawValue: why))
        }
        var desks: [TmuxDesk] = []
        defer {
            // The desks first (their journal is on the tmpfs), then the mount, waiting for it
            // to be free rather than for a fixed time.
            for d in desks { _ = try? d.tmux(["kill-server"]) }
            desks = []
            let unmounted = poll(seconds: 10, every: 100_000) {
                (try? run([tiny], env: s.environment(), executable: "/usr/bin/umount"))?.status == 0
            }
            if !unmounted, (try? run(["-l", tiny], env: s.environment(), executable: "/usr/bin/umount"))?.status == 0 {
                print("FullDiskEndToEndTests: the tmpfs was still busy; unmounted lazily")
            }
        }
        try FileManager.default.createDirectory(atPath: tiny + "/j", withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        let journal = tiny + "/j/j.jsonl"
        let csv = s.write("a.csv", "case_id,name,age,result_date\nC-1,Nur Hidayat,29,2021-07-03\n")
        #expect(try run(["import", csv, "--journal", journal], env: s.environment()).status == 0)

        let desk = try TmuxDesk(["--journal", journal, "--tracer", "tracer-a"], env: s.environment())
        desks.append(desk)
        desk.waitFor("C-1")
        desk.keys("Enter")                                   // opens and claims C-1
        desk.waitFor("Claimed by    tracer-a (you)")
        // tmpfs hands out whole 4 KiB pages: the journal's last page must be nearly full, or a
        // draft would still fit in it with the disk full.
        while fileSize(journal) % 4096 < 3700 {
            #expect(try run(["stress-append", "--journal", journal, "--case-id", "C-1", "--writer", "tracer-a", "--count", "1"],
                            env: s.environment(), executable: benchBinary).status == 0)
        }
        fillUp(tiny + "/fill")

        desk.keys("i")
        desk.waitFor("1 Identity")
        desk.keys("C-u"); desk.text("Nur ZZTYPED"); desk.keys("Tab")   // the move saves: no room
        desk.waitFor("NOT saved: interview draft of C-1 is in memory only")
        desk.waitFor("NOT SAVED: 1 in memory")
        desk.keys("Escape")
        let afterEsc = desk.waitFor("Interview of C-1 NOT saved: kept in memory only; i resumes it.")
        #expect(!afterEsc.contains("draft kept"))
        // Nothing of it reached the disk: not the journal, not the draft folder beside it.
        #expect(!someFile(in: tiny + "/j", contains: "ZZTYPED"))

        desk.keys("Escape", "q")                            // back to the queue; q asks
        desk.waitFor("Quit? NOT saved, lost if you quit: interview draft of C-1.")
        desk.keys("n")
        desk.waitFor("Not quitting.")

        try FileManager.default.removeItem(atPath: tiny + "/fill")   // room again
        // The tracer's next key writes what was held (the desk's tick would too, a moment
        // later): the title stops saying NOT SAVED with it.
        let freed = Date()
        desk.keys("j")
        waitUntil("the title still says NOT SAVED:\n\(desk.screen)") { !(desk.lines.first ?? "").contains("NOT SAVED") }
        print("FullDiskEndToEndTests: the title cleared \(String(format: "%.2f", Date().timeIntervalSince(freed))) s after room returned and a key")
        // Written once: the draft held in memory, to the case's draft file (drafts are not in
        // the event log).
        let draftFile = tiny + "/j/j.drafts/" + Array("C-1".utf8).map { String(format: "%02x", $0) }.joined() + ".jsonl"
        let text = try String(contentsOfFile: draftFile, encoding: .utf8)
        #expect(text.components(separatedBy: "ZZTYPED").count - 1 == 1)
        #expect(!(try String(contentsOfFile: journal, encoding: .utf8)).contains("ZZTYPED"))
        desk.keys("q")
        desk.waitFor("DESK-EXITED:0")

        let again = try TmuxDesk(["--journal", journal, "--tracer", "tracer-a"], env: s.environment())
        desks.append(again)
        again.waitFor("Interview C-1 saved — press i to continue.")
        again.keys("i")
        again.waitFor("Resumed your interview")
        again.waitFor("Nur ZZTYPED")
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Writes zeros until the file system says it is full.
    private func fillUp(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { Issue.record("cannot create \(path)"); return }
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0, count: 1024)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
        #expect(errno == ENOSPC)
    }
}
