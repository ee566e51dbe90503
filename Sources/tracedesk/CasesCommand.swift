import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskServer
import TracedeskUI

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv

    var data: DataFormat? {
        switch self {
        case .table: nil
        case .json: .json
        case .jsonl: .jsonl
        case .csv: .csv
        }
    }
}

/// Opens the journal read-only for a report and replays it (up to `before`, when given).
func openDesk(_ options: JournalOptions, filings: FilingDetail = .inShort, before cutoff: Date? = nil) throws -> Desk {
    if let server = try options.server() {
        // The login's teams (the city's, for the data role), as the server shows them.
        let store = try openServer(server)
        do {
            if let t = options.onlyTeam { try store.only(team: t) }
            let team = try store.team()
            let replayed = try cutoff.map { try store.replay(team: team, filings: filings, before: $0) }
                ?? store.replay(team: team, filings: filings, awaitingReview: false)
            sayPassedOver(store.unreadable)
            return replayed
        } catch let e as ServerError { throw DataError(e) }
    }
    let path = JournalLocation.resolve(flag: options.journal)
    guard FileManager.default.fileExists(atPath: path) else {
        throw DataError(L("no journal at \(path) yet; import a line list first (tracedesk import FILE.csv)"), code: DataError.noInput)
    }
    let team = try loadTeam(journal: path)
    do {
        // A listing reads and never repairs: a torn tail stays for the desk or `check --repair`.
        let store = try FileJournal(path: path, access: .read)
        // No review queue is shown here: filings stay in short unless the command asks.
        let replayed = try cutoff.map { try store.replay(team: team, filings: filings, before: $0) }
            ?? store.replay(team: team, filings: filings, awaitingReview: false)
        sayPassedOver(store.passedOver.map { L("journal line \($0)") })
        return replayed
    } catch let e as JournalError {
        throw DataError(e, writing: false)
    }
}

/// Events a report could not read are left out of it, and it says so on stderr: how many and
/// where (team #seq, or the journal's line), never what they hold. What it can read still prints.
func sayPassedOver(_ places: [String]) {
    guard !places.isEmpty else { return }
    let shown = places.prefix(5).joined(separator: ", ") + (places.count > 5 ? ", …" : "")
    Say.err(L("tracedesk: \(places.count) event(s) could not be read and were passed over (\(shown)); what follows is without them.") + "\n")
}

