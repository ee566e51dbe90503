import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskCurses
import TracedeskUI

/// The one way a command opens the terminal. ncurses given a pipe or /dev/null draws its escape
/// sequences into the pipe and reads end-of-file as "no key yet", for ever: every screen-opening
/// command (desk, demo, themes preview) says so in the user's language and leaves with 2 instead.
enum TerminalGate {
    static func open(theme: Theme, noColor: Bool, language: Language? = nil) throws -> CursesTerminal {
        try check(language: language)
        let terminal = CursesTerminal()
        try terminal.start(theme: theme, noColor: noColor)
        return terminal
    }

    /// The refusal alone, for a command to say before it touches anything: a demo without a
    /// terminal once wrote its demo journal and team file first, then refused.
    static func check(language: Language? = nil) throws {
        let why: String? = Localization.$language.withValue(language ?? Localization.language) {
            if isatty(STDIN_FILENO) != 1 {
                return L("the desk reads keys from a terminal, and its input is not one. Run it in a terminal; without one, use import, cases, report or export.")
            }
            if isatty(STDOUT_FILENO) != 1 {
                return L("this command draws on a terminal, and its output is not one. Run it in a terminal, not into a pipe or a file.")
            }
            return nil
        }
        if let why {
            FileHandle.standardError.write(Data("tracedesk: \(why)\n".utf8)) // not shown: command name, --help text (ArgumentParser) or an environment or file name
            throw ExitCode(2)
        }
    }
}
