import Foundation

/// The state of the queue, rebuilt by replaying the journal. Applying the same events in the
/// same order always gives the same desk; an event seen twice (same id) is applied once.
public struct Desk: Sendable, Equatable {
    /// What the desk holds; where its anomalies were found is how it was read, not what it is
    /// (a desk replayed from a list of events equals one replayed from the store).
    public static func == (a: Desk, b: Desk) -> Bool {
        a.cases == b.cases && a.eventCount == b.eventCount && a.anomalies == b.anomalies && a.anomalyCount == b.anomalyCount
            && a.team == b.team && a.clock == b.clock && a.seen == b.seen && a.pendingImports == b.pendingImports
            && a.pendingCorrections == b.pendingCorrections
            && a.followUps == b.followUps && a.followUpOrder == b.followUpOrder && a.personKey == b.personKey
            && a.convertedFrom == b.convertedFrom && a.personDecisions == b.personDecisions && a.linkedCase == b.linkedCase
            && a.caseLinks == b.caseLinks
            && a.personLinks == b.personLinks
    }

    /// For each contact, the people (contact ids, or "case:" + case id) a tracer decided about.
    public internal(set) var personDecisions: [String: Set<String>] = [:]
    /// Each contact's link in force (`person.linked`, not undone): what a lead may unlink.
    public internal(set) var personLinks: [String: PersonLink] = [:]
    /// A contact who is already a case: that case (one node in the chain).
    public internal(set) var linkedCase: [String: String] = [:]
    /// A case linked as the same person as another case (two case ids, one person): that case.
    public internal(set) var caseLinks: [String: String] = [:]

    /// People under follow-up (and who were), by their key (see `personKey`).
    public internal(set) var followUps = FollowUpTable()
    /// Follow-ups in the order they started, for stable lists.
    public internal(set) var followUpOrder: [String] = []
    /// How often a follow-up left `followUpOrder` (a link or unlink; the places after it moved):
    /// a list kept by place (`FollowUpRanking`) is made whole again.
    public internal(set) var followUpOrderCuts = 0
    /// `followUpOrder` by tracer (derived, so not part of what a desk is).
    var followUpIndex = FollowUpIndex()
    /// Each filed contact id to the key of the person's follow-up.
    public internal(set) var personKey: [String: String] = [:]
    /// A case made from a contact's positive test, to that contact's follow-up key.
    public internal(set) var convertedFrom: [String: String] = [:]

    /// In import order, so listings are stable before sorting.
    public private(set) var cases = CaseTable()
    /// Cases and filed close contacts by NIK, phone and name, for finding a person (derived
    /// from `cases`, so not part of what a desk is).
    var people = PersonIndex()
    public private(set) var eventCount = 0
    /// Moves on whenever the desk changes: screens recompute what they derive from it (a
    /// follow-up list, the day's figures) only when it moved. Not part of what a desk is.
    public private(set) var revision = 0
    /// Moves on when who the desk knows may have changed (a case added or corrected, a
    /// filing's contacts, a link or keep-apart): what the day's "new cases already known as
    /// contacts" is judged from. Not part of what a desk is.
    public internal(set) var peopleRevision = 0
    /// Things in the journal that replay had to ignore, for `tracedesk check`: the first
    /// `Desk.anomaliesKept` of them (a journal can hold any number), and how many in all.
    public private(set) var anomalies: [Anomaly] = []
    /// Where each kept anomaly's event is in the store (nil when it came whole, not from a
    /// store), so `check` can give its line. Not part of what a desk is (see `==`).
    public private(set) var anomalyPlaces: [EventRef?] = []
    public private(set) var anomalyCount = 0
    /// The event being applied, for the place of an anomaly it causes.
    private var applying: EventRef?
    public static let anomaliesKept = 1_000
    /// Who may do what; without a team file nobody is a lead.
    public private(set) var team: Team? { didSet { teamIds = team.map { Set($0.members.map(\.id)) } } }
    /// The team's ids, for the membership check every event passes on replay.
    private(set) var teamIds: Set<String>?
    /// The zone a history line gives a callback's time in: the desk's own (WIB, WITA, WIT).
    public var clock = WallClock.wib
    private var seen = SeenEvents()
    /// Imported cases waiting for their batch's commit record.
    private var pendingImports: [String: PendingBatch] = [:]
    /// An import's corrections of known cases, waiting for the same commit.
    private var pendingCorrections: [String: [PendingCorrection]] = [:]

    public struct PendingCorrection: Sendable, Equatable {
        @_spi(Checkpoint) public internal(set) var correction: CaseCorrection
        @_spi(Checkpoint) public internal(set) var at: Date
        @_spi(Checkpoint) public internal(set) var actor: String
        @_spi(Checkpoint) public internal(set) var ref: EventRef?
        @_spi(Checkpoint) public init(correction: CaseCorrection, at: Date, actor: String, ref: EventRef?) {
            self.correction = correction; self.at = at; self.actor = actor; self.ref = ref
        }
    }

    public struct PendingImport: Sendable, Equatable {
        @_spi(Checkpoint) public internal(set) var imported: ImportedCase
        @_spi(Checkpoint) public internal(set) var at: Date
        @_spi(Checkpoint) public internal(set) var actor: String
        /// Where the case.imported event is, for the case's history.
        @_spi(Checkpoint) public internal(set) var ref: EventRef?
        @_spi(Checkpoint) public init(imported: ImportedCase, at: Date, actor: String, ref: EventRef?) {
            self.imported = imported; self.at = at; self.actor = actor; self.ref = ref
        }
    }

