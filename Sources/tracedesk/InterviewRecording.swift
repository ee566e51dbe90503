import TracedeskCore
import Foundation
import ArgumentParser
import TracedeskJournal
import TracedeskUI

/// Writes each interview's screens as an asciicast v2 file (a JSON header line, then
/// `[seconds, "o", text]` lines) in `recordings/` beside the journal: 0600 in a 0700 folder,
/// since the screens show patients' data.
final class AsciicastRecorder: InterviewRecorder {
    let directory: String
    private var fd: Int32 = -1
    private var started = Date()

    /// The desk's zone and clock: the file's name says when by them (`DateText.fileStamp`).
    let clock: WallClock
    let now: @Sendable () -> Date

    init(journal: String, clock: WallClock = .wib, now: @escaping @Sendable () -> Date = { Date() }) {
        directory = JournalLocation.folder(of: journal) + "/recordings" // not shown: a folder name
        self.clock = clock
        self.now = now
    }

    /// "DKI-1-20210705-143005+0700.cast": the case, then the desk's local time with its offset
    /// (it was UTC without saying so, so a lead in Jakarta read 07:30 for an interview at 14:30).
    static func fileName(caseId: String, at date: Date, clock: WallClock) -> String {
        let safeId = String(caseId.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
        return "\(safeId)-\(DateText.fileStamp(date, clock: clock)).cast" // not shown: a file name
    }

    func begin(caseId: String, size: Size) -> String? {
        end()
        mkdir(directory, 0o700)
        // A recording holds everything typed: never into a folder that is a link, another
        // user's, or one others can read.
        var st = stat()
        guard lstat(directory, &st) == 0, st.st_mode & S_IFMT == S_IFDIR, st.st_uid == geteuid(),
              st.st_mode & 0o077 == 0 else { return nil }
        let name = "recordings/" + Self.fileName(caseId: caseId, at: now(), clock: clock) // not shown: a folder name
        let path = JournalLocation.folder(of: directory) + "/" + name
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        started = Date()
        let header = "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), \"timestamp\": \(Int(started.timeIntervalSince1970)), \"title\": \(JSONText.quoted("tracedesk interview " + caseId)), \"env\": {\"TERM\": \"xterm-256color\"}}\n" // not shown: the asciicast header (JSON)
        write(header)
        return name
    }

    func output(_ text: String) { event("o", text) }
    func resize(_ size: Size) { event("r", "\(size.width)x\(size.height)") }

    func end() {
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
        fd = -1
    }

    private func event(_ code: String, _ data: String) {
        guard fd >= 0 else { return }
        let t = String(format: "%.6f", Date().timeIntervalSince(started))
        write("[\(t), \"\(code)\", \(JSONText.quoted(data))]\n")
    }

    /// A recording is a record of the screen, not the journal: a failed write loses frames, not
    /// data, so it is not reported.
    private func write(_ s: String) {
        try? PosixFileIO().writeFully(fd, Array(s.utf8))
    }
}

/// `tracedesk replay FILE`: plays an asciicast in this terminal, as `asciinema play` would.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay", // not shown: command name, --help text (ArgumentParser)
        abstract: "Play a recorded interview (an asciicast v2 file) in the terminal.") // not shown: command name, --help text (ArgumentParser)

    @Argument(help: "The .cast file (the review screen names it).") var file: String // not shown: command name, --help text (ArgumentParser)
    @OptionGroup var language: LanguageOption
    @Option(help: "Play faster (2) or slower (0.5).") var speed: Double = 1 // not shown: command name, --help text (ArgumentParser)
    @Option(help: ArgumentHelp("Longest pause kept between screens, in seconds.", valueName: "seconds")) var idleLimit: Double = 2 // not shown: command name, --help text (ArgumentParser)
    @Flag(help: "Keep the last screen until Enter is pressed.") var hold = false // not shown: command name, --help text (ArgumentParser)

    func run() throws {
        guard speed > 0 else { throw ValidationError(L("--speed \(speed): use a number above 0, e.g. 2")) }
        // An input file missing or unreadable is EX_NOINPUT, as the README says for every command;
        // a folder, or a file that is not text, is said as what it is.
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) else {
            throw DataError(L("\(file): no such file"), code: DataError.noInput)
        }
        if isFolder.boolValue { throw DataError(L("\(file): is a folder, not a recording"), code: DataError.noInput) }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw DataError(L("\(file): cannot be read"), code: DataError.noInput)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first,
              let header = try? JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any],
              header["version"] as? Int == 2 else { // not shown: a key of the asciicast header
            throw ValidationError(L("\(file):1: not an asciicast v2 header (expected {\"version\": 2, …})"))
        }
        var events: [(Double, String)] = []
        for (i, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            guard let e = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], e.count == 3,
                  let t = (e[0] as? NSNumber)?.doubleValue, let code = e[1] as? String, let data = e[2] as? String else {
                throw ValidationError(L("\(file):\(i + 1): not an event [time, code, data]"))
            }
            if code == "o" { events.append((t, data)) }
        }
        var previous = 0.0
        for (t, data) in events {
            let pause = min(max(0, t - previous), idleLimit) / speed
            if pause > 0 { usleep(UInt32(pause * 1_000_000)) }
            previous = t
            FileHandle.standardOutput.write(Data(data.utf8))
        }
        if hold { _ = readLine() }
        FileHandle.standardOutput.write(Data("\u{1b}[0m\u{1b}[?25h".utf8))
    }
}
