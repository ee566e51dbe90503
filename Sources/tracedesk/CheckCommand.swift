import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskUI

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        abstract: "Replay the journal and report events, cases and problems (exit 1 on a problem).") // not shown: command name, --help text (ArgumentParser) or an environment or file name

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Flag(help: "Offer the safe choices for a damaged journal (keep the good part, set the rest aside).") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var repair = false

    @Flag(help: "With --repair: apply the first choice without asking.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var yes = false

    func run() throws {
        try journal.fileOnly("check") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        let path = JournalLocation.resolve(flag: journal.journal)
        guard FileManager.default.fileExists(atPath: path) else {
            // EX_NOINPUT, as every other command says a missing journal (the README's exit statuses).
            throw DataError(L("no journal at \(path)"), code: DataError.noInput)
        }
        var disagreements: [(offset: Int64, problem: String)] = []
        let v: FileJournal.Verification
        let store: FileJournal
        var desk = Desk(team: try loadTeam(journal: path))
        do {
            store = try FileJournal(path: path, access: .read)
            v = try store.verify { batch in
                desk.apply(contentsOf: batch)
                // A case named twice that names two (a hand-made filing): replayed, and named here.
                for e in batch { if let p = EventAgreement.problem(e.body), let o = e.ref?.offset { disagreements.append((o, p)) } }
            }
            // As the desk's start does: which interviews are in progress is the draft folder's.
            desk.noteDraftsInProgress(try store.casesInProgress())
        } catch let e as JournalError {
            for line in CheckCommand.aligned([(L("journal:"), path), (L("problem:"), "\(e)")]) { print(line) }
            if repair, case .damaged(_, let line, _) = e { try offerRepair(path: path, line: line) }
            throw ExitCode(1)
        }
        // Each ignored event by its line: a gap, a copy or a hand-made record is found where it is.
        let lines = (try? store.lineNumbers(at: desk.anomalyPlaces.compactMap { $0?.offset } + disagreements.map(\.offset))) ?? [:]
        var problems: [String] = zip(desk.anomalies, desk.anomalyPlaces).map { anomaly, place in
            guard let offset = place?.offset, let line = lines[offset] else { return anomaly.text }
            return L("line \(line): \(anomaly.text)")
        }
        for d in disagreements { problems.append(L("line \(lines[d.offset] ?? 0): \(d.problem); the desk replays it")) }
        // The draft store: every case's file read and checked as the journal is.
        var draftFiles = 0
        var damagedDrafts: [(file: String, line: Int)] = []
        store.drafts.verifyAll { file, result, actors in
            draftFiles += 1
            // Who wrote each draft: someone on the team (the desk refuses to open one that is not).
            for (i, actor) in actors.enumerated() where desk.team != nil && desk.team?.member(actor) == nil {
                problems.append(L("\(file): line \(i + 1): a draft by \(actor), who is not in the team; the desk does not open it"))
            }
            switch result {
            case .success(let v):
                if let t = v.tornTail {
                    problems.append(L("\(file): line \(t.line): \(t.reason); the next save of that interview sets it aside"))
                    damagedDrafts.append((file, t.line))
                }
                if let u = v.unreadable {
                    problems.append(L("\(file): line \(u.line): written whole but this tracedesk cannot read it (\(u.reason.text())); the desk does not open that interview"))
                    damagedDrafts.append((file, u.line))
                }
            case .failure(let e):
                problems.append(L("\(file): \(e)"))
                if case JournalError.damaged(_, let line, _) = e { damagedDrafts.append((file, line)) }
            }
        }
        if let u = store.unreadableLine {
            problems.append(L("line \(u.line): written whole but this tracedesk cannot read it (\(u.reason.text())); the journal opens read-only"))
        }
        // Events beyond what a server takes (a journal written by hand, or before the limits):
        // the desk replays them as they are; `check` names them, as a server would refuse them.
        for (line, p) in CheckCommand.beyondLimits(path) {
            problems.append(p.field.isEmpty
                ? L("line \(line): the event is \(p.size) bytes, more than a server takes (\(p.limit.value)); the desk replays it")
                : L("line \(line): the field \(p.field) holds \(p.size), more than a server takes (\(p.limit.value)); the desk replays it"))
        }
        // Replay keeps the first thousand; the count says how many there were in all.
        let unlisted = desk.anomalyCount - desk.anomalies.count
        if unlisted > 0 {
            problems.append(L("… and \(unlisted) more ignored events (the first \(desk.anomalies.count) are listed)"))
        }
        if let t = v.tornTail {
            problems.append(L("line \(t.line): \(t.reason); opening the desk moves it to \(path).quarantine"))
            if repair { try offerRepair(path: path, line: t.line) }
        }
        for u in desk.uncommittedImports {
            problems.append(L("an import (batch \(u.batch)) of \(u.cases) case(s) was cut off before it finished; its cases are not loaded"))
        }
        if repair, !desk.uncommittedImports.isEmpty, v.tornTail == nil, store.unreadableLine == nil {
            try closeCutImports(path: path, desk: desk)
        }
        if let ro = store.readOnlyReason, store.unreadableLine == nil { problems.append(ro) }
        if repair {
            // One case's draft file damaged blocks only that interview: the same choice as for
            // the journal, for that file (its drafts before the damage stay).
            for d in damagedDrafts { try offerRepair(path: d.file, line: d.line) }
        }
        var byStatus: [CaseStatus: Int] = [:]
        for c in desk.cases.values { byStatus[c.status, default: 0] += 1 }
        let statuses = desk.cases.isEmpty ? "" : " (" + CaseStatus.allCases.compactMap { s in
            byStatus[s].map { "\(s.label) \($0)" } }.joined(separator: ", ") + ")"
        let total = problems.isEmpty ? L("none") : "\(problems.count + max(0, unlisted - 1))"
        for line in CheckCommand.aligned([(L("journal:"), path), (L("lines:"), "\(v.lines)"), (L("events:"), "\(desk.eventCount)"),
                                          (L("drafts:"), L("\(draftFiles) interview file(s) in \(store.drafts.directory)")),
                                          (L("cases:"), "\(desk.cases.count)" + statuses), (L("problems:"), total)]) {
            print(line)
        }
        if !problems.isEmpty {
            for p in problems { print("  - \(p)") }
            throw ExitCode(1)
        }
    }

    /// Labels and values with the values in one column: the labels' widths differ by language
    /// ("baris:" and "peristiwa:"), so the padding is measured, not written into the catalogue.
    static func aligned(_ rows: [(label: String, value: String)]) -> [String] {
        let width = rows.map { DisplayWidth.of($0.label) }.max() ?? 0
        return rows.map { $0.label + String(repeating: " ", count: width - DisplayWidth.of($0.label) + 1) + $0.value }
    }

    /// Each whole line of the journal whose event is beyond `EventLimit`, with its number.
    static func beyondLimits(_ path: String) -> [(line: Int, problem: LimitProblem)] {
        guard let file = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? file.close() }
        var found: [(line: Int, problem: LimitProblem)] = []
        var line = 0
        var rest = Data()
        while let chunk = try? file.read(upToCount: 1 << 20), !chunk.isEmpty {
            rest.append(chunk)
            var start = rest.startIndex
            while let end = rest[start...].firstIndex(of: 0x0A) {
                line += 1
                if let p = EventLimits.problem(inJSON: rest[start..<end]) { found.append((line, p)) }
                start = end + 1
            }
            rest = Data(rest[start...])
        }
        return found
    }

    /// Shows the two choices and says whether the user picked the first (or passed --yes).
    /// Nothing is changed without a yes: not from a pipe, not on anything but "1".
    func confirmed(_ first: String, _ second: String) -> Bool {
        print("")
        print(L("Choices:"))
        print(first)
        print(second)
        if yes { return true }
        if isatty(0) == 0 {
            print(L("Not changed. Run `tracedesk check --repair --yes` to apply choice 1."))
            return false
        }
        print(L("Choose 1 or 2: "), terminator: "")
        guard readLine()?.trimmingCharacters(in: .whitespaces) == "1" else {
            print(L("Not changed."))
            return false
        }
        return true
    }

    /// Closes each import a crash cut off with an `import.abandoned` event (after asking), so
    /// it is reported this once and not on every later run; its cases stay unloaded (import
    /// the line list again to load them).
    func closeCutImports(path: String, desk: Desk) throws {
        guard confirmed(L("  1) close the cut-off imports with a record that says so (their cases stay unloaded; import the list again)"),
                        L("  2) change nothing")) else { return }
        let actor = ProcessInfo.processInfo.environment["TRACEDESK_TRACER"] ?? "data-repair" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        do {
            let writer = try FileJournal(path: path, access: .write)
            var current = desk
            try writer.transact { seen in
                current.apply(contentsOf: seen)
                let now = Date()
                return current.abandonments().map { Event(id: EventID.make(at: now), timestamp: now, actor: actor, body: $0) }
            }
            print(L("Closed \(desk.uncommittedImports.count) cut-off import(s). Run `tracedesk check` again."))
        } catch let e as JournalError {
            print(L("Repair failed, nothing was changed: \(e)"))
        }
    }

    /// The journal is changed only after the user picks a choice (or passed --yes).
    func offerRepair(path: String, line: Int) throws {
        let stamp = Timestamp.format(Date()).replacingOccurrences(of: ":", with: "")
        let rest = "\(path).damaged-\(stamp)" // not shown: command name, --help text (ArgumentParser) or an environment or file name
        guard confirmed(L("  1) keep lines 1–\(line - 1) and move line \(line) to the end, unchanged, to \(rest)"),
                        L("  2) change nothing (copy the journal somewhere safe and ask for help)")) else { return }
        do {
            let moved = try FileJournal(path: path).keepPrefix(beforeLine: line, movingRestTo: rest)
            print(L("Kept lines 1–\(line - 1); moved \(moved) bytes to \(rest). Run `tracedesk check` again."))
        } catch let e as JournalError {
            print(L("Repair failed, nothing was changed: \(e)"))
        }
    }
}
