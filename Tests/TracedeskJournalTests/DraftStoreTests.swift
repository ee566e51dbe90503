import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// Interview drafts live in the draft store, one file per case, not in the event log every
/// desk replays; the filed interview stays one event in the log.
@Suite struct DraftStoreTests {
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

    /// Import, claim, and two drafts, each saved as the desk saves one (its own transact).
    func journal(_ dir: TempDir, io: FileIO = PosixFileIO()) throws -> FileJournal {
        let j = try FileJournal(path: dir.journal, io: io)
        var events = Desk.importEvents([record], batch: "b").enumerated().map { event($0.element, $0.offset, by: "lab-import") }
        events.append(event(.caseClaimed(CaseClaim(caseId: "JKT-7")), 10))
        try j.append(events)
        try j.append([event(.interviewSaved(draft(contacts: ["Ahmad"])), 11)])
        try j.append([event(.interviewSaved(draft(contacts: ["Ahmad", "Rina"])), 12)])
        return j
    }

    var draftFile: (TempDir) -> String {
        { DraftStore.directory(forJournal: $0.journal) + "/" + DraftStore.fileName("JKT-7") }
    }

    @Test func draftsGoToTheCasesFileAndTheLogHoldsNone() throws {
        let dir = TempDir()
        _ = try journal(dir)
        let log = try String(contentsOfFile: dir.journal, encoding: .utf8)
        #expect(!log.contains("interview.saved"))
        #expect(log.split(separator: "\n").count == 3) // import, commit, claim
        let lines = try String(contentsOfFile: draftFile(dir), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[1].contains("\"Rina\"") && lines[1].contains("\"seq\":2"))
        #expect(mode(draftFile(dir)) == 0o600)
        #expect(mode(DraftStore.directory(forJournal: dir.journal)) == 0o700)
    }

    @Test func theDeskKnowsWhichInterviewsAreInProgressAndReadsTheDraftWhenOpened() throws {
        let dir = TempDir()
        _ = try journal(dir)
        let reader = try FileJournal(path: dir.journal)
        let desk = try reader.replay()
        #expect(desk["JKT-7"]?.draft == .stored)
        #expect(desk["JKT-7"]?.draftSavedBy == "tracer-01")
        #expect(try desk.draft(of: "JKT-7", in: reader)?.contacts.map(\.name) == ["Ahmad", "Rina"])
        // The lead's history has the drafts, merged in time with the log's events.
        let history = try desk.events(about: "JKT-7", in: reader)
        #expect(history.map(\.body.type) == ["case.imported", "case.claimed", "interview.saved", "interview.saved"])
        let lines = try desk.caseInFull("JKT-7", in: reader)?.history.map(\.summary) ?? []
        #expect(lines == ["imported from the lab line list", "opened and claimed", "interview started"], "\(lines)")
    }

    /// The same tracer on a second terminal: its draft never reaches the other desk's
    /// replay (drafts are not in the log), and is still the one opened there.
    @Test func aDraftAnotherDeskSavesIsTheOneOpenedHere() throws {
        let dir = TempDir()
        _ = try journal(dir)
        let here = try FileJournal(path: dir.journal)
        let desk = try here.replay()
        let there = try FileJournal(path: dir.journal)
        _ = try there.readAll()
        try there.append([event(.interviewSaved(draft(contacts: ["Ahmad", "Rina", "Joko"])), 20)])
        #expect(try desk.draft(of: "JKT-7", in: here)?.contacts.map(\.name) == ["Ahmad", "Rina", "Joko"])
    }

