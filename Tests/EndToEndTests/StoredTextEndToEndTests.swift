import Foundation
import Testing

/// Issue 15, item 5 through the real binary: the field report's line list (cases/field-06, a
/// quoted CRLF in an address, a tab in a name) plus an escape sequence in a case id.
@Suite(.serialized) struct StoredTextEndToEndTests {
    static let list = "case_id,name,nik,phone,sex,age,birth_date,address,rt_rw,kelurahan,kecamatan,kota,occupation,specimen_date,result_date,onset_date\r\n"
        + "DKI-A1,Rina Wulandari,,081234567801,P,36,,\"Jl. Melati 1\r\nGang Mawar (dekat masjid)\",001/002,Menteng,Menteng,Jakarta Pusat,guru,2021-07-03,2021-07-04,2021-07-01\r\n"
        + "DKI-A2,\"Bayu\tPratama\",,081234567802,L,41,,Jl. Anggrek 2,001/002,Tebet,Tebet,Jakarta Selatan,sopir,2021-07-03,2021-07-04,\r\n"
        + "DKI-\u{1b}[2JA3,Sari Dewi,,081234567803,P,25,,Jl. Kenanga 3,001/002,Cikini,Menteng,Jakarta Pusat,kasir,2021-07-03,2021-07-04,\r\n"

    @Test func theCaseScreenShowsTheWholeAddressOnOneLine() throws {
        let s = Scratch()
        let imported = try run(["import", s.write("l.csv", StoredTextEndToEndTests.list)], env: s.environment())
        #expect(imported.status == 0, "\(imported.stderr)")
        let desk = try TmuxDesk(["--tracer", "t-01"], env: s.environment())
        let queue = desk.waitFor("DKI-A2")
        let a2 = queue.split(separator: "\n").first { $0.contains("DKI-A2") } ?? ""
        let a1 = queue.split(separator: "\n").first { $0.contains("DKI-A1") } ?? ""
        #expect(a2.contains("Bayu Pratama"), "\(a2)")
        #expect(a1.range(of: "waiting")?.lowerBound.utf16Offset(in: a1) == a2.range(of: "waiting")?.lowerBound.utf16Offset(in: a2), "\(queue)")
        #expect(queue.contains("DKI-␛[2JA3"), "\(queue)")
        desk.keys("Enter")
        let screen = desk.waitFor("Claimed by")
        let row = screen.split(separator: "\n").first { $0.contains("Address") } ?? ""
        #expect(row.contains("Jl. Melati 1⏎Gang Mawar"), "\(screen)")
    }

    @Test func casesTablePrintsNoControlCharacterAndKeepsItsColumns() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", StoredTextEndToEndTests.list)], env: s.environment())
        let r = try run(["cases"], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(r.stdout.debugDescription)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 4, "\(r.stdout)")
        #expect(r.stdout.contains("Bayu Pratama"))
        #expect(r.stdout.contains("DKI-␛[2JA3"))
        let statusAt = lines.map { l in l.range(of: "waiting").map { l.distance(from: l.startIndex, to: $0.lowerBound) } }
        #expect(Set(statusAt.dropFirst()).count == 1, "\(r.stdout)")
    }

    /// CSV and JSON are data: a file or a pipe gets the bytes the list held. On a terminal the
    /// same output is shown, not obeyed: the case id's ESC [2J cleared the screen (02:25 tester).
    @Test func csvOnATerminalShowsControlCharactersAndAFileKeepsThem() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", StoredTextEndToEndTests.list)], env: s.environment())
        let piped = try run(["cases", "--format", "csv"], env: s.environment())
        #expect(piped.stdout.contains("DKI-\u{1B}[2JA3"), "\(piped.stdout.debugDescription)")
        let terminal = try TmuxDesk(["cases", "--format", "csv"], env: s.environment())
        let screen = terminal.waitFor("DESK-EXITED:0")
        #expect(screen.contains("DKI-␛[2JA3"), "\(screen)")
        #expect(screen.contains("case_id,name"), "\(screen)")
    }
}
