import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 6: notes cut with "…" can be read whole, wrapped, in a pager that scrolls.
@Suite struct PagerTests {
    static let longNote = "Tidak diangkat pagi ini; istri bilang suaminya sedang di pasar dan baru pulang sore, minta ditelepon lagi setelah jam empat, jangan lewat WhatsApp karena HP-nya rusak, nomor kantor 021-555-0199 bisa juga dicoba AKHIR"

    func withLongNote(_ language: Language, height: Int = 24) -> DeskHarness {
        var e = Events()
        e.imports([rec("C-1", "Siti Rahmawati", result: "2021-07-04")])
        e.add(.caseClaimed(CaseClaim(caseId: "C-1")), by: "tracer-01")
        for i in 0..<12 {
            e.add(.callLogged(CallAttempt(caseId: "C-1", outcome: .noAnswer, note: i == 11 ? PagerTests.longNote : "coba \(i)")), by: "tracer-01")
        }
        let h = DeskHarness(events: e.list, height: height, language: language)
        h.type(.enter)
        return h
    }

    @Test(arguments: [Language.en, .id])
    func enterOnTheCaseShowsEveryNoteWhole(_ language: Language) {
        let h = withLongNote(language)
        #expect(!h.text.contains("AKHIR"))                // cut with "…" on the case screen
        #expect(h.text.contains("…"))
        h.type(.enter)
        #expect(h.row(0).contains(language == .en ? "Case C-1 · Siti Rahmawati · in full" : "Kasus C-1 · Siti Rahmawati · utuh"))
        // The long note, wrapped: its words all there, no row wider than the window.
        let joined = h.screen.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(joined.contains("nomor kantor 021-555-0199 bisa juga dicoba AKHIR"), "\(h.text)")
        for line in h.screen { #expect(DisplayWidth.of(line) == 80) }
        // It scrolls: the oldest history is further down.
        #expect(!h.text.contains("imported from the lab line list") && !h.text.contains("diimpor dari line list lab"))
        h.type(.end)
        #expect(h.text.contains(language == .en ? "imported from the lab line list" : "diimpor dari line list lab"))
        h.type(.escape)
        #expect(h.text.contains(language == .en ? "Call attempts: 12" : "Percobaan telepon: 12") || h.row(0).contains("C-1"))
        #expect(!h.row(0).contains("in full") && !h.row(0).contains("utuh"))
    }

    /// The "n–m of N" marker has a row of its own: drawn over the last row of text, it hid that
    /// line's end with no "…". Every row the pager says it shows is whole on screen, and paging
    /// down loses no row between pages.
    @Test func thePositionMarkerHidesNoText() throws {
        let h = withLongNote(.en)
        h.type(.enter)
        guard case .pager(let pager) = h.loop.app.top else { Issue.record("no pager on top"); return }
        let rows = pager.rows(width: 80).map(\.0)
        let body = 24 - 3
        #expect(rows.count > body, "the test needs a pager longer than the window")
        let marker = try #require(h.screen.firstIndex { $0.contains(" of \(rows.count) ") })
        #expect(marker == body, "marker on row \(marker)")
        // The marker's row holds no text of the pager's: under it, a row's end was hidden.
        #expect(!h.screen[marker].hasPrefix(String(rows[body - 1].prefix(12))), "\(h.screen[marker])")
        for (i, row) in rows.prefix(body - 1).enumerated() {
            #expect(h.screen[1 + i].hasPrefix(row), "row \(i): \(h.screen[1 + i]) / \(row)")
        }
        // A page on is the rows after those shown, or the last full page.
        h.type(.pageDown)
        let next = min(body - 1, rows.count - (body - 1))
        #expect(h.screen[1].hasPrefix(rows[next]), "\(h.screen[1]) / \(rows[next])")
        #expect(h.screen[body - 1].hasPrefix(rows[next + body - 2]), "the last row is not the one before the marker")
    }

    @Test func wrapKeepsWordsAndCutsOnlyOverlongOnes() {
        #expect(Wrap.lines("satu dua tiga empat", width: 9) == ["satu dua", "tiga", "empat"])
        #expect(Wrap.lines("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
        #expect(Wrap.lines("baris satu\nbaris dua", width: 40) == ["baris satu⏎baris dua"])
        // Wide characters: a row holds what fits, never a half.
        #expect(Wrap.lines("王王王王王", width: 4) == ["王王", "王王", "王"])
        #expect(Wrap.lines("ab王", width: 3) == ["ab", "王"])
    }

    /// A 400,000-character note stored by hand hung the desk as the pager laid it out (each row
    /// measured the rest of the word again). Laid out in one walk, it is every character, in
    /// rows of the width.
    @Test func aHugeOneWordNoteIsLaidOutWhole() {
        let word = String(repeating: "abcdefghij", count: 40_000)
        let rows = Wrap.lines("catatan " + word, width: 78)
        #expect(rows.first == "catatan")
        #expect(rows.dropFirst().joined() == word)
        #expect(rows.dropFirst().dropLast().allSatisfy { $0.count == 78 })
    }

    @Test func theReadKeyIsInTheActionTableAndHelp() {
        #expect(ActionTable.specs(in: .caseFile).contains { $0.action == .readInFull && $0.keys == [.enter] })
        let h = withLongNote(.en)
        #expect(h.row(23).contains("Enter read all"))
    }
}
