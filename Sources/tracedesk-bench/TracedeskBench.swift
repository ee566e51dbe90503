import ArgumentParser
import Foundation

/// Measurements and test-only commands, kept out of the user's `tracedesk`.
@main
struct TracedeskBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracedesk-bench",
        abstract: "Benchmarks and test helpers for tracedesk (not for tracers).",
        subcommands: [BenchCommand.self, StressAppendCommand.self])
}

/// The journal option the benchmarks and the stress writer share with `tracedesk`'s commands.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The journal file (default: $TRACEDESK_JOURNAL, else $XDG_DATA_HOME/tracedesk/journal.jsonl).", valueName: "path"))
    var journal: String?
}
