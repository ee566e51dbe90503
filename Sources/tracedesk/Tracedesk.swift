import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TracedeskCore
import TracedeskJournal

@main
struct Tracedesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracedesk", // not shown: command name
        abstract: "The contact tracer's desk: case queue, call log and journal.", // not shown: command name, --help text (ArgumentParser)
        discussion: """
        With no subcommand, opens the desk on your journal. Try `tracedesk demo` first: it opens \
        the desk on a demo queue of Jakarta cases in a journal of its own.
        """,
        version: "tracedesk \(Tracedesk.version)", // not shown: the program's name and version
        subcommands: [DeskCommand.self, DemoCommand.self, ImportCommand.self, CasesCommand.self,
                      ExportCommand.self, CorrectCommand.self, TeamCommand.self, ReportCommand.self, ShareCommand.self, WatchCommand.self, ReplayCommand.self, CheckCommand.self, ThemesCommand.self, ServerCommand.self],
        defaultSubcommand: DeskCommand.self
    )

    static let version = "0.17.0"

    /// Every command speaks the user's language: `--lang`, else TRACEDESK_LANG, else
    /// LC_ALL/LC_MESSAGES/LANG. `--lang` is read before the rest of the line is parsed, so
    /// ArgumentParser's own complaints about the rest are in it too.
    static func main() {
        returnLargeBuffersToTheSystem()
        let args = langAfterTheCommand(Array(CommandLine.arguments.dropFirst()))
        let (language, problem) = Language.resolve(flag: nil, environment: ProcessInfo.processInfo.environment)
        Localization.$language.withValue(language) {
            switch languageAsked(in: args) {
            case .none:
                // TRACEDESK_LANG=fr: said, as `--lang fr` is, not taken for Indonesian.
                if let problem { fail(problem, code: 1) }
                start(args)
            case .some(.success(let asked)): Localization.$language.withValue(asked) { start(args) }
            case .some(.failure(let bad)): fail(L("\("--lang") does not take \"\(bad.value)\"; it takes one of \("id, en")"), code: 1) // not shown: an option's name and its values
            }
        }
    }

    struct UnknownLanguage: Error { var value: String }

    /// `tracedesk --lang en cases` as `tracedesk cases --lang en`: every command takes
    /// `--lang`, but before the command's name ArgumentParser reads it as the desk's and the
    /// name as a stray argument. Moved to the end of the line (before a `--`), where the
    /// innermost command (`export contacts`) reads it.
    static func langAfterTheCommand(_ args: [String]) -> [String] {
        let taken: Int
        if args.first == "--lang", args.count >= 3 { taken = 2 } // not shown: an option's name
        else if args.first?.hasPrefix("--lang=") == true, args.count >= 2 { taken = 1 } // not shown: an option's name
        else { return args }
        guard configuration.subcommands.contains(where: { $0._commandName == args[taken] }) else { return args }
        var rest = Array(args.dropFirst(taken))
        rest.insert(contentsOf: args.prefix(taken), at: rest.firstIndex(of: "--") ?? rest.count)
        return rest
    }

    /// The value of the line's `--lang V` or `--lang=V`, up to a `--` (after which words are
    /// arguments); nil when the line does not give one.
    static func languageAsked(in args: [String]) -> Result<Language, UnknownLanguage>? {
        var value: String?
        for (i, a) in args.enumerated() {
            if a == "--" { break }
            if a == "--lang", i + 1 < args.count { value = args[i + 1] } // not shown: an option's name
            else if a.hasPrefix("--lang=") { value = String(a.dropFirst(7)) } // not shown: an option's name
        }
        guard let value else { return nil }
        guard let l = Language(rawValue: value.lowercased()) else { return .failure(UnknownLanguage(value: value)) }
        return .success(l)
    }

    /// Parses, runs, and exits as the tools people know: a usage mistake prints usage and exits
    /// 64; a problem with the data or files prints one line (`tracedesk: …`) and exits 1 (65,
    /// 66 or 73 where sysexits.h names the case); `--version` and `--help` print and exit 0.
    static func start(_ args: [String]) -> Never {
        let every = configuration.subcommands.map { $0._commandName } + ["help"] // not shown: command name
        if let word = args.first, !word.hasPrefix("-"), !every.contains(word) {
            var line = L("tracedesk: '\(word)' is not a tracedesk command.")
            if let near = CommandSuggestion.nearest(to: word, in: commandNames.filter { $0 != "help" }) {
                line += " " + L("Did you mean '\(near)'?")
            }
            Say.err(line + "\n" + UsageText.mistake("Usage: " + usageString()) + "\n") // not shown: ArgumentParser's label, said again by UsageText
            Glibc.exit(64)
        }
        // The same for a command's own commands (`export contcts`, `team lst`): ArgumentParser
        // reads the word as an argument and answers about that instead.
        var level: ParsableCommand.Type = Tracedesk.self
        for (depth, word) in args.enumerated() {
            guard !word.hasPrefix("-"),
                  let next = level.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            let own = next.configuration.subcommands.filter { $0.configuration.shouldDisplay }.map { $0._commandName }
            guard !own.isEmpty, depth + 1 < args.count else { break }
            let typed = args[depth + 1]
            if !typed.hasPrefix("-"), !own.contains(typed), typed != "help" { // not shown: command name
                let path = args[...depth].joined(separator: " ")
                var line = L("tracedesk \(path): '\(typed)' is not one of its commands (\(own.joined(separator: ", "))).")
                if let near = CommandSuggestion.nearest(to: typed, in: own) { line += " " + L("Did you mean '\(near)'?") }
                Say.err(line + "\n" + UsageText.mistake(usageString(for: next)) + "\n")
                Glibc.exit(64)
            }
            level = next
        }
        if args == ["--help"] || args == ["-h"] || args == ["help"] { // not shown: command name
            print(topLevelHelp())
            Glibc.exit(0)
        }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(args)
        } catch {
            if let bad = badValue(message(for: error)) { fail(bad, code: 1) }
            leave(error)
        }
        do {
            try command.run()
            Glibc.exit(0)
        } catch let e as DataError {
            fail(e.message, code: e.code)
        } catch let e as ValidationError {
            // Thrown by a command while running, after the arguments parsed: the data said no.
            fail(e.message, code: 1)
        } catch let e as JournalError {
            // A command that reads maps its journal's refusal itself (66, not 73); one that
            // lets it through was writing (a team file, a journal), and it is still one line.
            let d = DataError(e, writing: true)
            fail(d.message, code: d.code)
        } catch {
            leave(error)
        }
    }

    /// A value an option does not take (`--format xml`, `--role boss`) is a mistake in the
    /// data typed, not in how the command is used: one line in the user's language and exit 1,
    /// as `--status asleep` has (issue 17 item 11). ArgumentParser says it as "The value 'V' is
    /// invalid for '--name <name>'. Please provide one of …"; its usage text is left out.
    static func badValue(_ message: String) -> String? {
        guard let m = message.firstMatch(of: /The value '(?<value>.*)' is invalid for '(?<option>-[^ ']+)[^']*'(?:\. Please provide one of (?<choices>.+?)\.?)?(?:\n|$)/) else { return nil } // not shown: ArgumentParser's wording, matched
        let value = String(m.value), option = String(m.option)
        if let choices = m.choices {
            // A plain list, so no English "or" is left in another language's sentence.
            let list = choices.replacing(" and ", with: ", ").replacing(" or ", with: ", ").replacing("'", with: "") // not shown: ArgumentParser's wording, matched
            return L("\(option) does not take \"\(value)\"; it takes one of \(list)")
        }
        return L("\(option) does not take \"\(value)\"")
    }

    /// ArgumentParser's own exit (usage mistakes, --help, --version), its words made visible:
    /// a mistyped option or value may hold ESC or CR; and said in the user's language.
    private static func leave(_ error: Error) -> Never {
        let code = exitCode(for: error)
        let english = withoutFarSuggestion(fullMessage(for: error))
        // `--help` stays one language, English, as its text is (README, Language).
        let text = code == .success ? english : UsageText.mistake(english)
        if code == .success {
            if !text.isEmpty { print(text) }
        } else if !text.isEmpty {
            Say.err(text + "\n")
        }
        Glibc.exit(code.rawValue)
    }

    /// ArgumentParser offers the nearest option however far it is (`--lang` → "Did you mean
    /// '--mine'?"): a suggestion sends the reader the wrong way, so only a near one is kept,
    /// by the same measure as a mistyped command's.
    static func withoutFarSuggestion(_ text: String) -> String {
        guard let m = text.firstMatch(of: /Unknown option '-*(?<typed>[^']+)'\.(?<offer> Did you mean '-*(?<near>[^']+)'\?)/) else { return text } // not shown: ArgumentParser's wording, matched
        if CommandSuggestion.nearest(to: String(m.typed), in: [String(m.near)]) != nil { return text }
        return text.replacingCharacters(in: m.offer.startIndex..<m.offer.endIndex, with: "")
    }

    private static func fail(_ message: String, code: Int32) -> Never {
        Say.err("tracedesk: \(message)\n") // not shown: the program's name before a message made in the catalogue
        Glibc.exit(code)
    }

    /// The subcommands a user may type (the hidden ones are for tests and benchmarks).
    static var commandNames: [String] {
        configuration.subcommands.compactMap { c in
            c.configuration.shouldDisplay ? c._commandName : nil
        } + ["help"] // not shown: command name
    }

    /// The top-level help, with the desk's own options (it is what runs with no subcommand).
    static func topLevelHelp() -> String {
        let desk = DeskCommand.helpMessage()
        var text = helpMessage()
        if let r = desk.range(of: "OPTIONS:") { // not shown: a heading ArgumentParser writes, searched for
            // In the help's own language: ArgumentParser writes the rest in English.
            text += "\n\nDESK OPTIONS (tracedesk with no subcommand, or tracedesk desk):" + desk[r.upperBound...] // not shown: command name, --help text (ArgumentParser) or an environment or file name
        }
        return text
    }
}

