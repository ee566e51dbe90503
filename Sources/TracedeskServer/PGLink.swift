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
/// patients' data) and, when it refused, in the user's language from the refusal's code.
public struct ServerError: StoreWriteError, CustomStringConvertible {
    public enum Kind: Sendable { case unreachable, refused, held, other }
    public var kind: Kind
    /// The server's own words (English, as psql shows them), or ours.
    public var message: String
    public var sqlState: String?
    /// The refusal's code (schema 2's HINT `td:CODE`) and its values (DETAIL), when it has one.
    public var code: String?
    public var args: [String: String] = [:]

    /// A server out of reach can take the same write later; a refusal never will.
    public var isRetryable: Bool { kind == .unreachable }

    /// The database said no to these events (its SQLSTATE says so): other work goes on. A
    /// refusal of our own (the store stopped writing) has no SQLSTATE.
    public var refusesThisWorkOnly: Bool { (kind == .refused || kind == .held) && sqlState != nil }

    /// Where the refused events were kept, so nothing typed is lost with them.
    public var keptIn: String?

    /// A refusal the catalogue knows is said in the desk's language; anything else as it came.
    public var description: String {
        let why = code.flatMap { ServerRefusal.message(code: $0, args: args) } ?? message
        return keptIn.map { why + L("; kept in \($0)") } ?? why
    }

    /// The case a refusal is about, when it names one (an import says its line).
    public var caseId: String? { args["case"] } // not shown: a refusal's argument name

    init(kind: Kind, message: String, sqlState: String? = nil) {
        self.kind = kind; self.message = message; self.sqlState = sqlState
    }

    /// The server's own refusal: its words, less our prefix; shutdowns and connection limits
    /// are the server being away, not a refusal.
    init(server state: String?, message: String?, hint: String?, detail: String? = nil) {
        var text = message ?? L("refused")
        if text.hasPrefix("tracedesk: ") { text.removeFirst("tracedesk: ".count) } // not shown: the prefix taken off
        // Schema 1 said a lost claim with the bare hint "held".
        // PostgreSQL's own "stack depth limit exceeded" (54001), which an event nested tens of
        // thousands deep meets before `append`'s checks can name a field: worded as our refusal.
        let code = hint.flatMap { $0.hasPrefix("td:") ? String($0.dropFirst(3)) : $0 == "held" ? $0 : nil } // not shown: the server's hint, read
            ?? (state == "54001" ? "too-deep" : nil) // not shown: a SQLSTATE and a refusal's code
        let kind: Kind = code == "held" ? .held // not shown: a refusal's code
            : ["57P01", "57P02", "57P03", "53300"].contains(state ?? "") || (state ?? "").hasPrefix("08") ? .unreachable // not shown: SQLSTATE codes
            : .refused
        self.init(kind: kind, message: text, sqlState: state)
        self.code = code
        if code != nil, let detail, let object = try? JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any] {
            args = object.mapValues { "\($0)" }
        }
    }

    init(_ error: Error, target: ServerTarget) {
        if let e = error as? ServerError { self = e; return }
        if case .server(let m)? = error as? PostgresError {
            self.init(server: m.fields[.sqlState], message: m.fields[.message], hint: m.fields[.hint], detail: m.fields[.detail])
            return
        }
        if let p = error as? PSQLError {
            if p.code == .server, let info = p.serverInfo {
                self.init(server: info[.sqlState], message: info[.message], hint: info[.hint], detail: info[.detail])
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
