// catalogue: not shown — the tests' and benchmarks' throwaway cluster: nothing a tracer or an admin reads
import Foundation

/// A throwaway PostgreSQL cluster on loopback, for the tests and the benchmarks: initdb into a fresh folder,
/// started once per test process with `pg_ctl -w` (which returns when the server accepts
/// connections), stopped when the process ends. Each test takes a database of its own.
///
/// PostgreSQL refuses to run as root; as root (CI, this machine) it runs as `postgres`.
public final class LocalCluster: @unchecked Sendable {
    public let bin: String
    public let dataDir: String
    public let socketDir: String
    public let port: Int
    public let admin = "tdadmin"

    public static let binaries: String? = {
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let dirs = try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            candidates = dirs.sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin" } + candidates
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") && FileManager.default.isExecutableFile(atPath: $0 + "/pg_ctl") }
    }()

    /// Why the server tests cannot run here, or nil. CI sets TRACEDESK_PG_REQUIRED so a
    /// missing PostgreSQL fails there instead of skipping.
    public static var unavailable: String? {
        guard binaries == nil else { return nil }
        return "PostgreSQL's initdb/pg_ctl not found (apt-get install postgresql; .ci/run does)"
    }

    public static var enabled: Bool { unavailable == nil || ProcessInfo.processInfo.environment["TRACEDESK_PG_REQUIRED"] != nil }

    nonisolated(unsafe) private static var started: LocalCluster?
    private static let lock = NSLock()

    public static func shared() throws -> LocalCluster {
        lock.lock(); defer { lock.unlock() }
        if let c = started { return c }
        let c = try LocalCluster()
        started = c
        atexit { LocalCluster.started?.stop() }
        return c
    }

    static var asRoot: Bool { getuid() == 0 }

    /// `postgres -c` settings beyond the loopback ones (max_connections, shared_buffers…).
    public let extraSettings: [String]
    var serverOptions: String {
        (["listen_addresses=127.0.0.1", "fsync=on", "max_connections=200"] + extraSettings).map { "-c \($0)" }.joined(separator: " ")
            + " -p \(port) -k \(socketDir)"
    }

    /// A cluster of its own (a test that stops and starts it, a benchmark): stop it at the end.
    public init(extraSettings: [String] = []) throws {
        self.extraSettings = extraSettings
        guard let bin = Self.binaries else { throw Failure(Self.unavailable ?? "no PostgreSQL") }
        self.bin = bin
        let base = try Self.tempDir()
        dataDir = base + "/data"
        socketDir = base
        port = Self.freePort()
        if Self.asRoot { try Self.run(["/bin/chown", "postgres:postgres", base]) }
        try run(bin + "/initdb", ["-D", dataDir, "-U", admin, "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8"])
        try startServer()
    }

    /// A standby of `primary`: a base backup that follows it (`pg_basebackup -R`), started on
    /// a port of its own. It becomes synchronous when the primary names it.
    public init(standbyOf primary: LocalCluster) throws {
        extraSettings = primary.extraSettings
        bin = primary.bin
        let base = try Self.tempDir()
        dataDir = base + "/data"
        socketDir = base
        port = Self.freePort()
        if Self.asRoot { try Self.run(["/bin/chown", "postgres:postgres", base]) }
        try run(bin + "/pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", admin, "-D", dataDir, "-R", "-X", "stream"])
        try startServer()
    }

    /// Ends the server as a crash does: the postmaster killed, nothing flushed or said.
    public func crash() throws {
        let pidText = try String(contentsOfFile: dataDir + "/postmaster.pid", encoding: .utf8)
        guard let pid = pid_t(pidText.split(separator: "\n").first ?? "") else { throw Failure("no postmaster pid") }
        kill(pid, SIGKILL)
        // Its backends end when they find the postmaster gone; the next start recovers.
    }

    /// Makes a standby the primary.
    public func promote() throws {
        try run(bin + "/pg_ctl", ["-D", dataDir, "-w", "-t", "60", "promote"])
    }

    /// Stops the server and removes its folder (a throwaway cluster leaves nothing behind).
    public func stop() {
        _ = try? run(bin + "/pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: socketDir)
    }

    /// Stops and starts the server (a restart mid-work); returns when it accepts connections.
    public func restart() throws {
        try stopFast()
        try startServer()
    }

    public func stopFast() throws { try run(bin + "/pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]) }
    public func start() throws { try startServer() }

    /// `pg_ctl -w start`: returns when the server accepts connections (its log beside the data).
    private func startServer() throws {
        try run(bin + "/pg_ctl", ["-D", dataDir, "-l", socketDir + "/log", "-w", "-t", "60", "-o", serverOptions, "start"])
    }

    /// A new, empty database; its URL for `user` (over loopback TCP).
    public func newDatabase() throws -> String {
        let name = "td_" + UUID().uuidString.prefix(8).lowercased()
        try psql("CREATE DATABASE \(name)", database: "postgres")
        return name
    }

    public func url(_ database: String, user: String? = nil) -> String {
        "postgresql://\(user ?? admin)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    public func target(_ database: String, user: String? = nil) throws -> ServerTarget {
        try ServerTarget.parse(url(database, user: user), environment: ["HOME": "/nonexistent"])
    }

    /// psql as `user`, for what a person with a modified client could send.
    @discardableResult
    public func psql(_ sql: String, database: String, user: String? = nil) throws -> String {
        let out = NSTemporaryDirectory() + "tdpg-out-\(UUID().uuidString)"
        defer { unlink(out) }
        try Self.run(["/usr/bin/psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                      "-U", user ?? admin, "-d", database, "-c", sql], stdout: out)
        return (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ s: String) { description = s }
    }

    private func run(_ tool: String, _ args: [String]) throws {
        if Self.asRoot {
            try Self.run(["/usr/sbin/runuser", "-u", "postgres", "--", tool] + args)
        } else {
            try Self.run([tool] + args)
        }
    }

    /// posix_spawn and waitpid, not Foundation's Process: pg_ctl's server outlives it, and
    /// Process waited for ever on such a child here. stderr goes to a file read afterwards.
    @discardableResult
    public static func run(_ argv: [String], stdout: String? = nil) throws -> String {
        let errFile = NSTemporaryDirectory() + "tdpg-err-\(UUID().uuidString)"
        let outFile = stdout ?? "/dev/null"
        defer { unlink(errFile) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errFile, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cargs, environ)
        guard rc == 0 else { throw Failure("\(argv[0]): cannot start (\(rc))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else {
            let e = (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? ""
            throw Failure("\(argv.first ?? ""): \(e)")
        }
        return ""
    }

    private static func tempDir() throws -> String {
        var template = Array((NSTemporaryDirectory() + "tdpg.XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw Failure("mkdtemp failed") }
        let path = String(cString: p)
        // The server (another user, as root) creates its socket here.
        if asRoot { chmod(path, 0o755) }
        return path
    }

    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
