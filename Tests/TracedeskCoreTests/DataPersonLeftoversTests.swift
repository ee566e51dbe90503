import Foundation
import Testing
@testable import TracedeskCore

/// Issue 17, what a fresh tester found left: header names as labs write them, where a file
/// stops being UTF-8, and a member who leaves and comes back.
@Suite struct DataPersonLeftoversTests {
    /// The README's claim, each spelling a lab writes: `Case ID`, `case_id`, `caseid` and
    /// `CaseId` were not all one name (`caseid`, `ResultDate` were refused).
    @Test(arguments: [("Case ID", "case_id"), ("case_id", "case_id"), ("caseid", "case_id"), ("CaseId", "case_id"),
                      ("CASE-ID", "case_id"), ("case.id", "case_id"), ("ResultDate", "result_date"),
                      ("result date", "result_date"), ("Tgl. Hasil", "result_date"), ("TGL_HASIL", "result_date"),
                      ("tgl-hasil", "result_date"), ("TglHasil", "result_date"), ("No HP", "phone"), ("NoHP", "phone"),
                      ("nama\u{00A0}pasien", "name"), ("\u{FEFF}Kode Sampel", "case_id"), ("Umur (Tahun)", "age"),
                      ("RT/RW", "rt_rw"), ("Jenis_Kelamin", "sex"), ("BirthDate", "birth_date")])
    func aHeaderIsMatchedAsLabsWriteIt(_ written: String, _ field: String) {
        #expect(LineList.known[LineList.normalise(written)] == field, "\(written)")
    }

    /// Leaving the separators out must not make two fields' names one.
    @Test func noTwoFieldsShareANameOnceSeparatorsAreLeftOut() {
        var seen: [String: String] = [:]
        for f in LineList.columns { seen[LineList.normalise(f)] = f }
        for (f, names) in LineList.aliases {
            for n in names {
                let k = LineList.normalise(n)
                #expect(seen[k] == nil || seen[k] == f, "\(n): \(seen[k] ?? "") and \(f)")
                seen[k] = f
            }
        }
    }

    /// A column map's names are compared the same way on both sides.
    @Test func aColumnMapNamesFieldsAndColumnsTheSameWay() {
        let (map, problems, _) = LineList.parseMap("LabId = caseid\nHasil_Keluar = ResultDate\n", file: "m.txt")
        #expect(problems.isEmpty, "\(problems)")
        #expect(map[LineList.normalise("Lab ID")] == "case_id" && map[LineList.normalise("hasil keluar")] == "result_date")
    }

    @Test func theFirstByteThatIsNotUTF8IsFoundByLineAndCharacter() {
        #expect(UTF8Place.firstInvalid(in: Array("a,b\nc,d\n".utf8)) == nil)
        let lf = Array("Kode = case_id\nUm".utf8) + [0xE9] + Array("ur = age\n".utf8)
        let place = UTF8Place.firstInvalid(in: lf)
        #expect(place?.line == 2 && place?.character == 3)
        // CRLF is one line end, a lone CR one too; a character of several bytes counts once.
        let crlf = Array("é,b\r\nc\rdé,".utf8) + [0xFF]
        #expect(UTF8Place.firstInvalid(in: crlf).map { [$0.line, $0.character] } == [3, 4])
        // The field: separators outside quotes, a quoted line break inside its record.
        let quoted = Array("a;b;c\n1;\"x\ny;z\";".utf8) + [0xE9]
        let q = UTF8Place.firstInvalid(in: quoted)!
        #expect(q.line == 3 && q.field(in: quoted, delimiter: UInt8(ascii: ";")) == 2)
    }

    // MARK: a member who leaves and comes back

    func at(_ iso: String) -> Date { try! Timestamp.parse(iso + "T03:00:00.000Z") }
    func day(_ iso: String) -> (Date, Date) { let s = at(iso).addingTimeInterval(-3 * 3600); return (s, s.addingTimeInterval(86400)) }

    @Test func eachSpellOnTheTeamIsKeptAndADayAwayDoesNotListThem() throws {
        var t = Team(name: "Tim")
        try t.add(TeamMember(id: "lead-01", name: "Lia", role: .lead), at: at("2026-11-20"))
        try t.add(TeamMember(id: "tracer-01", name: "Tono", role: .tracer), at: at("2026-11-20"))
        try t.remove("tracer-01", at: at("2026-11-22"))
        try t.add(TeamMember(id: "tracer-01", name: "Tono", role: .tracer), at: at("2026-11-25"))
        try t.remove("tracer-01", at: at("2026-11-27"))
        try t.add(TeamMember(id: "tracer-01", name: "Tono", role: .tracer), at: at("2026-11-29"))
        let read = try JSONDecoder().decode(Team.self, from: JSONEncoder().encode(t))
        #expect(read == t)
        #expect(read.members[1].earlier.count == 2)
        func listed(_ iso: String) -> Bool {
            let (s, e) = day(iso)
            return read.asItStood(from: s, to: e)!.activeTracers.contains { $0.id == "tracer-01" }
        }
        let days = ["2026-11-21": true, "2026-11-22": true, "2026-11-23": false, "2026-11-24": false, "2026-11-25": true,
                    "2026-11-27": true, "2026-11-28": false, "2026-11-29": true, "2026-11-30": true]
        for (d, expected) in days { #expect(listed(d) == expected, "\(d)") }
    }

    /// A member who left before the file kept history and comes back: the days before their
    /// return do not list them.
    @Test func aReturnAfterALeavingNotRecordedStartsThere() throws {
        let old = #"{"name":"Tim","members":[{"id":"lead-01","name":"Lia","role":"lead"},{"id":"tracer-01","name":"Tono","role":"tracer","active":false}]}"#
        var t = try JSONDecoder().decode(Team.self, from: Data(old.utf8))
        t.changeSettings(at: at("2026-11-20")) { $0.contactTarget = 10 }
        try t.add(TeamMember(id: "tracer-01", name: "Tono", role: .tracer), at: at("2026-11-25"))
        let (s, e) = day("2026-11-22")
        #expect(t.asItStood(from: s, to: e)?.activeTracers.isEmpty == true)
        let (s2, e2) = day("2026-11-26")
        #expect(t.asItStood(from: s2, to: e2)?.activeTracers.map(\.id) == ["tracer-01"])
    }
}
