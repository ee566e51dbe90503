import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskServer

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        abstract: "Load the lab's line list (CSV) into the queue: every row, or none.", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        discussion: """
        Columns: \(LineList.columns.joined(separator: ", ")), or the names labs give them \
        (Kode Sampel, Nama Pasien, NIK, No HP, JK, Umur, Tgl Hasil, Tgl Onset, Alamat, …); \
        --map FILE names the rest. Separators , ; or tab are read from the header. The same \
        cumulative list can come again: known rows are skipped, rows that differ are listed as \
        corrections. See the README's Import section and examples/line-list.csv.
        """)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Argument(help: ArgumentHelp("The line list, UTF-8 CSV with a header row.", valueName: "file.csv")) // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var file: String

    @Flag(name: .long, help: "Check the file and report; write nothing.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Who is importing (default: $TRACEDESK_TRACER, else lab-import).", valueName: "id")) // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var tracer: String?

    @Option(name: .long, help: ArgumentHelp("Column map: one 'their column = our field' a line.", valueName: "file")) // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var map: String?

    @Option(name: .long, help: ArgumentHelp("The separator between fields: , ; | or tab (default: read from the header).", valueName: "sep")) // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var delimiter: String?

    @Flag(name: .long, help: "Apply the corrections the list makes to known cases (else they are listed, and asked about on a terminal).") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var applyCorrections = false

    @Flag(name: .long, help: "Link each new case to the person it is by NIK: a known contact, or a case under another id (listed first; else asked on a terminal).") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var link = false

    @Flag(name: .customLong("keep-apart"), help: "Keep apart every new case that has the NIK of someone known, recording that it was looked at.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var keepApart = false

    var separator: Unicode.Scalar? {
        switch delimiter {
        case nil: nil
        case ",", "comma": ","
        case ";", "semicolon": ";"
        case "\t", "\\t", "tab": "\t"
        case "|", "pipe": "|"
        default: nil
        }
    }

    func validate() throws {
        if link && keepApart { throw ValidationError(L("--link and --keep-apart: choose one")) }
    }

    func run() throws {
        // A value the option does not take: one line and exit 1, as `--format xml` has.
        if let delimiter, separator == nil {
            throw DataError(L("--delimiter does not take \"\(delimiter)\"; it takes \",\", \";\", \"|\" or tab"))
        }
        var columnMap: [String: String] = [:]
        var mapLines: [String: (line: Int, written: String)] = [:]
        if let map {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: map, isDirectory: &isFolder), isFolder.boolValue {
                throw DataError(L("\(map): is a folder, not a column map"), code: DataError.noInput)
            }
            guard let mapData = FileManager.default.contents(atPath: map) else {
                throw DataError(L("\(map): cannot read the column map (does it exist?)"), code: DataError.noInput)
            }
            // Said as a line list's is: what is wrong with the file, not a guess that it is missing.
            guard let mapText = String(data: mapData, encoding: .utf8) else {
                let place = UTF8Place.firstInvalid(in: [UInt8](mapData)) ?? UTF8Place(line: 1, character: 1)
                throw DataError(L("\(map):\(place.line): is not UTF-8 text (at character \(place.character) of the line); save the column map as UTF-8"), code: DataError.dataErr)
            }
            let (m, problems, lines) = LineList.parseMap(mapText, file: map)
            mapLines = lines
            if !problems.isEmpty {
                // Said as a line list's problems are: one a line, then how many, nothing read.
                for p in problems { Say.err(p.description + "\n") }
                Say.err(L("\(problems.count) problem(s) in the column map; nothing was imported.") + "\n")
                throw ExitCode(DataError.dataErr)
            }
            columnMap = m
        }
        let server = try journal.server()
        let path = try server?.displayName ?? journal.pathToWrite()
        // A journal not there yet is made only when there is something to write in it: a dry
        // run, a list refused or a file that cannot be read leave nothing behind.
        var existing = stat()
        let store: EventStore?
        let desk: Desk
        // With the team, as the desk replays: a lead's corrections count, and the list's
        // values are compared with the record as it stands. On the server it is the server's
        // team; a file journal's is the team file beside it.
        let team: Team?
        do {
            // On the server, the data role's login imports; the server routes each case to
            // the team of its kecamatan.
            store = try server.map { try openServer($0) } ?? (lstat(path, &existing) == 0 ? FileJournal(path: path, access: .write) : nil)
            if let pg = store as? PostgresStore {
                team = try pg.team()
            } else {
                team = try loadTeam(journal: path)
            }
            desk = try store?.replay(team: team) ?? Desk(team: team)
        } catch let e as JournalError {
            throw DataError(e, writing: true)
        } catch let e as ServerError {
            throw DataError(e)
        }
        // The test clock (TRACEDESK_NOW, tests only) stamps an import as it stamps the desk's events.
        let clockNow = try TestClock.fromEnvironment()
        let today = try ConfigLoader.load().settings.clock.day(of: clockNow())
        let cases = desk.cases
        let list = LineList(fileName: file, today: today, known: { cases[$0]?.record }, labValues: { cases[$0]?.labValues ?? [:] },
                            columnMap: columnMap, delimiter: separator)
        var parsed = try readAndParse(list)
        func say(_ s: String) { Say.err(s + "\n") }
        if !parsed.ignoredColumns.isEmpty {
            say(L("\(file): ignored columns (no field of ours): \(parsed.ignoredColumns.map { "\"\($0)\"" }.joined(separator: ", "))"))
        }
        if let map {
            // A map line naming no column of this file: a typo there would leave the lab's own
            // column ignored (listed above). Said, not refused: one map may serve several labs.
            let present = Set(parsed.columnsWritten.map(LineList.normalise))
            for (column, at) in mapLines.sorted(by: { $0.value.line < $1.value.line }) where !present.contains(column) {
                say(L("\(map):\(at.line): no column \"\(at.written)\" in \(file); this line was not used"))
            }
        }
        if !parsed.problems.isEmpty {
            for p in parsed.problems { say(p.description) }
            let more = parsed.problems.count >= LineList.maxProblems ? L(" (showing the first \(LineList.maxProblems))") : ""
            say(L("\(parsed.problems.count) problem(s)\(more); nothing was imported."))
            throw ExitCode(DataError.dataErr)
        }
        for c in parsed.corrections where !c.changes.isEmpty {
            say(L("\(file):\(c.line): correction of \(c.caseId): \(c.changes.map { "\(parsed.header(of: $0.field)) \"\($0.from)\" → \"\($0.to)\"" }.joined(separator: "; "))"))
        }
        // A lead's correction is never overwritten by the lab: the two values are shown.
        let conflicts = parsed.corrections.reduce(0) { $0 + $1.conflicts.count }
        for c in parsed.corrections {
            for x in c.conflicts {
                say(L("\(file):\(c.line): conflict in \(c.caseId): \(parsed.header(of: x.field)): the lab sends \"\(x.to)\", corrected at the desk to \"\(x.from)\"; the desk's correction stands (a lead takes the lab's with: tracedesk correct \(c.caseId) --set \(x.field)=…)"))
            }
        }
        // One person, one record: rows that are someone known by NIK, and two rows of one NIK.
        let people = ImportPeople.find(parsed.records, lines: parsed.recordLines, in: desk)
        for m in people.messages(file: file) { say(m) }
        var linkPeople = link
        if people.needsDecision && !link && !keepApart {
            if !dryRun && isatty(0) != 0 {
                Say.err(L("\(people.known.count + people.sameNIK.count) person match(es): l links each case to the person it matched (a contact, or a case under another id), k keeps them apart, anything else imports nothing: "))
                switch (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
                case "l": linkPeople = true
                case "k": linkPeople = false
                default:
                    say(L("Nothing was imported."))
                    throw ExitCode(DataError.dataErr)
                }
            } else if !dryRun {
                say(L("\(people.known.count + people.sameNIK.count) person match(es) above; nothing was imported. Run again with --link (each case is the person it matched) or --keep-apart (they are different people)."))
                throw ExitCode(DataError.dataErr)
            }
        }
        let actor = (store as? PostgresStore)?.identity.id ?? tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"].flatMap { $0.isEmpty ? nil : $0 } ?? "lab-import" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        // Applying the lab's corrections changes records, as `tracedesk correct` does: a team
        // lead's or the data person's to do where there is a team file (the server decides by
        // the login's role itself). Anyone may still bring the list's new cases in.
        let role = team?.role(of: actor)
        let mayCorrect = store is PostgresStore || team == nil || role == .lead || role == .data
        let correcting = parsed.corrections.contains(where: { !$0.changes.isEmpty })
        if correcting && applyCorrections && !mayCorrect && !dryRun {
            // A refusal, said as every other: one `tracedesk:` line. Told to say who they are
            // only when they did not (the lab's name stood in): a tracer who did is told no.
            throw DataError(actor == "lab-import" // not shown: the lab's actor name
                ? L("\(actor) may not apply the list's corrections: a team lead or the data person does, as with tracedesk correct; say who you are with --tracer ID. Nothing was imported.")
                : L("\(actor) may not apply the list's corrections: a team lead or the data person does, as with tracedesk correct. Nothing was imported."))
        }
        var apply = applyCorrections
        if correcting && !apply && mayCorrect && !dryRun && isatty(0) != 0 {
            Say.err(L("Apply \(parsed.corrections.count) correction(s)? [y/N] "))
            let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            apply = ["y", "ya", "yes"].contains(answer) // not shown: answers read, not shown
        }
        let corrected = parsed.corrections.filter { !$0.changes.isEmpty }.count
        let counts = server == nil
            ? L("\(parsed.records.count) new, \(parsed.unchanged) already in the journal unchanged, \(corrected) correction(s), \(conflicts) conflict(s) with a correction at the desk")
            : L("\(parsed.records.count) new, \(parsed.unchanged) already on the server unchanged, \(corrected) correction(s), \(conflicts) conflict(s) with a correction at the desk")
        if dryRun {
            let valid = parsed.records.count + parsed.unchanged + parsed.corrections.count
            Say.out(L("\(file): \(valid) valid case(s) (\(counts)); nothing was written (--dry-run)."))
            return
        }
        // A conflict is never the import's to apply, so listing it is the whole of what the data
        // person can do with it: it is recorded as seen (the history says the lab differs, for
        // the lead) and not listed again until the lab sends yet another value. Corrections not
        // applied are still pending and are listed again.
        let corrections = apply ? parsed.corrections
            : parsed.corrections.compactMap { c in
                var seen = c
                seen.changes = []
                return c.conflicts.isEmpty ? nil : seen
            }
        // The data person's decisions are theirs, attributed: someone on the team.
        let decisions = people.needsDecision ? people.events(link: linkPeople) : []
        if !decisions.isEmpty, let team, team.member(actor) == nil {
            throw DataError(L("\(actor) is not in the team: linking or keeping people apart is a team member's decision; say who you are with --tracer ID. Nothing was imported."), code: DataError.dataErr)
        }
        let now = clockNow()
        let batch = EventID.make(at: now).rawValue
        let newCount = parsed.records.count
        // Each new case becomes its event as the journal writes it, and is not kept: a city's
        // list as events beside its rows held them twice (100,000 rows: 25 MB of records, 44 MB
        // of events).
        let records = parsed.records
        parsed.records = []
        if !records.isEmpty || !corrections.isEmpty || !decisions.isEmpty {
            do {
                let writer = try store ?? FileJournal(path: path, access: .write)
                try writer.transact(streaming: { seen, emit in
                    // Another clerk may have imported the same cases while we were checking.
                    var current = desk
                    current.apply(contentsOf: seen)
                    if let clash = records.first(where: { current.cases[$0.caseId] != nil }) {
                        throw DataError(L("\(file): case \(clash.caseId) was imported by someone else just now; nothing was imported. Run the import again."))
                    }
                    for r in records {
                        try emit(Event(id: EventID.make(at: now), timestamp: now, actor: actor, body: .caseImported(ImportedCase(record: r, batch: batch))))
                    }
                    // A correction says what changes from the record as it stands now.
                    let fixes: [CaseCorrection] = corrections.compactMap { c in
                        guard let held = current.cases[c.caseId]?.record, let wanted = desk.cases[c.caseId]?.record.applying(c.changes) else { return nil }
                        let changes = held.changes(to: wanted)
                        // A conflict is kept in the history, not applied: the desk's value stands.
                        let still = c.conflicts.filter { held.value(of: $0.field) == $0.from }
                        return changes.isEmpty && still.isEmpty ? nil
                            : CaseCorrection(caseId: c.caseId, changes: changes, source: "\((file as NSString).lastPathComponent):\(c.line)", conflicts: still) // not shown: a file name and line number
                    }
                    // The corrections and the commit after the cases, as Desk.importEvents orders them.
                    for body in Desk.importEvents([], corrections: fixes, batch: batch) {
                        var body = body
                        if case .importCommitted = body { body = .importCommitted(ImportCommit(batch: batch, count: newCount)) }
                        try emit(Event(id: EventID.make(at: now), timestamp: now, actor: actor, body: body))
                    }
                    // After the commit: a decision about a case the commit made.
                    for body in decisions {
                        try emit(Event(id: EventID.make(at: now), timestamp: now, actor: actor, body: body))
                    }
                })
            } catch let e as JournalError {
                throw DataError(e, writing: true)
            } catch let e as ServerError {
                // A refusal about one case (its id taken, its kecamatan no team's) names its row.
                if let id = e.caseId, let i = records.firstIndex(where: { $0.caseId == id }), i < parsed.recordLines.count {
                    throw DataError(e, message: L("\(file):\(parsed.recordLines[i]): nothing was imported: \(e.description)"))
                }
                throw DataError(e, message: L("\(file): nothing was imported: \(e.description)"))
            }
        }
        Say.out(server == nil ? L("Imported \(newCount) case(s) from \(file) into \(path).")
                            : L("Imported \(newCount) case(s) from \(file) and sent them to the server \(path)."))
        Say.out(counts + ".")
        if corrected > 0 {
            if apply {
                Say.out(L("\(corrected) correction(s) applied, each an event in the case's history."))
            } else {
                say(L("\(corrected) correction(s) NOT applied (listed above); run again with --apply-corrections to apply."))
            }
        }
        if conflicts > 0 {
            say(L("\(conflicts) conflict(s) kept in the cases' history; the desk's corrections stand, and the lab's value is not listed again unless it changes."))
        }
        if !decisions.isEmpty {
            Say.out(linkPeople ? L("\(decisions.count) person match(es) linked, each an event by \(actor).")
                             : L("\(decisions.count) person match(es) kept apart, each an event by \(actor)."))
        }
    }
}

