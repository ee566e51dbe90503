import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// A lead (or the team's data person, who has the lead's role) fixes a case record: a wrong
/// phone, a misspelt name. Written as a case.corrected event, the same kind a lab's list
/// writes; the record as imported stays in the journal.
struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct", // not shown: command name, --help text (ArgumentParser)
        abstract: "Correct a case's record (a team lead): e.g. tracedesk correct DKI-1 --set phone=0812-1111-2222 --reason 'the patient gave a new number'", // not shown: command name, --help text (ArgumentParser)
        discussion: "Fields: \(CaseRecord.correctableFields.joined(separator: ", ")). The change is an event in the case's history, with who made it and why.") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Argument(help: "The case id.") // not shown: command name, --help text (ArgumentParser)
    var caseId: String

    @Option(name: .customLong("set"), help: ArgumentHelp("field=value, as the line list writes it (repeatable).", valueName: "field=value")) // not shown: command name, --help text (ArgumentParser)
    var changes: [String] = []

    @Option(help: "Why: kept with the correction.") // not shown: command name, --help text (ArgumentParser)
    var reason: String

    @Option(name: .long, help: ArgumentHelp("A filed contact of the case whose exposure to correct (--set last_exposure=DATE): their quarantine end is recomputed.", valueName: "contact-id")) // not shown: command name, --help text (ArgumentParser)
    var contact: String?

    @OptionGroup var actor: TeamActor

    func validate() throws {
        if changes.isEmpty { throw ValidationError(L("say what to change: --set field=value")) }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(L("give a reason (--reason)")) }
    }

    func run() throws {
        // A reason is a note: no longer than the desk's note field and the server take. Said
        // here, not in validate(), which ArgumentParser prefixes with "Error:".
        if reason.unicodeScalars.count > EventLimit.note.value {
            throw DataError(L("--reason is \(reason.unicodeScalars.count) characters long; a reason holds at most \(EventLimit.note.value)"))
        }
        try journal.fileOnly("correct") // not shown: command name, --help text (ArgumentParser)
        let path = try journal.pathToWrite()
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(L("no journal at \(path) yet; import a line list first (tracedesk import FILE.csv)"), code: DataError.noInput)
        }
        guard let who = actor.id else {
            throw DataError(L("say who you are with --tracer ID (or TRACEDESK_TRACER); only a team lead or the data person may correct a record"))
        }
        let team = try loadTeam(journal: path)
        // The test clock (tests only) is "today" here as for import: a future date is refused.
        let now = try TestClock.fromEnvironment()()
        let today = try ConfigLoader.load().settings.clock.day(of: now)
        let store: FileJournal
        do { store = try FileJournal(path: path) } catch let e as JournalError { throw DataError(e, writing: true) }
        var written: [FieldChange] = []
        do {
            try store.transact { seen in
                var desk = try store.replay(team: team)
                desk.apply(contentsOf: seen)
                guard let held = desk.cases[caseId]?.record else { throw DataError(L("no case \(caseId)"), code: DataError.dataErr) }
                // Who may correct is asked before what the record holds: a tracer who types
                // the value already there is refused, not told "nothing was written".
                let probe = EventBody.caseCorrected(CaseCorrection(caseId: caseId, changes: [], reason: reason, contactId: contact))
                if let refusal = desk.refusal(probe, by: who) { throw DataError(refusal) }
                if let contact {
                    written = try exposureChanges(contact, in: desk, today: today)
                    guard !written.isEmpty else { return [] }
                    let body = EventBody.caseCorrected(CaseCorrection(caseId: caseId, changes: written, reason: reason, contactId: contact))
                    if let refusal = desk.refusal(body, by: who) { throw DataError(refusal) }
                    return [Event(id: EventID.make(at: now), timestamp: now, actor: who, body: body)]
                }
                var wanted = held
                for change in changes {
                    guard let eq = change.firstIndex(of: "=") else { throw DataError(L("--set \(change): use field=value")) }
                    let field = String(change[..<eq]).trimmingCharacters(in: .whitespaces)
                    let value = String(change[change.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                    guard CaseRecord.correctableFields.contains(field) else {
                        throw DataError(L("--set \(field): not a field; use one of \(CaseRecord.correctableFields.joined(separator: ", "))"))
                    }
                    // The one check import makes of the same field, with its messages.
                    let checked = CaseFields.check(field, value, today: today)
                    if let why = checked.problems.first { throw DataError(L("--set \(field): \(why)")) }
                    guard wanted.set(field, to: checked.text) else {
                        let shown = field == "nik" || field == "phone" ? Masked.identifier(value) : value
                        throw DataError(L("--set \(field)=\(shown): not a value this field takes"))
                    }
                }
                if let p = CaseFields.problems(of: wanted).first { throw DataError(L("--set \(p.field): \(p.message)")) }
                written = held.changes(to: wanted)
                guard !written.isEmpty else { return [] }
                let body = EventBody.caseCorrected(CaseCorrection(caseId: caseId, changes: written, reason: reason))
                if let refusal = desk.refusal(body, by: who) { throw DataError(refusal) }
                return [Event(id: EventID.make(at: now), timestamp: now, actor: who, body: body)]
            }
        } catch let e as JournalError {
            throw DataError(e, writing: true)
        }
        if let contact, !written.isEmpty {
            Say.out(L("\(caseId) contact \(contact) corrected by \(who): \(written.map { "\($0.field) \"\(DateText.drafted($0.from))\" → \"\(DateText.drafted($0.to))\"" }.joined(separator: "; ")); the quarantine end follows from it"))
            return
        }
        if written.isEmpty {
            Say.out(L("\(caseId): the record already says that; nothing was written."))
        } else {
            Say.out(L("\(caseId) corrected by \(who): \(written.map { "\($0.field) \"\(DateText.drafted($0.from))\" → \"\(DateText.drafted($0.to))\"" }.joined(separator: "; "))"))
        }
    }

    /// The exposure dates of a contact under follow-up that `--set` changes.
    func exposureChanges(_ contact: String, in desk: Desk, today: Day) throws -> [FieldChange] {
        guard let f = desk.person(ofContact: contact), let e = f.exposures.first(where: { $0.contactId == contact && $0.caseId == caseId }) else {
            throw DataError(L("contact \(contact) of case \(caseId) is not under follow-up"), code: DataError.dataErr)
        }
        var out: [FieldChange] = []
        for change in changes {
            guard let eq = change.firstIndex(of: "=") else { throw DataError(L("--set \(change): use field=value")) }
            let field = String(change[..<eq]).trimmingCharacters(in: .whitespaces)
            let value = String(change[change.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
            guard field == CaseCorrection.lastExposureField else {
                throw DataError(L("--set \(field): a contact's correction takes \(CaseCorrection.lastExposureField)"))
            }
            let (day, why) = CaseFields.date(value, today: today)
            if let why { throw DataError(L("--set \(field): \(why)")) }
            guard let day else { throw DataError(L("--set \(field): is empty")) }
            let from = e.lastExposure?.iso ?? ""
            if from != day.iso { out.append(FieldChange(field: field, from: from, to: day.iso)) }
        }
        return out
    }
}
