import Foundation
import Testing
import TracedeskCore
@testable import TracedeskJournal

/// A desk replays filings in short (counts and a place) and reads them whole by place: what
/// it shows must be what a desk holding every filing whole shows.
@Suite struct FilingsInShortTests {
    /// A journal holding `events` as the desk writes them (drafts go to the draft store).
    func journal(_ events: [Event], in dir: TempDir) throws -> FileJournal {
        let j = try FileJournal(path: dir.journal)
        try j.append(events)
        return try FileJournal(path: dir.journal)
    }

    @Test func anApprovedFilingIsHeldInShortAndReadWholeByPlace() throws {
        let dir = TempDir()
        let events = FixtureJournalTests.v2Events()
        let j = try journal(events, in: dir)
        let desk = try j.replay(team: FixtureJournalTests.v2Team)
        let whole = Desk(replaying: events, team: FixtureJournalTests.v2Team)
        let file = try #require(desk["DKI-1"])
        #expect(file.status == .approved)
        // Held in short: counts and a place, not the contacts and the draft.
        #expect(file.interview == nil)
        #expect(file.filing == FiledSummary(try #require(whole["DKI-1"]?.interview)))
        #expect(file.contactCount == 1 && file.filing?.closeContacts == 1)
        #expect(try desk.filedInterview(of: "DKI-1", in: j) == whole["DKI-1"]?.interview)
        // Opening the case reads it whole.
        #expect(try desk.caseInFull("DKI-1", in: j)?.contacts == whole["DKI-1"]?.contacts)
        #expect(try desk.caseInFull("DKI-1", in: j)?.contacts.first?.lastExposure?.iso == "2021-07-03")
        // A history line says what the filing held, as from a whole one.
        let lines = try desk.caseInFull("DKI-1", in: j)?.history.map(\.summary) ?? []
        #expect(lines.contains("interview filed: 1 contact (1 close), 2 days walked") || lines.contains { $0.hasPrefix("interview filed: 1 contact (1 close)") })
        // The whole-filing replay an export asks for holds them all.
        #expect(try j.replay(team: FixtureJournalTests.v2Team, filings: .whole)["DKI-1"]?.interview == whole["DKI-1"]?.interview)
    }

