// catalogue: not shown — the admin's set-up speaks English by decision, as psql and PostgreSQL's own tools do (README, "Setting it up")
import Foundation
import TracedeskCore
import TracedeskJournal

/// What a health office's database admin does: create the schema, move it forward, add
/// teams, their areas and their people, and move a team's file journal in. Runs as a login
/// that owns the schema (the one that ran `init`).
public final class ServerAdmin {
    let link: PGLink

    public init(target: ServerTarget) throws {
        link = try PGLink.connect(target)
    }

    deinit { link.close() }

    /// The schema version on the server; 0 when there is none.
    public func schemaVersion() throws -> Int {
        let exists = try link.rows("SELECT to_regclass('tracedesk.schema_version') IS NOT NULL").first?[0].decode(Bool.self) ?? false
        guard exists else { return 0 }
        return Int(try link.rows("SELECT max(version)::bigint FROM tracedesk.schema_version").first?.int(0) ?? 0)
    }

    public static var knownVersion: Int { Schema.version }

    /// Creates the schema (`init`) or brings it forward (`migrate`), one migration a
    /// transaction. Returns the versions applied. Refuses a schema newer than this build.
    @discardableResult
    public func migrate(creating: Bool) throws -> [Int] { try migrate(creating: creating, upTo: Schema.version) }

    /// Up to `last` only: a test or `bench appendcost` makes a server as an older build left it.
    @discardableResult
    public func migrate(creating: Bool, upTo last: Int) throws -> [Int] {
        let current = try schemaVersion()
        if creating && current > 0 {
            throw ServerError(kind: .refused, message: "the tracedesk schema already exists (version \(current)); use tracedesk server migrate")
        }
        if !creating && current == 0 {
            throw ServerError(kind: .refused, message: "there is no tracedesk schema yet; use tracedesk server init")
        }
        if current > Schema.version {
            throw ServerError(kind: .refused, message: "the server's schema is version \(current), newer than this build knows (\(Schema.version)); update tracedesk")
        }
        var applied: [Int] = []
        for n in stride(from: current + 1, through: last, by: 1) {
            try link.rows("BEGIN")
            do {
                for statement in Schema.migrations[n - 1] { try link.rows(statement) }
                try link.rows("UPDATE tracedesk.schema_version SET version = \(n)")
                try link.rows("COMMIT")
            } catch {
                _ = try? link.rows("ROLLBACK")
                throw error
            }
            applied.append(n)
        }
        return applied
    }

    /// The stored events this build's checks of content would refuse (an event stored before a
    /// migration added checks, or moved in by `server load`), counted by kind and refusal code,
    /// with the first few ids of each: no field of an event, so no patient's data. They stay
    /// stored: history is not rewritten, and desks replay them.
    public struct StoredRefusals: Sendable, Equatable {
        public struct Group: Sendable, Equatable {
            public var kind: String
            public var code: String
            public var count: Int
            /// The first ids (in each team's order), at most `StoredRefusals.idsShown`.
            public var ids: [String]
        }
        public var groups: [Group] = []
        public var total: Int { groups.reduce(0) { $0 + $1.count } }
        public static let idsShown = 5
    }

    /// What `server migrate` does and says: the versions applied and, from schema 6 (whose
    /// `stored_refusal` judges a stored event), what the new checks would refuse of what is
    /// stored. `dryRun`: all of it in one transaction, rolled back: the same report, nothing changed.
    public func migrateReporting(dryRun: Bool) throws -> (applied: [Int], refusals: StoredRefusals?) {
        guard dryRun else {
            let applied = try migrate(creating: false)
            return (applied, applied.isEmpty ? nil : try storedRefusals())
        }
        let current = try schemaVersion()
        if current == 0 { throw ServerError(kind: .refused, message: "there is no tracedesk schema yet; use tracedesk server init") }
        if current > Schema.version {
            throw ServerError(kind: .refused, message: "the server's schema is version \(current), newer than this build knows (\(Schema.version)); update tracedesk")
        }
        let pending = Array(stride(from: current + 1, through: Schema.version, by: 1))
        if pending.isEmpty { return ([], nil) }
        try link.rows("BEGIN")
        defer { _ = try? link.rows("ROLLBACK") }
        for n in pending {
            for statement in Schema.migrations[n - 1] { try link.rows(statement) }
            try link.rows("UPDATE tracedesk.schema_version SET version = \(n)")
        }
        return (pending, try storedRefusals())
    }

