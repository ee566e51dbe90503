import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import TracedeskCore

/// One connection to the server, used synchronously: the desk's loop is synchronous, and a
/// save waits for its commit anyway. postgres-nio does the protocol on its event loop; the
/// calling thread waits for each answer.
final class PGLink: @unchecked Sendable {
    let connection: PostgresConnection
    let target: ServerTarget
    private let logger: Logger

    /// The process's event loops: shared by every link, never shut down (they end with it).
    static let group = MultiThreadedEventLoopGroup.singleton

    private init(connection: PostgresConnection, target: ServerTarget, logger: Logger) {
        self.connection = connection; self.target = target; self.logger = logger
    }

    /// The first of the target's hosts that takes writes; a standby (in recovery) is passed by.
    static func connect(_ t: ServerTarget, timeout: TimeAmount = .seconds(5)) throws -> PGLink {
        guard t.hosts.count > 1, t.socketDirectory == nil else { return try connectOne(t, timeout: timeout) }
        var last: Error = ServerError(kind: .unreachable, message: L("the server \(t.displayName) cannot be reached"))
        for h in t.hosts {
            var one = t
            one.host = h.host; one.port = h.port; one.hosts = [h]
            do {
                let link = try connectOne(one, timeout: timeout)
                if try link.rows("SELECT pg_is_in_recovery()").first?[0].decode(Bool.self) == false { return link }
                link.close()
                last = ServerError(kind: .unreachable, message: L("\(h.host):\(h.port) is a standby; no host of \(t.displayName) takes writes"))
            } catch {
                last = error
            }
        }
        throw last
    }

    private static func connectOne(_ t: ServerTarget, timeout: TimeAmount) throws -> PGLink {
        // postgres-nio logs at trace/debug level only; nothing it logs reaches the terminal.
        var logger = Logger(label: "tracedesk.server") // not shown: a logger's name
        logger.logLevel = .critical
        var config: PostgresConnection.Configuration
        if let dir = t.socketDirectory {
            config = .init(unixSocketPath: dir + "/.s.PGSQL.\(t.port)", // not shown: a socket's file name
                           username: t.user, password: t.password, database: t.database)
        } else {
            config = .init(host: t.host, port: t.port, username: t.user, password: t.password, database: t.database, tls: try tls(for: t))
            if t.sslMode == .verifyFull { config.options.tlsServerName = t.host }
        }
        config.options.connectTimeout = timeout
        do {
            let c = try PostgresConnection.connect(on: group.next(), configuration: config, id: 1, logger: logger).wait()
            return PGLink(connection: c, target: t, logger: logger)
        } catch {
            throw ServerError(error, target: t)
        }
    }

