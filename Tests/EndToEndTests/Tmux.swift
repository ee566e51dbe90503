import Foundation
import Testing

/// The real `tracedesk` binary, built beside this test bundle by `swift test`.
let tracedeskBinary: String = {
    let fm = FileManager.default
    var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()]
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for _ in 0..<4 { dir = dir.deletingLastPathComponent(); candidates.append(dir) }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(root.appendingPathComponent(".build/debug"))
    for c in candidates {
        let p = c.appendingPathComponent("tracedesk").path
        if fm.isExecutableFile(atPath: p) { return p }
    }
    return root.appendingPathComponent(".build/debug/tracedesk").path
}()

/// The benchmarks' and test helpers' program (`stress-append`), built beside `tracedesk`:
/// kept out of the user's CLI.
let benchBinary: String = {
    let dir = (tracedeskBinary as NSString).deletingLastPathComponent
    return dir + "/tracedesk-bench"
}()

/// A scratch folder per test, with its own XDG data home.
final class Scratch {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "tracedesk-e2e-" + UUID().uuidString.prefix(8)
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var journal: String { path + "/data/tracedesk/journal.jsonl" }

    /// What every desk process gets: pinned terminal, locale and zone, like tig's test harness.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ["HOME": path, "XDG_DATA_HOME": path + "/data", "XDG_CONFIG_HOME": path + "/config",
                   "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "UTC", "TRACEDESK_LANG": "en",
                   "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (k, v) in extra { env[k] = v }
        return env
    }

    func write(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        precondition(FileManager.default.createFile(atPath: p, contents: Data(text.utf8)), "cannot write \(p)")
        return p
    }
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to the end (the non-interactive subcommands). posix_spawn + waitpid, with
/// output through files: Foundation's Process on Linux never sees a child exit whose
/// grandchild (the tmux server) inherited its bookkeeping descriptor.
func run(_ args: [String], env: [String: String], executable: String = tracedeskBinary) throws -> RunResult {
    let dir = NSTemporaryDirectory() + "td-run-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let pid = spawn(args, env: env, stdoutPath: dir + "/out", stderrPath: dir + "/err", executable: executable)
    guard pid > 0 else { throw NSError(domain: "spawn", code: Int(errno)) }
    let exitStatus = waitFor(pid)
    let o = (try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? ""
    let e = (try? String(contentsOfFile: dir + "/err", encoding: .utf8)) ?? ""
    return RunResult(status: exitStatus, stdout: o, stderr: e)
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

/// A real terminal: tmux on a private socket runs the desk; we type with send-keys and read
/// the screen with capture-pane, as a tracer would.
final class TmuxDesk {
    let socket = "td-" + UUID().uuidString.prefix(12)
    let session = "desk"

    init(_ args: [String], env: [String: String], width: Int = 100, height: Int = 30) throws {
        let envPart = env.map { "\($0.key)=\(shellQuote($0.value))" }.sorted().joined(separator: " ")
        let command = ([tracedeskBinary] + args).map(shellQuote).joined(separator: " ")
        // After the desk leaves, the shell prints its exit status on the restored screen; the
        // session (and its tmux server) ends by itself soon after, even if a test is cut short.
        let script = "env -i \(envPart) \(command); echo \"DESK-EXITED:$?\"; sleep 20"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
        serverPID = Int32((try? tmux(["display-message", "-p", "#{pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }

    private var serverPID: Int32?

    /// The desk process itself: the child of the pane's shell (`env -i` execs into it).
    var deskPIDs: [Int32] { Array(descendants.dropFirst()) }

    /// The shell in the pane and the desk under it.
    private var descendants: [Int32] {
        guard let shell = panePID() else { return [] }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return [shell] + children.split(separator: " ").compactMap { Int32($0) }
    }

    deinit {
        // By pid: the server must go even if its socket cannot be reached any more.
        let below = descendants
        if let pid = serverPID { kill(pid, SIGKILL) }
        for pid in below { kill(pid, SIGKILL) }
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try run(["-L", socket] + args, env: ProcessInfo.processInfo.environment, executable: "/usr/bin/tmux")
        return r.stdout
    }

    /// Keys in tmux's names: "Enter", "Escape", "Down", "Tab", "C-c", or literal text.
    func keys(_ keys: String...) { _ = try? tmux(["send-keys", "-t", session] + keys) }
    func text(_ text: String) { _ = try? tmux(["send-keys", "-t", session, "-l", text]) }
    /// A paste, as a terminal sends one with bracketed paste on (`paste-buffer -p`): the text
    /// between the start and end marks, line breaks and all.
    func paste(_ text: String) throws {
        _ = try tmux(["set-buffer", "-b", "paste", "--", text])
        _ = try tmux(["paste-buffer", "-b", "paste", "-p", "-t", session])
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }
    /// The screen with its colours and attributes as escape sequences.
    var colouredScreen: String { (try? tmux(["capture-pane", "-e", "-p", "-t", session])) ?? "" }
    var lines: [String] { screen.components(separatedBy: "\n") }

    func resize(_ width: Int, _ height: Int) {
        _ = try? tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Waits until the screen shows `text` (up to `seconds`); returns the screen either way.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        var last = ""
        waitUntil("screen never showed \"\(text)\"; it shows:\n\(last)", seconds: seconds, sourceLocation: sourceLocation) {
            last = screen
            return last.contains(text)
        }
        return last
    }

    /// Waits until the screen shows `text` and two captures in a row agree, for a test that
    /// compares whole screens: tmux shows a redraw as it arrives, and a capture taken part-way
    /// through once lacked a queue's last row and its key bar. (Not `waitFor`'s way: a test
    /// that acts while typing is still arriving waits for a screen that is not settled.)
    @discardableResult
    func waitForSettled(_ text: String, seconds: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        var last = ""
        waitUntil("screen never settled showing \"\(text)\"; it shows:\n\(last)", seconds: seconds, sourceLocation: sourceLocation) {
            let before = last
            last = screen
            return last.contains(text) && last == before
        }
        return last
    }

    func panePID() -> Int32? {
        Int32((try? tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
    }
}

/// How every test waits: until `condition` holds, looking again every 20 ms, for up to
/// `seconds`, then an issue saying what never happened. A test waits for something it can
/// observe (a screen, a file's content, a process's exit), never a fixed time that a slow
/// machine outlasts.
@discardableResult
func waitUntil(_ failure: @autoclosure () -> String, seconds: Double = 10,
               sourceLocation: SourceLocation = #_sourceLocation, _ condition: () -> Bool) -> Bool {
    if poll(seconds: seconds, condition) { return true }
    Issue.record(Comment(rawValue: failure()), sourceLocation: sourceLocation)
    return false
}

/// Looks at `condition` again and again (a short pause between looks) until it holds or the
/// deadline passes; says which. For waits whose timeout is not a failure (a busy mount).
func poll(seconds: Double, every pause: useconds_t = 20_000, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        if condition() { return true }
        if Date() >= deadline { return false }
        usleep(pause)
    }
}

/// Waits until a `stress-append` writing to `out` has acknowledged its first event.
func waitForFirstAcknowledgement(_ out: String, seconds: Double = 10) {
    _ = waitUntil("the writer acknowledged nothing within \(seconds) s", seconds: seconds) {
        var st = stat()
        return stat(out, &st) == 0 && st.st_size > 0
    }
}

/// Whether any file in `folder` holds `text`: what the desk has put on disk, wherever it keeps it.
func someFile(in folder: String, contains text: String) -> Bool {
    // Files in folders below too: drafts are kept in the journal's draft folder.
    let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? []
    return names.contains { name in
        guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { return false }
        return data.range(of: Data(text.utf8)) != nil
    }
}

/// A small line list with realistic rows.
let lineListHeader = "case_id,name,nik,phone,sex,age,birth_date,address,rt_rw,kelurahan,kecamatan,kota,occupation,specimen_date,result_date,onset_date\n"

func lineList(cases n: Int, startingAt first: Int = 1) -> String {
    let names = ["Siti Rahmawati", "Budi Santoso", "Dewi Lestari", "Agus Wijaya", "Nur Hidayat", "Rina Siregar"]
    let today = Date()
    var text = lineListHeader
    for i in first..<(first + n) {
        let result = today.addingTimeInterval(-Double(1 + i % 3) * 86400)
        let d = ISO8601DateFormatter()
        d.formatOptions = [.withFullDate]
        let day = d.string(from: result)
        text += "JKT-\(i),\(names[i % names.count]) \(i),31710\(String(format: "%011d", i)),0812\(String(format: "%08d", i)),\(i % 2 == 0 ? "P" : "L"),\(20 + i % 50),,\"Jl. Cikini Raya No. \(i), Gang \(i % 7)\",003/005,Cikini,Menteng,Jakarta Pusat,pedagang,\(day),\(day),\n"
    }
    return text
}

/// Starts a command without waiting; stdout goes to `stdoutPath`.
func spawn(_ args: [String], env: [String: String], stdoutPath: String, stderrPath: String? = nil,
           executable: String = tracedeskBinary) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? stdoutPath + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else { return -1 }
    return pid
}

/// Waits for a spawned process; its exit status, or 128 + signal.
func waitFor(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