    /// An import's cases until its commit, in slabs of a thousand: a city's line list arrives as
    /// one batch of 100,000, which as one growing array was held twice while it doubled, and
    /// again beside the table its cases move into (40 MB at the peak of a city's replay).
    /// Each slab is let go as soon as its cases are in the table.
    struct PendingBatch: Sendable, Equatable {
        private var slabs: [[PendingImport]] = []
        private(set) var count = 0
        private static let slab = 1024

        mutating func append(_ p: PendingImport) {
            if slabs.last.map({ $0.count == Self.slab }) ?? true {
                slabs.append([])
                slabs[slabs.count - 1].reserveCapacity(Self.slab)
            }
            slabs[slabs.count - 1].append(p)
            count += 1
        }

        /// Each import in order, each slab freed once read.
        consuming func drain(_ body: (PendingImport) -> Void) {
            slabs.reverse()
            while let slab = slabs.popLast() { slab.forEach(body) }
        }

        var all: [PendingImport] { slabs.flatMap { $0 } }
    }

    /// Imports whose commit record never arrived (cut off by a crash): batch id and case count.
    public var uncommittedImports: [(batch: String, cases: Int)] {
        var all = pendingImports.mapValues(\.count)
        for batch in pendingCorrections.keys where all[batch] == nil { all[batch] = 0 }
        return all.map { ($0.key, $0.value) }.sorted { $0.batch < $1.batch }
    }

    public init(team: Team? = nil) { self.team = team; teamIds = team.map { Set($0.members.map(\.id)) } }

    /// The team file changed while the desk is open (a tracer added, one who left): who may
    /// do what, and who is offered work, from now on.
    public mutating func teamChanged(_ team: Team) {
        self.team = team
        revision += 1
    }

    public init<S: Sequence>(replaying events: S, team: Team? = nil) where S.Element == Event {
        self.init(team: team)
        for e in events { apply(e) }
    }

    public subscript(id: String) -> CaseFile? { cases[id] }

    /// The desk as lists made on another thread read it: without the id of every event seen
    /// (5 million in a city's month), which no list reads, so the desk applying its next event
    /// while the copy is held does not copy them (0.1 s and more on the key path).
    public var withoutEventIds: Desk {
        var d = self
        d.seen = SeenEvents()
        return d
    }

    /// For `bench followup-start`: lets go of the desk's parts one at a time, biggest suspect
    /// first, and says how much `inUse()` fell at each (what each part held). The desk is
    /// empty afterwards.
    @_spi(Bench) public mutating func letGoForBench(_ inUse: () -> Int) -> [(part: String, bytes: Int)] {
        // catalogue: not shown from here — a part's name in a benchmark's output
        var out: [(part: String, bytes: Int)] = []
        var last = inUse()
        func step(_ part: String) { let now = inUse(); out.append((part, last - now)); last = now }
        for key in Array(followUps.keys) { followUps[key]?.checks = [] }
        step("follow-up checks")
        self = withoutEventIds
        step("event ids seen")
        people = PersonIndex()
        step("person index")
        personKey = [:]; convertedFrom = [:]; followUpIndex = FollowUpIndex(); followUpOrder = []; personDecisions = [:]
        step("follow-up keys, order, by tracer")
        followUps = FollowUpTable()
        step("follow-ups without checks")
        cases = CaseTable()
        step("cases")
        self = Desk(team: team)
        step("the rest")
        // catalogue: shown again
        return out
    }

    /// Room for about `events` more events without growing what replay keeps per event.
    public mutating func reserveCapacity(events: Int) { seen.reserveCapacity(events) }

    public mutating func apply(_ event: Event) {
        apply(contentsOf: CollectionOfOne(event))
    }

    /// Applies events in order: what replay does with each batch it reads.
    public mutating func apply<C: RandomAccessCollection>(contentsOf events: C) where C.Element == Event {
        if !events.isEmpty { revision += 1 }
        // What replay derives (history, anomalies) is in the catalogue's source language,
        // whatever the desk shows: it is translated when drawn.
        // Replay is already in English (the default): only a desk speaking Indonesian pays for
        // setting it, and once a batch, not once an event (replay is the hot path).
        if Localization.language == .en {
            applyInEnglish(events)
        } else {
            Localization.$language.withValue(.en) { applyInEnglish(events) }
        }
    }

    private mutating func applyInEnglish<C: RandomAccessCollection>(_ events: C) where C.Element == Event {
        // Each event borrowed from the batch's storage: one copied out of the array cost a
        // memmove and a retain and release of each of its parts.
        if events.withContiguousStorageIfAvailable({ applyInEnglish(borrowing: $0) }) == nil {
            Array(events).withUnsafeBufferPointer { applyInEnglish(borrowing: $0) }
        }
    }

    private mutating func applyInEnglish(borrowing events: UnsafeBufferPointer<Event>) {
        for event in events { applyInEnglish(event) }
    }