extension ImportCommand {
    /// The file read and parsed; its bytes are let go on return (a city's list is 19 MB, held
    /// twice while it is read as text).
    func readAndParse(_ list: LineList) throws -> LineList.Parsed {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            throw DataError(L("\(file): is a folder, not a line list"), code: DataError.noInput)
        }
        var data = FileManager.default.contents(atPath: file)
        guard let size = data?.count else {
            throw DataError(L("\(file): cannot read the file (does it exist?)"), code: DataError.noInput)
        }
        guard let text = String(data: data!, encoding: .utf8) else {
            throw DataError(notUTF8([UInt8](data!)), code: DataError.dataErr)
        }
        data = nil
        let progress = Progress(total: size)
        defer { progress.finish() }
        return list.parse(text) { rows, bytes in progress.show(rows: rows, bytes: bytes) }
    }

    /// Where the list stops being UTF-8, as a problem in it is said: `FILE:LINE: column:`,
    /// the column as the header names it when the header itself reads.
    func notUTF8(_ bytes: [UInt8]) -> String {
        guard let place = UTF8Place.firstInvalid(in: bytes) else { return "" }
        var column = "file" // not shown: the slot of a problem with the whole file, as before
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if place.line > 1, let headerEnd = body.firstIndex(where: { $0 == 10 || $0 == 13 }),
           let header = String(bytes: body[..<headerEnd], encoding: .utf8) {
            let d = separator ?? LineList.detectDelimiter(Substring(header).utf8)
            let delimiter = UInt8(d.value)
            let names = LineList.headerNames(header, delimiter: d)
            let i = place.field(in: bytes, delimiter: delimiter)
            if names.indices.contains(i), !names[i].isEmpty { column = names[i] }
        } else if place.line == 1 {
            column = L("header")
        }
        return L("\(file):\(place.line): \(column): is not UTF-8 text (at character \(place.character) of the line); save it from the spreadsheet as \"CSV UTF-8\"")
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
        FileHandle.standardError.write(Data(L("\rChecked \(rows) row(s) (\(pct)%)").utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
