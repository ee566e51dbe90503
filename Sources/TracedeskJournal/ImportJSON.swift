// catalogue: not shown — JSON field names as the lab's import writes them.
import Foundation
import TracedeskCore

/// The lab's imported cases written straight to JSON bytes, as InterviewJSON writes interviews:
/// a city's line list is 100,000 of these in one transaction, and through `Codable` their
/// encoding took a third of the import. Keys in sorted order, absent optionals left out,
/// exactly as `JournalCoding.encoder()` writes them (tested byte for byte).
enum ImportJSON {
    /// The event's journal line (checksum and newline included), if it is a case.imported.
    static func line(_ event: Event, seq: Int) -> [UInt8]? {
        guard case .caseImported(let imp) = event.body else { return nil }
        return JSONOut.record(event, seq: seq) { w in
            w.open(UInt8(ascii: "{"))
            w.key("batch"); w.string(imp.batch)
            w.key("record"); record(imp.record, &w)
            w.close(UInt8(ascii: "}"))
        }
    }

    static func record(_ r: CaseRecord, _ w: inout JSONOut) {
        w.open(UInt8(ascii: "{"))
        w.key("address"); w.string(r.address)
        if let a = r.age { w.key("age"); w.int(a) }
        if let b = r.birthDate { w.key("birthDate"); w.day(b) }
        w.key("caseId"); w.string(r.caseId)
        w.key("kecamatan"); w.string(r.kecamatan)
        w.key("kelurahan"); w.string(r.kelurahan)
        w.key("kota"); w.string(r.kota)
        w.key("name"); w.string(r.name)
        if let n = r.nik { w.key("nik"); w.string(n) }
        if let m = r.nikMissingReason { w.key("nikMissingReason"); w.string(m) }
        w.key("occupation"); w.string(r.occupation)
        if let o = r.onsetDate { w.key("onsetDate"); w.day(o) }
        w.key("phones"); w.open(UInt8(ascii: "["))
        for p in r.phones { w.element(); w.string(p) }
        w.close(UInt8(ascii: "]"))
        w.key("resultDate"); w.day(r.resultDate)
        w.key("rtRw"); w.string(r.rtRw)
        w.key("sex"); w.string(r.sex.rawValue)
        if let s = r.specimenDate { w.key("specimenDate"); w.day(s) }
        w.close(UInt8(ascii: "}"))
    }
}
