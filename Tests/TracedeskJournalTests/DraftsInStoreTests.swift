import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// A desk keeps where each interview draft is in the journal, not the draft: it reads the one
/// draft it needs when the tracer opens the case.
@Suite struct DraftsInStoreTests {
    let t0 = Date(timeIntervalSince1970: 1_625_454_000)
    let record = CaseRecord(caseId: "JKT-7", name: "Dewi Lestari", phones: ["+6281234567890"],
                            resultDate: Day(year: 2021, month: 7, day: 3)!)

    func draft(contacts names: [String]) -> InterviewDraft {
        var d = InterviewDraft(for: record, rules: .indonesia2021)
        d.consent = "given"
        for n in names { _ = d.addContact(named: n, on: Day(parsing: "2021-07-02")) }
        return d
    }

    func event(_ body: EventBody, _ i: Int, by actor: String = "tracer-01") -> Event {
        var rng = SplitMix64(seed: UInt64(i))
        let t = t0.addingTimeInterval(Double(i))
        return Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: body)
    }

    func journal(_ dir: TempDir) throws -> FileJournal {
        let j = try FileJournal(path: dir.journal)
        var events = Desk.importEvents([record], batch: "b").enumerated().map { event($0.element, $0.offset, by: "lab-import") }
        events.append(event(.caseClaimed(CaseClaim(caseId: "JKT-7")), 10))
        events.append(event(.interviewSaved(draft(contacts: ["Ahmad"])), 11))
        events.append(event(.interviewSaved(draft(contacts: ["Ahmad", "Rina"])), 12))
        try j.append(events)
        return j
    }

    @Test func theDeskHoldsThePlaceOfTheLastDraftAndReadsItWhenAsked() throws {
        let dir = TempDir()
        _ = try journal(dir)
        let reader = try FileJournal(path: dir.journal)
        let desk = try reader.replay()
        guard case .saved(let ref)? = desk["JKT-7"]?.draft else {
            Issue.record("the draft should be held as its place in the journal, not in memory")
            return
        }
        // The place is the last interview.saved line: its bytes are that record.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.journal))
        let line = String(decoding: bytes[Int(ref.offset)..<Int(ref.offset) + Int(ref.length)], as: UTF8.self)
        #expect(line.hasPrefix("{") && line.hasSuffix("}") && line.contains("\"Rina\""))
        #expect(try desk.draft(of: "JKT-7", in: reader)?.contacts.map(\.name) == ["Ahmad", "Rina"])
        // History lines are places too, made into lines when the case is shown.
        #expect(desk["JKT-7"]?.history.isEmpty == true)
        #expect(desk["JKT-7"]?.historyRefs.count == 4) // import, claim, both drafts
        // A lead's history of changes reads the case's events by place: the same events a
        // search through the whole journal finds.
        #expect(try desk.events(about: "JKT-7", in: reader) == (try reader.events(about: "JKT-7")))
        #expect(try desk.caseInFull("JKT-7", in: reader)?.history.map(\.summary)
                == ["imported from the lab line list", "opened and claimed", "interview started"])
        // Without a store to read from, a held place cannot be read, and says so.
        #expect(throws: Desk.DraftUnavailable.self) { try desk.draft(of: "JKT-7", in: nil) }
    }

    @Test func aDraftAnotherDeskSavesIsTheOneOpenedHere() throws {
        let dir = TempDir()
        _ = try journal(dir)
        let here = try FileJournal(path: dir.journal)
        var desk = try here.replay()
        let there = try FileJournal(path: dir.journal)
        _ = try there.readAll()
        let written = try there.transact { _ in [event(.interviewSaved(draft(contacts: ["Ahmad", "Rina", "Joko"])), 20)] }.written
        // The writer knows where its record went: a desk applying it keeps that place.
        #expect(written.first?.ref != nil)
        for e in try here.readNew() { desk.apply(e) }
        #expect(try desk.draft(of: "JKT-7", in: here)?.contacts.map(\.name) == ["Ahmad", "Rina", "Joko"])
        // A snapshot keeps places, and they still read after the desk reopens from it.
        try DeskSnapshot.write(desk, at: here.position, journal: dir.journal)
        let (opened, start) = try FileJournal(path: dir.journal).openDesk()
        #expect(start == .snapshot(tailEvents: 0))
        #expect(opened == desk)
        #expect(try opened.draft(of: "JKT-7", in: here)?.contacts.count == 3)
    }

    /// Decodes one encoded line the way the desk's replay does, and whole.
    func decode(_ e: Event) throws -> (inStore: Event, whole: Event) {
        let line = try RecordCodec().encode(e, seq: 1).dropLast() // the newline
        return try Array(line).withUnsafeBytes { raw in
            var tape = JSONTape()
            return (try RecordCodec.decode(raw, using: &tape, draftsStayInStore: true),
                    try RecordCodec.decode(raw, using: &tape))
        }
    }

    @Test func theShallowReadOfADraftGivesTheSameEventAsTheWholeRead() throws {
        // Strings that end, escape and bracket in every awkward way, inside and around the draft.
        let awkward = ["Ahmad \"Bang\" }]{[", "back\\slash\\", "\\\"", "王小明 ✓", "tab\there", "{\"caseId\":\"NOT-ME\"}"]
        for (i, name) in awkward.enumerated() {
            var d = draft(contacts: [name, "Rina"])
            d.caseId = i % 2 == 0 ? "JKT-7" : "JKT-\"\(i)\"\\"
            d.pendingPerson = name
            let e = event(.interviewSaved(d), i, by: i == 3 ? "tracer \"三\"" : "tracer-01")
            let (inStore, whole) = try decode(e)
            #expect(whole == e)
            #expect(inStore.body == .interviewSavedInStore(caseId: d.caseId), "\(name)")
            #expect(inStore.id == e.id && inStore.timestamp == e.timestamp && inStore.actor == e.actor && inStore.version == e.version)
            // …and it was the shallow read that gave it, not the fallback to the whole one.
            let line = Array(try RecordCodec().encode(e, seq: 1).dropLast())
            let shallow = try line.withUnsafeBytes { raw in
                var tape = JSONTape()
                return try RecordCodec.draftInStore(raw, using: &tape)
            }
            #expect(shallow == inStore)
        }
        // Other events are read whole either way.
        let call = event(.callLogged(CallAttempt(caseId: "JKT-7", outcome: .busy, note: "\"type\":\"interview.saved\"")), 40)
        let (a, b) = try decode(call)
        #expect(a == call && b == call)
    }

    @Test func aDraftDamagedUnderAGoodChecksumIsNamedByCheckAndRefusedByTheDeskAlike() throws {
        let dir = TempDir()
        let j = try journal(dir)
        // Brackets that do not match, in a record numbered as its line: the desk's shallow read
        // only counts them, `check` parses the draft. Both must see the same journal: the
        // record is whole (not damage), the draft in it is lost, and both say so.
        let line = (try FileJournal(path: dir.journal).readAll()).count + 1
        var body = Array(#"{"actor":"tracer-01","data":{"caseId":"JKT-7","days":{]},"id":"017a742e-c4e0-774b-bc8d-ebf38cf5dc59","ts":"2021-07-05T01:01:00.000Z","type":"interview.saved","v":1,"seq":\#(line)}"#.utf8)
        let crc = CRC32C.checksum(body)
        body.removeLast()
        body += Array(",\"crc\":\"\(RecordCodec.hex(crc))\"}\n".utf8)
        let fd = open(dir.journal, O_WRONLY | O_APPEND)
        _ = body.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        // One more good record after it, so the bad one is in the middle.
        try j.append([event(.callLogged(CallAttempt(caseId: "JKT-7", outcome: .busy)), 50)])
        let desk = try FileJournal(path: dir.journal).replay()
        #expect(desk["JKT-7"]?.draft != nil)
        #expect(throws: (any Error).self) { try desk.draft(of: "JKT-7", in: try FileJournal(path: dir.journal)) }
        let checked = try FileJournal(path: dir.journal, access: .read)
        var seen: [Event] = []
        _ = try checked.verify { seen += $0 }
        #expect(checked.unreadableDrafts.map(\.line) == [line])
        #expect(seen.contains { $0.body == .interviewSavedInStore(caseId: "JKT-7") })
    }

    @Test func aDraftOfMoreThanAMebibyteIsReadToTheEndOfItsLine() throws {
        let dir = TempDir()
        let j = try journal(dir)
        var big = draft(contacts: ["Ahmad"])
        big.contacts[0].notes = String(repeating: "catatan panjang 王 ", count: 70_000) // ~1.5 MB
        try j.append([event(.interviewSaved(big), 30), event(.callLogged(CallAttempt(caseId: "JKT-7", outcome: .busy)), 31)])
        let reader = try FileJournal(path: dir.journal)
        let desk = try reader.replay()
        guard case .saved(let ref)? = desk["JKT-7"]?.draft else { Issue.record("not held as a place"); return }
        #expect(ref.length == 0) // too long to carry its length
        #expect(try desk.draft(of: "JKT-7", in: reader)?.contacts.first?.notes == big.contacts[0].notes)
        // Places are 8 bytes, and say what they were given.
        #expect(MemoryLayout<EventRef>.size == 8)
        let r = EventRef(offset: 1 << 43, length: 1_048_575)
        #expect(r.offset == 1 << 43 && r.length == 1_048_575)
    }

    @Test func checkStillReadsEveryDraftWhole() throws {
        let dir = TempDir()
        _ = try journal(dir)
        var seen: [Event] = []
        _ = try FileJournal(path: dir.journal).verify { seen += $0 }
        let drafts = seen.compactMap { e -> InterviewDraft? in if case .interviewSaved(let d) = e.body { d } else { nil } }
        #expect(drafts.map(\.contacts.count) == [1, 2])
    }
}
