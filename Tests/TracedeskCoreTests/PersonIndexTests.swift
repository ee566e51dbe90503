import Foundation
import Testing
@testable import TracedeskCore

/// The desk's indexes (people by NIK, phone and name; follow-ups by tracer) are kept as events
/// apply: held equal to the full passes they replaced, on random journals that correct
/// records, return and refile interviews with other contacts, link, unlink and reassign.
@Suite struct PersonIndexTests {
    /// Review turned off for a while and on again: filings in that while start their follow-ups
    /// as they are filed, not at approval.
    static let team: Team = {
        var t = Team(name: "Tim", members: [
            TeamMember(id: "tracer-01", name: "Dewi", role: .tracer),
            TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
            TeamMember(id: "tracer-03", name: "Rina", role: .tracer),
            TeamMember(id: "lead-01", name: "Sri", role: .lead),
        ])
        let start = WallClock.wib.date(day: Day(parsing: "2021-07-01")!, hour: 8, minute: 0)
        t.changeSettings(at: start + 40 * 60) { $0.reviewRequired = false; $0.lostAfterDays = 2 }
        t.changeSettings(at: start + 100 * 60) { $0.reviewRequired = true }
        return t
    }()

    struct Journal {
        var rng: SplitMix64
        var events: [Event] = []
        var desk = Desk(team: PersonIndexTests.team)
        var t = WallClock.wib.date(day: Day(parsing: "2021-07-01")!, hour: 8, minute: 0)
        // Small pools, so the same NIK, phone and name turn up often.
        let names = ["Nur Haliza", "Nurhaliza", "Muhamad Rizki", "Muhammad Rizki", "Siti Aminah binti Ahmad", "St. Aminah", "Budi", "Dewi Lestari"]
        let kel = ["Menteng", "Cikini", "menteng"]

        init(seed: UInt64) { rng = SplitMix64(seed: seed) }

        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func nik() -> String? { int(0...3) == 0 ? nil : "317100000000000\(int(0...5))" }
        mutating func phone() -> String { ["081200000001", "+6281200000001", "62 812-0000-0002", "0812 0000 0003"][int(0...3)] }

        mutating func add(_ body: EventBody, by actor: String) {
            t += 60
            let e = Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: body)
            events.append(e)
            desk.apply(e)
        }

        mutating func file(_ caseId: String, by tracer: String) {
            guard let r = desk[caseId]?.record else { return }
            var dr = InterviewDraft(for: r, rules: .indonesia2021)
            dr.consent = "given"; dr.symptomatic = "no"; dr.specimen = "2021-06-30"
            for k in 0..<int(0...4) {
                _ = dr.addContact(named: names[int(0...names.count - 1)], on: Day(parsing: "2021-06-30")!)
                dr.contacts[k].relationship = int(0...1) == 0 ? "household" : "coworker"
                dr.contacts[k].criterion = "same_household"
                dr.contacts[k].phone = int(0...2) == 0 ? "" : phone()
                dr.contacts[k].nik = nik() ?? ""
                dr.contacts[k].age = int(0...3) == 0 ? "" : String(30 + int(0...2))
                dr.contacts[k].lastExposure = "2021-06-30"
            }
            add(.interviewFiled(FiledInterview.file(dr, today: Day(parsing: "2021-07-01")!)), by: tracer)
        }

        mutating func query() -> (String, PersonQuery) {
            let q = PersonQuery(name: names[int(0...names.count - 1)], nik: nik(), phone: int(0...1) == 0 ? nil : phone(),
                                age: int(0...3) == 0 ? nil : 30 + int(0...2), kelurahan: int(0...2) == 0 ? nil : kel[int(0...2)],
                                caseId: "C-\(int(0...12))")
            return ("C-\(int(0...12))-K\(int(1...4))", q)
        }