    /// The report itself, on the schema as it is (6 or newer).
    public func storedRefusals() throws -> StoredRefusals {
        var out = StoredRefusals()
        for r in try link.rows("""
            SELECT kind, code, count(*)::bigint, array_to_string((array_agg(id ORDER BY team, seq))[1:\(StoredRefusals.idsShown)], ' ')
            FROM (SELECT team, seq, id, kind, tracedesk.stored_refusal(event) AS code FROM tracedesk.events) x
            WHERE code IS NOT NULL GROUP BY kind, code ORDER BY kind, code
            """) {
            out.groups.append(.init(kind: try r.string(0) ?? "", code: try r.string(1) ?? "", count: Int(try r.int(2)),
                                    ids: (try r.string(3) ?? "").split(separator: " ").map(String.init)))
        }
        return out
    }

    /// A team and the kecamatan whose line-list rows it receives.
    /// A kecamatan already routed to another team (in any letter case, as routing compares
    /// them) is moved only with `move`: cases would silently start going elsewhere.
    public func addTeam(_ team: String, areas: [String], move: Bool = false) throws {
        guard !team.trimmingSpaces.isEmpty else { throw ServerError(kind: .refused, message: "a team needs a name") }
        try link.rows("BEGIN")
        do {
            try link.rows("INSERT INTO tracedesk.teams (team) VALUES ($1) ON CONFLICT DO NOTHING", [team])
            for a in areas {
                let name = a.trimmingSpaces
                if let r = try link.rows("SELECT kecamatan, team FROM tracedesk.areas WHERE lower(kecamatan) = lower($1) AND team <> $2", [name, team]).first {
                    let held = try r.string(0) ?? name, other = try r.string(1) ?? ""
                    guard move else {
                        throw ServerError(kind: .refused, message: "kecamatan \"\(held)\" is team \(other)'s; to move it to \(team), run again with --move")
                    }
                    try link.rows("DELETE FROM tracedesk.areas WHERE kecamatan = $1", [held])
                }
                try link.rows("""
                    INSERT INTO tracedesk.areas (kecamatan, team) VALUES ($1, $2)
                    ON CONFLICT (kecamatan) DO UPDATE SET team = excluded.team
                    """, [name, team])
            }
            try link.rows("COMMIT")
        } catch { _ = try? link.rows("ROLLBACK"); throw error }
    }

    public enum MemberRole: String, CaseIterable, Sendable { case tracer, lead, data }

