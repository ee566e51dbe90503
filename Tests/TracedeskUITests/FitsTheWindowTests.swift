import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// What a tester found cut at 80×24: the correction form, a refusal on the message line and
/// the title bar while the server is away. Each is whole at 80×24 and 100×30, in both
/// languages, with the longest of what it shows.
@Suite struct FitsTheWindowTests {
    static let sizes = [(80, 24), (100, 30)]

    func says(_ language: Language, _ text: Localizable) -> String {
        Localization.$language.withValue(language) { L(text) }
    }

    /// The screen's text with line breaks as spaces and runs of spaces as one: a message
    /// wrapped over two rows still reads as one, but a cut ("…") never does.
    func flowing(_ h: DeskHarness) -> String {
        h.screen.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .replacingOccurrences(of: " +", with: " ", options: .regularExpression)
    }

    @Test(arguments: [Language.en, .id], [0, 1])
    func theCorrectionFormShowsItsMarksHintsAndProblemsWhole(_ language: Language, _ size: Int) throws {
        let (w, hgt) = Self.sizes[size]
        let h = DeskHarness(events: smallQueue(), tracer: "lead-01", width: w, height: hgt, team: leadTeam, language: language)
        h.type(.escape, .char("/")); h.type(text: "C-MID"); h.type(.enter, .char("v"))
        h.type(.char("e"))
        #expect(h.text.contains(says(language, "Tab/↑↓ move · Enter saves (shown in the case's history) · Esc cancels")), "\(h.text)")
        h.type(.ctrl("u")); h.type(text: "Agus Wijayakusuma")   // the name, changed
        h.type(.tab, .tab, .ctrl("u")); h.type(text: "12")       // a phone that is none
        h.type(.tab)
        let changedRow = try #require(h.rowIndex(containing: "Agus Wijayakusuma"))
        #expect(h.row(changedRow).contains(says(language, " ● changed")), "\(h.row(changedRow))")
        let problem = says(language, "Phone") + ": •• " + (language == .en ? "is not an Indonesian phone number (08…, +62…, 62…)"
                                                                           : "bukan nomor telepon Indonesia (08…, +62…, 62…)")
        #expect(flowing(h).contains(problem), "\(h.text)")
        h.type(.escape)
        #expect(flowing(h).contains(says(language, "Discard this correction? y = discard, any other key = keep typing")), "\(h.text)")
    }

    @Test(arguments: [Language.en, .id], [0, 1])
    func aRefusalOnTheMessageLineIsReadWhole(_ language: Language, _ size: Int) {
        let (w, hgt) = Self.sizes[size]
        let h = DeskHarness(events: smallQueue(), tracer: "tracer-01", width: w, height: hgt, team: leadTeam, language: language)
        h.type(.down, .enter, .char("e"))
        let refusal = says(language, "Only a team lead or the data person corrects a case record; tell your lead what is wrong.")
        #expect(flowing(h).contains(refusal), "\(h.text)")
        // The hint bar is still the last row, and the row above the message is the screen's.
        #expect(h.row(hgt - 1).contains("Esc") || h.row(hgt - 1).contains("?"), "\(h.text)")
    }

    @Test(arguments: [Language.en, .id], [0, 1])
    func theServerAwayTitleBarIsWhole(_ language: Language, _ size: Int) {
        let (w, hgt) = Self.sizes[size]
        let h = DeskHarness(events: smallQueue(), width: w, height: hgt, language: language)
        h.store.connection = .away(savedHere: 128)
        h.loop.step()
        let notice = says(language, " SERVER AWAY: \(128) waiting to send ").trimmingCharacters(in: .whitespaces)
        #expect(h.row(0).contains(notice), "\(h.row(0))")
        #expect(h.row(0).contains("10:00"), "\(h.row(0))")
        // With work held in memory as well (a claim waiting for the server), both are said.
        h.store.failWrites = TestWriteError()
        h.type(.down, .enter)
        let held = says(language, " NOT SAVED: \(1) in memory ").trimmingCharacters(in: .whitespaces)
        #expect(h.row(0).contains(notice) && h.row(0).contains(held), "\(h.row(0))")
        if w >= 100 { #expect(h.row(0).contains("10:00"), "\(h.row(0))") }
    }
}

struct TestWriteError: StoreWriteError, CustomStringConvertible {
    var isRetryable: Bool { true }
    var description: String { "the server cannot be reached" }
}