        /// Up to three moves on cases: claims (a lead's too), assignments, and calls with
        /// callbacks some minutes before or after now.
        mutating func caseMoves() {
            for _ in 0..<int(0...3) {
                guard desk.cases.count > 0 else { break }
                let last = desk.cases.count - 1
                let position = int(0...last)
                let id = desk.cases[position: position].id
                let tracer = "tracer-0\(int(1...3))"
                let kind = int(0...4), toLead = int(0...4) == 0, claim = int(0...1) == 0
                let outcome = [CallOutcome.callBack, .noAnswer, .reachedInterviewLater, .busy][int(0...3)]
                let minutes = int(-30...90)
                let holding = desk[id]?.claimedBy
                switch kind {
                case 0 where toLead && holding == nil:
                    // A lead takes a case: a row outside the tracers'.
                    add(.caseClaimed(CaseClaim(caseId: id)), by: "lead-01")
                case 0:
                    add(.caseAssigned(CaseAssignment(caseId: id, tracer: tracer, from: holding)), by: "lead-01")
                default:
                    guard let holder = holding ?? (claim ? tracer : nil) else { continue }
                    if holding == nil { add(.caseClaimed(CaseClaim(caseId: id)), by: holder) }
                    let at = outcome == .callBack ? t + Double(minutes * 60) : nil
                    for b in desk.eventsForCall(CallAttempt(caseId: id, outcome: outcome, callbackAt: at), settings: DeskSettings()) {
                        add(b, by: holder)
                    }
                }
            }
        }

