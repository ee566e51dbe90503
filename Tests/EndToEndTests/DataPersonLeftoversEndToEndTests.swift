import Foundation
import Testing

/// Issue 17, what a fresh tester found left in the data person's CLI, through the binary.
@Suite struct DataPersonLeftoversEndToEndTests {
    // MARK: 1. ArgumentParser's usage mistakes in the user's language

    @Test func usageMistakesAreSaidInIndonesian() throws {
        let s = Scratch()
        let id = s.environment(["TRACEDESK_LANG": "id"])
        let cases: [([String], String)] = [
            (["import"], "Kesalahan: Argumen '<file.csv>' belum diberikan"),
            (["import", "--bogus", "x.csv"], "Kesalahan: Opsi '--bogus' tidak dikenal"),
            (["cases", "--jornal", "x"], "Kesalahan: Opsi '--jornal' tidak dikenal. Maksud Anda '--journal'?"),
            (["correct", "DKI-1", "--set"], "Kesalahan: Nilai untuk '--set <field=value>' belum diberikan"),
            (["export", "fhir", "--approved-only=3"], "Kesalahan: Opsi '--approved-only' tidak menerima nilai, tetapi diberi '3'."),
            (["cases", "extra"], "Kesalahan: Argumen 'extra' tidak dikenal"),
            (["team", "add"], "Kesalahan: Argumen '<id>' belum diberikan"),
        ]
        for (args, first) in cases {
            let r = try run(args, env: id)
            #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
            let lines = r.stderr.split(separator: "\n").map(String.init)
            #expect(lines.first == first, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("Pemakaian: tracedesk \(args[0])"), "\(args): \(r.stderr)")
            #expect(r.stderr.contains("untuk keterangan lengkap."), "\(args): \(r.stderr)")
            // No line quoting an option's English help (the tester at 05:40: "Bantuan: <file.csv>
            // The line list, UTF-8 CSV with a header row.").
            #expect(!r.stderr.contains("Bantuan:") && !r.stderr.contains("Help:"), "\(args): \(r.stderr)")
            for english in ["Error:", "Usage:", "Missing", "Unknown option", "Unexpected", "does not take", "for more information"] {
                #expect(!r.stderr.contains(english), "\(args): \(english) in \(r.stderr)")
            }
        }
        // The far guess is still left out: "--date" is four edits from "--mine".
        let far = try run(["cases", "--date", "x"], env: id)
        #expect(far.status == 64 && far.stderr.hasPrefix("Kesalahan: Opsi '--date' tidak dikenal\n"), "\(far.stderr)")
        // --lang on the line decides, as for every other message.
        let flag = try run(["import", "--lang", "id"], env: s.environment())
        #expect(flag.stderr.hasPrefix("Kesalahan: Argumen '<file.csv>' belum diberikan"), "\(flag.stderr)")
        // English reads as ArgumentParser writes it.
        let english = try run(["import"], env: s.environment())
        #expect(english.status == 64 && english.stderr.hasPrefix("Error: Missing expected argument '<file.csv>'\n"), "\(english.stderr)")
        #expect(english.stderr.contains("Usage: tracedesk import") && english.stderr.contains("  See 'tracedesk import --help' for more information."))
        #expect(english.stderr.contains("Help: <file.csv>"), "\(english.stderr)")
    }

