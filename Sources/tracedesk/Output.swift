import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskServer
import TracedeskJournal

/// Where an export goes: shared by every command that writes one. A command that writes no
/// CSV (`export fhir`) takes this alone, so its usage offers no `--excel` that could never work.
struct FileOutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "file")) // not shown: command name, --help text (ArgumentParser)
    var output: String?

    @Flag(name: .long, help: "Replace the --output file if it exists.") // not shown: command name, --help text (ArgumentParser)
    var force = false

    /// The whole export, to standard output or the --output file. On a terminal, a control
    /// character a line list brought (ESC, BEL, an OSC title) is shown, not obeyed: the file
    /// or a pipe gets the data as it is. `name`: the file this export would be, suggested when
    /// --output names a folder (`cases.csv`, `chains.json`).
    func emit(_ data: Data, name: String) throws {
        if output?.isEmpty == true { throw ValidationError(L("--output: name a file, or - for standard output")) }
        guard let output, output != "-" else {
            if isatty(STDOUT_FILENO) != 0, let text = String(data: data, encoding: .utf8) {
                FileHandle.standardOutput.write(Data(String(text.map { $0 == "\n" || $0 == "\r\n" || $0 == "\t" ? $0 : VisibleText.visible($0) }).utf8))
            } else {
                FileHandle.standardOutput.write(data)
            }
            return
        }
        if let own = OwnFiles.named(by: output) {
            throw DataError(L("\(output): is tracedesk's own file (\(own)); an export never replaces it"), code: 73)
        }
        do {
            try ExportFile.write(data, to: output, overwrite: force, suggesting: name)
        } catch {
            // EX_CANTCREAT, each with its own words naming the path.
            throw DataError(error.description, code: 73)
        }
    }
}

/// Where an export goes and how its CSV is written: `cases`, `export contacts`, `export
/// chains`, `report` and `team list`.
struct OutputOptions: ParsableArguments {
    @OptionGroup var file: FileOutputOptions

    @Flag(name: .long, help: "CSV for Excel with Indonesian settings: a UTF-8 byte-order mark and ; between fields.") // not shown: command name, --help text (ArgumentParser)
    var excel = false

    func emit(_ data: Data, name: String) throws { try file.emit(data, name: name) }

    /// `--excel` shapes CSV only; with another format it is a mistake worth saying.
    func check(csv isCSV: Bool) throws {
        if excel && !isCSV { throw ValidationError(L("--excel is for --format csv")) }
    }
}

/// The files a command's journal is kept in, so that `--output … --force` never replaces
/// one with an export (the journal once became a table, its team file a CSV). Recorded where
/// every command reads the journal's team file (`loadTeam`); one command a process.
enum OwnFiles {
    nonisolated(unsafe) static var journal: String?

    /// Which of them `path` names, if any: by where it is (its folder's real path and its
    /// name), so a file not made yet counts too (an export at the drafts folder's name once
    /// stopped every draft from saving), and the same file by device and inode whatever the
    /// path's spelling or links.
    static func named(by path: String) -> String? {
        guard let journal else { return nil }
        let own = [(journal, L("the journal")), (TeamFile.path(forJournal: journal), L("the team file")),
                   (Checkpoint.path(forJournal: journal), L("the journal's checkpoint")), (journal + ".quarantine", L("the journal's quarantine")), // not shown: a file suffix
                   (DraftStore.directory(forJournal: journal), L("the interview drafts' folder"))]
        let target = place(of: path)
        var out = stat()
        let exists = stat(path, &out) == 0
        for (file, what) in own {
            if let target, target == place(of: file) { return what }
            var st = stat()
            if exists, stat(file, &st) == 0, st.st_dev == out.st_dev, st.st_ino == out.st_ino { return what }
        }
        return nil
    }

    /// The real path of the folder `path` names a file in, and the file's name.
    private static func place(of path: String) -> String? {
        guard let name = JournalLocation.name(of: path), let folder = realpath(JournalLocation.folder(of: path), nil) else { return nil }
        defer { free(folder) }
        return String(cString: folder) + "/" + name
    }
}

/// A problem with the data or the files, not with how the command was typed: one line on
/// standard error, no usage text, and an exit status from sysexits.h where one fits (65 the
/// data is wrong, 66 an input file is missing, 73 an output file cannot be made), else 1.
struct DataError: Error, CustomStringConvertible {
    var message: String
    var code: Int32 = 1
    init(_ message: String, code: Int32 = 1) { self.message = message; self.code = code }
    var description: String { message }

    static let dataErr: Int32 = 65
    static let noInput: Int32 = 66
    /// EX_UNAVAILABLE: the server cannot be reached (try again later).
    static let unavailable: Int32 = 69