/// "Did you mean …": the command within two edits (or the one the word starts).
enum CommandSuggestion {
    static func nearest(to word: String, in names: [String]) -> String? {
        let w = Array(word.lowercased())
        func distance(_ n: [Character]) -> Int {
            var prev = Array(0...n.count)
            for i in 1...w.count {
                var cur = [i] + [Int](repeating: 0, count: n.count)
                for j in stride(from: 1, through: n.count, by: 1) {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (w[i - 1] == n[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return prev[n.count]
        }
        guard !w.isEmpty else { return nil }
        if let best = names.map({ ($0, distance(Array($0))) }).min(by: { $0.1 < $1.1 }), best.1 <= 2 { return best.0 }
        return names.first { $0.hasPrefix(word.lowercased()) && word.count >= 2 }
    }
}

/// glibc raises its mmap threshold each time a large block is freed, after which the large
/// blocks a replay frees (each chunk's decoded events, an import's slabs, a growing table's
/// old copy) stay in the heap, resident: 15 MB of a city's desk at its peak. A fixed
/// threshold keeps every block of 128 KiB or more its own mapping, given back when freed;
/// the chunk buffers themselves are reused, so replay does not pay for fresh pages.
private func returnLargeBuffersToTheSystem() {
    #if canImport(Glibc)
    let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>, which the Glibc module leaves out
    _ = mallopt(mmapThreshold, 128 * 1024)
    #endif
}

#if canImport(Glibc)
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32 // not shown: a C function's name
#endif

/// `--lang`, on every command that has no desk of its own (the desk's is in `DeskOptions`, with
/// F2 to switch). Declared so that it parses and shows in `--help`; `Tracedesk.main` reads it.
struct LanguageOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The language of messages and headings: id (Bahasa Indonesia) or en (default: $TRACEDESK_LANG, else LC_ALL/LC_MESSAGES/LANG).", valueName: "id|en")) // not shown: command name, --help text (ArgumentParser)
    var lang: String?
}

/// Options every command that opens a journal shares.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The journal file (default: $TRACEDESK_JOURNAL, else $XDG_DATA_HOME/tracedesk/journal.jsonl).", valueName: "path")) // not shown: command name, --help text (ArgumentParser)
    var journal: String?

    @Option(name: .long, help: ArgumentHelp("A PostgreSQL server instead of the file journal (postgresql://HOST[:PORT]/DB[?sslmode=verify-full]); passwords come from ~/.pgpass or PGPASSWORD, never the URL (default: store = in the config).", valueName: "url")) // not shown: command name, --help text (ArgumentParser)
    var store: String?

    @Option(name: .customLong("team"), help: ArgumentHelp("With --store: only this team's cases (a lead of several teams, or the data role for one team).", valueName: "name")) // not shown: command name, --help text (ArgumentParser)
    var onlyTeam: String?

    /// `--journal ''` named no file; it once meant the default journal, and an import went there.
    func validate() throws {
        if journal?.isEmpty == true { throw ValidationError(L("--journal: name a file")) }
    }

    /// The journal a command writes: the desk's own (its folders made as needed), or a
    /// named one (`--journal`, TRACEDESK_JOURNAL), whose folder must be there already, as
    /// for any file a tool writes: a mistyped `--journal /srv/tracedesk/tem/journal.jsonl`
    /// would otherwise start a journal nobody finds, and an import would go into it.
    /// - Throws: `DataError` 73 naming the missing folder.
    func pathToWrite(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path = JournalLocation.resolve(flag: journal, environment: environment)
        guard journal?.isEmpty == false || environment["TRACEDESK_JOURNAL"]?.isEmpty == false else { return path } // not shown: an environment variable's name
        let folder = JournalLocation.folder(of: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else {
            throw DataError(JournalError.noFolder(path: folder), writing: true)
        }
        return path
    }
}

struct DeskOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Your tracer id (default: $TRACEDESK_TRACER, else you are asked).", valueName: "id")) // not shown: command name, --help text (ArgumentParser)
    var tracer: String?

    @Option(name: .long, help: ArgumentHelp("Theme name (in themes/) or path to a .theme file.", valueName: "name|path")) // not shown: command name, --help text (ArgumentParser)
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("id (Bahasa Indonesia) or en (default: $TRACEDESK_LANG, else LANG/LC_MESSAGES; F2 switches in the desk).", valueName: "id|en")) // not shown: command name, --help text (ArgumentParser)
    var lang: String?

    @Flag(name: .long, help: "Draw without colour (also when NO_COLOR is set).") // not shown: command name, --help text (ArgumentParser)
    var noColor = false

    @Flag(help: "Record each interview's screen as an asciicast beside the journal (also: tracedesk team set --recording on).") // not shown: command name, --help text (ArgumentParser)
    var record = false

    /// For start-up measurements: open, replay, draw the queue once, leave.
    @Flag(name: .long, help: .hidden)
    var exitAfterFirstFrame = false
}
