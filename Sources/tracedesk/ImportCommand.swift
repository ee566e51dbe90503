import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load the lab's line list (CSV) into the queue: every row, or none.",
        discussion: "Columns: \(LineList.columns.joined(separator: ", ")). See examples/line-list.csv.")

    @OptionGroup var journal: JournalOptions

    @Argument(help: ArgumentHelp("The line list, UTF-8 CSV with a header row.", valueName: "file.csv"))
    var file: String

    @Flag(name: .long, help: "Check the file and report; write nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Who is importing (default: $TRACEDESK_TRACER, else lab-import).", valueName: "id"))
    var tracer: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError(L("\(file): cannot read the file (does it exist?)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError(L("\(file):1: file: is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\""))
        }
        let path = JournalLocation.resolve(flag: journal.journal)
        let store: FileJournal
        let desk: Desk
        do {
            store = try FileJournal(path: path, access: .write)
            desk = try store.replay()
        } catch let e as JournalError {
            throw ValidationError(e.description)
        }
        let today = try ConfigLoader.load().settings.clock.day(of: Date())
        let progress = Progress(total: data.count)
        let parsed = LineList(fileName: file, today: today, existingIds: Set(desk.cases.keys))
            .parse(text) { rows, bytes in progress.show(rows: rows, bytes: bytes) }
        progress.finish()
        if !parsed.problems.isEmpty {
            for p in parsed.problems { FileHandle.standardError.write(Data((p.description + "\n").utf8)) }
            let more = parsed.problems.count >= LineList.maxProblems ? L(" (showing the first \(LineList.maxProblems))") : ""
            FileHandle.standardError.write(Data(L("\(parsed.problems.count) problem(s)\(more); nothing was imported.\n").utf8))
            throw ExitCode(1)
        }
        if dryRun {
            print(L("\(file): \(parsed.records.count) cases are valid; nothing was written (--dry-run)."))
            return
        }
        let actor = tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"] ?? "lab-import"
        let now = Date()
        let batch = EventID.make(at: now).rawValue
        do {
            try store.transact { seen in
                // Another clerk may have imported the same cases while we were checking.
                var current = desk
                current.apply(contentsOf: seen)
                if let clash = parsed.records.first(where: { current.cases[$0.caseId] != nil }) {
                    throw ValidationError(L("\(file): case \(clash.caseId) was imported by someone else just now; nothing was imported. Run the import again."))
                }
                return Desk.importEvents(parsed.records, batch: batch).map {
                    Event(id: EventID.make(at: now), timestamp: now, actor: actor, body: $0)
                }
            }
        } catch let e as JournalError {
            throw ValidationError(e.description)
        }
        print(L("Imported \(parsed.records.count) cases from \(file) into \(path)."))
    }
}

/// "Checked 4,500 rows (45%)" on a terminal, for files large enough to make people wait.
final class Progress {
    let total: Int
    let enabled: Bool
    var shown = false

    init(total: Int) {
        self.total = total
        enabled = isatty(2) != 0 && total > 200_000
    }

    func show(rows: Int, bytes: Int) {
        guard enabled else { return }
        let pct = total > 0 ? min(100, bytes * 100 / total) : 100
        FileHandle.standardError.write(Data(L("\rChecked \(rows) rows (\(pct)%)").utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
