import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// A fresh directory per test, removed afterwards.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "tracedesk-test-" + UUID().uuidString
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var journal: String { path + "/tracedesk/journal.jsonl" }
}

func sampleEvents(_ n: Int, actor: String = "tracer-01") -> [Event] {
    var rng = SplitMix64(seed: UInt64(n))
    let t0 = Date(timeIntervalSince1970: 1_625_454_000)
    let rec = CaseRecord(caseId: "JKT-1", name: "Siti Nur'aini 王", resultDate: Day(year: 2021, month: 7, day: 3)!)
    var out = Desk.importEvents([rec], batch: "b").map {
        Event(id: EventID.make(at: t0, using: &rng), timestamp: t0, actor: "lab-import", body: $0)
    }
    for i in 0..<max(0, n - out.count) {
        let t = t0.addingTimeInterval(Double(i + 1))
        out.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor,
                         body: .callLogged(CallAttempt(caseId: "JKT-1", outcome: .busy, note: "coba \(i)"))))
    }
    return out
}

func mode(_ path: String) -> Int {
    var st = stat()
    stat(path, &st)
    return Int(st.st_mode & 0o777)
}

@Suite struct JournalTests {
    /// The folder a path names a file in (`JournalLocation.folder`), as `dirname` says it; a
    /// one-character name once crashed Foundation's own.
    @Test func folderOfAPathIsWhatDirnameSays() {
        for (path, folder) in [("j", "."), ("a/", "."), ("/a", "/"), ("/", "/"), ("x/y", "x"), ("a//b", "a"), ("/tmp/x/j", "/tmp/x"), ("ab", ".")] {
            #expect(JournalLocation.folder(of: path) == folder, "\(path)")
        }
    }

    @Test func appendsAndReplaysEveryEvent() throws {
        let dir = TempDir()
        let events = sampleEvents(10)
        do {
            let j = try FileJournal(path: dir.journal)
            #expect(try j.readAll().isEmpty)
            try j.append(Array(events[0..<4]))
            try j.append(Array(events[4...]))
        }
        let again = try FileJournal(path: dir.journal)
        #expect(try again.readAll() == events)
        #expect(again.lineCount == 10)
    }

    @Test func fileIs0600AndDirectory0700() throws {
        let dir = TempDir()
        let j = try FileJournal(path: dir.journal)
        try j.append(sampleEvents(3))
        #expect(mode(dir.journal) == 0o600)
        #expect(mode(dir.path + "/tracedesk") == 0o700)
    }

