import Foundation
import TracedeskCore

/// Where the server is and who logs in, from a `postgresql://` URL and the variables and files
/// every PostgreSQL client reads (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`,
/// `PGSSLMODE`, `PGSSLROOTCERT`, `~/.pgpass` or `PGPASSFILE`), so an admin's usual set-up
/// works unchanged. A password is never taken from the URL: a URL is typed on command lines,
/// which other users of the machine can read.
public struct ServerTarget: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// A Unix-socket folder instead of TCP (a host starting with `/`, as libpq reads it).
    public var socketDirectory: String?
    public var database: String
    public var user: String
    public var password: String?
    public var sslMode: SSLMode
    /// CA certificates for `verify-ca`/`verify-full`; nil: the system's.
    public var rootCertificate: String?
    /// Every host the URL names (`postgresql://a:5432,b:5432/db`), tried in order until one
    /// accepts writes, as libpq does with `target_session_attrs=read-write`: after a
    /// failover the desk finds the promoted standby by itself.
    public var hosts: [Endpoint] = []

    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
    }

    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// True for a `--store` value that names a server rather than a file.
    public static func isServerURL(_ s: String) -> Bool {
        s.hasPrefix("postgresql://") || s.hasPrefix("postgres://")
    }

    /// Reads `url` (`postgresql://[user@][host][:port]/database[?sslmode=…&host=…]`) with the
    /// environment filling what it leaves out.
    public static func parse(_ url: String, environment env: [String: String] = ProcessInfo.processInfo.environment) throws(Problem) -> ServerTarget {
        // Several hosts: the first stands in for URLComponents, the rest are kept.
        var extra: [String] = []
        var url = url
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            let at = authority.lastIndex(of: "@")
            let hostPart = at.map { authority[authority.index(after: $0)...] } ?? authority
            let hosts = hostPart.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if hosts.count > 1 {
                extra = Array(hosts.dropFirst())
                url.replaceSubrange(hostPart.startIndex..<hostPart.endIndex, with: hosts[0])
            }
        }
        guard isServerURL(url), let parts = URLComponents(string: url) else {
            throw Problem(description: L("\"\(url)\" is not a postgresql:// URL"))
        }
        if parts.password != nil {
            throw Problem(description: L("the store URL holds a password; put it in ~/.pgpass (0600) or PGPASSWORD instead, so it is not on the command line"))
        }
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] { query[item.name] = item.value ?? "" }
        let known: Set = ["sslmode", "host", "port", "user", "dbname", "sslrootcert", "application_name", "target_session_attrs"] // not shown: option names, as libpq has them
        if let odd = query.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(description: L("the store URL's option \(odd) is not one tracedesk reads (\(known.sorted().joined(separator: ", ")))"))
        }
        let hostText = query["host"] ?? (parts.host?.isEmpty == false ? parts.host! : env["PGHOST"] ?? "localhost") // not shown: a host, mode, path or URL as libpq names them
        var t = ServerTarget(host: hostText, port: 5432, socketDirectory: nil, database: "", user: "", password: nil, sslMode: .prefer)
        if hostText.hasPrefix("/") { t.socketDirectory = hostText; t.host = "localhost" } // not shown: a host, mode, path or URL as libpq names them
        if let p = parts.port { t.port = p } else if let p = query["port"] ?? env["PGPORT"] {
            guard let n = Int(p), (1...65535).contains(n) else { throw Problem(description: L("port \"\(p)\" is not a port number")) }
            t.port = n
        }
        t.hosts = [Endpoint(host: t.host, port: t.port)]
        for h in extra {
            let pieces = h.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = pieces.first, !name.isEmpty else { throw Problem(description: L("the store URL names an empty host")) }
            var port = t.port
            if pieces.count == 2 {
                guard let n = Int(pieces[1]), (1...65535).contains(n) else { throw Problem(description: L("port \"\(pieces[1])\" is not a port number")) }
                port = n
            }
            t.hosts.append(Endpoint(host: name, port: port))
        }
        t.user = query["user"] ?? parts.user ?? env["PGUSER"] ?? env["USER"] ?? NSUserName()
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        t.database = query["dbname"] ?? (path.isEmpty ? env["PGDATABASE"] ?? t.user : path)
        let mode = query["sslmode"] ?? env["PGSSLMODE"] ?? "prefer" // not shown: a host, mode, path or URL as libpq names them
        guard let m = SSLMode(rawValue: mode) else {
            throw Problem(description: L("sslmode \"\(mode)\" is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        t.sslMode = t.socketDirectory != nil && m != .verifyFull && m != .verifyCA ? .disable : m
        t.rootCertificate = query["sslroot" + "cert"] ?? env["PGSSLROOTCERT"] ?? { // not shown: a host, mode, path or URL as libpq names them
            let home = env["HOME"] ?? NSHomeDirectory()
            let p = home + "/.postgresql/root.crt" // not shown: a host, mode, path or URL as libpq names them
            return FileManager.default.fileExists(atPath: p) ? p : nil
        }()
        if let p = env["PGPASSWORD"] { t.password = p } else { t.password = try PassFile.lookup(for: t, environment: env) }
        return t
    }

    /// How the target is named in messages: never with a password.
    public var displayName: String {
        let where_ = socketDirectory.map { "\($0)" } ?? (hosts.isEmpty ? [Endpoint(host: host, port: port)] : hosts).map { "\($0.host):\($0.port)" }.joined(separator: ",")
        return "postgresql://\(user)@\(where_)/\(database)" // not shown: a host, mode, path or URL as libpq names them
    }
}

/// `~/.pgpass`: `host:port:database:user:password` a line, `*` for any, `\:` and `\\`
/// escaped; ignored (as libpq does) unless only its owner can read it.
enum PassFile {
    static func lookup(for t: ServerTarget, environment env: [String: String]) throws(ServerTarget.Problem) -> String? {
        let path = env["PGPASSFILE"] ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.pgpass") // not shown: a host, mode, path or URL as libpq names them
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        if st.st_mode & 0o077 != 0 {
            throw ServerTarget.Problem(description: L("\(path) can be read by others (mode \(String(st.st_mode & 0o777, radix: 8))); make it 0600 (chmod 600 \(path))"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let host = t.socketDirectory == nil ? t.host : "localhost" // not shown: a host, mode, path or URL as libpq names them
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let f = fields(String(line))
            guard f.count == 5 else { continue }
            let want = [host, String(t.port), t.database, t.user]
            if zip(f.prefix(4), want).allSatisfy({ $0 == "*" || $0 == $1 }) { return f[4] }
        }
        return nil
    }

    static func fields(_ line: String) -> [String] {
        var out: [String] = [], cur = "", escaped = false
        for ch in line {
            if escaped { cur.append(ch); escaped = false }
            else if ch == "\\" { escaped = true }
            else if ch == ":" && out.count < 4 { out.append(cur); cur = "" }
            else { cur.append(ch) }
        }
        out.append(cur)
        return out
    }
}
