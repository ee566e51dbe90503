// catalogue: not shown — JSON field names and the decoder's own details; RecordCodec.describe words what a person reads.
import Foundation
import TracedeskCore

/// Interview drafts read straight off the tape. `check` reads every draft a city's tracers
/// saved (29 GB in the benchmark's month) and through `Codable` it spent three quarters of its
/// time in the decoding machinery (a boxed container per object, generic metadata looked up
/// per array and dictionary), not in the bytes. This reader gives exactly what
/// `InterviewDraft.init(from:)` gives — the same defaults for absent or null fields, the same
/// refusals, with the field's path — and `TapeDecoderTests` holds the two equal on every
/// field removed, nulled or given the wrong type. The small and rare `step` still goes
/// through `Codable`. A field added to the draft must be added here too (the test that sets
/// every field fails until it is).
extension TapeDecoder {
    /// The draft at node `i`, under `key` of this decoder.
    func draft(at i: Int, key: CodingKey) throws -> InterviewDraft {
        let r = DraftReader(tape: tape, path: { self.codingPath + [key] }, decoder: { self.child(i, key: key) })
        return try r.draft(at: i)
    }
}

struct DraftReader {
    let tape: JSONTape
    /// Where the draft is, built only for an error.
    let path: () -> [CodingKey]
    /// A decoder at the draft, for what is left to `Codable`.
    let decoder: () -> TapeDecoder

    struct Name: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A path below the draft: names and array indices, made only for an error.
    enum Step { case name(StaticString), key(Int), index(Int) }

    func at(_ steps: [Step]) -> [CodingKey] {
        path() + steps.map { s -> CodingKey in
            switch s {
            case .name(let n): Name("\(n)")
            case .key(let k): Name(tape.string(tape.nodes[k]))
            case .index(let i): IndexKey(i)
            }
        }
    }

    func mismatch(_ type: Any.Type, _ v: Int, _ steps: @autoclosure () -> [Step]) -> DecodingError {
        tape.nodes[v].kind == .null
            ? .valueNotFound(type, .init(codingPath: at(steps()), debugDescription: "null"))
            : .typeMismatch(type, .init(codingPath: at(steps()), debugDescription: "wrong type"))
    }

    func isAbsent(_ v: Int) -> Bool { v < 0 || tape.nodes[v].kind == .null }

    // MARK: - Leaves

    func string(_ v: Int, _ steps: @autoclosure () -> [Step]) throws -> String {
        let n = tape.nodes[v]
        guard n.kind == .string || n.kind == .escapedString else { throw mismatch(String.self, v, steps()) }
        return tape.string(n)
    }

    /// An optional string: absent or null gives `fallback`.
    func string(_ v: Int, or fallback: String, _ steps: @autoclosure () -> [Step]) throws -> String {
        isAbsent(v) ? fallback : try string(v, steps())
    }

    func required(_ v: Int, _ name: StaticString, in steps: @autoclosure () -> [Step]) throws -> Int {
        guard v >= 0 else {
            throw DecodingError.keyNotFound(Name("\(name)"), .init(codingPath: at(steps()), debugDescription: "missing"))
        }
        return v
    }

