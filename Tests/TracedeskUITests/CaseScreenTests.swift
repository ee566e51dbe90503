import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

@Suite struct CaseScreenTests {
    func openOld() -> DeskHarness {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter) // C-OLD
        return h
    }

    @Test func openingShowsEveryFieldAndClaimsTheCase() {
        let h = openOld()
        #expect(h.row(0).contains("Case C-OLD · Siti Rahmawati · in progress"))
        for label in ["Case id", "Name", "NIK", "Phone", "Sex / age", "Address", "RT/RW", "Kelurahan",
                      "Kecamatan", "Kota", "Occupation", "Specimen", "Result", "Onset", "Status", "Claimed by"] {
            #expect(h.text.contains(label), "\(label)")
        }
        #expect(h.text.contains("0812-3456-7890"))
        #expect(h.text.contains("tracer-01 (you)"))
        #expect(h.text.contains("Contacts (0)"))
        #expect(h.text.contains("opened and claimed"))
        let claim = h.store.events.last!
        #expect(claim.body == .caseClaimed(CaseClaim(caseId: "C-OLD")))
        #expect(claim.actor == "tracer-01")
    }

    @Test func historyIsReadFromTheStoreAndFollowsOtherDesks() {
        let h = openOld()
        // The desk keeps the places of the case's events, not the lines.
        #expect(h.loop.app.context.desk["C-OLD"]?.history.isEmpty == true)
        #expect(h.text.contains("lab-import: imported fro"))
        // A call logged for this case on another desk (the same tracer, a second window).
        h.store.appendFromElsewhere([Event(id: EventID.make(at: now), timestamp: now, actor: "tracer-01",
                                           body: .callLogged(CallAttempt(caseId: "C-OLD", outcome: .busy, note: "sibuk")))])
        h.type(.char("j"))
        h.loop.step(timeoutMilliseconds: 0)
        #expect(h.text.contains("call: busy — sibuk"))
    }

    @Test func loggingNoAnswerIsJournaledAndShown() {
        let h = openOld()
        h.type(.char("c"))
        #expect(h.text.contains("Log a call attempt"))
        h.type(.char("2"), .tab)
        h.type(text: "tidak diangkat")
        h.type(.enter)
        guard case .callLogged(let a) = h.store.events.last!.body else { Issue.record("no call event"); return }
        #expect(a.outcome == .noAnswer)
        #expect(a.note == "tidak diangkat")
        #expect(h.text.contains("Saved: no answer for C-OLD."))
        #expect(h.text.contains("Call attempts: 1, failed 1 of 3"))
        #expect(h.text.contains("no answer · tidak diangkat"))
    }

    /// The labels are as wide as the language shown needs: in Indonesian with WITA the callback
    /// label is 21 columns, and neither the field's hint nor the typed time covers it.
    @Test func theCallbackLabelIsNeverCoveredByItsField() {
        for (language, clock, label, hint) in [(Language.id, WallClock.wita, "Telepon ulang (WITA): ", "mis. besok jam 9"),
                                               (.id, .wib, "Telepon ulang (WIB): ", "mis. besok jam 9"),
                                               (.en, .wita, "Call back (WITA): ", "e.g. besok jam 9")] {
            let h = DeskHarness(events: smallQueue(), settings: DeskSettings(clock: clock), language: language)
            h.type(.down, .enter, .char("c"), .char("6"))
            let row = h.text.split(separator: "\n").first { $0.contains(label) }
            #expect(row?.contains(label + hint) == true, "\(h.text)")
            h.type(.tab, .tab)
            h.type(text: "+2h")
            #expect(h.text.contains(label + "+2h"), "\(h.text)")
        }
    }

    @Test func callBackNeedsAValidFutureTime() {
        let h = openOld()
        h.type(.char("c"), .char("6"), .tab, .tab)
        h.type(text: "09:00")
        h.type(.enter)
        // Examples the field takes at 10:00, wrapped inside the box.
        #expect(h.text.contains("Callback time: that time has already passed; e.g. besok jam 9, 15:30,") && h.text.contains("│ +2h."), "\(h.text)")
        let before = h.store.events.count
        #expect(h.store.events.count == before)
        h.type(.ctrl("u"))
        h.type(text: "besok 08:30")
        h.type(.enter)
        guard case .callLogged(let a) = h.store.events.last!.body else { Issue.record("no call event"); return }
        #expect(a.outcome == .callBack)
        #expect(WallClock.wib.format(a.callbackAt!) == "2021-07-06 08:30")
        #expect(h.text.contains("06/07 08:30 WIB"))
        // Back on the queue the case waits for its callback.
        h.type(.escape)
        #expect(h.rowIndex(containing: "C-OLD").map { h.row($0).contains("06/07 08:30") } == true)
    }

    @Test func thirdFailedCallFlagsTheCase() {
        let h = openOld()
        for n in ["2", "3", "4"] { h.type(.char("c"), .char(Character(n)), .enter) }
        #expect(h.text.contains("Flagged for a field tracer."))
        #expect(h.text.contains("needs field tracer"))
        #expect(h.store.events.last!.body == .caseReferred(FieldReferral(caseId: "C-OLD", failedAttempts: 3)))
    }

    @Test func escAfterTypingAsksBeforeDiscarding() {
        let h = openOld()
        h.type(.char("c"), .tab)
        h.type(text: "catatan")
        h.type(.escape)
        #expect(h.text.contains("Discard this call log?"))
        h.type(.char("n"))
        #expect(h.text.contains("Log a call attempt"))
        h.type(.escape, .char("y"))
        #expect(!h.text.contains("Log a call attempt"))
        #expect(h.store.events.filter { if case .callLogged(let a) = $0.body { a.caseId == "C-OLD" } else { false } }.isEmpty)
    }

    @Test func aCaseSomeoneElseHoldsIsReadOnly() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .down, .down, .enter) // C-TAKEN
        #expect(h.row(0).contains("C-TAKEN"))
        #expect(h.text.contains("Read-only: tracer-02 is working this case."))
        #expect(h.text.contains("Case C-TAKEN is being worked by tracer-02"))
        h.type(.char("c"))
        #expect(h.text.contains("Cannot log a call: tracer-02 is working this case."))
        #expect(!h.store.events.contains { $0.actor == "tracer-01" && $0.caseId == "C-TAKEN" })
    }

    @Test func aFailedSaveSaysSoAndKeepsNothingHalfDone() {
        let h = openOld()
        struct DiskFull: Error, CustomStringConvertible { var description: String { "disk full" } }
        h.store.failNextWrite = DiskFull()
        let before = h.store.events.count
        h.type(.char("c"), .char("3"), .enter)
        // An error that does not say it may pass later is taken as writing stopped.
        #expect(h.text.contains("NOT saved: call on C-OLD is in memory only; writing has stopped — disk full"))
        #expect(h.store.events.count == before)
        #expect(!h.text.contains("Saved: busy"))
    }

    @Test func caseScreenFitsAt80x24AndUsesWideWindows() {
        let h = openOld()
        for line in h.screen { #expect(DisplayWidth.of(line) == 80) }
        h.resize(200, 60)
        for line in h.screen { #expect(DisplayWidth.of(line) == 200) }
        #expect(h.text.contains("Next callback"))
    }
}

@Suite struct BorderTests {
    @Test func boxesFallBackToASCIIWithoutLineDrawing() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"))
        #expect(h.text.contains("┌─ Log a call attempt"))
        h.terminal.lineDrawing = false
        h.type(.char("2"))
        #expect(h.text.contains("+- Log a call attempt"))
        #expect(!h.text.contains("│"))
        #expect(h.text.contains("|"))
    }
}
