import Foundation

/// What a person may do at the desk. Leads (the supervising officer, "PJ TLI") review and
/// approve interviews and assign cases; tracers work cases.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// `data`: the city's data person (a server role). They correct case records; they do not
    /// approve, assign or lead, and are never listed as a lead.
    case tracer, lead, data

    /// May correct a case record at the desk.
    public var corrects: Bool { self == .lead || self == .data }
}

public struct TeamMember: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var role: Role
    /// A member who left stays in the file, inactive: their events in the journal stay theirs,
    /// and an approval they gave while a lead stays valid on every replay.
    public var active: Bool
    /// When they joined (or came back) and when they left; nil: not recorded (before the team
    /// file kept them, `Team.historySince`). A past day's report lists who was on the team then.
    public var joined: Date?
    public var left: Date?
    /// Their earlier spells on the team, oldest first, for someone who left and came back:
    /// `joined`/`left` are the latest (where a build before this one reads them), so a day
    /// while they were away does not list them.
    public var earlier: [Spell] = []

    /// A spell on the team; nil `joined`: from before the file kept history.
    public struct Spell: Codable, Sendable, Equatable {
        public var joined: Date?
        public var left: Date
        public init(joined: Date?, left: Date) { self.joined = joined; self.left = left }
        enum CodingKeys: String, CodingKey { case joined, left }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            joined = try Team.Settings.time(c, .joined)
            guard let left = try Team.Settings.time(c, .left) else {
                throw DecodingError.keyNotFound(CodingKeys.left, .init(codingPath: c.codingPath, debugDescription: "left")) // not shown: a key's name in a decoding error
            }
            self.left = left
        }
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(joined.map(Timestamp.format), forKey: .joined)
            try c.encode(Timestamp.format(left), forKey: .left)
        }
    }

    public init(id: String, name: String, role: Role, active: Bool = true, joined: Date? = nil, left: Date? = nil) {
        self.id = id; self.name = name; self.role = role; self.active = active; self.joined = joined; self.left = left
    }

    /// Whether they were on the team at some moment of [start, end): in one of their spells,
    /// each joined before it ended and not left before it began.
    public func wasMember(from start: Date, to end: Date) -> Bool {
        for spell in earlier {
            if let j = spell.joined, j >= end { continue }
            if spell.left > start { return true }
        }
        if let joined, joined >= end { return false }
        if let left { return left > start }
        return active
    }

    /// They come back at `date`: the spell that ended is kept, and the new one starts.
    mutating func rejoin(at date: Date?) {
        if let date, let left { earlier.append(Spell(joined: joined, left: left)) }
        if let date { joined = date }
        left = nil
        active = true
    }

    enum CodingKeys: String, CodingKey { case id, name, role, active, joined, left, earlier }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        role = try c.decode(Role.self, forKey: .role)
        active = try c.decodeIfPresent(Bool.self, forKey: .active) ?? true
        joined = try Team.Settings.time(c, .joined)
        left = try Team.Settings.time(c, .left)
        earlier = try c.decodeIfPresent([Spell].self, forKey: .earlier) ?? []
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(role, forKey: .role)
        try c.encode(active, forKey: .active)
        try c.encodeIfPresent(joined.map(Timestamp.format), forKey: .joined)
        try c.encodeIfPresent(left.map(Timestamp.format), forKey: .left)
        if !earlier.isEmpty { try c.encode(earlier, forKey: .earlier) }
    }
}

/// The team file beside the journal: who works this queue and in what role.
public struct Team: Codable, Sendable, Equatable {
    public static let defaultContactTarget = 15

    public var name: String
    /// Contacts per case a lead expects; fewer is a review warning and shows on the board.
    public var contactTarget: Int
    /// Record each interview's screen as an asciicast beside the journal.
    public var recording: Bool
    public var members: [TeamMember]
    /// A lead reviews each filed interview before its contacts go to follow-up; off, filing
    /// puts them under follow-up at once.
    public var reviewRequired: Bool = true
    /// Unreached days in a row that make a contact lost to follow-up.
    public var lostAfterDays: Int = Team.defaultLostAfterDays
    /// Share of contacts under follow-up to reach each day, in per cent (Indonesia: 80).
    public var followUpTarget: Int = Team.defaultFollowUpTarget
    public static let defaultLostAfterDays = 3
    public static let defaultFollowUpTarget = 80

