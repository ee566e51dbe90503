import ArgumentParser
import Foundation
import TracedeskCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export what was filed.",
        subcommands: [ExportContacts.self])
}

struct ExportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Close contacts filed by interviews, for follow-up (none until interviews are filed).")

    @OptionGroup var journal: JournalOptions

    @Option(help: "json or csv.")
    var format: ExportFormat = .csv

    enum ExportFormat: String, ExpressibleByArgument { case json, csv }

    /// The columns follow the contact record of domain.md (Go.Data, SORMAS, SILACAK).
    static let columns = ["contact_id", "case_id", "name", "nik", "phone", "sex", "age", "relationship",
                          "first_exposure", "last_exposure", "criterion", "classification",
                          "quarantine_end", "follow_up_status", "filed_by", "filed_at"]

    func run() throws {
        _ = try openDesk(journal)
        // No event files contacts yet: the interview (issue 3) adds them. The shape is final.
        let rows: [[String]] = []
        switch format {
        case .csv: try writeCSV(header: ExportContacts.columns, rows: rows)
        case .json: try printJSON(rows.map { Dictionary(uniqueKeysWithValues: zip(ExportContacts.columns, $0)) })
        }
    }
}
