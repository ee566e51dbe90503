import Foundation
import Testing

/// Opens JKT-77 from the queue, starts the interview with consent given and goes to its first
/// day (today: the walk is newest first).
func startInterviewAtToday(_ desk: TmuxDesk, tracer: String = "tracer-05") {
    desk.waitFor("JKT-77")
    desk.keys("Enter")
    desk.waitFor("\(tracer) (you)")
    desk.keys("i")
    desk.waitFor("1 Identity › 2 Symptoms")
    desk.keys("Tab", "Tab", "Tab", "Right", "PageDown")
    desk.waitFor("6 days to walk")
    desk.keys("PageDown")
    desk.waitFor("day 6 of 6")
}

/// Files a one-contact interview on JKT-77 from a desk already showing the queue, stopping at
/// the "File this interview now?" question; returns the screen at that moment.
@discardableResult
func walkShortInterview(_ desk: TmuxDesk, phone: String? = "0812 3333 4444") -> String {
    startInterviewAtToday(desk)
    desk.keys("Tab"); desk.text("rumah"); desk.keys("Enter")
    desk.text("Budi Santoso"); desk.keys("Enter")
    desk.waitFor("K1 Budi Santoso")
    desk.keys("F9")
    desk.waitFor("5 Review")
    desk.keys("PageUp")
    desk.waitFor("4 Contacts 1")
    desk.keys("Enter")
    if let phone { desk.keys("Tab"); desk.text(phone) }
    for _ in 0..<(phone == nil ? 10 : 9) { desk.keys("Tab") }
    desk.keys("Right")
    desk.waitFor("→ close contact")
    desk.keys("Escape", "F9")
    desk.waitFor("1 named, 1 close")
    desk.keys("f")
    return desk.waitForSettled("File this interview now?")
}

func trimmedLines(_ screen: String) -> [String] {
    var lines = screen.components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    while lines.last == "" { lines.removeLast() }
    return lines
}

/// Whether a test may make throwaway Unix users (a tracer and an attacker).
let canMakeUsers: Bool = {
    let can = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd")
        && FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")
    if !can { print("ShareEndToEndTests: not root or no useradd/runuser here; the tests that need two Unix users are skipped") }
    return can
}()

@Suite(.serialized) struct ShareEndToEndTests {
    @Test func aLeadWatchesReadOnlyFromALargerTerminal() throws {
        let s = try teamScratch()
        let shareDir = s.path + "/share"
        let env = s.environment(["TRACEDESK_SHARE_DIR": shareDir])
        let socket = shareDir + "/tracer-05"
        defer { _ = try? run(["-S", socket, "kill-server"], env: env, executable: "/usr/bin/tmux") }

        let tracer = try TmuxDesk(["share", "--tracer", "tracer-05"], env: env, width: 100, height: 30)
        tracer.waitFor("JKT-77")
        // The group may connect; others may not. (tmux itself flips the x bits to say whether
        // a client is attached.)
        let mode = (try FileManager.default.attributesOfItem(atPath: socket))[.posixPermissions] as? Int ?? 0
        #expect(mode & 0o660 == 0o660)
        #expect(mode & 0o007 == 0)
        // The folder is the tracer's alone: the group may reach the socket, no one else may write.
        let folder = (try FileManager.default.attributesOfItem(atPath: shareDir))[.posixPermissions] as? Int
        #expect(folder == 0o750)

        // The lead's terminal is bigger; attaching it must not resize the tracer's desk.
        let watcher = try TmuxDesk(["watch", "tracer-05"], env: env, width: 130, height: 40)
        watcher.waitFor("JKT-77")
        let size = try run(["-S", socket, "display-message", "-p", "-t", "desk", "#{window_width}x#{window_height}"],
                           env: env, executable: "/usr/bin/tmux")
        #expect(size.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "100x30")

        tracer.keys("Enter")
        tracer.waitFor("tracer-05 (you)")
        watcher.waitFor("tracer-05 (you)")

        // Typing in the watcher changes nothing: no call form opens, the desk does not quit.
        // (Below the title: its clock may turn a minute meanwhile.)
        func belowTitle() -> [Substring] { Array(tracer.screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst()) }
        let before = belowTitle()
        watcher.keys("c"); watcher.keys("q"); watcher.keys("Escape"); watcher.keys("q")
        // C-b d, the one key a read-only client may use, comes after them on the same client:
        // once the watcher has detached, tmux has handled every key before it. Then a key of
        // the tracer's own: once the desk shows its effect, the desk has read anything tmux
        // passed on from the watcher, which came before it in the pane's input.
        watcher.keys("C-b", "d")
        watcher.waitFor("DESK-EXITED:0")
        tracer.keys("?")
        tracer.waitFor("Log a call attempt (outcome, note, callback time)")
        tracer.keys("Escape")
        tracer.waitFor("tracer-05 (you)")
        #expect(!tracer.screen.contains("Outcome"))
        #expect(belowTitle() == before)
        #expect(!tracer.screen.contains("DESK-EXITED"))

        // The tracer's own keys still work, and a watcher sees them.
        let watcher2 = try TmuxDesk(["watch", "tracer-05"], env: env, width: 130, height: 40)
        watcher2.waitFor("tracer-05 (you)")
        tracer.keys("c")
        tracer.waitFor("Outcome")
        watcher2.waitFor("Outcome")
        tracer.keys("Escape")
        tracer.waitFor("tracer-05 (you)")

        // A second watcher of another size comes and goes; the desk stays as it was.
        let small = try TmuxDesk(["watch", "tracer-05"], env: env, width: 80, height: 24)
        small.waitFor("tracer-05")
        let again = try run(["-S", socket, "display-message", "-p", "-t", "desk", "#{window_width}x#{window_height}"],
                            env: env, executable: "/usr/bin/tmux")
        #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "100x30")
        _ = try? run(["-S", socket, "detach-client", "-a", "-t", "desk"], env: env, executable: "/usr/bin/tmux")
        tracer.keys("Escape")
        tracer.waitFor("JKT-77")
        tracer.keys("q")
        tracer.waitFor("DESK-EXITED:0")
    }

