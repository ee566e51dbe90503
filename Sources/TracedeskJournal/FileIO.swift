// catalogue: not shown — C symbol names and file suffixes.
#if canImport(Glibc)
import Glibc
#endif
import Foundation

// Glibc declares memmem only under _GNU_SOURCE.
@_silgen_name("memmem") func memmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int,
                                    _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?

// Glibc's `struct flock` shadows the flock(2) function in Swift, so bind the symbol directly.
@_silgen_name("flock") private func flockCall(_ fd: Int32, _ op: Int32) -> Int32

/// The few system calls the journal makes, behind one seam so tests can make fsync fail
/// (or writes come up short) without a broken disk.
public protocol FileIO: Sendable {
    func open(_ path: String, flags: Int32, mode: mode_t) -> Int32
    func close(_ fd: Int32) -> Int32
    func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int
    func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int
    func fdatasync(_ fd: Int32) -> Int32
    func fsync(_ fd: Int32) -> Int32
    func flock(_ fd: Int32, _ op: Int32) -> Int32
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32
    func fstat(_ fd: Int32, _ st: inout stat) -> Int32
}

public struct PosixFileIO: FileIO {
    public init() {}
    public func open(_ path: String, flags: Int32, mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    public func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }
    public func write(_ fd: Int32, _ buf: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, buf, count) }
    public func pread(_ fd: Int32, _ buf: UnsafeMutableRawPointer, _ count: Int, _ offset: off_t) -> Int {
        Glibc.pread(fd, buf, count, offset)
    }
    public func fdatasync(_ fd: Int32) -> Int32 { Glibc.fdatasync(fd) }
    public func fsync(_ fd: Int32) -> Int32 { Glibc.fsync(fd) }
    public func flock(_ fd: Int32, _ op: Int32) -> Int32 { flockCall(fd, op) }
    public func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { Glibc.ftruncate(fd, length) }
    public func fstat(_ fd: Int32, _ st: inout stat) -> Int32 { Glibc.fstat(fd, &st) }
}

/// Where the lines of a buffer end (the offsets of its newlines), found by memchr.
func lineEnds(_ raw: UnsafeRawBufferPointer) -> [Int] {
    var ends: [Int] = []
    ends.reserveCapacity(raw.count / 256)
    var p = 0
    while p < raw.count, let nl = memchr(raw.baseAddress! + p, 10, raw.count - p) {
        let at = raw.baseAddress!.distance(to: UnsafeRawPointer(nl))
        ends.append(at)
        p = at + 1
    }
    return ends
}

extension FileIO {
    /// `count` bytes from `start`, looping on short reads; nil on an error or an early end.
    func readFully(_ fd: Int32, from start: off_t, count: Int) -> [UInt8]? {
        var buf: [UInt8] = []
        return readFully(fd, from: start, count: count, into: &buf) ? buf : nil
    }

    /// The same into `buf`, reusing its room: a replay reads a city's journal through two
    /// buffers instead of mapping (and zeroing) a fresh 4 MiB for each chunk.
    func readFully(_ fd: Int32, from start: off_t, count: Int, into buf: inout [UInt8]) -> Bool {
        if buf.capacity < count {
            // Every byte is written by the read below before anything looks at it.
            buf = [UInt8](unsafeUninitializedCapacity: count) { _, n in n = count }
        } else if buf.count > count {
            buf.removeLast(buf.count - count)
        } else if buf.count < count {
            buf.append(contentsOf: repeatElement(0, count: count - buf.count))
        }
        var got = 0
        while got < count {
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, start + off_t(got)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { if n == 0 { errno = EIO }; return false }
            got += n
        }
        return true
    }

    /// Writes all of `bytes`, looping on short writes.
    public func writeFully(_ fd: Int32, _ bytes: [UInt8]) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw JournalError.writeFailed(errno: errno)
            }
            if n == 0 { throw JournalError.writeFailed(errno: EIO) }
            done += n
        }
    }
}

extension FileIO {
    /// Replaces `path` with `bytes` so a reader sees the old file or the whole new one, even
    /// after a crash: temp file (0600), fsync, rename, fsync the directory.
    func replaceAtomically(_ path: String, with bytes: [UInt8]) throws {
        let temp = path + ".tmp-\(getpid())"
        // O_EXCL: never through a link or a file someone placed at the temporary name.
        unlink(temp)
        let fd = open(temp, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o600)
        guard fd >= 0 else { throw JournalError.cannotOpen(path: temp, errno: errno) }
        do {
            try writeFully(fd, bytes)
            guard fsync(fd) == 0 else { throw JournalError.syncFailed(errno: errno) }
        } catch {
            _ = close(fd)
            unlink(temp)
            throw error
        }
        _ = close(fd)
        guard rename(temp, path) == 0 else {
            let e = errno
            unlink(temp)
            throw JournalError.cannotOpen(path: path, errno: e)
        }
        let dir = JournalLocation.folder(of: path)
        FileJournal.syncDirectory(dir.isEmpty ? "." : dir, io: self)
    }
}