    func day(_ v: Int, _ steps: @autoclosure () -> [Step]) throws -> Day {
        let n = tape.nodes[v]
        guard n.kind == .string else { throw mismatch(Day.self, v, steps()) }
        guard let d = Day(parsing: tape.string(n)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: at(steps()), debugDescription: "not a date"))
        }
        return d
    }

    /// Calls `body` with each member's key and value nodes; the first of a repeated key is
    /// the one a keyed container finds, so a caller keeps the first.
    func members(of o: Int, _ body: (Int, Int) throws -> Void) rethrows {
        let end = Int(tape.nodes[o].next)
        var k = o + 1
        while k < end {
            try body(k, k + 1)
            k = Int(tape.nodes[k + 1].next)
        }
    }

    func elements(of a: Int, _ body: (Int, Int) throws -> Void) rethrows {
        let end = Int(tape.nodes[a].next)
        var e = a + 1, i = 0
        while e < end {
            try body(i, e)
            e = Int(tape.nodes[e].next)
            i += 1
        }
    }

    func object(_ v: Int, _ steps: @autoclosure () -> [Step]) throws {
        guard tape.nodes[v].kind == .object else { throw mismatch([String: Any].self, v, steps()) }
    }

    func array(_ v: Int, _ steps: @autoclosure () -> [Step]) throws {
        guard tape.nodes[v].kind == .array else { throw mismatch([Any].self, v, steps()) }
    }

    /// `slot` takes the value's node the first time `key` is seen.
    @inline(__always)
    func take(_ key: Int, _ name: StaticString, _ value: Int, into slot: inout Int) -> Bool {
        // An escaped key (`"case\u0049d"`) names the same field, as a keyed container finds it.
        guard tape.string(tape.nodes[key], equals: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)) else { return false }
        if slot < 0 { slot = value }
        return true
    }

    // MARK: - The draft

    func draft(at o: Int) throws -> InterviewDraft {
        try object(o, [])
        var caseId = -1, ruleSetId = -1, step = -1, confirmedName = -1, confirmedNik = -1, confirmedPhone = -1
        var consent = -1, symptomatic = -1, onset = -1, specimen = -1, isolation = -1, newestFirst = -1
        var days = -1, contacts = -1, nextContactNumber = -1, pendingPlace = -1, pendingPerson = -1
        members(of: o) { k, v in
            _ = take(k, "caseId", v, into: &caseId) || take(k, "ruleSetId", v, into: &ruleSetId)
                || take(k, "step", v, into: &step) || take(k, "confirmedName", v, into: &confirmedName)
                || take(k, "confirmedNik", v, into: &confirmedNik) || take(k, "confirmedPhone", v, into: &confirmedPhone)
                || take(k, "consent", v, into: &consent) || take(k, "symptomatic", v, into: &symptomatic)
                || take(k, "onset", v, into: &onset) || take(k, "specimen", v, into: &specimen)
                || take(k, "isolation", v, into: &isolation) || take(k, "newestFirst", v, into: &newestFirst)
                || take(k, "days", v, into: &days) || take(k, "contacts", v, into: &contacts)
                || take(k, "nextContactNumber", v, into: &nextContactNumber)
                || take(k, "pendingPlace", v, into: &pendingPlace) || take(k, "pendingPerson", v, into: &pendingPerson)
        }
        // In the order `init(from:)` reads them, so the first problem is the same one.
        let id = try string(required(caseId, "caseId", in: []), [.name("caseId")])
        var d = InterviewDraft(caseId: id, ruleSetId: try string(ruleSetId, or: RuleSet.indonesia2021.id, [.name("ruleSetId")]))
        if !isAbsent(step) {
            let me = decoder()
            d.step = try me.decode(InterviewStep.self, at: step, key: Name("step"))
        }
        d.confirmedName = try string(confirmedName, or: "", [.name("confirmedName")])
        d.confirmedNik = try string(confirmedNik, or: "", [.name("confirmedNik")])
        d.confirmedPhone = try string(confirmedPhone, or: "", [.name("confirmedPhone")])
        d.consent = try string(consent, or: "", [.name("consent")])
        d.symptomatic = try string(symptomatic, or: "", [.name("symptomatic")])
        d.onset = try string(onset, or: "", [.name("onset")])
        d.specimen = try string(specimen, or: "", [.name("specimen")])
        d.isolation = try string(isolation, or: "", [.name("isolation")])
        if !isAbsent(newestFirst) {
            switch tape.nodes[newestFirst].kind {
            case .true: d.newestFirst = true
            case .false: d.newestFirst = false
            default: throw mismatch(Bool.self, newestFirst, [.name("newestFirst")])
            }
        }
        if !isAbsent(days) { d.days = try self.days(days) }
        if !isAbsent(contacts) { d.contacts = try self.contacts(contacts) }
        if isAbsent(nextContactNumber) {
            d.nextContactNumber = d.contacts.count + 1
        } else {
            guard tape.nodes[nextContactNumber].kind == .number, let n = tape.int(tape.nodes[nextContactNumber]) else {
                throw mismatch(Int.self, nextContactNumber, [.name("nextContactNumber")])
            }
            d.nextContactNumber = n
        }
        d.pendingPlace = try string(pendingPlace, or: "", [.name("pendingPlace")])
        d.pendingPerson = try string(pendingPerson, or: "", [.name("pendingPerson")])
        return d
    }

    func days(_ o: Int) throws -> [Day: DayNotes] {
        try object(o, [.name("days")])
        var out: [Day: DayNotes] = [:]
        try members(of: o) { k, v in
            guard let day = Day(parsing: tape.string(tape.nodes[k])) else {
                throw DecodingError.dataCorrupted(.init(codingPath: at([.name("days"), .key(k)]), debugDescription: "Could not convert key to type Day"))
            }
            // A day given twice: the first, as a keyed container finds it for both keys.
            let n = try notes(v, k)
            if out[day] == nil { out[day] = n }
        }
        return out
    }

    func notes(_ o: Int, _ k: Int) throws -> DayNotes {
        try object(o, [.name("days"), .key(k)])
        var visits = -1, met = -1, nothing = -1
        members(of: o) { mk, mv in
            _ = take(mk, "visits", mv, into: &visits) || take(mk, "met", mv, into: &met) || take(mk, "nothingToRecord", mv, into: &nothing)
        }
        var n = DayNotes()
        if !isAbsent(visits) {
            try array(visits, [.name("days"), .key(k), .name("visits")])
            try elements(of: visits) { i, e in
                let here: [Step] = [.name("days"), .key(k), .name("visits"), .index(i)]
                try object(e, here)
                var kind = -1, place = -1
                members(of: e) { vk, vv in _ = take(vk, "kind", vv, into: &kind) || take(vk, "place", vv, into: &place) }
                let raw = try string(required(kind, "kind", in: here), here + [.name("kind")])
                guard let placeKind = PlaceKind(rawValue: raw) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: at(here + [.name("kind")]),
                                                            debugDescription: "Cannot initialize PlaceKind from invalid String value \(raw)"))
                }
                n.visits.append(Visit(kind: placeKind, place: try string(required(place, "place", in: here), here + [.name("place")])))
            }
        }
        if !isAbsent(met) {
            try array(met, [.name("days"), .key(k), .name("met")])
            try elements(of: met) { i, e in n.met.append(try string(e, [.name("days"), .key(k), .name("met"), .index(i)])) }
        }
        if !isAbsent(nothing) {
            switch tape.nodes[nothing].kind {
            case .true: n.nothingToRecord = true
            case .false: n.nothingToRecord = false
            default: throw mismatch(Bool.self, nothing, [.name("days"), .key(k), .name("nothingToRecord")])
            }
        }
        return n
    }

    func contacts(_ a: Int) throws -> [ContactDraft] {
        try array(a, [.name("contacts")])
        var out: [ContactDraft] = []
        out.reserveCapacity(Int(tape.nodes[a].end))
        try elements(of: a) { i, e in
            let here: [Step] = [.name("contacts"), .index(i)]
            try object(e, here)
            var id = -1, name = -1, phone = -1, nik = -1, nikMissingReason = -1, sex = -1, age = -1, relationship = -1
            var setting = -1, firstExposure = -1, lastExposure = -1, criterion = -1, notes = -1, exposureDays = -1
            members(of: e) { k, v in
                _ = take(k, "id", v, into: &id) || take(k, "name", v, into: &name) || take(k, "phone", v, into: &phone)
                    || take(k, "nik", v, into: &nik) || take(k, "nikMissingReason", v, into: &nikMissingReason)
                    || take(k, "sex", v, into: &sex) || take(k, "age", v, into: &age) || take(k, "relationship", v, into: &relationship)
                    || take(k, "setting", v, into: &setting) || take(k, "firstExposure", v, into: &firstExposure)
                    || take(k, "lastExposure", v, into: &lastExposure) || take(k, "criterion", v, into: &criterion)
                    || take(k, "notes", v, into: &notes) || take(k, "exposureDays", v, into: &exposureDays)
            }
            var c = ContactDraft(id: try string(required(id, "id", in: here), here + [.name("id")]),
                                 name: try string(name, or: "", here + [.name("name")]))
            c.phone = try string(phone, or: "", here + [.name("phone")])
            c.nik = try string(nik, or: "", here + [.name("nik")])
            c.nikMissingReason = try string(nikMissingReason, or: "", here + [.name("nikMissingReason")])
            c.sex = try string(sex, or: "", here + [.name("sex")])
            c.age = try string(age, or: "", here + [.name("age")])
            c.relationship = try string(relationship, or: "", here + [.name("relationship")])
            c.setting = try string(setting, or: "", here + [.name("setting")])
            c.firstExposure = try string(firstExposure, or: "", here + [.name("firstExposure")])
            c.lastExposure = try string(lastExposure, or: "", here + [.name("lastExposure")])
            c.criterion = try string(criterion, or: "", here + [.name("criterion")])
            c.notes = try string(notes, or: "", here + [.name("notes")])
            if !isAbsent(exposureDays) {
                try array(exposureDays, here + [.name("exposureDays")])
                try elements(of: exposureDays) { j, d in c.exposureDays.append(try day(d, here + [.name("exposureDays"), .index(j)])) }
            }
            out.append(c)
        }
        return out
    }
}