/// The team file beside the journal, if there is one; a bad one stops the command with
/// `FILE: what is wrong` (it decides who may approve, so it is never guessed at).
func loadTeam(journal: String) throws -> Team? {
    OwnFiles.journal = journal
    do {
        return try TeamFile.load(journal: journal)
    } catch {
        throw DataError(error.description, code: DataError.dataErr)
    }
}

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "List the cases in queue order.") // not shown: command name, --help text (ArgumentParser)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("Only this status: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"), // not shown: command name, --help text (ArgumentParser)
            completion: .list(CaseStatus.allCases.map(\.rawValue)))
    var status: String?

    @Option(help: "table, json, jsonl or csv.") // not shown: command name, --help text (ArgumentParser)
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("The columns, in order, comma-separated (default: \(CasesCommand.defaultColumns.joined(separator: ","))); any of \(CasesCommand.allColumns.joined(separator: ", ")).", valueName: "list")) // not shown: command name, --help text (ArgumentParser)
    var columns: String?

    @Option(name: .customLong("tracer"), help: ArgumentHelp("Only the cases this tracer holds.", valueName: "id")) // not shown: command name, --help text (ArgumentParser)
    var holder: String?

    @Flag(help: "Only your cases (you are $TRACEDESK_TRACER).") // not shown: command name, --help text (ArgumentParser)
    var mine = false

    @OptionGroup var out: OutputOptions

    // catalogue: not shown from here — column ids, as files and --columns name them
    static let defaultColumns = ["case_id", "name", "age", "sex", "kelurahan", "result_date", "status",
                                 "call_attempts", "claimed_by", "next_callback"]
    static let allColumns = defaultColumns + ["nik", "phone", "address", "rt_rw", "kecamatan", "kota", "occupation",
                                              "specimen_date", "onset_date", "birth_date", "person_id", "person_cases"]
    // catalogue: shown again

    /// A column's heading in the table, in the desk's words.
    static func heading(_ column: String) -> String {
        switch column {
        case "case_id": L("Case")
        case "name": L("Name")
        case "age": L("Age")
        case "sex": L("Sex")
        case "kelurahan": L("Kelurahan")
        case "result_date": L("Result")
        case "status": L("Status")
        case "call_attempts": L("Calls")
        case "claimed_by": L("Tracer")
        case "next_callback": L("Callback")
        case "nik": L("NIK")
        case "phone": L("Phone")
        case "address": L("Address")
        case "rt_rw": L("RT/RW")
        case "kecamatan": L("Kecamatan")
        case "kota": L("Kota")
        case "occupation": L("Occupation")
        case "specimen_date": L("Specimen")
        case "onset_date": L("Onset")
        case "birth_date": L("Birth date")
        case "person_id": L("Person")
        case "person_cases": L("Person's cases")
        default: column
        }
    }

    func validate() throws {
        try out.check(csv: format == .csv)
        if mine && holder != nil { throw ValidationError(L("--mine and --tracer: give one")) }
    }

    func run() throws {
        var filter = StatusFilter.any
        if let s = status {
            guard let st = CaseStatus(rawValue: s) else {
                throw ValidationError(L("--status \(s): not a status; use one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            filter = .only(st)
        }
        let header = try columns.map { list in
            var named: Set<String> = []
            return try list.split(separator: ",").map { c in
                let name = c.trimmingCharacters(in: .whitespaces)
                guard CasesCommand.allColumns.contains(name) else {
                    throw ValidationError(L("--columns: \"\(name)\" is not a column; use any of \(CasesCommand.allColumns.joined(separator: ", "))"))
                }
                // A JSON object has one value a key: a column named twice cannot be written.
                guard named.insert(name).inserted else { throw ValidationError(L("--columns: \"\(name)\" is named twice")) }
                return name
            }
        } ?? CasesCommand.defaultColumns
        if header.isEmpty {
            throw ValidationError(L("--columns: name at least one column; use any of \(CasesCommand.allColumns.joined(separator: ", "))"))
        }
        var who: String?
        if mine {
            guard let me = ProcessInfo.processInfo.environment["TRACEDESK_TRACER"], !me.isEmpty else { // not shown: an environment name
                throw ValidationError(L("--mine: who are you? set TRACEDESK_TRACER, or use --tracer ID"))
            }
            who = me
        } else {
            who = holder
        }
        let desk = try openDesk(journal)
        // Someone the team file does not know holds nothing: said, not an empty table that
        // reads as "they have no cases" (a mistyped id).
        if let who, let team = desk.team, team.member(who) == nil {
            throw DataError(L("\(who) is not in the team; tracedesk team list shows who is"))
        }
        // The test clock (TRACEDESK_NOW, tests only) as the desk takes it: ages and the queue's order too.
        let now = try TestClock.fromEnvironment()()
        let query = QueueQuery(scope: who == nil ? .all : .mine, status: filter)
        let rows = desk.queue(query, tracer: who ?? "", now: now)
        let clock = try ConfigLoader.load().settings.clock
        let today = clock.day(of: now)
        func cell(_ c: CaseFile, _ column: String) -> Cell {
            let r = c.record
            switch column {
            case "case_id": return .text(c.id)
            case "name": return .text(r.name)
            case "age": return .optional(r.age(on: today))
            case "sex": return .text(r.sex.rawValue)
            // Missing is null in JSON (an empty cell in CSV), as for a NIK or a date: a field the
            // line list left empty is not the value "".
            case "kelurahan": return .optional(r.kelurahan)
            case "result_date": return .day(r.resultDate)
            case "status": return .text(c.status.rawValue)
            case "call_attempts": return .int(c.calls.count)
            case "claimed_by": return .optional(c.claimedBy)
            case "next_callback": return .time(c.nextCallback, clock)
            case "nik": return .optional(r.nik)
            case "phone": return r.phones.isEmpty ? .null : .text(r.phones.map(format == .csv ? Phone.exportForm : { $0 }).joined(separator: "; "))
            case "address": return .optional(r.address)
            case "rt_rw": return .optional(r.rtRw)
            case "kecamatan": return .optional(r.kecamatan)
            case "kota": return .optional(r.kota)
            case "occupation": return .optional(r.occupation)
            case "specimen_date": return .day(r.specimenDate)
            case "onset_date": return .day(r.onsetDate)
            case "birth_date": return .day(r.birthDate)
            // One person under two case ids (linked at import) is one person_id, as in export contacts.
            case "person_id": return .text(desk.personId(ofCase: c.id))
            case "person_cases": return .text(desk.caseIds(ofPerson: c.id).joined(separator: "; "))
            default: return .null
            }
        }
        let data = DataRows(keys: header, rows: rows.map { c in header.map { cell(c, $0) } })
        // On the terminal, days and times as the desk shows them (day first, the desk's zone);
        // the files keep ISO 8601 for other programs.
        let shownAt = now
        let days: [String: (CaseRecord) -> Day?] = ["result_date": { $0.resultDate }, "specimen_date": { $0.specimenDate },
                                                    "onset_date": { $0.onsetDate }, "birth_date": { $0.birthDate }]
        // A table is read by a person: headings and words in the desk's language, as the
        // queue shows them; the files keep the column ids and the stored values.
        let table: [[String]] = rows.map { c in
            header.map { column in
                if column == "next_callback" { return c.nextCallback.map { DateText.zoned($0, clock: clock, now: shownAt) } ?? "" }
                // A day as in the desk's lists: this year's without its year.
                if let day = days[column] { return day(c.record).map { DateText.listed($0, today: today) } ?? "" }
                // Where it stands for whoever is listed (an assignment not yet opened reads as
                // in the desk's queue and case screen).
                if column == "status" { return c.standing(for: who).label }
                if column == "sex" { return c.record.sex.label }
                return cell(c, column).csv
            }
        }
        switch format {
        case .table: try out.emit(Data(TextTable.render(header: header.map(Self.heading), rows: table).utf8), name: format.fileName("cases")) // not shown: the export's file name, suggested for a folder
        case .csv: try out.emit(data.data(.csv, excel: out.excel), name: format.fileName("cases")) // not shown: the export's file name, suggested for a folder
        case .json: try out.emit(data.data(.json, excel: false), name: format.fileName("cases")) // not shown: the export's file name, suggested for a folder
        case .jsonl: try out.emit(data.data(.jsonl, excel: false), name: format.fileName("cases")) // not shown: the export's file name, suggested for a folder
        }
    }
}

func jsonData<T: Encodable>(_ value: T) throws -> Data {
    let enc = JournalCoding.encoder()
    enc.outputFormatting.insert(.prettyPrinted)
    return try enc.encode(value) + Data("\n".utf8)
}

/// Plain aligned columns for `cases` and `check`, measured in display columns.
enum TextTable {
    static func render(header: [String], rows: [[String]]) -> String {
        var widths = header.map(DisplayWidth.of)
        for r in rows { for (i, v) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(v)) } }
        // Numbers are right-aligned, so their digits line up for comparing (a column whose every
        // filled cell is a number, a share or a dash). A dash stands for a figure not known, so a
        // column of dashes alone (a past day's report) stands where its figures would.
        let numeric = header.indices.map { i in
            let cells = rows.compactMap { i < $0.count ? $0[i] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy { $0 == "—" || isNumber($0) }
        }
        func line(_ r: [String]) -> String {
            r.enumerated().map { i, v in
                numeric[i] ? String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(v))) + v : DisplayWidth.fit(v, widths[i])
            }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return line(header) + rows.map(line).joined()
    }

    static func isNumber(_ s: String) -> Bool {
        s.range(of: #"^[-+]?[0-9][0-9.,]*( ?%)?$"#, options: .regularExpression) != nil
    }
}
