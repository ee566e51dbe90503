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

    @Test func theEightByteLookFindsTheFirstQuoteBackslashOrControlByte() {
        func naive(_ v: UInt64) -> Int {
            (0..<8).first { k in let b = UInt8(truncatingIfNeeded: v >> (8 * k)); return b == 0x22 || b == 0x5C || b < 0x20 } ?? 8
        }
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200_000 {
            var v = rng.next()
            // Mostly ordinary text, with one byte of every kind put at every place.
            if v & 1 == 0 { v = (v & 0x3F3F_3F3F_3F3F_3F3F) | 0x4040_4040_4040_4040 }
            // Two bytes of any kind at any places: a true one above or below a would-be false one.
            for _ in 0..<2 where rng.next() % 2 == 0 {
                let at = Int(rng.next() % 8), byte = UInt64(rng.next() % 256)
                v = (v & ~(0xFF << (8 * UInt64(at)))) | byte << (8 * UInt64(at))
            }
            #expect(JSONTape.Parser.firstToLook(v) == naive(v), "\(String(v, radix: 16))")
        }
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
            let said = RecordCodec.describe(e).text()
            #expect(said == "wrong type at phones")
            #expect(!said.contains("0812"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct InterviewJSONTests {
    /// Drafts and filed interviews written by hand are byte for byte what JSONEncoder writes,
    /// for every step, optional field present or not, and text that needs escaping.
    @Test func handWrittenInterviewsAreTheSameBytesAsCodable() throws {
        let foundation = JournalCoding.encoder()
        var events = FixtureJournalTests.v2Events().filter {
            if case .interviewSaved = $0.body { return true }
            if case .interviewFiled = $0.body { return true }
            return false
        }
        let record = CaseRecord(caseId: "DKI/9", name: "Nur \"Nunu\" 王\\小明\n\t\u{1}", resultDate: Day(parsing: "2021-07-04")!)
        for (i, step) in [InterviewStep.identity, .symptoms, .day(Day(parsing: "2021-07-02")!), .contacts, .review].enumerated() {
            var d = InterviewDraft(for: record, rules: .who2021)
            d.step = step
            d.newestFirst = i % 2 == 0
            d.symptomatic = "yes"; d.onset = "2021-07-01"; d.isolation = "2021-07-04"; d.consent = i == 4 ? "refused" : "given"
            let k = d.addContact(named: "Ahmad / Budi 👩‍⚕️ \"Ucok\"", on: Day(parsing: "2021-07-02"))
            d.meet(k, on: Day(parsing: "2021-07-03")!)
            d.contacts[0].phone = i % 2 == 0 ? "0812-1111-2222" : ""
            d.contacts[0].nik = i == 1 ? "3171000000000001" : ""
            d.contacts[0].age = i == 2 ? "40" : ""
            d.contacts[0].criterion = i == 3 ? "" : "face_to_face"
            d.days[Day(parsing: "2021-07-01")!, default: DayNotes()].nothingToRecord = true
            d.days[Day(parsing: "2021-07-02")!]?.visits.append(Visit(kind: .market, place: "Pasar \\ Minggu"))
            d.pendingPlace = "tab\there"
            let at = Date(timeIntervalSince1970: 1_625_443_200 + Double(i))
            events.append(Event(id: EventID.make(at: at), timestamp: at, actor: "t-\(i)", body: .interviewSaved(d)))
            var f = FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)
            if i == 1 { f.recording = "recordings/DKI_9-x.cast" }
            if i == 2 { f.period = nil }
            events.append(Event(id: EventID.make(at: at), timestamp: at, actor: "t-\(i)", body: .interviewFiled(f)))
        }
        for e in events {
            let line = try #require(InterviewJSON.line(e, seq: 42))
            // The line less its number, its checksum member and newline is what Codable writes.
            #expect(line.last == 10)
            let numbered = Array(line.dropLast(RecordCodec.suffixLength + 1))
            #expect(String(decoding: numbered.suffix(9), as: UTF8.self) == ",\"seq\":42")
            let fast = Array(numbered.dropLast(9)) + [UInt8(ascii: "}")]
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: try foundation.encode(e), as: UTF8.self))
        }
    }
}

/// The draft reader (`DraftReader`) against `InterviewDraft`'s own `Codable`: the same draft
/// from every JSON text, and a refusal from the same texts.
@Suite struct DraftReaderTests {
    func viaTape(_ data: Data) throws -> InterviewDraft {
        var tape = JSONTape()
        var bytes = [UInt8](data)
        return try bytes.withUnsafeMutableBytes { raw in
            try tape.parse(UnsafeRawBufferPointer(raw))
            return try tape.decode(InterviewDraft.self)
        }
    }

