import ArgumentParser
import Foundation
@_spi(Bench) import TracedeskCore
import TracedeskUI

/// `tracedesk-bench bench followup`: a month of a city's follow-up in the desk — every case
/// filed and approved, its close contacts under follow-up and called every day — then the
/// two things a tracer waits for: opening "who do I call today" and the search for the same
/// person as a contact is entered. Each beside the way it was done before, in the same run.
struct BenchFollowUp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup",
        abstract: "Follow-up list and person search on a city's month of follow-up (use a release build).")

    @Option(help: "Cases in the month.")
    var cases = 100_000

    @Option(help: "Close contacts per case.")
    var contacts = 5

    @Option(help: "Timed samples of each measurement (the slow 'before' rows take a tenth).")
    var samples = 200

    func run() throws {
        let t0 = DispatchTime.now().uptimeNanoseconds
        let rss0 = residentMB()
        let month = FollowUpMonth(cases: cases, contacts: contacts)
        var desk = Desk(team: month.team)
        let mix = month.apply(into: &desk)
        let built = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        let today = FollowUpMonth.lastDay
        let now = WallClock.wib.date(day: today, hour: 10, minute: 0)
        let lost = Team.defaultLostAfterDays
        print("tracedesk-bench followup: \(mix.cases) cases, \(mix.followUps) contacts under follow-up, \(mix.calls) follow-up calls "
              + "(\(mix.reached) reached), \(mix.events) events; applied in process in \(String(format: "%.1f", built)) s, "
              + "resident \(residentMB() - rss0) MB more")
        print("today \(today.iso); \(month.tracerCount) tracers, about \(mix.followUps / month.tracerCount) follow-ups each; "
              + "frames 80×24, update + view (ncurses' output not included); medians of \(samples) unless said")
        print("")
        print(Latency.pad("measurement", 60) + Latency.pad("median", 12) + Latency.pad("p95", 12) + "max")
        fflush(nil)
        let size = Size(width: 80, height: 24)
        let tracer = month.tracer(7)

        // Opening the list: f from the queue, drawn; Esc back (not timed).
        var app = DeskApp(desk: desk, tracer: tracer, now: now, size: size)
        let open = Latency.timeOnly(samples) {
            _ = app.update(.input(.key(.char("f"))))
            _ = app.render(size)
        } between: {
            _ = app.update(.input(.key(.escape)))
        }
        report("open the follow-up list (a tracer's, f), now", open)
        // As it was: everyone's follow-ups filtered for the tracer and ranked at every
        // comparison of the sort, twice on opening (the screen, then the app's refresh), and
        // the title ranking every row again at each frame.
        let before = Latency.time(max(3, samples / 10)) { _ in
            _ = Self.listAsBefore(desk, tracer: tracer, today: today, lostAfter: lost)
            let rows = Self.listAsBefore(desk, tracer: tracer, today: today, lostAfter: lost)
            _ = Self.titleAsBefore(desk, rows, today: today, lostAfter: lost)
        }
        report("open the follow-up list, as before (2 lists + title)", before)
        _ = app.update(.input(.key(.char("f"))))
        let keys = Latency.time(samples) { i in
            _ = app.update(.input(.key(i % 40 < 20 ? .char("j") : .char("k"))))
            _ = app.render(size)
        }
        report("j / k on the list, now", keys)
        let rows = Self.listAsBefore(desk, tracer: tracer, today: today, lostAfter: lost)
        let titleBefore = Latency.time(samples) { _ in _ = Self.titleAsBefore(desk, rows, today: today, lostAfter: lost) }
        report("  what each frame's title added before", titleBefore)

        // Another tracer's follow-up call, and a call on a case, as they arrive.
        let calls = desk.followUpOrder.prefix(samples + 1).compactMap { key in desk.followUps[key].map { (key, $0.tracer) } }
        var rng = SplitMix64(seed: 7)
        var t = now
        func call(_ i: Int, _ outcome: CallOutcome) -> Event {
            t += 1
            return Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: calls[i].1,
                         body: .followUpCalled(FollowUpCall(contactId: calls[i].0, day: today, outcome: outcome, symptoms: outcome == .reached ? [] : nil)))
        }
        func caseCall(_ i: Int) -> Event {
            t += 1
            let file = desk.cases[position: (i * 7_919) % desk.cases.count]
            return Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: file.claimedBy ?? "",
                         body: .callLogged(CallAttempt(caseId: file.id, outcome: .reachedInterviewLater)))
        }

        // A lead's list is everyone's: every follow-up in the city ranked. The session's first
        // open makes the ranking whole; the app keeps it while the list is closed.
        var leadApp = DeskApp(desk: desk, tracer: month.lead(0), now: now, size: size)
        // Calls arriving at the lead's screen on top, each redrawn; `holdingACopy` times it as the
        // app did before, when the screen was copied out of the stack for its refresh, so what it
        // keeps was shared and copied whole at the refresh's first write.
        func arrivals(_ outcome: CallOutcome, holdingACopy: Bool) -> [Double] {
            Latency.time(calls.count) { i in
                let held = holdingACopy ? leadApp.top : nil
                _ = leadApp.update(.events([call(i, outcome)]))
                _ = leadApp.render(size)
                withExtendedLifetime(held) {}
            }
        }
        // A lead's start (replay aside) to the first frame, and the same asking for the lists
        // to be made off the key path (`DeskApp.listsToMake`: a snapshot of the desk, taken
        // here; the desk's loop hands it to another thread after that frame), taking turns.
        var startBefore: [Double] = [], startNow: [Double] = []
        for _ in 0..<5 {
            startBefore += Latency.timeOnly(1) {
                var a = DeskApp(desk: desk, tracer: month.lead(1), now: now, size: size)
                _ = a.render(size)
            } between: {}
            startNow += Latency.timeOnly(1) {
                var a = DeskApp(desk: desk, tracer: month.lead(1), now: now, size: size)
                _ = a.render(size)
                _ = a.listsToMake()
            } between: {}
        }
        report("a lead's start to the first frame (replay aside), 5 runs, now", startNow)
        report("  as before: without asking for the lists", startBefore)
        // The lists made on another thread while calls arrive at the lead's screen, as the
        // loop does after the first frame.
        let rssBefore = residentMB()
        let made = Locked<DeskApp.MadeLists?>(nil), making = DispatchGroup()
        let madeStart = DispatchTime.now().uptimeNanoseconds
        let madeIn = Locked(0.0)
        do {
            // The snapshot is let go with the work that made the lists, as in the loop.
            let request = leadApp.listsToMake()!
            DispatchQueue.global().async(group: making) {
                let lists = request.make()
                madeIn.withLock { $0 = Double(DispatchTime.now().uptimeNanoseconds - madeStart) / 1e6 }
                made.withLock { $0 = lists }
            }
        }
        var whileMaking: [Double] = []
        var arrived = 0
        while made.withLock({ $0 == nil }) && whileMaking.count < 200 {
            whileMaking += Latency.timeOnly(1) {
                _ = leadApp.update(.events([call(arrived % calls.count, .noAnswer)]))
                _ = leadApp.render(size)
            } between: {}
            arrived += 1
        }
        making.wait()
        made.withLock { leadApp.listsMade(&$0) }
        report("a lead's lists made on another thread after the first frame (1 run)", [madeIn.value])
        if !whileMaking.isEmpty { report("  a call arriving at the lead's review queue meanwhile (\(whileMaking.count))", whileMaking) }
        // The same screen and calls with nothing held on another thread: what the review
        // queue costs on a change of its own.
        let reviewMoved = Latency.time(50) { _ in
            _ = leadApp.update(.events([call(arrived % calls.count, .noAnswer)]))
            _ = leadApp.render(size)
            arrived += 1
        }
        report("  a call arriving at the lead's review queue, nothing being made", reviewMoved)
        print("  (the board's rows, WHO's figures and everyone's ranking held from the lead's start: resident \(residentMB() - rssBefore) MB more)")
        while case .review = leadApp.top { _ = leadApp.update(.input(.key(.escape))) }
        let leadFirst = Latency.timeOnly(1) {
            _ = leadApp.update(.input(.key(.char("f"))))
            _ = leadApp.render(size)
        } between: {
            _ = leadApp.update(.input(.key(.escape)))
        }
        report("open the follow-up list (a lead's: everyone's), session's first, now", leadFirst)
        // As before: a lead whose lists were not made, so the first open makes them.
        var coldApp = DeskApp(desk: desk, tracer: month.lead(1), now: now, size: size)
        while case .review = coldApp.top { _ = coldApp.update(.input(.key(.escape))) }
        let coldFirst = Latency.timeOnly(1) {
            _ = coldApp.update(.input(.key(.char("f"))))
            _ = coldApp.render(size)
        } between: {
            _ = coldApp.update(.input(.key(.escape)))
        }
        report("  as before: made at the session's first open", coldFirst)
        let leadAgain = Latency.timeOnly(samples) {
            _ = leadApp.update(.input(.key(.char("f"))))
            _ = leadApp.render(size)
        } between: {
            _ = leadApp.update(.input(.key(.escape)))
            // While it is closed, the desk moves.
            _ = leadApp.update(.events([call(arrived % calls.count, .noAnswer)]))
            arrived += 1
        }
        report("  opened again (a follow-up call arrived while closed), now", leadAgain)
        let leadWhole = Latency.time(3) { _ in
            var r = FollowUpRanking()
            _ = r.list(desk: desk, today: today, lostAfter: lost)
        }
        report("  as before: everyone ranked whole at each open (ranking only)", leadWhole)
        _ = leadApp.update(.input(.key(.char("f"))))
        _ = leadApp.render(size)
        report("  everyone's list open: a follow-up call arrives, now", Array(arrivals(.busy, holdingACopy: false).dropFirst()))
        report("  as before: the screen copied out of the stack to refresh", arrivals(.busy, holdingACopy: true))
        var ranking = FollowUpRanking()
        var changingList = desk
        changingList.apply(call(0, .noAnswer))
        _ = ranking.list(desk: changingList, today: today, lostAfter: lost)
        let rankKept = Latency.time(calls.count) { i in
            changingList.apply(call(i, .busy))
            _ = ranking.list(desk: changingList, today: today, lostAfter: lost)
        }
        report("  of which everyone's ranking, kept, as places", rankKept)
        let rankKeys = Latency.time(calls.count) { i in
            changingList.apply(call(i, .busy))
            _ = Array(ranking.list(desk: changingList, today: today, lostAfter: lost).keys)
        }
        report("  as before: the list's keys copied as strings", rankKeys)
        let listBefore = Latency.time(3) { _ in _ = desk.rankedFollowUpList(for: nil, today: today, lostAfter: lost) }
        report("  everyone's list ranked whole at each change, as before", listBefore)
        _ = leadApp.update(.input(.key(.escape)))

        // The lead's team board: WHO's follow-up figures under it, drawn at every frame.
        while leadApp.stack.count > 1 { _ = leadApp.update(.input(.key(.escape))) }
        // Opening it: the session's first makes its rows and WHO's figures whole; the app
        // keeps them while it is closed.
        let boardFirst = Latency.timeOnly(1) {
            _ = leadApp.update(.input(.key(.char("b"))))
            _ = leadApp.render(size)
        } between: {
            _ = leadApp.update(.input(.key(.escape)))
        }
        report("team board: open (a lead's, b), session's first, now", boardFirst)
        let coldBoard = Latency.timeOnly(1) {
            _ = coldApp.update(.input(.key(.char("b"))))
            _ = coldApp.render(size)
        } between: {
            _ = coldApp.update(.input(.key(.escape)))
        }
        report("  as before: made at the session's first open", coldBoard)
        coldApp = DeskApp(desk: Desk(), tracer: month.lead(1), now: now, size: size)
        let boardAgain = Latency.timeOnly(samples) {
            _ = leadApp.update(.input(.key(.char("b"))))
            _ = leadApp.render(size)
        } between: {
            _ = leadApp.update(.input(.key(.escape)))
            _ = leadApp.update(.events([call(arrived % calls.count, .noAnswer), caseCall(arrived)]))
            arrived += 1
        }
        report("  opened again (calls arrived while closed), now", boardAgain)
        _ = leadApp.update(.input(.key(.char("b"))))
        let board = Latency.time(max(10, samples / 10)) { i in
            _ = leadApp.update(.input(.key(i % 20 < 10 ? .char("j") : .char("k"))))
            _ = leadApp.render(size)
        }
        report("team board: j / k (a lead's), now", board)
        // Another tracer's follow-up call arrives: the desk moves, the board is made again
        // (its rows, the queue below it, and WHO's figures kept as the desk moves).
        let moved = arrivals(.reached, holdingACopy: false)
        report("team board: a follow-up call arrives (the desk moves), now", Array(moved.dropFirst()))
        // As before: the board's tallies (500,000 follow-ups' parts) copied at the first write.
        report("  as before: the screen copied out of the stack to refresh", arrivals(.reached, holdingACopy: true))
        // A change the board's rows see: another tracer's call on a case they hold.
        let caseMoved = Latency.time(calls.count) { i in
            _ = leadApp.update(.events([caseCall(i)]))
            _ = leadApp.render(size)
        }
        report("team board: a call on a case arrives, now", caseMoved)
        // The case queue under the board, on top again: everyone's cases (a lead's scope, all).
        _ = leadApp.update(.input(.key(.escape)))
        let queueMoved = Latency.time(calls.count) { i in
            _ = leadApp.update(.events([caseCall(i + calls.count)]))
            _ = leadApp.render(size)
        }
        report("case queue (a lead's): a call on a case arrives, now", Array(queueMoved.dropFirst()))
        let queueDesk = leadApp.context.desk
        let queueWhole = Latency.time(max(3, samples / 10)) { _ in
            _ = queueDesk.queuePositions(QueueQuery(), tracer: month.lead(0), now: now)
        }
        report("  as before: every case sorted at each change (the sort alone)", queueWhole)
        var countsTally = QueueCountsTally()
        var changingQueue = queueDesk
        _ = countsTally.counts(desk: changingQueue, now: now, clock: WallClock.wib)
        let countsKept = Latency.time(calls.count) { i in
            changingQueue.apply(caseCall(i + 2 * calls.count))
            _ = countsTally.counts(desk: changingQueue, now: now, clock: WallClock.wib)
        }
        report("  of which the header's counts, kept as the desk moves", countsKept)
        let countsWhole = Latency.time(max(3, samples / 10)) { _ in _ = changingQueue.counts(now: now, clock: WallClock.wib) }
        report("  the header's counts by a pass over every case, as before", countsWhole)
        if countsTally.counts(desk: changingQueue, now: now, clock: WallClock.wib) != changingQueue.counts(now: now, clock: WallClock.wib) {
            throw ValidationError("the queue's counts kept as the desk moved differ from a pass over every case")
        }
        var boardTally = TeamBoardTally()
        var changingCases = desk
        changingCases.apply(caseCall(0))
        _ = boardTally.board(desk: changingCases, day: today, now: now, clock: WallClock.wib)
        let rowsKept = Latency.time(calls.count) { i in
            changingCases.apply(caseCall(i + 1))
            _ = boardTally.board(desk: changingCases, day: today, now: now, clock: WallClock.wib)
        }
        report("  of which the board's rows, kept as the desk moves", rowsKept)
        let rowsFull = Latency.time(max(3, samples / 10)) { _ in _ = TeamBoard(desk: changingCases, day: today, now: now, clock: WallClock.wib) }
        report("  the board's rows by a pass over every case, as before", rowsFull)
        if boardTally.board(desk: changingCases, day: today, now: now, clock: WallClock.wib)
            != TeamBoard(desk: changingCases, day: today, now: now, clock: WallClock.wib) {
            throw ValidationError("the board's rows kept as the desk moved differ from a pass over every case")
        }
        var tally = FollowUpTally()
        _ = tally.figures(desk: desk, day: today, clock: WallClock.wib)
        var changing = desk
        let kept = Latency.time(calls.count) { i in
            changing.apply(call(i, .noAnswer))
            _ = tally.figures(desk: changing, day: today, clock: WallClock.wib)
        }
        report("  of which WHO's figures, kept as the desk moves", Array(kept.dropFirst()))
        let figures = Latency.time(max(3, samples / 20)) { _ in _ = FollowUpFigures(desk: desk, day: today, clock: WallClock.wib) }
        report("  WHO's figures by a pass over everyone, as before", figures)
        if tally.figures(desk: changing, day: today, clock: WallClock.wib) != FollowUpFigures(desk: changing, day: today, clock: WallClock.wib) {
            throw ValidationError("the figures kept as the desk moved differ from a pass over everyone")
        }

        // The search for the same person as a contact is closed at entry: by a known NIK, a
        // known phone written another way, a household member's name, age and kelurahan, and
        // a stranger (nothing found), in turn.
        let queries = month.queries(count: 400)
        var found = 0
        let search = Latency.time(samples) { i in
            let (contactId, q) = queries[i % queries.count]
            found += desk.undecidedMatches(for: contactId, q).isEmpty ? 0 : 1
        }
        report("match search at entry (NIK, phone, name, stranger), now", search)
        let scan = Latency.time(max(8, samples / 10)) { i in
            let (_, q) = queries[i % queries.count]
            _ = PersonMatcher.matchesByScanning(q, in: desk)
        }
        report("match search, as before (a pass over every case and contact)", scan)
        for (_, q) in queries.prefix(40) where PersonMatcher.matches(q, in: desk) != PersonMatcher.matchesByScanning(q, in: desk) {
            throw ValidationError("the index and the full pass disagree on a query for \(q.caseId ?? "?")")
        }
        print("(the index and the full pass gave the same matches on 40 queries; \(found) of \(samples) searches found someone)")

        // What the indexes cost: made again from the cases, as replay makes them event by event.
        let (ms, entries) = Self.timeIndexBuild(desk)
        var bytes = 0
        _ = desk.rebuildPeopleIndexForBench { bytes = $0 }
        print("")
        print(String(format: "person index: %d keys from %d cases and their close contacts, made in %.0f ms (a share of replay), about %.0f MB (its tables' sizes)",
                     entries, desk.cases.count, ms, Double(bytes) / 1e6))
        let target = 16.0
        print(String(format: "targets (≤ %.0f ms median): open %@, search %@", target,
                     Latency.median(open) <= target ? "met" : "NOT met", Latency.median(search) <= target ? "met" : "NOT met"))
    }

    func report(_ name: String, _ ms: [Double]) {
        func f(_ v: Double) -> String { String(format: "%.3f ms", v) }
        print(Latency.pad(name, 60) + Latency.pad(f(Latency.median(ms)), 12) + Latency.pad(f(Latency.p95(ms)), 12) + f(ms.max()!))
        // Out at once, even into a file: a run that ends early (killed, out of memory) still
        // shows how far it came. Held in stdio's buffer, a 100,000-case run ended midway left
        // an empty file.
        fflush(nil)
    }

    /// `Desk.followUpList` before the tracer index: a pass over everyone's, ranked at every comparison.
    static func listAsBefore(_ desk: Desk, tracer: String?, today: Day, lostAfter: Int) -> [String] {
        let mine = desk.followUpOrder.lazy.compactMap { desk.followUps[$0] }.filter { tracer == nil || $0.tracer == tracer }
        func rank(_ f: FollowUp) -> Int {
            let s = f.status(today: today, lostAfter: lostAfter)
            guard s.isActive else { return 2 }
            return f.reached(on: today) ? 1 : 0
        }
        return mine.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element.id)
    }

    /// The list's title before: every row's status at each frame.
    static func titleAsBefore(_ desk: Desk, _ rows: [String], today: Day, lostAfter: Int) -> Int {
        let list = rows.compactMap { desk.followUps[$0] }
        let active = list.filter { $0.status(today: today, lostAfter: lostAfter).isActive }
        return active.filter { !$0.reached(on: today) }.count
    }

    static func timeIndexBuild(_ desk: Desk) -> (ms: Double, keys: Int) {
        let t = DispatchTime.now().uptimeNanoseconds
        let n = desk.rebuildPeopleIndexForBench()
        return (Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6, n)
    }
}

