import ArgumentParser
import Foundation
import TracedeskCore

/// `tracedesk export chains`: every transmission chain follow-up knows, for other tools.
struct ExportChains: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains",
        abstract: "Transmission chains: each case, its close contacts and the cases they became (json, or dot for Graphviz).")

    @OptionGroup var journal: JournalOptions

    @Option(help: "json or dot.")
    var format: Format = .json

    enum Format: String, ExpressibleByArgument { case json, dot }

    func run() throws {
        let desk = try openDesk(journal, filings: .inShort)
        let today = try ConfigLoader.load().settings.clock.day(of: Date())
        let chains = desk.chains(today: today)
        switch format {
        case .dot: print(Desk.dot(chains), terminator: "")
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(chains), as: UTF8.self))
        }
    }
}
