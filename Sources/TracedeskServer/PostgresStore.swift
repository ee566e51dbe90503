import Crypto
import Foundation
import TracedeskCore
import TracedeskJournal

/// Who the login is, as the server says (never as the client claims).
public struct ServerIdentity: Sendable, Equatable {
    public var id: String
    public var name: String
    /// tracer, lead or data.
    public var role: String
    /// The teams whose events this login reads (every team, for the data role).
    public var teams: [String]
}

/// The city's store: events on a PostgreSQL server, each desk reading only its teams.
///
/// A desk reads each of its teams' streams in number order and remembers where it got to.
/// Numbers within a team commit in order (see `Schema`), so "after the last number" never
/// skips a late commit. Interview drafts are stored as events too, but replay never reads
/// them: only the case being opened reads its newest draft.
///
/// Errors are `ServerError`: `.unreachable` ones can be retried (the desk keeps the work);
/// refusals say why in the server's words.
public final class PostgresStore: EventStore {
    public let target: ServerTarget
    public private(set) var identity: ServerIdentity
    private var link: PGLink?
    private var lastConnectAttempt = Date.distantPast
    /// Per team: the highest number read; everything at or below it has been handed over.
    private var cursor: [String: Int64] = [:]
    /// Numbers this desk wrote above its cursor: read back later, they are not new.
    private var ownAhead: [String: Set<Int64>] = [:]
    private var handed = 0
    public var readOnlyReason: String?
    private let encoder = JournalCoding.encoder()
    private var reader = EventJSONReader()
    /// How `read` hands filings over: in short (with their places) for a desk's replay.
    private var filingDetail: FilingDetail = .whole
    /// Rows read a batch at a time: a team's month is never in memory twice. A batch's rows,
    /// their text and its events are alive together: at 5,000 a desk's start on a 3,000-case
    /// team (12,000-odd events) peaked at 48–57 MB, at 1,000 at 40 MB, no slower (bench city).
    static let batchSize = 1_000

    /// Where work saved while the server is away waits (the file journal's format and
    /// guarantees); nil: no outbox, and writes fail while the server is away.
    public let outboxPath: String?
    private var outbox: FileJournal?
    /// Why the last sending of the outbox stopped (an event the server refused), if it did.
    public private(set) var outboxProblem: String?
    /// Set by the server's notification that a team's stream grew.
    private let woken = Flag()
    private var lastQuery = Date.distantPast
    /// A desk asks the server what is new only when it is due (see `isDue`), not at every
    /// read: a thousand desks asking at every keystroke would be the server's whole load.
    /// Off (tests, commands): at every read.
    public var readsOnlyWhenDue = false
    static let safetyPoll: TimeInterval = 5
    public private(set) var offline = false
    /// Events read but not understood (team and number), passed over.
    public private(set) var unreadable: [String] = []

    /// Opens the store as the login `target` names. `outbox`: the file for work saved while
    /// the server cannot be reached; whatever an earlier desk left there is sent now.
    /// How a desk learns its team's streams grew: a notification from the server (where the
    /// database sends them: `ALTER DATABASE … SET tracedesk.notify = on`), or asking every
    /// `pollEvery` seconds.
    public enum WakeUp: String, Sendable, CaseIterable { case notify, poll }
    public let wakeUp: WakeUp
    /// With `.notify`, the read in case a notification was lost; with `.poll`, the only one.
    public var pollEvery: TimeInterval

    public init(target: ServerTarget, outbox: String? = nil, wakeUp: WakeUp = .poll) throws {
        self.target = target
        self.wakeUp = wakeUp
        pollEvery = wakeUp == .notify ? Self.safetyPoll : 2
        self.outboxPath = outbox
        let link = try PGLink.connect(target)
        do {
            identity = try Self.whoami(link, target: target)
        } catch {
            link.close()
            throw error
        }
        self.link = link
        try listen(link)
        if outbox != nil { try? flushOutbox() }
    }

    deinit { link?.close() }

    /// Listens on the channel of each of the login's teams.
    private func listen(_ l: PGLink) throws {
        let flag = woken
        guard wakeUp == .notify else { return }
        for r in try l.rows("SELECT tracedesk.channel(t) FROM unnest($1::text[]) t", [Self.textArray(identity.teams)]) {
            guard let channel = try r.string(0) else { continue }
            try l.listen(channel) { flag.set() }
        }
        flag.set()
    }

