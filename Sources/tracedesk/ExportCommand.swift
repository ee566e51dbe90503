import ArgumentParser
import Foundation
import TracedeskCore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export what was filed.", // not shown: command name, --help text (ArgumentParser)
        subcommands: [ExportContacts.self, ExportFHIR.self, ExportChains.self])
}

struct ExportContacts: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts", // not shown: command name, --help text (ArgumentParser)
        abstract: "Close contacts filed by interviews, for follow-up (none until interviews are filed).") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Option(help: "csv, json or jsonl.") // not shown: command name, --help text (ArgumentParser)
    var format: ExportFormat = .csv

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case csv, json, jsonl }

    @OptionGroup var out: OutputOptions

    @Flag(help: "Only contacts follow-up calls: of interviews a lead approved, or filed where the team turned review off.") // not shown: command name, --help text (ArgumentParser)
    var approvedOnly = false

    /// The columns follow the contact record of domain.md (Go.Data, SORMAS, SILACAK).
    static let columns = ["contact_id", "case_id", "name", "nik", "phone", "sex", "age", "relationship", // not shown: the export's column names
                          "first_exposure", "last_exposure", "criterion", "classification", // not shown: the export's column names
                          "quarantine_end", "follow_up_status", "filed_by", "filed_at", // not shown: the export's column names
                          "approved_by", "approved_at", "person_id", "person_cases", "person_quarantine_end", "person_follow_up"] // not shown: the export's column names

    func validate() throws { try out.check(csv: format == .csv) }

    func run() throws {
        // Every filed contact is written out: the filings are read whole.
        let desk = try openDesk(journal, filings: .whole)
        let clock = try ConfigLoader.load().settings.clock
        let contacts = desk.cases.values.filter { !approvedOnly || desk.contactsGoToFollowUp($0) }.flatMap { file in
            file.contacts.map { (contact: $0, file: file) }
        }
        let csv = format == .csv
        let today = clock.day(of: try TestClock.fromEnvironment()())
        let people = desk.personSummaries(today: today)
        let rows: [[Cell]] = contacts.map { k, file in
            let approved = file.status == .approved
            // One person named by several cases: the same person_id, every case, one end.
            let p = people[k.contactId] ?? desk.personSummary(ofContact: k.contactId, today: today)
            return [.text(k.contactId), .text(k.caseId), .text(k.name), .optional(k.nik),
                    // Phones as the international number's digits in CSV (see Phone.exportForm); JSON keeps +62….
                    .optional(k.phone.map { csv ? Phone.exportForm($0) : $0 }), .text(k.sex.rawValue),
                    .optional(k.age), .optional(k.relationship?.rawValue),
                    .day(k.firstExposure), .day(k.lastExposure), .optional(k.criterion?.rawValue),
                    .text(k.isClose ? "close" : "not_close"), .day(k.quarantineEnd), // not shown: a value in the export's data, a code
                    // Review turned off: filed contacts are followed up from filing, not awaiting anyone.
                    .text(file.status != .awaitingReview ? file.status.rawValue : desk.contactsGoToFollowUp(file) ? "filed_no_review" : "awaiting_review"), // not shown: a value in the export's data, a code
                    .optional(file.filedBy), .time(file.filedAt, clock),
                    approved ? .optional(file.reviewedBy) : .null, approved ? .time(file.reviewedAt, clock) : .null,
                    .optional(p?.personId), .optional(p?.caseIds.joined(separator: ";")), .day(p?.quarantineEnd),
                    // An exposure still awaiting review is not in the follow-up: its status would
                    // contradict that row (a new exposure after "completed").
                    .optional(p?.exposureAwaitingReview == true ? "awaiting_review" : p?.followUp?.rawValue)] // not shown: a value in the export's data, a code
        }
        let data = DataRows(keys: ExportContacts.columns, rows: rows)
        switch format {
        case .csv: try out.emit(data.data(.csv, excel: out.excel), name: "contacts.csv") // not shown: the export's file name, suggested for a folder
        case .json: try out.emit(data.data(.json, excel: false), name: "contacts.json") // not shown: the export's file name, suggested for a folder
        case .jsonl: try out.emit(data.data(.jsonl, excel: false), name: "contacts.jsonl") // not shown: the export's file name, suggested for a folder
        }
    }
}

struct ExportFHIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fhir", // not shown: command name, --help text (ArgumentParser)
        abstract: "The cases and their close contacts as a FHIR R4 Bundle (JSON), for the national system.", // not shown: command name, --help text (ArgumentParser)
        discussion: "Patient for each case and close contact (NIK under \(FHIRBundle.nikSystem)), RelatedPerson linking a contact to the case, an Observation of each exposure with its dates, setting and quarantine end. See the README's Export section.") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Flag(help: "Only cases whose interview a lead approved.") // not shown: command name, --help text (ArgumentParser)
    var approvedOnly = false

    // No CSV: `--excel` is not offered.
    @OptionGroup var out: FileOutputOptions

    func run() throws {
        // The contacts are in the filings: read whole.
        let desk = try openDesk(journal, filings: .whole)
        let cases = desk.cases.values.filter { !approvedOnly || desk.contactsGoToFollowUp($0) }
        // One Patient per person: a contact who is a case, or named by two cases, is one.
        try out.emit(FHIRBundle.data(cases: cases, person: { desk.fhirPerson(caseId: $0, contactId: $1) },
                                             sameCase: { desk.personCase(of: $0) }), name: "fhir.json") // not shown: the export's file name, suggested for a folder
    }
}