        mutating func run(steps: Int) {
            var cases = 0
            for _ in 0..<steps {
                let tracer = "tracer-0\(int(1...3))"
                let id = "C-\(int(0...max(0, cases - 1)))"
                switch int(0...16) {
                case 0, 1:
                    let batch = "b\(cases)"
                    let records = (0..<int(1...3)).map { _ -> CaseRecord in
                        defer { cases += 1 }
                        return CaseRecord(caseId: "C-\(cases)", name: names[int(0...names.count - 1)], nik: nik(), phones: [phone()],
                                          age: 30 + int(0...2), kelurahan: kel[int(0...2)], resultDate: Day(parsing: "2021-07-01")!)
                    }
                    // The import's person matching: new cases that are known contacts by NIK,
                    // linked to them (or kept apart) after the commit, as `tracedesk import` writes.
                    let people = ImportPeople.find(records, lines: records.indices.map { $0 + 2 }, in: desk)
                    for b in Desk.importEvents(records, batch: batch) { add(b, by: "lab") }
                    if people.needsDecision {
                        for b in people.events(link: int(0...2) != 0) { add(b, by: "lead-01") }
                    }
                case 2:
                    guard let r = desk[id]?.record else { continue }
                    var fixed = r
                    switch int(0...3) {
                    case 0: fixed.nik = nik()
                    case 1: fixed.phones = [phone()]
                    case 2: fixed.name = names[int(0...names.count - 1)]
                    default: fixed.kelurahan = kel[int(0...2)]
                    }
                    let changes = r.changes(to: fixed)
                    if !changes.isEmpty { add(.caseCorrected(CaseCorrection(caseId: id, changes: changes, reason: "typo")), by: "lead-01") }
                case 3, 4:
                    guard desk[id] != nil else { continue }
                    if desk[id]?.claimedBy == nil { add(.caseClaimed(CaseClaim(caseId: id)), by: tracer) }
                    file(id, by: desk[id]?.claimedBy ?? tracer)
                case 5:
                    if desk[id]?.status == .awaitingReview { add(.reviewReturned(ReviewDecision(caseId: id, note: "cek")), by: "lead-01") }
                case 6, 7:
                    if desk[id]?.status == .awaitingReview { add(.reviewApproved(ReviewDecision(caseId: id)), by: "lead-01") }
                case 8:
                    guard let key = desk.followUpOrder.randomElement(using: &rng) else { continue }
                    add(.followUpAssigned(FollowUpAssignment(contactId: key, tracer: tracer, from: desk.followUps[key]?.tracer)), by: "lead-01")
                case 9:
                    guard let a = desk.followUpOrder.randomElement(using: &rng), let b = desk.followUpOrder.randomElement(using: &rng), a != b else { continue }
                    add(.personLinked(PersonLink(contactId: a, toContact: b, reason: .nik)), by: desk.followUps[a]?.tracer ?? tracer)
                case 10:
                    guard let (contact, key) = desk.personKey.filter({ $0.key != $0.value }).randomElement(using: &rng) else { continue }
                    add(.personUnlinked(PersonLink(contactId: contact, toContact: key, reason: .nik)), by: "lead-01")
                case 12:
                    // A positive test: the contact becomes a case (findable as one).
                    guard let key = desk.followUpOrder.randomElement(using: &rng), let f = desk.followUps[key], f.convertedCaseId == nil else { continue }
                    let test = ContactTest(kind: .entry, method: .pcr, date: Day(parsing: "2021-07-02")!, result: .positive)
                    for b in desk.eventsForFollowUpCall(FollowUpCall(contactId: key, day: Day(parsing: "2021-07-02")!, outcome: .reached, symptoms: [], test: test)) {
                        add(b, by: f.tracer)
                    }
                case 13:
                    // A contact found to be a case already.
                    guard let key = desk.followUpOrder.randomElement(using: &rng), desk[id] != nil else { continue }
                    add(.personLinked(PersonLink(contactId: key, toCase: id, reason: .nik)), by: desk.followUps[key]?.tracer ?? tracer)
                case 14:
                    // A lead undoes a link to a case (and the conversion it made).
                    guard let link = desk.personLinks.values.filter({ $0.toCase != nil }).randomElement(using: &rng) else { continue }
                    add(.personUnlinked(link), by: "lead-01")
                case 15:
                    // A contact's last exposure corrected after approval.
                    guard let key = desk.followUpOrder.randomElement(using: &rng), let e = desk.followUps[key]?.exposures.first else { continue }
                    let to = "2021-06-2\(int(5...9))"
                    add(.caseCorrected(CaseCorrection(caseId: e.caseId, changes: [FieldChange(field: CaseCorrection.lastExposureField, from: e.lastExposure?.iso ?? "", to: to)],
                                                      reason: "typo", contactId: e.contactId)), by: "lead-01")
                default:
                    guard let key = desk.followUpOrder.randomElement(using: &rng), let f = desk.followUps[key] else { continue }
                    add(.followUpCalled(FollowUpCall(contactId: key, day: Day(parsing: "2021-07-03")!, outcome: .reached, symptoms: [])), by: f.tracer)
                }
            }
        }
    }

    @Test func theIndexFindsWhatAPassOverEveryCaseAndContactFinds() {
        var found = 0
        for seed in 1...40 {
            var j = Journal(seed: UInt64(seed))
            j.run(steps: 120)
            for _ in 0..<60 {
                let (contactId, q) = j.query()
                let byIndex = PersonMatcher.matches(q, in: j.desk)
                #expect(byIndex == PersonMatcher.matchesByScanning(q, in: j.desk), "seed \(seed): \(q)")
                found += byIndex.count
                _ = j.desk.undecidedMatches(for: contactId, q)
            }
            // The desk replayed from the same events keeps the same index.
            let replayed = Desk(replaying: j.events, team: PersonIndexTests.team)
            let (_, q) = j.query()
            #expect(PersonMatcher.matches(q, in: replayed) == PersonMatcher.matchesByScanning(q, in: replayed))
        }
        #expect(found > 500) // the pools are small: most queries find someone, by each reason
    }

    @Test func aTracersFollowUpListIsTheirsOfEveryonesInOrder() {
        let today = Day(parsing: "2021-07-03")!
        var lists = 0
        for seed in 1...40 {
            var j = Journal(seed: UInt64(seed) * 7)
            j.run(steps: 150)
            let all = j.desk.followUpList(for: nil, today: today, lostAfter: 3)
            for tracer in ["tracer-01", "tracer-02", "tracer-03", "lead-01"] {
                let mine = j.desk.followUpList(for: tracer, today: today, lostAfter: 3)
                #expect(mine.map(\.id) == all.filter { $0.tracer == tracer }.map(\.id), "seed \(seed), \(tracer)")
                lists += mine.isEmpty ? 0 : 1
            }
        }
        #expect(lists > 40)
    }

    /// The team board's figures, kept as the desk moves (each follow-up's part made again
    /// only when it changed), are those of the pass over everyone, at every step of random
    /// journals and for days before, on and after the calls; and the index's known-contact
    /// candidates are those of a pass over every filing.
    @Test func theBoardsFiguresKeptAsTheDeskMovesAreThoseOfAFullPass() {
        let days = ["2021-07-01", "2021-07-02", "2021-07-03", "2021-07-20"].map { Day(parsing: $0)! }
        var compared = 0, known = 0
        for seed in 1...30 {
            var j = Journal(seed: UInt64(seed) * 13)
            var tallies = days.map { _ in FollowUpTally() }
            var ranking = FollowUpRanking()
            for step in 0..<40 {
                j.run(steps: 4)
                // Everyone's list, kept likewise, is the list ranked whole.
                let day = days[step / 15 + 1], lost = step < 20 ? 3 : 2
                let whole = j.desk.rankedFollowUpList(for: nil, today: day, lostAfter: lost)
                let kept = ranking.list(desk: j.desk, today: day, lostAfter: lost)
                #expect(Array(kept.keys) == whole.map(\.followUp.id), "seed \(seed), step \(step)")
                #expect(kept.active == whole.count { $0.rank < 2 } && kept.notReachedToday == whole.count { $0.rank == 0 })
                for (i, day) in days.enumerated() where (step + i) % 2 == 0 {
                    let kept = tallies[i].figures(desk: j.desk, day: day, clock: WallClock.wib)
                    let full = FollowUpFigures(desk: j.desk, day: day, clock: WallClock.wib)
                    #expect(kept == full, "seed \(seed), step \(step), \(day.iso)")
                    compared += 1
                    known += full.newCasesAlreadyContacts
                }
            }
            let all = j.desk.cases.values
            #expect(j.desk.knownContactCandidates(all) == j.desk.knownContactCandidatesByScanning(all), "seed \(seed)")
            // A desk replayed afresh is another desk: the tally starts again, not from its marks.
            let replayed = Desk(replaying: j.events, team: PersonIndexTests.team)
            #expect(tallies[1].figures(desk: replayed, day: days[1], clock: WallClock.wib) == FollowUpFigures(desk: replayed, day: days[1], clock: WallClock.wib))
        }
        #expect(compared > 2_000 && known > 0, "\(compared) \(known)")
    }

    /// The team board's rows, kept as the desk moves (each case's part made again only when
    /// it changed), are those of a pass over every case, at every step of random journals with
    /// claims, calls and callbacks (some overdue), assignments, filings, returns and approvals,
    /// for the day of the calls and the next, and as the clock moves past callbacks.
    @Test func theBoardsRowsKeptAsTheDeskMovesAreThoseOfAFullPass() {
        let days = ["2021-07-01", "2021-07-02"].map { Day(parsing: $0)! }
        var compared = 0, overdue = 0, calls = 0, outside = 0
        for seed in 1...30 {
            var j = Journal(seed: UInt64(seed) * 17)
            var tallies = days.map { _ in TeamBoardTally() }
            for step in 0..<60 {
                j.run(steps: 2)
                j.caseMoves()
                for (i, day) in days.enumerated() where (step + i) % 2 == 0 {
                    for now in [j.t, j.t + 3600] {
                        let kept = tallies[i].board(desk: j.desk, day: day, now: now, clock: WallClock.wib)
                        let full = TeamBoard(desk: j.desk, day: day, now: now, clock: WallClock.wib)
                        #expect(kept == full, "seed \(seed), step \(step), \(day.iso)")
                        compared += 1
                        overdue += full.total.callbacksOverdue
                        calls += full.total.callsOnDay
                        outside += full.rows.count { $0.outsideTeam }
                    }
                }
            }
            // A desk replayed afresh is another desk: the tally starts again, not from its marks.
            let replayed = Desk(replaying: j.events, team: PersonIndexTests.team)
            #expect(tallies[0].board(desk: replayed, day: days[0], now: j.t, clock: WallClock.wib)
                    == TeamBoard(desk: replayed, day: days[0], now: j.t, clock: WallClock.wib))
        }
        #expect(compared > 1_500 && overdue > 0 && calls > 0 && outside > 0, "\(compared) \(overdue) \(calls) \(outside)")
    }

    /// The case queue, kept as the desk moves (each changed case placed again, the callbacks
    /// fallen due read at each look), is the queue sorted whole, at every step of random
    /// journals, for every scope, several status filters, each tracer, and as the clock moves
    /// past callbacks.
    @Test func theQueueKeptAsTheDeskMovesIsTheQueueSortedWhole() {
        let filters: [StatusFilter] = [.open, .any, .only(.callbackScheduled), .only(.returned)]
        let tracers = ["tracer-01", "tracer-02", "lead-01"]
        var compared = 0, jumped = 0
        for seed in 1...20 {
            var j = Journal(seed: UInt64(seed) * 19)
            var tallies = [String: QueueTally]()
            for step in 0..<50 {
                j.run(steps: 2)
                j.caseMoves()
                for (s, scope) in QueueScope.allCases.enumerated() {
                    for (f, status) in filters.enumerated() {
                        let tracer = tracers[(s + f) % tracers.count]
                        for now in [j.t, j.t + 3600] {
                            let name = "\(scope)\(f)"
                            let whole = j.desk.queuePositions(QueueQuery(scope: scope, status: status), tracer: tracer, now: now)
                            let kept = tallies[name, default: QueueTally()].positions(desk: j.desk, scope: scope, status: status, tracer: tracer, now: now)
                            #expect(kept == whole, "seed \(seed), step \(step), \(scope), \(status), \(tracer)")
                            compared += 1
                            jumped += whole.prefix { j.desk.cases[position: $0].isCallbackDue(at: now) || j.desk.cases[position: $0].status == .returned }.count
                        }
                    }
                }
            }
            // Sorted whole once each: every later look placed the changed cases alone.
            #expect(tallies.values.allSatisfy { $0.madeWhole == 1 }, "seed \(seed)")
            // A desk replayed afresh is another desk: the tally sorts again, not from its marks.
            let replayed = Desk(replaying: j.events, team: PersonIndexTests.team)
            #expect(tallies["all0", default: QueueTally()].positions(desk: replayed, scope: .all, status: .open, tracer: "tracer-01", now: j.t)
                    == replayed.queuePositions(QueueQuery(), tracer: "tracer-01", now: j.t))
        }
        #expect(compared > 10_000 && jumped > 100, "\(compared) \(jumped)")
    }

    /// The queue header's counts, kept as the desk moves (each changed case counted again, the
    /// callbacks fallen due and the day's done cases read at each look), are those of a pass
    /// over every case, at every step of random journals, as the clock moves past callbacks
    /// and into the next day.
    @Test func theQueueCountsKeptAsTheDeskMovesAreThoseOfAFullPass() {
        var compared = 0, due = 0, done = 0, waiting = 0
        for seed in 1...30 {
            var j = Journal(seed: UInt64(seed) * 23)
            var tally = QueueCountsTally()
            for step in 0..<60 {
                j.run(steps: 2)
                j.caseMoves()
                for now in [j.t, j.t + 3600, j.t + 86_400] {
                    let kept = tally.counts(desk: j.desk, now: now, clock: WallClock.wib)
                    let full = j.desk.counts(now: now, clock: WallClock.wib)
                    #expect(kept == full, "seed \(seed), step \(step)")
                    compared += 1
                    due += full.callbacksDue; done += full.doneToday; waiting += full.waiting
                }
            }
            #expect(tally.madeWhole == 1, "seed \(seed)")
            // A desk replayed afresh is another desk: the tally counts again, not from its marks.
            let replayed = Desk(replaying: j.events, team: PersonIndexTests.team)
            #expect(tally.counts(desk: replayed, now: j.t, clock: WallClock.wib) == replayed.counts(now: j.t, clock: WallClock.wib))
        }
        #expect(compared > 5_000 && due > 0 && done > 0 && waiting > 0, "\(compared) \(due) \(done) \(waiting)")
    }

    /// A case's changes beyond what the table keeps: the board counts every case again.
    @Test func theBoardCountsAgainWhenTheChangesItMissedAreNoLongerKept() {
        var j = Journal(seed: 5)
        j.run(steps: 100)
        let day = Day(parsing: "2021-07-01")!
        var tally = TeamBoardTally()
        _ = tally.board(desk: j.desk, day: day, now: j.t, clock: WallClock.wib)
        let id = j.desk.cases[position: 0].id
        let holder = j.desk[id]?.claimedBy ?? "tracer-01"
        for _ in 0..<(3 * CaseTable.changesKept) {
            j.add(.callLogged(CallAttempt(caseId: id, outcome: .reachedInterviewLater)), by: holder)
        }
        #expect(j.desk.cases.changed(since: 0) == nil)
        #expect(tally.board(desk: j.desk, day: day, now: j.t, clock: WallClock.wib) == TeamBoard(desk: j.desk, day: day, now: j.t, clock: WallClock.wib))
    }

    /// A follow-up's changes beyond what the table keeps: the tally counts everyone again.
    @Test func theTallyCountsAgainWhenTheChangesItMissedAreNoLongerKept() {
        var j = Journal(seed: 99)
        j.run(steps: 200)
        let day = Day(parsing: "2021-07-03")!
        var tally = FollowUpTally()
        _ = tally.figures(desk: j.desk, day: day, clock: WallClock.wib)
        guard let key = j.desk.followUpOrder.first(where: { j.desk.followUps[$0]?.convertedCaseId == nil }), let f = j.desk.followUps[key] else {
            Issue.record("no follow-up"); return
        }
        let anomalies = j.desk.anomalyCount
        for _ in 0..<(3 * FollowUpTable.changesKept) {
            j.desk.apply(Event(id: EventID.make(at: j.t, using: &j.rng), timestamp: j.t, actor: f.tracer,
                               body: .followUpCalled(FollowUpCall(contactId: key, day: day, outcome: .noAnswer))))
        }
        #expect(j.desk.anomalyCount == anomalies, "\(j.desk.anomalies.suffix(1))")
        #expect(j.desk.followUps.changed(since: 0) == nil)
        #expect(tally.figures(desk: j.desk, day: day, clock: WallClock.wib) == FollowUpFigures(desk: j.desk, day: day, clock: WallClock.wib))
    }

    /// The journals reach every path that changes who is under follow-up or who a case is, so
    /// an index a path forgets fails the tests above.
    @Test func theRandomJournalsTakeEveryPathThatMovesTheIndexes() {
        var seen: [String: Int] = [:]
        let off = PersonIndexTests.team.settingsHistory[1].from!, on = PersonIndexTests.team.settingsHistory[2].from!
        for seed in 1...40 {
            var j = Journal(seed: UInt64(seed) * 7)
            j.run(steps: 150)
            for e in j.events {
                switch e.body {
                case .contactConverted: seen["converted", default: 0] += 1
                case .personLinked(let l) where l.toCase != nil && l.linked && e.actor == "lead-01": seen["linked to a case", default: 0] += 1
                case .personLinked(let l) where l.toCase != nil && !l.linked: seen["kept apart at import", default: 0] += 1
                case .personUnlinked(let l) where l.toCase != nil: seen["unlinked from a case", default: 0] += 1
                case .caseCorrected(let c) where c.contactId != nil: seen["exposure corrected", default: 0] += 1
                case .interviewFiled where e.timestamp >= off && e.timestamp < on: seen["filed with review off", default: 0] += 1
                default: break
                }
            }
        }
        for path in ["converted", "linked to a case", "kept apart at import", "unlinked from a case", "exposure corrected", "filed with review off"] {
            #expect(seen[path, default: 0] > 5, "\(path): \(seen)")
        }
    }
}

