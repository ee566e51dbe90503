import Foundation
import Testing
@testable import TracedeskCore

@Suite struct LineListTests {
    let header = "case_id,name,nik,phone,sex,age,birth_date,address,rt_rw,kelurahan,kecamatan,kota,occupation,specimen_date,result_date,onset_date"
    let today = Day(year: 2021, month: 7, day: 5)!

    func parse(_ body: String, known: [String: CaseRecord] = [:], map: [String: String] = [:], delimiter: Unicode.Scalar? = nil) -> LineList.Parsed {
        LineList(fileName: "list.csv", today: today, known: { known[$0] }, columnMap: map, delimiter: delimiter).parse(body)
    }

    @Test func readsQuotedFieldsEmbeddedCommasNewlinesUTF8AndBOM() throws {
        let text = "\u{FEFF}" + header + "\n"
            + #"JKT-1,"Siti Nur'aini, S.Pd",3171234567890123,0812-3456-7890,P,34,,"Jl. Kebon Sirih No. 5"#
            + "\nGang Mawar\",003/005,Kebon Sirih,Menteng,Jakarta Pusat,guru,2021-07-02,03/07/2021,2021-07-01\n"
            + "JKT-2,Zoë 王 Hartono,,+62 813 1111 2222,L,,1990-05-17,Jl. Tebet,,Tebet Barat,Tebet,Jakarta Selatan,,,2021-07-04,\n"
        let p = parse(text)
        #expect(p.problems == [])
        #expect(p.records.count == 2)
        let r = p.records[0]
        #expect(r.name == "Siti Nur'aini, S.Pd")
        #expect(r.address == "Jl. Kebon Sirih No. 5\nGang Mawar")
        #expect(r.phones == ["+6281234567890"])
        #expect(r.sex == .female)
        #expect(r.resultDate.iso == "2021-07-03")
        #expect(r.onsetDate?.iso == "2021-07-01")
        let r2 = p.records[1]
        #expect(r2.name == "Zoë 王 Hartono")
        #expect(r2.nik == nil && r2.nikMissingReason != nil)
        #expect(r2.age(on: today) == 31)
        #expect(r2.onsetDate == nil) // asymptomatic
    }

    @Test func namesTheLineAfterAMultiLineField() {
        let text = header + "\n"
            + "JKT-1,Budi,,,L,40,,\"line one\nline two\nline three\",,,,,,,2021-07-03,\n"
            + "JKT-2,Ani,12345,,P,30,,,,,,,,,2021-07-03,\n"
        let p = parse(text)
        #expect(p.problems.map(\.description) == ["list.csv:5: nik: must be 16 digits (got 5 characters: •••••)"])
        #expect(p.records.count == 1)
    }

