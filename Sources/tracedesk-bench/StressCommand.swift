import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// For the journal's crash and concurrency tests: appends call attempts one at a time, each
/// under the lock and fdatasynced, and prints each id only after it is durable.
struct StressAppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress-append", abstract: "Append test events (journal tests).", shouldDisplay: false)

    @OptionGroup var journal: JournalOptions

    @Option(help: "The case the events are about (must be imported).")
    var caseId: String

    @Option(help: "How many events; 0 only opens (and repairs) the journal.")
    var count = 100

    @Option(help: "Every Nth event carries a note over 64 KiB (a journal record that large; beyond what a server takes of a note, so check names it).")
    var bigEvery = 0

    @Option(help: "Writer name, used as the actor.")
    var writer = "stress"

    func run() throws {
        let path = JournalLocation.resolve(flag: journal.journal)
        let store = try FileJournal(path: path)
        let existing = try store.readAll()
        if count == 0 {
            print("events \(existing.count)")
            return
        }
        for i in 0..<count {
            let big = bigEvery > 0 && i % bigEvery == bigEvery - 1
            let note = big ? String(repeating: "catatan panjang \(i) ", count: 4_000) : "\(writer) \(i)"
            let now = Date()
            let e = Event(id: EventID.make(at: now), timestamp: now, actor: writer,
                          body: .callLogged(CallAttempt(caseId: caseId, outcome: .busy, note: note)))
            try store.append([e])
            // Unbuffered: the parent may kill us right after; what it read is durable.
            FileHandle.standardOutput.write(Data((e.id.rawValue + "\n").utf8))
        }
    }
}
