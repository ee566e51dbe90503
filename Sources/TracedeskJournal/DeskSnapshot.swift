#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TracedeskCore

/// A cache of the replayed desk, so start-up reads it and replays only the journal's tail.
/// It is never the only copy of anything: any doubt about it (a different journal, a cut or
/// rewritten journal, a damaged or older snapshot) and the full replay runs instead.
///
/// The file sits beside the journal (`JOURNAL.snapshot`, 0600) as JSON lines: a header saying
/// where in the journal it was taken, with checksums of the journal's bytes just before that
/// place and of the snapshot's own body; then one line per case, per pending import, per
/// anomaly, and the ids already seen (for de-duplication), a thousand to a line.
public enum DeskSnapshot {
    static let format = "tracedesk-snapshot"
    /// Raise when the desk's replay rules or case shape change: older snapshots are then
    /// ignored rather than trusted.
    /// 2: history lines are catalogue text (key and arguments), so they follow the language.
    /// 3: history lines and call attempts are flat arrays (one container each).
    /// 4: interview drafts are their place in the journal, not the draft.
    /// 5: most history lines are the places of the events they are made from.
    /// 6: calls in short (time, caller, outcome); the header counts cases and event ids.
    /// 7: a place in the journal is [offset, length].
    /// 8: every draft's place is kept, for a lead's history of changes.
    /// 9: the first thousand anomalies and a count of them all.
    static let version = 9
    /// How much of the journal before the snapshot's offset is checked at start-up.
    static let window: off_t = 64 << 10

    public static func path(forJournal journal: String) -> String { journal + ".snapshot" }

    struct Header: Codable {
        var format: String
        var version: Int
        var schema: Int
        var journal: StorePosition
        /// CRC-32C of the journal's first and last `window` bytes before `journal.offset`.
        var head: String
        var tail: String
        var lines: Int
        /// How many cases and event ids follow: what is read is sized once, not regrown.
        var cases: Int
        var seen: Int
        /// CRC-32C of every byte after the header line.
        var crc: String
        var writtenAt: Date
        /// CRC-32C of the team file's contents the desk was replayed under: who counts as a
        /// lead decides which events took effect.
        var team: String?
    }

    struct Line: Codable, Sendable {
        var `case`: CaseFile?
        var pending: Desk.PendingImport?
        var anomaly: String?
        var seen: String?
        var events: Int?
        /// All the anomalies replay met, of which the first thousand are lines of their own.
        var anomalies: Int?
    }

    // MARK: - Writing

    /// Writes atomically: a temporary file, fsynced, renamed over the old snapshot, and the
    /// directory fsynced. `position` must be where `desk` was replayed to in `journal`.
    public static func write(_ desk: Desk, at position: StorePosition, journal: String, io: FileIO = PosixFileIO()) throws {
        let jfd = io.open(journal, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW, mode: 0)
        guard jfd >= 0 else { throw JournalError.cannotOpen(path: journal, errno: errno) }
        defer { _ = io.close(jfd) }
        guard let (head, tail) = journalChecksums(jfd, upTo: off_t(position.offset), io: io) else {
            throw JournalError.cannotOpen(path: journal, errno: EIO)
        }
        let parts = desk.parts
        let enc = JournalCoding.encoder()
        var body: [UInt8] = []
        var lines = 0
        func add(_ line: Line) throws {
            body += try enc.encode(line)
            body.append(10)
            lines += 1
        }
        for c in parts.cases { try add(Line(case: c)) }
        for p in parts.pending { try add(Line(pending: p)) }
        for a in parts.anomalies { try add(Line(anomaly: a)) }
        let ids = parts.seen.all.sorted()
        var i = 0
        while i < ids.count {
            let slice = ids[i..<min(ids.count, i + 1_000)]
            try add(Line(seen: slice.map { hex64($0.high) + hex64($0.low) }.joined()))
            i += 1_000
        }
        try add(Line(events: parts.eventCount))
        try add(Line(anomalies: parts.anomalyCount))
        let header = Header(format: format, version: version, schema: Event.schemaVersion, journal: position,
                            head: RecordCodec.hex(head), tail: RecordCodec.hex(tail), lines: lines,
                            cases: parts.cases.count, seen: ids.count,
                            crc: RecordCodec.hex(CRC32C.checksum(body)), writtenAt: Date(),
                            team: teamDigest(parts.team))
        var bytes = Array(try enc.encode(header))
        bytes.append(10)
        bytes += body

        try io.replaceAtomically(path(forJournal: journal), with: bytes)
    }

