import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// Where every export goes, and how its CSV is written: shared by `cases`, `export`, `report`
/// and `team list`.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Write to this file (created 0600) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Replace the --output file if it exists.")
    var force = false

    @Flag(name: .long, help: "CSV for Excel with Indonesian settings: a UTF-8 byte-order mark and ; between fields.")
    var excel = false

    /// The whole export, to standard output or the --output file.
    func emit(_ data: Data) throws {
        guard let output else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try ExportFile.write(data, to: output, overwrite: force)
        } catch {
            switch error {
            case .exists(let p): throw DataError(L("\(p): already exists; use --force to replace it"))
            case .notAPlainFile(let p): throw DataError(L("\(p): is a symbolic link or not a plain file; nothing was written"))
            case .system(let p, let why): throw DataError(L("\(p): cannot write the file (\(why))"), code: 73)
            }
        }
    }

    func csv(header: [String], rows: [[String]]) throws {
        try emit(CSVOut(excel: excel).render(header: header, rows: rows))
    }

    /// `--excel` shapes CSV only; with another format it is a mistake worth saying.
    func check(csv isCSV: Bool) throws {
        if excel && !isCSV { throw ValidationError(L("--excel is for --format csv")) }
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
}
