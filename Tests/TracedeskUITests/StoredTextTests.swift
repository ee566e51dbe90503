import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 5: line-list text with line breaks, tabs and control characters is shown on
/// one line, the breaks visible, no control character drawn, the columns kept.
@Suite struct StoredTextTests {
    static func oddQueue() -> [Event] {
        var e = Events()
        var a = rec("DKI-A1", "Rina Wulandari", result: "2021-07-04")
        a.address = "Jl. Melati 1\r\nGang Mawar (dekat masjid)"
        var b = rec("DKI-A2", "Bayu\tPratama", result: "2021-07-04")
        b.address = "Jl. Anggrek 2\nRT lama"
        let c = rec("DKI-\u{1b}[31mA3", "Sari\u{7}Dewi\u{1b}]0;owned\u{7}", result: "2021-07-04")
        e.imports([a, b, c, rec("DKI-A4", "Sari Dewi", result: "2021-07-04")])
        return e.list
    }

    /// No cell of the frame holds a control character; every row is exactly the width.
    func clean(_ h: DeskHarness, _ w: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let frame = h.terminal.lastFrame!
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width {
                let bad = frame[x, y].text.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }
                #expect(!bad, "control character at \(x),\(y): \(h.row(y))", sourceLocation: sourceLocation)
            }
            #expect(DisplayWidth.of(h.row(y)) == w, "row \(y): \(h.row(y))", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [Language.en, .id], [(80, 24), (100, 30)])
    func theQueueKeepsItsColumns(_ language: Language, _ size: (Int, Int)) {
        let h = DeskHarness(events: StoredTextTests.oddQueue(), width: size.0, height: size.1, language: language)
        clean(h, size.0)
        let rows = h.screen.filter { $0.contains("DKI-") }
        #expect(rows.count == 4)
        // Every row's status column starts where the header's does.
        guard let header = h.screen.first(where: { ($0.contains("Patient") || $0.contains("Pasien")) && $0.contains("Status") }) else {
            Issue.record("no header:\n\(h.text)"); return
        }
        let at = DisplayWidth.of(String(header[..<header.range(of: "Status")!.lowerBound]))
        let statusWord = language == .en ? "waiting" : "menunggu"
        for r in rows {
            let col = (r.range(of: statusWord).map { DisplayWidth.of(String(r[..<$0.lowerBound])) }) ?? -1
            #expect(col == at, "\(r)")
        }
        #expect(h.text.contains("Bayu Pratama"))
        #expect(h.text.contains("DKI-␛[31mA3") || h.text.contains("DKI-␛[31m…"))
    }

    @Test(arguments: [Language.en, .id])
    func theCaseScreenShowsAMultiLineAddressOnOneLine(_ language: Language) {
        let h = DeskHarness(events: StoredTextTests.oddQueue(), language: language)
        h.type(.enter)                             // DKI-A1 (first in the queue)
        let row = h.screen.first { $0.contains("Jl. Melati 1") } ?? ""
        #expect(row.contains(language == .en ? "Address" : "Alamat"), "\(h.text)")
        #expect(row.contains("Jl. Melati 1⏎Gang Mawar"), "\(row)")
        clean(h, 80)
        h.type(.escape, .down, .down, .enter)     // DKI-␛[31mA3
        clean(h, 80)
        #expect(h.text.contains("Sari␇Dewi␛]0;owned␇"))
    }

    @Test func visibleTextMakesEveryKindOfBreakAndControlVisible() {
        #expect(VisibleText.oneLine("a\r\nb\nc\rd\u{2028}e") == "a⏎b⏎c⏎d⏎e")
        #expect(VisibleText.oneLine("a\tb") == "a b")
        #expect(VisibleText.oneLine("\u{1b}[2J\u{7}\u{7f}\u{9b}") == "␛[2J␇␡�")
        #expect(VisibleText.oneLine("Ngụy Thị 王") == "Ngụy Thị 王")
        #expect(DisplayWidth.fit("a\r\nb\tc", 6) == "a⏎b c ")
    }
}