    @Test func reportsEveryBadFieldWithFileLineAndField() {
        let text = header + "\n"
            + ",Budi,,,L,40,,,,,,,,,2021-07-03,\n"                       // 2: no id
            + "JKT-2,,,,L,40,,,,,,,,,2021-07-03,\n"                       // 3: no name
            + "JKT-3,Ani,,,P,40,,,,,,,,,2021-07-32,\n"                    // 4: bad date
            + "JKT-4,Ani,,,P,40,,,,,,,,,2021-07-09,\n"                    // 5: future
            + "JKT-5,Ani,,,X,40,,,,,,,,,2021-07-03,\n"                    // 6: sex
            + "JKT-6,Ani,,08125,P,40,,,,,,,,,2021-07-03,\n"               // 7: phone
            + "JKT-7,Ani,,,P,200,,,,,,,,,2021-07-03,\n"                   // 8: age
            + "JKT-7,Ani,,,P,20,,,,,,,,,2021-07-03,\n"                    // 9: duplicate
            + "JKT-8,Ani,,,P,20,,,,,,,,,2021-07-03,\n"                    // 10: fine
            + "JKT-9,Ani,,,P,20,,,,,,,,2021-07-04,2021-07-03,\n"          // 11: specimen after result
            + "JKT-10,Ani,,,P,20,,,,,,,,,09/07/2021,\n"                 // 12: future, as the file wrote it
        let p = parse(text)
        #expect(p.problems.map(\.description) == [
            "list.csv:2: case_id: is empty",
            "list.csv:3: name: is empty",
            "list.csv:4: result_date: \"2021-07-32\" is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
            "list.csv:5: result_date: 09/07/2021 is in the future (today is 05/07/2021)",
            "list.csv:6: sex: \"X\" is not one of L/P, M/F",
            "list.csv:7: phone: ••••• is not an Indonesian phone number (08…, +62…, 62…)",
            "list.csv:8: age: \"200\" is not an age in years (0–120)",
            "list.csv:9: case_id: \"JKT-7\" appears again (first on line 8)",
            "list.csv:11: specimen_date: 04/07/2021 is after the result date 03/07/2021",
            "list.csv:12: result_date: \"09/07/2021\" (Friday 9 July 2021) is in the future (today is 05/07/2021)",
        ])
    }

    /// A field beyond what one event may carry is refused at import, by line and column, as
    /// the server would refuse it mid-import and `check` would flag it in a file journal. The
    /// limit counts characters (Unicode scalars), not bytes: 500 "é" fit.
    @Test func aFieldBeyondTheEventLimitIsRefusedWhereItIs() {
        let long = String(repeating: "a", count: EventLimit.line.value + 1)
        let accents = String(repeating: "é", count: EventLimit.line.value)
        let phones = (1...11).map { "08129876\(String(format: "%04d", $0))" }.joined(separator: " / ")
        let text = header + "\n"
            + "JKT-1,Budi,,,L,40,,\(long),,,,,,,2021-07-03,\n"             // 2: address too long
            + "JKT-2,\(accents),,,P,40,,,,,,,,,2021-07-03,\n"               // 3: fits
            + "JKT-3,Ani,,\"\(phones)\",P,40,,,,,,,,,2021-07-03,\n"        // 4: eleven phones
            + "JKT-4,\(long),317,,Q,200,,,,,,,,,2099-07-03,\n"             // 5: a long name and the rest wrong too
        let p = parse(text)
        // A long field does not hide the row's other problems: one round shows them all.
        #expect(p.problems.map(\.description) == [
            "list.csv:2: address: is 501 characters long; a field holds at most 500",
            "list.csv:4: phone: holds 11 numbers; a case record holds at most 10",
            "list.csv:5: name: is 501 characters long; a field holds at most 500",
            "list.csv:5: result_date: 03/07/2099 is in the future (today is 05/07/2021)",
            "list.csv:5: nik: must be 16 digits (got 3 characters: •••)",
            "list.csv:5: sex: \"Q\" is not one of L/P, M/F",
            "list.csv:5: age: \"200\" is not an age in years (0–120)",
        ])
        #expect(p.records.map(\.caseId) == ["JKT-2"])
        Localization.$language.withValue(.id) {
            #expect(parse(text).problems.first?.description == "list.csv:2: address: panjangnya 501 karakter; satu kolom paling banyak 500")
        }
    }

    @Test func headerProblemsStopBeforeRows() {
        let p = parse("case_id,nama lengkap x,result_date,age\nJKT-1,Budi,2021-07-03,4\n")
        #expect(p.problems.map(\.description) == [
            "list.csv:1: header: no column for name (such as \"name\" or \"Nama Pasien\"); name yours with --map FILE",
        ])
        #expect(p.ignoredColumns == ["nama lengkap x"])
        #expect(parse("").problems.first?.field == "header")
        #expect(parse(header + "\n").problems.map(\.message) == ["the file has a header but no cases"])
    }

    @Test func aThousandRowsParse() {
        var text = header + "\n"
        for i in 0..<1000 {
            text += "JKT-\(i),Pasien \(i),,081234\(String(format: "%05d", i)),L,\(i % 90),,,,Menteng,Menteng,Jakarta Pusat,,,2021-07-0\(1 + i % 4),\n"
        }
        var calls = 0
        let p = LineList(fileName: "big.csv", today: today).parse(text) { _, _ in calls += 1 }
        #expect(p.problems.isEmpty)
        #expect(p.records.count == 1000)
        #expect(calls >= 2)
    }
}

/// Line lists as labs send them (issue 17: items 1, 2, 3, 5).
@Suite struct LabLineListTests {
    let today = Day(year: 2021, month: 7, day: 5)!
    /// As Excel with Indonesian settings saves it: BOM, semicolons, CRLF, DD/MM/YYYY.
    static let jakarta = "\u{FEFF}No;Kode Sampel;Nama Pasien;NIK;No HP;JK;Umur;Tgl Ambil Spesimen;Tgl Hasil;Tgl Onset;Alamat;Kelurahan;Kecamatan\r\n"
        + "1;DKI-001;Siti Rahmawati;3171014507850002;081234567801;P;36;03/07/2021;04/07/2021;01/07/2021;Jl. Kebon Sirih No. 12;Kebon Sirih;Menteng\r\n"
        + "2;DKI-002;Budi Santoso;;0813 1111 2202;L;42 th;03/07/2021;04/07/2021;;\"Jl. Tebet; Gang 2\";Tebet Barat;Tebet\r\n"

