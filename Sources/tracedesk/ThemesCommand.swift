import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskCurses
import TracedeskUI

struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "List the themes, or preview one.", // not shown: command name, --help text (ArgumentParser) or an environment name
        subcommands: [ThemesList.self, ThemesPreview.self], defaultSubcommand: ThemesList.self)
}

struct ThemesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The themes and where each comes from.") // not shown: command name, --help text (ArgumentParser) or an environment name
    @OptionGroup var language: LanguageOption

    func run() throws {
        for (name, path) in ThemeLoader.available() {
            let problem = path.hasPrefix("/") ? ThemeLoader.load(path).problem : nil
            let shown = path == ThemeLoader.builtIn ? L("(built in)") : path
            print("\(name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(shown)" + (problem.map { L("  (bad: \($0))") } ?? ""))
        }
    }
}

struct ThemesPreview: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "preview", abstract: "Draw every slot of a theme.") // not shown: command name, --help text (ArgumentParser) or an environment name

@OptionGroup var language: LanguageOption
    @Argument(help: "A theme name or a path to a .theme file.") // not shown: command name, --help text (ArgumentParser) or an environment name
    var theme: String

    @Flag(name: .long, help: "Draw without colour.") // not shown: command name, --help text (ArgumentParser) or an environment name
    var noColor = false

    func run() throws {
        let loaded = ThemeLoader.load(theme)
        if let problem = loaded.problem { throw ValidationError(problem) }
        let terminal = try TerminalGate.open(theme: loaded.theme, noColor: noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty) // not shown: command name, --help text (ArgumentParser) or an environment name
        defer { terminal.restore() }
        while true {
            var f = Frame(size: terminal.size)
            ThemePreview.draw(loaded.theme, into: &f)
            terminal.present(f)
            switch terminal.read(timeoutMilliseconds: 1000) {
            case .key, .signal: return
            default: continue
            }
        }
    }
}
