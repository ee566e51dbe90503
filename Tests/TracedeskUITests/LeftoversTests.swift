import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// Issue 15, what a fresh tester still found after the last stop, each fixed as a kind: F2 on
/// every open screen, hint bars that keep every key, list heights, the search count, screens
/// opened twice, field codes in messages, and today's follow-up calls as times.
@Suite struct LeftoversTests {
    typealias Scenario = ScreenMatrixTests.Scenario

    /// What reads something in full, beyond the matrix's case pager: each made its text once,
    /// as it opened.
    static let pagers: [Scenario] = [
        Scenario(name: "review, in full", lead: true) { h in h.type(.enter, .char("v")) },
        Scenario(name: "review history, in full", lead: true) { h in h.type(.enter, .char("h"), .enter) },
        Scenario(name: "follow-up contact, in full", desk: .followUp(lead: false)) { h in h.type(.char("f"), .enter, .enter) },
        Scenario(name: "interview, in full (F5)") { h in ScreenMatrixTests.withAContact(h); h.type(.function(5)) },
        Scenario(name: "follow-up call form, symptoms said to be a choice", desk: .followUp(lead: false)) { h in
            h.type(.char("f"), .char("c"), .char("1"), .tab, .char("x"))
        },
        Scenario(name: "follow-up call form, outcome said to be a choice", desk: .followUp(lead: false)) { h in
            h.type(.char("f"), .char("c"), .char("x"))
        },
        Scenario(name: "call form, discard?") { h in h.type(.down, .enter, .char("c"), .char("2"), .tab); h.type(text: "x"); h.type(.escape) },
        Scenario(name: "follow-up call form, discard?", desk: .followUp(lead: false)) { h in
            h.type(.char("f"), .char("c"), .char("2"), .tab); h.type(text: "x"); h.type(.escape)
        },
    ]

    static var everyScreen: [Scenario] { ScreenMatrixTests.scenarios + pagers }

    // MARK: 1. F2 words every open screen again

    /// Switched with F2 on any screen, it reads as if it had been opened in that language:
    /// anything worded once at open (a pager's text, a form's message) would keep the other.
    @Test(arguments: everyScreen, Language.allCases)
    func f2WordsEveryOpenScreenAgain(_ s: Scenario, _ from: Language) {
        let size = Size(width: 100, height: 30)
        let switched = ScreenMatrixTests.harness(s, from, size)
        s.drive(switched)
        switched.type(.function(2))
        // The same screen opened in the other language, then switched there and back: the same
        // message line ("Language: …") on both.
        let opened = ScreenMatrixTests.harness(s, from.other, size)
        s.drive(opened)
        opened.type(.function(2), .function(2))
        for (y, (a, b)) in zip(switched.screen, opened.screen).enumerated() where a != b {
            Issue.record("\(s.name), from \(from): row \(y) after F2\n  \(a)\nopened in \(from.other):\n  \(b)")
        }
    }

    // MARK: 2. Every key a hint bar names is shown, with its words

    /// The keys drawn in the hint bar's key slot (its one or two rows at the bottom), in order.
    static func keysShown(_ f: Frame) -> [String] {
        var keys: [String] = []
        for y in (f.size.height - 2)..<f.size.height {
            var piece = ""
            for x in 0..<f.size.width {
                let c = f[x, y]
                if c.slot == .hintKey { piece += c.text; continue }
                if !piece.trimmingCharacters(in: .whitespaces).isEmpty { keys.append(piece.trimmingCharacters(in: .whitespaces)) }
                piece = ""
            }
            if !piece.trimmingCharacters(in: .whitespaces).isEmpty { keys.append(piece.trimmingCharacters(in: .whitespaces)) }
        }
        return keys
    }

    /// Every key of the action table a screen's hint bar names is on screen with its words, at
    /// 80×24 and 100×30, in both languages (the last keys were dropped when the words were long).
    @Test(arguments: everyScreen, Language.allCases)
    func everyHintBarShowsEveryKeyItNamesWithItsWords(_ s: Scenario, _ language: Language) {
        for size in [Size(width: 80, height: 24), Size(width: 100, height: 30)] {
            let h = ScreenMatrixTests.harness(s, language, size)
            s.drive(h)
            let app = h.loop.app
            let screen = app.top.screen
            let hints = Localization.$language.withValue(app.context.language) {
                app.context.keymap.hintEntries(in: screen.keyContext(app.context), role: app.context.role,
                                               hiding: screen.unavailable(app.context))
            }
            let at = "\(s.name), \(language), \(size)"
            let bar = h.screen.suffix(2)
            #expect(Self.keysShown(h.terminal.lastFrame!) == hints.map(\.key), "\(at): \(bar.joined(separator: "\n"))")
            for e in hints {
                #expect(bar.contains { $0.contains(" \(e.key) \(e.text)") }, "\(at): \"\(e.key) \(e.text)\" not whole in \(bar.joined(separator: "\n"))")
            }
        }
    }

