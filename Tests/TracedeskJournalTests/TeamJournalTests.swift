import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// A file layer that remembers how much of each file was last made durable (fsync or
/// fdatasync) and, on a simulated power cut, cuts every file back to that: what the page
/// cache held and the disk never got is gone. LevelDB's fault-injection env tests its log
/// the same way; a `kill -9` cannot, because the kernel still writes the cache out.
final class PowerCutIO: FileIO, @unchecked Sendable {
    let real = PosixFileIO()
    /// A disk that acknowledges syncs without doing them: the harness must see the loss.
    var syncsAreLies = false
    private let lock = NSLock()
    private var paths: [Int32: String] = [:]
    private var durable: [String: off_t] = [:]

    private func size(_ fd: Int32) -> off_t {
        var st = stat()
        _ = real.fstat(fd, &st)
        return st.st_size
    }

    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 {
        var before = stat()
        let existed = lstat(path, &before) == 0
        let fd = real.open(path, flags: flags, mode: mode)
        guard fd >= 0 else { return fd }
        lock.withLock {
            paths[fd] = path
            // What was there before this process is on the disk already.
            if durable[path] == nil { durable[path] = existed ? before.st_size : 0 }
        }
        return fd
    }
    func close(_ fd: Int32) -> Int32 {
        lock.withLock { _ = paths.removeValue(forKey: fd) }
        return real.close(fd)
    }
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { real.write(fd, buf, count) }
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { real.pread(fd, buf, count, offset) }
    private func synced(_ fd: Int32) -> Int32 {
        guard !syncsAreLies else { return 0 }
        let n = size(fd)
        lock.withLock { if let p = paths[fd] { durable[p] = n } }
        return 0
    }
    func fdatasync(_ fd: Int32) -> Int32 { real.fdatasync(fd) == 0 ? synced(fd) : -1 }
    func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) == 0 ? synced(fd) : -1 }
    func flock(_ fd: Int32, _ op: Int32) -> Int32 { real.flock(fd, op) }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 {
        let r = real.ftruncate(fd, length)
        // A cut is not durable until synced either; but what was durable cannot outlive it.
        lock.withLock { if let p = paths[fd], let d = durable[p], d > length { durable[p] = length } }
        return r
    }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }

    /// The power cut: every file this layer opened is cut back to what was last synced.
    func cutPower() {
        lock.withLock { for (p, n) in durable { _ = truncate(p, n) } }
    }
}

