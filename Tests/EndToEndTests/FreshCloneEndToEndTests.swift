import Foundation
import Testing

/// A fresh tester's findings on issues 15–17, through the real binary: the terminal, the keys
/// and the signals.
@Suite(.serialized) struct FreshCloneEndToEndTests {
    /// Every command that opens the terminal refuses a missing one, in either direction,
    /// instead of drawing into the pipe and spinning.
    @Test(arguments: [["themes", "preview", "light"], ["demo"], ["--tracer", "t1"]])
    func aScreenCommandWithoutATerminalSaysSoAndLeaves(_ args: [String]) throws {
        let s = Scratch()
        let started = Date()
        // `run` gives the child /dev/null as its input and a file as its output.
        let r = try run(args, env: s.environment())
        #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr.contains("not one"), "\(args): \(r.stderr)")
        #expect(!r.stdout.contains("\u{1B}"), "\(args): ncurses drew into the output: \(r.stdout.prefix(80).debugDescription)")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// Input a terminal, output a pipe (`themes preview light | head`): refused too.
    @Test func aScreenCommandWhoseOutputIsAPipeSaysSo() throws {
        let s = Scratch()
        let pty = try PTY()
        let out = s.path + "/out"
        let err = s.path + "/err"
        let pid = spawnOn(["themes", "preview", "light"], env: s.environment(["TRACEDESK_LANG": "id"]),
                          stdin: pty.slavePath, stdout: out, stderr: err)
        #expect(pid > 0)
        let ended = poll(seconds: 10) { exited(pid) != nil }
        if !ended { kill(pid, SIGKILL); _ = waitFor(pid) }
        #expect(ended, "themes preview kept running with its output a file")
        #expect((try? String(contentsOfFile: err, encoding: .utf8))?.contains("keluarannya bukan terminal") == true)
        #expect((try? String(contentsOfFile: out, encoding: .utf8)) == "")
    }

    /// A terminal whose input ends (its other side closed, no hang-up signal to this process)
    /// ends the screen; before, get_wch failed at once for ever and the loop spun at full CPU.
    @Test(arguments: [["themes", "preview", "light"], ["demo"]])
    func inputThatEndsEndsTheScreen(_ args: [String]) throws {
        let s = Scratch()
        let pty = try PTY()
        let pid = spawnOn(args, env: s.environment(), stdin: pty.slavePath, stdout: pty.slavePath, stderr: s.path + "/err")
        #expect(pid > 0)
        // Wait for the first frame, then close the terminal's other side.
        var seen = ""
        _ = waitUntil("nothing was drawn: \(seen.suffix(200))") {
            seen += pty.readAvailable()
            return seen.contains("\u{1B}[") && seen.count > 200
        }
        pty.closeMaster()
        let ended = poll(seconds: 10) { exited(pid) != nil }
        if !ended { kill(pid, SIGKILL); _ = waitFor(pid) }
        #expect(ended, "\(args) kept running after its input ended")
    }

    /// Item 5: after kill -9 mid-interview, the tracer's habit keys typed at once (j j j Enter
    /// i) reach no patient's field: the desk opens on the queue, the case marked. (From the
    /// identity screen the old desk dropped them too; the contacts case, where Enter opened K1,
    /// is FreshCloneTests.aRestartShowsTheQueueWithTheInterviewMarkedNotTheInterview.)
    @Test func habitKeysAfterARestartReachNoPatientField() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 3))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("i")
        desk.waitFor("Confirm who you are speaking to")
        desk.keys("C-u")
        desk.text("Budi Santoso")
        desk.waitFor("Budi Santoso")
        waitUntil("the draft never reached the disk") { someFile(in: s.path + "/data", contains: "Budi Santoso") }
        for pid in desk.deskPIDs { kill(pid, SIGKILL) }
        desk.waitFor("DESK-EXITED:137")

        let again = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        // Typed before the first frame, as a tracer does by habit.
        // On the queue they move to the last case, open it and start its interview: theirs to
        // do, nothing lands in the interview they left.
        again.keys("j", "j", "j", "Enter", "i")
        again.waitFor("Confirm who you are speaking to")
        again.keys("Escape")
        again.waitFor("Interview draft kept")
        again.keys("q")
        again.waitFor("Patient")
        again.keys("q")
        again.waitFor("DESK-EXITED:0")
        #expect(someFile(in: s.path + "/data", contains: "Budi Santoso"))
        for stray in ["Budi Santosoj", "Budi Santosoi", "Budi SantosoJ"] {
            #expect(!someFile(in: s.path + "/data", contains: stray), "\(stray) reached a patient's field")
        }
    }

    /// Keys already sent when a signal arrives are read and applied before the save: the whole
    /// note is kept, not its first few letters.
    @Test(arguments: [(SIGTERM, "TERM"), (SIGHUP, "HUP"), (SIGINT, "INT")])
    func keysSentBeforeASignalAreAppliedBeforeTheSave(_ signal: (Int32, String)) throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment())
        let desk = try TmuxDesk(["--tracer", "t1"], env: s.environment())
        desk.waitFor("Patient")
        desk.keys("Enter")
        desk.waitFor("Claimed by")
        desk.keys("c")
        desk.waitFor("Log a call attempt")
        desk.keys("2", "Tab")
        // Under the note's 200 characters: every key counts.
        let note = "Catatan panjang " + (1...25).map { "kata\($0)" }.joined(separator: " ") + " akhir"
        desk.text(note)
        // Signalled as soon as the first letters show: most of the note is still on its way.
        desk.waitFor("Catatan pa")
        for pid in desk.deskPIDs { kill(pid, signal.0) }
        let screen = desk.waitFor("DESK-EXITED:")
        #expect(screen.contains("DESK-EXITED:\(128 + signal.0)"), "SIG\(signal.1): \(screen)")
        let journal = try String(contentsOfFile: s.journal, encoding: .utf8)
        let call = try #require(journal.split(separator: "\n").first { $0.contains("call.logged") }, "SIG\(signal.1): no call in \(journal)")
        #expect(call.contains("\"note\":\"\(note)\""), "SIG\(signal.1): \(call)")
    }
}

