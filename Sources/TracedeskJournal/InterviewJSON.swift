import Foundation
import TracedeskCore

/// Interview drafts and filed interviews written straight to JSON bytes. A draft is saved on
/// every move between fields and waits for fdatasync before the screen says so; through
/// `Codable` its encoding alone took as long as the disk (the generic containers cost more
/// than the bytes). Keys go in sorted order, exactly as `JournalCoding.encoder()` writes them,
/// so a line is the same whichever path wrote it (tested byte for byte).
enum InterviewJSON {
    static func record(_ event: Event) -> [UInt8]? {
        var w = JSONOut()
        w.open(UInt8(ascii: "{"))
        w.key("actor"); w.string(event.actor)
        w.key("data")
        switch event.body {
        case .interviewSaved(let d): draft(d, &w)
        case .interviewFiled(let f): filed(f, &w)
        default: return nil
        }
        w.key("id"); w.string(event.id.rawValue)
        w.key("ts"); w.string(Timestamp.format(event.timestamp))
        w.key("type"); w.string(event.body.type)
        w.key("v"); w.int(event.version)
        w.close(UInt8(ascii: "}"))
        return w.bytes
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
            w.key(day.iso); w.open(UInt8(ascii: "{"))
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
            w.key("day"); w.open(UInt8(ascii: "{")); w.key("_0"); w.string(day.iso); w.close(UInt8(ascii: "}"))
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
            if let v = c.firstExposure { w.key("firstExposure"); w.string(v.iso) }
            w.key("isClose"); w.bool(c.isClose)
            if let v = c.lastExposure { w.key("lastExposure"); w.string(v.iso) }
            w.key("name"); w.string(c.name)
            if let v = c.nik { w.key("nik"); w.string(v) }
            if let v = c.nikMissingReason { w.key("nikMissingReason"); w.string(v) }
            w.key("notes"); w.string(c.notes)
            if let v = c.phone { w.key("phone"); w.string(v) }
            if let v = c.quarantineEnd { w.key("quarantineEnd"); w.string(v.iso) }
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
            w.key("end"); w.string(p.end.iso)
            w.key("start"); w.string(p.start.iso)
            w.close(UInt8(ascii: "}"))
        }
        if let r = f.recording { w.key("recording"); w.string(r) }
        w.key("ruleSetId"); w.string(f.ruleSetId)
        w.key("ruleSetVersion"); w.int(f.ruleSetVersion)
        w.close(UInt8(ascii: "}"))
    }

    static func days(_ days: [Day], _ w: inout JSONOut) {
        w.open(UInt8(ascii: "["))
        for d in days { w.element(); w.string(d.iso) }
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

/// JSON written as it goes: commas between members, strings escaped as JSONEncoder escapes
/// them (slashes left alone).
struct JSONOut {
    var bytes: [UInt8] = []
    private var first: [Bool] = []

    init() { bytes.reserveCapacity(4096) }

    mutating func open(_ bracket: UInt8) { bytes.append(bracket); first.append(true) }
    mutating func close(_ bracket: UInt8) { bytes.append(bracket); first.removeLast() }

    /// Before an array element.
    mutating func element() {
        if first[first.count - 1] { first[first.count - 1] = false } else { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func key(_ k: String) {
        element()
        string(k)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func raw(_ s: String) { bytes += s.utf8 }
    mutating func bool(_ b: Bool) { raw(b ? "true" : "false") }
    mutating func int(_ i: Int) { raw(String(i)) }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { utf8 in
            // Most strings need no escaping: copied whole.
            if !utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for b in utf8 {
                switch b {
                case UInt8(ascii: "\""): bytes += [92, 34]
                case UInt8(ascii: "\\"): bytes += [92, 92]
                case 0x0A: bytes += [92, UInt8(ascii: "n")]
                case 0x0D: bytes += [92, UInt8(ascii: "r")]
                case 0x09: bytes += [92, UInt8(ascii: "t")]
                case 0x08: bytes += [92, UInt8(ascii: "b")]
                case 0x0C: bytes += [92, UInt8(ascii: "f")]
                case 0..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes += [92, UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]]
                default: bytes.append(b)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
