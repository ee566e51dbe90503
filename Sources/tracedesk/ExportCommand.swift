import ArgumentParser
import Foundation
import TracedeskCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export what was filed.",
        subcommands: [ExportContacts.self, ExportChains.self])
}

struct ExportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Close contacts filed by interviews, for follow-up (none until interviews are filed).")

    @OptionGroup var journal: JournalOptions

    @Option(help: "json or csv.")
    var format: ExportFormat = .csv

    enum ExportFormat: String, ExpressibleByArgument { case json, csv }

    @Flag(help: "Only contacts of interviews a lead approved: what follow-up calls.")
    var approvedOnly = false

    /// The columns follow the contact record of domain.md (Go.Data, SORMAS, SILACAK).
    static let columns = ["contact_id", "case_id", "name", "nik", "phone", "sex", "age", "relationship",
                          "first_exposure", "last_exposure", "criterion", "classification",
                          "quarantine_end", "follow_up_status", "filed_by", "filed_at",
                          "approved_by", "approved_at", "person_id", "person_cases", "person_quarantine_end", "person_follow_up"]

    func run() throws {
        // Every filed contact is written out: the filings are read whole.
        let desk = try openDesk(journal, filings: .whole)
        let contacts = desk.cases.values.filter { !approvedOnly || $0.status == .approved }.flatMap { file in
            file.contacts.map { (contact: $0, file: file) }
        }
        let today = try ConfigLoader.load().settings.clock.day(of: Date())
        let rows: [[String]] = contacts.map { k, file in
            // One person named by several cases: the same person_id, every case, one end.
            let p = desk.personSummary(ofContact: k.contactId, today: today)
            return [k.contactId, k.caseId, k.name, k.nik ?? "", k.phone ?? "", k.sex.rawValue,
                    k.age.map(String.init) ?? "", k.relationship?.rawValue ?? "",
                    k.firstExposure?.iso ?? "", k.lastExposure?.iso ?? "", k.criterion?.rawValue ?? "",
                    k.isClose ? "close" : "not_close", k.quarantineEnd?.iso ?? "",
                    file.status == .awaitingReview ? "awaiting_review" : file.status.rawValue,
                    file.filedBy ?? "", file.filedAt.map { Timestamp.format($0) } ?? "",
                    file.status == .approved ? file.reviewedBy ?? "" : "",
                    file.status == .approved ? file.reviewedAt.map { Timestamp.format($0) } ?? "" : "",
                    p?.personId ?? "", p?.caseIds.joined(separator: ";") ?? "", p?.quarantineEnd?.iso ?? "", p?.followUp?.rawValue ?? ""]
        }
        switch format {
        case .csv: try writeCSV(header: ExportContacts.columns, rows: rows.map { $0.map(SpreadsheetSafe.cell) })
        case .json: try printJSON(rows.map { Dictionary(uniqueKeysWithValues: zip(ExportContacts.columns, $0)) })
        }
    }
}

/// A CSV cell that starts with = + - @ (or a tab or carriage return) is run as a formula by
/// spreadsheets; prefixing a quote makes it text (OWASP's advice on CSV injection).
enum SpreadsheetSafe {
    static func cell(_ s: String) -> String {
        guard let first = s.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return s }
        return "'" + s
    }
}
