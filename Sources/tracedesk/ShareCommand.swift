import TracedeskCore
import ArgumentParser
import Foundation
import TracedeskJournal

/// Where shared desks' tmux sockets live: one per tracer, in a folder the team's group can reach.
enum ShareSocket {
    static func directory(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let d = env["TRACEDESK_SHARE_DIR"], !d.isEmpty { return d } // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
        return "/tmp/tracedesk-share" // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    }

    static func path(tracer: String) -> String { directory() + "/" + tracer }

    static let session = "desk" // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)

    /// tmux on PATH, or a message saying how to install it.
    static func tmux() throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") { // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            let p = "\(dir)/tmux" // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        throw ValidationError(L("sharing a desk needs tmux, which is not installed; install it with: sudo apt-get install tmux"))
    }

    /// Replaces this process with `args` (tmux attaching the terminal); returns only on failure.
    static func exec(_ args: [String]) -> Never {
        let argv = args.map { strdup($0) } + [nil]
        execv(args[0], argv)
        FileHandle.standardError.write(Data(L("tracedesk: cannot run \(args[0]): \(String(cString: strerror(errno)))\n").utf8))
        exit(1)
    }

    @discardableResult
    static func run(_ args: [String]) -> Int32 {
        var pid: pid_t = 0
        let argv = args.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        guard posix_spawn(&pid, args[0], nil, nil, argv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status >> 8) & 0xff
    }
}

struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
        abstract: "Open your desk in a tmux session your team lead can watch, read-only.", // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
        discussion: """
        The session's socket is $TRACEDESK_SHARE_DIR/ID (default /tmp/tracedesk-share/ID), in a folder \
        that is yours alone (mode 750); the group you name (default: your own group) may reach it and \
        its members are let in read-only. Quitting the desk ends the session.
        """)

    @OptionGroup var journal: JournalOptions
    @OptionGroup var options: DeskOptions

    @Option(help: ArgumentHelp("The Unix group whose members may watch (your team's group).", valueName: "group")) // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    var group: String?

    func run() throws {
        try journal.fileOnly("share") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        let tmux = try ShareSocket.tmux()
        guard let tracer = options.tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"] else { // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            throw ValidationError(L("share names the session after you: give --tracer ID (or set TRACEDESK_TRACER)"))
        }
        // The desk it starts checks the journal's folder; the socket is this command's.
        let path = JournalLocation.resolve(flag: journal.journal)
        try DeskSession.checkMember(tracer, team: try loadTeam(journal: path), journal: path)
        let dir = ShareSocket.directory()
        let gid = try groupID(group)
        let me = geteuid()
        let socket = ShareSocket.path(tracer: tracer)
        let base = [tmux, "-S", socket]
        // Before any tmux command: each one connects to whatever server answers at the socket.
        let running: Bool
        do {
            try ShareGuard.prepareFolder(dir, group: gid, owner: me)
            running = try ShareGuard.checkDesk(socket, owner: me)
        } catch { throw ValidationError(error.description) }
        if !running || ShareSocket.run(base + ["has-session", "-t", ShareSocket.session]) != 0 { // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            var deskArgs = [selfPath(), "desk", "--journal", path, "--tracer", tracer] // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            if let t = options.theme { deskArgs += ["--theme", t] } // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            if options.noColor { deskArgs.append("--no-color") } // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            if options.record { deskArgs.append("--record") } // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            let size = terminalSize()
            let started = ShareSocket.run(base + ["-f", "/dev/null", "new-session", "-d", "-s", ShareSocket.session, // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
                                                  "-x", "\(size.width)", "-y", "\(size.height)"] + deskArgs)
            guard started == 0 else { throw ValidationError(L("tmux could not start the shared session at \(socket)")) }
            // The desk fills the terminal as it would alone; watchers never change its size.
            for option in [["status", "off"], ["default-terminal", "tmux-256color"], ["window-size", "latest"]] { // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
                ShareSocket.run(base + ["set-option", "-g"] + option) // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            }
            // The group may connect; tmux's access list then lets its members in read-only.
            lchown(socket, me, gid)
            chmod(socket, 0o660)
            for user in groupMembers(gid) where user != NSUserName() {
                ShareSocket.run(base + ["server-access", "-a", "-r", user]) // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            }
        }
        // Once more just before the terminal is handed over: the session may be one that an
        // earlier share left, found by has-session above.
        do { _ = try ShareGuard.checkDesk(socket, owner: me) } catch { throw ValidationError(error.description) }
        print(L("Your desk is shared (read-only for watchers). Your lead watches it with:"))
        print(L("    tracedesk watch \(tracer)"))
        print(L("(or: tmux -S \(socket) attach -r -t \(ShareSocket.session))"))
        fflush(nil)
        ShareSocket.exec(base + ["attach-session", "-t", ShareSocket.session]) // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    }

    private func groupID(_ name: String?) throws -> gid_t {
        guard let name else { return getegid() }
        guard let g = getgrnam(name) else { throw ValidationError(L("--group \(name): no such group")) }
        return g.pointee.gr_gid
    }

    private func groupMembers(_ gid: gid_t) -> [String] {
        guard let g = getgrgid(gid), var p = g.pointee.gr_mem else { return [] }
        var out: [String] = []
        while let m = p.pointee { out.append(String(cString: m)); p += 1 }
        return out
    }

    private func selfPath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    }

    private func terminalSize() -> (width: Int, height: Int) {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return (Int(ws.ws_col), Int(ws.ws_row)) }
        return (80, 24)
    }
}

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
        abstract: "Watch a tracer's shared desk live, read-only (they run tracedesk share).", // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
        discussion: "Keys you type do nothing to their desk; press C-b d to stop watching.") // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)

    @Argument(help: "The tracer's id.") var tracer: String // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    @OptionGroup var language: LanguageOption

    func run() throws {
        let tmux = try ShareSocket.tmux()
        let dir = ShareSocket.directory()
        let socket = ShareSocket.path(tracer: tracer)
        let base = [tmux, "-S", socket]
        // The watcher does not know the tracer's Unix account: the desk must be run by whoever
        // owns the folder, which no one else can write in. A planted server would see the
        // watcher's keys and show whatever it likes.
        var sharing = false
        if access(dir, F_OK) == 0 {
            do { sharing = try ShareGuard.checkDesk(socket, owner: ShareGuard.folderOwner(dir)) } catch { throw ValidationError(error.description) }
        }
        guard sharing, ShareSocket.run(base + ["has-session", "-t", ShareSocket.session]) == 0 else { // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
            throw ValidationError(L("\(tracer) is not sharing a desk now (no session at \(socket)); ask them to run: tracedesk share --tracer \(tracer)"))
        }
        // -r: read-only and ignore-size, so the watcher's window never resizes the tracer's desk.
        ShareSocket.exec(base + ["attach-session", "-r", "-t", ShareSocket.session]) // not shown: tmux's arguments, a path, an environment name or --help text (ArgumentParser)
    }
}
