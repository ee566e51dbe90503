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

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @OptionGroup var out: OutputOptions

    @Flag(help: "Only contacts of interviews a lead approved: what follow-up calls.")
    var approvedOnly = false

    /// The columns follow the contact record of domain.md (Go.Data, SORMAS, SILACAK).
    static let columns = ["contact_id", "case_id", "name", "nik", "phone", "sex", "age", "relationship",
                          "first_exposure", "last_exposure", "criterion", "classification",
                          "quarantine_end", "follow_up_status", "filed_by", "filed_at",
                          "approved_by", "approved_at"]

    func validate() throws { try out.check(csv: format == .csv) }

    func run() throws {
        let desk = try openDesk(journal)
        let contacts = desk.cases.values.filter { !approvedOnly || $0.status == .approved }.flatMap { file in
            file.contacts.map { (contact: $0, file: file) }
        }
        let rows: [[String]] = contacts.map { k, file in
            return [k.contactId, k.caseId, k.name, k.nik ?? "", k.phone ?? "", k.sex.rawValue,
                    k.age.map(String.init) ?? "", k.relationship?.rawValue ?? "",
                    k.firstExposure?.iso ?? "", k.lastExposure?.iso ?? "", k.criterion?.rawValue ?? "",
                    k.isClose ? "close" : "not_close", k.quarantineEnd?.iso ?? "",
                    file.status == .awaitingReview ? "awaiting_review" : file.status.rawValue,
                    file.filedBy ?? "", file.filedAt.map { Timestamp.format($0) } ?? "",
                    file.status == .approved ? file.reviewedBy ?? "" : "",
                    file.status == .approved ? file.reviewedAt.map { Timestamp.format($0) } ?? "" : ""]
        }
        switch format {
        case .csv:
            // Phones as the international number's digits (see Phone.exportForm); JSON keeps +62….
            let phone = ExportContacts.columns.firstIndex(of: "phone")!
            try out.csv(header: ExportContacts.columns, rows: rows.map { r in
                var r = r
                r[phone] = Phone.exportForm(r[phone])
                return r
            })
        case .json: try out.emit(jsonData(rows.map { Dictionary(uniqueKeysWithValues: zip(ExportContacts.columns, $0)) }))
        }
    }
}