    private mutating func applyInEnglish(_ event: Event) {
        applying = event.ref
        guard seen.insert(event.id) else {
            // An id is made once, by one writer; a second event under it was copied or made
            // by hand, and which of the two is true cannot be known: the first stays.
            noteAnomaly(Anomaly("\(event.body.type) reuses the id \(event.id.rawValue) of an earlier event; ignored"))
            return
        }
        eventCount += 1
        let at = event.timestamp
        if let refusal = refusalWhy(event.body, by: event.actor) {
            noteAnomaly(Anomaly("\(event.body.type) by \(event.actor) ignored", because: refusal))
            return
        }
        switch event.body {
        case .caseImported(let imp):
            pendingImports[imp.batch, default: PendingBatch()].append(PendingImport(imported: imp, at: at, actor: event.actor, ref: event.ref))
        case .importAbandoned(let a):
            let corrections = pendingCorrections.removeValue(forKey: a.batch)
            guard pendingImports.removeValue(forKey: a.batch) != nil || corrections != nil else {
                noteAnomaly(Anomaly("import \(a.batch) abandoned, but no unfinished import has that batch"))
                return
            }
        case .importCommitted(let commit):
            let batch = pendingImports.removeValue(forKey: commit.batch) ?? PendingBatch()
            // A line list as large as the queue so far: grow once to size (doubling a city's
            // table would hold two copies at once). Small imports grow it the usual way.
            if batch.count > cases.count / 2 { cases.reserveCapacity(cases.count + batch.count) }
            if batch.count != commit.count {
                noteAnomaly(Anomaly("import \(commit.batch) commits \(commit.count) case(s) but \(batch.count) were found"))
            }
            batch.drain { p in
                let (imp, importedAt, actor) = (p.imported, p.at, p.actor)
                // A second import of the same id is refused at import time; if one slips in
                // (two clerks at once), the first stays authoritative.
                guard cases[imp.record.caseId] == nil else {
                    noteAnomaly(Anomaly("case \(imp.record.caseId) imported twice; the first import is kept"))
                    return
                }
                var file = CaseFile(record: imp.record, importedAt: importedAt)
                file.note(HistoryEntry(at: importedAt, actor: actor, summary: "imported from the lab line list"), from: p.ref)
                insertCase(file)
            }
            for p in pendingCorrections.removeValue(forKey: commit.batch) ?? [] {
                correct(p.correction, at: p.at, by: p.actor, ref: p.ref)
            }
        case .caseCorrected(let c):
            if let batch = c.batch {
                pendingCorrections[batch, default: []].append(PendingCorrection(correction: c, at: at, actor: event.actor, ref: event.ref))
            } else {
                correct(c, at: at, by: event.actor, ref: event.ref)
            }
        case .caseClaimed(let claim):
            var refusedBy: String?
            update(claim.caseId) { file in
                // First claim wins: replay stays deterministic even if two claims raced in.
                if let holder = file.claimedBy {
                    if holder != event.actor { refusedBy = holder }
                    return
                }
                file.claimedBy = event.actor
                if file.status == .waiting { file.status = .inProgress }
                file.note(HistoryEntry(at: at, actor: event.actor, summary: "opened and claimed"), from: event.ref)
            }
            if let holder = refusedBy {
                noteAnomaly(Anomaly("case \(claim.caseId) claimed by \(event.actor) while \(holder) held it; ignored"))
            }
        case .callLogged(let attempt):
            let clock = self.clock
            update(attempt.caseId) { file in
                let unconfirmed = attempt.unconfirmed == true
                file.calls.append(CallMark(at: at, by: event.actor, outcome: attempt.outcome, unconfirmed: unconfirmed))
                if event.ref == nil { file.attempts.append(LoggedAttempt(attempt: attempt, at: at, by: event.actor)) }
                if file.claimedBy == nil { file.claimedBy = event.actor }
                // An outcome left on screen as the desk closed is kept as said, but decides
                // nothing: the tracer never confirmed it (a refusal would close the case).
                if unconfirmed {
                    file.note(HistoryEntry(at: at, actor: event.actor, summary: Desk.summary(of: attempt, at: at, clock: clock)), from: event.ref)
                    return
                }
                switch attempt.outcome {
                case .reached:
                    file.status = .inProgress; file.nextCallback = nil
                case .callBack, .reachedInterviewLater:
                    file.status = .callbackScheduled; file.nextCallback = attempt.callbackAt
                case .noAnswer, .busy, .wrongNumber:
                    if file.status != .needsFieldTracer { file.status = .inProgress }
                    file.nextCallback = nil
                    // A retry time given after no answer or busy schedules it like a callback.
                    if attempt.outcome.takesRetryTime, let retry = attempt.callbackAt, file.status != .needsFieldTracer {
                        file.status = .callbackScheduled; file.nextCallback = retry
                    }
                case .refused:
                    file.status = .refused; file.nextCallback = nil; file.doneAt = at
                }
                file.note(HistoryEntry(at: at, actor: event.actor, summary: Desk.summary(of: attempt, at: at, clock: clock)), from: event.ref)
            }
        case .interviewSaved:
            let held: HeldDraft
            switch (event.ref, event.body) {
            case (let ref?, _): held = .saved(ref)
            case (nil, .interviewSaved(let d)): held = .inMemory(d)
            default:
                noteAnomaly(Anomaly("a draft of case \(event.caseId ?? "?") has no place in the store; ignored"))
                return
            }
            update(event.caseId ?? "") { file in
                if file.draft == nil {
                    var started = HistoryEntry(at: at, actor: event.actor, summary: "interview started")
                    started.fromDraft = true
                    file.note(started, from: event.ref)
                } else if let ref = event.ref {
                    // Every draft's place, not only the first: a lead's history of changes
                    // compares them, and reads them by place instead of searching the journal.
                    file.historyRefs.append(ref)
                }
                file.holdDraft(held, by: event.actor, at: at, replacing: true)
                if file.claimedBy == nil { file.claimedBy = event.actor }
            }
        case .interviewFiled(let filed):
            fileInterview(FiledSummary(filed), whole: filed, event: event, at: at)
        case .interviewFiledInShort(let summary):
            guard event.ref != nil else {
                noteAnomaly(Anomaly("a filing of case \(summary.caseId) read in short has no place in the store; ignored"))
                return
            }
            fileInterview(summary, whole: nil, event: event, at: at)
        case .caseAssigned(let a):
            update(a.caseId) { file in
                file.claimedBy = a.tracer
                let summary: Localizable = a.from.map { "reassigned from \($0) to \(a.tracer)" } ?? "assigned to \(a.tracer)"
                file.note(HistoryEntry(at: at, actor: event.actor, summary: summary), from: event.ref)
            }
        case .reviewApproved(let r):
            update(r.caseId) { file in
                file.status = .approved
                file.reviewedBy = event.actor
                file.reviewedAt = at
                file.doneAt = at
                let count = file.contactCount
                // One line, so the catalogue test finds both texts (they were English on Indonesian screens).
                let note = r.note ?? "", summary: Localizable = note.isEmpty ? "interview approved: \(count) contact(s) to follow-up" : "interview approved: \(count) contact(s) to follow-up — \(note)"
                file.note(HistoryEntry(at: at, actor: event.actor, summary: summary), from: event.ref)
            }
            startFollowUp(of: r.caseId, on: clock.day(of: at), at: at)
        case .reviewReturned(let r):
            update(r.caseId) { file in
                file.status = .returned
                file.returnNote = r.note
                file.returnedBy = event.actor
                file.doneAt = nil
                // The tracer resumes the interview as filed, fixes it and files again.
                if var d = file.interview?.draft {
                    d.step = .review; file.draft = .inMemory(d)
                } else {
                    file.draft = file.filedRef.map { .filed($0) }
                }
                // Not resumed by itself at the tracer's next start: they open it from the queue,
                // where it waits at the top with the note.
                file.draftSavedBy = nil
                file.note(HistoryEntry(at: at, actor: event.actor, summary: "interview returned: \(r.note ?? "")"), from: event.ref)
            }
        case .followUpCalled(let call):
            followUps[personKey[call.contactId] ?? call.contactId]?.checks.append(FollowUpCheck(at: at, by: event.actor, call: call))
        case .personLinked(let link):
            applyLink(link, at: at)
            if link.fromCase == true, let to = link.toCase, caseLinks[link.contactId] == to {
                update(link.contactId) { $0.note(HistoryEntry(at: at, actor: event.actor, summary: "the same person as case \(to): linked"), from: event.ref) }
                update(to) { $0.note(HistoryEntry(at: at, actor: event.actor, summary: "the same person as case \(link.contactId): linked"), from: event.ref) }
            }
        case .personUnlinked(let link):
            applyUnlink(link, at: at)
        case .followUpAssigned(let a):
            let key = personKey[a.contactId] ?? a.contactId
            if let from = followUps[key]?.tracer {
                followUps[key]?.tracer = a.tracer
                followUpIndex.moved(key, from: from, to: a.tracer)
            }
        case .contactConverted(let conv):
            guard cases[conv.record.caseId] == nil else {
                noteAnomaly(Anomaly("case \(conv.record.caseId) made from contact \(conv.contactId) exists already; ignored"))
                return
            }
            let key = personKey[conv.contactId] ?? conv.contactId
            followUps[key]?.convertedCaseId = conv.record.caseId
            followUps[key]?.convertedOn = clock.day(of: at)
            convertedFrom[conv.record.caseId] = key
            insertCase(Desk.convertedCase(conv, at: at, by: event.actor, ref: event.ref))
        case .caseReferred(let ref):
            update(ref.caseId) { file in
                file.status = .needsFieldTracer
                file.nextCallback = nil
                file.doneAt = at
                file.note(HistoryEntry(at: at, actor: event.actor,
                    summary: "flagged: needs field tracer after \(ref.failedAttempts) failed calls"), from: event.ref)
            }
        }
    }