    @Test func refusesAJournalOthersCanRead() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(2))
        chmod(dir.journal, 0o644)
        #expect(throws: JournalError.unsafePermissions(path: dir.journal, mode: 0o100644)) {
            try FileJournal(path: dir.journal)
        }
        let message = JournalError.unsafePermissions(path: dir.journal, mode: 0o100644).description
        #expect(message.contains("chmod 600"))
    }

    @Test func everyLineIsPlainJSONWithAChecksum() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(3))
        let lines = try String(contentsOfFile: dir.journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        for l in lines {
            let obj = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any]
            // The oldest version that holds the event: these kinds are all version 2.
            #expect(obj?["v"] as? Int == 2)
            #expect((obj?["crc"] as? String)?.count == 8)
            #expect(obj?["actor"] != nil && obj?["ts"] != nil && obj?["id"] != nil && obj?["type"] != nil)
        }
    }

    @Test func aFlippedByteInTheMiddleStopsWithItsLineNumber() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(6))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        let offsetOfLine4 = lines[0..<3].reduce(0) { $0 + $1.count + 1 }
        bytes[offsetOfLine4 + 20] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: dir.journal))
        chmod(dir.journal, 0o600)
        let j = try FileJournal(path: dir.journal)
        #expect {
            try j.readAll()
        } throws: { error in
            guard case JournalError.damaged(_, let line, let reason) = error else { return false }
            return line == 4 && "\(reason)".contains("checksum")
        }
        // Nothing was changed.
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)) == bytes)
    }

    @Test func aTornTailIsQuarantinedAtEveryCut() throws {
        let dir = TempDir()
        let events = sampleEvents(4)
        try FileJournal(path: dir.journal).append(events)
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        var ends: [Int] = []
        for (i, b) in whole.enumerated() where b == 10 { ends.append(i + 1) }
        for cut in 0..<whole.count {
            try? FileManager.default.removeItem(atPath: dir.journal + ".quarantine")
            try whole.prefix(cut).write(to: URL(fileURLWithPath: dir.journal))
            chmod(dir.journal, 0o600)
            let j = try FileJournal(path: dir.journal)
            let got = try j.readAll()
            let wholeRecords = ends.filter { $0 <= cut }.count
            #expect(got == Array(events.prefix(wholeRecords)), "cut at \(cut)")
            let kept = ends.filter { $0 <= cut }.last ?? 0
            #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count == kept, "cut at \(cut)")
            if cut > kept {
                #expect(j.recovery?.line == wholeRecords + 1, "cut at \(cut)")
                #expect(mode(dir.journal + ".quarantine") == 0o600)
            } else {
                #expect(j.recovery == nil, "cut at \(cut)")
            }
        }
    }

    @Test func aFailedSyncIsNeverReportedAsSavedAndStopsWriting() throws {
        let dir = TempDir()
        let io = FailingSyncIO()
        let j = try FileJournal(path: dir.journal, io: io)
        try j.append(sampleEvents(2))
        io.failSync = true
        #expect(throws: JournalError.syncFailed(errno: EIO)) { try j.append(sampleEvents(3)) }
        io.failSync = false
        // No retry that pretends: the journal stays read-only for this session.
        #expect(j.readOnlyReason != nil)
        #expect(throws: JournalError.self) { try j.append(sampleEvents(3)) }
    }

    @Test func twoWritersSeeEachOthersEvents() throws {
        let dir = TempDir()
        let a = try FileJournal(path: dir.journal)
        let b = try FileJournal(path: dir.journal)
        _ = try a.readAll(); _ = try b.readAll()
        let ea = sampleEvents(3, actor: "tracer-01")
        try a.append(ea)
        #expect(try b.readNew() == ea)
        let eb = sampleEvents(5, actor: "tracer-02")
        let seen = try b.transact { seen in
            #expect(seen.isEmpty)
            return eb
        }
        #expect(seen.written == eb)
        #expect(try a.transact { $0 == eb ? [] : [] }.seen == eb)
    }

    @Test func aNewerSchemaOpensReadOnly() throws {
        let dir = TempDir()
        var e = sampleEvents(2)
        e[1].version = 99
        try FileJournal(path: dir.journal).append(e)
        let j = try FileJournal(path: dir.journal)
        #expect(try j.readAll().count == 1)
        #expect(j.readOnlyReason?.contains("newer tracedesk") == true)
        #expect(throws: JournalError.self) { try j.append(sampleEvents(1)) }
    }

    @Test func locationFollowsFlagThenEnvironmentThenXDG() {
        #expect(JournalLocation.resolve(flag: "/x/j.jsonl", environment: ["TRACEDESK_JOURNAL": "/y"]) == "/x/j.jsonl")
        #expect(JournalLocation.resolve(flag: nil, environment: ["TRACEDESK_JOURNAL": "/y/j"]) == "/y/j")
        #expect(JournalLocation.resolve(flag: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]) == "/d/tracedesk/journal.jsonl")
        #expect(JournalLocation.resolve(flag: nil, environment: ["HOME": "/h"]) == "/h/.local/share/tracedesk/journal.jsonl")
    }

    @Test func aLargeJournalDecodesInParallelInOrderAndFindsDamageByLine() throws {
        let dir = TempDir()
        let events = sampleEvents(5_000)
        try FileJournal(path: dir.journal).append(events)
        #expect(try FileJournal(path: dir.journal).readAll() == events)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        let at = lines[0..<3_999].reduce(0) { $0 + $1.count + 1 } // line 4000
        bytes[at + 30] ^= 0x04
        try bytes.write(to: URL(fileURLWithPath: dir.journal))
        chmod(dir.journal, 0o600)
        #expect {
            try FileJournal(path: dir.journal).readAll()
        } throws: { error in
            guard case JournalError.damaged(_, let line, _) = error else { return false }
            return line == 4_000
        }
    }

    @Test func readingInSmallChunksGivesTheSameEventsLinesAndRecovery() throws {
        let dir = TempDir()
        var events = sampleEvents(300)
        // A record several times the chunk, so a chunk can hold no whole line at all.
        let long = CaseRecord(caseId: "JKT-1", name: String(repeating: "Nur ", count: 5_000), resultDate: Day(year: 2021, month: 7, day: 3)!)
        events.insert(Event(id: EventID.make(at: Date()), timestamp: events[0].timestamp, actor: "lab-import",
                            body: .caseImported(ImportedCase(record: long, batch: "x"))), at: 150)
        try FileJournal(path: dir.journal).append(events)
        let j = try FileJournal(path: dir.journal)
        j.chunkSize = 4_096
        var batches = 0
        var got: [Event] = []
        try j.read(from: .start) { got += $0; batches += 1 }
        #expect(got == events)
        #expect(batches > 5)
        #expect(j.position.line == 301)

        // Reading on from a position gives only what follows it.
        let half = try FileJournal(path: dir.journal)
        var firstPart: [Event] = []
        try half.read(from: .start) { firstPart += $0 }
        let mid = half.position
        let more = sampleEvents(3, actor: "tracer-02").suffix(1)
        try half.append(Array(more))
        let k = try FileJournal(path: dir.journal)
        k.chunkSize = 4_096
        var tail: [Event] = []
        try k.read(from: mid) { tail += $0 }
        #expect(tail == Array(more))

        // A torn tail is still found when it starts in an earlier chunk than it ends.
        let fh = FileHandle(forWritingAtPath: dir.journal)!
        fh.seekToEndOfFile()
        fh.write(Data(String(repeating: "x", count: 10_000).utf8))
        try fh.close()
        let torn = try FileJournal(path: dir.journal)
        torn.chunkSize = 4_096
        var again: [Event] = []
        try torn.read(from: .start) { again += $0 }
        #expect(again == events + Array(more))
        #expect(torn.recovery?.line == 303)
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // Eight bytes at a time gives what one at a time gives, at any length and split.
        func reference(_ bytes: [UInt8]) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                crc ^= UInt32(b)
                for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        var rng = SplitMix64(seed: 32)
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000] {
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            #expect(CRC32C.checksum(bytes) == reference(bytes))
            let cut = n / 3
            let split = bytes.withUnsafeBytes { raw in
                CRC32C.finish(CRC32C.update(CRC32C.update(CRC32C.initial, UnsafeRawBufferPointer(rebasing: raw[0..<cut])),
                                            UnsafeRawBufferPointer(rebasing: raw[cut...])))
            }
            #expect(split == reference(bytes))
            // The tables and the CPU's instruction agree (where the CPU has one).
            let tables = bytes.withUnsafeBytes { CRC32C.finish(CRC32C.updateByTables(CRC32C.initial, $0)) }
            #expect(tables == reference(bytes))
        }
        #if arch(x86_64)
        #expect(CRC32C.hardware) // every x86-64 CPU since 2008
        #endif
    }
}