@Suite struct FastKeysTests {
    /// Phone.normalize, String by String: the oracle of the byte version. A phone holds ASCII
    /// digits, space, tab, - . ( ) and a leading +; anything else makes it none.
    static func normalizeAsBefore(_ raw: String) -> String? {
        var first = true
        for ch in raw {
            if ch == "+" { guard first else { return nil }; first = false }
            else if ch.isASCII && ch.isNumber { first = false }
            else if !" \t-.()".contains(ch) { return nil }
        }
        let digitsAndPlus = raw.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
        let leadingPlus = digitsAndPlus.hasPrefix("+")
        var digits = digitsAndPlus.filter(\.isNumber)
        if leadingPlus {
            guard digits.hasPrefix("62") else { return nil }
            digits.removeFirst(2)
        } else if digits.hasPrefix("62") {
            digits.removeFirst(2)
        } else if digits.hasPrefix("0") {
            digits.removeFirst()
        } else {
            return nil
        }
        guard (8...12).contains(digits.count), digits.first != "0" else { return nil }
        return "+62" + digits
    }

    @Test func phonesAndNIKsReadAsBytesAreWhatTheCharacterReadingGives() {
        var rng = SplitMix64(seed: 99)
        let parts = ["0", "8", "6", "2", "+", " ", "-", "1", "9", "(", ")", "62", "08", "+62", "0812", "a"]
        var some = 0
        for _ in 0..<20_000 {
            let raw = (0..<Int.random(in: 0...10, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()
            #expect(Phone.normalize(raw) == Self.normalizeAsBefore(raw), "\(raw)")
            some += Phone.normalize(raw) == nil ? 0 : 1
            let nik = String(raw.filter { $0 != "+" }.prefix(20))
            let slow: String? = { let d = nik.filter(\.isNumber); return d.count == 16 ? d : nil }()
            #expect(PersonMatcher.nikKey(nik) == slow, "\(nik)")
        }
        // Fewer are phones since a letter or a + after the first digit makes one none.
        #expect(some > 300)
        #expect(PersonMatcher.nikKey("3171 0000 0000 0001") == "3171000000000001")
    }
}

@Suite struct PersonIndexPlacesTests {
    @Test func placesBeyondThirtyTwoBitsAreKeptAsTheyAreAndFoundAndTakenBack() {
        let q = PersonQuery(name: "Budi", nik: "3171000000000001", phone: "081200000001")
        let keys = PersonIndex.keys(q)
        #expect(keys.count == 2)
        var index = PersonIndex()
        let places: [UInt64] = [PersonIndex.place(position: 7, seed: nil), PersonIndex.place(position: 7, seed: 3),
                                PersonIndex.place(position: 5_000_000, seed: nil), PersonIndex.place(position: 8, seed: 2_000),
                                PersonIndex.place(position: (1 << 22) - 1, seed: 1_022)]
        let entries = places.map { (keys[0], $0) } + [(keys[1], places[2])]
        index.add(entries)
        #expect(index.candidates(q) == places.sorted())
        #expect(PersonIndex.position(places[3]) == 8 && PersonIndex.seed(places[3]) == 2_000)
        index.remove(Array(entries.prefix(3)))
        #expect(index.candidates(q) == [places[2], places[3], places[4]].sorted())
        index.remove(Array(entries.dropFirst(3)))
        #expect(index.candidates(q).isEmpty && index.count == 0)
    }
}
