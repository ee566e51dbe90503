import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// The lab's cumulative line list as the health office's data person gets it every morning
/// (issue 17's "Done when"): Excel with Indonesian settings, imported twice, one correction.
@Suite struct LabImportEndToEndTests {
    static let header = "No;Kode Sampel;Nama Pasien;NIK;No HP;JK;Umur;Tgl Ambil Spesimen;Tgl Hasil;Tgl Onset;Alamat;Kelurahan;Kecamatan"
    static let day1 = [
        "1;DKI-001;Siti Rahmawati;3171014507850002;081234567801;P;36;03/07/2021;04/07/2021;01/07/2021;Jl. Kebon Sirih No. 12;Kebon Sirih;Menteng",
        "2;DKI-002;Budi Santoso;;0813 1111 2202;L;42;03/07/2021;04/07/2021;;\"Jl. Tebet Raya; Gang 2\";Tebet Barat;Tebet",
    ]
    /// What Excel writes: a byte-order mark, `;`, CRLF.
    static func excel(_ rows: [String]) -> String { "\u{FEFF}" + ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    @Test func theSameCumulativeListTwiceWithOneCorrection() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_TRACER": "data-01"])
        let first = try run(["import", s.write("lab-0705.csv", Self.excel(Self.day1))], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("lab-0705.csv: ignored columns (no field of ours): \"No\""))
        #expect(first.stdout.contains("2 new, 0 already in the journal unchanged, 0 corrections"))
        let journalAfterDay1 = try String(contentsOfFile: s.journal, encoding: .utf8)

        // Day 2: yesterday's rows, Budi's phone corrected by the lab, one new case.
        var day2 = Self.day1
        day2[1] = day2[1].replacingOccurrences(of: "0813 1111 2202", with: "0813 1111 2299")
        day2.append("3;DKI-003;Nur Aini;3171014507850003;081234567803;P;29;04/07/2021;05/07/2021;;Jl. Cikini 3;Cikini;Menteng")
        let file2 = s.write("lab-0706.csv", Self.excel(day2))
        let listed = try run(["import", file2], env: env)
        #expect(listed.status == 0, "\(listed.stderr)")
        // The column as the file names it ("No HP"), not our field name.
        #expect(listed.stderr.contains("lab-0706.csv:3: correction of DKI-002: No HP \"+6281311112202\" → \"+6281311112299\""), "\(listed.stderr)")
        #expect(listed.stderr.contains("1 correction NOT applied"))
        #expect(listed.stdout.contains("1 new, 1 already in the journal unchanged, 1 correction"))
        var cases = try run(["cases", "--format", "csv"], env: env).stdout
        #expect(cases.contains("DKI-003,Nur Aini"))

        let applied = try run(["import", file2, "--apply-corrections"], env: env)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(applied.stdout.contains("0 new, 2 already in the journal unchanged, 1 correction"))
        #expect(applied.stdout.contains("1 correction applied"))
        // Appended, never rewritten: day 1's lines stand as they were, the correction is an
        // attributed event after them.
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(journal.hasPrefix(journalAfterDay1))
        let corrected = journal.split(separator: "\n").filter { $0.contains("\"case.corrected\"") }
        #expect(corrected.count == 1)
        #expect(corrected.first?.contains("\"actor\":\"data-01\"") == true)
        #expect(corrected.first?.contains("\"source\":\"lab-0706.csv:3\"") == true)
        let export = try run(["export", "contacts", "--format", "json"], env: env)
        #expect(export.status == 0)
        cases = try run(["cases", "--format", "json"], env: env).stdout
        #expect(cases.contains("DKI-002"))
        let check = try run(["check"], env: env)
        #expect(check.stdout.contains("problems: none"), "\(check.stdout)")
        // A third run of the same file: everything known, nothing written.
        let third = try run(["import", file2, "--apply-corrections"], env: env)
        #expect(third.stdout.contains("0 new, 3 already in the journal unchanged, 0 corrections"))
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == journal)
    }

    /// A column map that is not UTF-8, or a folder, is said as what it is (it was "cannot read
    /// the column map (does it exist?)" for both).
    @Test func aColumnMapThatIsNotTextOrIsAFolderIsSaidSo() throws {
        let s = Scratch()
        let lab = s.write("lab.csv", Self.excel(Self.day1))
        let latin = s.path + "/map.txt"
        try Data([0x55, 0x6D, 0x75, 0x72, 0xE9, 0x20, 0x3D, 0x20, 0x61, 0x67, 0x65, 0x0A]).write(to: URL(fileURLWithPath: latin))
        let notText = try run(["import", lab, "--map", latin, "--dry-run"], env: s.environment())
        #expect(notText.status == 65 && notText.stderr == "tracedesk: \(latin):1: is not UTF-8 text (at character 5 of the line); save the column map as UTF-8\n", "\(notText.stderr)")
        let folder = try run(["import", lab, "--map", s.path, "--dry-run"], env: s.environment())
        #expect(folder.status == 66 && folder.stderr.contains("is a folder, not a column map"), "\(folder.stderr)")
    }

    /// Applying the lab's corrections changes records, as `tracedesk correct` does: a tracer
    /// and someone not on the team were able to (02:25 tester); a lead or the data person may.
    @Test func onlyALeadOrTheDataPersonAppliesTheListsCorrections() throws {
        let s = Scratch()
        let env = s.environment()
        for (id, role) in [("lead-01", "lead"), ("data-01", "data"), ("tr-01", "tracer")] {
            let r = try run(["team", "add", id, "--name", id, "--role", role, "--tracer", "lead-01"], env: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try run(["import", s.write("d1.csv", Self.excel(Self.day1)), "--tracer", "data-01"], env: env).status == 0)
        var day2 = Self.day1
        day2[1] = day2[1].replacingOccurrences(of: "0813 1111 2202", with: "0813 1111 2299")
        let file2 = s.write("d2.csv", Self.excel(day2))
        let before = try String(contentsOfFile: s.journal, encoding: .utf8)
        for who in ["tr-01", "nobody"] {
            let r = try run(["import", file2, "--apply-corrections", "--tracer", who], env: env)
            #expect(r.status == 1 && r.stderr.contains("\(who) may not apply the list's corrections"), "\(who): \(r.status) \(r.stderr)")
            #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == before)
        }
        let byData = try run(["import", file2, "--apply-corrections", "--tracer", "data-01"], env: env)
        #expect(byData.status == 0 && byData.stdout.contains("1 correction applied"), "\(byData.stderr)")
    }

    @Test func headersSeparatorsAndMapsThroughTheCommand() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_LANG": "id"])
        let lab = s.write("lab.csv", Self.excel(Self.day1))
        let forced = try run(["import", lab, "--delimiter", ","], env: env)
        #expect(forced.status == 65)
        #expect(forced.stderr.contains("lab.csv:1: judul: judul hanya satu kolom"), "\(forced.stderr)")
        #expect(forced.stderr.contains("--delimiter ';'"))
        let odd = s.write("odd.csv", "ID Lab,Pasien,Hasil Keluar,Usia\nL-1,Ani,04/07/2021,30\n")
        let noMap = try run(["import", odd], env: env)
        #expect(noMap.status == 65)
        #expect(noMap.stderr.split(separator: "\n").filter { $0.contains("odd.csv:1: judul:") }.count == 3, "\(noMap.stderr)")
        let map = s.write("map.txt", "ID Lab = case_id\nPasien = name\nHasil Keluar = result_date\nKolom Hilang = kota\n")
        let mapped = try run(["import", odd, "--map", map], env: env)
        #expect(mapped.status == 0, "\(mapped.stderr)")
        // A map line naming no column of the file is said, with its line (a typo there leaves
        // the lab's column ignored), and does not stop the import.
        #expect(mapped.stderr.contains("map.txt:4: tidak ada kolom \"Kolom Hilang\" di "), "\(mapped.stderr)")
        // A column that is there but collides is the header's problem alone, not "no column".
        let clash = try run(["import", odd, "--map", s.write("clash.txt", "ID Lab = case_id\nPasien = name\nHasil Keluar = result_date\nUsia = name\n")], env: env)
        #expect(clash.status == 65 && !clash.stderr.contains("clash.txt:"), "\(clash.stderr)")
        let badMap = try run(["import", odd, "--map", s.write("bad.txt", "Pasien name\n")], env: env)
        #expect(badMap.status == 65)
        #expect(badMap.stderr.contains("bad.txt:1: map:"), "\(badMap.stderr)")
        #expect(!badMap.stderr.contains("USAGE"))
        // Every problem of the map a line of its own, then how many: as a line list's are.
        let twoBad = try run(["import", odd, "--map", s.write("bad2.txt", "Pasien name\nID Lab = case_id\n= name\n")], env: env)
        #expect(twoBad.status == 65)
        let said = twoBad.stderr.split(separator: "\n").map(String.init)
        #expect(said.filter { $0.contains("bad2.txt:") && $0.contains(": map:") }.count == 2, "\(twoBad.stderr)")
        #expect(said.last?.hasPrefix("2 ") == true, "\(twoBad.stderr)")
    }
}