func residentMB() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let pages = Int(s.split(separator: " ")[1]) ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1_000_000
}

extension Latency {
    /// Milliseconds for each of `n` runs of `body`, with `between` (untimed) after each.
    static func timeOnly(_ n: Int, _ body: () -> Void, between: () -> Void) -> [Double] {
        (0..<n).map { _ in
            let t = DispatchTime.now().uptimeNanoseconds
            body()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6
            between()
            return ms
        }
    }
}

/// July 2021 at a city's scale, as events the desk applies: daily line lists, each case
/// claimed, interviewed and filed the day its result came, approved the next morning, and
/// every close contact called each day from approval to the end of quarantine (85 % reached).
final class FollowUpMonth {
    let cases: Int
    let contacts: Int
    static let firstDay = Day(year: 2021, month: 7, day: 1)!
    static let lastDay = Day(year: 2021, month: 7, day: 31)!
    let clock = WallClock.wib
    private var rng = SplitMix64(seed: 16)
    /// Who was named, for the searches: (contact id, case id, NIK, phone, name, age, kelurahan).
    private var known: [(String, String, String?, String?, String, Int?, String)] = []

    /// Given each batch of events as it is applied: where a bench writes the month to a journal.
    var written: (([Event]) throws -> Void)?

    init(cases: Int, contacts: Int) { self.cases = cases; self.contacts = contacts }

