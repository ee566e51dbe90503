#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SystemPackage
@_spi(Checkpoint) import TracedeskCore

// catalogue: not shown — why a checkpoint was passed over, for the benchmark and tests
/// The replayed desk written beside the journal (`JOURNAL.checkpoint`), so a start reads it
/// and replays only the journal's tail: a month of follow-up makes the log many times the
/// size of the desk's state, and reading and decoding the log is most of a replay. It is only
/// a cache: on any doubt (another version, a damaged file, a journal cut, replaced or not the
/// one it covers, another team file) the full replay runs, and `check` never reads it.
///
/// Written by hand as bytes — varints, length-prefixed UTF-8, dates as their 8 bytes — not
/// JSON nor `Codable`: the JSON snapshot this replaces (f9cbd09) was slower to read than the
/// log it stood for. A fixed header, then the body, streamed out as the desk is walked (no
/// second copy of the desk is made to write it) and read back in pieces of a mebibyte.
public enum Checkpoint {
    /// Raised whenever a type written here gains, loses or reorders a stored property or an
    /// enum's cases: an older checkpoint is then passed over, not misread. `CheckpointTests`
    /// holds the shapes' digest to the last entry, so a change without a new entry fails.
    static let versions: [(version: UInt32, shapes: UInt32)] = [(1, 0xEF50_EAB6), (2, 0x207E_8EB2)]
    public static var codeVersion: UInt32 { versions.last!.version }
    static let magic: [UInt8] = Array("tdckpt\r\n".utf8)
    static let format: UInt32 = 2
    static let headerSize = 128
    /// The journal's first bytes and the last bytes before the offset, checksummed at start:
    /// a journal replaced, cut or rewritten under the same name fails them. The whole journal
    /// up to the offset is not summed (a city's month is 1.7 GB: about 0.5 s of CRC alone).
    static let headWindow: off_t = 64 << 10
    static let tailWindow: off_t = 4 << 10

    public static func path(forJournal journal: String) -> String { journal + ".checkpoint" }

    /// What the header says of the journal the desk was replayed from.
    struct Cover: Equatable {
        var offset: Int64
        var line: Int64
        var head: UInt32
        var tail: UInt32
        var device: UInt64
        var inode: UInt64
        var team: UInt32
    }

    public struct Unusable: Error, CustomStringConvertible, Equatable {
        public var why: String
        public var description: String { why }
    }

    static func teamDigest(_ team: Team?) -> UInt32 {
        guard let team else { return 0 }
        let enc = JSONEncoder()
        enc.outputFormatting = .sortedKeys
        guard let data = try? enc.encode(team) else { return 1 }
        return data.withUnsafeBytes { CRC32C.checksum($0) } | 2
    }

    /// The journal's identity up to `position`: read from the open journal.
    static func cover(of fd: Int32, io: FileIO, at position: StorePosition, team: Team?) throws -> Cover {
        var st = stat()
        guard io.fstat(fd, &st) == 0 else { throw Unusable(why: "the journal cannot be examined") }
        let end = off_t(position.offset)
        guard end <= st.st_size else { throw Unusable(why: "the checkpoint covers more than the journal holds (cut or replaced)") }
        let h = Int(min(headWindow, end)), t = Int(min(tailWindow, end))
        guard let head = io.readFully(fd, from: 0, count: h), let tail = io.readFully(fd, from: end - off_t(t), count: t) else {
            throw Unusable(why: "the journal cannot be read")
        }
        return Cover(offset: position.offset, line: Int64(position.line), head: CRC32C.checksum(head), tail: CRC32C.checksum(tail),
                     device: UInt64(st.st_dev), inode: UInt64(st.st_ino), team: teamDigest(team))
    }

    // MARK: - Writing

