import ArgumentParser
import Foundation
import TracedeskCore

/// `tracedesk export chains`: every transmission chain follow-up knows, for other tools.
struct ExportChains: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains", // not shown: command name, --help text (ArgumentParser)
        abstract: "Transmission chains: each case, its close contacts and the cases they became (json, or dot for Graphviz).") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Option(help: "json or dot.") // not shown: command name, --help text (ArgumentParser)
    var format: Format = .json

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, dot }

    @OptionGroup var out: OutputOptions

    func validate() throws { try out.check(csv: false) }

    func run() throws {
        let desk = try openDesk(journal, filings: .inShort)
        let today = try ConfigLoader.load().settings.clock.day(of: TestClock.fromEnvironment()())
        let chains = desk.chains(today: today)
        switch format {
        case .dot: try out.emit(Data(Desk.dot(chains).utf8))
        case .json:
            // One key style for every export's JSON (snake_case), as `export contacts` writes.
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            enc.keyEncodingStrategy = .convertToSnakeCase
            try out.emit(try enc.encode(chains) + Data("\n".utf8))
        }
    }
}