    /// journal-03: another local user plants a tmux server where the tracer's socket goes and
    /// grants the tracer access; `share` must refuse before a single key reaches it.
    @Test(.enabled(if: canMakeUsers, "needs root and useradd to make a tracer and an attacker"))
    func aServerPlantedAtTheTracersSocketIsRefused() throws {
        let s = Scratch()
        let tag = String(UUID().uuidString.prefix(6)).lowercased()
        let (tracer, attacker) = ("tdt" + tag, "tda" + tag)
        for user in [tracer, attacker] {
            #expect(try run(["-M", "-s", "/usr/sbin/nologin", user], env: [:], executable: "/usr/sbin/useradd").status == 0)
        }
        defer { for user in [tracer, attacker] { _ = try? run([user], env: [:], executable: "/usr/sbin/userdel") } }
        let uid = { (name: String) in getpwnam(name)!.pointee.pw_uid }
        let tmux = "/usr/bin/tmux"
        func runAs(_ user: String, _ args: [String], env: [String: String] = [:]) throws -> RunResult {
            try run(["-u", user, "--", "/usr/bin/env"] + env.map { "\($0.key)=\($0.value)" } + args,
                    env: ProcessInfo.processInfo.environment, executable: "/usr/sbin/runuser")
        }
        func plant(_ socket: String, as user: String) throws {
            let started = user == "root"
                ? try run(["-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "desk", "cat"], env: ProcessInfo.processInfo.environment, executable: tmux)
                : try runAs(user, [tmux, "-S", socket, "-f", "/dev/null", "new-session", "-d", "-s", "desk", "cat"])
            #expect(started.status == 0, "\(started.stderr)")
            _ = try run(["-S", socket, "server-access", "-a", tracer], env: ProcessInfo.processInfo.environment, executable: tmux)
            chmod(socket, 0o777)
        }
        func stop(_ socket: String) {
            let pid = (try? run(["-S", socket, "display-message", "-p", "#{pid}"], env: ProcessInfo.processInfo.environment, executable: tmux))?
                .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if let pid = pid.flatMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        let share = { (dir: String) in
            try runAs(tracer, [tracedeskBinary, "share", "--tracer", "tr9"],
                      env: s.environment(["TRACEDESK_SHARE_DIR": dir, "TRACEDESK_JOURNAL": s.path + "/j/j.jsonl"]))
        }

        // As the repro has it: a folder open to all, like /tmp, with the attacker's server in it.
        let open = s.path + "/open"
        mkdir(open, 0o1777); chmod(open, 0o1777)
        try plant(open + "/tr9", as: attacker)
        defer { stop(open + "/tr9") }
        let r1 = try share(open)
        #expect(r1.status == 1) // refused: one line, no usage text
        #expect(r1.stderr.contains("\(open): the folder for shared desks belongs to another user (uid 0); it must be yours alone"), "\(r1.stderr)")
        // The same folder made the tracer's (as the old share made it, 1777): still open to all.
        chown(open, uid(tracer), getegid())
        let r0 = try share(open)
        #expect(r0.status == 1) // refused: one line, no usage text
        #expect(r0.stderr.contains("\(open): others may write in the folder for shared desks, so they could put their own tmux server in place of a desk; fix with: chmod 750 \(open)"), "\(r0.stderr)")
        // A lead asked to watch it is refused too: the server could show anything and read the lead's keys.
        let w = try run(["watch", "tr9"], env: s.environment(["TRACEDESK_SHARE_DIR": open]))
        #expect(w.status == 1) // refused: one line, no usage text
        #expect(w.stderr.contains("\(open): others may write in the folder"))

        // The attacker's own folder, closed to others.
        let theirs = s.path + "/theirs"
        mkdir(theirs, 0o755); chown(theirs, uid(attacker), getegid())
        try plant(theirs + "/tr9", as: attacker)
        defer { stop(theirs + "/tr9") }
        let r2 = try share(theirs)
        #expect(r2.status == 1) // refused: one line, no usage text
        #expect(r2.stderr.contains("\(theirs): the folder for shared desks belongs to another user (uid \(uid(attacker)))"), "\(r2.stderr)")

        // The tracer's own folder with a socket made the tracer's, but another user's server behind it.
        let mine = s.path + "/mine"
        mkdir(mine, 0o750); chown(mine, uid(tracer), getegid())
        try plant(mine + "/tr9", as: "root")
        defer { stop(mine + "/tr9") }
        lchown(mine + "/tr9", uid(tracer), getegid())
        let r3 = try share(mine)
        #expect(r3.status == 1) // refused: one line, no usage text
        #expect(r3.stderr.contains("\(mine)/tr9: the tmux server answering here runs as another user (uid 0, not \(uid(tracer))); refusing to attach to it"), "\(r3.stderr)")

        // The attacker's socket in a folder the tracer owns (left from before the fix).
        let left = s.path + "/left"
        mkdir(left, 0o750); chown(left, uid(tracer), getegid())
        try plant(left + "/tr9", as: "root")
        defer { stop(left + "/tr9") }
        lchown(left + "/tr9", uid(attacker), getegid())
        let r4 = try share(left)
        #expect(r4.status == 1) // refused: one line, no usage text
        #expect(r4.stderr.contains("\(left)/tr9: the socket belongs to another user (uid \(uid(attacker))); refusing to attach"), "\(r4.stderr)")
    }

    @Test func watchingSomeoneNotSharingSaysSo() throws {
        let s = Scratch()
        let r = try run(["watch", "tracer-09"], env: s.environment(["TRACEDESK_SHARE_DIR": s.path + "/share"]))
        #expect(r.status != 0)
        #expect(r.stderr.contains("tracer-09 is not sharing a desk now"))
    }

    @Test func aRecordedInterviewPlaysInAsciinemaAndInTracedeskReplay() throws {
        let s = try teamScratch()
        #expect(try run(["team", "set", "--recording", "on", "--tracer", "lead-01"], env: s.environment()).stdout.contains("recording on"))
        let desk = try TmuxDesk(["--tracer", "tracer-05"], env: s.environment(), width: 100, height: 30)
        let last = walkShortInterview(desk)
        desk.keys("y")
        desk.waitFor("Filed: JKT-77 with 1 contact, awaiting review.")
        desk.keys("q")
        desk.waitFor("DESK-EXITED:0")

        let dir = s.path + "/data/tracedesk/recordings"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".cast") }
        #expect(files.count == 1)
        guard let name = files.first else { return }
        // Named by the desk's local time with its offset (it was UTC without a sign of it).
        #expect(name.range(of: #"^JKT-77-\d{8}-\d{6}\+0700\.cast$"#, options: .regularExpression) != nil, "\(name)")
        let file = dir + "/" + name
        #expect(((try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? Int) == 0o600)
        #expect(((try FileManager.default.attributesOfItem(atPath: dir))[.posixPermissions] as? Int) == 0o700)
        let header = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first ?? ""
        #expect(header.contains("\"version\": 2") && header.contains("\"width\": 100"))

        // The real asciinema accepts it.
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        let asciinema = (path + ["/usr/local/bin", NSHomeDirectory() + "/.local/bin"]).map { $0 + "/asciinema" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        if let asciinema {
            let cat = try run(["cat", file], env: ProcessInfo.processInfo.environment, executable: asciinema)
            #expect(cat.status == 0)
            #expect(cat.stdout.contains("File this interview now?"))
        } else {
            Issue.record("asciinema is not installed (pip install asciinema; .ci/run does it)")
        }

        // tracedesk replay ends on the same screen the tracer saw last.
        let player = try TmuxDesk(["replay", file, "--speed", "20", "--hold"], env: s.environment(), width: 100, height: 30)
        let shown = player.waitForSettled("File this interview now?")
        #expect(trimmedLines(shown) == trimmedLines(last))

        // The lead's review links the recording.
        let lead = try TmuxDesk(["--tracer", "lead-01"], env: s.environment(), width: 140, height: 32)
        lead.waitFor("1 awaiting review")
        lead.keys("Enter")
        lead.waitFor("Recording: tracedesk replay \(file)")
    }
}
