#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TracedeskCore


/// The journal file: JSON lines, one event a line, each with its checksum; appended under an
/// exclusive flock and fdatasynced before anyone is told "saved".
public final class FileJournal: EventStore {
    public let path: String
    let io: FileIO
    let fd: Int32
    let codec = RecordCodec()
    /// Bytes of the file already read or written by us: everything before it is replayed.
    public private(set) var offset: off_t = 0
    /// Whole lines before `offset`, for line numbers in messages.
    public private(set) var lineCount = 0
    public private(set) var readOnlyReason: String?
    /// Reading for a desk, an `interview.saved` comes back as `.interviewSavedInStore` with its
    /// place, not its draft: drafts are most of a journal's bytes and are read one at a time
    /// when a case is opened (`event(at:)`). Off for readers that want every event whole;
    /// `check` always decodes everything.
    public var draftsStayInStore = true
    /// Set when opening found a torn last record and moved it aside; the desk says so once.
    public private(set) var recovery: Recovery?

    public struct Recovery: Equatable, Sendable {
        public var line: Int
        public var bytes: Int
        public var quarantinePath: String
        public var reason: String
    }

    public init(path: String, io: FileIO = PosixFileIO()) throws {
        self.path = path
        self.io = io
        let dir = (path as NSString).deletingLastPathComponent
        try FileJournal.makeDirectory(dir.isEmpty ? "." : dir)
        var existed = stat()
        let isNew = stat(path, &existed) != 0
        let fd = io.open(path, flags: O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, mode: 0o600)
        guard fd >= 0 else { throw JournalError.cannotOpen(path: path, errno: errno) }
        self.fd = fd
        var st = stat()
        _ = io.fstat(fd, &st)
        if st.st_uid != geteuid() {
            _ = io.close(fd)
            throw JournalError.notOwner(path: path)
        }
        if st.st_mode & 0o077 != 0 {
            _ = io.close(fd)
            throw JournalError.unsafePermissions(path: path, mode: st.st_mode)
        }
        if isNew { FileJournal.syncDirectory(dir.isEmpty ? "." : dir, io: io) }
    }

    deinit { _ = io.close(fd) }

    // MARK: - Reading

    public func read(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        try locked(LOCK_EX) {
            offset = off_t(position.offset)
            lineCount = position.line
            try readTail(.repair, batch)
        }
    }

    public var position: StorePosition { StorePosition(offset: Int64(offset), line: lineCount) }

    /// From the bytes left to read: a journal line is about 450 bytes on average (a draft's
    /// 1,400, a claim's 200).
    public func expectedEvents(from position: StorePosition) -> Int {
        var st = stat()
        _ = io.fstat(fd, &st)
        return max(0, Int(st.st_size) - Int(position.offset)) / 450
    }

    public func readNew() throws -> [Event] {
        try locked(LOCK_SH) { try readTail(.follow) }
    }

    /// What `tracedesk check` reports: how many lines, and a torn last record if there is one,
    /// found without changing the file. The events go to `batch` as they are read.
    public struct Verification {
        public var lines: Int
        public var tornTail: (line: Int, reason: String)?
    }

    public func verify(_ batch: ([Event]) throws -> Void) throws -> Verification {
        try verifyTail(from: .start, batch)
        return Verification(lines: lineCount, tornTail: tornTail)
    }

    /// Reads from `position` without repairing anything (for `check`).
    public func verifyTail(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        try locked(LOCK_SH) {
            offset = off_t(position.offset)
            lineCount = position.line
            tornTail = nil
            try readTail(.scan, batch)
        }
    }

    private var tornTail: (line: Int, reason: String)?

    /// What to do with a bad last record: move it aside (opening the desk), leave it for the
    /// next opener (following other desks: a writer holds the lock while it writes, so a
    /// partial line seen here is a crash remnant), or report it (`check`).
    private enum TailMode { case repair, follow, scan }

    private func handleTail(_ mode: TailMode, at: off_t, bytes: UnsafeRawBufferPointer, line: Int, reason: String) throws {
        switch mode {
        case .repair:
            try quarantineTail(from: at, bytes: bytes, line: line, reason: reason)
        case .scan:
            tornTail = (line, reason)
        case .follow:
            break
        }
    }