/// What was appended without the lock, by a writer that died part-way through its line.
func appendRaw(_ path: String, _ text: String) {
    let fd = open(path, O_WRONLY | O_APPEND)
    _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

@Suite struct DurabilityTests {
    /// Every event a writer was told is saved survives a power cut; fails if `transact`
    /// stops calling fdatasync (the durable length would never move).
    @Test func everyAcknowledgedEventSurvivesAPowerCut() throws {
        let dir = TempDir()
        let io = PowerCutIO()
        let j = try FileJournal(path: dir.journal, io: io)
        var acknowledged: [Event] = []
        for e in sampleEvents(30) {
            try j.append([e])
            acknowledged.append(e)
        }
        // Bytes written and never synced: a save in flight when the power went.
        appendRaw(dir.journal, #"{"v":2,"id":"0190ab"#)
        io.cutPower()
        let after = try FileJournal(path: dir.journal).readAll()
        #expect(after == acknowledged)
    }

    /// The harness can fail: on a disk whose syncs are lies, the cut loses acknowledged events.
    @Test func theHarnessSeesTheLossWhenSyncsDoNothing() throws {
        let dir = TempDir()
        let io = PowerCutIO()
        let j = try FileJournal(path: dir.journal, io: io)
        io.syncsAreLies = true
        for e in sampleEvents(10) { try j.append([e]) }
        io.cutPower()
        #expect(try FileJournal(path: dir.journal).readAll().count < 10)
    }
}

@Suite struct TeamJournalTests {
    /// A writer that died (another desk, a big import) left a partial last line. The next
    /// save, from a desk that was already open, must not be appended onto it: it is set
    /// aside first, and the saved event is read back by everyone.
    @Test func aForeignTornTailIsSetAsideBeforeTheNextSave() throws {
        let dir = TempDir()
        let a = try FileJournal(path: dir.journal)
        try a.append(sampleEvents(3))
        _ = try a.readAll()
        appendRaw(dir.journal, #"{"v":1,"id":"0190ab"#)
        let at = Date(timeIntervalSince1970: 1_625_454_100) // whole milliseconds, as the journal keeps time
        let call = Event(id: EventID.make(at: at), timestamp: at, actor: "tracer-01",
                         body: .callLogged(CallAttempt(caseId: "JKT-1", outcome: .reached, note: "saved")))
        try a.append([call])
        let reopened = try FileJournal(path: dir.journal, access: .read)
        let v = try reopened.verify { _ in }
        #expect(v.tornTail == nil)
        #expect(try FileJournal(path: dir.journal).readAll().last == call)
        let q = try String(contentsOfFile: dir.journal + ".quarantine", encoding: .utf8)
        #expect(q == "{\"v\":1,\"id\":\"0190ab\n")
        // Every place recorded is the real one: the saved event reads back from its place.
        let placed = try FileJournal(path: dir.journal).readAll().last!
        #expect(try a.event(at: try #require(placed.ref)) == call)
    }

    /// Replay holds only a shared lock: another desk's save goes through meanwhile.
    @Test func aSaveCompletesWhileAnotherDeskReplays() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(20_000))
        let reader = try FileJournal(path: dir.journal)
        reader.chunkSize = 4096
        let writer = try FileJournal(path: dir.journal)
        var savedDuringReplay = false
        var batches = 0
        try reader.read(from: .start) { _ in
            batches += 1
            // Halfway through the replay, in the replaying thread: an exclusive-lock holder
            // would deadlock here, so this finishing at all is the proof.
            if batches == 3 {
                let flags = O_RDWR | O_CLOEXEC
                let probe = open(dir.journal, flags)
                defer { close(probe) }
                savedDuringReplay = flockNonBlocking(probe)
                if savedDuringReplay {
                    try writer.append([Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "tracer-02",
                                             body: .callLogged(CallAttempt(caseId: "JKT-1", outcome: .busy)))])
                }
            }
        }
        #expect(batches > 3)
        #expect(savedDuringReplay)
    }

    /// `cases` and `export` open the journal for reading: a torn tail stays where it is.
    @Test func aReadOnlyOpenNeverChangesTheFile() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(3))
        appendRaw(dir.journal, #"{"v":1,"id":"01"#)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let r = try FileJournal(path: dir.journal, access: .read)
        #expect(try r.readAll().count == 3)
        #expect(throws: JournalError.self) { try r.append(sampleEvents(1)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.journal + ".quarantine"))
    }

    @Test func aSymlinkedJournalOrQuarantineIsRefused() throws {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(3))
        let other = dir.path + "/authorized_keys"
        FileManager.default.createFile(atPath: other, contents: Data("ssh-ed25519 AAAA me@host".utf8), attributes: [.posixPermissions: 0o600])
        let link = dir.path + "/tracedesk/link.jsonl"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: other)
        #expect(throws: JournalError.symlink(path: link)) { _ = try FileJournal(path: link) }
        #expect(throws: JournalError.symlink(path: link)) { _ = try FileJournal(path: link, access: .read) }
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "ssh-ed25519 AAAA me@host")
        // A quarantine file others can read does not receive the torn tail (patient data).
        FileManager.default.createFile(atPath: dir.journal + ".quarantine", contents: Data(), attributes: [.posixPermissions: 0o644])
        appendRaw(dir.journal, #"{"actor":"x","data":{"name":"Siti"#)
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).readAll() }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal + ".quarantine")).isEmpty)
    }
}

/// Whether an exclusive lock can be had now (released at once).
func flockNonBlocking(_ fd: Int32) -> Bool {
    guard PosixFileIO().flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
    _ = PosixFileIO().flock(fd, LOCK_UN)
    return true
}

/// Records as `check` must see them: each kind of hand-made change named with its line.
@Suite struct GapTests {
    /// A journal of `n` numbered records, as lines.
    func lines(_ n: Int) throws -> (TempDir, [String]) {
        let dir = TempDir()
        try FileJournal(path: dir.journal).append(sampleEvents(n))
        let text = try String(contentsOfFile: dir.journal, encoding: .utf8)
        return (dir, text.split(separator: "\n").map(String.init))
    }

