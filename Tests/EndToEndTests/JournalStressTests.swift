import Foundation
import Testing

// Glibc's `struct flock` shadows the flock(2) function in Swift, so bind the symbol directly.
@_silgen_name("flock") func flockCall(_ fd: Int32, _ op: Int32) -> Int32

/// Ids of the events in a journal file, checking every line is whole JSON as it goes.
func journalIds(_ path: String) throws -> (ids: [String], lines: Int) {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var ids: [String] = []
    var lines = 0
    for line in data.split(separator: 10, omittingEmptySubsequences: false) where !line.isEmpty {
        lines += 1
        let obj = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
        if let id = obj?["id"] as? String { ids.append(id) }
    }
    #expect(data.last == 10, "the journal ends on a whole line")
    return (ids, lines)
}

@Suite(.serialized) struct JournalStressTests {
    @Test func eightWritersTwoThousandAppendsEachNothingLostOrInterleaved() throws {
        let s = Scratch()
        let writers = 8, each = 2_000
        // Each writer on a case of its own: only the tracer who holds a case works it.
        #expect(try run(["import", s.write("l.csv", lineList(cases: writers))], env: s.environment()).status == 0)
        let pids = (0..<writers).map { w in
            spawn(["stress-append", "--case-id", "JKT-\(w + 1)", "--count", "\(each)", "--big-every", "250", "--writer", "w\(w)"],
                  env: s.environment(), stdoutPath: s.path + "/acked-\(w)", executable: benchBinary)
        }
        for pid in pids { #expect(waitFor(pid) == 0) }
        let (ids, lines) = try journalIds(s.journal)
        #expect(lines == writers + 1 + writers * each) // imports + commit + appends
        #expect(Set(ids).count == ids.count, "every event exactly once")
        for w in 0..<writers {
            let acked = try String(contentsOfFile: s.path + "/acked-\(w)", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(acked.count == each)
            #expect(Set(acked).isSubset(of: Set(ids)))
        }
        let check = try run(["check"], env: s.environment())
        // The big notes (every 250th) are records over 64 KiB for the journal, beyond what a
        // server takes of a note: check names each of them by its line, and nothing else.
        let big = writers * (each / 250)
        #expect(check.stdout.contains("problems: \(big)"), "\(check.stdout.prefix(600))")
        #expect(check.stdout.components(separatedBy: "more than a server takes").count - 1 == big)
        #expect(check.stdout.contains("events:   \(writers + 1 + writers * each)"))
    }

    /// A writer that dies holding the lock (a large import killed mid-write) leaves a partial
    /// last line. Another process keeps appending; its saves must never land on the fragment.
    /// Here the test process is the dying writer: under the exclusive lock it leaves a
    /// fragment at a random moment while `stress-append` is saving, 200 times.
    @Test func aForeignTornTailNeverSwallowsAnotherWritersSavedEvent() throws {
        let trials = Int(ProcessInfo.processInfo.environment["TRACEDESK_TORN_TRIALS"] ?? "") ?? 200
        var rng = SystemRandomNumberGenerator()
        var lost = 0, fragments = 0
        for trial in 0..<trials {
            let s = Scratch()
            #expect(try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment()).status == 0)
            let out = s.path + "/acked"
            let pid = spawn(["stress-append", "--case-id", "JKT-1", "--count", "12", "--writer", "tracer-b"],
                            env: s.environment(), stdoutPath: out, executable: benchBinary)
            // Once the writer has saved something, die part-way through a line of our own.
            waitForFirstAcknowledgement(out)
            usleep(UInt32.random(in: 0...3_000, using: &rng)) // a random moment in its saving, not a wait
            let fd = open(s.journal, O_WRONLY | O_APPEND)
            _ = flockCall(fd, LOCK_EX)
            let fragment = Array(#"{"v":1,"id":"0190ab"#.utf8) + Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 0...5_000, using: &rng))
            _ = fragment.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd) // the lock goes with the process that held it
            fragments += 1
            #expect(waitFor(pid) == 0, "trial \(trial)")
            let acked = ((try? String(contentsOfFile: out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            // The next opener (a desk) repairs what is left; then every acknowledged event is there.
            #expect(try run(["stress-append", "--case-id", "JKT-1", "--count", "0"], env: s.environment(), executable: benchBinary).status == 0)
            let (ids, _) = try journalIds(s.journal)
            let missing = Set(acked).subtracting(ids).count
            lost += missing
            #expect(missing == 0, "trial \(trial): \(missing) acknowledged events missing")
            let check = try run(["check"], env: s.environment())
            #expect(check.status == 0, "trial \(trial): \(check.stdout)")
            if missing > 0 || check.status != 0 { break }
        }
        #expect(lost == 0 && fragments == trials)
    }

    /// `kill -9` ends the process but the kernel still writes its page cache out: this shows
    /// that a writer killed at any moment leaves only whole lines and never costs a line it
    /// acknowledged, not that a power cut does (`DurabilityTests` drops what was not synced).
    @Test func aWriterKilledMidAppendLeavesWholeLinesAndEveryAcknowledgedOne() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment()).status == 0)
        let rounds = Int(ProcessInfo.processInfo.environment["TRACEDESK_CRASH_ROUNDS"] ?? "") ?? 200
        var rng = SystemRandomNumberGenerator()
        var acked: Set<String> = []
        for round in 0..<rounds {
            let out = s.path + "/acked"
            let pid = spawn(["stress-append", "--case-id", "JKT-1", "--count", "1000000", "--writer", "tracer-r"],
                            env: s.environment(), stdoutPath: out, executable: benchBinary)
            // Kill it mid-loop: once it has acknowledged something, at a random moment after.
            waitForFirstAcknowledgement(out, seconds: 5)
            usleep(UInt32.random(in: 0...20_000, using: &rng)) // a random moment in its saving, not a wait
            kill(pid, SIGKILL)
            _ = waitFor(pid)
            // Only whole lines were acknowledged (the id is printed after fdatasync).
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if text.last != "\n" { lines.removeLast() }
            let thisRound = lines.filter { !$0.isEmpty }
            acked.formUnion(thisRound)
            // Opening repairs a torn tail; then every event acknowledged this round must be there.
            let reopen = try run(["stress-append", "--case-id", "JKT-1", "--count", "0"], env: s.environment(), executable: benchBinary)
            #expect(reopen.status == 0, "round \(round): \(reopen.stderr)")
            let (ids, _) = try journalIds(s.journal)
            let missing = Set(thisRound).subtracting(ids)
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged events missing")
            if !missing.isEmpty { break }
        }
        // At the end: every line whole, every acknowledged event present exactly once.
        let (ids, _) = try journalIds(s.journal)
        #expect(acked.subtracting(ids).isEmpty)
        #expect(Set(ids).count == ids.count)
        #expect(acked.count > rounds, "the writer got going before it was killed")
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0, "\(check.stdout)")
    }
}
