import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

@Suite struct KeymapTests {
    @Test func defaultsServeArrowAndViUsers() {
        let k = Keymap.defaults
        #expect(k.action(for: .down, in: .queue) == .moveDown)
        #expect(k.action(for: .char("j"), in: .queue) == .moveDown)
        #expect(k.action(for: .char("G"), in: .queue) == .last)
        #expect(k.action(for: .ctrl("c"), in: .caseFile) == .quit) // global
    }

    @Test func swappingTwoActionsWorksAndHelpShowsIt() {
        var k = Keymap()
        let problems = k.apply("# swap search and scope\nbind queue m search\nbind queue / cycle-scope\n", file: "keys")
        #expect(problems.isEmpty)
        #expect(k.action(for: .char("m"), in: .queue) == .search)
        #expect(k.action(for: .char("/"), in: .queue) == .cycleScope)
        #expect(k.hints(in: .queue).contains { $0.key == "m" && $0.text == "search" })
        let help = HelpScreen(context: .queue).lines(k, width: 200).map(\.0)
        #expect(help.contains { $0.hasPrefix("  m ") && $0.contains("Search by case id") })
    }

    @Test func problemsNameFileAndLine() {
        var k = Keymap()
        let problems = k.apply("""
            bind queue o open-case
            bind qeueu o open-case
            bind queue Hyper-x open-case
            bind queue o fly
            bind queue o help
            bind case x cycle-scope
            rebind queue o
            """, file: "keys")
        #expect(problems.map(\.description) == [
            "keys:2: unknown context \"qeueu\" (\(Context.allCases.map(\.rawValue).joined(separator: ", ")))",
            "keys:3: unknown key \"Hyper-x\"",
            "keys:4: unknown action \"fly\"",
            "keys:5: o in queue is already bound to open-case on line 1; this line wins",
            "keys:6: action \"cycle-scope\" does not apply in case",
            "keys:7: expected \"bind CONTEXT KEY ACTION\" or \"unbind CONTEXT KEY\"",
        ])
        #expect(k.action(for: .char("o"), in: .queue) == .help)
    }

    @Test func unbindingTheOnlyKeyOfAnActionIsReported() {
        var k = Keymap()
        let problems = k.apply("unbind case c\n", file: "keys")
        #expect(k.action(for: .char("c"), in: .caseFile) == nil)
        #expect(problems.map(\.message) == ["action log-call has no key left in case"])
    }

    @Test func theDeskUsesTheUserKeys() {
        var k = Keymap()
        _ = k.apply("bind queue o open-case\nunbind queue Enter\n", file: "keys")
        let terminal = MemoryTerminal()
        let store = MemoryEventStore(events: smallQueue())
        let app = DeskApp(desk: Desk(replaying: try! store.readAll()), tracer: "tracer-01", now: now, keymap: k)
        let loop = DeskLoop(terminal: terminal, store: store, app: app, clock: { now })
        terminal.type(.enter)
        loop.drain()
        #expect(terminal.screen[0].contains("tracer-01 · waiting"))
        terminal.type(.char("o"))
        loop.drain()
        #expect(terminal.screen[0].contains("Case C-CB"))
    }
}
