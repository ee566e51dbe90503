import Foundation
import Testing
@testable import TracedeskCore

/// A fresh data person's faults (issue 17, part): phones with letters, a past day's team, and
/// the line-list reader's smaller messages.
@Suite struct DataPersonFaultsTests {
    let today = Day(year: 2021, month: 7, day: 5)!

    func parse(_ text: String, map: [String: String] = [:], delimiter: Unicode.Scalar? = nil) -> LineList.Parsed {
        LineList(fileName: "lab.csv", today: today, columnMap: map, delimiter: delimiter).parse(text)
    }

    // MARK: phones

    @Test(arguments: ["0812-3456-78O1", "0812abc34567xyz", "0812 3456 7890 ext", "62812345678l0", "0812+34567890",
                      "0812\u{FF13}4567890", "0812_3456_7890", "0812/3456"])
    func aPhoneWithALetterOrAnotherSignIsNoPhone(_ raw: String) {
        #expect(Phone.normalize(raw) == nil, "\(raw)")
    }

    @Test func aPhoneMayHoldSpacesDashesDotsAndBrackets() {
        #expect(Phone.normalize("0812-3456-7801") == "+6281234567801")
        #expect(Phone.normalize("+62 (812) 3456.7801") == "+6281234567801")
        #expect(Phone.normalize("  +62 812 3456 7801") == "+6281234567801")
        #expect(Phone.normalize("(021) 555-1234") == "+62215551234")
        // A no-break space, as a spreadsheet writes one, separates as a space does.
        #expect(Phone.normalize("0812\u{00A0}3456\u{00A0}7801") == "+6281234567801")
    }

