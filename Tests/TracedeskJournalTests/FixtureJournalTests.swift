import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// Journals written by each schema version, frozen in Tests/…/Fixtures and replayed forever:
/// a later tracedesk must still read them (upcasting old versions) and rebuild the same desk.
@Suite struct FixtureJournalTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The events of the v1 fixture, built once and then frozen as a file. Set
    /// TRACEDESK_WRITE_FIXTURES=1 to write it again (only when adding a new version's file).
    static func v1Events() -> [Event] {
        var rng = SplitMix64(seed: 2021)
        let t0 = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: 8, minute: 0)
        var t = t0
        var out: [Event] = []
        func add(_ b: EventBody, _ actor: String) {
            t = t.addingTimeInterval(60)
            out.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: b, version: 1))
        }
        let a = CaseRecord(caseId: "DKI-1", name: "Siti Nur'aini", nik: "3171014507850002", phones: ["+6281234567801"], sex: .female,
                           age: 36, address: "Jl. Kebon Sirih 12", rtRw: "003/005", kelurahan: "Kebon Sirih", kecamatan: "Menteng",
                           kota: "Jakarta Pusat", occupation: "guru", specimenDate: Day(parsing: "2021-07-03"),
                           resultDate: Day(parsing: "2021-07-04")!, onsetDate: Day(parsing: "2021-07-01"))
        let b = CaseRecord(caseId: "DKI-2", name: "Budi 王", phones: ["+6281311112202"], sex: .male, birthDate: Day(parsing: "1979-10-20"),
                           kelurahan: "Tebet Barat", resultDate: Day(parsing: "2021-07-04")!)
        let c = CaseRecord(caseId: "DKI-3", name: "Dewi", resultDate: Day(parsing: "2021-07-03")!)
        for body in Desk.importEvents([a, b, c], batch: "fixture-batch") { add(body, "lab-import") }
        add(.caseClaimed(CaseClaim(caseId: "DKI-2")), "tracer-01")
        for _ in 0..<3 { add(.callLogged(CallAttempt(caseId: "DKI-2", outcome: .noAnswer)), "tracer-01") }
        add(.caseReferred(FieldReferral(caseId: "DKI-2", failedAttempts: 3)), "tracer-01")
        add(.caseClaimed(CaseClaim(caseId: "DKI-3")), "tracer-02")
        add(.callLogged(CallAttempt(caseId: "DKI-3", outcome: .callBack, note: "kerja", callbackAt: t0.addingTimeInterval(86400))), "tracer-02")
        add(.caseClaimed(CaseClaim(caseId: "DKI-1")), "tracer-01")
        add(.callLogged(CallAttempt(caseId: "DKI-1", outcome: .reached)), "tracer-01")
        var d = InterviewDraft(for: a, rules: .indonesia2021)
        d.consent = "given"; d.isolation = "2021-07-04"
        // As the builds that froze these journals prefilled the line list's dates: ISO.
        d.onset = "2021-07-01"; d.specimen = "2021-07-03"
        let k1 = d.addContact(named: "Ahmad", on: Day(parsing: "2021-07-02"))
        d.meet(k1, on: Day(parsing: "2021-07-03")!)
        d.contacts[0].phone = "0812-9999-0001"; d.contacts[0].criterion = "same_household"; d.contacts[0].relationship = "household"
        d.days[Day(parsing: "2021-07-02")!]?.visits.append(Visit(kind: .home, place: "rumah"))
        d.step = .review
        add(.interviewSaved(d), "tracer-01")
        add(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), "tracer-01")
        return out
    }

    /// Version 2 added the lead's events: the v1 journal, then a lead returns DKI-1's
    /// interview, the tracer re-files it, the lead approves it and reassigns DKI-3; a tracer's
    /// own "approval" of DKI-1 sits in between and counts for nothing.
    static let v2Team = Team(name: "Tim Menteng", members: [
        TeamMember(id: "tracer-01", name: "Dewi", role: .tracer), TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
        TeamMember(id: "lead-01", name: "Sri", role: .lead),
    ])

    static func v2Events() -> [Event] {
        var rng = SplitMix64(seed: 2022)
        var t = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: 10, minute: 0)
        var out = v1Events()
        func add(_ b: EventBody, _ actor: String) {
            t = t.addingTimeInterval(60)
            out.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: b, version: 2))
        }
        guard case .interviewFiled(let filed) = out.last!.body else { fatalError("the v1 fixture ends with a filing") }
        add(.reviewApproved(ReviewDecision(caseId: "DKI-1")), "tracer-02")
        add(.reviewReturned(ReviewDecision(caseId: "DKI-1", note: "Ahmad: tanggal kontak terakhir?")), "lead-01")
        var d = filed.draft
        d.contacts[0].lastExposure = "2021-07-03"
        add(.interviewSaved(d), "tracer-01")
        add(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), "tracer-01")
        add(.reviewApproved(ReviewDecision(caseId: "DKI-1")), "lead-01")
        add(.caseAssigned(CaseAssignment(caseId: "DKI-3", tracer: "tracer-01", from: "tracer-02")), "lead-01")
        return out
    }

    @Test func writeFixturesWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["TRACEDESK_WRITE_FIXTURES"] == "1" else { return }
        for (name, events) in [("journal-v1.jsonl", Self.v1Events()), ("journal-v2.jsonl", Self.v2Events()),
                               ("journal-v2-numbered.jsonl", Self.v2Events())] {
            let path = Self.fixtures.appendingPathComponent(name).path
            guard !FileManager.default.fileExists(atPath: path) else { continue } // frozen: never rewritten
            try FileJournal(path: path).append(events)
        }
    }

    @Test func theVersion2JournalReplaysWithItsTeam() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let copy = dir.path + "/journal.jsonl"
        let source = Self.fixtures.appendingPathComponent("journal-v2.jsonl")
        try #require(FileManager.default.createFile(atPath: copy, contents: try Data(contentsOf: source), attributes: [.posixPermissions: 0o600]))
        let journal = try FileJournal(path: copy)
        let events = try journal.readAll()
        #expect(events == Self.v2Events())
        let desk = Desk(replaying: events, team: Self.v2Team)
        #expect(desk.anomalies.map(\.text) == ["approval by tracer-02 ignored: tracer-02 is a tracer; only a team lead may do this"])
        #expect(desk["DKI-1"]?.status == .approved)
        #expect(desk["DKI-1"]?.reviewedBy == "lead-01")
        #expect(desk["DKI-1"]?.contacts.first?.lastExposure?.iso == "2021-07-03")
        #expect(try desk.caseInFull("DKI-1", in: journal)?.history.contains { $0.summary == "interview returned: Ahmad: tanggal kontak terakhir?" } == true)
        #expect(desk["DKI-3"]?.claimedBy == "tracer-01")
        // Without the team file nobody is a lead: the lead's events do nothing.
        let noTeam = Desk(replaying: events)
        #expect(noTeam["DKI-1"]?.status == .awaitingReview)
        #expect(noTeam["DKI-3"]?.claimedBy == "tracer-02")
    }

    /// The same events as today's writer lays them out: numbered records, and the drafts in
    /// the draft store beside the log (`journal-v2-numbered.drafts/`), not in it.
    @Test func theNumberedJournalWithItsDraftStoreReplays() throws {
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let copy = dir.path + "/journal.jsonl"
        let source = Self.fixtures.appendingPathComponent("journal-v2-numbered.jsonl")
        try #require(FileManager.default.createFile(atPath: copy, contents: try Data(contentsOf: source), attributes: [.posixPermissions: 0o600]))
        // The checkout's modes are not a tracer's: the copy is made private, as a desk makes it.
        let drafts = DraftStore.directory(forJournal: copy)
        try FileManager.default.copyItem(atPath: DraftStore.directory(forJournal: source.path), toPath: drafts)
        for sub in [drafts, drafts + "/filed"] {
            chmod(sub, 0o700)
            for f in try FileManager.default.contentsOfDirectory(atPath: sub) where f.hasSuffix(".jsonl") { chmod(sub + "/" + f, 0o600) }
        }
        let journal = try FileJournal(path: copy)
        let logged = try journal.readAll()
        #expect(!logged.contains { $0.isDraft })
        #expect(try String(contentsOf: source, encoding: .utf8).contains("\"seq\":1,"))
        let all = Desk.inTimeOrder(logged, try journal.drafts(of: "DKI-1"))
        #expect(all == Self.v2Events())
        let desk = try journal.replay(team: Self.v2Team)
        let whole = Desk(replaying: Self.v2Events(), team: Self.v2Team)
        for id in ["DKI-1", "DKI-2", "DKI-3"] {
            #expect(desk[id]?.status == whole[id]?.status && desk[id]?.claimedBy == whole[id]?.claimedBy, "\(id)")
            // The desk holds filings in short and reads them whole by place.
            #expect(try desk.filedInterview(of: id, in: journal) == whole[id]?.interview, "\(id)")
            #expect(desk[id]?.contactCount == whole[id]?.contacts.count, "\(id)")
        }
        #expect(desk["DKI-1"]?.interview == nil && desk["DKI-1"]?.filing?.contacts == 1)
        #expect(desk.anomalies == whole.anomalies)
        #expect(desk["DKI-1"]?.status == .approved)
        #expect(try desk.caseInFull("DKI-1", in: journal)?.history.contains { $0.summary == "interview started" } == true)
    }

    @Test func theVersion1JournalStillReplays() throws {
        let source = Self.fixtures.appendingPathComponent("journal-v1.jsonl")
        // Open a copy: the frozen file is never written, and it lives in a 0755 checkout.
        let dir = TempDir()
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let copy = dir.path + "/journal.jsonl"
        try #require(FileManager.default.createFile(atPath: copy, contents: try Data(contentsOf: source), attributes: [.posixPermissions: 0o600]))
        let journal = try FileJournal(path: copy)
        let events = try journal.readAll()
        #expect(events.count == 15)
        let desk = Desk(replaying: events)
        #expect(desk.anomalies.isEmpty)
        #expect(desk.cases.count == 3)
        #expect(desk["DKI-1"]?.status == .awaitingReview)
        #expect(desk["DKI-1"]?.contacts.map(\.name) == ["Ahmad"])
        #expect(desk["DKI-1"]?.contacts.first?.quarantineEnd?.iso == "2021-07-17")
        #expect(desk["DKI-1"]?.contacts.first?.isClose == true)
        #expect(desk["DKI-2"]?.status == .needsFieldTracer)
        #expect(desk["DKI-2"]?.record.name == "Budi 王")
        #expect(desk["DKI-3"]?.status == .callbackScheduled)
        #expect(desk["DKI-3"]?.claimedBy == "tracer-02")
        // Today's code builds the same events the file holds: a change to the format shows here.
        #expect(events == Self.v1Events())
    }
}
