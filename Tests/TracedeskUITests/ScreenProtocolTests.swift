import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 14: every screen answers the same small protocol (update, paste, refresh,
/// view, title, key context), and the app goes through it for the screen on top.
@Suite struct ScreenProtocolTests {
    @Test(arguments: ScreenMatrixTests.scenarios)
    func theScreenOnTopAnswersTheProtocol(_ s: ScreenMatrixTests.Scenario) {
        let h = s.lead
            ? DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: leadTeam)
            : DeskHarness(events: smallQueue())
        s.drive(h)
        let app = h.loop.app
        let screen = app.top.screen
        // The kind survives the trip through the protocol.
        #expect(String(describing: Screen(screen)).prefix(8) == String(describing: app.top).prefix(8))
        // What the frame shows is what the protocol says: the title, and the hint bar of its context.
        // (On a narrow window the title bar leaves out the program's name.)
        let title = screen.title(app.context).replacingOccurrences(of: "tracedesk · ", with: "")
        #expect(h.row(0).contains(String(title.prefix(20))), "\(s.name): \(h.row(0))")
        let hints = app.context.keymap.hints(in: screen.keyContext(app.context), role: app.context.role)
        // The hint bar's one or two rows.
        if let first = hints.first { #expect((h.row(22) + h.row(23)).contains(first.key), "\(s.name): \(h.row(22))\n\(h.row(23))") }
    }
}
