// catalogue: not shown — JSON field names and fragments as the journal writes them.
import Foundation
import TracedeskCore

/// Interview drafts and filed interviews written straight to JSON bytes. A draft is saved on
/// every move between fields and waits for fdatasync before the screen says so; through
/// `Codable` its encoding alone took as long as the disk (the generic containers cost more
/// than the bytes). Keys go in sorted order, exactly as `JournalCoding.encoder()` writes them,
/// so a line is the same whichever path wrote it (tested byte for byte).
enum InterviewJSON {
    /// The event's journal line (checksum and newline included), if it is an interview's.
    static func line(_ event: Event, seq: Int) -> [UInt8]? {
        switch event.body {
        case .interviewSaved(let d): JSONOut.record(event, seq: seq) { draft(d, &$0) }
        case .interviewFiled(let f): JSONOut.record(event, seq: seq) { filed(f, &$0) }
        default: nil
        }
    }

    static func draft(_ d: InterviewDraft, _ w: inout JSONOut) {
        w.open(UInt8(ascii: "{"))
        w.key("caseId"); w.string(d.caseId)
        w.key("confirmedName"); w.string(d.confirmedName)
        w.key("confirmedNik"); w.string(d.confirmedNik)
        w.key("confirmedPhone"); w.string(d.confirmedPhone)
        w.key("consent"); w.string(d.consent)
        w.key("contacts"); w.open(UInt8(ascii: "["))
        for c in d.contacts {
            w.element(); w.open(UInt8(ascii: "{"))
            w.key("age"); w.string(c.age)
            w.key("criterion"); w.string(c.criterion)
            w.key("exposureDays"); days(c.exposureDays, &w)
            w.key("firstExposure"); w.string(c.firstExposure)
            w.key("id"); w.string(c.id)
            w.key("lastExposure"); w.string(c.lastExposure)
            w.key("name"); w.string(c.name)
            w.key("nik"); w.string(c.nik)
            w.key("nikMissingReason"); w.string(c.nikMissingReason)
            w.key("notes"); w.string(c.notes)
            w.key("phone"); w.string(c.phone)
            w.key("relationship"); w.string(c.relationship)
            w.key("setting"); w.string(c.setting)
            w.key("sex"); w.string(c.sex)
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "]"))
        w.key("days"); w.open(UInt8(ascii: "{"))
        for day in d.days.keys.sorted(by: { $0.ordinal < $1.ordinal }) {
            let notes = d.days[day]!
            w.key(day: day); w.open(UInt8(ascii: "{"))
            w.key("met"); w.open(UInt8(ascii: "["))
            for id in notes.met { w.element(); w.string(id) }
            w.close(UInt8(ascii: "]"))
            w.key("nothingToRecord"); w.bool(notes.nothingToRecord)
            w.key("visits"); w.open(UInt8(ascii: "["))
            for v in notes.visits {
                w.element(); w.open(UInt8(ascii: "{"))
                w.key("kind"); w.string(v.kind.rawValue)
                w.key("place"); w.string(v.place)
                w.close(UInt8(ascii: "}"))
            }
            w.close(UInt8(ascii: "]"))
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "}"))
        w.key("isolation"); w.string(d.isolation)
        w.key("newestFirst"); w.bool(d.newestFirst)
        w.key("nextContactNumber"); w.int(d.nextContactNumber)
        w.key("onset"); w.string(d.onset)
        w.key("pendingPerson"); w.string(d.pendingPerson)
        w.key("pendingPlace"); w.string(d.pendingPlace)
        w.key("ruleSetId"); w.string(d.ruleSetId)
        w.key("specimen"); w.string(d.specimen)
        w.key("step"); w.open(UInt8(ascii: "{"))
        switch d.step {
        case .identity: w.key("identity"); w.raw("{}")
        case .symptoms: w.key("symptoms"); w.raw("{}")
        case .day(let day):
            w.key("day"); w.open(UInt8(ascii: "{")); w.key("_0"); w.day(day); w.close(UInt8(ascii: "}"))
        case .contacts: w.key("contacts"); w.raw("{}")
        case .review: w.key("review"); w.raw("{}")
        }
        w.close(UInt8(ascii: "}"))
        w.key("symptomatic"); w.string(d.symptomatic)
        w.close(UInt8(ascii: "}"))
    }

    static func filed(_ f: FiledInterview, _ w: inout JSONOut) {
        w.open(UInt8(ascii: "{"))
        w.key("caseId"); w.string(f.caseId)
        w.key("contacts"); w.open(UInt8(ascii: "["))
        for c in f.contacts {
            w.element(); w.open(UInt8(ascii: "{"))
            if let age = c.age { w.key("age"); w.int(age) }
            w.key("caseId"); w.string(c.caseId)
            w.key("classification"); w.string(c.classification)
            w.key("contactId"); w.string(c.contactId)
            if let v = c.criterion { w.key("criterion"); w.string(v.rawValue) }
            w.key("exposureDays"); days(c.exposureDays, &w)
            if let v = c.firstExposure { w.key("firstExposure"); w.day(v) }
            w.key("isClose"); w.bool(c.isClose)
            if let v = c.lastExposure { w.key("lastExposure"); w.day(v) }
            w.key("name"); w.string(c.name)
            if let v = c.nik { w.key("nik"); w.string(v) }
            if let v = c.nikMissingReason { w.key("nikMissingReason"); w.string(v) }
            w.key("notes"); w.string(c.notes)
            if let v = c.phone { w.key("phone"); w.string(v) }
            if let v = c.quarantineEnd { w.key("quarantineEnd"); w.day(v) }
            if let v = c.relationship { w.key("relationship"); w.string(v.rawValue) }
            w.key("setting"); w.string(c.setting)
            w.key("sex"); w.string(c.sex.rawValue)
            w.close(UInt8(ascii: "}"))
        }
        w.close(UInt8(ascii: "]"))
        w.key("daysWalked"); w.int(f.daysWalked)
        w.key("draft"); draft(f.draft, &w)
        w.key("outcome"); w.string(f.outcome.rawValue)
        if let p = f.period {
            w.key("period"); w.open(UInt8(ascii: "{"))
            w.key("end"); w.day(p.end)
            w.key("start"); w.day(p.start)
            w.close(UInt8(ascii: "}"))
        }
        if let r = f.recording { w.key("recording"); w.string(r) }
        w.key("ruleSetId"); w.string(f.ruleSetId)
        w.key("ruleSetVersion"); w.int(f.ruleSetVersion)
        w.close(UInt8(ascii: "}"))
    }

    static func days(_ days: [Day], _ w: inout JSONOut) {
        w.open(UInt8(ascii: "["))
        for d in days { w.element(); w.day(d) }
        w.close(UInt8(ascii: "]"))
    }
}