    /// A keys file with long names still shows every key: the words of the last give way, not
    /// the keys, and the way out keeps its words.
    @Test func aHintBarTooLongForTwoRowsKeepsEveryKey() {
        let hints: [(key: String, text: String, essential: Bool)] = (1...12).map { ("F\($0)", "a long description \($0)", $0 == 12) }
        let rows = Chrome.hintRows(hints, width: 80)
        #expect(rows.count == 2)
        #expect(rows.joined().map { $0.0.trimmingCharacters(in: .whitespaces) } == hints.map(\.key))
        for row in rows { #expect(row.reduce(0) { $0 + DisplayWidth.of($1.0) + DisplayWidth.of($1.1) } <= 80) }
        #expect(rows.last?.last?.1 == " a long description 12 ")
    }

    /// The empty picker's notice is whole (it ended "--role t…"), and Enter on it says why
    /// nothing was given.
    @Test(arguments: Language.allCases)
    func anEmptyTracerPickerSaysWhyWholeAndOnEnter(_ language: Language) {
        let alone = Team(name: "Tim", members: [TeamMember(id: "lead-01", name: "Sri", role: .lead)])
        let trace = TextTrace()
        let h = TextTrace.$current.withValue(trace) {
            let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: alone, language: language)
            h.type(.char("b"), .char("u"), .char(" "), .char("a"))
            return h
        }
        for (cut, label) in trace.labelsCut() { Issue.record("\(language): \"\(label)\" is cut: \(cut.text)") }
        // The popup's rows, without their borders, read as one text.
        let inside = h.screen.filter { $0.filter { $0 == "│" }.count == 2 }.map { row in
            String(row.drop { $0 != "│" }.dropFirst().prefix { $0 != "│" }).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
        #expect(inside.contains("tracedesk team add ID --name") && inside.contains("--role tracer"), "\(h.text)")
        h.type(.enter)
        let said = language == .en ? "Nothing assigned: no other tracer in the team." : "Tidak ada yang diberikan: tidak ada tracer lain di tim."
        #expect(h.text.contains(said), "\(h.text)")
    }

    // MARK: 3. A list that scrolls uses the rows it has

    /// The review's warnings at 80×24: the count is on the body's last row, and the rows it
    /// names are the rows right above it (it said "1–10 of 15" with rows free below).
    @Test(arguments: Language.allCases)
    func aListThatScrollsUsesEveryRowOfTheBody(_ language: Language) throws {
        let s = ScreenMatrixTests.scenario("interview review, many warnings")
        let h = ScreenMatrixTests.harness(s, language, Size(width: 80, height: 24))
        s.drive(h)
        let marker = try #require(h.screen.lastIndex { $0.contains("↑↓") && ($0.contains(" shown") || $0.contains(" tampil")) }, "\(h.text)")
        // The body's last row: above the message line and the hint bar's one or two rows.
        let frame = h.terminal.lastFrame!
        let hintRows = (22..<24).filter { y in (0..<80).contains { frame[$0, y].slot == .hintKey } }.count
        #expect(marker == 24 - 2 - hintRows, "\(h.text)")
        let numbers = h.row(marker).split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        let count = try #require(numbers.count >= 2 ? numbers[1] - numbers[0] + 1 : nil)
        for y in (marker - count)..<marker {
            #expect(h.row(y).contains("✗") || h.row(y).contains("!"), "row \(y): \(h.row(y))\n\(h.text)")
        }
        #expect(!(h.row(marker - count - 1).contains("✗ ") || h.row(marker - count - 1).contains("! ")), "\(h.text)")
    }

    // MARK: 4. The search count keeps its words

    @Test(arguments: Language.allCases)
    func aLongSearchKeepsItsCountInWords(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), language: language)
        let shown = language == .en ? "0 shown" : "0 tampil"
        h.type(.char("/"))
        h.type(text: "Siti Rahmawati binti Ahmad Fauzi dari Kebon Kacang")
        #expect(h.row(1).contains(shown), "\(h.row(1))")
        h.type(.enter)
        #expect(h.row(1).contains(shown), "\(h.row(1))")
        #expect(h.row(1).contains("…"), "the search is cut, marked: \(h.row(1))")
    }

    // MARK: 5. A screen already open is gone back to

    @Test func goingBackAndForthBetweenBoardAndReviewTakesOneEscPerLevel() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: leadTeam)
        func onQueue() -> Bool { if case .queue = h.loop.app.top { true } else { false } }
        func escapesToQueue() -> Int {
            var n = 0
            while !onQueue() && n < 20 { h.type(.escape); n += 1 }
            return n
        }
        // The lead's day starts on the review queue, over the case queue.
        for _ in 0..<3 { h.type(.char("b"), .char("r")) }
        #expect(h.loop.app.stack.count == 2)
        h.type(.char("b"))
        #expect(h.loop.app.stack.count == 3)
        #expect(escapesToQueue() == 2)
        // From the queue: r, then b and r back and forth.
        h.type(.char("r"))
        for _ in 0..<3 { h.type(.char("b"), .char("r")) }
        #expect(escapesToQueue() == 1)
        h.type(.char("b"))
        for _ in 0..<3 { h.type(.char("r"), .char("b")) }
        #expect(escapesToQueue() == 1)
    }

    // MARK: 7. A field by its label, never its code

    @Test(arguments: Language.allCases)
    func aCorrectionNotTakenNamesTheFieldsByTheirLabels(_ language: Language) {
        var e = Events()
        e.list = smallQueue()
        e.t = e.list.last!.timestamp
        e.add(.caseCorrected(CaseCorrection(caseId: "C-MID", changes: [
            FieldChange(field: "nik", from: "3171234567890123", to: "317"),
            FieldChange(field: "phone", from: "+6281234567890", to: "abc")], reason: "by hand")), by: "lead-01")
        let h = DeskHarness(events: e.list, tracer: "lead-01", width: 120, team: leadTeam, language: language)
        h.type(.escape, .char("/")); h.type(text: "C-MID"); h.type(.enter, .char("v"), .enter)  // the history in full
        let said = language == .en
            ? "correction not taken, the record's check refuses: NIK, Phone"
            : "koreksi tidak diambil, pemeriksaan data kasus menolak: NIK, Telepon"
        #expect(h.text.contains(said), "\(h.text)")
        h.type(.function(2))
        let other = language == .id
            ? "correction not taken, the record's check refuses: NIK, Phone"
            : "koreksi tidak diambil, pemeriksaan data kasus menolak: NIK, Telepon"
        #expect(h.text.contains(other), "\(h.text)")
    }

    // MARK: 8. Today's follow-up calls read as times

    @Test(arguments: Language.allCases)
    func aFollowUpCallOfTodayReadsAsItsTime(_ language: Language) throws {
        let h = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", width: 100, team: leadTeam, language: language)
        h.type(.char("f"), .char("c"), .char("2"), .enter)
        let row = try #require(h.rowIndex(containing: "Ahmad Fauzi"))
        let noAnswer = language == .en ? "10:00 no answer" : "10:00 tidak diangkat"
        #expect(h.row(row).contains(noAnswer), "\(h.row(row))")
        #expect(!h.row(row).contains("05/07"), "\(h.row(row))")
        h.type(.enter)
        #expect(h.text.contains("10:00 · tracer-01 ·"), "\(h.text)")
        #expect(!h.text.contains("05/07 10:00 · tracer-01"), "\(h.text)")
    }
}

