import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskUI

/// A store with no room: the same write can pass later (as the journal's noSpace).
struct NoRoom: StoreWriteError, CustomStringConvertible {
    var isRetryable: Bool { true }
    var description: String { "no room left" }
}

/// A store whose sync failed: writing has stopped for good (as the journal's syncFailed).
struct SyncLost: StoreWriteError, CustomStringConvertible {
    var isRetryable: Bool { false }
    var description: String { "sync failed" }
}

/// Nothing typed is dropped when the store cannot take it (issue 14, item 1.3).
@Suite struct UnsavedWorkTests {
    /// C-OLD open and claimed, its interview started, then the disk fills.
    func interviewOnAFullDisk(_ error: Error = NoRoom(), language: Language = .en) -> DeskHarness {
        let h = DeskHarness(events: smallQueue(), language: language)
        h.type(.down, .enter, .char("i"))
        h.store.failWrites = error
        return h
    }

    func drafts(_ h: DeskHarness) -> [InterviewDraft] {
        h.store.events.compactMap { if case .interviewSaved(let d) = $0.body, d.caseId == "C-OLD" { d } else { nil } }
    }

    /// The journal's own words come in the desk's language: an Indonesian desk on a full disk
    /// says "disk penuh", not "the disk is full", inside its "TIDAK tersimpan: …".
    @Test func anIndonesianDeskSaysTheDiskIsFullInIndonesian() {
        let h = interviewOnAFullDisk(JournalError.noSpace(errno: ENOSPC), language: .id)
        h.type(.ctrl("u")); h.type(text: "Siti ZZTYPED")
        h.type(.tab)
        #expect(h.text.contains("TIDAK tersimpan"), "\(h.text)")
        #expect(h.text.contains("disk penuh"), "\(h.text)")
        #expect(!h.text.contains("the disk is full") && !h.text.contains("NOT saved yet"), "\(h.text)")
        let sync = interviewOnAFullDisk(JournalError.syncFailed(errno: EIO), language: .id)
        sync.type(.ctrl("u")); sync.type(text: "Siti ZZTYPED")
        sync.type(.tab)
        #expect(sync.text.contains("disk tidak memastikan penulisan") || sync.text.contains("Penulisan dihentikan"), "\(sync.text)")
    }

    @Test func aTypedInterviewIsHeldThroughEscAndSavedOnceThereIsRoom() {
        let h = interviewOnAFullDisk()
        h.type(.ctrl("u")); h.type(text: "Siti ZZTYPED")
        h.type(.tab)                                 // a field move saves the draft: no room
        #expect(h.text.contains("NOT saved: interview draft of C-OLD is in memory only, retried until written"))
        #expect(h.row(0).contains("NOT SAVED: 1 in memory"))
        #expect(drafts(h).isEmpty)

        h.type(.escape)
        #expect(h.row(0).contains("Case C-OLD"))
        #expect(h.text.contains("Interview of C-OLD NOT saved: kept in memory only; i resumes it."))
        #expect(!h.text.contains("draft kept"))
        #expect(h.row(0).contains("NOT SAVED: 1 in memory"))

        // Tries on ticks fail quietly while the disk stays full; what was typed is still there.
        for _ in 0..<3 { h.loop.step() }
        #expect(drafts(h).isEmpty)
        h.type(.char("i"))
        #expect(h.text.contains("Siti ZZTYPED"))
        h.type(.escape)

        h.store.failWrites = nil                    // room again
        h.loop.step()                               // the next tick writes what was held
        #expect(h.text.contains("Saved now: the work held in memory is in the journal."))
        #expect(!h.row(0).contains("NOT SAVED"))
        #expect(drafts(h).count == 1)
        #expect(drafts(h).first?.confirmedName == "Siti ZZTYPED")
        for _ in 0..<3 { h.loop.step() }
        #expect(drafts(h).count == 1)               // once, not again on later ticks
    }

