import Foundation
import TracedeskCore

/// Reads a snapshot's case lines off the tape by hand, as `EventReader` does for events: a
/// city's snapshot is a hundred thousand cases, and `Codable` spent its time on containers and
/// metadata lookups (a start from the snapshot was slower than a full replay). Cases with
/// anything unusual (an interview filed or kept in memory, history lines kept whole) return
/// nil and go through `Codable`; tests hold the two equal.
enum SnapshotReader {
    /// The case of a `{"case":{…}}` line; nil when the line is another kind or unusual.
    static func caseLine(_ tape: JSONTape) -> CaseFile? {
        guard tape.nodes.first?.kind == .object,
              let at = EventReader.memberIndex("case", of: 0, tape), tape.nodes[at].kind == .object else { return nil }
        return caseFile(at, tape)
    }

    static func caseFile(_ object: Int, _ tape: JSONTape) -> CaseFile? {
        typealias R = EventReader
        let date: (JSONTape.Node, JSONTape) -> Date? = { n, t in n.kind == .string ? Timestamp.parse(utf8: t.raw(n)) : nil }
        var record: CaseRecord?, status: CaseStatus?, importedAt: Date?
        var calls: [CallMark]?, refs: [EventRef]?, draft = R.Field<HeldDraft>.absent
        var emptyArrays = 0
        var claimedBy = R.Field<String>.absent, nextCallback = R.Field<Date>.absent, doneAt = R.Field<Date>.absent
        var draftSavedBy = R.Field<String>.absent, draftSavedAt = R.Field<Date>.absent
        var filedBy = R.Field<String>.absent, filedAt = R.Field<Date>.absent
        var returnNote = R.Field<String>.absent, returnedBy = R.Field<String>.absent
        var reviewedBy = R.Field<String>.absent, reviewedAt = R.Field<Date>.absent
        var unusual = false
        R.forEachMember(of: object, in: tape) { key, value, at in
            if tape.is(key, "record") { record = value.kind == .object ? R.caseRecord(at, tape) : nil }
            else if tape.is(key, "status") { status = value.kind == .string ? CaseStatus(rawValue: tape.string(value)) : nil }
            else if tape.is(key, "importedAt") { importedAt = date(value, tape) }
            else if tape.is(key, "calls") { calls = callMarks(at, tape) }
            else if tape.is(key, "historyRefs") { refs = places(at, tape) }
            else if tape.is(key, "attempts") || tape.is(key, "history") {
                if value.kind == .array && value.end == 0 { emptyArrays += 1 } else { unusual = true }
            }
            else if tape.is(key, "interview") { if value.kind != .null { unusual = true } }
            else if tape.is(key, "draft") { draft = R.optional(value, tape) { _, t in savedDraft(at, t) } }
            else if tape.is(key, "claimedBy") { claimedBy = R.optional(value, tape, R.string) }
            else if tape.is(key, "nextCallback") { nextCallback = R.optional(value, tape, date) }
            else if tape.is(key, "doneAt") { doneAt = R.optional(value, tape, date) }
            else if tape.is(key, "draftSavedBy") { draftSavedBy = R.optional(value, tape, R.string) }
            else if tape.is(key, "draftSavedAt") { draftSavedAt = R.optional(value, tape, date) }
            else if tape.is(key, "filedBy") { filedBy = R.optional(value, tape, R.string) }
            else if tape.is(key, "filedAt") { filedAt = R.optional(value, tape, date) }
            else if tape.is(key, "returnNote") { returnNote = R.optional(value, tape, R.string) }
            else if tape.is(key, "returnedBy") { returnedBy = R.optional(value, tape, R.string) }
            else if tape.is(key, "reviewedBy") { reviewedBy = R.optional(value, tape, R.string) }
            else if tape.is(key, "reviewedAt") { reviewedAt = R.optional(value, tape, date) }
            else { unusual = true }
        }
        guard !unusual, emptyArrays == 2, let record, let status, let importedAt, let calls, let refs,
              let draft = draft.value, let claimedBy = claimedBy.value, let nextCallback = nextCallback.value,
              let doneAt = doneAt.value, let draftSavedBy = draftSavedBy.value, let draftSavedAt = draftSavedAt.value,
              let filedBy = filedBy.value, let filedAt = filedAt.value, let returnNote = returnNote.value,
              let returnedBy = returnedBy.value, let reviewedBy = reviewedBy.value, let reviewedAt = reviewedAt.value else { return nil }
        var file = CaseFile(record: record, importedAt: importedAt)
        file.status = status
        file.claimedBy = claimedBy
        file.calls = calls
        file.historyRefs = refs
        file.nextCallback = nextCallback
        file.doneAt = doneAt
        file.draft = draft
        file.draftSavedBy = draftSavedBy
        file.draftSavedAt = draftSavedAt
        file.filedBy = filedBy
        file.filedAt = filedAt
        file.returnNote = returnNote
        file.returnedBy = returnedBy
        file.reviewedBy = reviewedBy
        file.reviewedAt = reviewedAt
        return file
    }

    /// `[time, caller, outcome, …]`.
    static func callMarks(_ array: Int, _ tape: JSONTape) -> [CallMark]? {
        groups(of: 3, in: array, tape) { i in
            let t = tape.nodes[i], by = tape.nodes[i + 1], outcome = tape.nodes[i + 2]
            guard t.kind == .string, let at = Timestamp.parse(utf8: tape.raw(t)), let caller = EventReader.string(by, tape),
                  outcome.kind == .string, let o = CallOutcome(rawValue: tape.string(outcome)) else { return nil }
            return CallMark(at: at, by: caller, outcome: o)
        }
    }

    /// `[offset, length, …]`.
    static func places(_ array: Int, _ tape: JSONTape) -> [EventRef]? {
        groups(of: 2, in: array, tape) { i in
            guard tape.nodes[i].kind == .number, tape.nodes[i + 1].kind == .number,
                  let o = tape.int(tape.nodes[i]), let l = tape.int(tape.nodes[i + 1]),
                  (0..<(1 << 44)).contains(o), (0..<(1 << 31)).contains(l) else { return nil }
            return EventRef(offset: Int64(o), length: Int32(l))
        }
    }

    /// A flat array read `width` values at a time (`read` gets the first one's node index);
    /// nil when its length does not divide or any group does not read.
    private static func groups<T>(of width: Int, in array: Int, _ tape: JSONTape, _ read: (Int) -> T?) -> [T]? {
        let a = tape.nodes[array]
        guard a.kind == .array, Int(a.end) % width == 0 else { return nil }
        var out: [T] = []
        out.reserveCapacity(Int(a.end) / width)
        var i = array + 1
        while i < Int(a.next) {
            guard let v = read(i) else { return nil }
            out.append(v)
            i += width
        }
        return out
    }

    /// `{"saved":{"_0":[offset, length]}}`, as `Codable` writes the enum; nil for any other.
    static func savedDraft(_ object: Int, _ tape: JSONTape) -> HeldDraft? {
        guard tape.nodes[object].kind == .object, tape.nodes[object].end == 2,
              let saved = EventReader.memberIndex("saved", of: object, tape), tape.nodes[saved].kind == .object,
              let place = EventReader.memberIndex("_0", of: saved, tape),
              let refs = places(place, tape), refs.count == 1 else { return nil }
        return .saved(refs[0])
    }
}