    /// Writes `desk` (replayed from the journal up to `cover`) as the journal's checkpoint: a
    /// temporary file made afresh (0600, not through a link), the body streamed into it, the
    /// header last, fdatasync, renamed over the old one, the folder fsynced.
    static func write(_ desk: Desk, cover: Cover, journal: String) throws {
        let file = path(forJournal: journal)
        let temp = file + ".tmp-\(getpid())"
        unlink(temp)
        removeTempsOfEndedWriters(file)
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw JournalError.cannotOpen(path: temp, errno: errno) }
        var done = false
        defer {
            close(fd)
            if !done { unlink(temp) }
        }
        var out = Writer(fd: fd)
        // Room for the header, written last when the body's length and checksum are known.
        try PosixFileIO().writeFully(fd, [UInt8](repeating: 0, count: headerSize))
        let seenCount = try out.desk(desk)
        try out.flush()
        var h = Writer(fd: -1)
        h.bytes = magic
        h.u32(format); h.u32(codeVersion)
        h.u64(UInt64(cover.offset)); h.u64(UInt64(cover.line)); h.u32(cover.head); h.u32(cover.tail)
        h.u64(cover.device); h.u64(cover.inode); h.u32(cover.team)
        h.u64(UInt64(out.length)); h.u32(CRC32C.finish(out.crc)); h.u64(UInt64(seenCount)); h.u64(UInt64(desk.cases.count))
        h.u64(UInt64(out.interned.count))
        h.u32(CRC32C.checksum(h.bytes))
        precondition(h.bytes.count <= headerSize)
        let n = h.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        guard n == h.bytes.count else { throw JournalError.writeFailed(errno: n < 0 ? errno : EIO) }
        guard fdatasync(fd) == 0 else { throw JournalError.syncFailed(errno: errno) }
        guard rename(temp, file) == 0 else { throw JournalError.cannotOpen(path: file, errno: errno) }
        done = true
        FileJournal.syncDirectory(JournalLocation.folder(of: file), io: PosixFileIO())
    }

    /// A desk killed while writing leaves its temporary file (as large as the checkpoint, and
    /// holding the same patient data): the next writer removes those whose process has ended.
    /// One whose process still runs is being written, and is left.
    static func removeTempsOfEndedWriters(_ file: String) {
        let folder = JournalLocation.folder(of: file)
        let prefix = String(FilePath(file).lastComponent?.string ?? file) + ".tmp-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }

    // MARK: - Reading

    /// The checkpoint's desk and the journal position it covers, if every check passes.
    static func load(journal: String, fd jfd: Int32, io: FileIO, team: Team?) throws -> (Desk, StorePosition) {
        let file = path(forJournal: journal)
        let fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            throw Unusable(why: errno == ENOENT ? "no checkpoint yet" : errno == ELOOP ? "the checkpoint is a symbolic link; not followed" : "the checkpoint cannot be opened")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            throw Unusable(why: "the checkpoint is not a private file of this user")
        }
        guard st.st_size >= headerSize, let head = PosixFileIO().readFully(fd, from: 0, count: headerSize) else {
            throw Unusable(why: "the checkpoint is cut short or too long")
        }
        var h = Reader(bytes: head)
        guard try h.bytes(8) == magic, try h.u32() == format else { throw Unusable(why: "not a checkpoint") }
        guard try h.u32() == codeVersion else { throw Unusable(why: "the checkpoint was written by another version") }
        let recorded = Cover(offset: Int64(try h.u64()), line: Int64(try h.u64()), head: try h.u32(), tail: try h.u32(),
                             device: try h.u64(), inode: try h.u64(), team: try h.u32())
        let length = try h.u64(), bodyCRC = try h.u32(), seenCount = try h.u64(), caseCount = try h.u64(), stringCount = try h.u64()
        let headerCRC = CRC32C.checksum(head[0..<h.at])
        guard try h.u32() == headerCRC else { throw Unusable(why: "the checkpoint's header is damaged") }
        guard Int(length) == Int(st.st_size) - headerSize else { throw Unusable(why: "the checkpoint is cut short or too long") }
        guard recorded.team == teamDigest(team) else { throw Unusable(why: "the team file changed since the checkpoint") }
        let now = try cover(of: jfd, io: io, at: StorePosition(offset: recorded.offset, line: Int(recorded.line)), team: team)
        guard now.device == recorded.device, now.inode == recorded.inode else { throw Unusable(why: "the journal was replaced since the checkpoint") }
        guard now == recorded else { throw Unusable(why: "the journal is not the one the checkpoint covers (cut, repaired or rewritten)") }
        var r = Reader(fd: fd, from: headerSize, size: Int(st.st_size))
        // Sized once: grown by doubling it held twice the room for a city's shared strings.
        guard stringCount <= UInt64(st.st_size) else { throw Unusable(why: "the checkpoint's header is damaged") }
        r.strings.reserveCapacity(Int(stringCount))
        let desk = try r.desk(team: team, seen: Int(seenCount), cases: Int(caseCount))
        guard r.atEnd else { throw Unusable(why: "the checkpoint has bytes after its end") }
        guard CRC32C.finish(r.crc) == bodyCRC else { throw Unusable(why: "the checkpoint is damaged (checksum)") }
        return (desk, StorePosition(offset: recorded.offset, line: Int(recorded.line)))
    }
}