    /// Every field away from its default, so that a field the reader forgets shows.
    static func fullDraft() -> InterviewDraft {
        var d = InterviewDraft(caseId: "JKT-2107-000001", ruleSetId: "cdc-2020")
        let d1 = Day(parsing: "2021-06-28")!, d2 = Day(parsing: "2021-06-29")!
        d.step = .day(d1)
        d.confirmedName = "Siti \"Ani\" Nur'aini\n王小明 👩‍⚕️"; d.confirmedNik = "3171234567890123"; d.confirmedPhone = "0812-1111-2222"
        d.consent = "given"; d.symptomatic = "yes"; d.onset = "2021-06-25"; d.specimen = "2021-06-30"; d.isolation = "2021-07-01"
        d.newestFirst = false
        var n1 = DayNotes()
        n1.visits = [Visit(kind: .healthFacility, place: "gudang C:\\ekspedisi\tshift-2"), Visit(kind: .home, place: "rumah")]
        n1.met = ["K1", "K2"]
        n1.nothingToRecord = true
        var n2 = DayNotes(); n2.met = ["K2"]
        d.days = [d1: n1, d2: n2]
        var c = ContactDraft(id: "K1", name: "Ahmad")
        c.phone = "0812"; c.nik = "3171"; c.nikMissingReason = "lupa"; c.sex = "L"; c.age = "34"; c.relationship = "household"
        c.setting = "rumah"; c.firstExposure = "2021-06-28"; c.lastExposure = "2021-06-29"; c.criterion = "same_household"
        c.notes = "istri bilang: \"coba lagi\"\r\nbesok"; c.exposureDays = [d1, d2]
        d.contacts = [c, ContactDraft(id: "K2", name: "Budi")]
        d.nextContactNumber = 7; d.pendingPlace = "pasar"; d.pendingPerson = "Rina"
        return d
    }

    @Test func everyFieldIsSetInTheSample() {
        // A field added to the draft (or a contact, or a day) must be added to the reader and
        // set here: this fails until it is.
        func differs(_ a: Any, _ b: Any) {
            for (x, y) in zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children) {
                #expect("\(x.value)" != "\(y.value)", "\(x.label ?? "?") is left at its default in the sample")
            }
        }
        let d = Self.fullDraft()
        differs(d, InterviewDraft(caseId: "", ruleSetId: ""))
        differs(d.contacts[0], ContactDraft(id: "", name: ""))
        differs(d.days.values.first { $0.nothingToRecord }!, DayNotes())
    }

    enum PathPart: CustomStringConvertible {
        case key(String), index(Int)
        var description: String { switch self { case .key(let k): k; case .index(let i): "[\(i)]" } }
    }

    static func paths(_ v: Any, _ at: [PathPart] = []) -> [[PathPart]] {
        var out: [[PathPart]] = at.isEmpty ? [] : [at]
        if let o = v as? [String: Any] { for (k, x) in o { out += paths(x, at + [.key(k)]) } }
        if let a = v as? [Any] { for (i, x) in a.enumerated() { out += paths(x, at + [.index(i)]) } }
        return out
    }

    /// `v` with the value at `path` replaced (nil: removed from its object).
    static func set(_ v: Any, _ path: ArraySlice<PathPart>, _ new: Any?) -> Any {
        guard let first = path.first else { return new as Any }
        switch first {
        case .key(let k):
            var o = v as! [String: Any]
            if path.count == 1, new == nil { o.removeValue(forKey: k) } else { o[k] = set(o[k]!, path.dropFirst(), new) }
            return o
        case .index(let i):
            var a = v as! [Any]
            if path.count == 1, new == nil { a.remove(at: i) } else { a[i] = set(a[i], path.dropFirst(), new) }
            return a
        }
    }

    @Test func theReaderAndCodableAgreeOnEveryFieldRemovedNulledOrMistyped() throws {
        let d = Self.fullDraft()
        let data = try JournalCoding.encoder().encode(d)
        #expect(try viaTape(data) == d)
        #expect(try JournalCoding.decoder().decode(InterviewDraft.self, from: data) == d)
        let tree = try JSONSerialization.jsonObject(with: data)
        let replacements: [(String, Any?)] = [("removed", nil), ("null", NSNull()), ("a number", 7), ("a string", "x"),
                                              ("a date string", "2021-06-30"), ("true", true), ("an array", [Any]()),
                                              ("an object", [String: Any]()), ("a bad place kind", "castle")]
        var compared = 0, refusedByBoth = 0
        for path in Self.paths(tree) {
            for (what, new) in replacements {
                let mutated = Self.set(tree, path[...], new)
                let text = try JSONSerialization.data(withJSONObject: mutated)
                let codable = Result { try JournalCoding.decoder().decode(InterviewDraft.self, from: text) }
                let reader = Result { try viaTape(text) }
                compared += 1
                switch (codable, reader) {
                case (.success(let a), .success(let b)):
                    #expect(a == b, "\(path) \(what): both read it, differently")
                case (.failure, .failure):
                    refusedByBoth += 1
                case (.success, .failure(let e)):
                    Issue.record("\(path.map(\.description).joined(separator: ".")) \(what): Codable reads it, the reader refuses (\(e))")
                case (.failure(let e), .success):
                    Issue.record("\(path.map(\.description).joined(separator: ".")) \(what): the reader reads it, Codable refuses (\(e))")
                }
            }
        }
        #expect(compared > 500 && refusedByBoth > 100)
    }

    /// Found by a tester: an escaped key and a day given twice read as Codable reads them.
    @Test func anEscapedKeyAndADayGivenTwiceReadAsCodableReadsThem() throws {
        let texts = [
            #"{"case\u0049d":"JKT-1","days":{"2021-06-28":{"nothingToRecord":true}},"vis\u0069ts":[]}"#,
            #"{"caseId":"JKT-1","days":{"2021-06-28":{"nothingToRecord":true},"2021-06-28":{"met":["K1"]}}}"#,
            #"{"caseId":"JKT-1","days":{"2021-06-2\u0038":{"nothingToRecord":true}},"contacts":[{"\u0069d":"K1","name":"A"}]}"#,
        ]
        for t in texts {
            let data = Data(t.utf8)
            let codable = try JournalCoding.decoder().decode(InterviewDraft.self, from: data)
            #expect(try viaTape(data) == codable, "\(t)")
        }
    }

    @Test func aRefusalNamesTheFieldsPath() throws {
        let d = Self.fullDraft()
        var tree = try JSONSerialization.jsonObject(with: JournalCoding.encoder().encode(d))
        tree = Self.set(tree, [.key("contacts"), .index(0), .key("exposureDays"), .index(1)][...], "2021-06-31")
        let text = try JSONSerialization.data(withJSONObject: tree)
        do {
            _ = try viaTape(text)
            Issue.record("a bad date was read")
        } catch let DecodingError.dataCorrupted(c) {
            #expect(c.codingPath.map { $0.intValue.map { "\($0)" } ?? $0.stringValue } == ["contacts", "0", "exposureDays", "1"])
        }
    }
}