    /// A text[] literal for a parameter.
    static func textArray(_ items: [String]) -> String {
        "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ",") + "}" // not shown: a text[] literal
    }

    /// The outbox beside the desk's journal: one file per login and server, 0600 in a 0700
    /// folder, as the journal keeps patients' data.
    public static func outboxPath(for target: ServerTarget, dataDirectory: String) -> String {
        let place = (target.socketDirectory ?? target.host).replacingOccurrences(of: "/", with: "_") // not shown: a file name
        return dataDirectory + "/outbox/\(target.user)@\(place)_\(target.port)_\(target.database).jsonl" // not shown: a file name
    }

    static func whoami(_ link: PGLink, target: ServerTarget) throws -> ServerIdentity {
        let notMember = ServerError(kind: .refused, message: L("\(target.user) is not a tracedesk member on this server; a lead or admin adds you with: tracedesk server add-user \(target.user) --name \"YOUR NAME\" --role tracer --team TEAM"))
        let version: Int64
        do {
            guard let v = try link.rows("SELECT max(version)::bigint FROM tracedesk.schema_version").first else {
                throw ServerError(kind: .refused, message: L("the database \(target.database) has no tracedesk schema; an admin runs: tracedesk server init --store \(target.displayName)"))
            }
            version = try v.int(0)
        } catch let e as ServerError where e.sqlState == "42501" {
            // No privilege on the schema: a login that is in no group role of ours.
            _ = e
            throw notMember
        } catch let e as ServerError where e.sqlState == "42P01" || e.sqlState == "3F000" { // not shown: SQLSTATE codes
            throw ServerError(kind: .refused, message: L("the database \(target.database) has no tracedesk schema; an admin runs: tracedesk server init --store \(target.displayName)"))
        }
        if version > Schema.version {
            throw ServerError(kind: .refused, message: L("the server's schema is version \(version), newer than this build knows (\(Schema.version)); update tracedesk"))
        }
        if version < Schema.version {
            throw ServerError(kind: .refused, message: L("the server's schema is version \(version); an admin runs: tracedesk server migrate --store \(target.displayName)"))
        }
        guard let row = try link.rows("SELECT id, name, role, teams::text[] FROM tracedesk.whoami()").first,
              let id = try row.string(0) else {
            throw notMember
        }
        return ServerIdentity(id: id, name: try row.string(1) ?? id, role: try row.string(2) ?? "tracer", // not shown: a role as the server names it
                              teams: try row[3].decode([String].self).sorted())
    }

    /// Reads only `team` from now on: a report or export of one team. Refused for a team the
    /// login does not see.
    public func only(team: String) throws {
        guard identity.teams.contains(team) else {
            throw ServerError(kind: .refused, message: L("\(identity.id) does not see team \(team) (sees: \(identity.teams.joined(separator: ", ")))"))
        }
        identity.teams = [team]
    }

    /// The desk's team: the members of the login's teams, named as the server has them. The
    /// data role acts as a lead in the desk's rules (corrections); the server still refuses it
    /// a lead's approvals.
    public func team() throws -> Team {
        let rows = try live().rows("SELECT id, name, role, active, team FROM tracedesk.team_members() ORDER BY id")
        var members: [String: TeamMember] = [:]
        for r in rows {
            guard let id = try r.string(0) else { continue }
            // The server has three roles; each is shown as what it is (a data person listed as a
            // lead would be offered for approvals they cannot give).
            let role = Role(rawValue: try r.string(2) ?? "") ?? .tracer
            members[id] = TeamMember(id: id, name: try r.string(1) ?? id, role: role, active: try r[3].decode(Bool.self))
        }
        if members[identity.id] == nil {
            members[identity.id] = TeamMember(id: identity.id, name: identity.name, role: Role(rawValue: identity.role) ?? .tracer)
        }
        return Team(name: identity.teams.joined(separator: ", "), members: members.values.sorted { $0.id < $1.id })
    }

    /// The connection, made again if it was lost (at most every 2 seconds, so a desk with the
    /// server away does not spin on connecting).
    private func live() throws -> PGLink {
        if let l = link, !l.isClosed { return l }
        link = nil
        guard Date().timeIntervalSince(lastConnectAttempt) >= 2 else {
            throw ServerError(kind: .unreachable, message: L("the server \(target.displayName) cannot be reached"))
        }
        lastConnectAttempt = Date()
        let l: PGLink
        do {
            l = try PGLink.connect(target, timeout: .seconds(3))
            try listen(l)
        } catch let e as ServerError {
            if e.kind == .unreachable { offline = true }
            throw e
        }
        link = l
        offline = false
        return l
    }

    /// Runs `body` on the link; a lost connection is dropped so the next call reconnects.
    private func on<T>(_ body: (PGLink) throws -> T) throws -> T {
        let l = try live()
        do { return try body(l) } catch let e as ServerError {
            if e.kind == .unreachable { l.close(); link = nil; offline = true }
            throw e
        }
    }

    // MARK: Reading

    public var position: StorePosition { StorePosition(offset: Int64(handed), line: handed) }

    /// A desk's replay holds filings in short and reads one whole by its place when opened.
    public func read(from position: StorePosition, filings: FilingDetail, _ batch: ([Event]) throws -> Void) throws {
        filingDetail = filings
        defer { filingDetail = .whole }
        try read(from: position, batch)
    }

    public func read(from position: StorePosition, _ batch: ([Event]) throws -> Void) throws {
        if position == .start { cursor = [:]; ownAhead = [:]; handed = 0 }
        for team in identity.teams {
            while true {
                let events = try fetch(team: team, after: cursor[team] ?? 0, limit: Self.batchSize)
                handed += events.count
                if !events.isEmpty { try batch(events) }
                if !moreRows { break }
            }
        }
    }

    private var moreRows = false

    /// The next events of `team` after number `after`, drafts left out, own writes skipped.
    private func fetch(team: String, after: Int64, limit: Int) throws -> [Event] {
        let rows = try on { try $0.rows("""
            SELECT seq, event FROM tracedesk.events
            WHERE team = $1 AND seq > $2::bigint AND kind <> 'interview.saved'
            ORDER BY seq LIMIT $3::int
            """, [team, String(after), String(limit)]) }
        moreRows = rows.count == limit
        var out: [Event] = []
        out.reserveCapacity(rows.count)
        let index = Int32((identity.teams.firstIndex(of: team) ?? 0) + 1)
        for r in rows {
            let seq = try r.int(0)
            cursor[team] = seq
            if ownAhead[team]?.remove(seq) != nil { continue }
            // One event this build cannot read (a modified client's, a newer build's) is set
            // aside and counted, as replay ignores a refused one: it never stops the team.
            let e: Event
            do {
                e = try decode(r.string(1) ?? "", ref: EventRef(offset: seq, length: index))
            } catch {
                unreadable.append("\(team) #\(seq)")
                continue
            }
            if case .caseCorrected(let c) = e.body, c.changes.contains(where: { $0.field == "kecamatan" }) {
                let moved = try movedIn(team: team, seq: seq, by: c)
                if !moved.isEmpty { out += moved; continue }
            }
            out.append(e)
        }
        return out
    }

    /// A case that `moving` moved into `team` (at `seq`) arrives as the lab's record as it now
    /// stands: its import and corrections, read from the team it came from, with the move applied,
    /// taken in as an import by whoever imported it. Held in memory only (never stored): the
    /// stored history of the move is the old team's stream and this correction. Empty when the
    /// case was not moved in (a kecamatan the same team covers, or a login that reads both teams).
    private func movedIn(team: String, seq: Int64, by moving: CaseCorrection) throws -> [Event] {
        let rows = try on { try $0.rows("SELECT event FROM tracedesk.moved_case_record($1, $2::bigint)", [team, String(seq)]) }
        var record: CaseRecord?
        var imported: Event?
        for r in rows {
            let e = try reader.decode(r.string(0) ?? "", filings: .whole)
            switch e.body {
            case .caseImported(let imp) where record == nil: record = imp.record; imported = e
            case .caseCorrected(let c) where c.contactId == nil: record = record.map { $0.applying(c.changes) ?? $0 }
            default: break
            }
        }
        guard let record, let imported else { return [] }
        let batch = EventID.make(at: imported.timestamp).rawValue
        let body = ImportedCase(record: record.applying(moving.changes) ?? record, batch: batch)
        return [Event(id: EventID.make(at: imported.timestamp), timestamp: imported.timestamp, actor: imported.actor, body: .caseImported(body)),
                Event(id: EventID.make(at: imported.timestamp), timestamp: imported.timestamp, actor: imported.actor,
                      body: .importCommitted(ImportCommit(batch: batch, count: 1)))]
    }

    private func decode(_ text: String, ref: EventRef) throws -> Event {
        do {
            var e = try reader.decode(text, filings: filingDetail)
            e.ref = ref
            return e
        } catch {
            throw ServerError(kind: .other, message: L("event \(ref.offset) cannot be read by this build (\(error))"))
        }
    }

    /// Whether to ask the server what is new now: always, unless `readsOnlyWhenDue`; then when
    /// the server notified a team's stream grew, when `pollEvery` has passed since the last
    /// ask (with `.notify`, in case a notification was lost), or when the connection is gone
    /// (asking is how the desk learns the server is back).
    func isDue() -> Bool {
        guard readsOnlyWhenDue, link != nil else { return true }
        // Taken either way: a notification is answered by this read.
        let notified = woken.take()
        return notified || Date().timeIntervalSince(lastQuery) >= pollEvery
    }

    public func readNew() throws -> [Event] {
        guard isDue() else { return [] }
        do {
            if outboxPath != nil, hasOutbox { try flushOutbox() }
            let new = try readNewFromServer()
            lastQuery = Date()
            return new
        } catch let e as ServerError where e.kind == .unreachable && outboxPath != nil {
            // The desk works on with what it holds; the title bar says the server is away.
            return []
        }
    }

    private func readNewFromServer() throws -> [Event] {
        var out: [Event] = []
        for team in identity.teams {
            while true {
                let events = try fetch(team: team, after: cursor[team] ?? 0, limit: Self.batchSize)
                out += events
                handed += events.count
                if !moreRows { break }
            }
        }
        return out
    }

    public func event(at ref: EventRef) throws -> Event {
        let team = identity.teams[max(0, min(identity.teams.count - 1, Int(ref.length) - 1))]
        guard let r = try on({ try $0.rows("SELECT event FROM tracedesk.events WHERE team = $1 AND seq = $2::bigint",
                                           [team, String(ref.offset)]) }).first else {
            throw ServerError(kind: .other, message: L("no event \(ref.offset) in team \(team)"))
        }
        return try decode(r.string(0) ?? "", ref: ref)
    }

    public func events(about caseId: String) throws -> [Event] {
        try caseEvents(caseId, drafts: false)
    }

    private func caseEvents(_ caseId: String, drafts: Bool, newestOnly: Bool = false) throws -> [Event] {
        let order = newestOnly ? "DESC LIMIT 1" : "" // not shown: SQL
        let rows = try on { try $0.rows("""
            SELECT team, seq, event FROM tracedesk.events
            WHERE case_id = $1 AND (kind = 'interview.saved') = $2::boolean
            ORDER BY seq \(order)
            """, [caseId, drafts ? "true" : "false"]) }
        return try rows.map { r in
            let index = Int32((identity.teams.firstIndex(of: try r.string(0) ?? "") ?? 0) + 1)
            return try decode(r.string(2) ?? "", ref: EventRef(offset: try r.int(1), length: index))
        }
    }

    public func casesInProgress() throws -> [String] {
        let ids = try on { try $0.rows("""
            SELECT DISTINCT case_id FROM tracedesk.events WHERE kind = 'interview.saved' AND team = ANY ($1::text[])
            """, [Self.textArray(identity.teams)]) }
            .compactMap { try $0.string(0) }
        draftsOnServer.formUnion(ids)
        if outboxPath != nil { try? keepOwnDrafts() }
        return ids
    }

    // MARK: Drafts while the server is away

    /// Cases with a draft on the server: opened while it is away, such a case must not start
    /// a fresh interview over a draft the desk cannot read.
    private var draftsOnServer: Set<String> = []
    /// The newest draft of each case this desk read or wrote (and, at start, the login's own
    /// drafts in progress): what a tracer resumes while the server is away.
    private var draftsHere: [String: Event] = [:]

    /// The login's own newest draft of each interview in progress, read once at start: the
    /// cases a tracer holds stay interviewable when the server goes away (a few per tracer).
    private func keepOwnDrafts() throws {
        let rows = try on { try $0.rows("""
            SELECT DISTINCT ON (case_id) team, seq, event FROM tracedesk.events
            WHERE kind = 'interview.saved' AND actor = $1 AND team = ANY ($2::text[])
            ORDER BY case_id, seq DESC
            """, [identity.id, Self.textArray(identity.teams)]) }
        for r in rows {
            let index = Int32((identity.teams.firstIndex(of: try r.string(0) ?? "") ?? 0) + 1)
            keepHere(try decode(r.string(2) ?? "", ref: EventRef(offset: try r.int(1), length: index)))
        }
    }

    private func keepHere(_ draft: Event) {
        guard case .interviewSaved = draft.body, let id = draft.caseId else { return }
        if let had = draftsHere[id], had.timestamp > draft.timestamp { return }
        var d = draft
        d.ref = nil
        draftsHere[id] = d
    }

    private func newer(_ a: Event?, _ b: Event?) -> Event? {
        guard let a else { return b }
        guard let b else { return a }
        return b.timestamp > a.timestamp ? b : a
    }

    /// What this computer holds of a case's drafts: the outbox's and the newest one kept.
    private func localDrafts(of caseId: String) -> [Event] {
        guard hasOutbox, let o = try? outboxJournal() else { return [] }
        return (try? o.drafts(of: caseId)) ?? []
    }

    /// The newest draft, from the server, or while it is away from this computer; nil when
    /// the case has none. A case whose draft only the server holds waits for it, and says so.
    public func latestDraft(of caseId: String) throws -> Event? {
        let here = newer(draftsHere[caseId], localDrafts(of: caseId).last)
        do {
            let there = try caseEvents(caseId, drafts: true, newestOnly: true).first
            if let there { keepHere(there) }
            return newer(there, here)
        } catch let e as ServerError where e.kind == .unreachable && outboxPath != nil {
            if let here { return here }
            if draftsOnServer.contains(caseId) {
                throw ServerError(kind: .unreachable, message: L("the interview of case \(caseId) was last saved on the server; it opens when the server is back"))
            }
            return nil
        }
    }

    public func drafts(of caseId: String) throws -> [Event] {
        let here = localDrafts(of: caseId)
        do {
            return Desk.inTimeOrder(try caseEvents(caseId, drafts: true), here)
        } catch let e as ServerError where e.kind == .unreachable && outboxPath != nil {
            return here
        }
    }

    public func expectedEvents(from position: StorePosition) -> Int { 0 }

    /// Reads on from the end of each team's stream, as if the history had been replayed: for
    /// a benchmark's many simulated desks in one process, whose start is measured apart.
    public func startAtEnd() throws {
        for team in identity.teams {
            let max = try on { try $0.rows("SELECT coalesce(max(seq), 0)::bigint FROM tracedesk.events WHERE team = $1", [team]).first?.int(0) } ?? 0
            cursor[team] = max
        }
    }

    // MARK: Writing

    /// Reads what others wrote, lets `decide` choose, and appends its events in one
    /// transaction; the server decides claims and roles. A claim lost to another desk in the
    /// same instant is decided again with that desk's claim read (at most three times).
    @discardableResult
    public func transact(_ decide: ([Event]) throws -> [Event]) throws -> (seen: [Event], written: [Event]) {
        if let why = readOnlyReason { throw ServerError(kind: .refused, message: why) }
        var seenAll: [Event] = []
        var decided: [Event] = []
        do {
            // What waited in the outbox goes first, so the server has it in the order typed.
            if outboxPath != nil, hasOutbox { try flushOutbox() }
            for attempt in 1...3 {
                // When not due, the desk decides on what it holds, and the server still
                // decides claims: a claim lost that way is read and decided again.
                let ask = attempt > 1 || isDue()
                let seen = ask ? try readNewFromServer() : []
                if ask { lastQuery = Date() }
                seenAll += seen
                decided = try decide(seen)
                if decided.isEmpty { return (seenAll, []) }
                do {
                    return (seenAll, try append(decided, teamFor: { _ in nil }))
                } catch let e as ServerError where e.kind == .held && attempt < 3 {
                    continue
                }
            }
            return (seenAll, [])
        } catch var e as ServerError where e.refusesThisWorkOnly && !decided.isEmpty {
            // One refusal (a note beyond a limit an admin lowered, an old draft beyond one) is
            // this work's alone: kept beside the outbox, as work refused after an outage is,
            // so nothing typed is lost; the desk writes on.
            if let path = refusedPath {
                try FileJournal(path: path).append(decided)
                e.keptIn = path
            }
            throw e
        } catch let e as ServerError where e.kind == .unreachable && outboxPath != nil {
            // Decided on what the desk holds; kept on this machine until the server is back.
            // A save cut off mid-commit may have landed: sent again, it lands once (by id).
            if decided.isEmpty { decided = try decide([]) }
            if decided.isEmpty { return (seenAll, []) }
            guard decided.allSatisfy({ Self.canWaitForServer($0.body) }) else {
                throw ServerError(kind: .unreachable, message: L("the server is away, and this waits for its decision"))
            }
            try outboxJournal().append(decided)
            for e in decided { keepHere(e) }
            return (seenAll, decided.map { var e = $0; e.ref = nil; return e })
        }
    }

    /// What a tracer may save while the server is away: their own work on cases they hold.
    /// What decides between people (claims, assignments, reviews, imports, links) waits.
    static func canWaitForServer(_ body: EventBody) -> Bool {
        switch body {
        case .callLogged, .caseReferred, .interviewSaved, .interviewFiled, .followUpCalled: true
        default: false
        }
    }

    // MARK: The outbox

    private var hasOutbox: Bool {
        guard let p = outboxPath else { return false }
        return outbox != nil || FileManager.default.fileExists(atPath: p)
    }

    private func outboxJournal() throws -> FileJournal {
        if let o = outbox { return o }
        guard let p = outboxPath else { throw ServerError(kind: .other, message: L("no outbox")) }
        let o = try FileJournal(path: p)
        outbox = o
        return o
    }

    /// How many events wait in the outbox.
    public func outboxCount() -> Int {
        guard hasOutbox, let o = try? outboxJournal() else { return 0 }
        return (try? Self.waiting(in: o).count) ?? 0
    }

    /// How many events wait in the outbox at `path`, read without the server: a desk that
    /// cannot reach it at start says that this work is kept and will be sent.
    public static func waitingInOutbox(at path: String) -> Int {
        guard FileManager.default.fileExists(atPath: path), let o = try? FileJournal(path: path, access: .read) else { return 0 }
        return (try? waiting(in: o).count) ?? 0
    }

    /// Everything the outbox holds, in the order it was typed: its events, and the drafts of
    /// interviews in progress and of those filed while away (the filing moves its drafts
    /// aside in the outbox, and the lead's history of changes still needs them).
    private static func waiting(in o: FileJournal) throws -> [Event] {
        let events = try o.readAll()
        var cases = Set(try o.casesInProgress())
        for e in events { if case .interviewFiled(let f) = e.body { cases.insert(f.caseId) } }
        let drafts = try cases.sorted().flatMap { try o.drafts(of: $0) }.sorted { $0.timestamp < $1.timestamp }
        return Desk.inTimeOrder(events, drafts)
    }

    /// Where refused work is kept, beside the outbox: what the server refused after an outage
    /// and what it refused as it was saved.
    var refusedPath: String? {
        outboxPath.map { $0.replacingOccurrences(of: ".jsonl", with: ".refused.jsonl") } // not shown: a file name
    }

    /// Sends what the outbox holds, each event in its own transaction (the server takes an
    /// id it has once and answers with its place), then removes the outbox. An event the
    /// server refuses (the case was reassigned meanwhile) is kept in a file beside it and said.
    public func flushOutbox() throws {
        guard let p = outboxPath, let keepPath = refusedPath, hasOutbox else { return }
        let o = try outboxJournal()
        let pending = try Self.waiting(in: o)
        var refused: [Event] = []
        for e in pending {
            do {
                try append([e], teamFor: { _ in nil })
            } catch let err as ServerError where err.code == "id-reused" && storedAsThisBuildReadsIt(e) {
                // Landed before the outage, written by a build that spelt it otherwise (a field
                // added since, a default written out): the same event, told once, as any re-send.
            } catch let err as ServerError where err.kind == .refused || err.kind == .held {
                refused.append(e)
                outboxProblem = "\(err.description)"
            }
        }
        if !refused.isEmpty {
            let keep = try FileJournal(path: keepPath)
            try keep.append(refused)
        }
        outbox = nil
        try? FileManager.default.removeItem(atPath: p)
        try? FileManager.default.removeItem(atPath: DraftStore.directory(forJournal: p))
    }

    /// Whether the server holds `event` under its id as this build reads events: the server
    /// compares an event sent again with the stored one byte for byte (as jsonb), and the
    /// outbox's event is this build's reading of what an earlier build wrote.
    private func storedAsThisBuildReadsIt(_ event: Event) -> Bool {
        guard let row = try? on({ try $0.rows("SELECT event FROM tracedesk.events WHERE id = $1 LIMIT 1", [event.id.rawValue]) }).first,
              let text = try? row.string(0), var stored = try? reader.decode(text, filings: .whole) else { return false }
        stored.ref = event.ref
        return stored == event
    }

    public var connection: StoreConnection {
        if offline { return .away(savedHere: outboxCount()) }
        if let problem = outboxProblem { return .refusedOffline(why: problem) }
        return .connected
    }

    /// Appends `events` in one transaction: all are stored or none. `teamFor` names the team
    /// of an event not about a case (an import's commit); others fall to the login's first team.
    @discardableResult
    public func append(_ events: [Event], teamFor: (Event) -> String?) throws -> [Event] {
        // One event is one statement, its own transaction: one round trip for a tracer's save.
        let single = events.count == 1 && !{ if case .importCommitted = events[0].body { return true }; return false }()
        return try on { l in
            if !single { try l.rows("BEGIN") }
            do {
                var written: [Event] = []
                var placed: [(String, Int64)] = []
                // A line list spans teams: the server routes each case by its kecamatan, and
                // each team's stream gets its own commit of the batch with its own count.
                var batchTeams: [String: [String: Int]] = [:]
                func put(_ event: Event, team: String?) throws {
                    var e = event
                    let text = String(decoding: try encoder.encode(e), as: UTF8.self)
                    guard let r = try l.rows("SELECT team, seq FROM tracedesk.append($1, $2)", [text, team]).first else {
                        throw ServerError(kind: .other, message: L("the server gave no place for the event"))
                    }
                    let t = try r.string(0) ?? "", seq = try r.int(1)
                    e.ref = EventRef(offset: seq, length: Int32((identity.teams.firstIndex(of: t) ?? 0) + 1))
                    written.append(e)
                    placed.append((t, seq))
                    switch e.body {
                    case .caseImported(let imp): batchTeams[imp.batch, default: [:]][t, default: 0] += 1
                    case .caseCorrected(let c): if let b = c.batch { batchTeams[b, default: [:]][t, default: 0] += 0 }
                    default: break
                    }
                }
                for e in events {
                    switch e.body {
                    case .importCommitted(let c), .importAbandoned(let c):
                        let teams = batchTeams[c.batch] ?? [:]
                        if teams.isEmpty { try put(e, team: teamFor(e) ?? identity.teams.first); continue }
                        for (i, (team, count)) in teams.sorted(by: { $0.key < $1.key }).enumerated() {
                            var part = e
                            if i > 0 { part.id = Self.commitPartID(of: e.id, team: team) }
                            part.body = {
                                if case .importCommitted = e.body { return .importCommitted(ImportCommit(batch: c.batch, count: count)) }
                                return .importAbandoned(ImportCommit(batch: c.batch, count: count))
                            }()
                            try put(part, team: team)
                        }
                    default:
                        try put(e, team: teamFor(e) ?? identity.teams.first)
                    }
                }
                if !single { try l.rows("COMMIT") }
                for e in written { keepHere(e) }
                for (t, seq) in placed where seq > cursor[t] ?? 0 { ownAhead[t, default: []].insert(seq) }
                return written
            } catch {
                if !single && !l.isClosed { _ = try? l.rows("ROLLBACK") }
                throw error
            }
        }
    }

    public func close() { link?.close(); link = nil }

    /// The id of a line list commit's part for `team` beyond the first: made from the commit's
    /// own id and the team, so a batch sent again (a retry after the link broke mid-commit,
    /// the outbox) names each part as the first sending did and the server answers it with its
    /// place instead of storing a second commit. The time and version bits stay the commit's.
    static func commitPartID(of id: EventID, team: String) -> EventID {
        let digest = Array(SHA256.hash(data: Data((id.rawValue + "/" + team).utf8)))
        let bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return EventID(high: id.high, low: 0x8000_0000_0000_0000 | (bits & 0x3fff_ffff_ffff_ffff))
    }
}

/// A flag set on the event loop's thread and taken on the desk's.
typealias Flag = Locked<Bool>
