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
        // The hint whole, and the count in as many words as leave room for it (the journal's
        // total goes first): neither cut.
        #expect(row.contains(hint), "\(row)")
        // (Indonesian's hint bar takes two rows at 80: a row fewer.)
        #expect(row.contains(language == .id ? "1–18 dari 60 tampil" : "1–19 of 60 shown"), "\(row)")
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

/// What the desk's loop says of itself (a case's history or an interview that cannot be read)
/// is in the desk's language, and so are the store's words inside it, whatever the process's
/// language (the tests' is English).
@Suite struct LoopSpeaksTheDesksLanguageTests {
    /// An error whose words are the catalogue's, as the server store's and the desk's are.
    struct WordedError: Error, CustomStringConvertible {
        var description: String { L("the server \("db.dki") cannot be reached") }
    }

    @Test func anIndonesianDeskSaysWhatItCannotReadInIndonesian() {
        let h = DeskHarness(events: smallQueue(), language: .id)
        h.store.failReads = WordedError()
        h.type(.char("/")); h.type(text: "Dewi"); h.type(.enter, .enter)   // C-CB: a case with history
        #expect(h.text.contains("Riwayat kasus tidak dapat dibaca: server db.dki tidak dapat dijangkau"), "\(h.text)")
        h.type(.char("i"))
        #expect(h.text.contains("Wawancara tidak dapat dibuka: server db.dki tidak dapat dijangkau"), "\(h.text)")
        #expect(!h.text.contains("Cannot"), "\(h.text)")
        #expect(!h.text.contains("cannot be reached"), "\(h.text)")
    }

    @Test func afterF2TheLoopSpeaksTheNewLanguage() {
        let h = DeskHarness(events: smallQueue(), language: .en)
        h.type(.function(2))
        h.store.failReads = WordedError()
        h.type(.char("/")); h.type(text: "Dewi"); h.type(.enter, .enter)
        #expect(h.text.contains("Riwayat kasus tidak dapat dibaca"), "\(h.text)")
    }
}

/// The symptoms screen's infectious period at 80 columns: both days in full and how many days
/// there are to walk, none of it cut (the count takes the row below when the row is full).
@Suite struct InfectiousPeriodFitsTests {
    @Test(arguments: [Language.id, .en])
    func thePeriodAndItsDaysAreWholeAt80Columns(_ language: Language) {
        var e = Events()
        // The longest names: Wednesday and February, Selasa and Februari.
        var r = rec("C-SPEC", "Siti Rahmawati", result: "2021-02-27")
        r.specimenDate = Day(parsing: language == .id ? "2021-02-25" : "2021-02-26")
        e.imports([r])
        let h = DeskHarness(events: e.list, language: language)
        h.type(.enter, .char("i"))
        h.type(.tab, .tab, .tab, .right, .pageDown)
        let label = language == .id ? "Masa penularan" : "Infectious"
        guard let y = h.rowIndex(containing: label) else { Issue.record("no period row:\n\(h.text)"); return }
        // Both days in full, each with its year.
        let whole = { (row: String) in row.contains("→") && row.components(separatedBy: " 2021").count == 3 }
        #expect(whole(h.row(y)), "\(h.row(y))")
        #expect(!h.row(y).contains("…") && !h.row(y + 1).contains("…"), "\(h.row(y))\n\(h.row(y + 1))")
        let days = language == .id ? "hari ditelusuri" : "days to walk"
        #expect((h.row(y) + h.row(y + 1)).contains(days), "\(h.row(y))\n\(h.row(y + 1))")
        // Wide enough, it stays on one row.
        h.resize(120, 30)
        guard let wide = h.rowIndex(containing: label) else { Issue.record("no period row:\n\(h.text)"); return }
        #expect(whole(h.row(wide)) && h.row(wide).contains(days), "\(h.row(wide))")
    }
}

/// Issue 15 item 10, from the 00:00 tester: the assign list cut a status ("telepon ula…") with
/// twenty columns free at 100×30. Status and kelurahan take what the name can spare.
@Suite struct AssignListColumnsTests {
    @Test(arguments: [Language.id, .en])
    func theAssignListShowsEachStatusWhole(_ language: Language) throws {
        let h = DeskHarness(events: DemoQueue.events(now: now, tracer: "tracer-01"), tracer: "lead-01", width: 100, height: 30,
                            team: DemoQueue.team, language: language)
        h.type(.escape, .char("b"), .enter)
        guard case .assign = h.loop.app.top else { Issue.record("no assign list: \(h.text)"); return }
        let desk = h.loop.app.context.desk
        var seen = 0
        for row in h.screen {
            guard let c = desk.cases.values.first(where: { row.contains(" \($0.id) ") }) else { continue }
            seen += 1
            let label = Localization.$language.withValue(language) { c.status.label }
            #expect(row.contains(label), "\(language): \(row)")
        }
        #expect(seen > 0, "\(h.text)")
    }
}
