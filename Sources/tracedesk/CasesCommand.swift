import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskUI

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// Opens the journal read-only for a report and replays it.
func openDesk(_ options: JournalOptions) throws -> Desk {
    let path = JournalLocation.resolve(flag: options.journal)
    guard FileManager.default.fileExists(atPath: path) else {
        throw DataError(L("no journal at \(path) yet; import a line list first (tracedesk import FILE.csv)"), code: DataError.noInput)
    }
    let team = try loadTeam(journal: path)
    do {
        // A listing reads and never repairs: a torn tail stays for the desk or `check --repair`.
        let store = try FileJournal(path: path, access: .read)
        return try store.replay(team: team)
    } catch let e as JournalError {
        throw DataError(e.description, code: DataError.dataErr)
    }
}

/// The team file beside the journal, if there is one; a bad one stops the command with
/// `FILE: what is wrong` (it decides who may approve, so it is never guessed at).
func loadTeam(journal: String) throws -> Team? {
    do {
        return try TeamFile.load(journal: journal)
    } catch {
        throw DataError(error.description, code: DataError.dataErr)
    }
}

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "List the cases in queue order.")

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("Only this status: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "status"),
            completion: .list(CaseStatus.allCases.map(\.rawValue)))
    var status: String?

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var out: OutputOptions

    func validate() throws { try out.check(csv: format == .csv) }

    func run() throws {
        var filter = StatusFilter.any
        if let s = status {
            guard let st = CaseStatus(rawValue: s) else {
                throw ValidationError(L("--status \(s): not a status; use one of \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            filter = .only(st)
        }
        let desk = try openDesk(journal)
        let now = Date()
        let rows = desk.queue(QueueQuery(scope: .all, status: filter), tracer: "", now: now)
        let clock = try ConfigLoader.load().settings.clock
        let header = ["case_id", "name", "age", "sex", "kelurahan", "result_date", "status",
                      "call_attempts", "claimed_by", "next_callback"]
        let table: [[String]] = rows.map { c in
            [c.id, c.record.name, c.record.age(on: clock.day(of: now)).map(String.init) ?? "",
             c.record.sex.rawValue, c.record.kelurahan, c.record.resultDate.iso, c.status.rawValue,
             String(c.calls.count), c.claimedBy ?? "",
             c.nextCallback.map { clock.format($0) + " WIB" } ?? ""]
        }
        switch format {
        case .table: try out.emit(Data(TextTable.render(header: header, rows: table).utf8))
        case .csv: try out.csv(header: header, rows: table)
        case .json:
            let objects = table.map { row in Dictionary(uniqueKeysWithValues: zip(header, row)) }
            try out.emit(jsonData(objects))
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
        func line(_ r: [String]) -> String {
            r.enumerated().map { DisplayWidth.fit($0.element, widths[$0.offset]) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}
