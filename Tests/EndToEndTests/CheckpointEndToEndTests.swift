import Foundation
import Testing

/// The real desk writes its checkpoint after a start that replayed enough, starts from it
/// the next time (replaying only what came after), and shows the queue a full replay shows.
@Suite(.serialized) struct CheckpointEndToEndTests {
    @Test func theDeskStartsFromItsCheckpointAndShowsTheSameQueue() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("list.csv", lineList(cases: 12))], env: s.environment()).status == 0)
        let phases = s.path + "/phases"
        // One clock for every desk here, so their screens can be compared whole: each desk's
        // clock starts at this moment, the start of a minute, so the title's minute is the same.
        let now = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60))
        // Any replay is long enough to be saved here (a city's threshold is 20,000 events).
        let env = s.environment(["TRACEDESK_TRACER": "tracer-09", "TRACEDESK_NOW": now,
                                 "TRACEDESK_CHECKPOINT_AFTER": "1", "TRACEDESK_START_PHASES": phases])
        let checkpoint = s.journal + ".checkpoint"

        let first = try TmuxDesk([], env: env)
        first.waitFor("Patient")
        first.keys("q")
        first.waitFor("DESK-EXITED:0")
        // The desk waits for the writing before it ends: the file is there, private.
        var st = stat()
        #expect(lstat(checkpoint, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try String(contentsOfFile: phases, encoding: .utf8).contains("replayed "))

        // Work after the checkpoint: another list and a call, the journal's tail.
        #expect(try run(["import", s.write("more.csv", lineList(cases: 3, startingAt: 13))], env: s.environment()).status == 0)
        let caller = try TmuxDesk([], env: s.environment(["TRACEDESK_TRACER": "tracer-09", "TRACEDESK_NOW": now]))
        caller.waitFor("Patient")
        caller.keys("Enter")
        caller.waitFor("Claimed by    tracer-09 (you)")
        caller.keys("c")
        caller.waitFor("Log a call attempt")
        caller.keys("2", "Enter")
        caller.waitFor("Saved: no answer for JKT-")
        caller.keys("Escape")
        caller.waitFor("Patient")
        caller.keys("q")
        caller.waitFor("DESK-EXITED:0")

        unlink(phases)
        let again = try TmuxDesk([], env: env)
        let fromCheckpoint = again.waitForSettled("waiting 14")
        #expect(try String(contentsOfFile: phases, encoding: .utf8).contains("from-checkpoint "))
        again.keys("q")
        again.waitFor("DESK-EXITED:0")

        var off = env
        off["TRACEDESK_CHECKPOINT"] = "off"
        unlink(phases)
        let full = try TmuxDesk([], env: off)
        let replayed = full.waitForSettled("waiting 14")
        #expect(try String(contentsOfFile: phases, encoding: .utf8).contains("replayed "))
        #expect(fromCheckpoint == replayed)
        // The tail is there: the second list, and the call (its case in progress, one try).
        #expect(replayed.contains("15 cases") && replayed.contains("in progress   1"), "\(replayed)")
    }
}
