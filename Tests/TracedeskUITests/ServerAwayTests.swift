import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// The title bar says when a shared store's server is away, on every screen, in the desk's
/// language, and stops saying it when the server is back.
@Suite struct ServerAwayTests {
    @Test func theTitleBarSaysTheServerIsAwayAndHowMuchWaitsHere() {
        let h = DeskHarness(events: smallQueue())
        #expect(!h.row(0).contains("SERVER"))
        h.store.connection = .away(savedHere: 2)
        h.loop.step()
        #expect(h.row(0).contains("SERVER AWAY: 2 saved here"))
        h.type(.down, .enter)                       // a case screen says it too
        #expect(h.row(0).contains("SERVER AWAY: 2 saved here"))
        #expect(h.row(0).contains("Case C-OLD"))
        h.store.connection = .connected
        h.loop.step()
        #expect(!h.row(0).contains("SERVER"))
    }

    @Test func inIndonesianAndAt80Columns() {
        let h = DeskHarness(events: smallQueue(), language: .id)
        h.store.connection = .away(savedHere: 0)
        h.loop.step()
        #expect(h.row(0).contains("SERVER TAK TERJANGKAU"))
        h.store.connection = .refusedOffline(why: "case C-OLD is held by tracer-02")
        h.loop.step()
        #expect(h.row(0).contains("SERVER MENOLAK KERJA LURING"))
    }
}