    /// The case a contact's positive test made, its history starting with where it came from.
    static func convertedCase(_ conv: ContactConversion, at: Date, by actor: String, ref: EventRef?) -> CaseFile {
        var file = CaseFile(record: conv.record, importedAt: at)
        let tested = conv.record.specimenDate ?? conv.record.resultDate
        file.note(HistoryEntry(at: at, actor: actor,
            summary: "became a case: contact \(conv.contactId) of case \(conv.sourceCaseId) tested positive on \(tested.text)"), from: ref)
        return file
    }

    /// Whether the case's filed contacts are followed up: approved by a lead, or filed where
    /// the team turned review off (their follow-up starts at filing).
    public func contactsGoToFollowUp(_ file: CaseFile) -> Bool {
        file.status == .approved || (file.status == .awaitingReview && !reviewRequired(at: file.filedAt ?? .distantPast))
    }

    /// Whether a filing at `date` waited for a lead's review: the team's setting then, not now.
    public func reviewRequired(at date: Date) -> Bool { team?.settings(at: date).reviewRequired ?? true }

    /// The team's settings in force at the end of `day` (by the desk's clock): what a day's
    /// figures and follow-up statuses are counted by, whatever was set later.
    public func teamSettings(on day: Day) -> Team.Settings {
        guard let team else { return Team.Settings() }
        return team.settings(at: clock.start(of: day.adding(days: 1)).addingTimeInterval(-0.001))
    }

    /// Unreached days in a row that made a contact lost, as the team had it on `day`.
    public func lostAfter(on day: Day) -> Int { teamSettings(on: day).lostAfterDays }

    /// Where a follow-up stood on `day`, by the settings in force then: one that ended before
    /// `day` is judged by those in force on its last day.
    public func status(of f: FollowUp, on day: Day) -> FollowUpStatus {
        let judged = f.quarantineEnd.map { min($0, day) } ?? day
        return f.status(today: day, lostAfter: lostAfter(on: judged))
    }