/// A string as a JSON string literal, quotes included, escaped as the journal escapes it.
public enum JSONText {
    public static func quoted(_ s: String) -> String {
        var w = JSONOut()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// JSON written as it goes, strings escaped as JSONEncoder escapes them (slashes left alone).
/// A draft is encoded on every save while the tracer waits for the disk, so the writer is
/// bytes in a buffer of its own (no array bookkeeping per piece), keys are static bytes, and
/// strings are copied whole unless they need escaping.
extension JSONOut {
    /// A journal line written by hand: the envelope's keys in sorted order (as
    /// `JournalCoding.encoder()` writes them) around the `data` that `body` writes, then the
    /// record's number, checksum and newline. Every hand encoder's events go through here.
    static func record(_ event: Event, seq: Int, data body: (inout JSONOut) -> Void) -> [UInt8] {
        var w = JSONOut()
        w.open(UInt8(ascii: "{"))
        w.key("actor"); w.string(event.actor)
        w.key("data")
        body(&w)
        w.key("id"); w.string(event.id.rawValue)
        w.key("ts"); w.timestamp(event.timestamp)
        w.key("type"); w.string(event.body.type)
        w.key("v"); w.int(event.version)
        w.close(UInt8(ascii: "}"))
        return w.line(seq: seq)
    }
}

struct JSONOut: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Whether something was written since the last open bracket: all a comma depends on.
    private var afterValue = false

    init() {
        // An interview with five contacts is 6.5 KB: room for it without a second allocation.
        capacity = 16384
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// What was written, as the journal's bytes.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    private mutating func room(_ n: Int) {
        guard count + n > capacity else { return }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + n))
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = max(capacity * 2, count + n)
    }

    @inline(__always)
    private mutating func put(_ b: UInt8) {
        room(1)
        base[count] = b
        count += 1
    }

    @inline(__always)
    private mutating func put(_ p: UnsafeBufferPointer<UInt8>) {
        guard let from = p.baseAddress, p.count > 0 else { return }
        room(p.count)
        (base + count).update(from: from, count: p.count)
        count += p.count
    }

    @inline(__always)
    private mutating func put(_ s: StaticString) {
        put(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always)
    mutating func open(_ bracket: UInt8) { put(bracket); afterValue = false }
    @inline(__always)
    mutating func close(_ bracket: UInt8) { put(bracket); afterValue = true }

    /// Before an array element.
    @inline(__always)
    mutating func element() {
        if afterValue { put(UInt8(ascii: ",")) }
    }

    /// A member's key, known when the code was written (plain ASCII, nothing to escape).
    @inline(__always)
    mutating func key(_ k: StaticString) {
        // One check for room and one copy: an interview's line has hundreds of keys.
        let n = k.utf8CodeUnitCount
        room(n + 4)
        var p = base + count
        if afterValue { p.pointee = UInt8(ascii: ","); p += 1 }
        p[0] = UInt8(ascii: "\"")
        (p + 1).update(from: k.utf8Start, count: n)
        p[n + 1] = UInt8(ascii: "\"")
        p[n + 2] = UInt8(ascii: ":")
        count = base.distance(to: p) + n + 3
        afterValue = false
    }

    /// A day of the period as a member's key.
    mutating func key(day: Day) {
        element()
        self.day(day)
        put(UInt8(ascii: ":"))
        afterValue = false
    }

    /// A day as its quoted "YYYY-MM-DD".
    mutating func day(_ d: Day) {
        room(12)
        guard d.writeISO(into: base + count + 1) else { return string(d.iso) }
        base[count] = UInt8(ascii: "\"")
        base[count + 11] = UInt8(ascii: "\"")
        count += 12
        afterValue = true
    }

    mutating func timestamp(_ date: Date) {
        room(Timestamp.length + 2)
        base[count] = UInt8(ascii: "\"")
        Timestamp.write(date, into: base + count + 1)
        base[count + Timestamp.length + 1] = UInt8(ascii: "\"")
        count += Timestamp.length + 2
        afterValue = true
    }

    /// JSON made elsewhere, as it is.
    mutating func verbatim(_ json: UnsafeRawBufferPointer) {
        put(json.assumingMemoryBound(to: UInt8.self))
        afterValue = true
    }

    /// The journal line: the object written, with the CRC-32C of its bytes spliced in as its
    /// last member, and a newline.
    /// `seq` is the record's line number in the journal (from 1): written under the lock by
    /// the writer that knows the true end, checked on every read, so a record deleted, moved
    /// or inserted by hand shows as a break in the numbers even with a valid checksum.
    consuming func line(seq: Int) -> [UInt8] {
        count -= 1 // the closing brace
        put(",\"seq\":")
        int(seq)
        put(UInt8(ascii: "}"))
        let crc = CRC32C.checksum(UnsafeBufferPointer(start: base, count: count))
        count -= 1 // the closing brace
        put(",\"crc\":\"")
        for shift in stride(from: 28, through: 0, by: -4) {
            put(RecordCodec.hexDigits[Int((crc >> UInt32(shift)) & 15)])
        }
        put("\"}\n")
        return bytes
    }

    mutating func raw(_ s: StaticString) {
        put(s)
        afterValue = true
    }

    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }

    mutating func int(_ i: Int) {
        if i < 0 { put(UInt8(ascii: "-")) }
        var v = i.magnitude, digits = 0
        repeat { v /= 10; digits += 1 } while v > 0
        room(digits)
        v = i.magnitude
        for at in stride(from: count + digits - 1, through: count, by: -1) {
            base[at] = UInt8(48 + v % 10)
            v /= 10
        }
        count += digits
        afterValue = true
    }

    mutating func string(_ s: String) {
        put(UInt8(ascii: "\""))
        if s.utf8.withContiguousStorageIfAvailable({ put(escaping: $0) }) == nil {
            Array(s.utf8).withUnsafeBufferPointer { put(escaping: $0) }
        }
        put(UInt8(ascii: "\""))
        afterValue = true
    }

    private mutating func put(escaping utf8: UnsafeBufferPointer<UInt8>) {
        // Most strings need no escaping: copied whole.
        guard utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            put(utf8)
            return
        }
        // Room for the worst (every byte as \u00XX) once, then written without a check a byte.
        room(utf8.count * 6)
        var out = base + count
        func two(_ second: UInt8) { out[0] = UInt8(ascii: "\\"); out[1] = second; out += 2 }
        for b in utf8 {
            switch b {
            case UInt8(ascii: "\""): two(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): two(UInt8(ascii: "\\"))
            case 0x0A: two(UInt8(ascii: "n"))
            case 0x0D: two(UInt8(ascii: "r"))
            case 0x09: two(UInt8(ascii: "t"))
            case 0x08: two(UInt8(ascii: "b"))
            case 0x0C: two(UInt8(ascii: "f"))
            case 0..<0x20:
                two(UInt8(ascii: "u"))
                out[0] = UInt8(ascii: "0"); out[1] = UInt8(ascii: "0")
                out[2] = RecordCodec.hexDigits[Int(b >> 4)]
                out[3] = RecordCodec.hexDigits[Int(b & 15)]
                out += 4
            default:
                out.pointee = b
                out += 1
            }
        }
        count = base.distance(to: out)
    }
}
