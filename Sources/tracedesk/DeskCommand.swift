import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskCurses
import TracedeskJournal
import TracedeskServer
import TracedeskUI

struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "desk", abstract: "Open the desk (the default).") // not shown: command name, --help text (ArgumentParser) or an environment or file name

    @OptionGroup var journal: JournalOptions
    @OptionGroup var options: DeskOptions

    func run() throws {
        if let target = try journal.server() {
            return try DeskSession(path: "", options: options, demo: false, server: target, onlyTeam: journal.onlyTeam).run()
        }
        let path = try journal.pathToWrite()
        try DeskSession(path: path, options: options, demo: false).run()
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        abstract: "Open the desk on a demo queue of Jakarta cases (its own journal, never your real one).") // not shown: command name, --help text (ArgumentParser) or an environment or file name

    @OptionGroup var options: DeskOptions

    @Flag(name: .long, help: "Start the demo queue afresh.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var reset = false

    func run() throws {
        // Nothing is reset, made or written for a desk that cannot open.
        try TerminalGate.check(language: Language.resolve(flag: options.lang, environment: ProcessInfo.processInfo.environment).0)
        let path = JournalLocation.demo()
        if reset {
            for p in [path, TeamFile.path(forJournal: path)] {
                try? FileManager.default.removeItem(atPath: p)
            }
        }
        var opts = options
        if opts.tracer == nil && ProcessInfo.processInfo.environment["TRACEDESK_TRACER"] == nil { // not shown: command name, --help text (ArgumentParser) or an environment or file name
            opts.tracer = "tracer-01" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        }
        try DeskSession(path: path, options: opts, demo: true).run()
    }
}

/// Opens the journal, takes over the terminal and runs the desk until the tracer quits.
struct DeskSession {
    let path: String
    let options: DeskOptions
    let demo: Bool
    var server: ServerTarget? = nil
    /// `--team`: a lead of several teams working one of them.
    var onlyTeam: String? = nil

    /// Everything the desk command says, from a server's refusal at opening to the desk's
    /// first words, is in the desk's language (`--lang` over the environment's).
    func run() throws {
        let (language, languageProblem) = Language.resolve(flag: options.lang, environment: ProcessInfo.processInfo.environment)
        if let languageProblem { throw ValidationError(languageProblem) }
        try Localization.$language.withValue(language) { try run(in: language) }
    }

    /// Events replayed at start past which a checkpoint is written: a few seconds' worth of a
    /// month's log, about 0.2 s of replay here; fewer are cheaper to replay than to write.
    static let checkpointAfterEvents = 20_000