    func parse(_ text: String, known: [String: CaseRecord] = [:], map: [String: String] = [:], delimiter: Unicode.Scalar? = nil) -> LineList.Parsed {
        LineList(fileName: "lab.csv", today: today, known: { known[$0] }, columnMap: map, delimiter: delimiter).parse(text)
    }

    @Test func readsIndonesianHeadersSemicolonsAndIgnoresExtraColumnsOnce() throws {
        let p = parse(Self.jakarta)
        #expect(p.problems == [])
        #expect(p.delimiter == ";")
        #expect(p.ignoredColumns == ["No"])
        #expect(p.records.map(\.caseId) == ["DKI-001", "DKI-002"])
        let b = p.records[1]
        #expect(b.name == "Budi Santoso" && b.age == 42 && b.sex == .male)
        #expect(b.phones == ["+6281311112202"])
        #expect(b.address == "Jl. Tebet; Gang 2")
        #expect(b.specimenDate?.iso == "2021-07-03" && b.resultDate.iso == "2021-07-04" && b.onsetDate == nil)
        #expect(p.records[0].onsetDate?.iso == "2021-07-01")
    }

    @Test func tabsAndCommasAreReadFromTheHeaderAndAForcedWrongOneIsNamed() {
        let tabbed = Self.jakarta.replacingOccurrences(of: ";", with: "\t").replacingOccurrences(of: "\"Jl. Tebet\tGang 2\"", with: "Jl. Tebet")
        #expect(parse(tabbed).problems == [])
        #expect(parse(tabbed).delimiter == "\t")
        let p = parse(Self.jakarta, delimiter: ",")
        #expect(p.problems.count == 1)
        #expect(p.problems.first?.message.contains("the file seems to use \";\" between fields; try --delimiter ';'") == true, "\(p.problems)")
        #expect(p.problems.first?.message.contains("\"No;Kode Sampel;Nama Pasien") == true)
    }