    /// A TRACEDESK_LANG that names no language we speak is said, in the locale's language, as
    /// `--lang fr` is, and nothing runs: it was taken silently for Indonesian.
    @Test func anUnknownLanguageSettingIsSaidNotTakenForIndonesian() throws {
        let s = Scratch()
        let english = try run(["cases", "--format", "xml"], env: s.environment(["TRACEDESK_LANG": "fr", "LANG": "en_US.UTF-8"]))
        #expect(english.status == 1 && english.stderr == "tracedesk: TRACEDESK_LANG=fr: use id or en\n", "\(english.stderr)")
        let indonesian = try run(["cases"], env: s.environment(["TRACEDESK_LANG": "fr", "LANG": "id_ID.UTF-8"]))
        #expect(indonesian.status == 1 && indonesian.stderr == "tracedesk: TRACEDESK_LANG=fr: gunakan id atau en\n", "\(indonesian.stderr)")
        // --lang before the command's name is the command's (it was "Unexpected argument 'cases'").
        let first = try run(["--lang", "en", "cases", "--format", "xml"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(first.status == 1 && first.stderr.hasPrefix("tracedesk: ") && !first.stderr.contains("Unexpected") && !first.stderr.contains("tidak"), "\(first.stderr)")
        let nested = try run(["--lang=id", "export", "contacts", "--format", "xml"], env: s.environment(["LANG": "en_US.UTF-8"]))
        #expect(nested.status == 1 && nested.stderr.contains("xml") && !nested.stderr.contains("Unexpected"), "\(nested.stderr)")
        // --lang on the line decides over the setting.
        let flag = try run(["cases", "--lang", "en"], env: s.environment(["TRACEDESK_LANG": "fr"]))
        #expect(!flag.stderr.contains("TRACEDESK_LANG"), "\(flag.stderr)")
    }

    /// `--help` stays one language, English, as its text is (FreshClone's
    /// theTopLevelHelpIsOneLanguage): only the lines of a mistake are said in Indonesian.
    @Test func helpStaysEnglishAsItsText() throws {
        let s = Scratch()
        let sub = try run(["import", "--help"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(sub.status == 0 && sub.stdout.hasPrefix("OVERVIEW: Load the lab") && sub.stdout.contains("\nOPTIONS:\n"), "\(sub.stdout)")
    }

    // MARK: 2. --output where no file can be made

    @Test func anOutputThatCannotBeMadeIsSaidWithItsPathInTheUsersLanguage() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment()).status == 0)
        #expect(try run(["team", "add", "lead-01", "--name", "Lia", "--role", "lead"], env: s.environment()).status == 0)
        let id = s.environment(["TRACEDESK_LANG": "id"])
        let exports: [[String]] = [["cases"], ["export", "contacts"], ["export", "fhir"], ["export", "chains"], ["report"], ["team", "list"]]
        let missing = s.path + "/nope/x.csv"
        for args in exports {
            let r = try run(args + ["--output", missing], env: id)
            #expect(r.status == 73, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr == "tracedesk: \(missing): folder \(s.path)/nope tidak ada; buat dulu (mkdir -m 700 \(s.path)/nope) atau sebutkan berkas lain; tidak ada yang ditulis\n", "\(args): \(r.stderr)")
        }
        let folder = try run(["cases", "--output", s.path], env: id)
        #expect(folder.status == 73 && folder.stderr == "tracedesk: \(s.path): adalah folder; sebutkan sebuah berkas (misalnya \(s.path)/cases.txt); tidak ada yang ditulis\n", "\(folder.stderr)")
        let folderForced = try run(["cases", "--output", s.path, "--force"], env: id)
        #expect(folderForced.status == 73 && folderForced.stderr.contains("adalah folder"), "\(folderForced.stderr)")
        try FileManager.default.createSymbolicLink(atPath: s.path + "/link.csv", withDestinationPath: s.path + "/elsewhere.csv")
        let link = try run(["cases", "--output", s.path + "/link.csv", "--force"], env: id)
        #expect(link.status == 73 && link.stderr == "tracedesk: \(s.path)/link.csv: adalah tautan simbolik; ekspor tidak pernah ditulis melaluinya (sebutkan berkasnya sendiri); tidak ada yang ditulis\n", "\(link.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path + "/elsewhere.csv"))
        let underAFile = try run(["cases", "--output", s.path + "/l.csv/x.csv"], env: id)
        #expect(underAFile.status == 73 && underAFile.stderr == "tracedesk: \(s.path)/l.csv/x.csv: \(s.path)/l.csv bukan folder; tidak ada yang ditulis\n", "\(underAFile.stderr)")
        let device = try run(["cases", "--output", "/dev/null", "--force"], env: id)
        #expect(device.status == 73 && device.stderr.contains("/dev/null: bukan berkas biasa"), "\(device.stderr)")
        let empty = try run(["cases", "--output", ""], env: id)
        #expect(empty.status == 1 && empty.stderr == "tracedesk: --output: sebutkan sebuah berkas, atau - untuk keluaran standar\n", "\(empty.stderr)")
        // In English too, the path named.
        let en = try run(["report", "--output", missing], env: s.environment())
        #expect(en.stderr == "tracedesk: \(missing): the folder \(s.path)/nope does not exist; make it first (mkdir -m 700 \(s.path)/nope) or name another file; nothing was written\n", "\(en.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path + "/nope"))
    }

    // MARK: 3. header names as labs write them

    @Test(arguments: [["Case ID", "Nama", "Umur", "ResultDate"], ["case_id", "name", "age", "result_date"],
                      ["caseid", "NAMA PASIEN", "usia", "Tgl. Hasil"], ["CaseId", "PatientName", "Age", "TGL_HASIL"],
                      ["case-id", "nama_lengkap", "Umur (Tahun)", "tglHasil"]])
    func aLabsHeaderIsTaken(_ header: [String]) throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2021-07-06T03:00:00Z"])
        let list = s.write("lab.csv", header.joined(separator: ";") + "\nDKI-1;Siti;36;03/07/2021\n")
        let r = try run(["import", list], env: env)
        #expect(r.status == 0, "\(header): \(r.stderr)")
        #expect(!r.stdout.contains("ignored") && !r.stderr.contains("ignored"), "\(header): \(r.stdout)\(r.stderr)")
    }