    @Test func aLabRowsPhoneWithALetterIsRefusedMasked() {
        let text = "Kode Sampel;Nama;No HP;Umur;Tgl Hasil\n"
            + "A-1;Ani;0812-3456-78O1;30;04/07/2021\n"
            + "A-2;Budi;0812abc34567xyz;30;04/07/2021\n"
        let p = parse(text)
        #expect(p.records.isEmpty)
        #expect(p.problems.map(\.description) == [
            "lab.csv:2: No HP: 08••••••••••O1 is not an Indonesian phone number (08…, +62…, 62…)",
            "lab.csv:3: No HP: 08•••••••••••yz is not an Indonesian phone number (08…, +62…, 62…)",
        ])
    }

    @Test func aCorrectionAndTheDesksFormCheckThePhoneAlike() {
        let checked = CaseFields.check("phone", "0812-3456-78O1", today: today)
        #expect(checked.problems == ["08••••••••••O1 is not an Indonesian phone number (08…, +62…, 62…)"])
        var r = CaseRecord(caseId: "A-1", name: "Ani", phones: ["+6281234567801"], sex: .female, age: 30, resultDate: today)
        let taken = r.set("phone", to: "0812-3456-78O1")
        #expect(!taken)
        #expect(r.phones == ["+6281234567801"])
    }

    @Test func anInterviewsContactPhoneWithALetterIsAnError() {
        var d = InterviewDraft(caseId: "A-1", ruleSetId: RuleSet.indonesia2021.id)
        var c = ContactDraft(id: "c1", name: "Dewi")
        c.phone = "0812-3456-78O1"
        d.contacts = [c]
        let problems = InterviewCheck.contact(c, in: d, today: today)
        #expect(problems.contains { $0.place == .contact(id: "c1", field: .phone) && $0.severity == .error })
    }

    @Test func matchingStillReadsAStoredPhoneInAnyOfItsForms() {
        #expect(PersonMatcher.phoneKey("+6281234567801") == PersonMatcher.phoneKey("0812-3456-7801"))
        #expect(PersonMatcher.phoneKey("0812-3456-78O1") == nil)
    }

    // MARK: the team as it stood

    func at(_ iso: String) -> Date { try! Timestamp.parse(iso + "T03:00:00.000Z") }

    @Test func aPastDayHasItsContactTargetAndItsTracers() throws {
        var t = Team(name: "Tim")
        try t.add(TeamMember(id: "lead-01", name: "Lia", role: .lead), at: at("2026-11-29"))
        try t.add(TeamMember(id: "tracer-01", name: "Tono", role: .tracer), at: at("2026-11-29"))
        t.changeSettings(at: at("2026-12-01")) { $0.contactTarget = 5 }
        try t.add(TeamMember(id: "tracer-02", name: "Dua", role: .tracer), at: at("2026-12-01"))
        try t.remove("tracer-01", at: at("2026-12-01"))
        #expect(t.contactTarget == 5)
        // Through the team file's coding, as a report reads it.
        let read = try JSONDecoder().decode(Team.self, from: JSONEncoder().encode(t))
        #expect(read == t)
        let nov30 = try #require(read.asItStood(from: at("2026-11-30").addingTimeInterval(-3 * 3600), to: at("2026-12-01").addingTimeInterval(-3 * 3600)))
        #expect(nov30.contactTarget == 15)
        #expect(nov30.activeTracers.map(\.id) == ["tracer-01"])
        let dec1 = try #require(read.asItStood(from: at("2026-12-01").addingTimeInterval(-3 * 3600), to: at("2026-12-02").addingTimeInterval(-3 * 3600)))
        // Tono left that day and worked part of it: both are listed.
        #expect(dec1.contactTarget == 5 && dec1.activeTracers.map(\.id) == ["tracer-01", "tracer-02"])
    }

    @Test func aTeamFileWithoutHistoryKnowsOnlyToday() throws {
        let old = #"{"name":"Tim","contactTarget":5,"members":[{"id":"tracer-01","name":"Tono","role":"tracer"}]}"#
        var t = try JSONDecoder().decode(Team.self, from: Data(old.utf8))
        #expect(t.asItStood(from: at("2026-11-30"), to: at("2026-12-01")) == nil)
        // Its record starts with the next change; the days before it stay unknown.
        t.changeSettings(at: at("2026-12-01")) { $0.contactTarget = 10 }
        #expect(t.asItStood(from: at("2026-11-30"), to: at("2026-11-30").addingTimeInterval(86400)) == nil)
        #expect(t.asItStood(from: at("2026-12-01"), to: at("2026-12-01").addingTimeInterval(86400))?.contactTarget == 10)
    }

    // MARK: the line-list reader

    @Test func aMapNamesFieldsAsHeadersMayWriteThem() {
        let (map, problems, _) = LineList.parseMap("Hasil Keluar = result date\nPasien = Name\nID = Case_ID\nUsia =\n", file: "map.txt")
        #expect(map[LineList.normalise("Hasil Keluar")] == "result_date" && map["pasien"] == "name" && map["id"] == "case_id")
        #expect(problems.map(\.description) == ["map.txt:4: map: no field after = (fields: \(LineList.columns.joined(separator: ", ")))"])
    }

    @Test func aPipeSeparatedFileIsSaidToBeOne() {
        let text = "Kode Sampel|Nama|Umur|Tgl Hasil\nA-1|Ani|30|04/07/2021\n"
        #expect(parse(text).problems.map(\.description)
            == ["lab.csv:1: header: the header is one column (\"Kode Sampel|Nama|Umur|Tgl Hasil\"): the file seems to use \"|\" between fields; try --delimiter '|'"])
        let forced = parse(text, delimiter: "|")
        #expect(forced.problems == [] && forced.records.map(\.caseId) == ["A-1"])
    }

    @Test func aRowWithTooFewFieldsIsCounted() {
        let text = "Kode Sampel;Nama;Umur;Tgl Hasil\nA-1;Ani;30\nA-2;Budi;30;04/07/2021\n"
        let p = parse(text)
        #expect(p.problems.map(\.description) == ["lab.csv:2: row: has 3 fields but the header has 4; is a \";\" missing?"])
    }
}