/// Makes fdatasync fail on demand, as a dying disk would.
final class FailingSyncIO: FileIO, @unchecked Sendable {
    let real = PosixFileIO()
    var failSync = false
    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { real.open(path, flags: flags, mode: mode) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { real.write(fd, buf, count) }
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { real.pread(fd, buf, count, offset) }
    func fdatasync(_ fd: Int32) -> Int32 {
        if failSync { errno = EIO; return -1 }
        return real.fdatasync(fd)
    }
    func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) }
    func flock(_ fd: Int32, _ op: Int32) -> Int32 { real.flock(fd, op) }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
}

@Suite struct CaseEventsTests {
    @Test func eventsAboutACaseAreThoseOfAFullReadInOrderAcrossChunks() throws {
        let dir = TempDir()
        let j = try FileJournal(path: dir.journal)
        j.chunkSize = 4096
        var events = sampleEvents(40)
        // An id with a slash: JSON may escape it, and the search must still find it.
        let odd = CaseRecord(caseId: "DKI/7", name: "Budi", resultDate: Day(parsing: "2021-07-04")!)
        events += Desk.importEvents([odd], batch: "odd").map { Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "lab", body: $0) }
        try j.append(events)
        let all = try j.readAll()
        for id in Set(all.compactMap(\.caseId)) {
            #expect(try j.events(about: id) == all.filter { $0.caseId == id })
        }
        #expect(try j.events(about: "DKI/7").count == 1)
        #expect(try j.events(about: "nobody").isEmpty)
    }
}

