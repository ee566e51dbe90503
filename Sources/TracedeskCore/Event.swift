// catalogue: not shown — the journal's event type codes and its decoding errors
import Foundation

/// One immutable fact in the journal. Every line of the journal is one of these.
public struct Event: Sendable, Equatable {
    /// The newest schema version this build reads and writes. A newer one opens read-only
    /// (see the journal). 2 added the team lead's events (case.assigned, review.approved,
    /// review.returned); 3 added case.corrected. Version 1 and 2 lines read as they are.
    public static let schemaVersion = 3

    public var version: Int
    public var id: EventID
    public var timestamp: Date
    /// The tracer (or lead, or clerk) who did it.
    public var actor: String
    public var body: EventBody
    /// Where the event sits in its store, once it is there: what the desk keeps instead of a
    /// large payload. Not part of what the event says, so not compared.
    public var ref: EventRef?

    /// An event is written with the oldest version that holds it: a journal without the
    /// newest kinds of event stays writable by the builds before them.
    public init(id: EventID, timestamp: Date, actor: String, body: EventBody, version: Int? = nil) {
        self.version = version ?? body.minimumVersion; self.id = id; self.timestamp = timestamp; self.actor = actor; self.body = body
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.version == b.version && a.id == b.id && a.timestamp == b.timestamp && a.actor == b.actor && a.body == b.body
    }

    /// The case the event is about; nil for events about a whole import.
    public var caseId: String? { body.caseId }

    /// An interview draft as saved while walking it: kept out of the event log by stores
    /// that can (see the journal's draft store).
    public var isDraft: Bool {
        switch body {
        case .interviewSaved: true
        default: false
        }
    }
}

public struct CaseAssignment: Codable, Sendable, Equatable {
    public var caseId: String
    /// The tracer who now has the case.
    public var tracer: String
    /// Who had it before, for a reassignment (nil when it was unassigned).
    public var from: String?
    public init(caseId: String, tracer: String, from: String? = nil) { self.caseId = caseId; self.tracer = tracer; self.from = from }
}

/// A lead's decision on a filed interview; a return always carries the note the tracer sees.
public struct ReviewDecision: Codable, Sendable, Equatable {
    public var caseId: String
    public var note: String?
    public init(caseId: String, note: String? = nil) { self.caseId = caseId; self.note = note }
}

public struct CaseClaim: Codable, Sendable, Equatable {
    public var caseId: String
    public init(caseId: String) { self.caseId = caseId }
}

/// The case was handed to field tracers after too many failed calls.
public struct FieldReferral: Codable, Sendable, Equatable {
    public var caseId: String
    public var failedAttempts: Int
    public init(caseId: String, failedAttempts: Int) { self.caseId = caseId; self.failedAttempts = failedAttempts }
}

public struct ImportedCase: Codable, Sendable, Equatable {
    public var record: CaseRecord
    /// Groups the events of one `tracedesk import` run.
    public var batch: String
    public init(record: CaseRecord, batch: String) { self.record = record; self.batch = batch }
}

/// Closes an import: its cases count only once this is in the journal, so an import cut off
/// by a crash or a full disk loads nothing rather than half a line list.
public struct ImportCommit: Codable, Sendable, Equatable {
    public var batch: String
    public var count: Int
    public init(batch: String, count: Int) { self.batch = batch; self.count = count }
}