    private func run(in language: Language) throws {
        var tracer = options.tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"] // not shown: command name, --help text (ArgumentParser) or an environment or file name
        // The team file, read once. Someone it refuses is told so with or without a terminal:
        // nothing else is read for that. (A demo takes in whoever tries it.)
        var team: Team? = server == nil ? try loadTeam(journal: path) : nil
        if server == nil, let t = tracer {
            if let problem = SignInScreen.validate(t) { throw ValidationError(L("tracer id \"\(t)\": \(problem)")) }
            if !demo { try Self.checkMember(t, team: team, journal: path) }
        }
        // Refused before the journal or the server is touched: a desk that cannot read keys
        // must not make a journal, take the lock or replay a city first.
        try TerminalGate.check(language: language)
        let store: EventStore
        var checkpointWriting: CheckpointWriting?
        var desk: Desk
        if let server {
            // On the server, the login is the person: the database says who they are and
            // which teams' cases they see; only those are read.
            // Work saved while the server is away waits in an outbox on this computer; what an
            // earlier desk left there is sent as this one opens.
            let outbox = PostgresStore.outboxPath(for: server, dataDirectory: JournalLocation.dataDirectory(environment: ProcessInfo.processInfo.environment))
            StartPhases.mark("main") // not shown: a phase's name in a benchmark's file
            Malloc.limitArenas()
            let pg: PostgresStore
            do {
                pg = try PostgresStore(target: server, outbox: outbox)
            } catch let e as ServerError where e.kind == .unreachable {
                // A desk closed during an outage holds saved work on this computer: said, so
                // nobody types it again or thinks it lost.
                let waiting = PostgresStore.waitingInOutbox(at: outbox)
                guard waiting > 0 else { throw DataError(e) }
                throw DataError(e, message: e.description + "; "
                                + L("Saves made on this computer while the server was away, kept in its outbox (\(outbox)) and sent when the desk opens with the server back: \(waiting)"))
            } catch let e as ServerError {
                throw DataError(e)
            }
            StartPhases.mark("connected") // not shown: a phase's name in a benchmark's file
            pg.readsOnlyWhenDue = true
            do {
                if let t = onlyTeam { try pg.only(team: t) }
                team = try pg.team()
                desk = try pg.replay(team: team, awaitingReview: false)
            } catch let e as ServerError { throw DataError(e) }
            StartPhases.mark("replayed") // not shown: a phase's name in a benchmark's file
            // The replay's batches are freed; their pages go back now, not when malloc decides.
            Malloc.trim()
            if let t = tracer, t != pg.identity.id {
                throw DataError(L("you are logged in to the server as \(pg.identity.id), not \(t); the login decides who you are"), code: 64)
            }
            tracer = pg.identity.id
            store = pg
        } else {
            do {
                let file = try FileJournal(path: path)
                store = file
                // From the checkpoint and the journal's tail when it can be trusted (see
                // `Checkpoint`). Who signs in is known later: a lead's desk reads the filings
                // awaiting review then.
                let env = ProcessInfo.processInfo.environment
                let useCheckpoint = env["TRACEDESK_CHECKPOINT"] != "off" // not shown: command name, --help text (ArgumentParser) or an environment or file name
                let start: DeskStart
                (desk, start) = useCheckpoint ? try file.replayFromCheckpoint(team: team) : (try file.replayLog(team: team), .fullReplay(reason: "off")) // not shown: why a checkpoint was passed over, for the benchmark
                if case .checkpoint = start { StartPhases.mark("from-checkpoint") } else { StartPhases.mark("replayed") } // not shown: a phase's name in a benchmark's file
                // A long replay is saved for the next start, in the background, from the desk
                // as the log made it (what the draft folder adds below is not the log's).
                let after = env["TRACEDESK_CHECKPOINT_AFTER"].flatMap { Int($0) } ?? Self.checkpointAfterEvents // not shown: command name, --help text (ArgumentParser) or an environment or file name
                if useCheckpoint && start.replayed(desk) >= after { checkpointWriting = file.writeCheckpoint(desk, team: team) }
                desk.noteDraftsInProgress(try file.casesInProgress())
            } catch let e as JournalError {
                throw ValidationError(e.description)
            }
        }
        // The checkpoint is on disk, or given up, before the desk ends.
        defer { checkpointWriting?.wait() }
        let journalFile = store as? FileJournal
        // The server's login, as a typed id is checked above.
        if server != nil, let t = tracer, let problem = SignInScreen.validate(t) {
            throw ValidationError(L("tracer id \"\(t)\": \(problem)"))
        }
        if demo && desk.eventCount == 0 {
            if team == nil {
                team = DemoQueue.team
                try TeamFile.save(DemoQueue.team, journal: path)
            }
            // A lead trying the demo sees tracer-01's day, not cases of their own.
            let worker = tracer.flatMap { team?.role(of: $0) == .tracer ? $0 : nil } ?? "tracer-01" // not shown: command name, --help text (ArgumentParser) or an environment or file name
            let written = try DemoQueue.seed(into: store, now: Date(), tracer: worker)
            // Replayed as written, with their places in the journal (the desk keeps those);
            // another desk that seeded first is read as any other desk's work.
            desk = written.isEmpty ? try store.replay(team: team, awaitingReview: false) : Desk(replaying: written, team: team)
        }
        if demo, let t = tracer, var changed = team, changed.member(t) == nil {
            // The demo is a sandbox: whoever tries it joins its team as a tracer.
            try? changed.add(TeamMember(id: t, name: t, role: .tracer))
            try TeamFile.save(changed, journal: path)
            team = changed
            desk = try store.replay(team: team, awaitingReview: false)
        }
        // The demo's team as it now is (whoever tried it has joined; one who left has not).
        if demo, let t = tracer { try Self.checkMember(t, team: team, journal: path) }
        let env = ProcessInfo.processInfo.environment
        let config = try ConfigLoader.load()
        let noColor = options.noColor || !(env["NO_COLOR"] ?? "").isEmpty // not shown: command name, --help text (ArgumentParser) or an environment or file name
        let themed = ThemeLoader.load(options.theme ?? env["TRACEDESK_THEME"] ?? config.theme) // not shown: command name, --help text (ArgumentParser) or an environment or file name
        // Keys come from the terminal: with input from a file or /dev/null there is no one to
        // type, and the desk would wait for ever. Said, in the desk's language, and left.
        let terminal = try TerminalGate.open(theme: themed.theme, noColor: noColor, language: language)
        defer { terminal.restore() }
        guard let who = tracer ?? DeskLoop.signIn(on: terminal) else { return }
        if tracer == nil && server == nil {
            do { try Self.checkMember(who, team: team, journal: path) } catch { terminal.restore(); throw error }
        }
        if team?.role(of: who) == .lead {
            // The review queue shows each interview's warnings: those filings are read whole.
            do { try desk.holdFilingsAwaitingReview(from: store) } catch { terminal.restore(); throw ValidationError("\(error)") }
        }
        let keys = ConfigLoader.keymap()
        let clock = try TestClock.fromEnvironment()
        let app = DeskApp(desk: desk, tracer: who, settings: config.settings, now: clock(),
                          size: terminal.size, keymap: keys.keymap, language: language)
        var ready = app
        if server == nil { ready.context.journalDirectory = JournalLocation.folder(of: path) }
        ready.context.onServer = server != nil
        // Said at once, not at the first save: a journal this build cannot write to (a line from
        // a newer version) is read-only from the start.
        ready.context.readOnlyReason = store.readOnlyReason
        let loop = DeskLoop(terminal: terminal, store: store, app: ready, clock: clock)
        // F3 steps through every theme there is, starting from the one chosen.
        loop.themes = ThemeLoader.available().map { ThemeLoader.load($0.path == ThemeLoader.builtIn ? $0.name : $0.path).theme }
        loop.themeIndex = loop.themes.firstIndex { $0.name == themed.theme.name } ?? 0
        loop.recordingTheme = themed.theme
        if server == nil {
            let watch = TeamFileWatch(journal: path)
            loop.teamSource = { watch.changed() }
        }
        if server == nil && (options.record || team?.recording == true) {
            loop.recorder = AsciicastRecorder(journal: path, clock: config.settings.clock, now: clock)
        }
        defer { loop.finishRecording() }
        if let why = store.readOnlyReason {
            loop.say(Flash(L("Read-only: \(why)"), .warning))
        } else if let pg = store as? PostgresStore, !pg.unreadable.isEmpty {
            // The count is of all of them; the places, of the first three (the line is one row).
            let places = pg.unreadable.prefix(3).joined(separator: ", ") + (pg.unreadable.count > 3 ? ", …" : "")
            loop.say(Flash(L("\(pg.unreadable.count) event(s) on the server cannot be read by this build and were passed over (\(places)); tell your admin."), .warning))
        } else if let r = journalFile?.recovery {
            let name = (r.quarantinePath as NSString).lastPathComponent
            loop.say(Flash(L("Recovered after a crash: line \(r.line) was incomplete; set aside in \(name). All before it is here."), .warning))
        } else if let problem = keys.problems.first {
            let more = keys.problems.count > 1 ? L(" (and \(keys.problems.count - 1) more)") : ""
            loop.say(Flash("\(problem)\(more)", .warning))
        } else if let problem = themed.problem {
            loop.say(Flash(L("\(problem) — using the default theme."), .warning))
        } else if demo && loop.app.flash == nil {
            loop.say(Flash(L("Demo queue: made-up patients, its own journal. Press ? for keys, Enter to open a case. F2: English / Bahasa Indonesia.")))
        }
        if options.exitAfterFirstFrame {
            StartPhases.mark("ready") // not shown: a phase's name in a benchmark's file
            loop.redraw()
            StartPhases.mark("painted") // not shown: a phase's name in a benchmark's file
            // `bench journal` reads when the queue was painted, and the memory it took.
            if let report = ProcessInfo.processInfo.environment["TRACEDESK_FIRST_FRAME_REPORT"] { // not shown: command name, --help text (ArgumentParser) or an environment or file name
                var usage = rusage()
                getrusage(RUSAGE_SELF.rawValue, &usage)
                try? "\(Date().timeIntervalSince1970) \(usage.ru_maxrss)\n".write(toFile: report, atomically: false, encoding: .utf8) // not shown: command name, --help text (ArgumentParser) or an environment or file name
            }
            return
        }
        loop.run()
        terminal.restore()
        // Ended by a signal: 128 + its number, as shells report a program a signal stopped.
        if let signal = loop.app.endSignal { throw ExitCode(128 + signal) }
    }
}