/// Records each write's size; makes the `failAt`-th write (from 1) find the disk full.
final class RecordingWriteIO: FileIO, @unchecked Sendable {
    let real = PosixFileIO()
    var writes: [Int] = []
    var failAt: Int?
    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { real.open(path, flags: flags, mode: mode) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
        writes.append(count)
        if writes.count == failAt { errno = ENOSPC; return -1 }
        return real.write(fd, buf, count)
    }
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { real.pread(fd, buf, count, offset) }
    func fdatasync(_ fd: Int32) -> Int32 { real.fdatasync(fd) }
    func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) }
    func flock(_ fd: Int32, _ op: Int32) -> Int32 { real.flock(fd, op) }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
}

@Suite struct StreamedWriteTests {
    /// A city's import as lines: ~4 MB, several of the transaction's write pieces.
    func bigImport() -> [Event] {
        let t0 = Date(timeIntervalSince1970: 1_625_454_000)
        var rng = SplitMix64(seed: 7)
        let records = (0..<12_000).map { i in
            CaseRecord(caseId: "JKT-\(i)", name: "Siti Nur'aini \(i)", nik: String(format: "3171%012d", i), phones: ["+6281200000000"],
                       address: String(repeating: "Jl. Kebon Sirih ", count: 12), kelurahan: "Menteng", resultDate: Day(year: 2021, month: 7, day: 3)!)
        }
        return Desk.importEvents(records, batch: "big").map { Event(id: EventID.make(at: t0, using: &rng), timestamp: t0, actor: "lab-import", body: $0) }
    }

