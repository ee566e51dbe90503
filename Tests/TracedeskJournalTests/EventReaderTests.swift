import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// The hand-written reader of the common events must give exactly what `Codable` gives, and
/// step aside (nil) whenever `Codable` would refuse or say something about the line.
@Suite struct EventReaderTests {
    func tape(_ json: String) -> (JSONTape, [UInt8]) {
        var t = JSONTape()
        let bytes = Array(json.utf8)
        bytes.withUnsafeBytes { try! t.parse($0) }
        return (t, bytes)
    }

    /// Both readers over the encoded line; the bytes stay alive while the tape is read.
    func both(_ e: Event) throws -> (hand: Event?, codable: Event) {
        let bytes = Array(try JournalCoding.encoder().encode(e))
        return try bytes.withUnsafeBytes { raw in
            var t = JSONTape()
            try t.parse(raw)
            return (EventReader.event(t), try t.decode(Event.self))
        }
    }

    func records() -> [CaseRecord] {
        let day = Day(year: 2021, month: 7, day: 3)!
        var out: [CaseRecord] = []
        for i in 0..<64 {
            // Every optional field present or not, in every combination that matters.
            out.append(CaseRecord(caseId: i % 5 == 0 ? "JKT-\"\(i)\"" : "JKT-\(i)", name: i % 3 == 0 ? "Siti \"Ani\" 王 \\ \(i)" : "Budi \(i)",
                                  nik: i & 1 != 0 ? "31710000000000\(i % 10)\(i % 7)" : nil,
                                  nikMissingReason: i & 2 != 0 ? "belum punya KTP" : nil,
                                  phones: Array(["+6281200000000", "0813-1111-2222", "021 555"].prefix(i % 4)),
                                  sex: [Sex.male, .female, .unknown][i % 3], age: i & 4 != 0 ? i : nil,
                                  birthDate: i & 8 != 0 ? Day(year: 1980, month: 1 + i % 12, day: 1 + i % 28) : nil,
                                  address: "Jl. Raya No. \(i)\tGang \"3\"", rtRw: "00\(i % 9)/003", kelurahan: "Grogol",
                                  kecamatan: "Menteng", kota: "Jakarta Pusat", occupation: i % 2 == 0 ? "" : "pedagang",
                                  specimenDate: i & 16 != 0 ? day.adding(days: -1) : nil, resultDate: day,
                                  onsetDate: i & 32 != 0 ? day.adding(days: -3) : nil))
        }
        return out
    }

    @Test func theCommonEventsReadTheSameByHandAsByCodable() throws {
        var rng = SplitMix64(seed: 4)
        let t = Date(timeIntervalSince1970: 1_625_454_000.123)
        var events: [Event] = []
        for (i, r) in records().enumerated() {
            events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t.addingTimeInterval(Double(i)), actor: i % 7 == 0 ? "lab \"impor\"" : "lab-import",
                                body: .caseImported(ImportedCase(record: r, batch: "b-\(i % 3)")), version: 1 + i % 2))
        }
        for (i, outcome) in CallOutcome.allCases.enumerated() {
            for variant in 0..<4 {
                let a = CallAttempt(caseId: "JKT-\(i)", outcome: outcome, note: variant & 1 != 0 ? "kerja \"shift\" malam\n" : nil,
                                    callbackAt: variant & 2 != 0 ? t.addingTimeInterval(3600.5) : nil)
                events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: "tracer-0\(i)", body: .callLogged(a)))
            }
        }
        events.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: "tracer-01", body: .caseClaimed(CaseClaim(caseId: "JKT-\\1"))))
        for e in events {
            let (hand, codable) = try both(e)
            #expect(codable == e)
            #expect(hand == codable, "\(e.body.type)")
        }
    }

    @Test func anythingUnexpectedGoesToCodableForItsMessage() {
        let envelope = #""id":"017a742e-c4e0-774b-bc8d-ebf38cf5dc59","ts":"2021-07-05T01:01:00.000Z","actor":"t","v":1"#
        let record = #""caseId":"A","name":"B","phones":[],"sex":"F","address":"","rtRw":"","kelurahan":"","kecamatan":"","kota":"","occupation":"","resultDate":"2021-07-03""#
        let odd = [
            #"{"type":"case.imported",\#(envelope),"data":{"batch":"b","record":{\#(record),"age":"34"}}}"#, // age as text
            #"{"type":"case.imported",\#(envelope),"data":{"batch":"b","record":{\#(record),"sex":"X"}}}"#,  // no such sex
            #"{"type":"case.imported",\#(envelope),"data":{"record":{\#(record)}}}"#,                        // no batch
            #"{"type":"call.logged",\#(envelope),"data":{"caseId":"A","outcome":"maybe"}}"#,
            #"{"type":"call.logged",\#(envelope),"data":{"caseId":"A","outcome":"busy","callbackAt":"tomorrow"}}"#,
            #"{"type":"call.logged",\#(envelope),"data":{"caseId":"A","outcome":"busy","note":7}}"#,
            #"{"type":"case.claimed",\#(envelope),"data":{"caseId":null}}"#,
            #"{"type":"case.claimed","id":"not-an-id","ts":"2021-07-05T01:01:00.000Z","actor":"t","v":1,"data":{"caseId":"A"}}"#,
            #"{"type":"case.claimed","id":"017a742e-c4e0-774b-bc8d-ebf38cf5dc59","ts":"2021-07-05T01:01:00.000Z","actor":"t","data":{"caseId":"A"}}"#,
            #"{"type":"review.approved",\#(envelope),"data":{"caseId":"A"}}"#, // not one of the common events
        ]
        for json in odd {
            let (t, bytes) = tape(json)
            withExtendedLifetime(bytes) { #expect(EventReader.event(t) == nil, "\(json)") }
        }
        // Members in another order, and ones nobody knows, are read like Codable reads them.
        let (t, bytes) = tape(#"{"data":{"outcome":"busy","extra":[1,{"x":2}],"caseId":"A"},"v":1,"type":"call.logged","ts":"2021-07-05T01:01:00.000Z","id":"017a742e-c4e0-774b-bc8d-ebf38cf5dc59","actor":"t","crc":"00000000"}"#)
        withExtendedLifetime(bytes) {
            #expect(EventReader.event(t)?.body == .callLogged(CallAttempt(caseId: "A", outcome: .busy)))
        }
    }
}
