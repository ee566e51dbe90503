import Foundation
import TracedeskCore

/// Reads the events a city's journal is made of (imports, claims, calls, the envelope of
/// every line) straight off the tape. Going through `Codable` costs a container and a
/// generic-metadata lookup per object and per field, which made it most of a full replay.
/// Anything unexpected returns nil and the line goes through `Codable` instead, so the shapes
/// and the error messages stay defined once, by the types; tests hold the two readers equal.
enum EventReader {
    struct Envelope {
        var version: Int
        var id: EventID
        var timestamp: Date
        var actor: String
        var type: JSONTape.Node
        var data: JSONTape.Node
        var dataIndex: Int
    }

    /// The members of the root object; nil when a member is missing or of the wrong kind.
    static func envelope(_ tape: JSONTape) -> Envelope? {
        guard tape.nodes.first?.kind == .object else { return nil }
        var version: Int?, id: EventID?, ts: Date?, actor: String?, type: JSONTape.Node?
        var data: (JSONTape.Node, Int)?
        forEachMember(of: 0, in: tape) { key, value, at in
            if tape.is(key, "v") { version = value.kind == .number ? tape.int(value) : nil }
            else if tape.is(key, "id") { id = value.kind == .string ? EventID(utf8: tape.raw(value)) : nil }
            else if tape.is(key, "ts") { ts = value.kind == .string ? Timestamp.parse(utf8: tape.raw(value)) : nil }
            else if tape.is(key, "actor") { actor = string(value, tape) }
            else if tape.is(key, "type") { type = value.kind == .string ? value : nil }
            else if tape.is(key, "data") { data = (value, at) }
        }
        guard let version, let id, let ts, let actor, let type, let data else { return nil }
        return Envelope(version: version, id: id, timestamp: ts, actor: actor, type: type, data: data.0, dataIndex: data.1)
    }

    /// The common events, whole; nil for other types or anything unexpected.
    static func event(_ tape: JSONTape) -> Event? {
        guard let env = envelope(tape), env.data.kind == .object else { return nil }
        let body: EventBody
        if tape.is(env.type, "call.logged") {
            guard let a = callAttempt(env.dataIndex, tape) else { return nil }
            body = .callLogged(a)
        } else if tape.is(env.type, "case.claimed") {
            guard let id = member("caseId", of: env.dataIndex, tape).flatMap({ string($0, tape) }) else { return nil }
            body = .caseClaimed(CaseClaim(caseId: id))
        } else if tape.is(env.type, "case.imported") {
            guard let imp = importedCase(env.dataIndex, tape) else { return nil }
            body = .caseImported(imp)
        } else {
            return nil
        }
        return Event(id: env.id, timestamp: env.timestamp, actor: env.actor, body: body, version: env.version)
    }

    static func callAttempt(_ object: Int, _ tape: JSONTape) -> CallAttempt? {
        var caseId: String?, outcome: CallOutcome?
        var note = Field<String>.absent, callback = Field<Date>.absent
        forEachMember(of: object, in: tape) { key, value, _ in
            if tape.is(key, "caseId") { caseId = string(value, tape) }
            else if tape.is(key, "outcome") { outcome = value.kind == .string ? CallOutcome(rawValue: tape.string(value)) : nil }
            else if tape.is(key, "note") { note = optional(value, tape, string) }
            else if tape.is(key, "callbackAt") { callback = optional(value, tape) { n, t in n.kind == .string ? Timestamp.parse(utf8: t.raw(n)) : nil } }
        }
        guard let caseId, let outcome, let note = note.value, let callback = callback.value else { return nil }
        return CallAttempt(caseId: caseId, outcome: outcome, note: note, callbackAt: callback)
    }

    static func importedCase(_ object: Int, _ tape: JSONTape) -> ImportedCase? {
        var batch: String?, record: CaseRecord?
        forEachMember(of: object, in: tape) { key, value, at in
            if tape.is(key, "batch") { batch = string(value, tape) }
            else if tape.is(key, "record") { record = value.kind == .object ? caseRecord(at, tape) : nil }
        }
        guard let batch, let record else { return nil }
        return ImportedCase(record: record, batch: batch)
    }

