import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// The non-interactive subcommands, run as a clerk would.
@Suite struct CommandEndToEndTests {
    @Test func aThousandRowImportLoadsAndChecksClean() throws {
        let s = Scratch()
        let csv = s.write("big.csv", lineList(cases: 1000))
        let r = try run(["import", csv], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Imported 1000 cases"))
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("cases:    1000"))
        #expect(check.stdout.contains("problems: none"))
        var st = stat()
        stat(s.journal, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        stat((s.journal as NSString).deletingLastPathComponent, &st)
        #expect(st.st_mode & 0o777 == 0o700)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/jq") {
            let jq = try run(["-c", ".", s.journal], env: [:], executable: "/usr/bin/jq")
            #expect(jq.status == 0)
            #expect(jq.stdout.split(separator: "\n").count == 1001) // 1000 cases + the commit record
        }
    }

    @Test func checkListsTheFirstThousandIgnoredEventsAndCountsThemAll() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())
        // 1,002 claims of a case that was never imported: each one ignored by replay.
        let t = Date()
        try FileJournal(path: s.journal).append((0..<1_002).map { i in
            Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01", body: .caseClaimed(CaseClaim(caseId: "NOPE-\(i)")))
        })
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 1)
        #expect(check.stdout.contains("problems: 1002"), "\(check.stdout.prefix(400))")
        #expect(check.stdout.contains("an event names case NOPE-999, which was never imported"))
        #expect(!check.stdout.contains("NOPE-1000,"))
        #expect(check.stdout.contains("… and 2 more ignored events (the first 1000 are listed)"))
    }

    @Test func oneBadRowWritesNothingAndNamesTheLine() throws {
        let s = Scratch()
        _ = try run(["import", s.write("first.csv", lineList(cases: 2))], env: s.environment())
        let before = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        var text = lineList(cases: 5, startingAt: 10)
        // Line 4 of the file gets a 5-digit NIK.
        var lines = text.components(separatedBy: "\n")
        lines[3] = lines[3].replacingOccurrences(of: "3171000000000012", with: "12345")
        text = lines.joined(separator: "\n")
        let bad = s.write("bad.csv", text)
        let r = try run(["import", bad], env: s.environment())
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.csv:4: nik: must be 16 digits (got 5 characters: •••••)"), "\(r.stderr)")
        #expect(r.stderr.contains("nothing was imported"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.journal)) == before)
        // The same, for a clerk whose terminal speaks Indonesian.
        let id = try run(["import", bad], env: s.environment(["TRACEDESK_LANG": "", "LANG": "id_ID.UTF-8"]))
        #expect(id.stderr.contains("bad.csv:4: nik: harus 16 digit (berisi 5 karakter: •••••)"), "\(id.stderr)")
        #expect(id.stderr.contains("1 masalah; tidak ada yang diimpor."))
        let check = try run(["check"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(check.stdout.contains("masalah:   tidak ada"))
    }

    @Test func importingTheSameListTwiceSkipsItsKnownRows() throws {
        let s = Scratch()
        let csv = s.write("l.csv", lineList(cases: 2))
        #expect(try run(["import", csv], env: s.environment()).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        let again = try run(["import", csv], env: s.environment())
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("0 new, 2 already in the journal unchanged, 0 corrections"), "\(again.stdout)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.journal)) == before) // nothing written
    }

    @Test func dryRunValidatesOnly() throws {
        let s = Scratch()
        let r = try run(["import", "--dry-run", s.write("l.csv", lineList(cases: 4))], env: s.environment())
        #expect(r.status == 0)
        #expect(r.stdout.contains("4 valid cases (4 new, 0 already in the journal unchanged, 0 corrections, 0 conflicts with a correction at the desk); nothing was written"))
        let cases = try run(["cases", "--format", "json"], env: s.environment())
        #expect(cases.stdout.contains("[\n\n]") || cases.stdout.contains("[]") || cases.status != 0)
    }

    @Test func casesListsInEveryFormat() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 3))], env: s.environment())
        let table = try run(["cases"], env: s.environment())
        #expect(table.stdout.hasPrefix("Case  "), "\(table.stdout)")
        #expect(table.stdout.contains(" waiting"))
        #expect(table.stdout.contains("Budi Santoso 1"))
        // The terminal's table writes days as the desk's lists show them (day first, this
        // year's without the year: theCasesTableWritesDaysAsTheDesksLists); files keep ISO.
        let shown = table.stdout.split(separator: "\n").dropFirst().joined()
        #expect(shown.contains(/\b\d\d\/\d\d\b/), "\(table.stdout)")
        #expect(!shown.contains(/\b\d{4}-\d\d-\d\d\b/), "\(table.stdout)")
        let csv = try run(["cases", "--format", "csv", "--status", "waiting"], env: s.environment())
        #expect(csv.stdout.components(separatedBy: "\r\n").count == 5) // header, 3 rows, the last CRLF
        let json = try run(["cases", "--format", "json"], env: s.environment())
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 3)
        #expect(parsed?.first?["status"] as? String == "waiting")
        let badStatus = try run(["cases", "--status", "asleep"], env: s.environment())
        #expect(badStatus.status != 0)
        #expect(badStatus.stderr.contains("not a status"))
    }

    @Test func exportContactsHasTheFollowUpColumns() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        let csv = try run(["export", "contacts", "--format", "csv"], env: s.environment())
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("contact_id,case_id,name,nik,phone"))
        let json = try run(["export", "contacts", "--format", "json"], env: s.environment())
        #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [Any] != nil)
    }

    @Test func checkFindsDamageAndATornTail() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 3))], env: s.environment())
        var bytes = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        let whole = bytes
        bytes.append(contentsOf: Array(#"{"actor":"t1","da"#.utf8))
        try bytes.write(to: URL(fileURLWithPath: s.journal))
        chmod(s.journal, 0o600)
        let torn = try run(["check"], env: s.environment())
        #expect(torn.status == 1)
        #expect(torn.stdout.contains("line 5: the last record is incomplete"))
        var damaged = whole
        damaged[40] ^= 0x20
        try damaged.write(to: URL(fileURLWithPath: s.journal))
        chmod(s.journal, 0o600)
        let bad = try run(["check"], env: s.environment())
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("damaged at line 1"))
        #expect(!bad.stdout.contains("Rahmawati"), "no patient data in error output")
    }

    @Test func aJournalOthersCanReadIsRefused() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        chmod(s.journal, 0o644)
        let r = try run(["cases"], env: s.environment())
        #expect(r.status != 0)
        #expect(r.stderr.contains("chmod 600"))
    }

    @Test func badImportInputGetsAClearMessage() throws {
        let s = Scratch()
        let missing = try run(["import", s.path + "/nope.csv"], env: s.environment())
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.csv: cannot read the file"))
        let latin1 = s.path + "/latin1.csv"
        try #require(FileManager.default.createFile(atPath: latin1, contents: Data(lineListHeader.utf8) + Data([0x4a, 0xe9, 0xff, 0x0a])))
        let r = try run(["import", latin1], env: s.environment())
        // Its line and column, not line 1 (the header reads).
        #expect(r.stderr.contains("latin1.csv:2: case_id: is not UTF-8 text (at character 2 of the line)"), "\(r.stderr)")
    }
}