    var tracerCount: Int { max(4, cases / 300) }
    var leadCount: Int { max(2, tracerCount / 10) }
    func tracer(_ i: Int) -> String { String(format: "tracer-%03d", i % tracerCount + 1) }
    func lead(_ i: Int) -> String { String(format: "lead-%02d", i % leadCount + 1) }
    var team: Team {
        Team(name: "Jakarta", members: (0..<tracerCount).map { TeamMember(id: tracer($0), name: "Petugas \($0 + 1)", role: .tracer) }
             + (0..<leadCount).map { TeamMember(id: lead($0), name: "PJ TLI \($0 + 1)", role: .lead) })
    }

    struct Mix { var cases = 0, followUps = 0, calls = 0, reached = 0, events = 0 }

    private func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    private func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    private func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }
    private func name() -> String { "\(pick(CityMonth.givenNames)) \(pick(CityMonth.familyNames))" }
    private func phone() -> String { "08\(int(11...13))\(int(10_000_000...99_999_999))" }
    private func nik() -> String { "3171" + String(format: "%012d", int(0...999_999_999_999)) }

    func apply(into desk: inout Desk) -> Mix {
        var mix = Mix()
        var batch: [Event] = []
        func emit(_ body: EventBody, by actor: String, at: Date) {
            batch.append(Event(id: EventID.make(at: at, using: &rng), timestamp: at, actor: actor, body: body))
        }
        func flush() {
            // A writer's failure ends the bench: a month half-written measures nothing.
            if let written { try! written(batch) }
            desk.apply(contentsOf: batch)
            mix.events += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        var perDay = (0..<30).map { _ in cases / 30 }
        for i in 0..<(cases % 30) { perDay[i] += 1 }
        var caseNo = 0
        // Follow-ups running, by contact id: (tracer, quarantine end).
        var running: [(id: String, tracer: String, end: Day)] = []
        var started = 0
        for d in 0...30 {
            let day = Self.firstDay.adding(days: d)
            // The morning: yesterday's filings approved, then today's calls.
            if d > 0 {
                for c in (caseNo - perDay[d - 1])..<caseNo {
                    emit(.reviewApproved(ReviewDecision(caseId: caseId(c))), by: lead(c), at: clock.date(day: day, hour: 8, minute: 0))
                }
                flush()
                for key in desk.followUpOrder[started...] {
                    guard let f = desk.followUps[key] else { continue }
                    running.append((f.id, f.tracer, f.quarantineEnd ?? day))
                }
                started = desk.followUpOrder.count
                running.removeAll { $0.end < day }
                for r in running {
                    let reached = chance(0.85)
                    emit(.followUpCalled(FollowUpCall(contactId: r.id, day: day, outcome: reached ? .reached : .noAnswer, symptoms: reached ? [] : nil)),
                         by: r.tracer, at: clock.date(day: day, hour: 9 + int(0...7), minute: int(0...59)))
                    mix.calls += 1
                    if reached { mix.reached += 1 }
                    if batch.count >= 50_000 { flush() }
                }
                flush()
            }
            guard d < 30 else { break }
            // The day's line list, then each case claimed, interviewed and filed.
            let records = (0..<perDay[d]).map { i in
                CaseRecord(caseId: caseId(caseNo + i), name: name(), nik: chance(0.9) ? nik() : nil, phones: [phone()],
                           sex: chance(0.5) ? .female : .male, age: int(1...90), address: "Jl. \(pick(CityMonth.kelurahan)) \(int(1...200))",
                           kelurahan: pick(CityMonth.kelurahan), kecamatan: "Menteng", kota: "Jakarta Pusat",
                           specimenDate: day.adding(days: -1), resultDate: day)
            }
            for b in Desk.importEvents(records, batch: "day-\(d)") { emit(b, by: "lab-import", at: clock.date(day: day, hour: 7, minute: 0)) }
            flush()
            for r in records {
                let tracer = tracer(caseNo)
                emit(.caseClaimed(CaseClaim(caseId: r.caseId)), by: tracer, at: clock.date(day: day, hour: 9, minute: 0))
                var dr = InterviewDraft(for: r, rules: .indonesia2021)
                dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = day.adding(days: -1).iso
                for k in 0..<contacts {
                    let last = day.adding(days: -1 - int(0...2))
                    _ = dr.addContact(named: name(), on: last)
                    let household = chance(0.25)
                    dr.contacts[k].relationship = household ? "household" : pick(["coworker", "family", "social", "worship"])
                    dr.contacts[k].criterion = household ? "same_household" : "face_to_face"
                    if chance(0.85) { dr.contacts[k].phone = phone() }
                    if chance(0.6) { dr.contacts[k].nik = nik() } else { dr.contacts[k].nikMissingReason = "tidak hafal" }
                    if chance(0.8) { dr.contacts[k].age = String(int(1...85)) }
                    dr.contacts[k].lastExposure = last.iso
                    let c = dr.contacts[k]
                    known.append((c.id, r.caseId, c.nik.isEmpty ? nil : c.nik, c.phone.isEmpty ? nil : c.phone, c.name, Int(c.age),
                                  household ? r.kelurahan : ""))
                }
                emit(.interviewFiled(FiledInterview.file(dr, today: day)), by: tracer, at: clock.date(day: day, hour: 11, minute: 0))
                caseNo += 1
                if batch.count >= 20_000 { flush() }
            }
            flush()
        }
        mix.cases = desk.cases.count
        mix.followUps = desk.followUps.count
        return mix
    }

    private func caseId(_ n: Int) -> String { String(format: "JKT-2107-%06d", n) }

    /// Contacts being entered in a new interview, in turn: one with a known NIK (another
    /// spelling of the name), one with a known phone written +62…, a household member known
    /// by name, age and kelurahan, and a stranger.
    func queries(count: Int) -> [(String, PersonQuery)] {
        (0..<count).map { i in
            let k = known[int(0...(known.count - 1))]
            let contactId = "NEW-\(i)-K1", caseId = "NEW-\(i)"
            switch i % 4 {
            case 0 where k.2 != nil:
                return (contactId, PersonQuery(name: k.4.uppercased(), nik: k.2, caseId: caseId))
            case 1 where k.3 != nil:
                return (contactId, PersonQuery(name: "Bapak " + k.4, phone: "+62" + k.3!.dropFirst(), caseId: caseId))
            case 2 where k.5 != nil && !k.6.isEmpty:
                return (contactId, PersonQuery(name: k.4.replacingOccurrences(of: " ", with: ""), age: k.5, kelurahan: k.6, caseId: caseId))
            default:
                return (contactId, PersonQuery(name: name(), nik: nik(), phone: phone(), age: int(1...85), kelurahan: pick(CityMonth.kelurahan), caseId: caseId))
            }
        }
    }
}