    @Test func filingMovesTheDraftsToTheFiledOnesAndReturnAndRefileKeepBoth() throws {
        let dir = TempDir()
        let j = try journal(dir)
        let d = draft(contacts: ["Ahmad", "Rina"])
        try j.append([event(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), 30)])
        #expect(try j.casesInProgress().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: draftFile(dir)))
        let filed = DraftStore.directory(forJournal: dir.journal) + "/filed/" + DraftStore.fileName("JKT-7").dropLast(6) + ".1.jsonl"
        #expect(FileManager.default.fileExists(atPath: filed))
        // After a filing, the desk opens no draft, and a new start sees none in progress.
        let desk = try FileJournal(path: dir.journal).replay()
        #expect(desk["JKT-7"]?.draft == nil && desk["JKT-7"]?.status == .awaitingReview)
        // A new draft after filing (the lead returned it) is a new file; filed again, the second.
        try j.append([event(.interviewSaved(draft(contacts: ["Ahmad", "Rina", "Sari"])), 40)])
        #expect(try j.casesInProgress() == ["JKT-7"])
        try j.append([event(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), 41)])
        #expect(try j.drafts(of: "JKT-7").map(\.timestamp) == [11, 12, 40].map { t0.addingTimeInterval($0) })
    }

    /// A power cut right after a draft save: the tracer was told it was kept, and it is.
    @Test func anAcknowledgedDraftSurvivesAPowerCut() throws {
        let dir = TempDir()
        let io = PowerCutIO()
        _ = try journal(dir, io: io)
        appendRaw(draftFile(dir), #"{"actor":"tracer-01","data":{"caseId":"JKT-7","#)
        io.cutPower()
        let j = try FileJournal(path: dir.journal)
        #expect(try j.replay().draft(of: "JKT-7", in: j)?.contacts.map(\.name) == ["Ahmad", "Rina"])
    }

    /// A torn last line in a case's draft file (a desk killed mid-save) is set aside by the
    /// next save there, and the draft before it is what opens.
    @Test func aTornDraftIsSetAsideByTheNextSave() throws {
        let dir = TempDir()
        _ = try journal(dir)
        appendRaw(draftFile(dir), #"{"actor":"tracer-01","data":{"caseId":"JKT-7","#)
        let j = try FileJournal(path: dir.journal)
        #expect(try j.latestDraft(of: "JKT-7").map { e -> Int in
            guard case .interviewSaved(let d) = e.body else { return -1 }
            return d.contacts.count
        } == 2)
        try j.append([event(.interviewSaved(draft(contacts: ["Ahmad", "Rina", "Joko"])), 20)])
        let lines = try String(contentsOfFile: draftFile(dir), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3 && lines[2].contains("\"seq\":3"))
        #expect(FileManager.default.fileExists(atPath: draftFile(dir) + ".quarantine"))
    }

    /// Found by a tester: a last draft with a valid checksum that this build cannot read was
    /// passed over, the one before it opened, and the next save written after it.
    @Test func aLastDraftThisBuildCannotReadStopsThatInterviewAndCheckSaysSo() throws {
        let dir = TempDir()
        let j = try journal(dir)
        let path = draftFile(dir)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let last = lines[lines.count - 1]
        let body = String(last[..<last.range(of: ",\"seq\":")!.lowerBound]).replacingOccurrences(of: "\"consent\":\"given\"", with: "\"consent\":5")
        #expect(body.contains("\"consent\":5"))
        let bad = sealed(body + ",\"seq\":\(lines.count + 1)}")
        try ((lines + [bad]).joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        // The desk does not open the draft before it as the interview.
        #expect(throws: JournalError.self) { _ = try j.latestDraft(of: "JKT-7") }
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).latestDraft(of: "JKT-7") }
        // check names the file and the line.
        let verified = try FileJournal(path: path, access: .read).verify { _ in }
        #expect(verified.unreadable?.line == lines.count + 1)
    }

    @Test func caseIdsOfEveryShapeAreFileNamesThatGiveThemBack() {
        for id in ["JKT-7", "DKI/7", "../x", "Ü-ñ 王", ".", "a.jsonl"] {
            let name = DraftStore.fileName(id)
            #expect(!name.contains("/") && name.hasSuffix(".jsonl"))
            #expect(DraftStore.caseId(fromFileName: name) == id)
        }
        #expect(DraftStore.caseId(fromFileName: "zz.jsonl") == nil)
    }

    @Test func aDraftFolderOthersCanReadIsRefused() throws {
        let dir = TempDir()
        _ = try journal(dir)
        chmod(DraftStore.directory(forJournal: dir.journal), 0o755)
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).replay() }
    }

    /// Desk B files while desk A still has the case's draft file open: A's next save must not
    /// land in the filed history (its descriptor followed the file there); and the desk's
    /// rule refuses a draft on an interview under review in the first place.
    @Test func aSaveAfterAnotherDeskFiledNeverWritesIntoTheFiledDrafts() throws {
        let dir = TempDir()
        let a = try journal(dir)
        let b = try FileJournal(path: dir.journal)
        _ = try b.readAll()
        let d = draft(contacts: ["Ahmad", "Rina"])
        try b.append([event(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), 30)])
        let filed = DraftStore.directory(forJournal: dir.journal) + "/filed/" + DraftStore.fileName("JKT-7").dropLast(6) + ".1.jsonl"
        let before = try String(contentsOfFile: filed, encoding: .utf8)
        try a.append([event(.interviewSaved(draft(contacts: ["Ahmad", "Rina", "Joko"])), 31)])
        #expect(try String(contentsOfFile: filed, encoding: .utf8) == before)
        let desk = try FileJournal(path: dir.journal).replay()
        #expect(desk.refusal(.interviewSaved(d), by: "tracer-01") == "the interview of case JKT-7 is already filed (awaiting review)")
    }
}
