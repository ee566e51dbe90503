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
    public let access: Access
    /// A file of the draft store (one case's drafts): it holds `interview.saved` records
    /// itself instead of handing them on.
    var isDraftFile = false
    /// Where this journal's interview drafts go (see `DraftStore`).
    public private(set) lazy var drafts = DraftStore(journal: path, io: io, access: access)
    /// Whether a numbered record has been read: after one, every record must be numbered.
    private var sawNumbered = false

    /// What opening the journal may do to it.
    public enum Access: Sendable {
        /// Read only (`cases`, `export`, `check`): nothing is ever truncated or moved; a torn
        /// tail is left where it is and reported.
        case read
        /// Read and append (`import`): a torn tail is set aside only under the exclusive
        /// lock, just before writing, as every writer does.
        case write
        /// The desk: also sets a torn tail aside when opening, so the tracer hears of it at once.
        case repair
    }
    let codec = RecordCodec()
    /// Bytes of the file already read or written by us: everything before it is replayed.
    public private(set) var offset: off_t = 0
    /// Whole lines before `offset`, for line numbers in messages.
    public private(set) var lineCount = 0
    public private(set) var readOnlyReason: String?
    /// Set when opening found a torn last record and moved it aside; the desk says so once.
    public private(set) var recovery: Recovery?

    public struct Recovery: Equatable, Sendable {
        public var line: Int
        public var bytes: Int
        public var quarantinePath: String
        public var reason: String
    }

    public init(path: String, io: FileIO = PosixFileIO(), access: Access = .repair) throws {
        self.path = path
        self.io = io
        self.access = access
        let dir = JournalLocation.folder(of: path)
        if access == .read {
            // A listing never creates the journal (nor its folder).
            fd = try FileJournal.openPrivate(path, flags: O_RDONLY | O_CLOEXEC, io: io)
            return
        }
        try FileJournal.makeDirectory(dir.isEmpty ? "." : dir)
        var existed = stat()
        let isNew = lstat(path, &existed) != 0
        fd = try FileJournal.openPrivate(path, flags: O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, io: io)
        if isNew { FileJournal.syncDirectory(dir.isEmpty ? "." : dir, io: io) }
    }

    /// Opens a file of the journal (the journal, its quarantine) without following a symlink
    /// at its name, and only if it is the user's own and nobody else can read it: they hold
    /// patients' health data, and a link could point the desk's writes at any other file.
    static func openPrivate(_ path: String, flags: Int32, io: FileIO) throws -> Int32 {
        let fd = io.open(path, flags: flags | O_NOFOLLOW, mode: 0o600)
        guard fd >= 0 else {
            let e = errno
            if e == ELOOP { throw JournalError.symlink(path: path) }
            // A new file (a case's first draft) on a full disk: the save can be retried.
            if e == ENOSPC || e == EDQUOT { throw JournalError.noSpace(errno: e) }
            throw JournalError.cannotOpen(path: path, errno: e)
        }
        var st = stat()
        _ = io.fstat(fd, &st)
        if st.st_mode & S_IFMT != S_IFREG {
            _ = io.close(fd)
            // A folder is said as one; a device or a pipe is no file to keep a journal in.
            throw JournalError.cannotOpen(path: path, errno: st.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL)
        }
        if st.st_uid != geteuid() {
            _ = io.close(fd)
            throw JournalError.notOwner(path: path)
        }
        if st.st_mode & 0o077 != 0 {
            _ = io.close(fd)
            throw JournalError.unsafePermissions(path: path, mode: st.st_mode)
        }
        return fd
    }

    deinit { _ = io.close(fd) }

    // MARK: - Reading

    /// Reads without holding a lock through the long part, so other desks keep saving while a
    /// city's journal replays (a shared flock would make every writer wait for it too); the
    /// exclusive lock is taken only if a torn tail is found and this desk may repair it.
    public func read(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        try read(from: position, filings: .whole, batch)
    }

    /// Filings in short are read whole again by place (`event(at:)`), so a replay keeps only
    /// their counts. Everything else about the lines is read and checked the same way.
    public func read(from position: StorePosition, filings: FilingDetail, _ batch: ([Event]) throws -> Void) throws {
        self.filings = filings
        defer { self.filings = .whole }
        offset = off_t(position.offset)
        lineCount = position.line
        sawNumbered = numberedBefore(offset)
        try readSettled(batch)
        guard tornTail != nil, access == .repair else { return }
        // Between the two locks another writer may have set the remnant aside and written
        // after it: under the exclusive lock the tail is looked at again from where we are.
        try locked(LOCK_EX) {
            tornTail = nil
            try readTail(.repair, batch)
        }
    }

    /// Whether the record that ends at `end` carries a number: its last bytes say so.
    private func numberedBefore(_ end: off_t) -> Bool { number(ofLineEndingAt: end) != nil }

    /// The number of the record whose line ends (newline included) at `end`, read from its
    /// last 64 bytes (`,"seq":N,"crc":"…"}` is at its very end); nil if it has none.
    private func number(ofLineEndingAt end: off_t) -> Int? {
        guard end > 0 else { return nil }
        let n = Int(min(end, 64))
        guard let tail = io.readFully(fd, from: end - off_t(n), count: n), tail.last == 10,
              tail.count > RecordCodec.suffixLength + 1 else { return nil }
        return tail.withUnsafeBytes { raw in
            RecordCodec.sequence(raw, before: raw.count - 1 - RecordCodec.suffixLength)
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
        /// A whole last line, checksum valid, that this build cannot read.
        public var unreadable: (line: Int, reason: Localizable)?
    }

    public func verify(_ batch: ([Event]) throws -> Void) throws -> Verification {
        try verifyTail(from: .start, batch)
        return Verification(lines: lineCount, tornTail: tornTail, unreadable: unreadableLine)
    }

    /// Reads from `position` without repairing anything (for `check`).
    public func verifyTail(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        offset = off_t(position.offset)
        lineCount = position.line
        sawNumbered = numberedBefore(offset)
        try readSettled(batch)
    }

    /// Reads to the end in two steps. Writers append whole lines under the exclusive lock,
    /// and the only bytes ever cut are a partial last line: so every whole line before the
    /// end seen under the lock stays as it is, and is read with no lock held. A partial last
    /// line is left to the second step, which reads what was appended meanwhile under the
    /// shared lock (a moment), and there tells a writer's remnant from a write in progress.
    private func readSettled(_ batch: ([Event]) throws -> Void) throws {
        tornTail = nil
        let end = try locked(LOCK_SH) { () -> off_t in
            var st = stat()
            _ = io.fstat(fd, &st)
            return st.st_size
        }
        try readTail(.scan, upTo: end, batch)
        tornTail = nil
        try locked(LOCK_SH) { try readTail(.scan, batch) }
    }

    private var tornTail: (line: Int, reason: String)?
    /// How the read in progress hands filings over (`read(from:filings:_:)`); whole otherwise.
    private var filings = FilingDetail.whole
    /// A whole last line, checksum valid, that this build cannot read (for `check`).
    public private(set) var unreadableLine: (line: Int, reason: Localizable)?
    /// The lines replay passed over (a newer build's, or a whole last line this build cannot
    /// read): a report says how many and where, never what they hold.
    public private(set) var passedOver: [Int] = []

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

    /// The file's size as the last look at its tail found it: a writer that found nothing new
    /// there knows where the file ends without asking again.
    private var sizeSeen: off_t = -1

    private func readTail(_ mode: TailMode) throws -> [Event] {
        var all: [Event] = []
        try readTail(mode) { all += $0 }
        return all
    }

    /// Reads from `offset` to the end, a chunk at a time. A bad record with more after it is
    /// damage and stops everything; a bad last record is a crash remnant and is quarantined
    /// (if allowed). While one chunk is applied, the next is read and decoded on another
    /// thread: replay is decoding plus applying (one line at a time, in order).
    private func readTail(_ mode: TailMode, upTo limit: off_t? = nil, _ batch: ([Event]) throws -> Void) throws {
        var st = stat()
        sizeSeen = io.fstat(fd, &st) == 0 ? st.st_size : -1
        let size = min(limit ?? st.st_size, st.st_size)
        // Most looks under a filing's lock find nothing new: nothing to set up.
        guard size > offset else { return }
        var want = chunkSize
        let (io, fd, path, filings) = (self.io, self.fd, self.path, self.filings)
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
                                                  firstLine: lineCount, filings: filings, reusing: spare)
            }
            // Numbered records began at some line; an unnumbered one after that was made by hand.
            if let i = sawNumbered ? chunk.firstUnnumbered : chunk.firstUnnumberedAfterNumbered {
                let start = i == 0 ? 0 : chunk.ends[i - 1] + 1
                chunk.failures[start] = .outOfSequence(found: nil, expected: lineCount + i + 1)
            }
            sawNumbered = sawNumbered || chunk.hasNumbered
            let count = chunk.bytes.count
            let atEnd = offset + off_t(count) == size
            if let last = chunk.ends.last, offset + off_t(last + 1) < size {
                let next = offset + off_t(last + 1)
                let nextCount = Int(min(off_t(chunkSize), size - next))
                let nextLine = lineCount + chunk.ends.count
                ahead = Prefetch {
                    try FileJournal.readChunk(io, fd, path, from: next, count: nextCount, firstLine: nextLine, filings: filings, reusing: spare)
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
                            let last = nl + 1 == count && atEnd
                            if last && limit != nil {
                                // Read without the lock: what the last line is, is decided under it.
                                line -= 1
                                stop = true
                                return
                            } else if let v = Self.peekVersion(UnsafeRawBufferPointer(rebasing: raw[start..<nl])), v > Event.schemaVersion {
                                markNewer(v, line: line)
                            } else if last && error.isTornWrite {
                                // Only a write cut short leaves bytes that fail their checksum.
                                if mode != .follow {
                                    try handleTail(mode, at: offset + off_t(start), bytes: UnsafeRawBufferPointer(rebasing: raw[start...]),
                                                   line: line, reason: L("the last record is damaged (\(error))"))
                                }
                                line -= 1
                                stop = true
                                return
                            } else if last, case .unreadable(let why) = error {
                                // Whole and as written, but not something this build reads (an
                                // event type from a newer version): never set aside as torn.
                                readOnlyReason = L("line \(line) was written whole but this tracedesk cannot read it (\(why.text())); it may come from a newer version. Update tracedesk to make changes.")
                                unreadableLine = (line, why)
                                passedOver.append(line)
                            } else {
                                throw JournalError.damaged(path: path, line: line, reason: .record(error))
                            }
                        } else if chunk.events[i].version > Event.schemaVersion {
                            markNewer(chunk.events[i].version, line: line)
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

    /// A stretch of the journal, its whole lines found and decoded, each event
    /// with its place.
    struct DecodedChunk: Sendable {
        var bytes: [UInt8]
        var ends: [Int]
        /// One a line; a line named in `failures` (by where it starts) holds `unreadable`.
        var events: [Event]
        var failures: [Int: RecordCodec.LineProblem]
        /// Which lines carry a record number: whether any does, the first that does not, and
        /// the first that does not after one that does (the reader decides which matters).
        var hasNumbered = false
        var firstUnnumbered: Int?
        var firstUnnumberedAfterNumbered: Int?

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

    static func readChunk(_ io: FileIO, _ fd: Int32, _ path: String, from start: off_t, count: Int, firstLine: Int,
                          filings: FilingDetail = .whole, reusing spare: SpareBuffer) throws -> DecodedChunk {
        var bytes = spare.take()
        try readBytes(io, fd, path, from: start, count: count, into: &bytes)
        return bytes.withUnsafeBytes { raw in
            let ends = lineEnds(raw)
            let decoded = decodeLines(raw, ends: ends, firstLine: firstLine, at: Int64(start), filings: filings)
            var chunk = DecodedChunk(bytes: bytes, ends: ends, events: decoded.events, failures: decoded.failures)
            for (i, numbered) in decoded.numbered.enumerated() where numbered != nil {
                if numbered == true {
                    chunk.hasNumbered = true
                } else {
                    if chunk.firstUnnumbered == nil { chunk.firstUnnumbered = i }
                    if chunk.hasNumbered && chunk.firstUnnumberedAfterNumbered == nil { chunk.firstUnnumberedAfterNumbered = i }
                }
            }
            return chunk
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

    public func casesInProgress() throws -> [String] { isDraftFile ? [] : try drafts.casesInProgress() }
    public func latestDraft(of caseId: String) throws -> Event? { try drafts.latest(of: caseId) }
    public func drafts(of caseId: String) throws -> [Event] { try drafts.all(of: caseId) }

    /// The line number (from 1) of the record starting at each offset: one pass counting
    /// newlines, for messages that must name lines (`check`'s ignored events).
    public func lineNumbers(at offsets: [Int64]) throws -> [Int64: Int] {
        let wanted = Set(offsets)
        guard let last = wanted.max() else { return [:] }
        var out: [Int64: Int] = [:]
        var at: off_t = 0, line = 1
        if wanted.contains(0) { out[0] = 1 }
        while at <= off_t(last) {
            let count = Int(min(off_t(chunkSize), off_t(last) + 1 - at))
            guard count > 0 else { break }
            let buf = try readBytes(from: at, count: count)
            buf.withUnsafeBytes { raw in
                for nl in lineEnds(raw) {
                    line += 1
                    let next = Int64(at) + Int64(nl) + 1
                    if wanted.contains(next) { out[next] = line }
                }
            }
            at += off_t(count)
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
                throw JournalError.damagedRecord(path: path, offset: ref.offset, reason: .record(error))
            }
        }
    }

    /// Decodes each line (ending at `ends[i]`). A line that cannot be read holds `unreadable`
    /// in its place and is named, by where it starts in `raw`, in `failures`: nearly every
    /// chunk has none, and its events then go on as they are. `numbered` says of each line
    /// whether it carried its record number (nil: it could not be read). `firstLine` is the
    /// number of whole lines before `raw`: a record's number must be its line.
    static func decodeLines(_ raw: UnsafeRawBufferPointer, ends: [Int], firstLine: Int, at base: Int64, filings: FilingDetail = .whole)
        -> (events: [Event], failures: [Int: RecordCodec.LineProblem], numbered: [Bool?]) {
        var events: [Event] = [], numbered: [Bool?] = []
        events.reserveCapacity(ends.count)
        numbered.reserveCapacity(ends.count)
        var failures: [Int: RecordCodec.LineProblem] = [:]
        var tape = JSONTape()
        var from = 0
        for (i, end) in ends.enumerated() {
            defer { from = end + 1 }
            let line = UnsafeRawBufferPointer(rebasing: raw[from..<end])
            do throws(RecordCodec.LineProblem) {
                var seq: Int?
                var e = try RecordCodec.decode(line, using: &tape, seq: &seq, filings: filings)
                if let seq, seq != firstLine + i + 1 { throw .outOfSequence(found: seq, expected: firstLine + i + 1) }
                numbered.append(seq != nil)
                e.ref = EventRef(offset: base + Int64(from), length: Int32(line.count))
                events.append(e)
            } catch {
                failures[from] = error
                numbered.append(nil)
                events.append(unreadable)
            }
        }
        return (events, failures, numbered)
    }

    /// The place holder of a line that could not be read; never applied (see `readTail`).
    static let unreadable = Event(id: EventID(high: 0, low: 0), timestamp: Date(timeIntervalSince1970: 0),
                                  actor: "", body: .importCommitted(ImportCommit(batch: "", count: 0)))

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

    private func markNewer(_ v: Int, line: Int) {
        passedOver.append(line)
        readOnlyReason = L("line \(line) was written by a newer tracedesk (schema version \(v); this one knows up to \(Event.schemaVersion)). Update tracedesk to make changes.")
    }

    static func peekVersion(_ line: UnsafeRawBufferPointer) -> Int? {
        struct V: Decodable { let v: Int }
        return try? JSONDecoder().decode(V.self, from: Data(line)).v
    }

    private func quarantineTail(from start: off_t, bytes: UnsafeRawBufferPointer, line: Int, reason: String) throws {
        let qpath = path + ".quarantine"  // not shown: a file suffix
        // The remnant is patient data: refused into a file others can read or another owns.
        let q = try FileJournal.openPrivate(qpath, flags: O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, io: io)
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
            let q = try FileJournal.openPrivate(restPath, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, io: io)
            defer { _ = io.close(q) }
            try writeAll(q, Array(buf[start...]))
            guard io.fsync(q) == 0 else { throw JournalError.syncFailed(errno: errno) }
            FileJournal.syncDirectory(JournalLocation.folder(of: restPath), io: io)
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
        if access == .read { throw JournalError.readOnly(reason: L("opened for reading only")) }
        if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
        return try locked(LOCK_EX) {
            // Under the exclusive lock no one else is writing, so a partial last line is a
            // remnant of a writer that died (another desk, a large import): it is set aside
            // now, or this record would be appended onto it and lost with it.
            let seen = try readTail(.repair)
            if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
            try checkEnd(afterSeeing: seen)
            var written = try decide(seen)
            guard !written.isEmpty else { return (seen, []) }
            // Drafts go to the draft store, everything else here: the event log is what every
            // desk replays, and a draft is needed only when its case is opened.
            let inLog = isDraftFile ? Array(written.indices) : written.indices.filter { !written[$0].isDraft }
            if !inLog.isEmpty {
                try appendSynced { put in
                    // A city's import is 58 MB of lines: written a bounded piece at a time,
                    // not gathered whole. Readers see none of it before the lock is let go
                    // (they read under the shared lock, or up to an end they noted), and
                    // a failure takes it all back.
                    var bytes: [UInt8] = []
                    var before = Int64(offset)
                    for (n, i) in inLog.enumerated() {
                        let line = try codec.encode(written[i], seq: lineCount + n + 1)
                        written[i].ref = EventRef(offset: before + Int64(bytes.count), length: Int32(line.count - 1))
                        // A tracer's save is one event: its line is written as it is, not copied.
                        if inLog.count == 1 { bytes = line } else { bytes += line }
                        if bytes.count >= Self.writePiece {
                            try put(bytes)
                            before += Int64(bytes.count)
                            bytes.removeAll(keepingCapacity: true)
                        }
                    }
                    if !bytes.isEmpty { try put(bytes) }
                    return inLog.count
                }
            }
            if !isDraftFile { try storeDrafts(written) }
            return (seen, written)
        }
    }

    /// A transaction whose events are made, encoded and written one at a time and not kept:
    /// a city's line list is 100,000 events (44 MB as values), which `transact` would hold
    /// beside the rows they were made from. `decide` sees what other writers added since the
    /// caller read (`seen`) and hands each event to `emit`. The same guarantees as
    /// `transact`: written under the exclusive lock, synced once, and if `decide` or a write
    /// fails, nothing of it is kept (readers never see it: they read under the shared lock or
    /// up to an end they noted). Events only for the log: a draft is refused.
    @discardableResult
    public func transact(streaming decide: ([Event], _ emit: (Event) throws -> Void) throws -> Void) throws -> (seen: [Event], written: Int) {
        if access == .read { throw JournalError.readOnly(reason: L("opened for reading only")) }
        if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
        return try locked(LOCK_EX) {
            let seen = try readTail(.repair)
            if let why = readOnlyReason { throw JournalError.readOnly(reason: why) }
            try checkEnd(afterSeeing: seen)
            var count = 0
            try appendSynced { piece in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(Self.writePiece + 64 << 10)
                // `put` outlives neither call; Swift cannot see that through two closures.
                let put = piece
                try withoutActuallyEscaping(put) { put in try decide(seen) { event in
                    precondition(!event.isDraft && !isDraftFile, "a streamed transaction is for the event log") // not shown: a programming error
                    bytes += try codec.encode(event, seq: lineCount + count + 1)
                    count += 1
                    if bytes.count >= Self.writePiece {
                        try put(bytes)
                        bytes.removeAll(keepingCapacity: true)
                    }
                } }
                if !bytes.isEmpty { try put(bytes) }
                return count
            }
            return (seen, count)
        }
    }

    /// Under the exclusive lock, before writing: the file ends where its last whole line does.
    /// When the look at the tail found nothing new and no remnant, its size is the answer
    /// (one system call less on every save).
    private func checkEnd(afterSeeing seen: [Event]) throws {
        if seen.isEmpty && sizeSeen == offset { return }
        var st = stat()
        guard io.fstat(fd, &st) == 0, st.st_size == offset else {
            throw JournalError.damaged(path: path, line: lineCount + 1, reason: .notEndingOnAWholeLine)
        }
    }

    /// The most a transaction holds of its encoded lines before writing them.
    static let writePiece = 1 << 20

    /// Appends whole records at the end (`produce` hands them to `put` in pieces and says how
    /// many there were) and makes them durable, or leaves the file ending on its last saved line (a full disk can be
    /// retried; a failed write or sync stops writing; a record that cannot be encoded takes
    /// back the pieces already written). Called under the exclusive lock.
    private func appendSynced(_ produce: (_ put: ([UInt8]) throws -> Void) throws -> Int) throws {
        var appended = 0
        var records = 0
        var writeError: Error?
        do {
            records = try produce { piece in
                do { try writeAll(fd, piece) } catch { writeError = error; throw error }
                appended += piece.count
            }
        } catch {
            // Take back what was written so the file ends on its last saved line.
            _ = io.ftruncate(fd, offset)
            switch writeError {
            case JournalError.writeFailed(let e)? where e == ENOSPC || e == EDQUOT:
                // A full disk is not a broken one: the caller keeps the work and retries.
                throw JournalError.noSpace(errno: e)
            case let e?:
                readOnlyReason = "\(e)"
                throw e
            case nil:
                throw error
            }
        }
        guard appended > 0 else { return }
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
        offset += off_t(appended)
        lineCount += records
    }

    /// The drafts among `written`, in order, to the draft store; a filed interview (already
    /// durable in the log) then moves its case's drafts to the filed ones. Runs under this
    /// journal's lock, so drafts and filings of one case are stored in the order decided.
    private func storeDrafts(_ written: [Event]) throws {
        var pending: [Event] = []
        for e in written {
            if e.isDraft {
                pending.append(e)
            } else if case .interviewFiled(let f) = e.body {
                try drafts.save(pending)
                pending = []
                try drafts.filed(f.caseId)
            }
        }
        try drafts.save(pending)
    }

    /// Under the exclusive lock, goes to the end of a file whose records are numbered without
    /// reading it: the last whole line's number is how many lines there are. A draft file is
    /// opened to append (a desk working a city's cases opens many), and its records are read
    /// and checked whenever the draft is. A torn tail after that line is left for the write,
    /// which sets it aside; a last line without a number falls back to counting.
    func skipToEnd() throws {
        try locked(LOCK_EX) {
            var st = stat()
            _ = io.fstat(fd, &st)
            var window: off_t = 4096, lastNewline: off_t = -1
            while lastNewline < 0 {
                let from = max(0, st.st_size - window)
                let buf = try readBytes(from: from, count: Int(st.st_size - from))
                if let i = buf.lastIndex(of: 10) { lastNewline = from + off_t(i) }
                if from == 0 { break }
                window *= 4
            }
            guard lastNewline >= 0 else {
                offset = 0
                lineCount = 0
                return
            }
            let end = lastNewline + 1
            if let seq = number(ofLineEndingAt: end) {
                offset = end
                lineCount = seq
                sawNumbered = true
                return
            }
            // Not numbered: count the lines.
            var at: off_t = 0, lines = 0
            while at < end {
                let count = Int(min(off_t(chunkSize), end - at))
                lines += try readBytes(from: at, count: count).withUnsafeBytes { lineEnds($0).count }
                at += off_t(count)
            }
            offset = end
            lineCount = lines
            sawNumbered = false
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
        let parent = JournalLocation.folder(of: dir)
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

