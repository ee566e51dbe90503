import ArgumentParser
import Foundation

/// Measurements and test-only commands, kept out of the user's `tracedesk`.
@main
struct TracedeskBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracedesk-bench",
        abstract: "Benchmarks and test helpers for tracedesk (not for tracers).",
        subcommands: [BenchImport.self])
}