// MARK: - Bytes out

/// Bytes out, a mebibyte at a time; the checksum and length count what was flushed.
struct Writer {
    let fd: Int32
    var bytes: [UInt8] = []
    var crc = CRC32C.initial
    var length = 0
    /// Strings that repeat (tracers, contact and case ids, kelurahan): written once, then by
    /// number, and read back as one shared string (a check's contact id was its own copy).
    var interned: [String: UInt32] = [:]

    init(fd: Int32) {
        self.fd = fd
        bytes.reserveCapacity(1 << 20)
    }

    mutating func flush() throws {
        guard fd >= 0, !bytes.isEmpty else { return }
        crc = bytes.withUnsafeBytes { CRC32C.update(crc, $0) }
        length += bytes.count
        try PosixFileIO().writeFully(fd, bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func put(_ b: [UInt8]) throws { bytes += b; if bytes.count >= 1 << 20 { try flush() } }
    mutating func mark() throws { if bytes.count >= 1 << 20 { try flush() } }

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func varint(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }
    mutating func count(_ n: Int) { varint(UInt64(n)) }
    mutating func int(_ v: Int) { varint(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func bool(_ b: Bool) { byte(b ? 1 : 0) }
    mutating func date(_ d: Date) { u64(d.timeIntervalSinceReferenceDate.bitPattern) }
    mutating func day(_ d: Day) { int(d.ordinal) }
    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in count(u.count); bytes.append(contentsOf: u) }
    }
    /// Length + 1, 0 for nil.
    mutating func string(_ s: String?) {
        guard var s else { return byte(0) }
        s.withUTF8 { u in varint(UInt64(u.count) + 1); bytes.append(contentsOf: u) }
    }
    /// 0 and the string the first time; its number + 1 after.
    mutating func shared(_ s: String) {
        if let n = interned[s] { return varint(UInt64(n) + 1) }
        interned[s] = UInt32(interned.count)
        byte(0)
        string(s)
    }
    mutating func shared(_ s: String?) {
        guard let s else { return byte(0) }
        byte(1); shared(s)
    }
    mutating func date(_ d: Date?) { if let d { byte(1); date(d) } else { byte(0) } }
    mutating func day(_ d: Day?) { if let d { byte(1); day(d) } else { byte(0) } }
    mutating func int(_ v: Int?) { if let v { byte(1); int(v) } else { byte(0) } }
    mutating func bool(_ b: Bool?) { byte(b.map { $0 ? 2 : 1 } ?? 0) }
    /// A case of a `CaseIterable` enum by its place in `allCases` (the shapes' digest holds
    /// the order), + 1, 0 for nil.
    mutating func pick<E: CaseIterable & Equatable>(_ e: E?) {
        guard let e else { return byte(0) }
        byte(UInt8(E.allCases.firstIndex(of: e).map { E.allCases.distance(from: E.allCases.startIndex, to: $0) }! + 1))
    }
    mutating func ref(_ r: EventRef) { varint(UInt64(r.offset)); varint(UInt64(r.length)) }
    mutating func ref(_ r: EventRef?) { if let r { byte(1); ref(r) } else { byte(0) } }
}

// MARK: - Bytes in

/// Bytes in: from a file a mebibyte at a time (its checksum counting what was read), or
/// from an array.
struct Reader {
    let fd: Int32
    var buf: [UInt8]
    var at = 0
    var fileOffset = 0
    let size: Int
    var crc = CRC32C.initial
    var strings: [String] = []

    init(fd: Int32, from start: Int, size: Int) { self.fd = fd; fileOffset = start; self.size = size; buf = [] }
    init(bytes: [UInt8]) { fd = -1; buf = bytes; size = bytes.count; fileOffset = bytes.count }

    var atEnd: Bool { at == buf.count && fileOffset == size }

    static let damaged = Checkpoint.Unusable(why: "the checkpoint is damaged (unreadable)")

    /// At least `n` unread bytes in `buf`.
    @inline(__always) mutating func need(_ n: Int) throws {
        if buf.count - at >= n { return }
        try refill(n)
    }

    private mutating func refill(_ n: Int) throws {
        guard fd >= 0, size - fileOffset >= n - (buf.count - at) else { throw Reader.damaged }
        let want = min(size - fileOffset, max(1 << 20, n))
        var next = Array(buf[at...])
        let old = next.count
        next.reserveCapacity(old + want)
        next.append(contentsOf: repeatElement(0, count: want))
        let got = next.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + old, want, off_t(fileOffset)) }
        guard got == want else { throw Checkpoint.Unusable(why: "the checkpoint could not be read") }
        crc = next.withUnsafeBytes { CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: $0[old...])) }
        fileOffset += want
        buf = next
        at = 0
    }

    mutating func bytes(_ n: Int) throws -> [UInt8] {
        try need(n)
        defer { at += n }
        return Array(buf[at..<at + n])
    }
    @inline(__always) mutating func byte() throws -> UInt8 {
        try need(1)
        defer { at += 1 }
        return buf[at]
    }
    mutating func varint() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Reader.damaged }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }
    /// A count of things each at least one byte long: never more than the bytes left.
    mutating func count() throws -> Int {
        let n = try varint()
        guard n <= UInt64(size) else { throw Reader.damaged }
        return Int(n)
    }
    mutating func int() throws -> Int {
        let z = try varint()
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }
    mutating func u32() throws -> UInt32 {
        try need(4)
        defer { at += 4 }
        return buf.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    }
    mutating func u64() throws -> UInt64 {
        try need(8)
        defer { at += 8 }
        return buf.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    }
    mutating func bool() throws -> Bool {
        switch try byte() { case 0: false; case 1: true; default: throw Reader.damaged }
    }
    mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: try u64())) }
    mutating func day() throws -> Day { Day(ordinal: try int()) }
    private mutating func utf8(_ n: Int) throws -> String {
        try need(n)
        defer { at += n }
        return buf.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<at + n]), as: UTF8.self) }
    }
    mutating func string() throws -> String { try utf8(try count()) }
    mutating func optionalString() throws -> String? {
        let n = try count()
        return n == 0 ? nil : try utf8(n - 1)
    }
    mutating func shared() throws -> String {
        let n = try varint()
        if n == 0 {
            let s = try string()
            strings.append(s)
            return s
        }
        guard n <= UInt64(strings.count) else { throw Reader.damaged }
        return strings[Int(n - 1)]
    }
    mutating func optionalShared() throws -> String? { try flag() ? try shared() : nil }
    mutating func flag() throws -> Bool { try bool() }
    mutating func optionalDate() throws -> Date? { try flag() ? try date() : nil }
    mutating func optionalDay() throws -> Day? { try flag() ? try day() : nil }
    mutating func optionalInt() throws -> Int? { try flag() ? try int() : nil }
    mutating func optionalBool() throws -> Bool? {
        switch try byte() { case 0: nil; case 1: false; case 2: true; default: throw Reader.damaged }
    }
    mutating func pick<E: CaseIterable>(_: E.Type = E.self) throws -> E? {
        let n = Int(try byte())
        guard n > 0 else { return nil }
        guard n <= E.allCases.count else { throw Reader.damaged }
        return E.allCases[E.allCases.index(E.allCases.startIndex, offsetBy: n - 1)]
    }
    mutating func required<E: CaseIterable>(_: E.Type = E.self) throws -> E {
        guard let e: E = try pick() else { throw Reader.damaged }
        return e
    }
    mutating func raw<E: RawRepresentable>(_: E.Type = E.self) throws -> E where E.RawValue == String {
        guard let e = E(rawValue: try string()) else { throw Reader.damaged }
        return e
    }
    mutating func ref() throws -> EventRef {
        let offset = try varint(), length = try varint()
        guard offset < 1 << 44, length < 1 << 20 else { throw Reader.damaged }
        return EventRef(offset: Int64(offset), length: Int32(length))
    }
    mutating func optionalRef() throws -> EventRef? { try flag() ? try ref() : nil }
}
// catalogue: shown again

