import ArgumentParser
import Foundation
import TracedeskCore

/// `tracedesk export chains`: every transmission chain follow-up knows, for other tools.
struct ExportChains: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chains", // not shown: command name, --help text (ArgumentParser)
        abstract: "Transmission chains: each case, its close contacts and the cases they became (json; csv or jsonl a row per contact; dot for Graphviz).") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Option(help: "json, jsonl, csv or dot.") // not shown: command name, --help text (ArgumentParser)
    var format: Format = .json

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, jsonl, csv, dot }

    @OptionGroup var out: OutputOptions

    /// The edges' columns, as every export names them (snake_case; `follow_up_status` as
    /// `export contacts` has it).
    static let columns = ["index_case", "source_case", "contact_id", "person_id", "name", // not shown: the export's column names
                          "follow_up_status", "became_case", "already_case", "depth"] // not shown: the export's column names

    func validate() throws { try out.check(csv: format == .csv) }

    func run() throws {
        let desk = try openDesk(journal, filings: .inShort)
        let today = try ConfigLoader.load().settings.clock.day(of: TestClock.fromEnvironment()())
        let chains = desk.chains(today: today)
        let name = "chains." + format.rawValue // not shown: the export's file name, suggested for a folder
        switch format {
        case .dot: try out.emit(Data(Desk.dot(chains).utf8), name: name)
        case .json:
            // One key style for every export's JSON (snake_case), as `export contacts` writes.
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            enc.keyEncodingStrategy = .convertToSnakeCase
            try out.emit(try enc.encode(chains) + Data("\n".utf8), name: name)
        case .csv, .jsonl:
            // A row an edge: the tree laid flat, through the one CSV writer and JSON's rows.
            let rows = DataRows(keys: Self.columns, rows: Desk.edges(of: chains).map { e in
                [.text(e.indexCase), .text(e.sourceCase), .text(e.contactId), .text(e.personId), .text(e.name),
                 .optional(e.followUp), .optional(e.becameCase), .optional(e.alreadyCase), .int(e.depth)]
            })
            try out.emit(try rows.data(format == .csv ? .csv : .jsonl, excel: out.excel), name: name)
        }
    }
}