    /// The settings that decide what happened to a contact (review, lost after N days,
    /// follow-up target), each with the moment it came into force. A replay asks for the ones
    /// in force when a thing happened, so changing a setting today never rewrites a past
    /// day's figures or a case's history.
    public struct Settings: Codable, Sendable, Equatable {
        /// When these came into force; nil: from the start.
        public var from: Date?
        public var reviewRequired: Bool
        public var lostAfterDays: Int
        public var followUpTarget: Int
        /// Contacts per case; nil in an entry written before the file kept it (read as unknown).
        public var contactTarget: Int?

        public init(from: Date? = nil, reviewRequired: Bool = true, lostAfterDays: Int = Team.defaultLostAfterDays,
                    followUpTarget: Int = Team.defaultFollowUpTarget, contactTarget: Int? = nil) {
            self.from = from; self.reviewRequired = reviewRequired; self.lostAfterDays = lostAfterDays; self.followUpTarget = followUpTarget
            self.contactTarget = contactTarget
        }

        enum CodingKeys: String, CodingKey { case from, reviewRequired, lostAfterDays, followUpTarget, contactTarget }

        /// A UTC time as the team file writes it, or nil when the key is absent.
        static func time<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> Date? {
            try c.decodeIfPresent(String.self, forKey: key).map { text in
                guard let d = try? Timestamp.parse(text) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "a UTC time") // not shown: a decoder's debug text
                }
                return d
            }
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            from = try Settings.time(c, .from)
            reviewRequired = try c.decodeIfPresent(Bool.self, forKey: .reviewRequired) ?? true
            lostAfterDays = try c.decodeIfPresent(Int.self, forKey: .lostAfterDays) ?? Team.defaultLostAfterDays
            followUpTarget = try c.decodeIfPresent(Int.self, forKey: .followUpTarget) ?? Team.defaultFollowUpTarget
            contactTarget = try c.decodeIfPresent(Int.self, forKey: .contactTarget)
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(from.map(Timestamp.format), forKey: .from)
            try c.encode(reviewRequired, forKey: .reviewRequired)
            try c.encode(lostAfterDays, forKey: .lostAfterDays)
            try c.encode(followUpTarget, forKey: .followUpTarget)
            try c.encodeIfPresent(contactTarget, forKey: .contactTarget)
        }
    }

    /// Since when this file records the contact target's changes and who joined and left:
    /// nil, never (a file from before it did); `.distantPast`, since the team began (a team
    /// made by this version). A day before it has only today's target and members to show.
    public var historySince: Date?

    /// Starts the record of the contact target and members at `date`, if not started: the
    /// entry in force until now takes today's target, which held at least from this moment.
    public mutating func keepHistory(from date: Date) {
        guard historySince == nil else { return }
        historySince = members.isEmpty ? .distantPast : date
        for i in settingsHistory.indices where settingsHistory[i].contactTarget == nil { settingsHistory[i].contactTarget = contactTarget }
    }

    /// Whether the record covers the moment `date`.
    public func keepsHistory(at date: Date) -> Bool { historySince.map { $0 <= date } ?? false }

    /// The team as it stood over [start, end) — its contact target at the end, and as active
    /// tracers those on the team at some moment of it — or nil where the file does not know.
    public func asItStood(from start: Date, to end: Date) -> Team? {
        let last = end.addingTimeInterval(-0.001)
        guard keepsHistory(at: last) else { return nil }
        var t = self
        t.contactTarget = settings(at: last).contactTarget ?? contactTarget
        for i in t.members.indices { t.members[i].active = members[i].wasMember(from: start, to: end) }
        return t
    }

    /// Earlier settings and when each came into force, oldest first; the fields above are the
    /// ones in force now (the last change). Empty: the fields above were always in force.
    public var settingsHistory: [Settings] = []

    /// The settings in force now.
    public var settings: Settings {
        Settings(from: settingsHistory.last?.from, reviewRequired: reviewRequired, lostAfterDays: lostAfterDays, followUpTarget: followUpTarget,
                 contactTarget: contactTarget)
    }

    /// The settings in force at `date`: the last change made at or before it.
    public func settings(at date: Date) -> Settings {
        guard let i = settingsHistory.lastIndex(where: { ($0.from ?? .distantPast) <= date }) else { return settingsHistory.first ?? settings }
        // The last change is the fields above (a file edited by hand says what holds now there).
        return i == settingsHistory.count - 1 ? settings : settingsHistory[i]
    }

    /// Changes the settings from `date` on, keeping those in force before it.
    public mutating func changeSettings(at date: Date, _ change: (inout Settings) -> Void) {
        keepHistory(from: date)
        var new = settings
        change(&new)
        new.from = date
        guard new.reviewRequired != reviewRequired || new.lostAfterDays != lostAfterDays || new.followUpTarget != followUpTarget
                || new.contactTarget != contactTarget else { return }
        // The first change: what held until now held from the start.
        if settingsHistory.isEmpty {
            settingsHistory.append(Settings(from: nil, reviewRequired: reviewRequired, lostAfterDays: lostAfterDays, followUpTarget: followUpTarget,
                                            contactTarget: contactTarget))
        }
        // Two changes at one moment (or a clock set back): the later one stands for that moment.
        settingsHistory.removeAll { ($0.from ?? .distantPast) >= date }
        settingsHistory.append(new)
        reviewRequired = new.reviewRequired; lostAfterDays = new.lostAfterDays; followUpTarget = new.followUpTarget
        contactTarget = new.contactTarget ?? contactTarget
    }

    public init(name: String, contactTarget: Int = Team.defaultContactTarget, recording: Bool = false, members: [TeamMember] = []) {
        self.name = name; self.contactTarget = contactTarget; self.recording = recording; self.members = members
    }

    enum CodingKeys: String, CodingKey { case name, contactTarget, recording, members, reviewRequired, lostAfterDays, followUpTarget, settingsHistory, historySince }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        contactTarget = try c.decodeIfPresent(Int.self, forKey: .contactTarget) ?? Team.defaultContactTarget
        recording = try c.decodeIfPresent(Bool.self, forKey: .recording) ?? false
        members = try c.decode([TeamMember].self, forKey: .members)
        reviewRequired = try c.decodeIfPresent(Bool.self, forKey: .reviewRequired) ?? true
        lostAfterDays = try c.decodeIfPresent(Int.self, forKey: .lostAfterDays) ?? Team.defaultLostAfterDays
        followUpTarget = try c.decodeIfPresent(Int.self, forKey: .followUpTarget) ?? Team.defaultFollowUpTarget
        settingsHistory = try c.decodeIfPresent([Settings].self, forKey: .settingsHistory) ?? []
        if (try? c.decodeIfPresent(String.self, forKey: .historySince)) == "start" { historySince = .distantPast } // not shown: a team file's value
        else { historySince = try Settings.time(c, .historySince) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name); try c.encode(contactTarget, forKey: .contactTarget)
        try c.encode(recording, forKey: .recording); try c.encode(members, forKey: .members)
        try c.encode(reviewRequired, forKey: .reviewRequired); try c.encode(lostAfterDays, forKey: .lostAfterDays)
        try c.encode(followUpTarget, forKey: .followUpTarget)
        if !settingsHistory.isEmpty { try c.encode(settingsHistory, forKey: .settingsHistory) }
        if let historySince {
            try c.encode(historySince == .distantPast ? "start" : Timestamp.format(historySince), forKey: .historySince) // not shown: a team file's value
        }
    }

    public func member(_ id: String) -> TeamMember? { members.first { $0.id == id } }

    /// The role an id has, or had: a lead who left still approved what they approved.
    public func role(of id: String) -> Role? { member(id)?.role }

    public var activeTracers: [TeamMember] { members.filter { $0.active && $0.role == .tracer } }

    public enum Change: Error, Equatable, CustomStringConvertible {
        case badId(String, String)
        case emptyName
        case alreadyMember(String)
        case notMember(String)
        case lastLead
        case unnamedActor
        case notALead(String, Role?)

        public var description: String {
            switch self {
            case .badId(let id, let why): L("id \"\(id)\": \(why)")
            case .emptyName: L("give the person's name (--name)")
            case .alreadyMember(let id): L("\(id) is already in the team")
            case .notMember(let id): L("\(id) is not in the team")
            case .lastLead: L("that is the team's only lead; add another lead first")
            case .unnamedActor: L("only a team lead may add a lead, take someone off the team or change its settings; say who you are with --tracer ID (or TRACEDESK_TRACER)")
            case .notALead(let id, .tracer?): L("\(id) is a tracer; only a team lead may add a lead, take someone off the team or change its settings")
            case .notALead(let id, _): L("\(id) is not a lead of this team; only a team lead may add a lead, take someone off the team or change its settings")
            }
        }
    }

    /// Ids are short, stable handles ("tracer-017", "dewi.s"): no spaces, nothing to escape.
    public static func idProblem(_ id: String) -> String? {
        if id.isEmpty { return L("type your tracer id") }
        if id.count < 2 { return L("an id has at least 2 characters") }
        if id.count > 32 { return L("an id has at most 32 characters") }
        let ok = id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return ok ? nil : L("use letters, digits, - _ or . only")
    }

    /// `at`: when they join, kept for a past day's report (nil: not recorded).
    public mutating func add(_ m: TeamMember, at date: Date? = nil) throws(Change) {
        if let why = Team.idProblem(m.id) { throw .badId(m.id, why) }
        if m.name.trimmingCharacters(in: .whitespaces).isEmpty { throw .emptyName }
        if let date { keepHistory(from: date) }
        if let i = members.firstIndex(where: { $0.id == m.id }) {
            // Someone who left may come back, in the role they had: their past events keep it.
            guard !members[i].active, members[i].role == m.role else { throw .alreadyMember(m.id) }
            members[i].name = m.name
            // Each spell is kept: a day while they were away does not list them.
            members[i].rejoin(at: date)
            return
        }
        var m = m
        if let date, m.joined == nil { m.joined = date }
        members.append(m)
    }

    /// Marks the person as gone; the record stays so the journal's history keeps its meaning.
    public mutating func remove(_ id: String, at date: Date? = nil) throws(Change) {
        guard let i = members.firstIndex(where: { $0.id == id && $0.active }) else { throw .notMember(id) }
        if members[i].role == .lead && members.filter({ $0.active && $0.role == .lead }).count == 1 { throw .lastLead }
        if let date { keepHistory(from: date) }
        members[i].active = false
        members[i].left = date
    }

    /// The changes only a lead may make: who else leads, who is on the team, its settings.
    /// Adding a tracer is open to anyone, as it always was: it grants nothing a lead must decide.
    public enum Guarded: Sendable, Equatable { case addLead, remove, settings }

    /// Whether `actor` may make a guarded change. While the team has no active lead anyone may,
    /// or no one ever could: the first lead is made with the team. Everyone on a file journal
    /// is one Unix account and names themself, so this stops mistakes, not impersonation.
    public func authorize(_ change: Guarded, by actor: String?) throws(Change) {
        guard members.contains(where: { $0.active && $0.role == .lead }) else { return }
        guard let actor else { throw .unnamedActor }
        guard let m = member(actor), m.active else { throw .notALead(actor, nil) }
        guard m.role == .lead else { throw .notALead(actor, m.role) }
    }

    /// What is wrong with a team file's contents, by member, for `FILE: problem`.
    public func problems() -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for (i, m) in members.enumerated() {
            if let why = Team.idProblem(m.id) { out.append(L("members[\(i)].id \"\(m.id)\": \(why)")) }
            if !seen.insert(m.id).inserted { out.append(L("members[\(i)].id \"\(m.id)\": listed twice")) }
        }
        if !(1...200).contains(contactTarget) { out.append(L("contactTarget: a number from 1 to 200")) }
        if !(1...14).contains(lostAfterDays) { out.append(L("lostAfterDays: a number from 1 to 14")) }
        if !(1...100).contains(followUpTarget) { out.append(L("followUpTarget: a number from 1 to 100")) }
        for (i, h) in settingsHistory.enumerated() {
            if !(1...14).contains(h.lostAfterDays) { out.append(L("settingsHistory[\(i)].lostAfterDays: a number from 1 to 14")) }
            if !(1...100).contains(h.followUpTarget) { out.append(L("settingsHistory[\(i)].followUpTarget: a number from 1 to 100")) }
            if let t = h.contactTarget, !(1...200).contains(t) { out.append(L("settingsHistory[\(i)].contactTarget: a number from 1 to 200")) }
        }
        return out
    }
}
