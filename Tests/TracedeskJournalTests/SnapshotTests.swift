import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// The snapshot is a cache: trusted only when it matches the journal exactly, and the desk it
/// gives (plus the tail) is the desk a full replay gives.
@Suite struct SnapshotTests {
    /// A journal with imports, claims, calls, a pending import, a duplicate and an anomaly.
    func journal(_ dir: TempDir, events n: Int = 200) throws -> (FileJournal, [Event]) {
        var events = sampleEvents(n)
        events.append(events[5]) // a duplicate id: replay applies it once
        var rng = SplitMix64(seed: 9)
        let t = events[0].timestamp
        let orphan = CaseRecord(caseId: "JKT-9", name: "Dewi", resultDate: Day(year: 2021, month: 7, day: 3)!)
        events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: "lab-import",
                            body: .caseImported(ImportedCase(record: orphan, batch: "cut-off"))))
        events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: "tracer-02",
                            body: .caseClaimed(CaseClaim(caseId: "NOPE"))))
        let j = try FileJournal(path: dir.journal)
        try j.append(events)
        return (j, events)
    }

    @Test func aSnapshotPlusTheTailIsTheSameDeskAsAFullReplay() throws {
        let dir = TempDir()
        let (j, _) = try journal(dir)
        let desk = try j.replay()
        try DeskSnapshot.write(desk, at: j.position, journal: dir.journal)
        #expect(mode(DeskSnapshot.path(forJournal: dir.journal)) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/tracedesk").sorted()
                == ["journal.jsonl", "journal.jsonl.snapshot"])

        let more = sampleEvents(40, actor: "tracer-03").suffix(30)
        try j.append(Array(more))
        let (opened, start) = try FileJournal(path: dir.journal).openDesk()
        #expect(start == .snapshot(tailEvents: 30))
        let full = try FileJournal(path: dir.journal).replay()
        #expect(opened == full)
        #expect(opened.uncommittedImports.map(\.cases) == [1])
        #expect(opened.anomalies.contains { $0.contains("NOPE") })
        // The de-duplication set came back too: an old event seen again is not applied twice.
        var again = opened
        again.apply(more.first!)
        #expect(again.cases == opened.cases && again.eventCount == opened.eventCount)
        #expect(again.anomalies.last?.contains("reuses the id") == true)
    }

    func snapshotThenOpen(_ change: (TempDir) throws -> Void) throws -> DeskStart {
        let dir = TempDir()
        let (j, _) = try journal(dir)
        try DeskSnapshot.write(try j.replay(), at: j.position, journal: dir.journal)
        try change(dir)
        let (desk, start) = try FileJournal(path: dir.journal).openDesk()
        #expect(desk == (try FileJournal(path: dir.journal).replay()))
        return start
    }

    @Test func aCutJournalIsReplayedInFull() throws {
        let start = try snapshotThenOpen { dir in
            let size = try FileManager.default.attributesOfItem(atPath: dir.journal)[.size] as! Int
            truncate(dir.journal, off_t(size - 300))
        }
        guard case .fullReplay(let why) = start else { Issue.record("used a snapshot of a longer journal"); return }
        #expect(why.contains("not the one"))
    }

    @Test func aRewrittenJournalOfTheSameLengthIsReplayedInFull() throws {
        let start = try snapshotThenOpen { dir in
            // Another journal in its place: the bytes before the snapshot's offset differ.
            var text = Data()
            for (i, e) in sampleEvents(400, actor: "tracer-0X").enumerated() { text += Data(try RecordCodec().encode(e, seq: i + 1)) }
            let fh = FileHandle(forWritingAtPath: dir.journal)!
            try fh.truncate(atOffset: 0)
            fh.write(text)
            try fh.close()
        }
        guard case .fullReplay(let why) = start else { Issue.record("used the snapshot of another journal"); return }
        #expect(why.contains("not the one"))
    }

    @Test func aDamagedSnapshotIsIgnored() throws {
        let start = try snapshotThenOpen { dir in
            let path = DeskSnapshot.path(forJournal: dir.journal)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[bytes.count - 40] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
            chmod(path, 0o600)
        }
        #expect(start == .fullReplay(reason: "the snapshot is damaged or incomplete"))
    }

    @Test func aCutOffSnapshotWriteLeavesTheLastGoodOne() throws {
        let start = try snapshotThenOpen { dir in
            // What a crash mid-write leaves: a temporary file, never renamed into place.
            let temp = DeskSnapshot.path(forJournal: dir.journal) + ".tmp-99999"
            #expect(FileManager.default.createFile(atPath: temp, contents: Data("{\"format\":".utf8), attributes: [.posixPermissions: 0o600]))
        }
        #expect(start == .snapshot(tailEvents: 0))
    }

    @Test func theKeeperWritesInTheBackgroundAndOnlyWhenThereIsSomethingNew() throws {
        let dir = TempDir()
        let (j, _) = try journal(dir)
        let desk = try j.replay()
        let keeper = SnapshotKeeper(journal: dir.journal)
        keeper.refresh(desk, at: j.position)
        keeper.drain()
        let path = DeskSnapshot.path(forJournal: dir.journal)
        let first = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        keeper.refresh(desk, at: j.position, wait: true)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date == first)
        #expect(keeper.lastProblem == nil)
        guard case .loaded(let loaded, let at) = DeskSnapshot.load(journal: dir.journal) else {
            Issue.record("no snapshot"); return
        }
        #expect(loaded == desk && at == j.position)
    }
}