    @Test func aLargeTransactionIsWrittenInBoundedPiecesAndReadsBackWhole() throws {
        let dir = TempDir()
        let io = RecordingWriteIO()
        let j = try FileJournal(path: dir.journal, io: io)
        let events = bigImport()
        let written = try j.transact { _ in events }.written
        let size = try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count
        #expect(size > 3 * FileJournal.writePiece)
        // Never the whole import in one buffer: each piece is at most a piece and one line.
        #expect(io.writes.count >= 3)
        #expect(io.writes.max()! < FileJournal.writePiece + 4_096)
        #expect(io.writes.reduce(0, +) == size)
        #expect(try FileJournal(path: dir.journal).readAll() == written)
        // Each event's place is where its line is.
        let k = try FileJournal(path: dir.journal)
        for e in [written[0], written[5_000], written[written.count - 1]] { #expect(try k.event(at: e.ref!) == e) }
    }

    @Test func aFullDiskPartWayThroughTakesBackEveryPieceAndCanBeRetried() throws {
        let dir = TempDir()
        let io = RecordingWriteIO()
        let j = try FileJournal(path: dir.journal, io: io)
        let before = sampleEvents(3)
        try j.append(before)
        let sizeBefore = try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count
        // The third piece of the import finds the disk full: the two written are taken back.
        io.failAt = io.writes.count + 3
        #expect(throws: JournalError.noSpace(errno: ENOSPC)) { try j.transact { _ in bigImport() } }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count == sizeBefore)
        #expect(try FileJournal(path: dir.journal).readAll() == before)
        #expect(j.readOnlyReason == nil)
        // Room again: the same import goes in whole, numbered on from the last saved line.
        io.failAt = nil
        let written = try j.transact { _ in bigImport() }.written
        #expect(try FileJournal(path: dir.journal).readAll() == before + written)
    }

    struct Refused: Error {}

    @Test func aStreamedTransactionWritesWhatItIsHandedInPiecesAndKeepsNothingWhenItFails() throws {
        let dir = TempDir()
        let io = RecordingWriteIO()
        let j = try FileJournal(path: dir.journal, io: io)
        let before = sampleEvents(3)
        try j.append(before)
        let sizeBefore = try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count
        let events = bigImport()
        // Refused after three pieces were written: none of them is kept.
        let writesBefore = io.writes.count
        #expect(throws: Refused.self) {
            try j.transact(streaming: { _, emit in
                for (i, e) in events.enumerated() {
                    if i == 10_000 { throw Refused() }
                    try emit(e)
                }
            })
        }
        #expect(io.writes.count - writesBefore >= 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count == sizeBefore)
        // A full disk part-way: the same, and it can be retried.
        io.failAt = io.writes.count + 2
        #expect(throws: JournalError.noSpace(errno: ENOSPC)) { try j.transact(streaming: { _, emit in for e in events { try emit(e) } }) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)).count == sizeBefore)
        io.failAt = nil
        let result = try j.transact(streaming: { seen, emit in
            #expect(seen.isEmpty)
            for e in events { try emit(e) }
        })
        #expect(result.written == events.count)
        #expect(io.writes.suffix(3).allSatisfy { $0 < FileJournal.writePiece + 4_096 })
        // Read back whole, numbered on from the last saved line, as `transact` writes them.
        let back = try FileJournal(path: dir.journal).readAll()
        #expect(back.count == before.count + events.count)
        #expect(back.map(\.id) == (before + events).map(\.id))
        #expect(back.suffix(events.count).map(\.body) == events.map(\.body))
        let v = try FileJournal(path: dir.journal).verify { _ in }
        #expect(v.lines == before.count + events.count && v.tornTail == nil && v.unreadable == nil)
    }
}

/// Two demo desks opening one empty demo journal at once (a tester's `demo --reset` beside a
/// `demo`): each had replayed nothing, and each wrote the demo queue — 48 cases imported
/// twice and claims "while held". The seed is decided under the write lock: the second desk
/// sees the first's events and writes nothing.
@Suite struct DemoSeedTests {
    @Test func twoDesksSeedingOneEmptyJournalWriteTheDemoOnce() throws {
        let dir = TempDir()
        let now = Date(timeIntervalSince1970: 1_625_454_000)
        let a = try FileJournal(path: dir.journal)
        let b = try FileJournal(path: dir.journal)
        // Both opened the journal empty, as two desks started together do.
        #expect(try a.replay(team: nil).eventCount == 0 && b.replay(team: nil).eventCount == 0)
        let first = try DemoQueue.seed(into: a, now: now, tracer: "tracer-01")
        let second = try DemoQueue.seed(into: b, now: now, tracer: "tracer-02")
        #expect(!first.isEmpty)
        #expect(second.isEmpty)
        let desk = try FileJournal(path: dir.journal, access: .read).replay(team: nil)
        #expect(desk.cases.count == DemoQueue.caseCount)
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
    }
}