    /// A filing, whole or in short (then `whole` is nil and the store keeps it at the event's
    /// place).
    private mutating func fileInterview(_ filed: FiledSummary, whole: FiledInterview?, event: Event, at: Date) {
        var startsFollowUp = false
        let reviewOff = !reviewRequired(at: at)
        defer { if startsFollowUp { startFollowUp(of: filed.caseId, on: clock.day(of: at), at: at) } }
        // Its close contacts become findable as the filing says them (a refiling may change them).
        let known = peopleEntries(ofCase: filed.caseId, contactsOnly: true)
        defer { if let known { reindexPeople(at: known.position, removing: known.entries, contactsOnly: true) } }
        // A returned interview filed again without a close contact it named before (deleted,
        // or no longer close): that exposure was never the interview's final word.
        let named = Set(filed.followUp.map(\.contactId))
        for seed in cases[filed.caseId]?.filing?.followUp ?? [] where !named.contains(seed.contactId) {
            withdrawExposure(of: seed.contactId, to: filed.caseId, at: at)
        }
        update(filed.caseId) { file in
            file.changeTrail { trail in
                trail.filing = filed
                trail.interview = whole
                trail.filedRef = event.ref
                trail.filedBy = event.actor
                trail.filedAt = at
                trail.draft = nil
                trail.returnNote = nil
            }
            file.nextCallback = nil
            file.doneAt = at
            switch filed.outcome {
            case .completed:
                file.status = .awaitingReview
                startsFollowUp = reviewOff
                file.note(HistoryEntry(at: at, actor: event.actor,
                    summary: "interview filed: \(filed.contacts) contact(s) (\(filed.closeContacts) close), \(filed.daysWalked) day(s) walked"), from: event.ref)
            case .refused:
                file.status = .refused
                file.note(HistoryEntry(at: at, actor: event.actor, summary: "interview refused by the patient"), from: event.ref)
            }
        }
    }

    /// A callback on the day of the call is its time alone ("call back 11:40 WIB"), as the
    /// desk's lists write a time today: the history line's own time says the day.
    private static func summary(of attempt: CallAttempt, at: Date, clock: WallClock) -> Localizable {
        let outcome = attempt.outcome.label
        let note = attempt.note ?? ""
        if attempt.unconfirmed == true {
            let unconfirmed: Localizable = note.isEmpty ? "call, not confirmed (saved as the desk closed): \(outcome)" : "call, not confirmed (saved as the desk closed): \(outcome) — \(note)"
            return unconfirmed
        }
        let summary: Localizable
        switch (attempt.outcome.needsCallbackTime || attempt.outcome.takesRetryTime ? attempt.callbackAt.map { DateText.time($0, clock: clock, now: at) } : nil, note.isEmpty) {
        case (nil, true): summary = "call: \(outcome)"
        case (nil, false): summary = "call: \(outcome) — \(note)"
        case (let cb?, true): summary = "call: \(outcome), call back \(cb) \(clock.label)"
        case (let cb?, false): summary = "call: \(outcome), call back \(cb) \(clock.label) — \(note)"
        }
        return summary
    }

    /// The events that shaped one case, oldest first (its import, claim, calls, every draft,
    /// filing and review): by their places when the desk keeps them (microseconds), else by
    /// asking the store (a search through its events).
    public func events(about caseId: String, in store: EventStore) throws -> [Event] {
        let logged: [Event]
        if let file = cases[caseId], !file.historyRefs.isEmpty, file.history.isEmpty {
            logged = try file.historyRefs.map { try store.event(at: $0) }
        } else {
            logged = try store.events(about: caseId)
        }
        return Desk.inTimeOrder(logged, try store.drafts(of: caseId))
    }

    /// The case's events from the log and its drafts kept apart, merged by time (the log's
    /// order kept among equals: it is the order things were decided).
    public static func inTimeOrder(_ logged: [Event], _ drafts: [Event]) -> [Event] {
        guard !drafts.isEmpty else { return logged }
        var out: [Event] = []
        out.reserveCapacity(logged.count + drafts.count)
        var i = 0, j = 0
        while i < logged.count || j < drafts.count {
            if j == drafts.count || (i < logged.count && logged[i].timestamp <= drafts[j].timestamp) {
                out.append(logged[i]); i += 1
            } else {
                out.append(drafts[j]); j += 1
            }
        }
        return out
    }

    /// The case with its history in full: the lines the desk left in the store are made again
    /// by replaying the case's own events (read by their places) into a desk of one case.
    public func caseInFull(_ id: String, in store: EventStore?) throws -> CaseFile? {
        guard var file = cases[id] else { return nil }
        guard let store else { return file }
        let drafts = try store.drafts(of: id)
        guard !file.historyRefs.isEmpty || !drafts.isEmpty else { return file }
        let events = Desk.inTimeOrder(try file.historyRefs.map { ref in
            var e = try store.event(at: ref)
            e.ref = nil // so the desk of one case keeps the lines themselves
            return e
        }, drafts)
        // Its import is among them unless the case came from events handed over whole: then
        // the case starts from its record.
        var one = Desk(team: team)
        one.clock = clock
        switch events.first?.body {
        case .caseImported?: break
        // A case made from a contact starts there; the contact's follow-up is not in this desk.
        case .contactConverted(let conv)? where conv.record.caseId == id:
            one.insertCase(Desk.convertedCase(conv, at: events[0].timestamp, by: events[0].actor, ref: nil))
        default: one.insertCase(CaseFile(record: file.record, importedAt: file.importedAt))
        }
        for (n, e) in events.enumerated() {
            if n == 0, case .contactConverted = e.body { continue }
            one.apply(e)
            // The import's commit is not among the case's events: it committed, or the case
            // (or the correction) would not be on the desk.
            if case .caseImported(let imp) = e.body {
                one.apply(Event(id: EventID(high: 0, low: 0), timestamp: e.timestamp, actor: e.actor,
                                body: .importCommitted(ImportCommit(batch: imp.batch, count: 1))))
            } else if case .caseCorrected(let c) = e.body, let batch = c.batch {
                one.apply(Event(id: EventID(high: 0, low: UInt64(n + 1)), timestamp: e.timestamp, actor: e.actor,
                                body: .importCommitted(ImportCommit(batch: batch, count: 0))))
            }
        }
        // What is kept here came from events handed over whole (no store place): merge by time.
        func merged<T>(_ made: [T], _ kept: [T], at: (T) -> Date) -> [T] {
            kept.isEmpty ? made : (made + kept).enumerated()
                .sorted { (at($0.element), $0.offset) < (at($1.element), $1.offset) }.map(\.element)
        }
        // A draft saved on this desk left its line here, and the store's drafts made it again
        // above ("interview started" twice): with drafts from the store, theirs stand.
        let kept = drafts.isEmpty ? file.history : file.history.filter { !$0.fromDraft }
        file.history = merged(one[id]?.history ?? [], kept, at: \.at)
        file.attempts = merged(one[id]?.attempts ?? [], file.attempts, at: \.at)
        // The filing, read whole with the rest (the desk may hold it in short).
        if file.interview == nil, file.filedRef != nil, let whole = one[id]?.interview { file.interview = whole }
        file.historyRefs = []
        return file
    }