/// A lead fixes a record at the desk's command line (issue 17, item 4).
@Suite struct CorrectEndToEndTests {
    @Test func aLeadCorrectsAPhoneAsAnAttributedEventATracerCannot() throws {
        let s = try teamScratch()
        let before = try String(contentsOfFile: s.journal, encoding: .utf8)
        let byTracer = try run(["correct", "JKT-77", "--set", "phone=0812-9999-0000", "--reason", "patient's new number", "--tracer", "tracer-05"], env: s.environment())
        #expect(byTracer.status == 1, "\(byTracer.stderr)")
        #expect(byTracer.stderr.contains("tracer-05 is a tracer; only a team lead or the data person may correct a record"), "\(byTracer.stderr)")
        // The limits an import keeps, kept by a correction too: eleven phones, a reason longer
        // than a note (both once written, and `check` then flagged the journal for ever).
        let phones = (0..<11).map { "08123456780\($0)" }.joined(separator: "/")
        let many = try run(["correct", "JKT-77", "--set", "phone=\(phones)", "--reason", "x", "--tracer", "lead-01"], env: s.environment())
        #expect(many.status == 1 && many.stderr.contains("holds 11 numbers; a case record holds at most 10"), "\(many.stderr)")
        let essay = String(repeating: "a", count: EventLimit.note.value + 100)
        let long = try run(["correct", "JKT-77", "--set", "name=Budi S", "--reason", essay, "--tracer", "lead-01"], env: s.environment())
        #expect(long.status != 0 && long.stderr.contains("a reason holds at most \(EventLimit.note.value)"), "\(long.stderr)")
        let bad = try run(["correct", "JKT-77", "--set", "phone=12345", "--reason", "x", "--tracer", "lead-01"], env: s.environment())
        #expect(bad.status == 1 && bad.stderr.contains("--set phone: ••••• is not an Indonesian phone number"), "\(bad.stderr)")
        #expect(try String(contentsOfFile: s.journal, encoding: .utf8) == before)
        let byLead = try run(["correct", "JKT-77", "--set", "phone=0812-9999-0000", "--set", "name=Budi Santosa",
                              "--reason", "patient's new number", "--tracer", "lead-01"], env: s.environment())
        #expect(byLead.status == 0, "\(byLead.stderr)")
        #expect(byLead.stdout.contains("JKT-77 corrected by lead-01: name"), "\(byLead.stdout)")
        let after = try String(contentsOfFile: s.journal, encoding: .utf8)
        #expect(after.hasPrefix(before))
        let line = after.dropFirst(before.count)
        #expect(line.contains("\"type\":\"case.corrected\"") && line.contains("\"actor\":\"lead-01\"") && line.contains("patient's new number"))
        let cases = try run(["cases", "--columns", "case_id,name,phone", "--format", "csv"], env: s.environment())
        #expect(cases.stdout.contains("JKT-77,Budi Santosa,6281299990000"), "\(cases.stdout)")
        let again = try run(["correct", "JKT-77", "--set", "name=Budi Santosa", "--reason", "again", "--tracer", "lead-01"], env: s.environment())
        #expect(again.stdout.contains("already says that"))
        // What a message quotes from outside is shown, never sent to the terminal as control
        // characters (ESC clearing the screen, CR rewriting the line).
        let escaped = try run(["correct", "JKT-77", "--set", "sex=\u{1B}[2JQ", "--reason", "x", "--tracer", "lead-01"], env: s.environment())
        #expect(escaped.status == 1 && escaped.stderr.contains("␛[2JQ") && !escaped.stderr.contains("\u{1B}"), "\(escaped.stderr)")
        let carriage = try run(["correct", "JKT-77", "--set", "kecamatan=\r\u{1B}[31mX", "--reason", "x", "--tracer", "lead-01"], env: s.environment())
        #expect(carriage.status == 0 && !carriage.stdout.contains("\u{1B}") && !carriage.stdout.contains("\r"), "\(carriage.stdout)")
        let typo = try run(["export", "contacts\u{1B}]0;pwn\u{07}"], env: s.environment())
        #expect(typo.status == 64 && !typo.stderr.contains("\u{1B}") && !typo.stderr.contains("\u{07}"), "\(typo.stderr)")
        let option = try run(["cases", "--colour\u{1B}[2J"], env: s.environment())
        #expect(option.status == 64 && !option.stderr.contains("\u{1B}"), "\(option.stderr)")
        // A mistyped tracer is said, not listed as an empty table.
        let nobody = try run(["cases", "--tracer", "tracer-5"], env: s.environment())
        #expect(nobody.status == 1 && nobody.stderr.contains("tracer-5 is not in the team"), "\(nobody.stderr)")
    }
}