    /// TLS as `sslmode` asks: `verify-full` checks the chain and the host name, `verify-ca` the
    /// chain only, `require` encrypts without checking, `prefer` tries it, `disable` never.
    private static func tls(for t: ServerTarget) throws -> PostgresConnection.Configuration.TLS {
        var c = TLSConfiguration.makeClientConfiguration()
        switch t.sslMode {
        case .disable, .allow: return .disable
        case .prefer, .require: c.certificateVerification = .none
        case .verifyCA: c.certificateVerification = .noHostnameVerification
        case .verifyFull: c.certificateVerification = .fullVerification
        }
        if let root = t.rootCertificate, t.sslMode == .verifyCA || t.sslMode == .verifyFull {
            c.trustRoots = .file(root)
        }
        let context = try NIOSSLContext(configuration: c)
        return t.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// Runs one statement with text parameters (`$1`… cast in the SQL), returning its rows.
    @discardableResult
    func rows(_ sql: String, _ params: [String?] = []) throws -> [PostgresRandomAccessRow] {
        var binds = PostgresBindings(capacity: params.count)
        for p in params {
            if let p { binds.append(p) } else { binds.appendNull() }
        }
        do {
            return try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait().rows.map { $0.makeRandomAccess() }
        } catch {
            throw ServerError(error, target: target)
        }
    }

    /// Runs a script of several statements (a migration), one at a time: postgres-nio sends
    /// each as a prepared statement, which holds one command.
    func script(_ sql: String) throws {
        for statement in Self.statements(sql) { try rows(statement) }
    }

    /// Splits SQL at the semicolons that end statements: not inside quotes, quoted names,
    /// dollar-quoted bodies (`$f$ … $f$`) or comments.
    static func statements(_ sql: String) -> [String] {
        var out: [String] = [], cur = ""
        let chars = Array(sql)
        var i = 0
        var dollarTag: String?
        while i < chars.count {
            let c = chars[i]
            if let tag = dollarTag {
                if c == "$", String(chars[i..<min(chars.count, i + tag.count)]) == tag {
                    cur += tag; i += tag.count; dollarTag = nil; continue
                }
                cur.append(c); i += 1; continue
            }
            switch c {
            case "$":
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "$" {
                    let tag = String(chars[i...j])
                    dollarTag = tag; cur += tag; i = j + 1; continue
                }
            case "'", "\"":
                var j = i + 1
                while j < chars.count, chars[j] != c { j += 1 }
                cur += String(chars[i...min(j, chars.count - 1)]); i = j + 1; continue
            case "-" where i + 1 < chars.count && chars[i + 1] == "-": // not shown: SQL's comment mark
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            case ";":
                let s = cur.trimmingCharacters(in: .whitespacesAndNewlines)
                if !s.isEmpty { out.append(s) }
                cur = ""; i += 1; continue
            default: break
            }
            cur.append(c); i += 1
        }
        let s = cur.trimmingCharacters(in: .whitespacesAndNewlines)
        if !s.isEmpty { out.append(s) }
        return out
    }

    /// Calls `wake` (on the event loop's thread) whenever `channel` is notified. A wake-up
    /// only: notifications sent while disconnected are lost, so readers still read by number.
    func listen(_ channel: String, wake: @escaping @Sendable () -> Void) throws {
        connection.addListener(channel: channel) { _, _ in wake() }
        try rows("LISTEN \(channel)")
    }

    func close() {
        if !connection.isClosed { try? connection.close().wait() }
    }

    // postgres-nio traps if a connection is let go open.
    deinit { close() }

    var isClosed: Bool { connection.isClosed }
}

extension PostgresRandomAccessRow {
    func string(_ i: Int) throws -> String? { try self[i].decode(String?.self) }
    func int(_ i: Int) throws -> Int64 { try self[i].decode(Int64.self) }
}

/// What went wrong talking to the server, said without the query's parameters (they hold
/// patients' data) and with the server's own words when it refused.
public struct ServerError: StoreWriteError, CustomStringConvertible {
    public enum Kind: Sendable { case unreachable, refused, held, other }
    public var kind: Kind
    public var message: String
    public var sqlState: String?

    /// A server out of reach can take the same write later; a refusal never will.
    public var isRetryable: Bool { kind == .unreachable }

    public var description: String { message }

    init(kind: Kind, message: String, sqlState: String? = nil) {
        self.kind = kind; self.message = message; self.sqlState = sqlState
    }

    /// The server's own refusal: its words, less our prefix; shutdowns and connection limits
    /// are the server being away, not a refusal.
    init(server state: String?, message: String?, hint: String?) {
        var text = message ?? L("refused")
        if text.hasPrefix("tracedesk: ") { text.removeFirst("tracedesk: ".count) } // not shown: the prefix taken off
        let kind: Kind = hint == "held" ? .held // not shown: the server's hint, read
            : ["57P01", "57P02", "57P03", "53300"].contains(state ?? "") || (state ?? "").hasPrefix("08") ? .unreachable // not shown: SQLSTATE codes
            : .refused
        self.init(kind: kind, message: text, sqlState: state)
    }

    init(_ error: Error, target: ServerTarget) {
        if let e = error as? ServerError { self = e; return }
        if case .server(let m)? = error as? PostgresError {
            self.init(server: m.fields[.sqlState], message: m.fields[.message], hint: m.fields[.hint])
            return
        }
        if let p = error as? PSQLError {
            if p.code == .server, let info = p.serverInfo {
                self.init(server: info[.sqlState], message: info[.message], hint: info[.hint])
                return
            }
            switch p.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection:
                self.init(kind: .unreachable, message: L("the server \(target.displayName) cannot be reached"))
            default:
                self.init(kind: .other, message: L("the server's answer could not be used (\(String(describing: p.code)))"))
            }
            return
        }
        if error is ChannelError || error is NIOConnectionError || error is IOError {
            self.init(kind: .unreachable, message: L("the server \(target.displayName) cannot be reached"))
            return
        }
        self.init(kind: .other, message: L("the server's answer could not be used (\(String(describing: type(of: error))))"))
    }
}
