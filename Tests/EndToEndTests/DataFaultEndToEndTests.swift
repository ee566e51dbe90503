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
        let again = try run(["import", s.write("d2.csv", day1), "--apply-corrections", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 new, 1 already in the journal unchanged, 0 corrections, 0 conflicts"), "\(again.stdout)")
        // Then another phone and a name change: the name is corrected (its before is the
        // record as it stands), the phone is a conflict with the desk's value, not applied.
        let day3 = Self.header + "DKI-1,Siti Rahmawaty,3171014507850002,081277776666,P,36,2021-07-03,2021-07-04,\n"
        let third = try run(["import", s.write("d3.csv", day3), "--apply-corrections", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(third.status == 0, "\(third.stderr)")
        #expect(third.stderr.contains("correction of DKI-1: name \"Siti Rahmawati\" → \"Siti Rahmawaty\""), "\(third.stderr)")
        #expect(third.stderr.contains("conflict in DKI-1: phone: the lab sends \"+6281277776666\", corrected at the desk to \"+6281299990000\""), "\(third.stderr)")
        #expect(!third.stderr.contains("phone \""), "\(third.stderr)")
        let cases = try run(["cases", "--columns", "case_id,name,phone", "--format", "csv"], env: s.environment(Self.env))
        #expect(cases.stdout.contains("DKI-1,Siti Rahmawaty,6281299990000"), "\(cases.stdout)")
        // The conflict is in the journal's history; the same list again is no news.
        let fourth = try run(["import", s.write("d4.csv", day3), "--apply-corrections", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(fourth.stdout.contains("1 already in the journal unchanged, 0 corrections, 0 conflicts"), "\(fourth.stdout) \(fourth.stderr)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// A conflict is listed once, by a run without --apply-corrections too: it is recorded as
    /// the lab's latest value, and listed again only when the lab sends yet another; a plain
    /// correction left unapplied stays pending and is listed again.
    @Test func aConflictSeenOnceIsNotListedAgainUntilTheLabChangesIt() throws {
        let s = Scratch()
        let day1 = Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        #expect(try run(["import", s.write("d1.csv", day1)], env: s.environment(Self.env)).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead", "--team-name", "Tim"], env: s.environment(Self.env)).status == 0)
        #expect(try run(["correct", "DKI-1", "--set", "phone=0812-9999-0000", "--reason", "new number", "--tracer", "lead-01"], env: s.environment(Self.env)).status == 0)
        // Another phone from the lab (a conflict) and another name (a correction), not applied.
        let day2 = Self.header + "DKI-1,Siti Rahmawaty,3171014507850002,081277776666,P,36,2021-07-03,2021-07-04,\n"
        let first = try run(["import", s.write("d2.csv", day2)], env: s.environment(Self.env))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("d2.csv:2: conflict in DKI-1: phone"), "\(first.stderr)")
        #expect(first.stderr.contains("1 conflict kept in the cases' history"), "\(first.stderr)")
        #expect(first.stdout.contains("1 correction, 1 conflict"), "\(first.stdout)")
        let history = try run(["cases", "--columns", "case_id,name,phone", "--format", "csv"], env: s.environment(Self.env))
        #expect(history.stdout.contains("DKI-1,Siti Rahmawati,6281299990000"), "\(history.stdout)")
        // The same list again: the conflict was seen, the unapplied name is still pending.
        let second = try run(["import", s.write("d3.csv", day2)], env: s.environment(Self.env))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("conflict in DKI-1"), "\(second.stderr)")
        #expect(second.stderr.contains("correction of DKI-1: name \"Siti Rahmawati\" → \"Siti Rahmawaty\""), "\(second.stderr)")
        #expect(second.stdout.contains("1 correction, 0 conflicts"), "\(second.stdout)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.components(separatedBy: "\"type\":\"case.corrected\"").count == 3, "a lead's correction and one seen conflict")
        // The lab changes its value again: listed again.
        let day4 = Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081255554444,P,36,2021-07-03,2021-07-04,\n"
        let third = try run(["import", s.write("d4.csv", day4)], env: s.environment(Self.env))
        #expect(third.stderr.contains("d4.csv:2: conflict in DKI-1: phone: the lab sends \"+6281255554444\""), "\(third.stderr)")
        // A dry run writes nothing, so it records nothing.
        let dry = try run(["import", s.write("d5.csv", Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081233332222,P,36,2021-07-03,2021-07-04,\n"), "--dry-run"], env: s.environment(Self.env))
        #expect(dry.stderr.contains("conflict in DKI-1"), "\(dry.stderr)")
        let dryAgain = try run(["import", s.write("d6.csv", Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081233332222,P,36,2021-07-03,2021-07-04,\n"), "--dry-run"], env: s.environment(Self.env))
        #expect(dryAgain.stderr.contains("conflict in DKI-1"), "\(dryAgain.stderr)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// A correction line with a NIK the check refuses (an older build's, or written by hand):
    /// `check` reports it with its line, and the record keeps its NIK.
    @Test func checkReportsAJournaledCorrectionWithABadNIK() throws {
        let s = Scratch()
        let day1 = Self.header + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        #expect(try run(["import", s.write("d1.csv", day1)], env: s.environment(Self.env)).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Sri", "--role", "lead", "--team-name", "Tim"], env: s.environment(Self.env)).status == 0)
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
        let t = Date(timeIntervalSince1970: 1_625_540_400)
        try FileJournal(path: s.journal).append([Event(id: EventID.make(at: t), timestamp: t, actor: "lead-01", body: .caseCorrected(
            CaseCorrection(caseId: "DKI-1", changes: [FieldChange(field: "nik", from: "3171014507850002", to: "99887766")], reason: "by hand")))])
        let check = try run(["check"], env: s.environment(Self.env))
        #expect(check.status == 1, "\(check.stdout) \(check.stderr)")
        #expect((check.stdout + check.stderr).contains("line 3: case.corrected of DKI-1 not taken: nik: must be 16 digits (got 8 characters: "), "\(check.stdout) \(check.stderr)")
        #expect(!(check.stdout + check.stderr).contains("99887766"))
        let cases = try run(["cases", "--columns", "case_id,nik", "--format", "csv"], env: s.environment(Self.env))
        #expect(cases.stdout.contains("DKI-1,3171014507850002"), "\(cases.stdout)")
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
            ("result_date=2021-07-09", "DKI-2,Budi,,,L,40,2021-07-03,2021-07-09,", "result_date: 09/07/2021 is in the future (today is 06/07/2021)"),
            ("specimen_date=2021-07-05", "DKI-2,Budi,,,L,40,2021-07-05,2021-07-04,", "specimen_date: 05/07/2021 is after the result date 04/07/2021"),
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
        #expect(fine.status == 0 && fine.stdout.contains("onset_date \"\" → \"02/07/2021\""), "\(fine.stdout) \(fine.stderr)")
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
        let apart = try run(["import", s.write("twice2.csv", twice), "--keep-apart"], env: s.environment(Self.env))
        #expect(apart.status == 0, "\(apart.stderr)")
        #expect(apart.stdout.contains("1 person match kept apart, each an event by lab-import."), "\(apart.stdout)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.contains("\"type\":\"person.linked\"") && journal.contains("\"linked\":false"))
        let people = try run(["cases", "--columns", "case_id,person_id,person_cases", "--format", "csv"], env: s.environment(Self.env))
        #expect(people.stdout.contains("DKI-1,case:DKI-1,DKI-1\r\n") || people.stdout.contains("DKI-1,case:DKI-1,DKI-1\n"), "\(people.stdout)")
        #expect(people.stdout.contains("DKI-3,case:DKI-3,DKI-3"), "\(people.stdout)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }

    /// Two case ids with one NIK linked at import: one person, two cases. Both stay in the
    /// queue; `cases` gives them one person_id, FHIR one Patient with both case ids; a later
    /// list sending a third case id of that NIK is asked about again.
    @Test func importLinksTwoCaseIdsOfOnePerson() throws {
        let s = Scratch()
        let twice = Self.header
            + "DKI-1,Siti Rahmawati,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
            + "DKI-2,Budi Santoso,3171000000000009,,L,40,2021-07-03,2021-07-04,\n"
            + "DKI-3,Siti R.,3171014507850002,081234567801,P,36,2021-07-03,2021-07-04,\n"
        let linked = try run(["import", s.write("twice.csv", twice), "--link"], env: s.environment(Self.env))
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(linked.stdout.contains("Imported 3 cases") && linked.stdout.contains("1 person match linked, each an event by lab-import."), "\(linked.stdout)")
        let people = try run(["cases", "--columns", "case_id,person_id,person_cases", "--format", "csv"], env: s.environment(Self.env))
        #expect(people.stdout.contains("DKI-1,case:DKI-1,DKI-1; DKI-3"), "\(people.stdout)")
        #expect(people.stdout.contains("DKI-3,case:DKI-1,DKI-1; DKI-3"), "\(people.stdout)")
        #expect(people.stdout.contains("DKI-2,case:DKI-2,DKI-2"), "\(people.stdout)")
        let fhir = try run(["export", "fhir"], env: s.environment(Self.env))
        #expect(fhir.status == 0, "\(fhir.stderr)")
        let bundle = try JSONSerialization.jsonObject(with: Data(fhir.stdout.utf8)) as? [String: Any] ?? [:]
        let patients = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }.filter { $0["resourceType"] as? String == "Patient" }
        #expect(patients.count == 2, "\(patients)")
        let caseIds = patients.map { p in ((p["identifier"] as? [[String: Any]]) ?? []).filter { $0["system"] as? String == FHIRBundle.caseIdSystem }.compactMap { $0["value"] as? String } }
        #expect(caseIds.contains(["DKI-1", "DKI-3"]), "\(caseIds)")
        // The same list again is decided; a third case id with the NIK is asked about.
        let again = try run(["import", s.write("again.csv", twice)], env: s.environment(Self.env))
        #expect(again.status == 0 && again.stdout.contains("0 new, 3 already in the journal unchanged"), "\(again.stdout) \(again.stderr)")
        let third = try run(["import", s.write("third.csv", Self.header + "DKI-4,Siti,3171014507850002,,P,36,2021-07-04,2021-07-05,\n")], env: s.environment(Self.env))
        #expect(third.status == 65 && third.stderr.contains("third.csv:2: case DKI-4 may be"), "\(third.stderr)")
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
        #expect(linked.stdout.contains("1 person match linked, each an event by lead-01."), "\(linked.stdout)")
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
        #expect(bad.status != 0 && bad.stderr.contains("--set last_exposure: 09/07/2021 is in the future"), "\(bad.stderr)")
        let fixed = try run(["correct", "C-1", "--contact", "C-1-K1", "--set", "last_exposure=02/07/2021", "--reason", "met again", "--tracer", "lead-01"], env: s.environment(Self.env))
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("last_exposure \"30/06/2021\" → \"02/07/2021\""), "\(fixed.stdout)")
        let out = try run(["export", "contacts", "--format", "json"], env: s.environment(Self.env))
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first?["person_quarantine_end"] as? String == "2021-07-16", "\(rows)")
        #expect(try run(["check"], env: s.environment(Self.env)).status == 0)
    }
}