    /// Bytes read and decoded at a time: large enough to keep both cores busy, small enough
    /// that a city's journal never sits in memory whole. Two are in flight (one applied, the
    /// next decoded) with their events: 2 MiB replays a city's journal as fast as 4 MiB did
    /// and keeps 4 MB less at the peak.
    public var chunkSize = 2 << 20

    private func readTail(_ mode: TailMode) throws -> [Event] {
        var all: [Event] = []
        try readTail(mode) { all += $0 }
        return all
    }

    /// Reads from `offset` to the end, a chunk at a time. A bad record with more after it is
    /// damage and stops everything; a bad last record is a crash remnant and is quarantined
    /// (if allowed). While one chunk is applied, the next is read and decoded on the other
    /// cores: replay is decoding (parallel) plus applying (one line at a time, in order).
    private func readTail(_ mode: TailMode, _ batch: ([Event]) throws -> Void) throws {
        var st = stat()
        _ = io.fstat(fd, &st)
        let size = st.st_size
        // Most looks under a filing's lock find nothing new: nothing to set up.
        guard size > offset else { return }
        var want = chunkSize
        // `check` reads every draft; the desk leaves them in the journal until opened.
        let stayInStore = mode != .scan && draftsStayInStore
        let (io, fd, path) = (self.io, self.fd, self.path)
        var ahead: Prefetch<DecodedChunk>?
        let spare = SpareBuffer()
        // Never leave a read running past the lock.
        defer { _ = try? ahead?.wait() }
        while size > offset {
            var chunk: DecodedChunk
            if let a = ahead {
                ahead = nil
                chunk = try a.wait()
            } else {
                chunk = try FileJournal.readChunk(io, fd, path, from: offset, count: Int(min(off_t(want), size - offset)),
                                                  draftsStayInStore: stayInStore, reusing: spare)
            }
            let count = chunk.bytes.count
            let atEnd = offset + off_t(count) == size
            if let last = chunk.ends.last, offset + off_t(last + 1) < size {
                let next = offset + off_t(last + 1)
                let nextCount = Int(min(off_t(chunkSize), size - next))
                ahead = Prefetch {
                    try FileJournal.readChunk(io, fd, path, from: next, count: nextCount, draftsStayInStore: stayInStore, reusing: spare)
                }
            }
            var events: [Event] = []
            var consumed = 0
            var line = lineCount
            var stop = false
            if chunk.failures.isEmpty, !chunk.events.contains(where: { $0.version > Event.schemaVersion }) {
                // Nearly always: every whole line read. The batch is the decoded array itself.
                events = chunk.takeEvents()
                line += chunk.ends.count
                consumed = chunk.ends.last.map { $0 + 1 } ?? 0
            } else {
                try chunk.bytes.withUnsafeBytes { raw in
                    // What a record means is decided here, in order, one line at a time.
                    events.reserveCapacity(chunk.ends.count)
                    var start = 0
                    for (i, nl) in chunk.ends.enumerated() {
                        line += 1
                        if let error = chunk.failures[start] {
                            if let v = Self.peekVersion(UnsafeRawBufferPointer(rebasing: raw[start..<nl])), v > Event.schemaVersion {
                                markNewer(v)
                            } else if nl + 1 == count && atEnd && mode != .follow {
                                try handleTail(mode, at: offset + off_t(start), bytes: UnsafeRawBufferPointer(rebasing: raw[start...]),
                                               line: line, reason: L("the last record is damaged (\(error))"))
                                line -= 1
                                stop = true
                                return
                            } else {
                                throw JournalError.damaged(path: path, line: line, reason: "\(error)")
                            }
                        } else if chunk.events[i].version > Event.schemaVersion {
                            markNewer(chunk.events[i].version)
                        } else {
                            events.append(chunk.events[i])
                        }
                        start = nl + 1
                        consumed = start
                    }
                }
            }
            if !stop && consumed < count && atEnd {
                try chunk.bytes.withUnsafeBytes { raw in
                    try handleTail(mode, at: offset + off_t(consumed), bytes: UnsafeRawBufferPointer(rebasing: raw[consumed...]),
                                   line: line + 1, reason: L("the last record is incomplete (no end of line)"))
                }
                stop = true
            }
            offset += off_t(consumed)
            lineCount = line
            try batch(events)
            spare.put(chunk.takeBytes())
            if stop { return }
            // A record longer than the chunk: read more at once.
            if consumed == 0 { want *= 2 } else { want = chunkSize }
        }
    }