    /// A person: their own login role (named by their tracedesk id), in the group role that
    /// gives their privileges, and their teams. A password, when given, is set on the role;
    /// without one, the admin sets it (`\password ID` in psql) or uses certificates.
    /// A login that exists already and is no member (an admin's, an application's) is not
    /// taken over unless `adopt`; a superuser or a role that creates roles never is.
    public func addUser(id: String, name: String, role: MemberRole, teams: [String], password: String? = nil, adopt: Bool = false) throws {
        guard Self.isPlainId(id) else {
            throw ServerError(kind: .refused, message: "\"\(id)\" cannot be a login: use letters, digits, - _ . (up to 63)")
        }
        if role != .data && teams.isEmpty {
            throw ServerError(kind: .refused, message: "a \(role.rawValue) needs a team (--team)")
        }
        let quoted = "\"\(id)\""
        if let r = try link.rows("SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = $1", [id]).first {
            if try r[0].decode(Bool.self) {
                throw ServerError(kind: .refused, message: "\(id) is a login with an admin's powers (superuser, createrole or bypassrls); a tracedesk member needs a login of their own")
            }
            // A login in one of our group roles is a tracedesk person (of this database or
            // another on the same server); any other is someone else's.
            let ours = try link.rows("""
                SELECT EXISTS (SELECT 1 FROM tracedesk.members WHERE id = $1)
                    OR EXISTS (SELECT 1 FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid JOIN pg_roles u ON u.oid = am.member
                               WHERE u.rolname = $1 AND g.rolname IN ('tracedesk_tracer', 'tracedesk_lead', 'tracedesk_data'))
                """, [id]).first?[0].decode(Bool.self) ?? false
            if !ours && !adopt {
                throw ServerError(kind: .refused, message: "a login \(id) exists already and is not a tracedesk member; if it is this person's, run again with --adopt")
            }
        }
        try link.rows("BEGIN")
        do {
            // Roles belong to the whole cluster: another database's admin (or a second
            // add-user at the same moment) may be creating the same login.
            try link.rows("""
                DO $$ BEGIN CREATE ROLE \(quoted) LOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
                """)
            for other in MemberRole.allCases where other != role {
                try link.rows("REVOKE tracedesk_\(other.rawValue) FROM \(quoted)")
            }
            try link.rows("GRANT tracedesk_\(role.rawValue) TO \(quoted)")
            if let password {
                guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                    throw ServerError(kind: .refused, message: "the password holds a control character")
                }
                // Hashed here: the statement (which a server may log) carries only the verifier.
                let verifier = try SCRAMVerifier.make(password: password)
                try link.rows("ALTER ROLE \(quoted) PASSWORD '\(verifier)'")
            }
            try link.rows("""
                INSERT INTO tracedesk.members (id, name, role, active) VALUES ($1, $2, $3, true)
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, active = true
                """, [id, name, role.rawValue])
            for t in teams {
                guard try !link.rows("SELECT 1 FROM tracedesk.teams WHERE team = $1", [t]).isEmpty else {
                    throw ServerError(kind: .refused, message: "no team \"\(t)\"; add it first: tracedesk server add-team \"\(t)\" --area KECAMATAN")
                }
                try link.rows("INSERT INTO tracedesk.member_teams (id, team) VALUES ($1, $2) ON CONFLICT DO NOTHING", [id, t])
            }
            try link.rows("COMMIT")
        } catch { _ = try? link.rows("ROLLBACK"); throw error }
    }

    static func isPlainId(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 63 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    public struct LoadResult: Sendable, Equatable {
        public var loaded = 0
        public var alreadyThere = 0
        public var drafts = 0
    }

    /// Moves a file journal's events (and the drafts of interviews in progress) into `team`,
    /// in journal order, each once by its id: a load cut off or run twice loads the rest and
    /// never doubles. Members of the journal's team file are added as members (their logins
    /// are created with add-user). One transaction: all of it, or nothing.
    public func load(journal path: String, team: String, teamFile: Team?) throws -> LoadResult {
        let journal = try FileJournal(path: path, access: .read)
        var result = LoadResult()
        try link.rows("BEGIN")
        do {
            guard try !link.rows("SELECT 1 FROM tracedesk.teams WHERE team = $1", [team]).isEmpty else {
                throw ServerError(kind: .refused, message: "no team \"\(team)\"; add it first: tracedesk server add-team \"\(team)\" --area KECAMATAN")
            }
            // A member id already on the server must be the same person in the same team; a
            // case id already on the server must be this team's: never merged across teams.
            for m in teamFile?.members ?? [] {
                if let r = try link.rows("SELECT name, coalesce((SELECT string_agg(team, ', ') FROM tracedesk.member_teams t WHERE t.id = m.id AND t.team <> $2), '') FROM tracedesk.members m WHERE id = $1", [m.id, team]).first {
                    let name = try r.string(0) ?? "", others = try r.string(1) ?? ""
                    if name != m.name || !others.isEmpty {
                        throw ServerError(kind: .refused, message: "\(m.id) on the server is \"\(name)\"\(others.isEmpty ? "" : " in \(others)"); the journal's team file has \"\(m.name)\" in \(team). Give one of them another id before loading")
                    }
                }
            }
            var caseIds: [String] = []
            try journal.read(from: .start, filings: .inShort) { batch in
                for e in batch { if case .caseImported(let imp) = e.body { caseIds.append(imp.record.caseId) } }
            }
            for chunk in stride(from: 0, to: caseIds.count, by: 1_000) {
                let list = Array(caseIds[chunk..<min(caseIds.count, chunk + 1_000)])
                if let r = try link.rows("SELECT case_id, team FROM tracedesk.cases WHERE case_id = ANY ($1::text[]) AND team <> $2 LIMIT 1",
                                         [PostgresStore.textArray(list), team]).first {
                    throw ServerError(kind: .refused, message: "case \(try r.string(0) ?? "") is on the server in team \(try r.string(1) ?? ""); a journal's cases go to one team, and are not merged across teams")
                }
            }
            for m in teamFile?.members ?? [] {
                try link.rows("""
                    INSERT INTO tracedesk.members (id, name, role, active) VALUES ($1, $2, $3, $4::boolean) ON CONFLICT DO NOTHING
                    """, [m.id, m.name, m.role.rawValue, m.active ? "true" : "false"])
                try link.rows("INSERT INTO tracedesk.member_teams (id, team) VALUES ($1, $2) ON CONFLICT DO NOTHING", [m.id, team])
            }
            let encoder = JournalCoding.encoder()
            func put(_ e: Event) throws -> Bool {
                let text = String(decoding: try encoder.encode(e), as: UTF8.self)
                return try link.rows("SELECT loaded FROM tracedesk.load_event($1, $2)", [text, team]).first?[0].decode(Bool.self) ?? false
            }
            try journal.read(from: .start, filings: .whole) { batch in
                for e in batch {
                    if try put(e) { result.loaded += 1 } else { result.alreadyThere += 1 }
                }
            }
            for id in try journal.casesInProgress() {
                for d in try journal.drafts(of: id) where try put(d) { result.drafts += 1 }
            }
            try link.rows("COMMIT")
        } catch { _ = try? link.rows("ROLLBACK"); throw error }
        return result
    }
}
