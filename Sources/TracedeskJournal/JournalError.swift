import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TracedeskCore

/// What can go wrong with the journal, in words that say what to do. None of these messages
/// carries patient data: they name files, lines and system errors only.
public enum JournalError: StoreWriteError, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    /// A journal named (by `--journal` or TRACEDESK_JOURNAL) in a folder that is not there:
    /// the commands make only the desk's own folder, as any tool writing a file does.
    case noFolder(path: String)
    case unsafePermissions(path: String, mode: mode_t)
    case notOwner(path: String)
    /// The name is a symbolic link: never followed, it could point the desk at any file.
    case symlink(path: String)
    case damaged(path: String, line: Int, reason: DamageReason)
    /// A record read again by its place (a draft opened) no longer reads.
    case damagedRecord(path: String, offset: Int64, reason: DamageReason)
    case writeFailed(errno: Int32)
    /// The disk (or the user's quota) is full: the record was taken back whole, the journal
    /// still ends on the last saved line, and the same write can be tried again once there
    /// is room. Not a sync failure: nothing the kernel acknowledged was lost.
    case noSpace(errno: Int32)
    /// fsync failed: the kernel may already have dropped the data. Never retried.
    case syncFailed(errno: Int32)
    case readOnly(reason: String)

    /// True when trying the same write again later can succeed (a full disk), false when
    /// writing has stopped for good (a failed sync, a newer schema).
    public var isRetryable: Bool {
        if case .noSpace = self { return true }
        return false
    }

    /// In the language of the scope it is read in (the desk's, or the command's): an
    /// Indonesian desk says "Tidak tersimpan: disk penuh…", never the English. The system's
    /// own words (strerror) stay as the C library gives them.
    public var description: String {
        switch self {
        case let .cannotOpen(path, e):
            // The system's words are English and do not say what to do; the common ones are said here.
            switch e {
            case EISDIR: L("cannot open the journal \(path): it is a folder; name the journal file (such as \((path as NSString).appendingPathComponent("journal.jsonl")))") // not shown: a file name in an example
            case ENOTDIR: L("cannot open the journal \(path): part of its path is a file, not a folder")
            case EACCES, EPERM: L("cannot open the journal \(path): you may not open it, or make files in its folder")
            case EROFS: L("cannot open the journal \(path): its disk is read-only")
            default: L("cannot open the journal \(path): \(Self.system(e))")
            }
        case let .noFolder(path):
            L("the folder \(path) does not exist: make it first (mkdir -m 700 \(path)) or name another journal")
        case let .unsafePermissions(path, mode):
            L("\(path) can be read by others (mode \(String(mode & 0o777, radix: 8))); it holds patients' health data. Fix with: chmod \(mode & S_IFMT == S_IFDIR ? "700" : "600") \(path)")
        case let .symlink(path):
            L("\(path) is a symbolic link; tracedesk does not follow links for files that hold patient data. Use the real path.")
        case let .notOwner(path):
            L("the journal \(path) belongs to another user; refusing to open it")
        case let .damaged(path, line, reason):
            L("the journal \(path) is damaged at line \(line): \(reason). Nothing was changed; run `tracedesk check --repair` for the choices.")
        case let .damagedRecord(path, offset, reason):
            L("the journal \(path) is damaged at byte \(offset): \(reason). Nothing was changed; run `tracedesk check` for the choices.")
        case let .writeFailed(e):
            L("could not write to the journal: \(Self.system(e)). Nothing more will be written; your last change was NOT saved.")
        case let .noSpace(e):
            L("the disk is full (\(Self.system(e))): this change is NOT saved yet. It is kept on screen and saved as soon as there is room.")
        case let .syncFailed(e):
            L("the disk did not confirm the write (fdatasync: \(Self.system(e))). Writing has stopped; your last change may NOT be saved.")
        case let .readOnly(reason):
            L("the journal is open read-only: \(reason)")
        }
    }

    static func system(_ e: Int32) -> String { String(cString: strerror(e)) }
}

/// Why a line does not read, kept as what was found rather than as words: a journal is read on
/// other threads too (the next chunk read ahead, drafts on every core), outside the desk's
/// language, so the words are made where the error is shown, in that place's language.
public enum DamageReason: Equatable, Sendable, CustomStringConvertible {
    case record(RecordCodec.LineProblem)
    /// A draft's last line, whole, that this build cannot read.
    case unreadableDraft(Localizable)
    case notEndingOnAWholeLine

    public var description: String {
        switch self {
        case .record(let problem): problem.description
        case .unreadableDraft(let why): L("written whole but this tracedesk cannot read it (\(why.text()))")
        case .notEndingOnAWholeLine: L("the journal does not end where its last whole line ends")
        }
    }
}