    /// A stretch of the journal, its whole lines found and decoded (on every core), each event
    /// with its place.
    struct DecodedChunk: Sendable {
        var bytes: [UInt8]
        var ends: [Int]
        /// One a line; a line named in `failures` (by where it starts) holds `unreadable`.
        var events: [Event]
        var failures: [Int: RecordCodec.LineProblem]

        /// The bytes, now held only by the caller (for reading the next chunk into).
        mutating func takeBytes() -> [UInt8] {
            defer { bytes = [] }
            return bytes
        }

        /// The events, now held only by the caller.
        mutating func takeEvents() -> [Event] {
            defer { events = [] }
            return events
        }
    }

    /// The buffer of the chunk last applied, for reading the one after next into.
    final class SpareBuffer: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8] = []
        func put(_ b: [UInt8]) { lock.withLock { bytes = b } }
        func take() -> [UInt8] { lock.withLock { defer { bytes = [] }; return bytes } }
    }

    static func readChunk(_ io: FileIO, _ fd: Int32, _ path: String, from start: off_t, count: Int,
                          draftsStayInStore: Bool, reusing spare: SpareBuffer) throws -> DecodedChunk {
        var bytes = spare.take()
        try readBytes(io, fd, path, from: start, count: count, into: &bytes)
        return bytes.withUnsafeBytes { raw in
            let ends = lineEnds(raw)
            let decoded = decodeLines(raw, ends: ends, draftsStayInStore: draftsStayInStore, at: Int64(start))
            return DecodedChunk(bytes: bytes, ends: ends, events: decoded.events, failures: decoded.failures)
        }
    }

    /// Only lines holding the case id as a JSON string are decoded: on a city's journal that is
    /// a byte search over the file instead of a full replay. Lines already read are whole and
    /// checked, so there is nothing to repair here.
    public func events(about caseId: String) throws -> [Event] {
        let needle = Array(try JournalCoding.encoder().encode(caseId))
        let end = offset
        var at: off_t = 0
        var want = chunkSize
        var out: [Event] = []
        while at < end {
            let count = Int(min(off_t(want), end - at))
            let buf = try readBytes(from: at, count: count)
            var consumed = 0
            buf.withUnsafeBytes { raw in
                var tape = JSONTape()
                var p = 0
                for nl in lineEnds(raw) {
                    let line = UnsafeRawBufferPointer(rebasing: raw[p..<nl])
                    let hit = needle.withUnsafeBytes { n in memmem(line.baseAddress!, line.count, n.baseAddress!, n.count) != nil }
                    if hit, var e = try? RecordCodec.decode(line, using: &tape), e.caseId == caseId {
                        e.ref = EventRef(offset: Int64(at) + Int64(p), length: Int32(nl - p))
                        out.append(e)
                    }
                    p = nl + 1
                }
                consumed = p
            }
            if consumed == 0 { want *= 2 } else { want = chunkSize }
            at += off_t(consumed)
        }
        return out
    }

    public func event(at ref: EventRef) throws -> Event {
        var buf: [UInt8]
        if ref.length > 0 {
            buf = try readBytes(from: off_t(ref.offset), count: Int(ref.length))
        } else {
            // A record too long for its place to carry its length: read to its newline.
            var want = 1 << 21
            while true {
                let avail = Int(max(0, offset - off_t(ref.offset)))
                buf = try readBytes(from: off_t(ref.offset), count: min(want, avail))
                if let nl = buf.firstIndex(of: 10) { buf.removeSubrange(nl...); break }
                guard want < avail else { break }
                want *= 2
            }
        }
        return try buf.withUnsafeBytes { raw in
            var tape = JSONTape()
            do throws(RecordCodec.LineProblem) {
                var e = try RecordCodec.decode(raw, using: &tape)
                e.ref = ref
                return e
            } catch {
                throw JournalError.damagedRecord(path: path, offset: ref.offset, reason: "\(error)")
            }
        }
    }

    /// Decodes each line (ending at `ends[i]`), on every core for large reads. A line that
    /// cannot be read holds `unreadable` in its place and is named, by where it starts in `raw`,
    /// in `failures`: nearly every chunk has none, and its events then go on as they are.
    static func decodeLines(_ raw: UnsafeRawBufferPointer, ends: [Int], draftsStayInStore: Bool,
                            at base: Int64) -> (events: [Event], failures: [Int: RecordCodec.LineProblem]) {
        let origin = UInt(bitPattern: raw.baseAddress)
        let failures = FailedLines()
        let events = ParallelLines.map(raw, ends: ends) { line, tape in
            let from = Int(UInt(bitPattern: line.baseAddress) - origin)
            do throws(RecordCodec.LineProblem) {
                var e = try RecordCodec.decode(line, using: &tape, draftsStayInStore: draftsStayInStore)
                e.ref = EventRef(offset: base + Int64(from), length: Int32(line.count))
                return e
            } catch {
                failures.add(error, at: from)
                return unreadable
            }
        }
        return (events, failures.all)
    }

    /// The place holder of a line that could not be read; never applied (see `readTail`).
    static let unreadable = Event(id: EventID(high: 0, low: 0), timestamp: Date(timeIntervalSince1970: 0),
                                  actor: "", body: .importCommitted(ImportCommit(batch: "", count: 0)))

    /// The lines of a chunk that could not be read, gathered from the decoding threads.
    final class FailedLines: @unchecked Sendable {
        private let lock = NSLock()
        private var byStart: [Int: RecordCodec.LineProblem] = [:]
        func add(_ problem: RecordCodec.LineProblem, at start: Int) { lock.withLock { byStart[start] = problem } }
        var all: [Int: RecordCodec.LineProblem] { lock.withLock { byStart } }
    }

    /// `count` bytes from `start`, looping on short reads.
    private func readBytes(from start: off_t, count: Int) throws -> [UInt8] {
        try FileJournal.readBytes(io, fd, path, from: start, count: count)
    }

    /// The same, for the reader that runs ahead on another thread (it holds no `self`).
    static func readBytes(_ io: FileIO, _ fd: Int32, _ path: String, from start: off_t, count: Int) throws -> [UInt8] {
        var buf: [UInt8] = []
        try readBytes(io, fd, path, from: start, count: count, into: &buf)
        return buf
    }

    /// The same into `buf`, reusing its room.
    static func readBytes(_ io: FileIO, _ fd: Int32, _ path: String, from start: off_t, count: Int, into buf: inout [UInt8]) throws {
        guard io.readFully(fd, from: start, count: count, into: &buf) else {
            throw JournalError.cannotOpen(path: path, errno: errno == 0 ? EIO : errno)
        }
    }

    private func markNewer(_ v: Int) {
        readOnlyReason = L("it was written by a newer tracedesk (schema version \(v); this one knows up to \(Event.schemaVersion)). Update tracedesk to make changes.")
    }

    static func peekVersion(_ line: UnsafeRawBufferPointer) -> Int? {
        struct V: Decodable { let v: Int }
        return try? JSONDecoder().decode(V.self, from: Data(line)).v
    }

    private func quarantineTail(from start: off_t, bytes: UnsafeRawBufferPointer, line: Int, reason: String) throws {
        let qpath = path + ".quarantine"
        let q = io.open(qpath, flags: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode: 0o600)
        guard q >= 0 else { throw JournalError.cannotOpen(path: qpath, errno: errno) }
        defer { _ = io.close(q) }
        var record = Array(bytes)
        if record.last != 10 { record.append(10) }
        try writeAll(q, record)
        guard io.fsync(q) == 0 else { throw JournalError.syncFailed(errno: errno) }
        guard io.ftruncate(fd, start) == 0 else { throw JournalError.writeFailed(errno: errno) }
        guard io.fdatasync(fd) == 0 else { throw JournalError.syncFailed(errno: errno) }
        recovery = Recovery(line: line, bytes: bytes.count, quarantinePath: qpath, reason: reason)
    }

    // MARK: - Repair

    /// Keeps lines 1..<line and moves the rest, untouched, to `restPath` (0600, fsynced) before
    /// truncating: the damaged part is set aside, never deleted. Returns the bytes moved.
    @discardableResult
    public func keepPrefix(beforeLine line: Int, movingRestTo restPath: String) throws -> Int {
        try locked(LOCK_EX) {
            var st = stat()
            _ = io.fstat(fd, &st)
            let size = Int(st.st_size)
            let buf = try readBytes(from: 0, count: size)
            var start = 0, current = 1
            while current < line, let nl = buf[start...].firstIndex(of: 10) {
                start = nl + 1
                current += 1
            }
            let q = io.open(restPath, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
            guard q >= 0 else { throw JournalError.cannotOpen(path: restPath, errno: errno) }
            defer { _ = io.close(q) }
            try writeAll(q, Array(buf[start...]))
            guard io.fsync(q) == 0 else { throw JournalError.syncFailed(errno: errno) }
            FileJournal.syncDirectory((restPath as NSString).deletingLastPathComponent, io: io)
            guard io.ftruncate(fd, off_t(start)) == 0 else { throw JournalError.writeFailed(errno: errno) }
            guard io.fdatasync(fd) == 0 else { throw JournalError.syncFailed(errno: errno) }
            offset = 0
            lineCount = 0
            return size - start
        }
    }

    // MARK: - Writing

    @discardableResult
    public func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event]) {
        if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
        return try locked(LOCK_EX) {
            let seen = try readTail(.follow)
            if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
            var written = try decide(seen)
            guard !written.isEmpty else { return (seen, []) }
            var bytes: [UInt8] = []
            for i in written.indices {
                let line = try codec.encode(written[i])
                written[i].ref = EventRef(offset: Int64(offset) + Int64(bytes.count), length: Int32(line.count - 1))
                // A tracer's save is one event: its line is written as it is, not copied.
                if written.count == 1 { bytes = line } else { bytes += line }
            }
            do {
                try writeAll(fd, bytes)
            } catch JournalError.writeFailed(let e) where e == ENOSPC || e == EDQUOT {
                // A full disk is not a broken one: take the partial record back so the file
                // ends on its last saved line, and let the caller keep the work and retry.
                _ = io.ftruncate(fd, offset)
                throw JournalError.noSpace(errno: e)
            } catch {
                // Take back a partial record so the file ends on a whole line.
                _ = io.ftruncate(fd, offset)
                readOnlyReason = "\(error)"
                throw error
            }
            guard io.fdatasync(fd) == 0 else {
                let e = errno
                if e == ENOSPC || e == EDQUOT {
                    // Blocks allocated at sync time ran out: the record never reached the
                    // disk. Everything before it was synced by earlier writes, so taking it
                    // back leaves a journal that is whole, and the write can be retried.
                    _ = io.ftruncate(fd, offset)
                    throw JournalError.noSpace(errno: e)
                }
                // fsyncgate: after a failed sync the kernel may have dropped the pages; a retry
                // could "succeed" with the data gone. Stop writing for good.
                readOnlyReason = JournalError.syncFailed(errno: e).description
                throw JournalError.syncFailed(errno: e)
            }
            offset += off_t(bytes.count)
            lineCount += written.count
            return (seen, written)
        }
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws { try io.writeFully(fd, bytes) }

    private func locked<T>(_ op: Int32, _ body: () throws -> T) throws -> T {
        while io.flock(fd, op) != 0 {
            if errno != EINTR { throw JournalError.cannotOpen(path: path, errno: errno) }
        }
        defer { _ = io.flock(fd, LOCK_UN) }
        return try body()
    }

    // MARK: - Directory

    /// Creates missing directories 0700: the folder holds patients' health data.
    static func makeDirectory(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) { return }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != dir { try makeDirectory(parent) }
        if mkdir(dir, 0o700) != 0 && errno != EEXIST {
            throw JournalError.cannotOpen(path: dir, errno: errno)
        }
        if !parent.isEmpty { syncDirectory(parent, io: PosixFileIO()) }
    }

    /// A new file is durable only once its directory entry is.
    static func syncDirectory(_ dir: String, io: FileIO) {
        let d = io.open(dir, flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC, mode: 0)
        guard d >= 0 else { return }
        _ = io.fsync(d)
        _ = io.close(d)
    }
}