/// The large payloads are `indirect`: a batch of a city's events is an array of these, and
/// most are small.
public enum EventBody: Sendable, Equatable {
    indirect case caseImported(ImportedCase)
    case importCommitted(ImportCommit)
    /// Closes an import that a crash cut off before its commit (`check --repair`): its cases
    /// stay unloaded, and the journal stops reporting it. Written, never by rewriting lines.
    case importAbandoned(ImportCommit)
    case caseClaimed(CaseClaim)
    case callLogged(CallAttempt)
    case caseReferred(FieldReferral)
    /// The interview draft as it stands (the whole draft: the last one wins on replay).
    indirect case interviewSaved(InterviewDraft)
    indirect case interviewFiled(FiledInterview)
    /// An `interview.filed` event read in short by a replay (`FilingDetail.inShort`): the
    /// whole interview stays in the store at the event's place. Only ever read, never written.
    indirect case interviewFiledInShort(FiledSummary)
    /// A lead gave the case to a tracer (or moved it from one to another).
    case caseAssigned(CaseAssignment)
    /// A case record's fields changed (the lab's list, or a lead at the desk): schema 3.
    case caseCorrected(CaseCorrection)
    /// A lead approved the filed interview: its contacts go to follow-up.
    case reviewApproved(ReviewDecision)
    /// A lead sent the filed interview back to its tracer with a note.
    case reviewReturned(ReviewDecision)
    /// A daily follow-up call to a contact under follow-up.
    case followUpCalled(FollowUpCall)
    /// A lead gave a contact's follow-up to a tracer.
    case followUpAssigned(FollowUpAssignment)
    /// A contact's positive test made them a case, linked to its source case.
    indirect case contactConverted(ContactConversion)
    /// A contact was found to be someone already known (a contact of another case, or a case),
    /// and linked to them, or kept apart.
    case personLinked(PersonLink)
    /// A lead undid a link.
    case personUnlinked(PersonLink)

    /// Only a team lead may write these; replay ignores one from anyone else.
    public var needsLead: Bool {
        switch self {
        case .caseAssigned, .reviewApproved, .reviewReturned, .followUpAssigned, .personUnlinked: true
        // At the desk, a lead (the team's data person has the lead's role); with an import
        // it comes from the lab's list, as the import does.
        case .caseCorrected(let c): c.batch == nil
        default: false
        }
    }

    /// The schema version that introduced this kind of event (2 for the rest: what this
    /// journal has written since the lead's events came).
    public var minimumVersion: Int {
        switch self {
        case .caseCorrected: 3
        default: 2
        }
    }

    /// The `type` field of the journal line.
    public var type: String {
        switch self {
        case .caseImported: "case.imported"
        case .importCommitted: "import.committed"
        case .importAbandoned: "import.abandoned"
        case .caseClaimed: "case.claimed"
        case .callLogged: "call.logged"
        case .caseReferred: "case.referred"
        case .interviewSaved: "interview.saved"
        case .interviewFiled, .interviewFiledInShort: "interview.filed"
        case .caseAssigned: "case.assigned"
        case .reviewApproved: "review.approved"
        case .reviewReturned: "review.returned"
        case .caseCorrected: "case.corrected"
        case .followUpCalled: "followup.called"
        case .followUpAssigned: "followup.assigned"
        case .contactConverted: "contact.converted"
        case .personLinked: "person.linked"
        case .personUnlinked: "person.unlinked"
        }
    }
}

extension Event: Codable {
    enum Key: String, CodingKey { case v, id, ts, actor, type, data }

