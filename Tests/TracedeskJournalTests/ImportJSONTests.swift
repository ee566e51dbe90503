import Foundation
import Testing
@testable import TracedeskJournal
import TracedeskCore

@Suite struct ImportJSONTests {
    /// Imported cases written by hand are byte for byte what JSONEncoder writes, with every
    /// optional field present or absent and text that needs escaping.
    @Test func handWrittenImportsAreTheSameBytesAsCodable() throws {
        let foundation = JournalCoding.encoder()
        let day = Day(parsing: "2021-07-04")!
        let records = [
            CaseRecord(caseId: "DKI/9", name: "Nur \"Nunu\" 王\\小明\n\t\u{1}", resultDate: day),
            CaseRecord(caseId: "DKI-1", name: "Siti", nik: "3171014507850002", phones: ["+6281234567801", "+62215551234"],
                       sex: .female, age: 36, birthDate: Day(parsing: "1985-07-05"), address: "Jl. Kebon Sirih No. 12, Gang / Mawar",
                       rtRw: "003/005", kelurahan: "Kebon Sirih", kecamatan: "Menteng", kota: "Jakarta Pusat", occupation: "guru",
                       specimenDate: Day(parsing: "2021-07-03"), resultDate: day, onsetDate: Day(parsing: "2021-07-01")),
            CaseRecord(caseId: "DKI-2", name: "Budi 👩‍⚕️", nikMissingReason: "not in line list", sex: .male, resultDate: day),
        ]
        for (i, r) in records.enumerated() {
            let at = Date(timeIntervalSince1970: 1_625_443_200.123 + Double(i))
            let e = Event(id: EventID.make(at: at), timestamp: at, actor: "lab-import", body: .caseImported(ImportedCase(record: r, batch: "b-\(i)")))
            let line = try #require(ImportJSON.line(e, seq: 7))
            #expect(line.last == 10)
            let numbered = Array(line.dropLast(RecordCodec.suffixLength + 1))
            #expect(String(decoding: numbered.suffix(8), as: UTF8.self) == ",\"seq\":7")
            let fast = Array(numbered.dropLast(8)) + [UInt8(ascii: "}")]
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: try foundation.encode(e), as: UTF8.self))
        }
        let other = Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "t", body: .caseClaimed(CaseClaim(caseId: "X")))
        #expect(ImportJSON.line(other, seq: 1) == nil)
    }
}
