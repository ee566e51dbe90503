// catalogue: not shown — file names and suffixes.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TracedeskCore

/// Interview drafts, out of the event log. A draft is saved at every move between fields and
/// at every pause in typing, so that a closed terminal or `kill -9` loses nothing typed: in a
/// city's month that was 98 % of the journal's bytes, which every desk then replayed at start
/// for nothing (only the last draft of a case matters, and only once the case is opened).
///
/// Shape: a folder beside the journal (`journal.jsonl` → `journal.drafts/`, 0700), one file
/// per case holding that case's `interview.saved` records, oldest first, each line exactly as
/// the journal writes lines (checksum, record number) and with the journal's guarantees (an
/// exclusive flock per file, fdatasync before "saved", a torn last line set aside): each file
/// *is* a `FileJournal`. The desk's start lists the folder and reads nothing; opening a case
/// reads its one small file. When an interview is filed (an event in the journal, as before)
/// its file moves to `filed/`, numbered by filing, so a lead's "who changed what" history still
/// has every draft, and the folder's listing stays the interviews in progress.
public final class DraftStore {
    public let directory: String
    let io: FileIO
    let access: FileJournal.Access
    /// The files of the cases this desk is working, kept open between saves: a draft save is
    /// an append to an open file, not an open, a read of the file and a close.
    private var open: [String: FileJournal] = [:]
    private var order: [String] = []
    private static let keptOpen = 8

    public static func directory(forJournal journal: String) -> String {
        let base = journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal
        return base + ".drafts"
    }

    init(journal: String, io: FileIO, access: FileJournal.Access) {
        directory = DraftStore.directory(forJournal: journal)
        self.io = io
        self.access = access
    }

