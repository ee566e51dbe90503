import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// Issue 18, schema 6: a filing whose draft or contacts name another case is refused by a
/// server; in a file journal (written by hand) `check` names it by its line, and the desk
/// replays it as it is.
@Suite struct EventAgreementEndToEndTests {
    @Test func checkNamesAFilingWhoseDraftNamesAnotherCaseByItsLine() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())   // lines 1-3
        let t = Date()
        let today = WallClock.wib.day(of: t)
        var draft = InterviewDraft(for: CaseRecord(caseId: "JKT-1", name: "Siti", resultDate: today), rules: .indonesia2021)
        draft.consent = "given"
        _ = draft.addContact(named: "Ahmad Fauzi", on: today.adding(days: -1))
        var filing = FiledInterview.file(draft, today: today)
        #expect(EventAgreement.problem(.interviewFiled(filing)) == nil)
        filing.draft.caseId = "JKT-2"
        try FileJournal(path: s.journal).append([
            Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01", body: .caseClaimed(CaseClaim(caseId: "JKT-1"))),
            Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01", body: .interviewFiled(filing)),
        ])
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1)
        #expect(check.stdout.contains("line 5: interview.filed of case JKT-1 holds the interview of case JKT-2; a server refuses it; the desk replays it"),
                "\(check.stdout)")
        #expect(!check.stdout.contains("Ahmad"), "no patient data in the report")
        let id = try run(["check"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(id.stdout.contains("baris 5: pengajuan wawancara kasus JKT-1 berisi wawancara kasus JKT-2; server menolaknya; meja tetap memutarnya"), "\(id.stdout)")
        // Replayed as it is: the case is filed.
        let cases = try run(["cases", "--format", "json"], env: s.environment())
        #expect(cases.status == 0, "\(cases.stderr)")
        #expect(check.stdout.contains("events:   5"), "\(check.stdout)")
    }

    /// A correction of a contact's exposure names a contact of its own case (schema 6 refuses
    /// another): the desk's `correct` says so before writing anything.
    @Test func correctRefusesAnotherCasesContactBeforeWriting() throws {
        let s = try DataFaultEndToEndTests.approvedContact()
        let env = s.environment(DataFaultEndToEndTests.env)
        let list = DataFaultEndToEndTests.header + "C-2,Budi Santoso,3171000000000200,,L,30,2021-07-04,2021-07-05,\n"
        #expect(try run(["import", s.write("l.csv", list)], env: env).status == 0)
        let before = try String(contentsOfFile: s.journal, encoding: .utf8)
        let r = try run(["correct", "C-2", "--contact", "C-1-K1", "--set", "last_exposure=2021-07-01", "--reason", "salah kasus", "--tracer", "lead-01"], env: env)
        #expect(r.status != 0 && r.stderr.contains("contact C-1-K1 of case C-2 is not under follow-up"), "\(r.stderr)")
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == before)
    }
}