/// Paging moves by the rows the tracer sees: where the hint bar takes two rows (a lead's queue
/// at 80 columns) or a message two, the list is a row shorter, and a page down must still end
/// with the last row seen first on the next page, never step past a row no one saw.
@Suite struct PagingByTheRowsShownTests {
    static func ids(_ h: DeskHarness) -> [String] {
        h.screen.compactMap { row in row.split(separator: " ").first { $0.hasPrefix("K-") }.map(String.init) }
    }

    @Test(arguments: Language.allCases, [false, true])
    func aPageDownStartsAtTheLastRowShown(_ language: Language, _ lead: Bool) throws {
        let h = lead ? DeskHarness(events: manyCases(60), tracer: "lead-01", team: leadTeam, language: language)
                     : DeskHarness(events: manyCases(60), language: language)
        if lead { h.type(.escape) }  // a lead's desk opens on the review queue
        let first = Self.ids(h)
        let frame = try #require(h.terminal.lastFrame)
        let hintRows = (22..<24).filter { y in (0..<80).contains { frame[$0, y].slot == .hintKey } }.count
        if lead { #expect(hintRows == 2, "the lead's bar is two rows at 80 columns here: \(h.text)") }
        #expect(first.count == 24 - 5 - (hintRows - 1), "\(h.text)")
        // The first page down takes the selection to the page's last row; the next shows
        // the page after, starting at that row.
        h.type(.pageDown)
        #expect(Self.ids(h) == first, "\(h.text)")
        h.type(.pageDown)
        let second = Self.ids(h)
        #expect(second.first == first.last, "\(first) then \(second)")
        h.type(.pageUp, .pageUp)
        #expect(Self.ids(h) == first)
    }
}