    /// Set to `FilingDetail.inShort` in a decoder's `userInfo` to read `interview.filed`
    /// events in short.
    public static let filingDetailKey = CodingUserInfoKey(rawValue: "tracedesk.filingDetail")!

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        version = try c.decode(Int.self, forKey: .v)
        guard let id = EventID(rawValue: try c.decode(String.self, forKey: .id)) else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "not an event id")
        }
        self.id = id
        timestamp = try Timestamp.parse(c.decode(String.self, forKey: .ts), codingPath: c.codingPath)
        actor = try c.decode(String.self, forKey: .actor)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "case.imported": body = .caseImported(try c.decode(ImportedCase.self, forKey: .data))
        case "import.committed": body = .importCommitted(try c.decode(ImportCommit.self, forKey: .data))
        case "import.abandoned": body = .importAbandoned(try c.decode(ImportCommit.self, forKey: .data))
        case "case.claimed": body = .caseClaimed(try c.decode(CaseClaim.self, forKey: .data))
        case "call.logged": body = .callLogged(try c.decode(CallAttempt.self, forKey: .data))
        case "case.referred": body = .caseReferred(try c.decode(FieldReferral.self, forKey: .data))
        case "interview.saved":
            body = .interviewSaved(try c.decode(InterviewDraft.self, forKey: .data))
        case "interview.filed":
            if decoder.userInfo[Event.filingDetailKey] as? FilingDetail == .inShort {
                // Read whole and kept in short: a filing this build cannot read is found here,
                // as `check` finds it, not when a lead opens it (the desk and check agree).
                body = .interviewFiledInShort(FiledSummary(try c.decode(FiledInterview.self, forKey: .data)))
            } else {
                body = .interviewFiled(try c.decode(FiledInterview.self, forKey: .data))
            }
        case "case.assigned": body = .caseAssigned(try c.decode(CaseAssignment.self, forKey: .data))
        case "review.approved": body = .reviewApproved(try c.decode(ReviewDecision.self, forKey: .data))
        case "review.returned": body = .reviewReturned(try c.decode(ReviewDecision.self, forKey: .data))
        case "case.corrected": body = .caseCorrected(try c.decode(CaseCorrection.self, forKey: .data))
        case "followup.called": body = .followUpCalled(try c.decode(FollowUpCall.self, forKey: .data))
        case "followup.assigned": body = .followUpAssigned(try c.decode(FollowUpAssignment.self, forKey: .data))
        case "contact.converted": body = .contactConverted(try c.decode(ContactConversion.self, forKey: .data))
        case "person.linked": body = .personLinked(try c.decode(PersonLink.self, forKey: .data))
        case "person.unlinked": body = .personUnlinked(try c.decode(PersonLink.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown event type \(type)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(version, forKey: .v)
        try c.encode(id.rawValue, forKey: .id)
        try c.encode(Timestamp.format(timestamp), forKey: .ts)
        try c.encode(actor, forKey: .actor)
        try c.encode(body.type, forKey: .type)
        switch body {
        case .caseImported(let x): try c.encode(x, forKey: .data)
        case .importCommitted(let x), .importAbandoned(let x): try c.encode(x, forKey: .data)
        case .caseClaimed(let x): try c.encode(x, forKey: .data)
        case .callLogged(let x): try c.encode(x, forKey: .data)
        case .caseReferred(let x): try c.encode(x, forKey: .data)
        case .interviewSaved(let x): try c.encode(x, forKey: .data)
        case .interviewFiled(let x): try c.encode(x, forKey: .data)
        case .interviewFiledInShort:
            // Only its place in the store holds the whole: writing it would file nothing.
            throw EncodingError.invalidValue(body, .init(codingPath: c.codingPath,
                debugDescription: "a filing read in short cannot be written; read it whole from its place"))
        case .caseAssigned(let x): try c.encode(x, forKey: .data)
        case .reviewApproved(let x), .reviewReturned(let x): try c.encode(x, forKey: .data)
        case .caseCorrected(let x): try c.encode(x, forKey: .data)
        case .followUpCalled(let x): try c.encode(x, forKey: .data)
        case .followUpAssigned(let x): try c.encode(x, forKey: .data)
        case .contactConverted(let x): try c.encode(x, forKey: .data)
        case .personLinked(let x), .personUnlinked(let x): try c.encode(x, forKey: .data)
        }
    }
}


/// Where one event sits in its store: for the file journal its byte offset and length, for a
/// database its sequence number (length unused). Enough to read that one event again.
///
/// Packed into 8 bytes (a city's desk keeps a million): 44 bits of offset (16 TiB) and 20 of
/// length; a record of a MiB or more keeps length 0, "read to the end of its line".
public struct EventRef: Sendable, Hashable, Codable {
    private let packed: UInt64
    private static let lengthBits: UInt64 = 20

    public init(offset: Int64, length: Int32) {
        precondition(offset >= 0 && offset < 1 << 44, "a journal offset beyond 16 TiB")
        let fits = length > 0 && UInt64(length) < 1 << EventRef.lengthBits
        packed = UInt64(offset) << EventRef.lengthBits | (fits ? UInt64(length) : 0)
    }

