import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// What a fresh tester found at 80×24 in Indonesian: cuts not marked, a number cut, a case id
/// cut, an ISO date, a server message that outlived the server's absence, keys that only refuse.
@Suite struct SmallFaultsTests {
    @Test(arguments: [Language.id, .en])
    func theQueuesSearchLineMarksWhatItCuts(_ language: Language) {
        let h = DeskHarness(events: manyCases(60), language: language)
        let label = language == .id ? "Cari:" : "Search:"
        let hint = language == .id ? "(tekan /)" : "(press /)"
        let row = h.screen.first { $0.contains(label) } ?? ""
        #expect(row.contains(hint) || row.contains("…"), "\(row)")
        #expect(row.contains(language == .id ? "kasus" : "cases"), "\(row)")
    }

    @Test(arguments: [Language.id, .en])
    func hoursPast99AreShownAsDaysNeverCut(_ language: Language) {
        var e = Events()
        e.imports([rec("C-LONG", "Nur Hidayat", result: "2021-01-01"), rec("C-NEW", "Siti", result: "2021-07-04")])
        let h = DeskHarness(events: e.list, language: language)
        let row = h.screen.first { $0.contains("C-LONG") } ?? ""
        #expect(row.contains(language == .id ? "185h " : "185d "), "\(row)")
        #expect(!row.contains("…"), "\(row)")
        #expect(QueueLayout.age(hours: 99) == "99h" || QueueLayout.age(hours: 99) == "99j")
        #expect(Localization.$language.withValue(.en) { QueueLayout.age(hours: 47_400) } == "5y")
    }

    @Test func theCaseIdStaysWholeBesideTheServerAwayNotice() {
        var e = Events()
        e.imports(NarrowScreenTests.longIds.map { rec($0, "Nurhaliza Siti Rahmawati binti Ahmad", result: "2021-07-02") })
        let h = DeskHarness(events: e.list, language: .id, onServer: true)
        h.store.connection = .away(savedHere: 12)
        h.loop.step()
        for id in NarrowScreenTests.longIds {
            h.type(.char("/")); h.type(text: id); h.type(.enter, .enter)
            #expect(h.row(0).contains("Kasus \(id)"), "\(h.row(0))")
            #expect(h.row(0).contains("SERVER TERPUTUS"), "\(h.row(0))")
            h.type(.escape, .escape)
        }
    }

    @Test(arguments: [Language.id, .en])
    func theSymptomsScreenShowsDatesDayFirst(_ language: Language) {
        var e = Events()
        var r = rec("C-SPEC", "Siti Rahmawati", result: "2021-07-01")
        r.specimenDate = Day(parsing: "2021-06-30")
        e.imports([r])
        let h = DeskHarness(events: e.list, language: language)
        h.type(.enter, .char("i"))
        h.type(.tab, .tab, .tab, .right, .pageDown)
        #expect(h.text.contains("30/06/2021"), "\(h.text)")
        #expect(!h.text.contains("2021-06-30"), "\(h.text)")
    }

    @Test func aMessageAboutTheServerAwayGoesWhenItIsBack() {
        let h = DeskHarness(events: smallQueue(), onServer: true)
        h.store.failReads = TestWriteError()
        h.store.connection = .away(savedHere: 0)
        h.loop.step()
        h.type(.char("/")); h.type(text: "Dewi"); h.type(.enter, .enter)   // C-CB: a case with history
        #expect(h.text.contains("Cannot read the case's history: the server cannot be reached"), "\(h.text)")
        h.store.failReads = nil
        h.store.connection = .connected
        h.loop.step()
        #expect(!h.text.contains("Cannot read the case's history"), "\(h.text)")
        #expect(!h.row(0).contains("SERVER"))
    }

    @Test(arguments: [Language.id, .en])
    func aCaseSomeoneElseHoldsHintsNoCallOrInterview(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), language: language)
        h.type(.char("/")); h.type(text: "Joko"); h.type(.enter, .enter)   // C-TAKEN, held by tracer-02
        let hints = h.row(23)
        #expect(!hints.contains(language == .id ? "catat telp" : "log call"), "\(hints)")
        #expect(!hints.contains(language == .id ? "wawancara" : "interview"), "\(hints)")
        // Its own case still offers both.
        h.type(.escape, .escape)
        h.type(.char("/")); h.type(text: "Dewi"); h.type(.enter, .enter)
        #expect(h.row(23).contains(language == .id ? "catat telp" : "log call"), "\(h.row(23))")
    }
}