    /// Filed from another screen while this one was still open: the next draft save is
    /// refused, and leaving says so, never "kept".
    @Test func aDraftRefusedBecauseTheInterviewWasFiledElsewhereIsNeverCalledKept() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("i"))
        let record = h.loop.app.context.desk["C-OLD"]!.record
        let filed = FiledInterview.file(InterviewDraft(for: record, rules: .indonesia2021), today: Day(parsing: "2021-07-05")!)
        h.store.appendFromElsewhere([Event(id: EventID.make(at: now), timestamp: now, actor: h.loop.app.context.tracer,
                                           body: .interviewFiled(filed))])
        h.type(.ctrl("u")); h.type(text: "Siti LATE")
        h.type(.tab)                                   // the move saves: refused under the lock
        #expect(h.text.contains("is already filed"))
        h.type(.escape)
        #expect(h.text.contains("Interview of C-OLD NOT saved: the interview of case C-OLD is already filed"))
        #expect(!h.text.contains("draft kept"))
        #expect(drafts(h).isEmpty)
    }

    @Test func quittingWithWorkHeldAsksAndSaysWhatWouldBeLost() {
        let h = interviewOnAFullDisk()
        h.type(.ctrl("u")); h.type(text: "Siti ZZTYPED")
        h.type(.tab, .escape, .escape)               // back to the queue
        h.type(.char("q"))
        #expect(!h.loop.app.finished)
        #expect(h.text.contains("Quit? NOT saved, lost if you quit: interview draft of C-OLD. y = quit anyway"))
        h.type(.char("n"))
        #expect(!h.loop.app.finished)
        #expect(h.text.contains("Not quitting."))
        h.type(.ctrl("c"))                           // ^C asks too
        #expect(!h.loop.app.finished)
        #expect(h.text.contains("Quit? NOT saved"))
        h.type(.escape)
        #expect(!h.loop.app.finished)
        h.type(.char("q"), .char("y"))               // quitting anyway is the tracer's choice
        #expect(h.loop.app.finished)
    }

    @Test func quittingWithNothingHeldDoesNotAsk() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("q"))
        #expect(h.loop.app.finished)
    }

    @Test func aTypedCallNoteIsHeldShownAndSavedInOrderAfterTheClaim() {
        let h = DeskHarness(events: smallQueue())
        h.store.failWrites = NoRoom()                // full before the case is even opened
        h.type(.down, .enter)                        // C-OLD: the claim is held
        #expect(h.text.contains("NOT saved: claim of C-OLD is in memory only"))
        h.type(.char("c"), .char("3"), .tab)
        h.type(text: "ring back after maghrib")
        h.type(.enter)
        #expect(h.text.contains("NOT saved: call on C-OLD is in memory only"))
        #expect(h.text.contains("NOT saved (in memory): busy · ring b"))
        #expect(h.row(0).contains("NOT SAVED: 2 in memory"))
        #expect(!h.store.events.contains { $0.caseId == "C-OLD" && $0.actor == "tracer-01" })

        h.store.failWrites = nil
        h.loop.step()
        let mine = h.store.events.filter { $0.caseId == "C-OLD" && $0.actor == "tracer-01" }
        #expect(mine.count == 2)
        guard mine.count == 2 else { return }
        #expect(mine[0].body == .caseClaimed(CaseClaim(caseId: "C-OLD")))
        guard case .callLogged(let a) = mine[1].body else { Issue.record("not a call: \(mine[1].body)"); return }
        #expect(a.note == "ring back after maghrib")
        #expect(a.outcome == .busy)
        #expect(h.text.contains("Saved now: the work held in memory is in the journal."))
        #expect(!h.text.contains("NOT saved (in memory)"))
        #expect(h.text.contains("busy · ring b"))           // now from the journal
    }

    @Test func aFilingHeldClosesTheInterviewAndIsWrittenOnce() {
        let h = interviewOnAFullDisk()
        h.type(.tab, .tab, .tab, .right, .right)    // consent refused: fileable at once
        h.type(.pageDown, .char("f"), .char("y"))
        #expect(h.text.contains("NOT saved: filing of C-OLD is in memory only"))
        #expect(h.row(0).contains("Case C-OLD"))      // the interview closed: nothing lands after its filing
        h.type(.char("i"))
        #expect(h.text.contains("The filing of C-OLD is NOT saved yet (kept in memory)"))
        #expect(h.row(0).contains("Case C-OLD"))
        h.store.failWrites = nil
        h.loop.step()
        let filed = h.store.events.filter { if case .interviewFiled = $0.body { true } else { false } }
        #expect(filed.count == 1)
        #expect(h.text.contains("Saved now"))
    }

    @Test func aStoppedStoreIsReadOnlyAndNeverCalledSavedOrKept() {
        let h = interviewOnAFullDisk(SyncLost())
        h.type(.ctrl("u")); h.type(text: "Siti ZZTYPED")
        h.type(.tab)
        #expect(h.text.contains("NOT saved: interview draft of C-OLD is in memory only; writing has stopped"))
        h.type(.escape)
        #expect(h.text.contains("Interview of C-OLD NOT saved: in memory only until you quit (writing stopped)."))
        #expect(h.text.contains("Read-only: the journal is read-only (sync failed)."))
        h.store.failWrites = nil                     // even if the store would take it now,
        for _ in 0..<3 { h.loop.step() }              // a failed sync is never retried
        #expect(drafts(h).isEmpty)
        #expect(!h.text.contains("Saved now"))
        #expect(!h.text.contains("kept. Press i"))
        h.type(.char("j"))                           // a key clears the last message: the held work is named
        #expect(h.text.contains("NOT saved, kept in memory only (writing has stopped): interview draft of C-OLD"))
        h.type(.char("c"))
        #expect(h.text.contains("Cannot log a call: the journal is read-only"))
        h.type(.escape, .char("q"))
        #expect(!h.loop.app.finished)
        #expect(h.text.contains("Quit? NOT saved, lost if you quit: interview draft of C-OLD."))
    }

    @Test func theWarningsSpeakIndonesianToo() {
        let h = interviewOnAFullDisk(language: .id)
        h.type(.ctrl("u")); h.type(text: "Siti ZZTYPED")
        h.type(.tab)
        #expect(h.text.contains("TIDAK tersimpan: draf wawancara C-OLD hanya ada di memori"))
        #expect(h.row(0).contains("BELUM TERSIMPAN: 1 di memori"))
        h.type(.escape)
        #expect(h.text.contains("Wawancara C-OLD TIDAK tersimpan: hanya ada di memori"))
        h.type(.escape, .char("q"))
        #expect(h.text.contains("Keluar? TIDAK tersimpan, hilang jika keluar: draf wawancara C-OLD."))
        h.store.failWrites = nil
        h.loop.step()
        #expect(h.text.contains("Kini tersimpan"))
        for line in h.screen { #expect(DisplayWidth.of(line) == 80) }
    }
}

