import Foundation
import Testing
@testable import TracedeskCore

@Suite struct LineListTests {
    let header = "case_id,name,nik,phone,sex,age,birth_date,address,rt_rw,kelurahan,kecamatan,kota,occupation,specimen_date,result_date,onset_date"
    let today = Day(year: 2021, month: 7, day: 5)!

    func parse(_ body: String, existing: Set<String> = []) -> LineList.Parsed {
        LineList(fileName: "list.csv", today: today, existingIds: existing).parse(body)
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
        #expect(p.problems.map(\.description) == ["list.csv:5: nik: must be 16 digits (got 5 characters)"])
        #expect(p.records.count == 1)
    }

    @Test func reportsEveryBadFieldWithFileLineAndField() {
        let text = header + "\n"
            + ",Budi,,,L,40,,,,,,,,,2021-07-03,\n"                       // 2: no id
            + "JKT-2,,,,L,40,,,,,,,,,2021-07-03,\n"                       // 3: no name
            + "JKT-3,Ani,,,P,40,,,,,,,,,2021-07-32,\n"                    // 4: bad date
            + "JKT-4,Ani,,,P,40,,,,,,,,,2021-07-09,\n"                    // 5: future
            + "JKT-5,Ani,,,X,40,,,,,,,,,2021-07-03,\n"                    // 6: sex
            + "JKT-6,Ani,,0812,P,40,,,,,,,,,2021-07-03,\n"                // 7: phone
            + "JKT-7,Ani,,,P,200,,,,,,,,,2021-07-03,\n"                   // 8: age
            + "JKT-7,Ani,,,P,20,,,,,,,,,2021-07-03,\n"                    // 9: duplicate
            + "JKT-OLD,Ani,,,P,20,,,,,,,,,2021-07-03,\n"                  // 10: in the journal
            + "JKT-9,Ani,,,P,20,,,,,,,,2021-07-04,2021-07-03,\n"          // 11: specimen after result
        let p = parse(text, existing: ["JKT-OLD"])
        #expect(p.problems.map(\.description) == [
            "list.csv:2: case_id: is empty",
            "list.csv:3: name: is empty",
            "list.csv:4: result_date: \"2021-07-32\" is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
            "list.csv:5: result_date: 2021-07-09 is in the future (today is 2021-07-05)",
            "list.csv:6: sex: \"X\" is not one of L/P, M/F",
            "list.csv:7: phone: \"0812\" is not an Indonesian phone number (08…, +62…, 62…)",
            "list.csv:8: age: \"200\" is not an age in years (0–120)",
            "list.csv:9: case_id: \"JKT-7\" appears again (first on line 8)",
            "list.csv:10: case_id: \"JKT-OLD\" is already in the journal",
            "list.csv:11: specimen_date: 2021-07-04 is after the result date 2021-07-03",
        ])
    }

    @Test func headerProblemsStopBeforeRows() {
        let p = parse("case_id,nama,result_date,age\nJKT-1,Budi,2021-07-03,4\n")
        #expect(p.problems.map(\.description) == [
            "list.csv:1: header: unknown column \"nama\" (known: \(LineList.columns.joined(separator: ", ")))",
            "list.csv:1: header: missing column \"name\"",
        ])
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
