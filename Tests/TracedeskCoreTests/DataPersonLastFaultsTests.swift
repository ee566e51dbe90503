import Foundation
import Testing
@testable import TracedeskCore

/// Issue 17, what a fresh tester found at 05:40: the reader's advice on a quote never closed,
/// the tab hint, a column map naming our field as labs do, the chains laid flat, and the
/// bidirectional controls.
@Suite struct DataPersonLastFaultsTests {
    let today = Day(year: 2021, month: 7, day: 5)!

    func parse(_ text: String, map: [String: String] = [:], delimiter: Unicode.Scalar? = nil) -> LineList.Parsed {
        LineList(fileName: "q2.csv", today: today, columnMap: map, delimiter: delimiter).parse(text)
    }

    // MARK: 1. a quote never closed

    /// The tester's file: the quote opened on line 3 takes in the rest of the file. It was
    /// "row: has 2 fields but the header has 4; is a "," missing?": the wrong mark.
    @Test func aQuoteNeverClosedIsSaidWhereItOpens() {
        let text = "case_id,name,result_date,age\nA-1,Ani,2021-07-04,30\nA-3,\"unterminated,2021-07-04,30\nA-4,Budi,2021-07-04,31\nA-5,Citra,2021-07-04,32\n"
        let p = parse(text)
        #expect(p.problems.map(\.description) == [
            "q2.csv:3: name: a quote (\") opens this field and is never closed, so the rest of the file (lines 3–5) was read as this one field; close the quote on line 3, or take it out",
        ])
        Localization.$language.withValue(.id) {
            #expect(parse(text).problems.map(\.description) == [
                "q2.csv:3: name: tanda kutip (\") membuka kolom ini dan tidak pernah ditutup, jadi sisa file (baris 3–5) terbaca sebagai satu kolom ini; tutup tanda kutipnya di baris 3, atau hapus",
            ])
        }
        // On the last line, in the last column: the rest of that line, whatever the count.
        let last = parse("case_id,name,result_date,age\nA-1,Ani,2021-07-04,\"30\n")
        #expect(last.problems.map(\.description) == [
            "q2.csv:2: age: a quote (\") opens this field and is never closed, so the rest of the line was read as this one field; close the quote, or take it out",
        ])
        // Counted from a quoted line break before it in the same row, with CRLF line ends.
        let after = parse("case_id,address,name,result_date,age\r\nA-1,\"Jl. Melati 1\r\nGang 2\",\"Ani,2021-07-04,30\r\nA-2,Budi,2021-07-04,30\r\n")
        #expect(after.problems.map(\.description).first?.hasPrefix("q2.csv:3: name: a quote (\") opens this field and is never closed, so the rest of the file (lines 3–4)") == true, "\(after.problems)")
        // In the header itself.
        let header = parse("case_id,\"name,result_date,age\nA-1,Ani,2021-07-04,30\n")
        #expect(header.problems.map(\.description) == [
            "q2.csv:1: header: a quote (\") opens this field and is never closed, so the rest of the file (lines 1–2) was read as this one field; close the quote on line 1, or take it out",
        ])
    }

    /// The same kind when a later quote closes it: the row's fields do not count up, and the
    /// advice is the quote, not a missing separator.
    @Test func aQuoteClosedLinesLaterInARowThatDoesNotReadIsSaid() {
        let text = "case_id,name,result_date,age\nA-3,\"Ani,2021-07-04,30\nA-4,Budi,2021-07-04,31\nA-5,\"Citra\",2021-07-04,32\n"
        let p = parse(text)
        #expect(p.problems.map(\.description) == [
            "q2.csv:2: name: a quote (\") opens this field and is closed only on line 4, so lines 2–4 were read as this one field; is the closing quote missing on line 2?",
        ])
        // An address on two lines, quoted as RFC 4180 allows, is no problem.
        let fine = parse("case_id,name,address,result_date,age\nA-1,Ani,\"Jl. Melati 1\nGang 2\",2021-07-04,30\n")
        #expect(fine.problems.isEmpty && fine.records.map(\.address) == ["Jl. Melati 1\nGang 2"])
        // A count off without a quoted line break keeps its advice.
        #expect(parse("case_id,name,result_date,age\nA-1,Ani,2021-07-04\n").problems.map(\.description)
                == ["q2.csv:2: row: has 3 fields but the header has 4; is a \",\" missing?"])
    }

    /// `row` and `header` were English in an Indonesian message.
    @Test func theRowAndHeaderLabelsAreInTheUsersLanguage() {
        Localization.$language.withValue(.id) {
            #expect(parse("case_id,name,result_date,age\nA-1,Ani,2021-07-04\n").problems.map(\.description)
                    == ["q2.csv:2: baris: berisi 3 kolom tetapi judul berisi 4; ada \",\" yang hilang?"])
            #expect(parse("case_id,age\nA-1,30\n").problems.first?.description.hasPrefix("q2.csv:1: judul: ") == true)
            #expect(parse("case_id,name,result_date,age\n").problems.map(\.description) == ["q2.csv:2: baris: file punya judul tetapi tidak ada kasus"])
        }
    }

    // MARK: 2. the tab hint

    @Test func theTabHintSaysTheOptionsValueAndShowsTheTabs() {
        let p = parse("Kode Sampel\tNama\tUmur\tTgl Hasil\nA-1\tAni\t30\t04/07/2021\n", delimiter: ",")
        #expect(p.problems.map(\.description) == [
            "q2.csv:1: header: the header is one column (\"Kode Sampel⇥Nama⇥Umur⇥Tgl Hasil\"): the file seems to use tab between fields; try --delimiter tab",
        ])
        // What the hint says works.
        #expect(parse("Kode Sampel\tNama\tUmur\tTgl Hasil\nA-1\tAni\t30\t04/07/2021\n", delimiter: "\t").records.count == 1)
    }

    // MARK: 8. a column map names our field as labs do

    @Test func aColumnMapTakesAnyNameOfAFieldOnTheRight() {
        let (map, problems, _) = LineList.parseMap("Pasien = nama\nID Lab = Kode Sampel\nKeluar = Tgl. Hasil\nUsia2 = umur (tahun)\nX = shoe size\n", file: "m.txt")
        #expect(map[LineList.normalise("Pasien")] == "name")
        #expect(map[LineList.normalise("ID Lab")] == "case_id")
        #expect(map[LineList.normalise("Keluar")] == "result_date")
        #expect(map[LineList.normalise("Usia2")] == "age")
        #expect(problems.map(\.description) == ["m.txt:5: map: \"shoe size\" is not a field (fields: \(LineList.columns.joined(separator: ", ")))"])
        let p = parse("ID Lab,Pasien,Keluar,Usia2\nL-1,Ani,04/07/2021,30\n", map: map)
        #expect(p.problems.isEmpty, "\(p.problems)")
        #expect(p.records.map(\.name) == ["Ani"])
    }

    // MARK: 4. the chains laid flat

    @Test func aChainsEdgesCarryTheIndexCaseTheSourceAndTheDepth() {
        func contact(_ id: String, _ name: String, became: ChainNode? = nil, already: String? = nil) -> ChainContact {
            ChainContact(contactId: id, personId: id, name: name, followUp: became == nil ? "under_follow_up" : "converted_to_case",
                         becameCase: became, alreadyCase: already)
        }
        let third = ChainNode(caseId: "C-1-K1", name: "Ahmad", contacts: [contact("C-1-K1-K1", "Dina")])
        let chain = ChainNode(caseId: "C-1", name: "Siti", contacts: [contact("C-1-K1", "Ahmad", became: third),
                                                                      contact("C-1-K2", "Budi", already: "LAB-9")])
        let other = ChainNode(caseId: "C-7", name: "Eka", contacts: [contact("C-7-K1", "Fajar")])
        let edges = Desk.edges(of: [chain, other])
        #expect(edges.map { [$0.indexCase, $0.sourceCase, $0.contactId, "\($0.depth)"] } == [
            ["C-1", "C-1", "C-1-K1", "1"], ["C-1", "C-1-K1", "C-1-K1-K1", "2"], ["C-1", "C-1", "C-1-K2", "1"], ["C-7", "C-7", "C-7-K1", "1"],
        ])
        #expect(edges[0].becameCase == "C-1-K1" && edges[0].followUp == "converted_to_case" && edges[0].alreadyCase == nil)
        #expect(edges[2].alreadyCase == "LAB-9" && edges[2].becameCase == nil)
        #expect(Desk.edges(of: []).isEmpty)
    }

    // MARK: 5. the bidirectional controls

    @Test(arguments: [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C] as [UInt32])
    func aBidiControlIsShownNotSent(_ value: UInt32) {
        let bidi = Character(Unicode.Scalar(value)!)
        let name = "Siti \(bidi)7654 321 2180"
        let shown = VisibleText.oneLine(name)
        #expect(!shown.unicodeScalars.contains { $0.value == value }, "U+\(String(value, radix: 16))")
        #expect(shown == "Siti �7654 321 2180")
        #expect(VisibleText.visible(bidi) == "�")
        #expect(VisibleText.isControl(Unicode.Scalar(value)!))
    }

    @Test func textWithoutControlsIsLeftAsItIs() {
        // Neighbours of the controls' bytes: a no-break space, an ellipsis, a dash, a zero-width
        // joiner in an emoji, Arabic letters, a line separator's neighbour.
        for s in ["Nur\u{00A0}Haliza", "Jl. Melati…", "A — B", "👩‍⚕️", "محمد", "a\u{2027}b", "a\u{202F}b", "a\u{2065}b", "©"] {
            #expect(VisibleText.isPlain(s), "\(s)")
            #expect(VisibleText.oneLine(s) == s, "\(s)")
        }
        for s in ["a\u{2028}b", "a\u{0085}b", "a\u{202E}b", "a\u{2066}b", "a\u{061C}b", "a\u{1B}b"] {
            #expect(!VisibleText.isPlain(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }
}