    /// The journal's refusal, with the status sysexits.h gives it: a damaged journal is data
    /// that is wrong (65); a journal that cannot be opened or made where it was named (a
    /// folder, a symbolic link, another's file) is 73 for a command that writes it, 66 for one
    /// that reads it; a full disk or a failed write 74.
    init(_ e: JournalError, writing: Bool) {
        let code: Int32 = switch e {
        case .damaged, .damagedRecord, .readOnly: Self.dataErr
        case .cannotOpen, .noFolder, .symlink, .unsafePermissions, .notOwner: writing ? 73 : Self.noInput
        case .writeFailed, .noSpace, .syncFailed: 74
        default: Self.dataErr
        }
        self.init(e.description, code: code)
    }

    /// The server's answer as one status for every command: out of reach 69; data it finds
    /// wrong (SQLSTATE classes 22 and 23: a kecamatan no team covers) 65; every refusal (a
    /// role, a team the login is not in, a login that is no member, a schema version) 1,
    /// like the file journal's refusals.
    init(_ e: ServerError, message: String? = nil) {
        let code: Int32 = switch e.kind {
        case .unreachable: Self.unavailable
        case .refused where ["22", "23"].contains(e.sqlState?.prefix(2) ?? ""): Self.dataErr
        case .refused, .held, .other: 1
        }
        self.init(message ?? e.description, code: code)
    }
}

/// One value of an export, typed: JSON writes numbers as numbers and missing as null, CSV
/// the same value as text (missing as an empty cell).
enum Cell: Encodable, Equatable {
    case text(String), int(Int), number(Double), bool(Bool), null

    static func optional(_ s: String?) -> Cell { s.map { $0.isEmpty ? .null : .text($0) } ?? .null }
    static func optional(_ i: Int?) -> Cell { i.map(Cell.int) ?? .null }
    static func day(_ d: Day?) -> Cell { d.map { .text($0.iso) } ?? .null }
    /// ISO 8601 with the desk's zone offset: "2021-07-05T14:30:00+07:00".
    static func time(_ t: Date?, _ clock: WallClock) -> Cell { t.map { .text(ISOTime.format($0, clock)) } ?? .null }

    var csv: String { csv(excel: false) }

    /// For `--excel`, a fraction has the decimal comma of the Indonesian settings it is for
    /// (`0,667`): with a point Excel there reads it as text, or as a date.
    func csv(excel: Bool) -> String {
        switch self {
        case .text(let s): s
        case .int(let i): String(i)
        case .number(let d): d == d.rounded() ? String(Int(d)) : (excel ? String(d).replacingOccurrences(of: ".", with: ",") : String(d))
        case .bool(let b): b ? "true" : "false" // not shown: a value in the data (JSON booleans)
        case .null: ""
        }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .text(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .number(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .null: try c.encodeNil()
        }
    }
}

enum ISOTime {
    static func format(_ t: Date, _ clock: WallClock) -> String {
        let local = Int((t.timeIntervalSince1970).rounded(.down)) + clock.offsetSeconds
        let day = Day(ordinal: Int((Double(local) / 86400).rounded(.down)))
        let sod = local - day.ordinal * 86400
        let off = clock.offsetSeconds
        let sign = off < 0 ? "-" : "+"
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(day.iso)T\(two(sod / 3600)):\(two(sod % 3600 / 60)):\(two(sod % 60))\(sign)\(two(abs(off) / 3600)):\(two(abs(off) % 3600 / 60))"
    }
}

/// Rows of typed cells under snake_case keys, written as CSV, one JSON array, or JSON lines.
struct DataRows {
    var keys: [String]
    var rows: [[Cell]]

    var objects: [[String: Cell]] { rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) } }

    func data(_ format: DataFormat, excel: Bool) throws -> Data {
        switch format {
        case .csv: return CSVOut(excel: excel).render(header: keys, rows: rows.map { $0.map { $0.csv(excel: excel) } })
        case .json: return try jsonData(objects)
        case .jsonl:
            let enc = JournalCoding.encoder()
            var out = Data()
            for o in objects { out += try enc.encode(o); out.append(10) }
            return out
        }
    }
}

enum DataFormat { case csv, json, jsonl }

/// Messages to a person at a terminal (standard error, and a command's report on standard
/// output): each line made visible, our own line breaks kept. A line list's value quoted in a
/// problem, a case id in a correction or a mistyped word may hold ESC, BEL or CR, which raw
/// would clear the screen, retitle the window or rewrite the line (issue 15 item 5, for
/// messages as for tables). Data written for programs (`emit`) is not a message.
enum Say {
    static func visible(_ message: String) -> String {
        message.split(separator: "\n", omittingEmptySubsequences: false).map { VisibleText.oneLine(String($0)) }.joined(separator: "\n")
    }

    /// To standard error, as given (the caller ends the line).
    static func err(_ message: String) { FileHandle.standardError.write(Data(visible(message).utf8)) }

    /// To standard output, one line.
    static func out(_ message: String) { print(visible(message)) }
}

extension OutputFormat {
    /// The file an export in this format would be, named for its command: `cases.csv`.
    func fileName(_ command: String) -> String { command + "." + (self == .table ? "txt" : rawValue) } // not shown: a file name suffix
}