    @Test func aFilingAwaitingReviewIsHeldWholeForTheLeadsWarnings() throws {
        let dir = TempDir()
        // Up to the re-filing: awaiting review again.
        let events = Array(FixtureJournalTests.v2Events().dropLast(2))
        let j = try journal(events, in: dir)
        let desk = try j.replay(team: FixtureJournalTests.v2Team)
        let whole = Desk(replaying: events, team: FixtureJournalTests.v2Team)
        #expect(desk["DKI-1"]?.status == .awaitingReview)
        #expect(desk["DKI-1"]?.interview != nil)
        #expect(desk["DKI-1"]?.interview == whole["DKI-1"]?.interview)
        let clock = WallClock.wib
        #expect(ReviewWarning.of(try #require(desk["DKI-1"]), contactTarget: 5, clock: clock)
                == ReviewWarning.of(try #require(whole["DKI-1"]), contactTarget: 5, clock: clock))
        #expect(desk.reviewQueue().map(\.id) == ["DKI-1"])
    }

    @Test func aReturnedInterviewResumesAsFiledFromItsPlace() throws {
        let dir = TempDir()
        let all = FixtureJournalTests.v2Events()
        let upToReturn = Array(all.prefix { if case .reviewReturned = $0.body { false } else { true } })
        let events = upToReturn + [all[upToReturn.count]]
        let j = try journal(events, in: dir)
        let desk = try j.replay(team: FixtureJournalTests.v2Team)
        let whole = Desk(replaying: events, team: FixtureJournalTests.v2Team)
        #expect(desk["DKI-1"]?.status == .returned)
        #expect(desk["DKI-1"]?.draft == .filed(try #require(desk["DKI-1"]?.filedRef)))
        let resumed = try #require(try desk.draft(of: "DKI-1", in: j))
        #expect(resumed == (try whole.draft(of: "DKI-1", in: nil)))
        #expect(resumed.step == .review)
        #expect(resumed.contacts.first?.name == "Ahmad")
    }

    @Test func theTeamBoardCountsTheSameFromShortFilings() throws {
        let dir = TempDir()
        let events = FixtureJournalTests.v2Events()
        let j = try journal(events, in: dir)
        let desk = try j.replay(team: FixtureJournalTests.v2Team)
        let whole = Desk(replaying: events, team: FixtureJournalTests.v2Team)
        let day = Day(parsing: "2021-07-05")!
        let now = WallClock.wib.date(day: day, hour: 18, minute: 0)
        let a = TeamBoard(desk: desk, day: day, now: now, clock: .wib)
        let b = TeamBoard(desk: whole, day: day, now: now, clock: .wib)
        #expect(a.rows.map(\.contactsFiled) == b.rows.map(\.contactsFiled))
        #expect(a.rows.map(\.interviewsFiled) == b.rows.map(\.interviewsFiled))
        #expect(a.rows.contains { $0.contactsFiled > 0 })
    }

    /// A filing with a valid checksum that this build cannot read whole (a contact's sex it
    /// does not know): the desk's replay in short finds it where `check` does — read-only as a
    /// last line, damage in the middle — and never writes past it.
    @Test func aFilingThisBuildCannotReadIsFoundByTheDeskAsByCheck() throws {
        let dir = TempDir()
        _ = try journal(FixtureJournalTests.v2Events(), in: dir)
        var lines = try String(contentsOfFile: dir.journal, encoding: .utf8).split(separator: "\n").map(String.init)
        let filing = try #require(lines.last { $0.contains("\"type\":\"interview.filed\"") })
        let body = String(filing[..<filing.range(of: ",\"seq\":")!.lowerBound])
            .replacingOccurrences(of: "\"sex\":\"U\"", with: "\"sex\":\"X\"")
            .replacingOccurrences(of: "\"id\":\"0", with: "\"id\":\"1")
        #expect(body.contains("\"sex\":\"X\""))
        lines.append(sealed(body + ",\"seq\":\(lines.count + 1)}"))
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.journal, atomically: false, encoding: .utf8)
        // As the last line: the desk opens read-only and says which line, as check does.
        let desk = try FileJournal(path: dir.journal)
        _ = try desk.replay(team: FixtureJournalTests.v2Team)
        #expect(desk.readOnlyReason?.contains("line \(lines.count)") == true)
        #expect(throws: JournalError.self) { try desk.append([FixtureJournalTests.v2Events()[0]]) }
        let checked = try FileJournal(path: dir.journal, access: .read)
        _ = try checked.verify { _ in }
        #expect(checked.unreadableLine?.line == lines.count)
        // In the middle: damage, for both.
        lines.append(lines[lines.count - 2].replacingOccurrences(of: "\"seq\":\(lines.count - 1),", with: "\"seq\":\(lines.count + 1),"))
        try (lines.joined(separator: "\n") + "\n").write(toFile: dir.journal, atomically: false, encoding: .utf8)
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal).replay(team: FixtureJournalTests.v2Team) }
        #expect(throws: JournalError.self) { _ = try FileJournal(path: dir.journal, access: .read).verify { _ in } }
    }

    @Test func aFilingInShortWithNoPlaceIsIgnoredAndNeverWritten() throws {
        let events = FixtureJournalTests.v2Events()
        guard let i = events.lastIndex(where: { if case .interviewFiled = $0.body { true } else { false } }),
              case .interviewFiled(let f) = events[i].body else { Issue.record("no filing"); return }
        var short = events[i]
        short.body = .interviewFiledInShort(FiledSummary(f))
        let desk = Desk(replaying: Array(events[..<i]) + [short], team: FixtureJournalTests.v2Team)
        #expect(desk.anomalies.contains { $0.text.contains("read in short has no place") })
        #expect(desk["DKI-1"]?.status != .awaitingReview)
        let dir = TempDir()
        let j = try FileJournal(path: dir.journal)
        #expect(throws: (any Error).self) { try j.append([short]) }
        #expect(try j.readAll().isEmpty)
    }

    /// The in-memory store reads in short when asked, as the journal does: a desk replayed
    /// either way decides every case the same.
    @Test func theMemoryStoreReadsInShortToo() throws {
        let events = FixtureJournalTests.v2Events()
        let store = MemoryEventStore(events: events)
        let desk = try store.replay(team: FixtureJournalTests.v2Team)
        let whole = Desk(replaying: events, team: FixtureJournalTests.v2Team)
        for id in ["DKI-1", "DKI-2", "DKI-3"] {
            #expect(desk[id]?.status == whole[id]?.status && desk[id]?.claimedBy == whole[id]?.claimedBy)
            #expect(desk[id]?.contactCount == whole[id]?.contactCount)
        }
        #expect(desk["DKI-1"]?.interview == nil)
        #expect(try desk.filedInterview(of: "DKI-1", in: store) == whole["DKI-1"]?.interview)
    }
}