    // MARK: 4. where a file stops being UTF-8

    @Test func aBadByteIsSaidOnItsLine() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2021-07-06T03:00:00Z"])
        let lab = s.write("lab.csv", "Kode Sampel;Nama Pasien;Umur;Tgl Hasil\nDKI-1;Siti;36;03/07/2021\n")
        let map = s.path + "/map.txt"
        try (Data("Kode Sampel = case_id\nUm".utf8) + Data([0xE9]) + Data("ur = age\n".utf8)).write(to: URL(fileURLWithPath: map))
        let r = try run(["import", lab, "--map", map, "--dry-run"], env: env)
        #expect(r.status == 65 && r.stderr == "tracedesk: \(map):2: is not UTF-8 text (at character 3 of the line); save the column map as UTF-8\n", "\(r.stderr)")
        // A line list the same, with the column its byte is in: after a BOM, CRLF, and a
        // quoted address over two lines (the reader's record, not the line, decides the column).
        let list = s.path + "/latin.csv"
        try (Data([0xEF, 0xBB, 0xBF]) + Data("Kode Sampel;Alamat;Nama Pasien;Umur;Tgl Hasil\r\nDKI-1;\"Jl. A\r\nNo. 2\";Bud".utf8) + Data([0xE9]) + Data(";40;03/07/2021\r\n".utf8))
            .write(to: URL(fileURLWithPath: list))
        let l = try run(["import", list], env: env.merging(["TRACEDESK_LANG": "id"]) { $1 })
        #expect(l.status == 65 && l.stderr == "tracedesk: \(list):3: Nama Pasien: bukan teks UTF-8 (di karakter ke-11 baris itu); simpan dari spreadsheet sebagai \"CSV UTF-8\"\n", "\(l.stderr)")
    }

    // MARK: 5. a member who leaves and comes back

    @Test func aPastDayListsAMemberOnlyInTheirSpells() throws {
        let s = Scratch()
        func on(_ d: String) -> [String: String] { s.environment(["TRACEDESK_NOW": d + "T03:00:00Z"]) }
        #expect(try run(["team", "add", "lead-01", "--name", "Lia", "--role", "lead"], env: on("2026-11-20")).status == 0)
        #expect(try run(["team", "add", "tracer-01", "--name", "Tono", "--role", "tracer"], env: on("2026-11-20")).status == 0)
        #expect(try run(["import", s.write("l.csv", "case_id;name;age;result_date\nDKI-1;Siti;36;19/11/2026\n")], env: on("2026-11-20")).status == 0)
        #expect(try run(["team", "remove", "tracer-01", "--tracer", "lead-01"], env: on("2026-11-22")).status == 0)
        #expect(try run(["team", "add", "tracer-01", "--name", "Tono", "--role", "tracer"], env: on("2026-11-25")).status == 0)
        func tracers(_ day: String) throws -> [String] {
            let r = try run(["report", "--date", day, "--format", "json"], env: on("2026-11-26"))
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (obj["tracers"] as? [[String: Any]] ?? []).compactMap { $0["tracer"] as? String }
        }
        #expect(try tracers("2026-11-21") == ["tracer-01"])
        #expect(try tracers("2026-11-22") == ["tracer-01"])  // left that day, worked part of it
        #expect(try tracers("2026-11-23") == [])             // away
        #expect(try tracers("2026-11-24") == [])
        #expect(try tracers("2026-11-25") == ["tracer-01"])
        let file = try String(contentsOfFile: s.journal.replacingOccurrences(of: ".jsonl", with: ".team.json"), encoding: .utf8)
        #expect(file.contains("\"earlier\""), "\(file)")
    }

    // MARK: 6. the same kinds elsewhere in the CLI

    /// A journal named as a folder, or under a file, said in the user's words (it was the
    /// system's "Is a directory" / "Not a directory"), reading and writing alike.
    @Test func aJournalThatIsAFolderIsSaidSo() throws {
        let s = Scratch()
        let id = s.environment(["TRACEDESK_LANG": "id"])
        let list = s.write("l.csv", lineList(cases: 1))
        for args in [["import", list, "--journal", s.path], ["cases", "--journal", s.path]] {
            let r = try run(args, env: id)
            #expect(r.status == 73 || r.status == 66, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr == "tracedesk: jurnal \(s.path) tidak dapat dibuka: itu folder; sebutkan berkas jurnalnya (misalnya \(s.path)/journal.jsonl)\n", "\(args): \(r.stderr)")
        }
        let underAFile = try run(["import", list, "--journal", list + "/j.jsonl"], env: id)
        #expect(underAFile.status == 73 && underAFile.stderr == "tracedesk: jurnal \(list)/j.jsonl tidak dapat dibuka: sebagian jalurnya berkas, bukan folder\n", "\(underAFile.stderr)")
    }

    /// Input files as the README's exit statuses say: missing or a folder is 66, one line,
    /// in the user's language (a line list named as a folder was "does it exist?"; `check`
    /// without a journal and `replay` of a missing file exited 1).
    @Test func missingInputsAre66AndAFolderIsSaidSo() throws {
        let s = Scratch()
        let id = s.environment(["TRACEDESK_LANG": "id"])
        let folder = try run(["import", s.path], env: id)
        #expect(folder.status == 66 && folder.stderr == "tracedesk: \(s.path): adalah folder, bukan line list\n", "\(folder.stderr)")
        let check = try run(["check", "--journal", s.path + "/none.jsonl"], env: id)
        #expect(check.status == 66 && check.stderr == "tracedesk: tidak ada jurnal di \(s.path)/none.jsonl\n", "\(check.status) \(check.stderr)")
        let replay = try run(["replay", s.path + "/none.cast"], env: id)
        #expect(replay.status == 66 && replay.stderr == "tracedesk: \(s.path)/none.cast: berkas itu tidak ada\n", "\(replay.status) \(replay.stderr)")
        // A theme file named as a folder, or not text: Foundation's "NSCocoaErrorDomain error 256" was shown.
        let themeFolder = try run(["themes", "preview", s.path], env: id)
        #expect(themeFolder.stderr == "tracedesk: tidak dapat membaca \(s.path): itu folder, bukan berkas tema\n", "\(themeFolder.stderr)")
        let latin = s.path + "/latin.theme"
        try Data([0x66, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: latin))
        let themeLatin = try run(["themes", "preview", latin], env: id)
        #expect(themeLatin.stderr == "tracedesk: tidak dapat membaca \(latin): itu bukan teks UTF-8\n", "\(themeLatin.stderr)")
        let replayFolder = try run(["replay", s.path], env: id)
        #expect(replayFolder.status == 66 && replayFolder.stderr == "tracedesk: \(s.path): adalah folder, bukan rekaman\n", "\(replayFolder.stderr)")
    }
}