    /// Applies a correction to its case: the record changes, the history says who changed
    /// which fields. One that does not fit the record (a bad value) changes nothing.
    private mutating func correct(_ c: CaseCorrection, at: Date, by actor: String, ref: EventRef?) {
        if let contactId = c.contactId { return correctExposure(c, of: contactId, at: at, by: actor, ref: ref) }
        // The commands check a value before they write it, but a line written by an older build
        // or by hand was not: it is checked here by the same rule, and a value that does not pass
        // is not taken as the record's truth. The history and `check` (with the line) say so.
        var c = c
        var refused: [(field: String, problem: String)] = []
        c.changes.removeAll { change in
            guard let problem = CaseFields.check(change.field, change.to, today: nil).problems.first else { return false }
            refused.append((change.field, problem))
            return true
        }
        for r in refused {
            noteAnomaly(Anomaly("case.corrected of \(c.caseId) not taken: \(r.field)", because: Localizable(key: r.problem, args: [])), at: ref)
        }
        var misfit = false
        let known = peopleEntries(ofCase: c.caseId)
        defer { if let known { reindexPeople(at: known.position, removing: known.entries) } }
        update(c.caseId) { file in
            guard let record = file.record.applying(c.changes) else { misfit = true; return }
            let conflicts = c.conflicts ?? []
            // Fields by their labels with old → new and the reason, said when the line is shown
            // (in the language on screen). A correction without a line list behind it was made
            // by hand, at the desk or with `tracedesk correct`: the event does not say which.
            var entry: HistoryEntry
            switch (c.source, c.changes.isEmpty, conflicts.isEmpty) {
            case (nil, _, _): entry = HistoryEntry(at: at, actor: actor, summary: "corrected by hand")
            case (let s?, true, false):
                entry = HistoryEntry(at: at, actor: actor, summary: "\(s) differs from a correction by hand, which stands")
                entry.fields = conflicts.map(HistoryField.init)
            case (let s?, _, _): entry = HistoryEntry(at: at, actor: actor, summary: "corrected from \(s)")
            }
            if !(c.source != nil && c.changes.isEmpty && !conflicts.isEmpty) {
                entry.fields = c.changes.map(HistoryField.init)
                if c.source != nil && !conflicts.isEmpty {
                    entry.also = Localizable("differs from a correction by hand, which stands")
                    entry.alsoFields = conflicts.map(HistoryField.init)
                }
            }
            entry.reason = c.reason
            for change in c.changes {
                if c.source == nil {
                    // The lab's value stays what it last sent, however often a lead corrects.
                    if file.labValues[change.field] == nil { file.labValues[change.field] = change.from }
                } else {
                    file.labValues[change.field] = nil
                }
            }
            // A conflict seen is the lab's latest value: the same value tomorrow is no news.
            for conflict in c.conflicts ?? [] where c.source != nil { file.labValues[conflict.field] = conflict.to }
            file.record = record
            var noted = false
            if !c.changes.isEmpty || !conflicts.isEmpty || refused.isEmpty {
                file.note(entry, from: ref)
                noted = true
            }
            // One event, one place: its place (when it has one) makes both lines again.
            if !refused.isEmpty && !(noted && ref != nil) {
                var entry = HistoryEntry(at: at, actor: actor, summary: "correction not taken, the record's check refuses: {0}")
                entry.refusedFields = refused.map(\.field)
                file.note(entry, from: ref)
            }
        }
        if misfit { noteAnomaly(Anomaly("case.corrected of \(c.caseId) has a value that does not fit its field; ignored")) }
        cases.refreshSearchText(of: c.caseId)
    }

    /// A contact's exposure dates corrected after the interview was filed: the follow-up's
    /// quarantine end is recomputed from them, and the follow-up and the case's history say
    /// when it moved (never silently, earlier or later).
    private mutating func correctExposure(_ c: CaseCorrection, of contactId: String, at: Date, by actor: String, ref: EventRef?) {
        let key = personKey[contactId] ?? contactId
        guard var f = followUps[key], let i = f.exposures.firstIndex(where: { $0.contactId == contactId && $0.caseId == c.caseId }) else {
            noteAnomaly(Anomaly("case.corrected names contact \(contactId) of case \(c.caseId), who is not under follow-up; ignored"))
            return
        }
        let before = f.quarantineEnd
        for change in c.changes {
            guard change.field == CaseCorrection.lastExposureField, let day = Day(parsing: change.to) else {
                noteAnomaly(Anomaly("case.corrected of \(c.caseId) has a value that does not fit its field; ignored"))
                return
            }
            f.exposures[i].lastExposure = day
        }
        let after = f.quarantineEnd
        let summary: Localizable
        if let b = before, let a = after, a != b {
            f.endChanges.append((at, b, a))
            summary = "last exposure of contact \(contactId) corrected: quarantine end moved from \(b.text) to \(a.text)"
        } else {
            summary = "last exposure of contact \(contactId) corrected: quarantine end unchanged"
        }
        followUps[key] = f
        update(c.caseId) { $0.note(HistoryEntry(at: at, actor: actor, summary: summary), from: ref) }
    }