/// Item 9 and 8 through the commands: each language its own words, the file's own headers,
/// numbers right-aligned.
@Suite struct FreshCloneCommandTests {
    @Test func themesInIndonesianSayBuiltInInIndonesian() throws {
        let s = Scratch()
        // A copy away from the package: the shipped themes/ folder is found from the binary,
        // and an installed binary lists its themes as built in.
        let copy = s.path + "/tracedesk"
        // Copied by cp: a descriptor of ours open for writing, inherited by another test's
        // child, would make the copy "text file busy" to exec.
        #expect(try run([tracedeskBinary, copy], env: s.environment(), executable: "/bin/cp").status == 0)
        let r = try run(["themes"], env: s.environment(["TRACEDESK_LANG": "id"]), executable: copy)
        #expect(r.status == 0)
        #expect(r.stdout.contains("(bawaan)"), "\(r.stdout)")
        #expect(!r.stdout.contains("(built in)"), "\(r.stdout)")
    }

    @Test func theTopLevelHelpIsOneLanguage() throws {
        let s = Scratch()
        for lang in ["en", "id"] {
            let r = try run(["--help"], env: s.environment(["TRACEDESK_LANG": lang]))
            #expect(r.stdout.contains("DESK OPTIONS"), "\(lang): \(r.stdout.suffix(400))")
            #expect(!r.stdout.contains("OPSI DESK"), "\(lang)")
        }
    }

    @Test func anImportCorrectionNamesTheFilesOwnHeader() throws {
        let s = Scratch()
        let header = "ID Kasus,Nama,NIK,No HP,JK,Umur,Kelurahan,Tgl Hasil\n"
        #expect(try run(["import", s.write("a.csv", header + "DKI-1,Rina,3171014507850011,0812-3456-7801,P,36,Menteng,2021-07-04\n")], env: s.environment()).status == 0)
        let r = try run(["import", "--dry-run", s.write("b.csv", header + "DKI-1,Rina,3171014507850011,0813-1111-0002,P,36,Menteng,2021-07-04\n")], env: s.environment())
        #expect(r.stderr.contains("correction of DKI-1: No HP "), "\(r.stdout)\(r.stderr)")
        #expect(!r.stderr.contains(": phone "), "\(r.stderr)")
    }

    @Test func theReportsNumbersAreRightAligned() throws {
        let s = Scratch()
        _ = try run(["import", s.write("l.csv", lineList(cases: 12))], env: s.environment())
        let r = try run(["report"], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Tracer") }, "\(r.stdout)")
        let total = try #require(lines.firstIndex { $0.hasPrefix("total") }, "\(r.stdout)")
        // Each figure ends in the column where its heading ends.
        for heading in ["Cases", "Open", "Interviewed", "Calls"] {
            let range = try #require(lines[header].range(of: heading))
            let end = lines[header].distance(from: lines[header].startIndex, to: range.upperBound) - 1
            let row = Array(lines[total])
            #expect(end < row.count && row[end].isNumber, "\(heading): \(lines[header])\n\(lines[total])")
        }
    }
}

/// A pseudo-terminal whose master side the test holds: what the program draws is read here,
/// and closing it ends the program's input.
final class PTY {
    private(set) var master: Int32
    let slavePath: String
    init() throws {
        // posix_openpt and friends are not in Swift's Glibc module: /dev/ptmx and its two ioctls
        // (unlock, number) are what they do on Linux.
        // Close-on-exec: a child holding the master too would keep its own input open.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0, number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0,
              ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0 else {
            throw NSError(domain: "pty", code: Int(errno))
        }
        slavePath = "/dev/pts/\(number)"
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        close(slave)
    }
    func readAvailable() -> String {
        guard master >= 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = Glibc.read(master, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : ""
    }
    func closeMaster() { if master >= 0 { close(master); master = -1 } }
    deinit { closeMaster() }
}

/// Starts a command with its three streams opened from the given paths (no controlling
/// terminal: closing a pty's master sends this process no SIGHUP).
func spawnOn(_ args: [String], env: [String: String], stdin: String, stdout: String, stderr: String) -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDWR | O_NOCTTY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_NOCTTY | (stdout.hasPrefix("/dev/") ? 0 : O_TRUNC), 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = ([tracedeskBinary] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, tracedeskBinary, &actions, nil, argv, envp) == 0 else { return -1 }
    return pid
}

/// The exit status if `pid` has ended (reaped now), nil while it runs.
func exited(_ pid: pid_t) -> Int32? {
    var status: Int32 = 0
    let r = waitpid(pid, &status, WNOHANG)
    guard r == pid else { return nil }
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}
