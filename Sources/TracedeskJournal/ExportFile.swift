import Foundation
import TracedeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes an export (`--output FILE`): patients' data, so the file is 0600 from its first byte,
/// a symlink at the path is never followed, and the file appears whole or not at all: the bytes
/// go to a temporary file beside it, are synced, then linked (or, with `overwrite`, renamed)
/// into place.
public enum ExportFile {
    /// Each says the path and what to do, in the user's language: the system's own words
    /// ("No such file or directory", "Is a directory") are English and name neither the
    /// folder nor the file.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file is there and `overwrite` was not asked for.
        case exists(String)
        /// The path is a symbolic link: refused whatever `overwrite` says.
        case symlink(String)
        /// The path names a folder (the path, the file name the export would have there).
        case isAFolder(String, String)
        /// The path is a device, a pipe or a socket.
        case notAPlainFile(String)
        /// The folder the file goes in is not there (the path, the folder).
        case noFolder(String, String)
        /// Part of the folder's path is a file, not a folder (the path, the folder).
        case notAFolder(String, String)
        /// The folder is not writable by this user, or is on a read-only disk (the path, the folder).
        case noPermission(String, String)
        case system(String, String)

        public var description: String {
            switch self {
            case .exists(let p): L("\(p): already exists; use --force to replace it")
            case .symlink(let p): L("\(p): is a symbolic link; an export is never written through one (name the file itself); nothing was written")
            case .isAFolder(let p, let name): L("\(p): is a folder; name a file (such as \((p as NSString).appendingPathComponent(name))); nothing was written")
            case .notAPlainFile(let p): L("\(p): is not a plain file (a device, a pipe or a socket); nothing was written")
            case .noFolder(let p, let f): L("\(p): the folder \(f) does not exist; make it first (mkdir -m 700 \(f)) or name another file; nothing was written")
            case .notAFolder(let p, let f): L("\(p): \(f) is not a folder; nothing was written")
            case .noPermission(let p, let f): L("\(p): you may not make files in the folder \(f); nothing was written")
            case .system(let p, let why): L("\(p): cannot write the file (\(why))")
            }
        }
    }

    /// `name`: the file the export would be (`cases.csv`), suggested when `path` is a folder.
    public static func write(_ data: Data, to path: String, overwrite: Bool, suggesting name: String) throws(Failure) {
        let folder = JournalLocation.folder(of: path)
        let shownFolder = folder.isEmpty ? "." : folder
        var st = stat()
        if lstat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: guard overwrite else { throw .exists(path) }
            case S_IFLNK: throw .symlink(path)
            case S_IFDIR: throw .isAFolder(path, name)
            default: throw .notAPlainFile(path)
            }
        } else if errno == ENOTDIR {
            throw .notAFolder(path, shownFolder)
        } else if errno == ENOENT {
            var fst = stat()
            if stat(shownFolder, &fst) != 0 {
                throw errno == ENOTDIR ? .notAFolder(path, shownFolder) : .noFolder(path, shownFolder)
            }
            if fst.st_mode & S_IFMT != S_IFDIR { throw .notAFolder(path, shownFolder) }
        }
        let dir = JournalLocation.folder(of: path)
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"  // not shown: a temporary file name
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EACCES || errno == EPERM || errno == EROFS { throw .noPermission(path, shownFolder) }
            throw .system(path, String(cString: strerror(errno)))
        }
        var ok = fchmod(fd, 0o600) == 0  // whatever the umask says
        data.withUnsafeBytes { raw in
            var off = 0
            while ok && off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { ok = false } else { off += n }
            }
        }
        let why = String(cString: strerror(errno))
        if ok { ok = fsync(fd) == 0 }
        close(fd)
        guard ok else { unlink(temp); throw .system(path, why) }
        if overwrite {
            guard rename(temp, path) == 0 else {
                let e = String(cString: strerror(errno)); unlink(temp); throw .system(path, e)
            }
        } else {
            // link() refuses an existing name: a file that appeared since the check stays.
            guard link(temp, path) == 0 else {
                let code = errno
                unlink(temp)
                if code == EEXIST { throw .exists(path) }
                throw .system(path, String(cString: strerror(code)))
            }
            unlink(temp)
        }
        let dfd = open(dir.isEmpty ? "." : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }
}