/// How a desk's replay went: from the checkpoint and the journal's tail, or every event.
public enum DeskStart: Equatable, Sendable {
    case checkpoint(tailEvents: Int)
    /// Why the checkpoint was passed over (never patient data).
    case fullReplay(reason: String)

    /// Events read from the journal to make the desk.
    public func replayed(_ desk: Desk) -> Int {
        switch self {
        case .checkpoint(let tail): tail
        case .fullReplay: desk.eventCount
        }
    }
}

/// A checkpoint being written on another thread.
public final class CheckpointWriting: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var failure: String?
    private var finished = false

    /// Waits for it to be on disk (or given up); why it was given up, if it was.
    @discardableResult
    public func wait() -> String? {
        lock.lock()
        if finished { lock.unlock(); return failure }
        lock.unlock()
        done.wait()
        lock.lock(); finished = true; lock.unlock()
        return failure
    }

    fileprivate func end(_ problem: String?) {
        lock.withLock { failure = problem }
        done.signal()
    }
}

extension Checkpoint.Cover: @unchecked Sendable {}

extension FileJournal {
    /// The desk as the log says it (before the draft folder's interviews in progress and any
    /// filing read whole are added): the checkpoint's desk and the events after it when the
    /// checkpoint can be trusted, else every event. Either way the tail goes through the
    /// same reading and applying as a full replay, de-duplication by id included.
    public func replayFromCheckpoint(team: Team?) throws -> (Desk, DeskStart) {
        let loaded: (desk: Desk, position: StorePosition)
        do {
            loaded = try Checkpoint.load(journal: path, fd: fd, io: io, team: team)
        } catch let e as Checkpoint.Unusable {
            return (try replayLog(team: team), .fullReplay(reason: e.why))
        }
        var desk = loaded.desk
        var tail = 0
        desk.reserveCapacity(events: expectedEvents(from: loaded.position))
        try read(from: loaded.position, filings: .inShort) { events in
            tail += events.count
            desk.apply(contentsOf: events)
        }
        return (desk, .checkpoint(tailEvents: tail))
    }

    /// Every event from the start, filings in short: what a checkpoint is made of.
    public func replayLog(team: Team?) throws -> Desk {
        var desk = Desk(team: team)
        desk.reserveCapacity(events: expectedEvents(from: .start))
        try read(from: .start, filings: .inShort) { desk.apply(contentsOf: $0) }
        return desk
    }

    /// Writes `desk`, replayed from this journal up to where reading has got, as its
    /// checkpoint on another thread (nil when this journal may not be written, or a
    /// checkpoint cannot be made of it). The desk is a value: what the caller does to its own
    /// copy meanwhile never reaches the file.
    public func writeCheckpoint(_ desk: Desk, team: Team?) -> CheckpointWriting? {
        guard access != .read, readOnlyReason == nil, !isDraftFile,
              let cover = try? Checkpoint.cover(of: fd, io: io, at: position, team: team) else { return nil }
        let writing = CheckpointWriting()
        let path = self.path
        Thread.detachNewThread {
            do {
                try Checkpoint.write(desk, cover: cover, journal: path)
                writing.end(nil)
            } catch {
                writing.end("\(error)")
            }
        }
        return writing
    }
}