    /// A case id as a file name: its UTF-8 bytes in hex, so any id (slashes, dots, non-ASCII)
    /// is one safe name and the listing gives the ids back exactly.
    static func fileName(_ caseId: String) -> String {
        // Written as bytes into the String once: a Character appended at a time was a twentieth
        // of a tracer's wait for a filing (its draft file is moved aside by this name).
        let suffix: StaticString = ".jsonl"
        let n = caseId.utf8.count * 2 + suffix.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: n) { out in
            var i = 0
            for b in caseId.utf8 {
                out[i] = RecordCodec.hexDigits[Int(b >> 4)]
                out[i + 1] = RecordCodec.hexDigits[Int(b & 15)]
                i += 2
            }
            for k in 0..<suffix.utf8CodeUnitCount { out[i + k] = suffix.utf8Start[k] }
            return n
        }
    }

    static func caseId(fromFileName name: String) -> String? {
        guard name.hasSuffix(".jsonl") else { return nil }
        let hex = Array(name.utf8.dropLast(6))
        guard !hex.isEmpty, hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.count / 2)
        for i in stride(from: 0, to: hex.count, by: 2) {
            guard let hi = hexValue(hex[i]), let lo = hexValue(hex[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 97...102: c - 87
        default: nil
        }
    }

    private var filedDirectory: String { directory + "/filed" }

    /// The folder, made 0700 if missing, and refused when it is a link, another user's, or
    /// open to others: it holds what tracers typed about patients.
    private func ensureDirectory(_ dir: String) throws {
        if mkdir(dir, 0o700) == 0 {
            FileJournal.syncDirectory(JournalLocation.folder(of: dir), io: io)
        } else if errno == ENOSPC || errno == EDQUOT {
            throw JournalError.noSpace(errno: errno)
        } else if errno != EEXIST {
            throw JournalError.cannotOpen(path: dir, errno: errno)
        }
        try DraftStore.checkPrivateDirectory(dir)
    }

    static func checkPrivateDirectory(_ dir: String) throws {
        var st = stat()
        guard lstat(dir, &st) == 0 else { throw JournalError.cannotOpen(path: dir, errno: errno) }
        if st.st_mode & S_IFMT == S_IFLNK { throw JournalError.symlink(path: dir) }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw JournalError.cannotOpen(path: dir, errno: ENOTDIR) }
        if st.st_uid != geteuid() { throw JournalError.notOwner(path: dir) }
        if st.st_mode & 0o077 != 0 { throw JournalError.unsafePermissions(path: dir, mode: st.st_mode) }
    }

    /// The case's live draft file, opened for writing (kept open for the next save).
    private func file(_ caseId: String) throws -> FileJournal {
        let live = directory + "/" + DraftStore.fileName(caseId)
        if let f = open[caseId] {
            // Another desk may have filed the interview since, moving this file to filed/: an
            // open descriptor would follow it there. Kept only while it is still the live one.
            var mine = stat(), there = stat()
            if io.fstat(f.fd, &mine) == 0, lstat(live, &there) == 0, mine.st_ino == there.st_ino, mine.st_dev == there.st_dev {
                return f
            }
            open[caseId] = nil
            order.removeAll { $0 == caseId }
        }
        try ensureDirectory(directory)
        let f = try FileJournal(path: live, io: io, access: .repair)
        f.isDraftFile = true
        try f.skipToEnd()
        open[caseId] = f
        order.append(caseId)
        if order.count > DraftStore.keptOpen { open[order.removeFirst()] = nil }
        return f
    }

    /// Appends `drafts` (all `interview.saved`, in order) to their cases' files, each made
    /// durable before this returns. Returns them with their places unset: they are not in the
    /// journal. Throws as the journal does (`noSpace` can be retried).
    func save(_ drafts: [Event]) throws {
        guard !drafts.isEmpty else { return }
        var byCase: [(String, [Event])] = []
        for e in drafts {
            let id = e.caseId ?? ""
            if let i = byCase.firstIndex(where: { $0.0 == id }) { byCase[i].1.append(e) } else { byCase.append((id, [e])) }
        }
        for (id, events) in byCase { try file(id).append(events) }
    }

    /// Every case with an interview in progress: the live files' names. Reads no file.
    public func casesInProgress() throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        try DraftStore.checkPrivateDirectory(directory)
        return names.compactMap(DraftStore.caseId(fromFileName:)).sorted()
    }

    /// Reads one draft file whole, or nothing if there is none. A read-only reader (no
    /// repair) so that a torn last line is left for the desk that wrote it.
    private func events(inFile path: String) throws -> [Event] {
        var st = stat()
        guard lstat(path, &st) == 0 else { return [] }
        let f = try FileJournal(path: path, io: io, access: .read)
        f.isDraftFile = true
        // Their places are in a draft file, not the journal: none is handed on.
        let drafts = try f.readAll().map { e in
            var e = e
            e.ref = nil
            return e
        }
        // A last draft this build cannot read is the newest one: opening the one before it
        // would hide it, and the next save would be written after it. The case waits.
        if let u = f.unreadableLine {
            throw JournalError.damaged(path: path, line: u.line, reason: .unreadableDraft(u.reason))
        }
        return drafts
    }

    /// The case's last saved draft, if an interview is in progress.
    public func latest(of caseId: String) throws -> Event? {
        if let f = open[caseId] {
            // Written by this desk, or by another since: read what is new.
            _ = try f.readNew()
        }
        return try events(inFile: directory + "/" + DraftStore.fileName(caseId)).last
    }

    /// Every draft of the case, filed interviews' first, oldest first: the lead's history.
    public func all(of caseId: String) throws -> [Event] {
        var out: [Event] = []
        let name = DraftStore.fileName(caseId)
        let stem = String(name.dropLast(6))
        if let filed = try? FileManager.default.contentsOfDirectory(atPath: filedDirectory) {
            let mine = filed.filter { $0.hasPrefix(stem + ".") && $0.hasSuffix(".jsonl") }
                .sorted { filingNumber($0) < filingNumber($1) }
            for f in mine { out += try events(inFile: filedDirectory + "/" + f) }
        }
        out += try events(inFile: directory + "/" + name)
        return out
    }

    private func filingNumber(_ name: String) -> Int {
        Int(name.split(separator: ".").dropFirst().first ?? "") ?? 0
    }

    /// After the filing event is durable: the case's live file moves to `filed/`, numbered
    /// by filing (a returned interview is filed again).
    func filed(_ caseId: String) throws {
        open[caseId] = nil
        order.removeAll { $0 == caseId }
        let name = DraftStore.fileName(caseId)
        let live = directory + "/" + name
        var st = stat()
        guard lstat(live, &st) == 0 else { return }
        try ensureDirectory(filedDirectory)
        let stem = String(name.dropLast(6))
        var n = 1
        while lstat(filedDirectory + "/\(stem).\(n).jsonl", &st) == 0 { n += 1 }
        guard rename(live, filedDirectory + "/\(stem).\(n).jsonl") == 0 else {
            throw JournalError.cannotOpen(path: live, errno: errno)
        }
        _ = unlink(live + ".quarantine")
        // Not synced: a move a power cut undoes leaves the live file of an interview the log
        // says is filed, which every reader takes as stale (the log's status and the filing's
        // time decide), so the filing waits for one fdatasync, not three.
    }

    /// Each draft file, for `check`: its path, what reading it found, and its drafts. The
    /// folders are checked as the desk checks them (never followed through a link).
    public func verifyAll(_ each: (String, Result<FileJournal.Verification, Error>, _ actors: [String]) -> Void) {
        var files: [String] = []
        for dir in [directory, filedDirectory] {
            var st = stat()
            guard lstat(dir, &st) == 0 else { continue }
            do { try DraftStore.checkPrivateDirectory(dir) } catch {
                each(dir, .failure(error), [])
                continue
            }
            for n in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where n.hasSuffix(".jsonl") {
                files.append(dir + "/" + n)
            }
        }
        // Each file is its own journal: a city's ten thousand files are read on every core,
        // a batch at a time so that only a batch's results wait to be handed over in order.
        let batch = 64 * max(1, ProcessInfo.processInfo.activeProcessorCount)
        let io = self.io
        for start in stride(from: 0, to: files.count, by: batch) {
            let slice = files[start..<min(files.count, start + batch)]
            let results = VerifiedFiles(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { i in
                var actors: [String] = []
                let result = Result {
                    let f = try FileJournal(path: slice[slice.startIndex + i], io: io, access: .read)
                    f.isDraftFile = true
                    return try f.verify { actors += $0.map(\.actor) }
                }
                results.set(i, result, actors)
            }
            for (i, path) in slice.enumerated() {
                let (result, actors) = results.get(i)
                each(path, result, actors)
            }
        }
    }
}

/// What the workers of `verifyAll` found, one slot per file of a batch.
private final class VerifiedFiles: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [(Result<FileJournal.Verification, Error>, [String])?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<FileJournal.Verification, Error>, _ actors: [String]) { lock.withLock { slots[i] = (r, actors) } }
    func get(_ i: Int) -> (Result<FileJournal.Verification, Error>, [String]) { lock.withLock { slots[i]! } }
}
