import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskUI

/// A file layer whose disk fills and frees when the test says: while full, every write fails
/// with ENOSPC, as on a file system with no block left; everything else is the real call.
final class FillingDiskIO: FileIO, @unchecked Sendable {
    let real = PosixFileIO()
    private let lock = NSLock()
    private var isFull = false
    private var refused = 0

    var full: Bool {
        get { lock.withLock { isFull } }
        set { lock.withLock { isFull = newValue } }
    }
    /// Writes turned away for want of room so far.
    var refusedWrites: Int { lock.withLock { refused } }

    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { real.open(path, flags: flags, mode: mode) }
    func close(_ fd: Int32) -> Int32 { real.close(fd) }
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int {
        let noRoom = lock.withLock { () -> Bool in
            if isFull { refused += 1 }
            return isFull
        }
        if noRoom {
            errno = ENOSPC
            return -1
        }
        return real.write(fd, buf, count)
    }
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int { real.pread(fd, buf, count, offset) }
    func fdatasync(_ fd: Int32) -> Int32 { real.fdatasync(fd) }
    func fsync(_ fd: Int32) -> Int32 { real.fsync(fd) }
    func flock(_ fd: Int32, _ op: Int32) -> Int32 { real.flock(fd, op) }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { real.fstat(fd, &st) }
}

/// Issue 14, item 1.3: once room comes back, held work is written the moment the tracer
/// acts, not at the next tick, and the title stops saying NOT SAVED with it.
@Suite struct FullDiskRetryTests {
    @Test func theFirstKeyAfterRoomReturnsSavesWhatWasHeldAndClearsTheTitle() throws {
        let dir = NSTemporaryDirectory() + "tracedesk-fulldisk-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/j.jsonl"
        let io = FillingDiskIO()
        let journal = try FileJournal(path: path, io: io)
        try journal.transact { _ in smallQueue() }
        let terminal = MemoryTerminal(width: 80, height: 24)
        let app = DeskApp(desk: try journal.replay(), tracer: "tracer-01", settings: DeskSettings(), now: now,
                          size: terminal.size, keymap: .defaults, language: .en)
        // The desk's clock stands still: only a key or an idle turn can set off a retry.
        let loop = DeskLoop(terminal: terminal, store: journal, app: app, clock: { now })
        func type(_ keys: Key...) { for k in keys { terminal.type(k) }; loop.drain() }
        func mine() throws -> [Event] {
            try FileJournal(path: path, access: .read).readAll().filter { $0.caseId == "C-OLD" && $0.actor == "tracer-01" }
        }
        loop.step()

        io.full = true
        type(.down, .enter)                          // C-OLD: the claim is held
        type(.char("c"), .char("3"), .tab)
        terminal.type(text: "ring back after maghrib"); loop.drain()
        type(.enter)                                 // the call is held behind it
        #expect(terminal.screen[0].contains("NOT SAVED: 2 in memory"), "\(terminal.screenText)")
        #expect(try mine().isEmpty)

        // While the disk stays full: one try a turn, never a loop of them.
        let before = io.refusedWrites
        for _ in 0..<5 { loop.step() }
        #expect(io.refusedWrites - before <= 5)
        type(.char("j"))
        #expect(io.refusedWrites - before <= 6)
        #expect(terminal.screen[0].contains("NOT SAVED: 2 in memory"))

        io.full = false                              // room again, and no tick since
        type(.char("j"))                             // any key: here one that saves nothing itself
        #expect(!terminal.screen[0].contains("NOT SAVED"), "\(terminal.screenText)")
        #expect(terminal.screenText.contains("Saved now: the work held in memory is in the journal."), "\(terminal.screenText)")
        let written = try mine()
        #expect(written.count == 2)
        guard written.count == 2 else { return }
        #expect(written[0].body == .caseClaimed(CaseClaim(caseId: "C-OLD")))
        guard case .callLogged(let call) = written[1].body else { Issue.record("not a call: \(written[1].body)"); return }
        #expect(call.note == "ring back after maghrib")
    }
}
