import Foundation
import Testing
import TracedeskCore

/// A fresh data person's faults (issue 17, part), through the binary: a phone with a letter,
/// a past day's team, and the line-list reader's and `check`'s smaller faults.
@Suite struct DataPersonFaultsEndToEndTests {
    static let header = "Kode Sampel;Nama Pasien;No HP;Umur;Tgl Hasil"

    @Test func aPhoneWithALetterIsRefusedByImportAndCorrect() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_TRACER": "lead-01", "TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        _ = try run(["team", "add", "lead-01", "--name", "Lia", "--role", "lead"], env: env)
        let bad = s.write("bad.csv", [Self.header, "DKI-1;Siti;0812-3456-78O1;36;30/11/2026", "DKI-2;Budi;0812abc34567xyz;40;30/11/2026"].joined(separator: "\n") + "\n")
        let refused = try run(["import", bad], env: env)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.csv:2: No HP: 08••••••••••O1 is not an Indonesian phone number"), "\(refused.stderr)")
        #expect(refused.stderr.contains("bad.csv:3: No HP: 08•••••••••••yz is not an Indonesian phone number"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("0812-3456-78O1") && !refused.stderr.contains("0812abc34567xyz"))
        let written = (try? String(contentsOfFile: s.journal, encoding: .utf8)) ?? ""
        #expect(!written.contains("case.imported"))

        let good = s.write("good.csv", [Self.header, "DKI-1;Siti;(0812) 3456.7801;36;30/11/2026"].joined(separator: "\n") + "\n")
        let imported = try run(["import", good], env: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        let corrected = try run(["correct", "DKI-1", "--set", "phone=0812-3456-78O1", "--reason", "the patient's new number"], env: env)
        #expect(corrected.status != 0)
        #expect(corrected.stderr.contains("--set phone: 08••••••••••O1 is not an Indonesian phone number"), "\(corrected.stderr)")
        let cases = try run(["cases", "--columns", "case_id,phone", "--format", "csv"], env: env)
        #expect(cases.stdout.contains("DKI-1,6281234567801"), "\(cases.stdout)")
    }

