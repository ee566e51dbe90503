import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// What the files the tool writes hold, read back as a spreadsheet or a program would.
@Suite struct ExportEndToEndTests {
    /// The lab's cells that spreadsheets would run (journal-05, field-13).
    static let hostileList = lineListHeader
        + #""=HYPERLINK(""http://evil.example"";""x"")",=1+1 Name,,08123456789,P,30,,@SUM(1),001/002,+Kel,-Kec,K,  =cmd,2021-07-03,2021-07-04,"#
        + "\n"
        + "JKT-2,＝1+1 Wide,,081234567801,L,41,,\tTab,,Kel,Kec,K,guru,2021-07-03,2021-07-04,\n"

    /// Python's csv module reads the file as a program would.
    func pythonRows(_ path: String) throws -> [[String]] {
        let r = try run(["-c", "import csv,json,sys; print(json.dumps(list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig'), delimiter=sys.argv[2]))))", path, ","],
                        env: ProcessInfo.processInfo.environment, executable: "/usr/bin/python3")
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONDecoder().decode([[String]].self, from: Data(r.stdout.utf8))
    }

    @Test func everyCSVNeutralisesFormulaCells() throws {
        let s = Scratch()
        let env = s.environment(["TRACEDESK_TRACER": "t-01"])
        #expect(try run(["import", s.write("lab.csv", Self.hostileList)], env: env).status == 0)
        #expect(try run(["team", "add", "t-01", "--name", "=1+1 Budi", "--role", "tracer"], env: env).status == 0)
        for args in [["cases"], ["report"], ["team", "list"], ["export", "contacts"]] {
            let r = try run(args + ["--format", "csv"], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let path = s.write("out.csv", r.stdout)
            for row in try pythonRows(path) {
                for cell in row {
                    let lead = cell.unicodeScalars.first { $0 != " " }
                    #expect(!(lead.map { "=+-@＝＋－＠\t\r".unicodeScalars.contains($0) } ?? false), "\(args): \(cell)")
                }
            }
        }
        let cases = try run(["cases", "--format", "csv"], env: env).stdout
        #expect(cases.contains(#""'=HYPERLINK(""http://evil.example"";""x"")""#))
        #expect(cases.contains("'=1+1 Name"))
        #expect(cases.contains("'＝1+1 Wide"))
        #expect(cases.contains(",'+Kel,"))
        // Numbers stay numbers: the age, the counts.
        #expect(cases.contains(",30,F,"))
        #expect(try run(["team", "list", "--format", "csv"], env: env).stdout.contains("t-01,'=1+1 Budi,tracer"))
    }

    @Test func plainCSVIsRFC4180AndExcelGetsABOMAndSemicolons() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())
        let plain = try run(["cases", "--format", "csv"], env: s.environment())
        #expect(plain.stdout.hasPrefix("case_id,name,"))
        #expect(plain.stdout.hasSuffix("\r\n") && !plain.stdout.hasSuffix("\r\n\r\n"))
        #expect(plain.stdout.components(separatedBy: "\r\n").count == 4) // header, 2 rows, ""
        let out = s.path + "/excel.csv"
        let excel = try run(["cases", "--format", "csv", "--excel", "--output", out], env: s.environment())
        #expect(excel.status == 0, "\(excel.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: bytes.dropFirst(3), as: UTF8.self).hasPrefix("case_id;name;age;"))
        let bad = try run(["cases", "--format", "json", "--excel"], env: s.environment())
        #expect(bad.status == 64)
    }

    @Test func contactPhonesAreDigitsAProgramCanDial() throws {
        let s = Scratch()
        let now = Date()
        try FileManager.default.createDirectory(atPath: (s.journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let journal = try FileJournal(path: s.journal)
        try journal.append(DemoQueue.events(now: now, tracer: "tracer-01"))
        try TeamFile.save(DemoQueue.team, journal: s.journal)
        let csv = try run(["export", "contacts", "--format", "csv"], env: s.environment())
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = try pythonRows(s.write("contacts.csv", csv.stdout))
        let phone = try #require(rows.first?.firstIndex(of: "phone"))
        let phones = rows.dropFirst().map { $0[phone] }.filter { !$0.isEmpty }
        #expect(!phones.isEmpty)
        for p in phones { #expect(p.hasPrefix("628") && p.allSatisfy(\.isNumber), "\(p)") }
    }

    @Test func outputFilesAre0600NeverOverwrittenUnlessForcedNeverThroughASymlink() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())
        let out = s.path + "/cases.csv"
        let first = try run(["cases", "--format", "csv", "--output", out], env: s.environment(["UMASK_IGNORED": "1"]))
        #expect(first.status == 0 && first.stdout.isEmpty, "\(first.stderr)")
        var st = stat()
        #expect(stat(out, &st) == 0 && st.st_mode & 0o777 == 0o600)
        let again = try run(["cases", "--format", "json", "--output", out], env: s.environment())
        #expect(again.status != 0 && again.status != 64)
        #expect(again.stderr.contains("already exists; use --force"), "\(again.stderr)")
        #expect(!again.stderr.contains("USAGE"))
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("case_id,"))
        let forced = try run(["cases", "--format", "json", "--output", out, "--force"], env: s.environment())
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("["))
        #expect(stat(out, &st) == 0 && st.st_mode & 0o777 == 0o600)
        // A link planted where the export goes: refused, even with --force; its target untouched.
        let target = s.write("victim.txt", "keep")
        let link = s.path + "/link.csv"
        symlink(target, link)
        for extra in [[], ["--force"]] {
            let r = try run(["report", "--format", "csv", "--output", link] + extra, env: s.environment())
            #expect(r.status != 0)
            #expect(r.stderr.contains("symbolic link"), "\(r.stderr)")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        for args in [["export", "contacts"], ["team", "list"]] {
            let p = s.path + "/\(args[0]).out"
            _ = try run(["team", "add", "t-01", "--name", "Budi", "--role", "tracer"], env: s.environment())
            let r = try run(args + ["--output", p], env: s.environment())
            #expect(r.status == 0, "\(args) \(r.stderr)")
            #expect(stat(p, &st) == 0 && st.st_mode & 0o777 == 0o600)
        }
    }
}