    public var offset: Int64 { Int64(packed >> EventRef.lengthBits) }
    /// 0: longer than fits here; read to the newline.
    public var length: Int32 { Int32(packed & (1 << EventRef.lengthBits - 1)) }

    public init(from decoder: Decoder) throws {
        var c = try decoder.unkeyedContainer()
        self.init(offset: try c.decode(Int64.self), length: try c.decode(Int32.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(offset)
        try c.encode(length)
    }
}

/// A byte's value as a hex digit (either case), or `notADigit` set.
public enum HexDigit {
    public static let notADigit: UInt8 = 0x10
    public static let values: [UInt8] = (0...255).map { (c: Int) -> UInt8 in
        switch c {
        case 48...57: UInt8(c - 48)
        case 97...102: UInt8(c - 87)
        case 65...70: UInt8(c - 55)
        default: notADigit
        }
    }
}

/// Time-ordered unique id (UUIDv7: 48-bit Unix milliseconds, then random bits), so ids sort
/// by creation time and replay can de-duplicate by id. Held as its 128 bits: a city's journal
/// has a million of them in the replay's de-duplication set.
public struct EventID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) { self.high = high; self.low = low }

    /// Reads the 8-4-4-4-12 hex form; nil for anything else.
    public init?(rawValue: String) {
        var s = rawValue
        guard let id = s.withUTF8({ EventID(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// The same, from the bytes of a journal line. Every event's id is read on replay: each
    /// digit is looked up in a table instead of branching on its kind (a hex digit's kind is a
    /// coin toss the branch predictor loses half the time).
    public init?(utf8: UnsafeRawBufferPointer) {
        guard utf8.count == 36, utf8[8] == 45, utf8[13] == 45, utf8[18] == 45, utf8[23] == 45 else { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0, bad: UInt8 = 0
        HexDigit.values.withUnsafeBufferPointer { value in
            func digits(_ range: Range<Int>, into word: inout UInt64) {
                for i in range {
                    let v = value[Int(utf8[i])]
                    bad |= v
                    word = word << 4 | UInt64(v & 15)
                }
            }
            digits(0..<8, into: &hi); digits(9..<13, into: &hi); digits(14..<18, into: &hi)
            digits(19..<23, into: &lo); digits(24..<36, into: &lo)
        }
        guard bad & HexDigit.notADigit == 0 else { return nil }
        high = hi; low = lo
    }

    public var rawValue: String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var k = 0
        for i in 0..<32 {
            if k == 8 || k == 13 || k == 18 || k == 23 { k += 1 }
            let word = i < 16 ? high : low
            let shift = UInt64(60 - 4 * (i % 16))
            out[k] = hex[Int((word >> shift) & 0xf)]
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { rawValue }
    public static func < (a: EventID, b: EventID) -> Bool { (a.high, a.low) < (b.high, b.low) }

    public static func make(at date: Date) -> EventID {
        // One draw: each from the system generator is a system call, paid while a tracer
        // waits for a save. The 12 bits beside the version hold the millisecond's fraction
        // instead (RFC 9562 §6.2, method 3), which also orders ids made within a millisecond.
        var rng = SystemRandomNumberGenerator()
        let b = rng.next()
        let t = max(0, date.timeIntervalSince1970 * 1000)
        let ms = UInt64(t) & 0xFFFF_FFFF_FFFF
        let fraction = UInt64((t - t.rounded(.down)) * 4096) & 0x0fff
        let high = ms << 16 | 0x7000 | fraction                      // version 7
        let low = 0x8000_0000_0000_0000 | (b & 0x3fff_ffff_ffff_ffff) // RFC 4122 variant
        return EventID(high: high, low: low)
    }

    public static func make<R: RandomNumberGenerator>(at date: Date, using rng: inout R) -> EventID {
        let ms = UInt64(max(0, date.timeIntervalSince1970 * 1000)) & 0xFFFF_FFFF_FFFF
        // Ten random bytes drawn one at a time, as ids have always been made (frozen fixture
        // journals depend on the sequence a seeded generator gives).
        var r = [UInt64](repeating: 0, count: 10)
        for i in 0..<10 { r[i] = UInt64(UInt8.random(in: 0...255, using: &rng)) }
        let high = ms << 16 | (0x70 | (r[0] & 0x0f)) << 8 | r[1] // version 7
        var low = (0x80 | (r[2] & 0x3f)) << 56 // RFC 4122 variant
        for i in 3..<10 { low |= r[i] << UInt64(8 * (9 - i)) }
        return EventID(high: high, low: low)
    }
}

/// Journal timestamps: UTC, millisecond ISO 8601 ("2021-07-05T07:30:00.000Z"), for jq and people.
public enum Timestamp {
    /// Bytes in a timestamp: "2021-07-05T07:30:00.000Z".
    public static let length = 24

    public static func format(_ date: Date) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out in
            write(date, into: out.baseAddress!)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The timestamp into the `length` bytes at `out`, for a writer that wants no String made.
    public static func write(_ date: Date, into out: UnsafeMutablePointer<UInt8>) {
        let totalMs = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let ms = ((totalMs % 1000) + 1000) % 1000
        let secs = (totalMs - ms) / 1000
        let dayOrd = Int((Double(secs) / 86400).rounded(.down))
        let sod = secs - dayOrd * 86400
        let c = Day(ordinal: dayOrd).components
        // Digits by hand: String(format:) costs more than the rest of a record's encoding.
        func put(_ v: Int, _ at: Int, _ width: Int) {
            var v = v
            for i in stride(from: at + width - 1, through: at, by: -1) { out[i] = UInt8(48 + v % 10); v /= 10 }
        }
        put(c.year, 0, 4); out[4] = 45; put(c.month, 5, 2); out[7] = 45; put(c.day, 8, 2); out[10] = 84
        put(sod / 3600, 11, 2); out[13] = 58; put((sod % 3600) / 60, 14, 2); out[16] = 58; put(sod % 60, 17, 2)
        out[19] = 46; put(ms, 20, 3); out[23] = 90
    }

    public static func parse(_ s: String, codingPath: [CodingKey] = []) throws -> Date {
        var s = s
        if let d = s.withUTF8({ parse(utf8: UnsafeRawBufferPointer($0)) }) { return d }
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not a timestamp: \(s)"))
    }

    /// The same, from the bytes of a journal line; nil when they are not a timestamp.
    public static func parse(utf8 u: UnsafeRawBufferPointer) -> Date? {
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count else { return nil }
            var v = 0
            for i in r { let d = Int(u[i]) - 48; guard (0...9).contains(d) else { return nil }; v = v * 10 + d }
            return v
        }
        guard u.count >= 20, let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10),
              let h = num(11..<13), let mi = num(14..<16), let se = num(17..<19),
              let day = Day(year: y, month: mo, day: d), u.last == UInt8(ascii: "Z") else {
            return nil
        }
        var ms = 0
        if u.count == 24, let f = num(20..<23) { ms = f }
        let secs = day.ordinal * 86400 + h * 3600 + mi * 60 + se
        return Date(timeIntervalSince1970: Double(secs) + Double(ms) / 1000)
    }
}

extension EventBody {
    /// The case the event is about; nil for events about a whole import.
    public var caseId: String? {
        switch self {
        case .caseImported(let r): r.record.caseId
        case .caseClaimed(let c): c.caseId
        case .callLogged(let a): a.caseId
        case .caseReferred(let r): r.caseId
        case .importCommitted, .importAbandoned: nil
        case .interviewSaved(let d): d.caseId
        case .interviewFiled(let f): f.caseId
        case .interviewFiledInShort(let s): s.caseId
        case .caseAssigned(let a): a.caseId
        case .reviewApproved(let r), .reviewReturned(let r): r.caseId
        case .caseCorrected(let c): c.caseId
        // Follow-up events are about a contact; a conversion is about the case it makes.
        case .followUpCalled, .followUpAssigned, .personLinked, .personUnlinked: nil
        case .contactConverted(let c): c.record.caseId
        }
    }
}
