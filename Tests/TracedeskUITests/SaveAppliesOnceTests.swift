import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 14: a save applies what other desks wrote to the desk on screen, once, and
/// keeps it even when its own write then fails.
@Suite struct SaveAppliesOnceTests {
    struct DiskFull: Error, CustomStringConvertible { var description: String { "no space left on device" } }

    @Test func otherDesksEventsSeenDuringAFailedWriteAreKept() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter)                                  // C-OLD, claimed
        // Another desk assigns C-MID to tracer-02 while this one logs a call that cannot be written.
        var e = Events()
        e.t = now
        e.add(.caseClaimed(CaseClaim(caseId: "C-MID")), by: "tracer-02")
        h.store.appendFromElsewhere(e.list)
        h.store.failNextAppend = DiskFull()
        h.type(.char("c"), .char("2"), .enter)
        #expect(h.text.contains("NOT saved"), "\(h.text)")
        #expect(h.loop.app.context.desk["C-MID"]?.claimedBy == "tracer-02")
        // Applied once: the claim is in the desk's event count one time.
        let count = h.loop.app.context.desk.eventCount
        h.loop.step()
        #expect(h.loop.app.context.desk.eventCount == count)
    }
}

extension SaveAppliesOnceTests {
    /// Only the screen on top is recomputed after a change; the queue catches up when it is
    /// on top again.
    @Test func onlyTheScreenOnTopIsRecomputed() {
        let h = DeskHarness(events: smallQueue())
        func queueRefreshes() -> Int { if case .queue(let q) = h.loop.app.stack[0] { q.refreshes } else { -1 } }
        h.type(.down, .enter, .char("i"))                 // C-OLD's interview over its case over the queue
        let before = queueRefreshes()
        h.type(text: "Siti")
        for _ in 0..<6 { h.type(.tab) }                   // each move saves the draft
        var e = Events()
        e.t = now
        e.add(.caseClaimed(CaseClaim(caseId: "C-MID")), by: "tracer-02")
        h.store.appendFromElsewhere(e.list)
        h.loop.step()
        #expect(queueRefreshes() == before)
        h.type(.escape, .escape)                          // back to the queue
        #expect(queueRefreshes() > before)
        let mid = h.screen.first { $0.contains("C-MID") } ?? ""
        #expect(mid.contains("taken"), "\(h.text)")
    }
}
