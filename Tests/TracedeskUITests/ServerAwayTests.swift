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
        #expect(h.row(0).contains("SERVER AWAY: 2 waiting to send"))
        h.type(.down, .enter)                       // a case screen says it too
        #expect(h.row(0).contains("SERVER AWAY: 2 waiting to send"))
        #expect(h.row(0).contains("Case C-OLD"))
        h.store.connection = .connected
        h.loop.step()
        #expect(!h.row(0).contains("SERVER"))
    }

    @Test func inIndonesianAndAt80Columns() {
        let h = DeskHarness(events: smallQueue(), language: .id)
        h.store.connection = .away(savedHere: 0)
        h.loop.step()
        #expect(h.row(0).contains("SERVER TERPUTUS"))
        h.store.connection = .refusedOffline(why: "case C-OLD is held by tracer-02")
        h.loop.step()
        #expect(h.row(0).contains("SERVER MENOLAK KERJA LURING"))
    }

    /// Where a save is, said as it is: on the server ("sent"), or on this desk waiting to be
    /// sent while the server is away; the file journal's desk says "Filed" as before.
    @Test(arguments: [Language.en, .id])
    func aFilingSaysWhetherItReachedTheServer(_ language: Language) {
        func file(_ connection: StoreConnection, onServer: Bool) -> String {
            let h = DeskHarness(events: smallQueue(), language: language, onServer: onServer)
            h.store.connection = connection
            h.type(.down, .enter, .char("i"))
            h.type(.tab, .tab, .tab, .right, .right)  // refused
            h.type(.pageDown, .char("f"), .char("y"))
            return h.text
        }
        let away = file(.away(savedHere: 3), onServer: true)
        let sent = file(.connected, onServer: true)
        let journal = file(.connected, onServer: false)
        if language == .en {
            #expect(away.contains("Filed on this desk: C-OLD refused; waiting to be sent to the server."), "\(away)")
            #expect(sent.contains("Filed and sent to the server: C-OLD refused the interview."), "\(sent)")
            #expect(journal.contains("Filed: C-OLD refused the interview."), "\(journal)")
        } else {
            #expect(away.contains("Diajukan di meja ini: C-OLD menolak; menunggu dikirim ke server."), "\(away)")
            #expect(!away.contains("Terkirim"), "\(away)")
            #expect(sent.contains("Terkirim ke server: C-OLD menolak wawancara."), "\(sent)")
        }
    }

    @Test func aCallSavedWhileTheServerIsAwaySaysItWaitsToBeSent() {
        let h = DeskHarness(events: smallQueue(), onServer: true)
        h.store.connection = .away(savedHere: 1)
        h.type(.down, .enter, .char("c"), .char("2"), .enter)
        #expect(h.text.contains("Saved on this desk: no answer for C-OLD; waiting to be sent."), "\(h.text)")
        h.store.connection = .connected
        h.type(.char("c"), .char("2"), .enter)
        #expect(h.text.contains("Saved: no answer for C-OLD."), "\(h.text)")
    }
}
