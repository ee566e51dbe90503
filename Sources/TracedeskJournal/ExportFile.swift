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
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The file is there and `overwrite` was not asked for.
        case exists(String)
        /// The path is a symbolic link (or a directory): refused whatever `overwrite` says.
        case notAPlainFile(String)
        case system(String, String)

        public var description: String {
            switch self {
            case .exists(let p): L("\(p): already exists; use --force to replace it")
            case .notAPlainFile(let p): L("\(p): is a symbolic link or not a plain file; not written")
            case .system(let p, let why): L("\(p): cannot write (\(why))")
            }
        }
    }

    public static func write(_ data: Data, to path: String, overwrite: Bool) throws(Failure) {
        var st = stat()
        if lstat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFREG else { throw .notAPlainFile(path) }
            guard overwrite else { throw .exists(path) }
        }
        let dir = JournalLocation.folder(of: path)
        let temp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"  // not shown: a temporary file name
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .system(path, String(cString: strerror(errno))) }
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