@Suite struct ExampleFileTests {
    @Test func theReadmeExampleLineListImports() throws {
        let s = Scratch()
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/line-list.csv").path
        let r = try run(["import", example], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Imported 6 cases"))
        let json = try run(["cases", "--format", "json"], env: s.environment())
        let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.first?["case_id"] as? String == "DKI-210705-0005") // oldest result first
        #expect(rows?.contains { $0["name"] as? String == "Nur'aini Hidayat" } == true)
    }
}

@Suite struct RepairEndToEndTests {
    @Test func repairKeepsTheGoodPrefixAndSetsTheRestAsideOnlyWhenConfirmed() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 3))], env: s.environment())
        _ = try run(["stress-append", "--case-id", "JKT-1", "--count", "4"], env: s.environment(), executable: benchBinary)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        let lines = bytes.split(separator: 10)
        #expect(lines.count == 8)
        // Line 6 gets a zeroed block in the middle.
        let line6 = lines[0..<5].reduce(0) { $0 + $1.count + 1 }
        for i in (line6 + 10)..<(line6 + 30) { bytes[i] = 0 }
        try bytes.write(to: URL(fileURLWithPath: s.journal))
        chmod(s.journal, 0o600)

        let asked = try run(["check", "--repair"], env: s.environment())
        #expect(asked.status == 1)
        #expect(asked.stdout.contains("damaged at line 6"))
        #expect(asked.stdout.contains("1) keep lines 1–5 and move line 6 to the end"))
        #expect(asked.stdout.contains("Not changed."))
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.journal)) == bytes) // untouched without a yes

        let repaired = try run(["check", "--repair", "--yes"], env: s.environment())
        #expect(repaired.stdout.contains("Kept lines 1–5"))
        let after = try run(["check"], env: s.environment())
        #expect(after.status == 0, "\(after.stdout)")
        #expect(after.stdout.contains("events:   5"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: (s.journal as NSString).deletingLastPathComponent)
            .filter { $0.contains(".damaged-") }
        #expect(aside.count == 1)
        let moved = try Data(contentsOf: URL(fileURLWithPath: (s.journal as NSString).deletingLastPathComponent + "/" + aside[0]))
        #expect(moved == bytes.suffix(from: line6)) // set aside byte for byte, not deleted
        var st = stat()
        stat((s.journal as NSString).deletingLastPathComponent + "/" + aside[0], &st)
        #expect(st.st_mode & 0o777 == 0o600)
    }
}
