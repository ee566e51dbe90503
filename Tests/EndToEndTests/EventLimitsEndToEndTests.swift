import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// Issue 18, schema 5: the file journal keeps what was written before the limits (or by hand);
/// `check` names each event beyond them by its line, and the desk replays it as it is.
@Suite struct EventLimitsEndToEndTests {
    @Test func checkNamesAnEventBeyondTheLimitsByItsLineAndTheDeskReplaysIt() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())   // lines 1-3
        let t = Date()
        let long = String(repeating: "a", count: EventLimit.note.value + 1)
        try FileJournal(path: s.journal).append([
            Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01", body: .caseClaimed(CaseClaim(caseId: "JKT-1"))),
            Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01",
                  body: .callLogged(CallAttempt(caseId: "JKT-1", outcome: .noAnswer, note: long))),
        ])
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1)
        #expect(check.stdout.contains("line 5: the field data.note holds \(EventLimit.note.value + 1), more than a server takes (\(EventLimit.note.value)); the desk replays it"),
                "\(check.stdout)")
        #expect(!check.stdout.contains("aaaa"), "no patient data in the report")
        let id = try run(["check"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(id.stdout.contains("baris 5: kolom data.note berisi \(EventLimit.note.value + 1), lebih dari yang diterima server"), "\(id.stdout)")
        // Replayed as it is: the call is in the case's history.
        let cases = try run(["cases", "--format", "json"], env: s.environment())
        #expect(cases.status == 0, "\(cases.stderr)")
        #expect(check.stdout.contains("events:   5"), "\(check.stdout)")
    }
}
