import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

@Suite struct QueueScreenTests {
    @Test func showsHeaderCountsColumnsAndWorkingOrderAt80x24() {
        let h = DeskHarness(events: smallQueue())
        #expect(h.row(0).hasPrefix(" tracer-01 · waiting 3 · callbacks due 1 · done today 0"))
        #expect(h.row(0).hasSuffix("Mon 05/07 10:00 WIB "))
        // The status as wide as the statuses shown ("call back"), the name the rest.
        #expect(h.row(2) == " Case    Patient             Age   Kelurahan Result Wait Status    Try Callback ")
        let order = (3...7).map { String(h.row($0).dropFirst().prefix(7)).trimmingCharacters(in: .whitespaces) }
        #expect(order == ["C-CB", "C-OLD", "C-MID", "C-TAKEN", "C-NEW"])
        #expect(h.row(3).contains("call back") && h.row(3).contains("09:50"))
        #expect(h.row(6).contains("taken"))
        // Every key with its words: spaced tighter to keep f for follow-up on the row.
        #expect(h.row(23).hasPrefix(" Enter open / search m mine/all s status"))
        #expect(h.row(23).contains(" f follow-up ? help q quit"))
        // The selected row is highlighted across the whole width.
        #expect(h.terminal.lastFrame!.slots(row: 3).allSatisfy { $0 == .selected })
        for line in h.screen { #expect(DisplayWidth.of(line) == 80) }
    }

    @Test func arrowsAndViKeysMoveTheSelection() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .char("j"))
        #expect(h.terminal.lastFrame!.slots(row: 5).first == .selected)
        h.type(.char("k"))
        #expect(h.terminal.lastFrame!.slots(row: 4).first == .selected)
        h.type(.end)
        #expect(h.terminal.lastFrame!.slots(row: 7).first == .selected)
        h.type(.char("g"))
        #expect(h.terminal.lastFrame!.slots(row: 3).first == .selected)
    }

    @Test func pagingScrollsLongQueues() {
        let h = DeskHarness(events: manyCases(60))
        #expect(h.row(1).contains("1–19 of 60 shown"))
        h.type(.pageDown)
        #expect(h.row(1).contains("of 60 shown"))
        let selected = h.screen.indices.first { h.terminal.lastFrame!.slots(row: $0).first == .selected }
        #expect(selected != nil)
        h.type(.end)
        #expect(h.row(1).contains("42–60 of 60 shown"))
        #expect(h.terminal.lastFrame!.slots(row: 21).first == .selected)
    }

    @Test func searchNarrowsAsYouTypeAndEscClears() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("/"))
        h.type(text: "sit")
        #expect(h.row(1).contains("Search: sit"))
        #expect(h.row(3).contains("Siti Rahmawati"))
        #expect(h.row(4).trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(h.row(1).contains("1 shown · 5 cases"))
        h.type(.backspace, .backspace, .backspace)
        h.type(text: "cikini")
        #expect(h.row(3).contains("C-OLD"))
        h.type(.escape)
        #expect(h.row(1).contains("5 shown"))
    }

    @Test func searchWithNoMatchSaysWhatToDo() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("/"))
        h.type(text: "zzz")
        #expect(h.text.contains("No case matches. Esc clears the search"))
    }

    @Test func scopeAndStatusFilters() {
        let h = DeskHarness(events: smallQueue())
        #expect(h.row(1).contains("Show: all"))
        h.type(.char("m"))
        #expect(h.row(1).contains("Show: mine"))
        #expect(h.row(3).contains("C-CB"))
        #expect(h.row(1).contains("1 shown"))
        h.type(.char("m"))
        #expect(h.row(1).contains("Show: unassigned"))
        #expect(h.row(1).contains("3 shown"))
        h.type(.char("m"))
        #expect(h.row(1).contains("Show: all"))
        h.type(.char("s"), .char("s"))
        #expect(h.row(1).contains("Status: waiting"))
        #expect(h.row(1).contains("3 shown"))
    }

    @Test func aWiderWindowShowsMoreColumns() {
        let h = DeskHarness(events: smallQueue(), width: 160, height: 40)
        #expect(h.row(2).contains("Kecamatan"))
        #expect(h.row(2).contains("Phone"))
        #expect(h.row(2).contains("Tracer"))
        #expect(h.row(3).contains("0812-3456-7890"))
        #expect(h.row(6).contains("tracer-02"))
        for line in h.screen { #expect(DisplayWidth.of(line) == 160) }
    }

    @Test func tooSmallWindowSaysSoAndComesBack() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down)
        h.resize(60, 20)
        #expect(h.text.contains("Window too small: 60×20."))
        #expect(h.text.contains("needs at least 80×24"))
        #expect(!h.text.contains("Patient"))
        h.resize(100, 30)
        #expect(h.row(2).contains("Patient"))
        // The selection survived the resize.
        #expect(h.terminal.lastFrame!.slots(row: 4).first == .selected)
    }

    @Test func layoutFitsEveryWidth() {
        for width in 80...260 {
            let cols = QueueLayout.columns(width: width, idWidth: width < 100 ? 14 : 18)
            let end = cols.last!.x + cols.last!.width
            #expect(end <= width, "width \(width)")
            #expect(cols.first { $0.kind == .name }!.width >= 10, "width \(width)")
            for (a, b) in zip(cols, cols.dropFirst()) { #expect(a.x + a.width < b.x, "width \(width)") }
        }
    }

    @Test func emptyJournalTellsHowToStart() {
        let h = DeskHarness(events: [])
        #expect(h.text.contains("No cases yet. Import the lab's line list: tracedesk import FILE.csv"))
    }

    @Test func helpListsTheKeysFromTheActionTable() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("?"))
        #expect(h.row(0).contains("Help — keys"))
        #expect(h.text.contains("Search by case id, name, NIK, phone or kelurahan"))
        #expect(h.text.contains("Open the selected case (claims it for you)"))
        h.type(.escape)
        #expect(h.row(2).contains("Patient"))
    }

    @Test func quitEndsTheLoop() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("q"))
        #expect(h.loop.app.finished)
    }

    @Test func otherDesksEventsAppearWithoutRestart() {
        let h = DeskHarness(events: smallQueue())
        var e = Events()
        e.t = now
        e.add(.caseClaimed(CaseClaim(caseId: "C-OLD")), by: "tracer-03")
        h.store.appendFromElsewhere(e.list)
        h.loop.step()
        #expect(h.row(4).contains("C-OLD") && h.row(4).contains("taken"))
    }

    @Test func aCallbackFallingDueComesToTheTopWithinAMinute() {
        var e = Events()
        e.imports([rec("C-OLD", "Siti", result: "2021-07-01"), rec("C-NEW", "Budi", result: "2021-07-04")])
        e.add(.callLogged(CallAttempt(caseId: "C-NEW", outcome: .callBack, callbackAt: now.addingTimeInterval(30))), by: "tracer-01")
        var app = DeskApp(desk: Desk(replaying: e.list), tracer: "tracer-01", now: now)
        func top() -> String { app.render(Size(width: 80, height: 24)).lines[3] }
        #expect(top().contains("C-OLD"))
        _ = app.update(.tick(now.addingTimeInterval(20)))
        #expect(top().contains("C-OLD"))
        _ = app.update(.tick(now.addingTimeInterval(61)))
        #expect(top().contains("C-NEW"))
    }
}

