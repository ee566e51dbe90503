import ArgumentParser
import Foundation
import TracedeskCore

@main
struct Tracedesk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracedesk",
        abstract: "The contact tracer's desk: case queue, call log and journal.",
        discussion: """
        With no subcommand, opens the desk on your journal. Try `tracedesk demo` first: it opens \
        the desk on a demo queue of Jakarta cases in a journal of its own.
        """,
        subcommands: [DeskCommand.self, DemoCommand.self, ImportCommand.self, CasesCommand.self,
                      ExportCommand.self, TeamCommand.self, ReportCommand.self, ShareCommand.self, WatchCommand.self, ReplayCommand.self, CheckCommand.self, ThemesCommand.self, BenchCommand.self, StressAppendCommand.self],
        defaultSubcommand: DeskCommand.self
    )

    /// Every command speaks the user's language (TRACEDESK_LANG, LC_ALL/LC_MESSAGES/LANG);
    /// the desk's --lang then overrides it for the desk itself.
    static func main() {
        returnLargeBuffersToTheSystem()
        let (language, _) = Language.resolve(flag: nil, environment: ProcessInfo.processInfo.environment)
        Localization.$language.withValue(language) { Self.main(nil) }
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
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

/// Options every command that opens a journal shares.
struct JournalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The journal file (default: $TRACEDESK_JOURNAL, else $XDG_DATA_HOME/tracedesk/journal.jsonl).", valueName: "path"))
    var journal: String?
}

struct DeskOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Your tracer id (default: $TRACEDESK_TRACER, else you are asked).", valueName: "id"))
    var tracer: String?

    @Option(name: .long, help: ArgumentHelp("Theme name (in themes/) or path to a .theme file.", valueName: "name|path"))
    var theme: String?

    @Option(name: .long, help: ArgumentHelp("id (Bahasa Indonesia) or en (default: $TRACEDESK_LANG, else LANG/LC_MESSAGES; F2 switches in the desk).", valueName: "id|en"))
    var lang: String?

    @Flag(name: .long, help: "Draw without colour (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Record each interview's screen as an asciicast beside the journal (also: tracedesk team set --recording on).")
    var record = false

    /// For start-up measurements: open, replay, draw the queue once, leave.
    @Flag(name: .long, help: .hidden)
    var exitAfterFirstFrame = false
}
