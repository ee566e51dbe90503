import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// The journal's own JSON reader must read exactly what Foundation's JSONDecoder reads, and
/// refuse what it refuses: replay would otherwise disagree with `jq` about a record.
@Suite struct TapeDecoderTests {
    func viaTape<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        var tape = JSONTape()
        var bytes = Array(json.utf8)
        return try bytes.withUnsafeMutableBytes { raw in
            try tape.parse(UnsafeRawBufferPointer(raw))
            return try tape.decode(T.self)
        }
    }

    @Test func everyFixtureEventReadsTheSameAsJSONDecoder() throws {
        let lines = try String(contentsOf: FixtureJournalTests.fixtures.appendingPathComponent("journal-v1.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 15)
        for line in lines {
            let foundation = try JournalCoding.decoder().decode(Event.self, from: Data(line.utf8))
            #expect(try viaTape(Event.self, String(line)) == foundation)
        }
    }

    @Test func escapesAndUnicodeComeBackAsWritten() throws {
        let names = ["Siti \"Ani\" Nur'aini", "tab\tnew\nline\\slash/", "王小明 👩‍⚕️", "e\u{301}", "\u{1}\u{1f}"]
        for name in names {
            let rec = CaseRecord(caseId: "A", name: name, resultDate: Day(year: 2021, month: 7, day: 3)!)
            let json = String(decoding: try JournalCoding.encoder().encode(rec), as: UTF8.self)
            #expect(try viaTape(CaseRecord.self, json) == rec)
        }
        // \u escapes, including a surrogate pair, as other writers (jq, Python) produce them.
        #expect(try viaTape(String.self, #""\u00e9\u738b\ud83d\ude00\/""#) == "é王😀/")
    }

    @Test func missingOptionalFieldsAndNullsDecodeLikeFoundation() throws {
        let json = #"{"caseId":"A","name":"B","phones":[],"sex":"F","address":"","rtRw":"","kelurahan":"","kecamatan":"","kota":"","occupation":"","resultDate":"2021-07-03","age":null}"#
        let tape = try viaTape(CaseRecord.self, json)
        #expect(tape == (try JournalCoding.decoder().decode(CaseRecord.self, from: Data(json.utf8))))
        #expect(tape.age == nil && tape.nik == nil)
    }

    @Test func malformedJSONIsRefused() {
        let bad = [#"{"a":1"#, #"{"a":1}}"#, #"{"a":01x}"#, #"{"a":"\q"}"#, "{\"a\":\"\u{1}\"}", #"{"a":tru}"#,
                   #"{a:1}"#, #"[1,]"#, #"{"a":1,}"#, "", #"{"a":"\u12"}"#, #"{"a":-}"#, #"{"a":1.}"#]
        for text in bad {
            var tape = JSONTape()
            var bytes = Array(text.utf8)
            let failed = bytes.withUnsafeMutableBytes { raw in
                do { try tape.parse(UnsafeRawBufferPointer(raw)); return false } catch { return true }
            }
            #expect(failed, "accepted \(text)")
        }
    }

    @Test func aWrongTypeNamesTheFieldNotTheValue() {
        let json = #"{"caseId":"A","name":"Siti","phones":"0812","sex":"F","address":"","rtRw":"","kelurahan":"","kecamatan":"","kota":"","occupation":"","resultDate":"2021-07-03"}"#
        do {
            _ = try viaTape(CaseRecord.self, json)
            Issue.record("decoded a string as a list")
        } catch let e as DecodingError {
            let said = RecordCodec.describe(e)
            #expect(said == "wrong type at phones")
            #expect(!said.contains("0812"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