extension DeskSession {
    /// With a team file, only its active members work at the desk: every event names its
    /// actor, and the role it carries comes from that file.
    static func checkMember(_ id: String, team: Team?, journal: String) throws {
        guard let team else { return }
        guard let m = team.member(id) else {
            throw ValidationError(L("\(id) is not in the team (\(TeamFile.path(forJournal: journal))); a lead adds you with: tracedesk team add \(id) --name \"YOUR NAME\""))
        }
        guard m.active else { throw ValidationError(L("\(id) has left the team; a lead brings you back with: tracedesk team add \(id) --name \"\(m.name)\" --role \(m.role.rawValue)")) }
    }
}

/// Reads `$XDG_CONFIG_HOME/tracedesk/config` (or `~/.config/tracedesk/config`) if it exists.
enum ConfigLoader {
    static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["TRACEDESK_CONFIG"], !p.isEmpty { return p } // not shown: command name, --help text (ArgumentParser) or an environment or file name
        return JournalLocation.configDirectory(environment: env) + "/config" // not shown: a file name
    }

    /// The user's keys file on top of the default keys; its problems are shown, not fatal.
    static func keymap() -> (keymap: Keymap, problems: [Keymap.Problem]) {
        let file = JournalLocation.folder(of: path) + "/keys" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        var map = Keymap()
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return (map, []) }
        let problems = map.apply(text, file: file)
        return (map, problems)
    }

    static func load() throws -> DeskConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return DeskConfig() }
        do {
            return try DeskConfig.parse(text, file: path)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Where a desk's start spends its time and memory, for `bench city`: with
/// `TRACEDESK_START_PHASES` set, each mark appends "NAME SECONDS-SINCE-EPOCH RESIDENT-KB".
enum StartPhases {
    static let path = ProcessInfo.processInfo.environment["TRACEDESK_START_PHASES"] // not shown: command name, --help text (ArgumentParser) or an environment or file name

    static func mark(_ name: String) {
        guard let path else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        // statm's second field: resident pages now (getrusage has only the peak).
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? "" // not shown: a file name
        let pages = Int(statm.split(separator: " ").dropFirst().first ?? "") ?? 0
        let line = "\(name) \(Date().timeIntervalSince1970) \(pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024)\n" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        _ = line.withCString { write(fd, $0, strlen($0)) }
    }
}

/// glibc's malloc, asked through `dlsym` (Swift's Glibc does not name these; another C library
/// lacks them, and then nothing is done).
enum Malloc {
    /// At most two arenas: the server's rows arrive on the event loop's thread and are freed on
    /// the desk's, and an arena per thread kept 3–8 MB more of a start's pages (bench city).
    static func limitArenas() {
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return } // not shown: a C function's name
        let arenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
        _ = unsafeBitCast(f, to: (@convention(c) (Int32, Int32) -> Int32).self)(arenaMax, 2)
    }

    /// Returns the free pages at the top of each arena to the system.
    static func trim() {
        guard let f = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return } // not shown: a C function's name
        _ = unsafeBitCast(f, to: (@convention(c) (Int) -> Int32).self)(0)
    }
}