    // MARK: - Reading

    public enum Outcome {
        case loaded(Desk, StorePosition)
        /// No usable snapshot, and why (for `check` and the benchmark; never patient data).
        case unusable(String)
    }

    /// A snapshot holds the whole queue's patient data: one that is a link, another user's,
    /// or readable by others is refused as the journal would be, with the fix, not quietly
    /// replaced (the exposure already happened, and someone should know).
    public static func refuseUnsafe(journal: String) throws {
        let file = path(forJournal: journal)
        var st = stat()
        guard lstat(file, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFLNK { throw JournalError.symlink(path: file) }
        if st.st_uid != geteuid() { throw JournalError.notOwner(path: file) }
        if st.st_mode & 0o077 != 0 { throw JournalError.unsafePermissions(path: file, mode: st.st_mode) }
    }

    /// The snapshot's desk and where in the journal to go on from, if it can be trusted.
    public static func load(journal: String, team: Team? = nil, io: FileIO = PosixFileIO()) -> Outcome {
        let file = path(forJournal: journal)
        let fd = io.open(file, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW, mode: 0)
        guard fd >= 0 else {
            return .unusable(errno == ENOENT ? "no snapshot yet" : errno == ELOOP ? "the snapshot is a symbolic link; not followed" : "cannot open the snapshot")
        }
        defer { _ = io.close(fd) }
        var st = stat()
        guard io.fstat(fd, &st) == 0, st.st_uid == geteuid(), st.st_mode & 0o077 == 0 else {
            return .unusable("the snapshot's owner or permissions are wrong")
        }
        // The header line first: it is small, and says whether the rest is worth reading.
        guard let first = readLine(fd, io: io, at: 0, limit: 4096),
              let header = first.withUnsafeBytes({ raw -> Header? in
                  var tape = JSONTape()
                  guard (try? tape.parse(raw)) != nil else { return nil }
                  return try? tape.decode(Header.self)
              }) else {
            return .unusable("the snapshot's header is unreadable")
        }
        guard header.format == format, header.version == version, header.schema == Event.schemaVersion else {
            return .unusable("the snapshot was written by another version")
        }
        guard header.team == teamDigest(team) else {
            return .unusable("the team file changed since the snapshot")
        }
        let jfd = io.open(journal, flags: O_RDONLY | O_CLOEXEC | O_NOFOLLOW, mode: 0)
        guard jfd >= 0 else { return .unusable("cannot open the journal") }
        defer { _ = io.close(jfd) }
        var jst = stat()
        _ = io.fstat(jfd, &jst)
        guard off_t(header.journal.offset) <= jst.st_size,
              let (head, tail) = journalChecksums(jfd, upTo: off_t(header.journal.offset), io: io),
              RecordCodec.hex(head) == header.head, RecordCodec.hex(tail) == header.tail else {
            return .unusable("the journal is not the one the snapshot was taken from (cut, repaired or replaced)")
        }
        return readBody(fd, from: off_t(first.count + 1), size: st.st_size, header: header, team: team, io: io)
    }

    private static func readBody(_ fd: Int32, from start: off_t, size: off_t, header: Header, team: Team?, io: FileIO) -> Outcome {
        var cases: [CaseFile] = []
        cases.reserveCapacity(header.cases)
        var pending: [Desk.PendingImport] = []
        var anomalies: [String] = []
        var anomalyCount: Int?
        var seen = EventIDSet(capacity: header.seen)
        var events: Int?
        var lines = 0
        var crc = CRC32C.initial
        var at = start
        let chunk = 8 << 20
        var broken = false
        while at < size && !broken {
            let count = Int(min(off_t(chunk), size - at))
            guard let buf = io.readFully(fd, from: at, count: count) else { return .unusable("the snapshot could not be read") }
            var consumed = 0
            buf.withUnsafeBytes { raw in
                let ends = lineEnds(raw)
                guard let last = ends.last else { return } // no whole line: broken, below
                consumed = last + 1
                crc = CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: raw[0..<consumed]))
                let decoded: [Line?] = ParallelLines.map(raw, ends: ends) { line, tape in
                    guard (try? tape.parse(line)) != nil else { return nil }
                    if let c = SnapshotReader.caseLine(tape) { return Line(case: c) }
                    return try? tape.decode(Line.self)
                }
                for d in decoded {
                    guard let d else { broken = true; return }
                    lines += 1
                    if let c = d.case { cases.append(c) }
                    if let p = d.pending { pending.append(p) }
                    if let a = d.anomaly { anomalies.append(a) }
                    if let s = d.seen {
                        guard let ids = parseIDs(s) else { broken = true; return }
                        for id in ids { seen.insert(id) }
                    }
                    if let e = d.events { events = e }
                    if let n = d.anomalies { anomalyCount = n }
                }
            }
            if consumed == 0 { broken = true }
            at += off_t(consumed)
        }
        guard !broken, lines == header.lines, RecordCodec.hex(CRC32C.finish(crc)) == header.crc, let events else {
            return .unusable("the snapshot is damaged or incomplete")
        }
        let desk = Desk(parts: Desk.Parts(cases: cases, pending: pending, anomalies: anomalies, anomalyCount: anomalyCount, seen: seen, eventCount: events, team: team))
        return .loaded(desk, header.journal)
    }

    // MARK: - Helpers

    static func teamDigest(_ team: Team?) -> String? {
        guard let team else { return nil }
        let enc = JSONEncoder()
        enc.outputFormatting = .sortedKeys
        guard let data = try? enc.encode(team) else { return nil }
        return RecordCodec.hex(data.withUnsafeBytes { CRC32C.checksum($0) })
    }

    /// Checksums of the first and the last `window` bytes of the journal before `end`.
    static func journalChecksums(_ fd: Int32, upTo end: off_t, io: FileIO) -> (UInt32, UInt32)? {
        func crc(from: off_t, count: Int) -> UInt32? {
            io.readFully(fd, from: from, count: count).map { CRC32C.checksum($0) }
        }
        let n = Int(min(window, end))
        guard let head = crc(from: 0, count: n), let tail = crc(from: end - off_t(n), count: n) else { return nil }
        return (head, tail)
    }

    static func readLine(_ fd: Int32, io: FileIO, at: off_t, limit: Int) -> [UInt8]? {
        var buf = [UInt8](repeating: 0, count: limit)
        let n = buf.withUnsafeMutableBytes { io.pread(fd, $0.baseAddress!, limit, at) }
        guard n > 0, let nl = buf[0..<n].firstIndex(of: 10) else { return nil }
        return Array(buf[0..<nl])
    }

    static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    static func parseIDs(_ s: String) -> [EventID]? {
        let u = Array(s.utf8)
        guard u.count % 32 == 0 else { return nil }
        var out: [EventID] = []
        out.reserveCapacity(u.count / 32)
        var i = 0
        while i < u.count {
            var words: [UInt64] = [0, 0]
            for w in 0..<2 {
                for k in 0..<16 {
                    guard let d = JSONTape.hexValue(u[i + w * 16 + k]) else { return nil }
                    words[w] = words[w] << 4 | UInt64(d)
                }
            }
            out.append(EventID(high: words[0], low: words[1]))
            i += 32
        }
        return out
    }
}
