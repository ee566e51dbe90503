import Foundation
import TracedeskCore

/// Who may stand behind a shared desk's socket. A tmux client sends every key to whatever
/// server answers at its socket path, so whoever can put a server there reads what the tracer
/// types. The folder is therefore the tracer's alone (no one else can add, rename or remove an
/// entry), and the socket and the server answering on it must be the tracer's before a key goes
/// to them. Nothing here follows a symbolic link: one would let someone else choose the folder.
enum ShareGuard {
    struct Refusal: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    /// Makes the socket folder, or accepts the one there, as `owner`'s: mode 0750, its group
    /// `group` (the watchers), who may reach the socket through it but never write in it.
    static func prepareFolder(_ dir: String, group: gid_t, owner: uid_t = geteuid()) throws(Refusal) {
        var st = stat()
        if lstat(dir, &st) != 0 {
            guard errno == ENOENT else { throw Refusal(description: L("\(dir): cannot read this folder: \(reason())")) }
            // 0700 until the group is set: the folder never exists open to the wrong group.
            if mkdir(dir, 0o700) != 0 && errno != EEXIST {
                throw Refusal(description: L("\(dir): cannot create the folder for shared desks: \(reason())"))
            }
        }
        let fd = try openFolder(dir)
        defer { close(fd) }
        fstat(fd, &st)
        try checkFolder(dir, st, owner: owner)
        if st.st_gid != group && fchown(fd, uid_t.max, group) != 0 {
            throw Refusal(description: L("\(dir): cannot give the folder to the watchers' group: \(reason())"))
        }
        if st.st_mode & 0o7777 != 0o750 && fchmod(fd, 0o750) != 0 {
            throw Refusal(description: L("\(dir): cannot set the folder's mode to 750: \(reason())"))
        }
    }

    /// The owner of a socket folder fit to hold a shared desk (for `watch`, which does not know
    /// the tracer's Unix account: the folder's owner is who the desk must belong to).
    static func folderOwner(_ dir: String) throws(Refusal) -> uid_t {
        let fd = try openFolder(dir)
        defer { close(fd) }
        var st = stat()
        fstat(fd, &st)
        try checkFolder(dir, st, owner: st.st_uid)
        return st.st_uid
    }

    /// Whether `owner`'s socket is at `path` (false: nothing there); anything else there is refused.
    static func checkSocket(_ path: String, owner: uid_t) throws(Refusal) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return false }
            throw Refusal(description: L("\(path): cannot read the shared desk's socket: \(reason())"))
        }
        guard st.st_mode & S_IFMT == S_IFSOCK else {
            throw Refusal(description: L("\(path): not a socket; refusing to use it for a shared desk (remove it)"))
        }
        guard st.st_uid == owner else {
            throw Refusal(description: L("\(path): the socket belongs to another user (uid \(st.st_uid)); refusing to attach: keys typed would go to their tmux server"))
        }
        return true
    }

    /// The user the server listening at `path` runs as, from the kernel (SO_PEERCRED), or nil
    /// when no one listens. Asked on a bare connection: a tmux client would first send the
    /// server our environment and terminal.
    static func serverUser(_ path: String) -> uid_t? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return nil }
        var cred = PeerCredentials()
        var size = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &size) == 0 else { return nil }
        return cred.uid
    }

    /// Refuses a server at `path` that does not run as `owner`; no server at all is fine.
    static func checkServer(_ path: String, owner: uid_t) throws(Refusal) {
        guard let uid = serverUser(path), uid != owner else { return }
        throw Refusal(description: L("\(path): the tmux server answering here runs as another user (uid \(uid), not \(owner)); refusing to attach to it"))
    }

    /// Both checks, as they must hold before any key goes to the socket.
    static func checkDesk(_ path: String, owner: uid_t) throws(Refusal) -> Bool {
        guard try checkSocket(path, owner: owner) else { return false }
        try checkServer(path, owner: owner)
        return true
    }

    private static func openFolder(_ dir: String) throws(Refusal) -> Int32 {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 { return fd }
        var st = stat()
        if lstat(dir, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK {
            throw Refusal(description: L("\(dir): a symbolic link, not the folder itself; shared desks' sockets are kept only in a real folder of your own (remove the link, or set TRACEDESK_SHARE_DIR)"))
        }
        if errno == ENOTDIR { throw Refusal(description: L("\(dir): not a folder; remove it, or set TRACEDESK_SHARE_DIR to a folder of your own")) }
        throw Refusal(description: L("\(dir): cannot open the folder for shared desks: \(reason())"))
    }

    private static func checkFolder(_ dir: String, _ st: stat, owner: uid_t) throws(Refusal) {
        guard st.st_uid == owner else {
            throw Refusal(description: L("\(dir): the folder for shared desks belongs to another user (uid \(st.st_uid)); it must be yours alone (remove it, or set TRACEDESK_SHARE_DIR to a folder of your own)"))
        }
        // Write on a folder is the power to put a socket at the tracer's name before they do;
        // the sticky bit only stops the renaming or removing of what others made.
        guard st.st_mode & 0o022 == 0 else {
            throw Refusal(description: L("\(dir): others may write in the folder for shared desks, so they could put their own tmux server in place of a desk; fix with: chmod 750 \(dir)"))
        }
    }

    /// `struct ucred` of <sys/socket.h>, which Glibc's module leaves out (it needs _GNU_SOURCE).
    private struct PeerCredentials {
        var pid: pid_t = 0
        var uid: uid_t = 0
        var gid: gid_t = 0
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