    private mutating func noteAnomaly(_ anomaly: @autoclosure () -> Anomaly, at place: EventRef? = nil) {
        anomalyCount += 1
        if anomalies.count < Desk.anomaliesKept {
            anomalies.append(anomaly())
            anomalyPlaces.append(place ?? applying)
        }
    }

    /// A link of two case ids that would make a loop of them (only a hand can write one).
    mutating func noteLinkAnomaly(_ link: PersonLink) {
        noteAnomaly(Anomaly("person.linked makes case \(link.contactId) the same person as case \(link.toCase ?? "—"), which is linked to it already; ignored"))
    }

    /// Adds a case not seen before, findable by who it is.
    private mutating func insertCase(_ file: CaseFile) {
        peopleRevision += 1
        cases.insert(file)
        people.add(PersonIndex.entries(of: file, at: cases.count - 1))
    }

    private mutating func update(_ id: String, _ change: (inout CaseFile) -> Void) {
        // Changed in place: a copy out and back would copy the case's history on every event.
        if !cases.modify(id, change) {
            noteAnomaly(Anomaly("an event names case \(id), which was never imported"))
        }
    }

    /// The case's interview draft as last saved, read from `store` when it stayed there.
    public func draft(of caseId: String, in store: EventStore?) throws -> InterviewDraft? {
        // Drafts are kept apart from the log, so one saved by another desk (the same tracer
        // on a second terminal) never reached this desk's replay: the store's newest draft of
        // an interview in progress wins. One older than the last filing is the draft of that
        // filing whose move aside was cut off: the filing (or the lead's return) is newer.
        if let store, let file = cases[caseId], let e = try store.latestDraft(of: caseId),
           case .interviewSaved(let d) = e.body, d.caseId == caseId, e.timestamp > (file.filedAt ?? .distantPast) {
            // A draft file is outside the log's numbering: one written by someone not on the
            // team (by hand) is never opened as the interview.
            if let ids = teamIds, !ids.contains(e.actor) { throw DraftUnavailable(caseId: caseId) }
            return d
        }
        switch cases[caseId]?.draft {
        case nil: return nil
        case .inMemory(let d)?: return d
        case .saved(let ref)?:
            guard let store else { throw DraftUnavailable(caseId: caseId) }
            let event = try store.event(at: ref)
            guard case .interviewSaved(let d) = event.body, d.caseId == caseId else { throw DraftUnavailable(caseId: caseId) }
            return d
        case .filed(let ref)?:
            guard let store else { throw DraftUnavailable(caseId: caseId) }
            guard case .interviewFiled(var f) = try store.event(at: ref).body, f.caseId == caseId else { throw DraftUnavailable(caseId: caseId) }
            f.draft.step = .review
            return f.draft
        case .stored?:
            // Nothing newer than the last filing in the store (an empty file after a repair,
            // or a file whose move aside a crash undid): the interview starts afresh.
            guard store != nil else { throw DraftUnavailable(caseId: caseId) }
            return nil
        }
    }

    /// The case's last filed interview whole: held, or read from `store` by its place.
    public func filedInterview(of caseId: String, in store: EventStore?) throws -> FiledInterview? {
        guard let file = cases[caseId], file.filing != nil else { return nil }
        if let whole = file.interview { return whole }
        guard let store, let ref = file.filedRef,
              case .interviewFiled(let f) = try store.event(at: ref).body, f.caseId == caseId else {
            throw FilingUnavailable(caseId: caseId)
        }
        return f
    }

    /// Reads whole, from `store`, the filings of every case awaiting review that the desk
    /// holds in short: what a lead's review queue shows of each (its warnings) needs the
    /// interview, and there are few of them beside the cases already reviewed.
    public mutating func holdFilingsAwaitingReview(from store: EventStore) throws {
        revision += 1
        let ids = cases.values.filter { $0.status == .awaitingReview && $0.interview == nil && $0.filedRef != nil }.map(\.id)
        for id in ids {
            let whole = try filedInterview(of: id, in: store)
            _ = cases.modify(id) { $0.interview = whole }
        }
    }

    public struct FilingUnavailable: Error, CustomStringConvertible {
        public var caseId: String
        public var description: String { L("the filed interview of case \(caseId) is not where the journal said") }
    }

    /// Marks the cases whose interviews are in progress in the store's drafts (kept apart
    /// from the events, so replay never saw them). A case already filed, approved or refused
    /// has no interview in progress whatever a folder says: its draft was moved aside when it
    /// was filed, or the move was cut off, and the log decides.
    public mutating func noteDraftsInProgress(_ ids: [String]) {
        revision += 1
        for id in ids {
            _ = cases.modify(id) { file in
                switch file.status {
                case .awaitingReview, .approved, .refused: return
                default: break
                }
                // Only the holder works a case, so the holder saved its draft. The status and a
                // callback are the log's: a folder cannot say what came after the draft.
                // A draft the log already gives (a returned interview, as filed) stays: the
                // store's newest draft replaces it only when it is newer (`draft(of:in:)`).
                file.holdDraft(.stored, by: file.claimedBy, at: nil, replacing: false)
            }
        }
    }

    public struct DraftUnavailable: Error, CustomStringConvertible {
        public var caseId: String
        public var description: String { L("the saved interview of case \(caseId) is not where the journal said") }
    }

    // MARK: - Decisions (pure: they say which events to write; the journal writes them)