    func rewrite(_ dir: TempDir, _ lines: [String]) throws {
        let fd = open(dir.journal, O_WRONLY | O_TRUNC)
        _ = Array((lines.joined(separator: "\n") + "\n").utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func damagedLine(_ dir: TempDir) -> Int? {
        do {
            _ = try FileJournal(path: dir.journal, access: .read).verify { _ in }
            return nil
        } catch JournalError.damaged(_, let line, _) {
            return line
        } catch {
            return -1
        }
    }

    @Test func aDeletedRecordIsFoundAtItsPlace() throws {
        var (dir, l) = try lines(8)
        l.remove(at: 4)
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 5)
        // The desk agrees: it refuses the same line.
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).readAll() }
    }

    @Test func twoSwappedRecordsAreFound() throws {
        var (dir, l) = try lines(8)
        l.swapAt(5, 6)
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 6)
    }

    @Test func aDeletedSecondToLastRecordIsDamageNotATornTail() throws {
        var (dir, l) = try lines(8)
        l.remove(at: 6)
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 7)
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).readAll() }
        #expect(!FileManager.default.fileExists(atPath: dir.journal + ".quarantine"))
    }

    /// A line with a valid checksum but no number, after numbered ones, was made by hand.
    @Test func aRecordInsertedByHandWithAValidChecksumIsFound() throws {
        var (dir, l) = try lines(6)
        let body = #"{"actor":"tracer-01","data":{"caseId":"JKT-1","outcome":"refused"},"id":"0190ab00-0000-7000-8000-000000000001","ts":"2021-07-05T01:00:00.000Z","type":"call.logged","v":2}"#
        l.insert(sealed(body), at: 4)
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 5)
        // …and with a forged number, the records after it are off by one.
        (dir, l) = try lines(6)
        l.insert(sealed(String(body.dropLast()) + #","seq":5}"#), at: 4)
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 6)
    }

    /// A tester's hand edits were each called "the record has no checksum": a line saved with
    /// CRLF, an upper-cased checksum, a blank line. Each is found at its line and named.
    @Test func anEditorsChangesAreNamedForWhatTheyAre() throws {
        func reason(_ edit: (inout [String]) -> Void) throws -> (Int, DamageReason)? {
            var (dir, l) = try lines(6)
            edit(&l)
            try rewrite(dir, l)
            do {
                _ = try FileJournal(path: dir.journal, access: .read).verify { _ in }
                return nil
            } catch JournalError.damaged(_, let line, let reason) {
                return (line, reason)
            }
        }
        let crlf = try #require(try reason { $0[2] += "\r" })
        #expect(crlf.0 == 3 && crlf.1 == .record(.noChecksum(.carriageReturn)))
        let upper = try #require(try reason { l in
            let line = l[2]
            let cut = line.index(line.endIndex, offsetBy: -10)
            l[2] = String(line[..<cut]) + "ABCDEF12\"}"
        })
        #expect(upper.1 == .record(.noChecksum(.notLowerCaseHex)), "\(upper.1)")
        let blank = try #require(try reason { $0.insert("", at: 3) })
        #expect(blank.0 == 4 && blank.1 == .record(.noChecksum(.emptyLine)))
        #expect(blank.1.description == "an empty line: the journal has none")
    }

    @Test func aVersionBelowOneIsNeverRead() throws {
        for v in ["0", "-1"] {
            var (dir, l) = try lines(4)
            let body = #"{"actor":"tracer-01","data":{"caseId":"JKT-1","outcome":"busy"},"id":"0190ab00-0000-7000-8000-000000000002","ts":"2021-07-05T01:00:00.000Z","type":"call.logged","v":\#(v),"seq":5}"#
            l.append(sealed(body))
            l.append(sealed(#"{"actor":"tracer-01","data":{"caseId":"JKT-1","outcome":"busy"},"id":"0190ab00-0000-7000-8000-000000000003","ts":"2021-07-05T01:00:00.000Z","type":"call.logged","v":2,"seq":6}"#))
            try rewrite(dir, l)
            #expect(damagedLine(dir) == 5, "v=\(v)")
        }
    }

    @Test func aKeyGivenTwiceIsRefused() throws {
        var (dir, l) = try lines(4)
        l.append(sealed(#"{"actor":"tracer-01","data":{"caseId":"JKT-1","failedAttempts":3},"id":"0190ab00-0000-7000-8000-000000000004","ts":"2021-07-05T01:00:00.000Z","type":"case.claimed","v":2,"type":"case.referred","seq":5}"#))
        l.append(sealed(#"{"actor":"tracer-01","data":{"caseId":"JKT-1","outcome":"busy"},"id":"0190ab00-0000-7000-8000-000000000005","ts":"2021-07-05T01:00:00.000Z","type":"call.logged","v":2,"seq":6}"#))
        try rewrite(dir, l)
        #expect(damagedLine(dir) == 5)
    }

    /// The reason a line does not read is worded where it is shown, in the desk's language:
    /// the chunk holding it is decoded ahead on another thread, and once said "appears twice"
    /// in English inside an Indonesian message.
    @Test func anIndonesianDeskReadsADamagedLinesReasonInIndonesian() throws {
        var (dir, l) = try lines(300)
        l[250] = sealed(#"{"actor":"tracer-01","data":{"caseId":"JKT-1","failedAttempts":3},"id":"0190ab00-0000-7000-8000-000000000004","ts":"2021-07-05T01:00:00.000Z","type":"case.claimed","v":2,"type":"case.referred","seq":251}"#)
        try rewrite(dir, l)
        let said: String = Localization.$language.withValue(.id) {
            do {
                let j = try FileJournal(path: dir.journal)
                j.chunkSize = 4_096
                _ = try j.replay(team: nil, awaitingReview: false)
                return "opened"
            } catch {
                return "\(error)"
            }
        }
        #expect(said.contains("baris 251") || said.contains("251"), "\(said)")
        #expect(said.contains("kunci \"type\" muncul dua kali"), "\(said)")
        #expect(!said.contains("appears twice"), "\(said)")
        // The same journal read in English says it in English.
        let english: String = Localization.$language.withValue(.en) {
            do { _ = try FileJournal(path: dir.journal).readAll(); return "opened" } catch { return "\(error)" }
        }
        #expect(english.contains("the key \"type\" appears twice"), "\(english)")
    }

    /// A whole last line this build cannot read (a newer event type) is not a torn tail:
    /// never set aside; the journal opens read-only and says why.
    @Test func aWholeUnreadableLastLineOpensReadOnlyAndIsKept() throws {
        var (dir, l) = try lines(4)
        l.append(sealed(#"{"actor":"tracer-01","data":{"caseId":"JKT-1"},"id":"0190ab00-0000-7000-8000-000000000006","ts":"2021-07-05T01:00:00.000Z","type":"contact.followed-up","v":2,"seq":5}"#))
        try rewrite(dir, l)
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let desk = try FileJournal(path: dir.journal)
        #expect(try desk.readAll().count == 4)
        #expect(desk.readOnlyReason?.contains("line 5") == true)
        #expect(throws: JournalError.self) { try desk.append(sampleEvents(1)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.journal)) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.journal + ".quarantine"))
    }

    /// Journals written before records were numbered still read, and go on numbered.
    @Test func unnumberedRecordsBeforeNumberedOnesAreOldJournals() throws {
        var (dir, l) = try lines(5)
        l = l.map { line in
            // Take the number out and seal again: a line as version 2 wrote it.
            let body = line.replacingOccurrences(of: #","crc":"[0-9a-f]{8}"\}$"#, with: "}", options: .regularExpression)
                .replacingOccurrences(of: #","seq":[0-9]+\}$"#, with: "}", options: .regularExpression)
            return sealed(body)
        }
        try rewrite(dir, l)
        #expect(damagedLine(dir) == nil)
        try FileJournal(path: dir.journal).append(sampleEvents(7).suffix(2))
        #expect(damagedLine(dir) == nil)
        #expect(try FileJournal(path: dir.journal).readAll().count == 7)
    }
}

/// A line as our writer seals it: the checksum of `body` spliced in as its last member.
func sealed(_ body: String) -> String {
    var bytes = Array(body.utf8)
    let crc = CRC32C.checksum(bytes)
    bytes.removeLast()
    return String(decoding: bytes, as: UTF8.self) + ",\"crc\":\"\(RecordCodec.hex(crc))\"}"
}

@Suite struct DraftFolderAgreementTests {
    /// An interview in progress (its draft in the draft store) does not undo what the log
    /// says came after: a callback logged after the draft stays, and every desk reads it so.
    @Test func aDraftInTheStoreLeavesTheLogsStatusAndCallbackAlone() throws {
        let dir = TempDir()
        let j = try FileJournal(path: dir.journal)
        let events = sampleEvents(3)
        try j.append(events)
        let rec = CaseRecord(caseId: "JKT-1", name: "Siti", resultDate: Day(year: 2021, month: 7, day: 3)!)
        let t = Date(timeIntervalSince1970: 1_625_460_000)
        try j.append([Event(id: EventID.make(at: t), timestamp: t, actor: "tracer-01",
                            body: .interviewSaved(InterviewDraft(for: rec, rules: .indonesia2021)))])
        let later = t.addingTimeInterval(60)
        try j.append([Event(id: EventID.make(at: later), timestamp: later, actor: "tracer-01",
                            body: .callLogged(CallAttempt(caseId: "JKT-1", outcome: .callBack, callbackAt: later.addingTimeInterval(7_200))))])
        let full = try FileJournal(path: dir.journal).replay()
        #expect(full["JKT-1"]?.draft == .stored)
        #expect(full["JKT-1"]?.status == .callbackScheduled)
        #expect(full["JKT-1"]?.nextCallback == later.addingTimeInterval(7_200))
        // A second desk's start reads the same: the folder says in progress, the log the rest.
        #expect(try FileJournal(path: dir.journal, access: .read).replay() == full)
    }
}