    @Test func aColumnMapNamesTheRestAndProblemsQuoteTheFilesHeader() {
        let text = "ID Lab;Pasien;Hasil Keluar;Umur;HP\r\nL-1;Ani;04/07/2021;30;0812\r\n"
        let (map, problems, lines) = LineList.parseMap("# lab RS Sehat\nID Lab = case_id  # the lab's id\npasien=name\nHasil Keluar = result_date\nbad line\nX = nope\n"
                                                       + "Pasien = nik\nNama = name\npasien = name\n", file: "map.txt")
        // A comment after the field is a comment; a column mapped twice to different fields is
        // a problem; two columns to one field is not (one map may serve several labs).
        #expect(problems.map(\.description) == [
            "map.txt:5: map: expected: their column = our field",
            "map.txt:6: map: \"nope\" is not a field (fields: \(LineList.columns.joined(separator: ", ")))",
            "map.txt:7: map: \"Pasien\" is mapped to name on line 3 already; keep one",
        ])
        #expect(map[LineList.normalise("Nama")] == "name" && lines[LineList.normalise("ID Lab")]?.line == 2)
        #expect(lines[LineList.normalise("Hasil Keluar")]?.written == "Hasil Keluar")
        let p = parse(text, map: map)
        #expect(p.problems.map(\.description) == ["lab.csv:2: HP: •••• is not an Indonesian phone number (08…, +62…, 62…)"])
    }

    @Test func hintsSayWhatTheSpreadsheetDidAndMaskTheValue() {
        let text = "Kode Sampel;Nama;NIK;No HP;Umur;Tgl Hasil\r\n"
            + "A-1;Ani;3.17201E+15;812 9876 5432;30;04/07/2021\r\n"
            + "A-2;Budi;31710145078500;0812-9876-54321234;30;04/07/2021\r\n"
        let messages = parse(text).problems.map(\.description)
        #expect(messages == [
            "lab.csv:2: NIK: is a number in scientific notation (…E+15): the spreadsheet turned the NIK into a number and lost its last digits; format the column as Text and export again",
            "lab.csv:2: No HP: 81•••••••••32 lost its leading 0 (a spreadsheet read it as a number); write it as 08… or format the column as Text",
            "lab.csv:3: NIK: must be 16 digits (got 14 characters: 31••••••••••00)",
            "lab.csv:3: No HP: 08••••••••••••••34 is not an Indonesian phone number (08…, +62…, 62…)",
        ])
        #expect(!messages.joined().contains("31710145078500") && !messages.joined().contains("9876 5432"))
    }

    @Test func theSameListAgainSkipsKnownRowsAndListsCorrections() throws {
        let first = parse(Self.jakarta)
        let known = Dictionary(uniqueKeysWithValues: first.records.map { ($0.caseId, $0) })
        let again = parse(Self.jakarta + "3;DKI-003;Ani;;081200000003;P;30;03/07/2021;05/07/2021;;Jl. X;Menteng;Menteng\r\n", known: known)
        #expect(again.problems == [])
        #expect(again.unchanged == 2 && again.corrections.isEmpty)
        #expect(again.records.map(\.caseId) == ["DKI-003"])
        let fixed = parse(Self.jakarta.replacingOccurrences(of: "0813 1111 2202", with: "0813 1111 2299")
            .replacingOccurrences(of: "Budi Santoso", with: "Budi Santosa"), known: known)
        #expect(fixed.unchanged == 1 && fixed.records.isEmpty)
        #expect(fixed.corrections == [LineList.Correction(caseId: "DKI-002", line: 3, changes: [
            FieldChange(field: "name", from: "Budi Santoso", to: "Budi Santosa"),
            FieldChange(field: "phone", from: "+6281311112202", to: "+6281311112299"),
        ])])
        // A problem anywhere still stops everything.
        let broken = parse(Self.jakarta.replacingOccurrences(of: "04/07/2021;01/07", with: "32/07/2021;01/07"), known: known)
        #expect(broken.problems.count == 1)
    }

    @Test func correctionsReplayIntoTheRecordAndTheHistoryOnlyOnceTheImportCommits() throws {
        let records = parse(Self.jakarta).records
        let t0 = Date(timeIntervalSince1970: 1_625_400_000)
        func event(_ body: EventBody, _ t: Date, actor: String = "data-01") -> Event { Event(id: EventID.make(at: t), timestamp: t, actor: actor, body: body) }
        var events = Desk.importEvents(records, batch: "b1").map { event($0, t0) }
        let change = CaseCorrection(caseId: "DKI-002", changes: [FieldChange(field: "phone", from: "+6281311112202", to: "+6281311112299")], source: "lab.csv:3")
        let second = Desk.importEvents([], corrections: [change], batch: "b2").map { event($0, t0 + 86400) }
        // Cut before its commit: nothing changes.
        var desk = Desk(replaying: events + second.dropLast())
        #expect(desk.cases["DKI-002"]?.record.phones == ["+6281311112202"])
        events += second
        desk = Desk(replaying: events)
        let file = try #require(desk.cases["DKI-002"])
        #expect(file.record.phones == ["+6281311112299"])
        #expect(file.history.last?.summary == "corrected from lab.csv:3: Phone …2202 → …2299")
        #expect(file.history.last?.actor == "data-01")
        // Found by what it says now.
        let hits = desk.cases.matches(Array("6281311112299".utf8))
        #expect(hits[desk.cases.position(of: "DKI-002")!])
        #expect(events.last?.version == 2 && second[0].version == 3)
    }
}

/// The hand-written CSV reader against CSV.swift's, the well-kept library it replaced for speed.
@Suite struct CSVRecordsTests {
    @Test func readsWhatCSVSwiftReadsOnRandomInput() throws {
        var rng = SplitMix64(seed: 4)
        let pieces = ["a", "Jl. Melati", "王", "", " ", "\"", "\"\"", ",", ";", "\n", "\r\n", "x\"y", "𝄞", "0812"]
        for _ in 0..<500 {
            var text = ""
            let rows = 1 + Int(rng.next() % 5)
            for r in 0..<rows {
                let fields = 1 + Int(rng.next() % 5)
                text += (0..<fields).map { _ -> String in
                    let n = Int(rng.next() % 3)
                    let raw = (0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
                    // Quote what needs it, as a spreadsheet does.
                    return raw.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + raw.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : raw
                }.joined(separator: ",")
                if r < rows - 1 || rng.next() % 2 == 0 { text += rng.next() % 2 == 0 ? "\n" : "\r\n" }
            }
            let oracle = try CSVSwiftOracle.rows(text)
            let reader = CSVRecords(text, delimiter: UInt8(ascii: ","))
            var ours: [[String]] = []
            while let row = reader.next() { ours.append(row) }
            #expect(ours == oracle, "\(text.debugDescription)")
        }
    }
}