    @Test func aTracerIsRefusedBeforeTheValueIsCompared() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        _ = try run(["team", "add", "lead-01", "--name", "Lia", "--role", "lead"], env: env)
        _ = try run(["team", "add", "tracer-01", "--name", "Tono", "--role", "tracer"], env: env)
        _ = try run(["import", s.write("l.csv", [Self.header, "DKI-1;Siti;081234567801;36;30/11/2026"].joined(separator: "\n") + "\n")], env: env)
        let same = try run(["correct", "DKI-1", "--set", "name=Siti", "--reason", "check", "--tracer", "tracer-01"], env: env)
        #expect(same.status != 0)
        #expect(same.stderr.contains("tracer-01 is a tracer; only a team lead or the data person may correct a record"), "\(same.stderr)")
        #expect(!same.stdout.contains("already says that"))
        let lead = try run(["correct", "DKI-1", "--set", "name=Siti", "--reason", "check", "--tracer", "lead-01"], env: env)
        #expect(lead.status == 0 && lead.stdout.contains("already says that"), "\(lead.stdout)\(lead.stderr)")
    }

    @Test func aPastDaysReportHasThatDaysTargetAndTracers() throws {
        let s = Scratch()
        let nov29 = s.environment(["TRACEDESK_NOW": "2026-11-29T03:00:00Z"])
        let dec1 = s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        _ = try run(["team", "add", "lead-01", "--name", "Lia", "--role", "lead"], env: nov29)
        _ = try run(["team", "add", "tracer-01", "--name", "Tono", "--role", "tracer"], env: nov29)
        let imported = try run(["import", s.write("l.csv", [Self.header, "DKI-1;Siti;081234567801;36;28/11/2026"].joined(separator: "\n") + "\n")], env: nov29)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try run(["team", "set", "--target", "5", "--tracer", "lead-01"], env: dec1).status == 0)
        #expect(try run(["team", "add", "tracer-02", "--name", "Dua", "--role", "tracer"], env: dec1).status == 0)
        #expect(try run(["team", "remove", "tracer-01", "--tracer", "lead-01"], env: dec1).status == 0)

        let json = try run(["report", "--date", "2026-11-30", "--format", "json"], env: dec1)
        #expect(json.status == 0, "\(json.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(obj["contact_target"] as? Int == 15, "\(json.stdout)")
        #expect((obj["todays_settings"] as? [String]) == [])
        let tracers = (obj["tracers"] as? [[String: Any]] ?? []).compactMap { $0["tracer"] as? String }
        #expect(tracers == ["tracer-01"], "\(tracers)")
        let table = try run(["report", "--date", "2026-11-30"], env: dec1)
        #expect(table.stdout.contains("contact target 15 per case"), "\(table.stdout)")
        #expect(!table.stdout.contains("tracer-02") && !table.stdout.contains("today's"))
        // Today: the new target and team.
        let now = try run(["report", "--format", "json"], env: dec1)
        let today = try #require(try JSONSerialization.jsonObject(with: Data(now.stdout.utf8)) as? [String: Any])
        #expect(today["contact_target"] as? Int == 5)
        #expect((today["tracers"] as? [[String: Any]] ?? []).compactMap { $0["tracer"] as? String } == ["tracer-02"])
    }

    @Test func aTeamFileWithoutHistorySaysItsSettingsAreTodays() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        _ = try run(["import", s.write("l.csv", [Self.header, "DKI-1;Siti;081234567801;36;28/11/2026"].joined(separator: "\n") + "\n")], env: env)
        // A team file as an earlier tracedesk wrote it: no dates, no history.
        let team = #"{"name":"Tim","contactTarget":5,"recording":false,"members":[{"id":"lead-01","name":"Lia","role":"lead"},{"id":"tracer-01","name":"Tono","role":"tracer"}]}"#
        let file = (s.journal as NSString).deletingPathExtension + ".team.json"
        #expect(FileManager.default.createFile(atPath: file, contents: Data(team.utf8), attributes: [.posixPermissions: 0o600]))
        let json = try run(["report", "--date", "2026-11-30", "--format", "json"], env: env)
        #expect(json.status == 0, "\(json.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((obj["todays_settings"] as? [String]) == ["contact_target", "tracers"], "\(json.stdout)")
        let table = try run(["report", "--date", "2026-11-30"], env: env)
        #expect(table.stdout.contains("The contact target and the tracers listed are today's: this team file does not record their history."), "\(table.stdout)")
        let csv = try run(["report", "--date", "2026-11-30", "--format", "csv"], env: env)
        #expect(csv.stderr.contains("today's"), "\(csv.stderr)")
        let id = try run(["report", "--date", "2026-11-30"], env: s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z", "TRACEDESK_LANG": "id"]))
        #expect(id.stdout.contains("Target kontak dan tracer yang tercantum adalah milik hari ini"), "\(id.stdout)")
    }

    @Test func theReadersSmallerFaults() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        let odd = s.write("odd.csv", "ID Lab,Pasien,Hasil Keluar,Usia\nL-1,Ani,30/11/2026,30\n")
        let map = s.write("map.txt", "ID Lab = case id\nPasien = Name\nHasil Keluar = result date\nUsia =\n")
        let missing = try run(["import", odd, "--map", map], env: env)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("map.txt:4: map: no field after ="), "\(missing.stderr)")
        #expect(!missing.stderr.contains("\"\" is not a field"))
        #expect(!missing.stderr.contains("map.txt:1") && !missing.stderr.contains("map.txt:3"), "\(missing.stderr)")
        let fixed = s.write("map2.txt", "ID Lab = case id\nPasien = Name\nHasil Keluar = result date\nUsia = age\n")
        let mapped = try run(["import", odd, "--map", fixed], env: env)
        #expect(mapped.status == 0, "\(mapped.stderr)")

        let piped = s.write("piped.csv", "Kode Sampel|Nama Pasien|Umur|Tgl Hasil\nP-1|Budi|40|30/11/2026\n")
        let hinted = try run(["import", piped], env: env)
        #expect(hinted.status == 65)
        #expect(hinted.stderr.contains("the file seems to use \"|\" between fields; try --delimiter '|'"), "\(hinted.stderr)")
        #expect(!hinted.stderr.contains("no column for"), "\(hinted.stderr)")
        let forced = try run(["import", piped, "--delimiter", "|"], env: env)
        #expect(forced.status == 0, "\(forced.stderr)")

        let short = s.write("short.csv", [Self.header, "S-1;Ani;081234567801;30"].joined(separator: "\n") + "\n")
        let few = try run(["import", short], env: env)
        #expect(few.status == 65)
        #expect(few.stderr.contains("short.csv:2: row: has 4 fields but the header has 5"), "\(few.stderr)")
        #expect(!few.stderr.contains("is empty"))
    }

    @Test func checksLabelsLineUpInBothLanguages() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_NOW": "2026-12-01T03:00:00Z"])
        _ = try run(["import", s.write("l.csv", [Self.header, "DKI-1;Siti;081234567801;36;28/11/2026"].joined(separator: "\n") + "\n")], env: env)
        for lang in ["en", "id"] {
            var e = env
            e["TRACEDESK_LANG"] = lang
            let check = try run(["check"], env: e)
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            let lines = check.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 6, "\(check.stdout)")
            // Each value starts in the same column: after the label's colon and the padding.
            let starts = Set(lines.map { line -> Int in
                let colon = line.firstIndex(of: ":")!
                let rest = line[line.index(after: colon)...]
                return line.distance(from: line.startIndex, to: colon) + 1 + rest.prefix { $0 == " " }.count
            })
            #expect(starts.count == 1, "\(lang): \(check.stdout)")
        }
    }
}
