import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// What the lead's board and everyone's follow-up list keep is held by the app while they are
/// closed (`DeskApp.KeptLists`), so only a session's first open makes it whole (2.8 s and
/// 0.95 s at 100,000 cases). Here on the random journals of `PersonIndexTests`.
@Suite struct KeptAcrossOpensTests {
    static let now = WallClock.wib.date(day: Day(parsing: "2021-07-03")!, hour: 10, minute: 0)

    /// The desk moves while the board and the list are closed (and while each is open); each
    /// opened again shows what a pass over every case and every follow-up makes, and is made
    /// whole only at its first open.
    @Test func theBoardAndEveryonesListOpenedAgainAreThoseOfAFullPass() throws {
        let day = Day(parsing: "2021-07-03")!
        var opens = 0
        for seed in 1...20 {
            var j = PersonIndexTests.Journal(seed: UInt64(seed) * 23)
            var app = DeskApp(desk: j.desk, tracer: "lead-01", now: Self.now, size: Size(width: 100, height: 30))
            while case .review = app.top { _ = app.update(.input(.key(.escape))) }
            var fed = 0
            func feed() {
                _ = app.update(.events(Array(j.events[fed...])))
                fed = j.events.count
            }
            let lost = { (app: DeskApp) in app.context.desk.team?.lostAfterDays ?? Team.defaultLostAfterDays }
            for step in 0..<25 {
                j.run(steps: 6)
                feed()
                _ = app.update(.input(.key(.char("b"))))
                guard case .board(let b) = app.top else { Issue.record("not the board"); return }
                let desk = app.context.desk
                #expect(b.board == TeamBoard(desk: desk, day: day, now: Self.now, clock: WallClock.wib), "seed \(seed), step \(step)")
                #expect(b.figures == FollowUpFigures(desk: desk, day: day, clock: WallClock.wib), "seed \(seed), step \(step)")
                // One tally over the session, made whole once: each open found the last one's.
                #expect(b.boardTally.madeWhole == 1 && b.tally.madeWhole == 1, "seed \(seed), step \(step)")
                #expect(b.boardTally.looks > step && b.tally.looks > step, "seed \(seed), step \(step)")
                j.run(steps: 3)
                feed()
                _ = app.update(.input(.key(.escape)))
                j.run(steps: 6)
                feed()
                _ = app.update(.input(.key(.char("f"))))
                guard case .followUp(let f) = app.top else { Issue.record("not the follow-up list"); return }
                let whole = app.context.desk.rankedFollowUpList(for: nil, today: day, lostAfter: lost(app))
                #expect(Array(f.rows) == whole.map(\.followUp.id), "seed \(seed), step \(step)")
                #expect(f.ranking.looks > step, "seed \(seed), step \(step)")
                _ = app.update(.input(.key(.escape)))
                opens += 2
            }
        }
        #expect(opens == 1_000)
    }

    /// More changes while the board is closed than the desk keeps: the app catches the kept
    /// figures up as they arrive, so the open an hour later is not whole again.
    @Test func theBoardClosedForLongIsCaughtUpNotMadeWholeAgain() throws {
        var j = PersonIndexTests.Journal(seed: 99)
        j.run(steps: 200)
        var app = DeskApp(desk: j.desk, tracer: "lead-01", now: Self.now, size: Size(width: 100, height: 30))
        while case .review = app.top { _ = app.update(.input(.key(.escape))) }
        _ = app.update(.input(.key(.char("b"))))
        _ = app.update(.input(.key(.escape)))
        let key = try #require(j.desk.followUpOrder.first { j.desk.followUps[$0]?.convertedCaseId == nil })
        let tracer = try #require(j.desk.followUps[key]?.tracer)
        let id = j.desk.cases[position: 0].id
        let holder = j.desk[id]?.claimedBy ?? "tracer-01"
        for _ in 0..<(3 * FollowUpTable.changesKept) {
            let from = j.events.count
            j.add(.followUpCalled(FollowUpCall(contactId: key, day: Day(parsing: "2021-07-03")!, outcome: .busy, symptoms: nil)), by: tracer)
            j.add(.callLogged(CallAttempt(caseId: id, outcome: .reachedInterviewLater)), by: holder)
            _ = app.update(.events(Array(j.events[from...])))
        }
        #expect(j.desk.followUps.changed(since: 0) == nil && j.desk.cases.changed(since: 0) == nil)
        _ = app.update(.input(.key(.char("b"))))
        guard case .board(let b) = app.top else { Issue.record("not the board"); return }
        let day = Day(parsing: "2021-07-03")!
        #expect(b.board == TeamBoard(desk: app.context.desk, day: day, now: Self.now, clock: WallClock.wib))
        #expect(b.figures == FollowUpFigures(desk: app.context.desk, day: day, clock: WallClock.wib))
        #expect(b.boardTally.madeWhole == 1 && b.tally.madeWhole == 1 && b.tally.looks > 2)
    }