    static func caseRecord(_ object: Int, _ tape: JSONTape) -> CaseRecord? {
        var caseId: String?, name: String?, phones: [String]?, sex: Sex?, resultDate: Day?
        var address: String?, rtRw: String?, kelurahan: String?, kecamatan: String?, kota: String?, occupation: String?
        var nik = Field<String>.absent, nikMissingReason = Field<String>.absent, age = Field<Int>.absent
        var birthDate = Field<Day>.absent, specimenDate = Field<Day>.absent, onsetDate = Field<Day>.absent
        let day: (JSONTape.Node, JSONTape) -> Day? = { n, t in n.kind == .string ? Day(parsing: t.string(n)) : nil }
        forEachMember(of: object, in: tape) { key, value, at in
            if tape.is(key, "caseId") { caseId = string(value, tape) }
            else if tape.is(key, "name") { name = string(value, tape) }
            else if tape.is(key, "nik") { nik = optional(value, tape, string) }
            else if tape.is(key, "nikMissingReason") { nikMissingReason = optional(value, tape, string) }
            else if tape.is(key, "phones") { phones = strings(at, tape) }
            else if tape.is(key, "sex") { sex = value.kind == .string ? Sex(rawValue: tape.string(value)) : nil }
            else if tape.is(key, "age") { age = optional(value, tape) { n, t in n.kind == .number ? t.int(n) : nil } }
            else if tape.is(key, "birthDate") { birthDate = optional(value, tape, day) }
            else if tape.is(key, "address") { address = string(value, tape) }
            else if tape.is(key, "rtRw") { rtRw = string(value, tape) }
            else if tape.is(key, "kelurahan") { kelurahan = string(value, tape) }
            else if tape.is(key, "kecamatan") { kecamatan = string(value, tape) }
            else if tape.is(key, "kota") { kota = string(value, tape) }
            else if tape.is(key, "occupation") { occupation = string(value, tape) }
            else if tape.is(key, "specimenDate") { specimenDate = optional(value, tape, day) }
            else if tape.is(key, "resultDate") { resultDate = day(value, tape) }
            else if tape.is(key, "onsetDate") { onsetDate = optional(value, tape, day) }
        }
        guard let caseId, let name, let phones, let sex, let resultDate, let address, let rtRw, let kelurahan,
              let kecamatan, let kota, let occupation, let nik = nik.value, let nikMissingReason = nikMissingReason.value,
              let age = age.value, let birthDate = birthDate.value, let specimenDate = specimenDate.value,
              let onsetDate = onsetDate.value else { return nil }
        return CaseRecord(caseId: caseId, name: name, nik: nik, nikMissingReason: nikMissingReason, phones: phones,
                          sex: sex, age: age, birthDate: birthDate, address: address, rtRw: rtRw, kelurahan: kelurahan,
                          kecamatan: kecamatan, kota: kota, occupation: occupation, specimenDate: specimenDate,
                          resultDate: resultDate, onsetDate: onsetDate)
    }

    // MARK: - Tape helpers

    /// An optional member: absent and null are nil (as `decodeIfPresent` has it); a value of
    /// the wrong kind is `.wrong`, which sends the line to `Codable` for its message.
    enum Field<T> {
        case absent, present(T?), wrong
        var value: T?? {
            switch self {
            case .absent: .some(nil)
            case .present(let v): .some(v)
            case .wrong: nil
            }
        }
    }

    static func optional<T>(_ n: JSONTape.Node, _ tape: JSONTape, _ read: (JSONTape.Node, JSONTape) -> T?) -> Field<T> {
        if n.kind == .null { return .present(nil) }
        guard let v = read(n, tape) else { return .wrong }
        return .present(v)
    }

    static func string(_ n: JSONTape.Node, _ tape: JSONTape) -> String? {
        n.kind == .string || n.kind == .escapedString ? tape.string(n) : nil
    }

    static func strings(_ array: Int, _ tape: JSONTape) -> [String]? {
        let a = tape.nodes[array]
        guard a.kind == .array else { return nil }
        var out: [String] = []
        out.reserveCapacity(Int(a.end))
        var i = array + 1
        while i < Int(a.next) {
            guard let s = string(tape.nodes[i], tape) else { return nil }
            out.append(s)
            i = Int(tape.nodes[i].next)
        }
        return out
    }

    static func memberIndex(_ name: StaticString, of object: Int, _ tape: JSONTape) -> Int? {
        var found: Int?
        forEachMember(of: object, in: tape) { key, _, at in if found == nil, tape.is(key, name) { found = at } }
        return found
    }

    static func member(_ name: StaticString, of object: Int, _ tape: JSONTape) -> JSONTape.Node? {
        memberIndex(name, of: object, tape).map { tape.nodes[$0] }
    }

    /// A key that appears twice in the record's envelope or in its `data` object (the keys
    /// that say what the event is and about whom), or nil. Key counts are small: pairwise.
    static func repeatedKey(_ tape: JSONTape) -> String? {
        guard tape.nodes.first?.kind == .object else { return nil }
        func repeated(in object: Int) -> String? {
            var keys: [JSONTape.Node] = []
            var found: String?
            forEachMember(of: object, in: tape) { key, _, _ in
                guard found == nil else { return }
                let raw = tape.raw(key)
                if keys.contains(where: { k in
                    let other = tape.raw(k)
                    return other.count == raw.count && (raw.count == 0 || memcmp(other.baseAddress!, raw.baseAddress!, raw.count) == 0)
                }) {
                    found = String(decoding: raw, as: UTF8.self)
                }
                keys.append(key)
            }
            return found
        }
        if let k = repeated(in: 0) { return k }
        if let data = memberIndex("data", of: 0, tape), tape.nodes[data].kind == .object { return repeated(in: data) }
        return nil
    }

    /// Calls `body` with each key, its value and the value's index, in order.
    static func forEachMember(of object: Int, in tape: JSONTape, _ body: (JSONTape.Node, JSONTape.Node, Int) -> Void) {
        let end = Int(tape.nodes[object].next)
        var k = object + 1
        while k + 1 < end {
            let value = tape.nodes[k + 1]
            body(tape.nodes[k], value, k + 1)
            k = Int(value.next)
        }
    }
}