/// The queue's own rules, without a screen.
@Suite struct PendingWritesTests {
    func draft(_ id: String, _ name: String) -> PendingWrites.Work {
        var d = InterviewDraft(for: rec(id, "x", result: "2021-07-04"), rules: .indonesia2021)
        d.confirmedName = name
        return .events([.interviewSaved(d)], .draftSaved(caseId: id))
    }

    @Test func laterWorkNeverOvertakesEarlierWorkStillWaiting() {
        var p = PendingWrites()
        let first = p.add(.claim(caseId: "A"))
        #expect(first?.number == 1)
        p.failed(1, reason: "full", retryable: true)
        // A new save tries the oldest again, not itself.
        let retried = p.add(.events([], .callLogged(caseId: "A", outcome: .busy)))
        #expect(retried?.number == 1)
        let behind = p.add(.claim(caseId: "B"))      // one in flight at a time
        #expect(behind == nil)
        p.failed(1, reason: "full", retryable: true)
        #expect(p.holdsUnsaved)
        #expect(p.summary == "claim of A, call on A, claim of B")
        var numbers: [Int] = [], caughtUp: [Bool] = []
        while let item = p.next() { numbers.append(item.number); caughtUp.append(p.written(item.number)) }
        #expect(numbers == [1, 2, 3])
        #expect(caughtUp == [false, false, true])     // the last held one: caught up
        #expect(p.isEmpty && p.state == .writing)
    }

    @Test func aDraftReplacesTheDraftJustBeforeItOnly() {
        var p = PendingWrites()
        _ = p.add(draft("A", "one"))                  // handed out: in flight
        _ = p.add(draft("A", "two"))                  // the one being written is not touched
        p.failed(1, reason: "full", retryable: true)
        _ = p.add(draft("A", "three"))                // replaces "two": the last, not in flight
        p.failed(1, reason: "full", retryable: true)
        #expect(p.items.count == 2)
        #expect(p.draft(of: "A")?.confirmedName == "three")
        _ = p.add(.events([], .callLogged(caseId: "A", outcome: .busy)))
        p.failed(1, reason: "full", retryable: true)
        _ = p.add(draft("A", "four"))                 // after the call: appended, order kept
        p.failed(1, reason: "full", retryable: true)
        #expect(p.items.count == 4)
        #expect(p.draft(of: "A")?.confirmedName == "four")
        #expect(p.summary == "interview draft of A, interview draft of A, call on A, interview draft of A")
    }

    @Test func aStoppedQueueIsNeverTriedAgain() {
        var p = PendingWrites()
        _ = p.add(.claim(caseId: "A"))
        p.failed(1, reason: "sync", retryable: false)
        p.failed(1, reason: "full", retryable: true)  // a later "no room" does not restart it
        #expect(p.isStopped)
        let next = p.next(), added = p.add(.claim(caseId: "B"))
        #expect(next == nil && added == nil)
        #expect(p.items.count == 2)
    }
}