    /// The lists a lead's start makes on another thread (`DeskApp.listsToMake`), from the desk
    /// as it was then, while the desk moves on: each opened after they came shows what a pass
    /// over every case and follow-up makes, and none is made whole again at its open.
    @Test func theListsMadeAtStartAreThoseOfAFullPass() throws {
        let day = Day(parsing: "2021-07-03")!
        var compared = 0
        for seed in 1...20 {
            var j = PersonIndexTests.Journal(seed: UInt64(seed) * 29)
            j.run(steps: 40)
            var app = DeskApp(desk: j.desk, tracer: "lead-01", now: Self.now, size: Size(width: 100, height: 30))
            while case .review = app.top { _ = app.update(.input(.key(.escape))) }
            let asked = app.listsToMake()
            let request = try #require(asked)
            // The desk moves while they are made, and after.
            var fed = j.events.count
            j.run(steps: 10)
            _ = app.update(.events(Array(j.events[fed...])))
            fed = j.events.count
            var made: DeskApp.MadeLists? = request.make()
            app.listsMade(&made)
            j.run(steps: 10)
            _ = app.update(.events(Array(j.events[fed...])))
            _ = app.update(.input(.key(.char("b"))))
            guard case .board(let b) = app.top else { Issue.record("not the board"); return }
            let desk = app.context.desk
            #expect(!b.waiting)
            #expect(b.board == TeamBoard(desk: desk, day: day, now: Self.now, clock: WallClock.wib), "seed \(seed)")
            #expect(b.figures == FollowUpFigures(desk: desk, day: day, clock: WallClock.wib), "seed \(seed)")
            #expect(b.boardTally.madeWhole == 1 && b.tally.madeWhole == 1 && b.boardTally.looks >= 2, "seed \(seed)")
            _ = app.update(.input(.key(.escape)))
            _ = app.update(.input(.key(.char("f"))))
            guard case .followUp(let f) = app.top else { Issue.record("not the follow-up list"); return }
            let whole = desk.rankedFollowUpList(for: nil, today: day, lostAfter: desk.team?.lostAfterDays ?? Team.defaultLostAfterDays)
            #expect(Array(f.rows) == whole.map(\.followUp.id), "seed \(seed)")
            #expect(f.ranking.looks >= 2, "seed \(seed)")
            compared += 1
        }
        #expect(compared == 20)
    }

    /// Opened while they are being made: the board and everyone's list wait (and say so), and
    /// show the full pass's rows once the lists come.
    @Test func openedBeforeTheListsComeTheyWaitThenShowTheFullPass() throws {
        let day = Day(parsing: "2021-07-03")!
        var j = PersonIndexTests.Journal(seed: 31)
        j.run(steps: 60)
        var app = DeskApp(desk: j.desk, tracer: "lead-01", now: Self.now, size: Size(width: 100, height: 30))
        while case .review = app.top { _ = app.update(.input(.key(.escape))) }
        let asked = app.listsToMake()
        let request = try #require(asked)
        _ = app.update(.input(.key(.char("f"))))
        guard case .followUp(let waitingList) = app.top else { Issue.record("not the follow-up list"); return }
        #expect(waitingList.waiting && waitingList.rows.isEmpty)
        #expect(app.render(Size(width: 100, height: 30)).lines.contains { $0.contains("Counting…") })
        _ = app.update(.input(.key(.escape)))
        _ = app.update(.input(.key(.char("b"))))
        guard case .board(let waitingBoard) = app.top else { Issue.record("not the board"); return }
        #expect(waitingBoard.waiting && waitingBoard.board == nil)
        let from = j.events.count
        j.run(steps: 10)
        _ = app.update(.events(Array(j.events[from...])))
        var made: DeskApp.MadeLists? = request.make()
        app.listsMade(&made)
        guard case .board(let b) = app.top else { Issue.record("not the board"); return }
        #expect(!b.waiting && b.board == TeamBoard(desk: app.context.desk, day: day, now: Self.now, clock: WallClock.wib))
        #expect(b.figures == FollowUpFigures(desk: app.context.desk, day: day, clock: WallClock.wib))
        _ = app.update(.input(.key(.escape)))
        _ = app.update(.input(.key(.char("f"))))
        guard case .followUp(let f) = app.top else { Issue.record("not the follow-up list"); return }
        let whole = app.context.desk.rankedFollowUpList(for: nil, today: day, lostAfter: app.context.desk.team?.lostAfterDays ?? Team.defaultLostAfterDays)
        #expect(!f.waiting && Array(f.rows) == whole.map(\.followUp.id) && !whole.isEmpty)
    }
}
