import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// Faults new users found in the data (issues 16 and 17), through the binary.
@Suite struct DataFaultEndToEndTests {
    static let header = "case_id,name,nik,phone,sex,age,specimen_date,result_date,onset_date\n"
    static let env = ["TRACEDESK_NOW": "2021-07-06T03:00:00Z"]

    /// A lead's correction stands against the lab's cumulative list: the same old value is no
    /// change, a new one is a conflict shown with both values and never applied.
    @Test func aLabCorrectionNeverOverwritesALeadsCorrection() throws {
        let s = Scratch()
        let day1 = Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        #expect(try run(["import", s.write("d1.csv", day1)], env: s.environment(Self.env)).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead", "--team-name", "Tim"], env: s.environment(Self.env)).status == 0)
        let fix = try run(["correct", "DKI-1", "--set", "phone=0812-9999-0000", "--reason", "new number", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(fix.status == 0, "\(fix.stderr)")
        // The lab sends the same list again: its old phone is not a correction.
        let again = try run(["import", s.write("d2.csv", day1), "--apply-corrections"], env: s.environment(Self.env))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 new, 1 already in the journal unchanged, 0 correction(s), 0 conflict(s)"), "\(again.stdout)")
        // Then another phone and a name change: the name is corrected (its before is the
        // record as it stands), the phone is a conflict with the desk's value, not applied.
        let day3 = Self.header + "DKI-1,Siti Rahmawaty,3171014507850002,081277776666,P,36,2021-07-03,2021-07-04,\n"
        let third = try run(["import", s.write("d3.csv", day3), "--apply-corrections"], env: s.environment(Self.env))
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("correction of DKI-1: name \"Siti Rahmawati\" → \"Siti Rahmawaty\""), "\(third.stderr)")
        #expect(third.stderr.contains("conflict in DKI-1: phone: the lab sends \"+6281277776666\", corrected at the desk to \"+6281299990000\""), "\(third.stderr)")
        #expect(!third.stderr.contains("phone \""), "\(third.stderr)")
        let cases = try run(["cases", "--columns", "case_id,name,phone", "--format", "csv"], env: s.environment(Self.env))
        #expect(cases.stdout.contains("DKI-1,Siti Rahmawaty,6281299990000"), "\(cases.stdout)")
        // The conflict is in the journal's history; the same list again is no news.
        let fourth = try run(["import", s.write("d4.csv", day3), "--apply-corrections"], env: s.environment(Self.env))
        #expect(fourth.stdout.contains("1 already in the journal unchanged, 0 correction(s), 0 conflict(s)"), "\(fourth.stdout) \(fourth.stderr)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// `correct` refuses what import refuses, with the same words.
    @Test func correctAndImportCheckARecordAlike() throws {
        let s = Scratch()
        let ok = Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        #expect(try run(["import", s.write("ok.csv", ok)], env: s.environment(Self.env)).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead", "--team-name", "Tim"], env: s.environment(Self.env)).status == 0)
        let before = try String(contentsOfFile: s.journal, encoding: .utf8)
        let cases: [(set: String, row: String, says: String)] = [
            ("nik=317", "DKI-2,Budi,317,,L,40,2021-07-03,2021-07-04,", "nik: must be 16 digits (got 3 characters: •••)"),
            ("result_date=2021-07-09", "DKI-2,Budi,,,L,40,2021-07-03,2021-07-09,", "result_date: 2021-07-09 is in the future (today is 2021-07-06)"),
            ("specimen_date=2021-07-05", "DKI-2,Budi,,,L,40,2021-07-05,2021-07-04,", "specimen_date: 2021-07-05 is after the result date 2021-07-04"),
            ("age=130", "DKI-2,Budi,,,L,130,2021-07-03,2021-07-04,", "age: \"130\" is not an age in years (0–120)"),
            ("sex=X", "DKI-2,Budi,,,X,40,2021-07-03,2021-07-04,", "sex: \"X\" is not one of L/P, M/F"),
        ]
        for c in cases {
            let corrected = try run(["correct", "DKI-1", "--set", c.set, "--reason", "x", "--tracer", "lead-01"], env: s.environment(Self.env))
            #expect(corrected.status != 0 && corrected.stderr.contains("--set " + c.says), "\(c.set): \(corrected.stderr)")
            let imported = try run(["import", s.write("bad.csv", Self.header + c.row + "\n")], env: s.environment(Self.env))
            #expect(imported.status != 0 && imported.stderr.contains(":2: " + c.says), "\(c.row): \(imported.stderr)")
        }
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == before)
        // What both accept: a date as the spreadsheet writes it.
        let fine = try run(["correct", "DKI-1", "--set", "onset_date=02/07/2021", "--reason", "x", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(fine.status == 0 && fine.stdout.contains("onset_date \"\" → \"2021-07-02\""), "\(fine.stdout) \(fine.stderr)")
    }

    /// Import matches people: two rows of one NIK are flagged with both lines; a row that is a
    /// known person is reported with why, and linked or kept apart by the data person.
    @Test func importFlagsOneNIKTwiceAndLinksAKnownPersonOnlyWhenAsked() throws {
        let s = Scratch()
        let twice = Self.header
            + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
            + "DKI-2,Budi Santoso,3171000000000009,,L,40,2021-07-03,2021-07-04,\n"
            + "DKI-3,Siti R.,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        let flagged = try run(["import", s.write("twice.csv", twice)], env: s.environment(Self.env))
        #expect(flagged.status == 65, "\(flagged.stderr)")
        #expect(flagged.stderr.contains("twice.csv:4: case DKI-3 has the NIK of case DKI-1 on line 2"), "\(flagged.stderr)")
        #expect(!flagged.stderr.contains("3171014507850002"))
        let written = (try? String(contentsOfFile: s.journal, encoding: .utf8)) ?? ""
        #expect(written.isEmpty)
        // Linking cannot make one case of two case ids.
        let linked = try run(["import", s.write("twice1.csv", twice), "--link"], env: s.environment(Self.env))
        #expect(linked.status == 65 && linked.stderr.contains("a case is not linked to another case"), "\(linked.stderr)")
        let apart = try run(["import", s.write("twice2.csv", twice), "--keep-apart"], env: s.environment(Self.env))
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.contains("1 person match(es) kept apart, each an event by lab-import."), "\(apart.stdout)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.contains("\"type\":\"person.linked\"") && journal.contains("\"linked\":false"))
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// A journal with case C-1 (tracer-01) whose close contact C-1-K1, Ahmad Fauzi (NIK
    /// 3171000000000100, last met 30 June), a lead approved on 2 July; its team file.
    static func approvedContact() throws -> Scratch {
        let s = Scratch()
        let wib = WallClock.wib
        func at(_ day: Int, _ hour: Int) -> Date { wib.date(day: Day(year: 2021, month: 7, day: day)!, hour: hour, minute: 0) }
        var events: [Event] = []
        func add(_ body: EventBody, _ actor: String, _ t: Date) { events.append(Event(id: EventID.make(at: t), timestamp: t, actor: actor, body: body)) }
        let record = CaseRecord(caseId: "C-1", name: "Siti Rahmawati", nik: "3171000000000001", kelurahan: "Menteng",
                                resultDate: Day(year: 2021, month: 7, day: 1)!)
        for b in Desk.importEvents([record], batch: "b1") { add(b, "lab-import", at(1, 8)) }
        add(.caseClaimed(CaseClaim(caseId: "C-1")), "tracer-01", at(1, 9))
        var dr = InterviewDraft(for: record, rules: .indonesia2021)
        dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = "2021-06-30"
        _ = dr.addContact(named: "Ahmad Fauzi", on: Day(year: 2021, month: 6, day: 30)!)
        dr.contacts[0].criterion = "same_household"; dr.contacts[0].relationship = "household"
        dr.contacts[0].nik = "3171000000000100"; dr.contacts[0].lastExposure = "2021-06-30"
        add(.interviewFiled(FiledInterview.file(dr, today: Day(year: 2021, month: 7, day: 1)!)), "tracer-01", at(1, 11))
        add(.reviewApproved(ReviewDecision(caseId: "C-1")), "lead-01", at(2, 8))
        try FileManager.default.createDirectory(atPath: (s.journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileJournal(path: s.journal).append(events)
        try TeamFile.save(Team(name: "Tim", members: [TeamMember(id: "tracer-01", name: "Dewi", role: .tracer),
                                                     TeamMember(id: "lead-01", name: "Sri", role: .lead)]), journal: s.journal)
        return s
    }

    /// A row with the NIK of an approved close contact: reported with why, nothing imported
    /// until the data person decides; `--link` by a team member makes the contact that case.
    @Test func importLinksARowToTheKnownContactItIsOnlyWhenAsked() throws {
        let s = try Self.approvedContact()
        let list = Self.header + "LAB-9,Ahmad F.,3171000000000100,,L,30,2021-07-04,2021-07-05,\n"
        let asked = try run(["import", s.write("l1.csv", list)], env: s.environment(Self.env))
        #expect(asked.status == 65, "\(asked.stderr)")
        #expect(asked.stderr.contains("l1.csv:2: case LAB-9 may be Ahmad Fauzi, contact C-1-K1 of case C-1 — same NIK"), "\(asked.stderr)")
        // The decision is a team member's.
        let byLab = try run(["import", s.write("l2.csv", list), "--link"], env: s.environment(Self.env))
        #expect(byLab.status == 65 && byLab.stderr.contains("lab-import is not in the team"), "\(byLab.stderr)")
        let linked = try run(["import", s.write("l3.csv", list), "--link", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout.contains("1 person match(es) linked, each an event by lead-01."), "\(linked.stdout)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.contains("\"type\":\"person.linked\"") && journal.contains("\"toCase\":\"LAB-9\""))
        // The contact is that case now: not followed up, no quarantine end of its own.
        let out = try run(["export", "contacts", "--format", "json"], env: s.environment(Self.env))
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first?["person_id"] as? String == "case:LAB-9", "\(rows)")
        // The same list again: known, decided, nothing asked.
        let again = try run(["import", s.write("l4.csv", list)], env: s.environment(Self.env))
        #expect(again.status == 0 && again.stdout.contains("0 new, 1 already in the journal unchanged"), "\(again.stderr)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// A contact's exposure corrected after approval: the end is recomputed and said.
    @Test func aLeadCorrectsAContactsLastExposureAndTheEndMoves() throws {
        let s = try Self.approvedContact()
        let bad = try run(["correct", "C-1", "--contact", "C-1-K1", "--set", "last_exposure=2021-07-09", "--reason", "x", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(bad.status != 0 && bad.stderr.contains("--set last_exposure: 2021-07-09 is in the future"), "\(bad.stderr)")
        let fixed = try run(["correct", "C-1", "--contact", "C-1-K1", "--set", "last_exposure=02/07/2021", "--reason", "met again", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("last_exposure \"2021-06-30\" → \"2021-07-02\""), "\(fixed.stdout)")
        let out = try run(["export", "contacts", "--format", "json"], env: s.environment(Self.env))
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first?["person_quarantine_end"] as? String == "2021-07-16", "\(rows)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }
}
