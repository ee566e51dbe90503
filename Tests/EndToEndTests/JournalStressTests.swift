import Foundation
import Testing

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
        #expect(try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment()).status == 0)
        let writers = 8, each = 2_000
        let pids = (0..<writers).map { w in
            spawn(["stress-append", "--case-id", "JKT-1", "--count", "\(each)", "--big-every", "250", "--writer", "w\(w)"],
                  env: s.environment(), stdoutPath: s.path + "/acked-\(w)")
        }
        for pid in pids { #expect(waitFor(pid) == 0) }
        let (ids, lines) = try journalIds(s.journal)
        #expect(lines == 2 + writers * each) // import + commit + appends
        #expect(Set(ids).count == ids.count, "every event exactly once")
        for w in 0..<writers {
            let acked = try String(contentsOfFile: s.path + "/acked-\(w)", encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(acked.count == each)
            #expect(Set(acked).isSubset(of: Set(ids)))
        }
        let check = try run(["check"], env: s.environment())
        #expect(check.status == 0, "\(check.stdout)")
        #expect(check.stdout.contains("events:  \(2 + writers * each)"))
    }

    @Test func killMinus9WhileAppendingLosesNoAcknowledgedEvent() throws {
        let s = Scratch()
        #expect(try run(["import", s.write("l.csv", lineList(cases: 1))], env: s.environment()).status == 0)
        let rounds = Int(ProcessInfo.processInfo.environment["TRACEDESK_CRASH_ROUNDS"] ?? "") ?? 200
        var rng = SystemRandomNumberGenerator()
        var acked: Set<String> = []
        for round in 0..<rounds {
            let out = s.path + "/acked"
            let pid = spawn(["stress-append", "--case-id", "JKT-1", "--count", "1000000", "--writer", "r\(round)"],
                            env: s.environment(), stdoutPath: out)
            // Kill it mid-loop: once it has acknowledged something, at a random moment after.
            let started = Date()
            var st = stat()
            while (stat(out, &st) != 0 || st.st_size == 0), Date().timeIntervalSince(started) < 5 { usleep(1_000) }
            usleep(UInt32.random(in: 0...20_000, using: &rng))
            kill(pid, SIGKILL)
            _ = waitFor(pid)
            // Only whole lines were acknowledged (the id is printed after fdatasync).
            let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if text.last != "\n" { lines.removeLast() }
            let thisRound = lines.filter { !$0.isEmpty }
            acked.formUnion(thisRound)
            // Opening repairs a torn tail; then every event acknowledged this round must be there.
            let reopen = try run(["stress-append", "--case-id", "JKT-1", "--count", "0"], env: s.environment())
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
