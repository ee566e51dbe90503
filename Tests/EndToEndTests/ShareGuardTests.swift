import Foundation
import Testing
@testable import tracedesk

private let isRoot = geteuid() == 0
private let nobody: uid_t = getpwnam("nobody")?.pointee.pw_uid ?? 65534
private let nogroup: gid_t = getgrnam("nogroup")?.pointee.gr_gid ?? 65534

/// A Unix socket listening at `path`, as a tmux server's is; closed when the test ends.
private final class Listener {
    let fd: Int32
    init(_ path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { $0.copyBytes(from: bytes); $0[bytes.count] = 0 }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    deinit { close(fd) }
}

private func mode(_ path: String) -> mode_t {
    var st = stat()
    lstat(path, &st)
    return st.st_mode & 0o7777
}

private func refusal(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return "(no refusal)"
}

@Suite struct ShareGuardTests {
    @Test func aNewFolderIsTheTracersAloneWithTheWatchersGroupReadingIt() throws {
        let s = Scratch()
        let dir = s.path + "/share"
        let group = isRoot ? nogroup : getegid()
        try ShareGuard.prepareFolder(dir, group: group)
        var st = stat()
        #expect(lstat(dir, &st) == 0)
        #expect(st.st_mode & 0o7777 == 0o750)
        #expect(st.st_uid == geteuid())
        #expect(st.st_gid == group)
        // Again on the same folder: it is accepted as it is.
        try ShareGuard.prepareFolder(dir, group: group)
        #expect(try ShareGuard.folderOwner(dir) == geteuid())
    }

    @Test func aFolderOthersMayWriteInIsRefused() throws {
        let s = Scratch()
        for loose: mode_t in [0o1777, 0o777, 0o770, 0o1733] {
            let dir = s.path + "/share-\(String(loose, radix: 8))"
            mkdir(dir, 0o700)
            chmod(dir, loose)
            let why = refusal { try ShareGuard.prepareFolder(dir, group: getegid()) }
            #expect(why == "\(dir): others may write in the folder for shared desks, so they could put their own tmux server in place of a desk; fix with: chmod 750 \(dir)")
            #expect(mode(dir) == loose, "a refused folder is left as it was")
            #expect(refusal { _ = try ShareGuard.folderOwner(dir) } == why, "watch refuses it too")
        }
    }

    @Test(.enabled(if: isRoot, "changing a folder's owner needs root"))
    func aFolderOfAnotherUserIsRefused() throws {
        let s = Scratch()
        let dir = s.path + "/share"
        mkdir(dir, 0o750)
        chown(dir, nobody, nogroup)
        let why = refusal { try ShareGuard.prepareFolder(dir, group: getegid()) }
        #expect(why == "\(dir): the folder for shared desks belongs to another user (uid \(nobody)); it must be yours alone (remove it, or set TRACEDESK_SHARE_DIR to a folder of your own)")
        var st = stat()
        lstat(dir, &st)
        #expect(st.st_uid == nobody && st.st_mode & 0o7777 == 0o750, "a refused folder is left as it was")
    }

    @Test func aSymlinkedFolderIsNotFollowed() throws {
        let s = Scratch()
        let real = s.path + "/real"
        mkdir(real, 0o700)
        let link = s.path + "/share"
        symlink(real, link)
        let why = refusal { try ShareGuard.prepareFolder(link, group: getegid()) }
        #expect(why.hasPrefix("\(link): a symbolic link, not the folder itself"))
        #expect(mode(real) == 0o700, "the folder behind the link is untouched")
        #expect(refusal { _ = try ShareGuard.folderOwner(link) } == why)
        // Something that is not a folder at all.
        let file = s.write("file", "x")
        #expect(refusal { try ShareGuard.prepareFolder(file, group: getegid()) }.hasPrefix("\(file): not a folder"))
    }

    @Test func onlyTheTracersOwnSocketIsUsed() throws {
        let s = Scratch()
        let socket = s.path + "/tracer-05"
        #expect(try ShareGuard.checkDesk(socket, owner: geteuid()) == false, "nothing there: a new session starts")
        let listener = try Listener(socket)
        #expect(try ShareGuard.checkDesk(socket, owner: geteuid()) == true)
        _ = listener
        let planted = s.write("tracer-06", "")
        #expect(refusal { _ = try ShareGuard.checkSocket(planted, owner: geteuid()) }
                == "\(planted): not a socket; refusing to use it for a shared desk (remove it)")
        let link = s.path + "/tracer-07"
        symlink(socket, link)
        #expect(refusal { _ = try ShareGuard.checkSocket(link, owner: geteuid()) }.hasPrefix("\(link): not a socket"))
    }

    @Test(.enabled(if: isRoot, "changing a socket's owner needs root"))
    func aSocketOfAnotherUserIsRefused() throws {
        let s = Scratch()
        let socket = s.path + "/tracer-05"
        let listener = try Listener(socket)
        lchown(socket, nobody, nogroup)
        let why = refusal { _ = try ShareGuard.checkDesk(socket, owner: geteuid()) }
        #expect(why == "\(socket): the socket belongs to another user (uid \(nobody)); refusing to attach: keys typed would go to their tmux server")
        _ = listener
    }

    @Test func theServerMustRunAsTheTracer() throws {
        let s = Scratch()
        let socket = s.path + "/tracer-05"
        let listener = try Listener(socket)
        // The kernel says who listens: this process.
        #expect(ShareGuard.serverUser(socket) == geteuid())
        try ShareGuard.checkServer(socket, owner: geteuid())
        let someoneElse = geteuid() == nobody ? 0 : nobody
        #expect(refusal { try ShareGuard.checkServer(socket, owner: someoneElse) }
                == "\(socket): the tmux server answering here runs as another user (uid \(geteuid()), not \(someoneElse)); refusing to attach to it")
        _ = listener
        // A socket no one listens on any more (a crashed server's) is no one's server.
        let stale = s.path + "/tracer-06"
        _ = try Listener(stale)
        #expect(ShareGuard.serverUser(stale) == nil)
        try ShareGuard.checkServer(stale, owner: someoneElse)
    }
}
