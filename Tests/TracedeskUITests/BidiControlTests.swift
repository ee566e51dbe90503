import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 17 (05:40 tester), item 5: a bidirectional control from a line list is a control
/// character on every screen: shown as "�", never drawn, so a name cannot reorder the
/// case id, phone or kelurahan a tracer reads after it.
@Suite struct BidiControlTests {
    static let controls: [Character] = ["\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
                                        "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}"]

    static func queue() -> [Event] {
        var e = Events()
        var a = rec("DKI-B1", "Ani \u{202E}1234 5678", result: "2021-07-04")
        a.address = "Jl. \u{2067}Melati\u{2069} 1"
        let b = rec("DKI-B2", "Budi" + String(controls), result: "2021-07-04", kelurahan: "Cikini\u{200F}")
        e.imports([a, b, rec("DKI-B3", "Sari Dewi", result: "2021-07-04")])
        return e.list
    }

    /// No cell holds a bidirectional control; every row is the window's width.
    func clean(_ h: DeskHarness, _ w: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let frame = h.terminal.lastFrame!
        for y in 0..<frame.size.height {
            for x in 0..<frame.size.width {
                let bad = frame[x, y].text.unicodeScalars.contains { $0.properties.isBidiControl }
                #expect(!bad, "bidi control at \(x),\(y): \(h.row(y))", sourceLocation: sourceLocation)
            }
            #expect(DisplayWidth.of(h.row(y)) == w, "row \(y): \(h.row(y))", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [Language.en, .id])
    func theQueueAndTheCaseShowThemAsControls(_ language: Language) {
        let h = DeskHarness(events: Self.queue(), width: 100, height: 30, language: language)
        clean(h, 100)
        #expect(h.text.contains("Ani �1234 5678"), "\(h.text)")
        #expect(h.text.contains("Budi" + String(repeating: "�", count: Self.controls.count)) || h.text.contains("Budi���"), "\(h.text)")
        // Each row's status column starts where it would without the controls.
        let rows = h.screen.filter { $0.contains("DKI-B") }
        let statusWord = language == .en ? "waiting" : "menunggu"
        let columns = Set(rows.map { r in r.range(of: statusWord).map { DisplayWidth.of(String(r[..<$0.lowerBound])) } ?? -1 })
        #expect(rows.count == 3 && columns.count == 1, "\(rows)")
        h.type(.enter)                              // DKI-B1
        clean(h, 100)
        #expect(h.text.contains("Jl. �Melati� 1"), "\(h.text)")
    }

    /// A paste carrying one is a control character too: not kept in the field.
    @Test func aPastedOverrideIsNotKept() {
        #expect(TextField.oneLine("Budi \u{202E}Santoso\u{2066}") == "Budi Santoso")
    }
}