/// A record that says two things (a key twice, the second spelt with escapes, at any depth) is
/// refused: PostgreSQL's jsonb keeps a repeated key's last copy and this reader the first, so a
/// server's check and a desk's reading would disagree (issue 18's third tester).
@Suite struct RepeatedKeyTests {
    @Test func aKeyGivenTwiceAtAnyDepthOrSpeltWithEscapesIsRefused() throws {
        let head = #"{"v":2,"id":"0190ab00-0000-7000-8000-000000000001","ts":"2026-11-30T09:00:00.000Z","#
        let plain = head + #""actor":"tracer-1","type":"call.logged","data":{"caseId":"M-1","outcome":"busy"}}"#
        var reader = EventJSONReader()
        #expect(try reader.decode(plain).actor == "tracer-1")
        let saysTwo = [
            head + #""actor":"lead-1","\u0061ctor":"tracer-1","type":"call.logged","data":{"caseId":"M-1","outcome":"busy"}}"#,
            head + #""actor":"tracer-1","type":"call.logged","data":{"caseId":"M-2","\u0063aseId":"M-1","outcome":"busy"}}"#,
            head + #""actor":"tracer-1","type":"call.logged","data":{"caseId":"M-1","outcome":"busy","x":{"a":1,"\u0061":2}}}"#,
            head + #""actor":"tracer-1","type":"call.logged","data":{"caseId":"M-1","outcome":"busy","x":[{"a":1,"a":2}]}}"#,
        ]
        for text in saysTwo {
            #expect(throws: (any Error).self, "\(text)") { _ = try reader.decode(text) }
        }
    }

    /// Keys in sorted order are settled in one pass; a repeat among sorted keys, or keys a
    /// prefix of one another, are still told apart right, on random objects against a `Set`.
    @Test func sortedKeysAreSettledInOnePassAndRepeatsStillFound() throws {
        var rng = SystemRandomNumberGenerator()
        let pool = ["a", "ab", "abc", "b", "ba", "caseId", "caseIdX", "", "z", "\\u0061"]
        for _ in 0..<2_000 {
            var keys = (0..<Int.random(in: 1...6, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            if Bool.random(using: &rng) { keys.sort() }
            let object = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
            let record = #"{"actor":"tracer-1","data":{"caseId":"M-1","outcome":"busy","x":"# + object
                + #"},"id":"0190ab00-0000-7000-8000-000000000001","ts":"2026-11-30T09:00:00.000Z","type":"call.logged","v":2}"#
            let meaning = keys.map { $0 == "\\u0061" ? "a" : $0 }
            var reader = EventJSONReader()
            if Set(meaning).count == meaning.count {
                #expect(throws: Never.self, "\(object)") { _ = try reader.decode(record) }
            } else {
                #expect(throws: (any Error).self, "\(object)") { _ = try reader.decode(record) }
            }
        }
    }
}