    public enum ClaimDecision: Equatable, Sendable {
        /// Write a claim event.
        case claim
        /// Already this tracer's; nothing to write.
        case alreadyYours
        case takenBy(String)
        case unknownCase
    }

    public func claimDecision(caseId: String, tracer: String) -> ClaimDecision {
        guard let file = cases[caseId] else { return .unknownCase }
        switch file.claimedBy {
        case nil: return .claim
        case tracer: return .alreadyYours
        case let other?: return .takenBy(other)
        }
    }

    /// The events of one import: every case, then the commit record that makes them count.
    /// The events that close every import a crash cut off before its commit: what
    /// `check --repair` writes so the cut import is reported once, not on every run.
    public func abandonments() -> [EventBody] {
        uncommittedImports.map { .importAbandoned(ImportCommit(batch: $0.batch, count: $0.cases)) }
    }

    public static func importEvents(_ records: [CaseRecord], batch: String) -> [EventBody] {
        importEvents(records, corrections: [], batch: batch)
    }

    /// An import's new cases and its corrections of known ones, closed by one commit: none
    /// counts unless all were written.
    public static func importEvents(_ records: [CaseRecord], corrections: [CaseCorrection], batch: String) -> [EventBody] {
        records.map { .caseImported(ImportedCase(record: $0, batch: batch)) }
            + corrections.map { c in
                var c = c
                c.batch = batch
                return .caseCorrected(c)
            }
            + [.importCommitted(ImportCommit(batch: batch, count: records.count))]
    }

    /// The events that logging `attempt` writes: the attempt itself, and the referral to a
    /// field tracer when this confirmed attempt reaches the failed-call limit (an unconfirmed
    /// one, saved as the desk closed, has no consequence).
    public func eventsForCall(_ attempt: CallAttempt, settings: DeskSettings) -> [EventBody] {
        var bodies: [EventBody] = [.callLogged(attempt)]
        guard let file = cases[attempt.caseId], attempt.outcome.isFailure, attempt.unconfirmed != true,
              file.status != .needsFieldTracer else { return bodies }
        let failed = file.failedAttempts + 1
        if failed >= settings.failedAttemptsBeforeFieldTracer {
            bodies.append(.caseReferred(FieldReferral(caseId: attempt.caseId, failedAttempts: failed)))
        }
        return bodies
    }
}

extension Desk {
    /// What a checkpoint of the desk holds: its parts as they are, shared with the desk (its
    /// arrays and tables are copied on write, so handing them over copies nothing). What is
    /// derived from them (the index of people, follow-ups by tracer, the cases' search text)
    /// is made again by `init(parts:team:)`, not stored. Storage's business stays in
    /// TracedeskJournal: this is the one door to the desk's private state.
    @_spi(Checkpoint) public struct Parts: Sendable {
        public var cases: [CaseFile] = []
        public var followUps: [String: FollowUp] = [:]
        public var followUpOrder: [String] = []
        public var personKey: [String: String] = [:]
        public var convertedFrom: [String: String] = [:]
        public var linkedCase: [String: String] = [:]
        public var caseLinks: [String: String] = [:]
        public var personDecisions: [String: Set<String>] = [:]
        public var personLinks: [String: PersonLink] = [:]
        public var eventCount = 0
        public var anomalies: [Anomaly] = []
        public var anomalyPlaces: [EventRef?] = []
        public var anomalyCount = 0
        public var clock = WallClock.wib
        public var seen = SeenEvents()
        /// Every import waiting for its commit, each batch's in order (the batch is in each).
        public var pendingImports: [PendingImport] = []
        /// Every correction waiting for its import's commit, each batch's in order.
        public var pendingCorrections: [PendingCorrection] = []
        public init() {}
    }

    @_spi(Checkpoint) public var parts: Parts {
        var p = Parts()
        p.cases = cases.values
        p.followUps = followUps.pairs
        p.followUpOrder = followUpOrder
        p.personKey = personKey
        p.convertedFrom = convertedFrom
        p.linkedCase = linkedCase
        p.caseLinks = caseLinks
        p.personDecisions = personDecisions
        p.personLinks = personLinks
        p.eventCount = eventCount
        p.anomalies = anomalies
        p.anomalyPlaces = anomalyPlaces
        p.anomalyCount = anomalyCount
        p.clock = clock
        p.seen = seen
        p.pendingImports = pendingImports.keys.sorted().flatMap { pendingImports[$0]!.all }
        p.pendingCorrections = pendingCorrections.keys.sorted().flatMap { pendingCorrections[$0]! }
        return p
    }

    /// The desk the parts make, its derived indexes made again as replay would have made them.
    @_spi(Checkpoint) public init(parts: consuming Parts, team: Team?) {
        self.init(team: team)
        cases = CaseTable(adopting: parts.cases)
        parts.cases = []
        for (i, file) in cases.values.enumerated() { people.add(PersonIndex.entries(of: file, at: i)) }
        followUps = FollowUpTable(adopting: parts.followUps)
        parts.followUps = [:]
        followUpOrder = parts.followUpOrder
        for key in followUpOrder {
            if let f = followUps[key] { followUpIndex.started(key, tracer: f.tracer) }
        }
        personKey = parts.personKey
        convertedFrom = parts.convertedFrom
        linkedCase = parts.linkedCase
        caseLinks = parts.caseLinks
        personDecisions = parts.personDecisions
        personLinks = parts.personLinks
        eventCount = parts.eventCount
        anomalies = parts.anomalies
        anomalyPlaces = parts.anomalyPlaces
        anomalyCount = parts.anomalyCount
        clock = parts.clock
        seen = parts.seen
        for p in parts.pendingImports { pendingImports[p.imported.batch, default: PendingBatch()].append(p) }
        for p in parts.pendingCorrections { pendingCorrections[p.correction.batch ?? "", default: []].append(p) }
    }
}
