import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// A lead (or the team's data person, who has the lead's role) fixes a case record: a wrong
/// phone, a misspelt name. Written as a case.corrected event, the same kind a lab's list
/// writes; the record as imported stays in the journal.
struct CorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "Correct a case's record (a team lead): e.g. tracedesk correct DKI-1 --set phone=0812-1111-2222 --reason 'the patient gave a new number'",
        discussion: "Fields: \(CaseRecord.correctableFields.joined(separator: ", ")). The change is an event in the case's history, with who made it and why.")

    @OptionGroup var journal: JournalOptions

    @Argument(help: "The case id.")
    var caseId: String

    @Option(name: .customLong("set"), help: ArgumentHelp("field=value, as the line list writes it (repeatable).", valueName: "field=value"))
    var changes: [String] = []

    @Option(help: "Why: kept with the correction.")
    var reason: String

    @OptionGroup var actor: TeamActor

    func validate() throws {
        if changes.isEmpty { throw ValidationError(L("say what to change: --set field=value")) }
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError(L("give a reason (--reason)")) }
    }

    func run() throws {
        try journal.fileOnly("correct")
        let path = JournalLocation.resolve(flag: journal.journal)
        guard FileManager.default.fileExists(atPath: path) else {
            throw DataError(L("no journal at \(path) yet; import a line list first (tracedesk import FILE.csv)"), code: DataError.noInput)
        }
        guard let who = actor.id else {
            throw DataError(L("say who you are with --tracer ID (or TRACEDESK_TRACER); only a team lead may correct a record"))
        }
        let team = try loadTeam(journal: path)
        let store: FileJournal
        do { store = try FileJournal(path: path) } catch let e as JournalError { throw DataError(e.description, code: DataError.dataErr) }
        var written: [FieldChange] = []
        do {
            try store.transact { seen in
                var desk = try store.replay(team: team)
                desk.apply(contentsOf: seen)
                guard let held = desk.cases[caseId]?.record else { throw DataError(L("no case \(caseId)"), code: DataError.dataErr) }
                var wanted = held
                for change in changes {
                    guard let eq = change.firstIndex(of: "=") else { throw DataError(L("--set \(change): use field=value")) }
                    let field = String(change[..<eq]).trimmingCharacters(in: .whitespaces)
                    let value = String(change[change.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                    guard CaseRecord.correctableFields.contains(field) else {
                        throw DataError(L("--set \(field): not a field; use one of \(CaseRecord.correctableFields.joined(separator: ", "))"))
                    }
                    guard wanted.set(field, to: value) else {
                        let shown = field == "nik" || field == "phone" ? Masked.identifier(value) : value
                        throw DataError(L("--set \(field)=\(shown): not a value this field takes"))
                    }
                }
                written = held.changes(to: wanted)
                guard !written.isEmpty else { return [] }
                let body = EventBody.caseCorrected(CaseCorrection(caseId: caseId, changes: written, reason: reason))
                if let refusal = desk.refusal(body, by: who) { throw DataError(refusal) }
                let now = Date()
                return [Event(id: EventID.make(at: now), timestamp: now, actor: who, body: body)]
            }
        } catch let e as JournalError {
            throw DataError(e.description, code: DataError.dataErr)
        }
        if written.isEmpty {
            print(L("\(caseId): the record already says that; nothing was written."))
        } else {
            print(L("\(caseId) corrected by \(who): \(written.map { "\($0.field) \"\($0.from)\" → \"\($0.to)\"" }.joined(separator: "; "))"))
        }
    }
}
