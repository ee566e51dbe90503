import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay the journal and report events, cases and problems (exit 1 on a problem).")

    @OptionGroup var journal: JournalOptions

    func run() throws {
        let path = JournalLocation.resolve(flag: journal.journal)
        guard FileManager.default.fileExists(atPath: path) else {
            throw ValidationError("no journal at \(path)")
        }
        let v: FileJournal.Verification
        let store: FileJournal
        do {
            store = try FileJournal(path: path)
            v = try store.verify()
        } catch let e as JournalError {
            print("journal: \(path)")
            print("problem: \(e)")
            throw ExitCode(1)
        }
        let desk = Desk(replaying: v.events)
        var problems: [String] = desk.anomalies
        if let t = v.tornTail {
            problems.append("line \(t.line): \(t.reason); opening the desk moves it to \(path).quarantine")
        }
        for u in desk.uncommittedImports {
            problems.append("an import (batch \(u.batch)) of \(u.cases) cases was cut off before it finished; its cases are not loaded")
        }
        if let ro = store.readOnlyReason { problems.append(ro) }
        var byStatus: [CaseStatus: Int] = [:]
        for c in desk.cases.values { byStatus[c.status, default: 0] += 1 }
        print("journal: \(path)")
        print("lines:   \(v.lines)")
        print("events:  \(desk.eventCount)")
        print("cases:   \(desk.cases.count)" + (desk.cases.isEmpty ? "" : " (" + CaseStatus.allCases.compactMap { s in
            byStatus[s].map { "\(s.label) \($0)" } }.joined(separator: ", ") + ")"))
        if problems.isEmpty {
            print("problems: none")
        } else {
            print("problems: \(problems.count)")
            for p in problems { print("  - \(p)") }
            throw ExitCode(1)
        }
    }
}
