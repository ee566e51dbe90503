import Foundation
import TracedeskCore

/// What the screens may read: the replayed desk, who is working, and the time.
public struct DeskContext: Sendable {
    public var desk: Desk
    public var tracer: String
    public var settings: DeskSettings
    public var now: Date
    public var readOnlyReason: String?
    /// Interviews whose last draft the store refused (the case was given to someone else, or
    /// filed from another screen), with why: leaving one never says "kept".
    public var refusedDrafts: [String: String] = [:]
    /// The window.
    public var size: Size
    /// The rows the screen on top was given when the key arrived (the window less the title,
    /// the message and a hint bar of one or two rows): a list pages by the rows the tracer
    /// sees. Nil before the first key: the window less a row each for title, message and hints.
    public var bodyHeight: Int?
    var shownBodyHeight: Int { bodyHeight ?? size.height - 3 }
    /// The keys in force (defaults plus the user's keys file).
    public var keymap: Keymap = .defaults
    /// The journal's folder, where recordings live (for the paths a lead is shown).
    public var journalDirectory: String?
    /// What the desk speaks; one key switches it.
    public var language: Language = .en
    /// Work the store has not made durable yet, oldest first: what the title calls NOT SAVED
    /// and what quitting would lose.
    public var pending = PendingWrites()
    /// A shared store's connection: the title bar says when the server is away.
    public var connection: StoreConnection = .connected
    /// The store is a server: a save is "sent" only when it reached it.
    public var onServer = false

    /// Where a save that came back written now is, as the desk says it.
    public var savedWhere: SavedWhere {
        guard onServer else { return .journal }
        if case .away = connection { return .thisDesk }
        return .server
    }

    /// What the person at the desk may do: a lead only by the team file.
    public var role: Role { desk.team?.role(of: tracer) ?? .tracer }
}

/// Where a save went: the file journal, the server, or this computer's outbox while the
/// server is away (kept on this desk, waiting to be sent).
public enum SavedWhere: Sendable, Equatable { case journal, server, thisDesk }

/// A side effect the desk's loop carries out; its result comes back as a message.
public enum Effect: Equatable, Sendable {
    /// Write one held item durably (a claim is decided under the store's lock first); its
    /// outcome comes back as `.saved`, `.claimed`, `.refused` or `.notSaved` with its number.
    /// The screen says "saved" only when it has come back written.
    case store(PendingWrites.Item)
    /// Draw in the next of the desk's themes.
    case nextTheme
    /// Read the case's interview events from the journal, for the lead's history of changes.
    case loadInterviewHistory(caseId: String)
    /// Read the case's saved draft from the store and open the interview on it (`resumed`: the
    /// desk is reopening the tracer's own interview at start).
    case openInterview(caseId: String, resumed: Bool)
    /// Read the case's history in full from the store, for its case screen.
    case loadCase(caseId: String)
    /// Read the team file again if it changed since it was read (a picker of tracers is
    /// opening: a lead may have just added one with `tracedesk team add`).
    case reloadTeam
    case quit
}

public enum Message: Sendable {
    case input(Input)
    case tick(Date)
    /// The tracer acted while work is held back by a full disk: try it again now.
    case retryHeld
    /// Events other desks wrote, or this desk's own writes coming back from the store.
    case events([Event])
    case claimed(number: Int, caseId: String, ClaimDecision)
    case saved(number: Int, WritePurpose, [Event])
    /// The domain refused the write (the role, or the case changed meanwhile); nothing was written.
    case refused(number: Int, String)
    /// The store could not take held item `number`; `retryable`: the same write may pass later.
    case notSaved(number: Int, reason: String, retryable: Bool)
    case interviewHistory(caseId: String, [Event])
    /// The history of changes could not be read (a damaged draft file): said where it would be.
    case interviewHistoryFailed(caseId: String, String)
    /// The saved draft of a case the tracer opened, read from the store.
    case interviewOpened(caseId: String, InterviewDraft?, resumed: Bool)
    /// A case with its history in full, for the case screen showing it.
    case caseLoaded(CaseFile)
    case failed(String)
    /// The desk is about to end (a signal arrived): what is typed but not yet handed to the
    /// store is handed over now, so it is written before the desk goes.
    case flushTyping
    /// One case's draft or history could not be read (a damaged draft file): that case is
    /// blocked and says why; the journal and every other case go on.
    case readFailed(String)
    /// The team file changed while the desk was open: the desk works with the team as it now is.
    case teamChanged(Team)
}

public typealias ClaimDecision = Desk.ClaimDecision

public struct Flash: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, warning, error }
    public var text: String
    public var kind: Kind
    /// Said because the server was away: taken back when it is reached again.
    public var aboutServerAway = false
    public init(_ text: String, _ kind: Kind = .info) { self.text = text; self.kind = kind }
}

public enum Screen: Sendable {
    case queue(QueueScreen)
    case caseFile(CaseScreen)
    case help(HelpScreen)
    case pager(PagerScreen)
    case interview(InterviewScreen)
    case review(ReviewQueueScreen)
    case reviewInterview(ReviewScreen)
    case board(TeamBoardScreen)
    case assign(AssignScreen)
    case followUp(FollowUpScreen)
    case personMatch(PersonMatchScreen)
}

/// What a screen asks of the app after handling a key.
public enum Command: Sendable {
    case push(Screen)
    case pop
    case effect(Effect)
    case flash(Flash)
    /// Work for the store: held by the desk until it is durable (`PendingWrites`).
    case save(PendingWrites.Work)
    /// The tracer left the interview of a case: the desk says whether its draft is saved.
    case leftInterview(caseId: String)
}

/// The desk: a stack of screens over the replayed journal (model–update–view).
public struct DeskApp: Sendable {
    public static let minimumSize = Size(width: 80, height: 24)

    public var context: DeskContext
    public private(set) var stack: [Screen]
    public var flash: Flash?
    /// A message said at the start that a later start message covered (the way back into an
    /// unfinished interview under a warning about the journal): shown when that one is cleared,
    /// so neither is lost.
    public var followingFlash: Flash?
    /// Set once `.quit` has been issued; the loop leaves after drawing nothing more.
    public private(set) var finished = false
    /// Quitting was asked for while work is held unsaved: the next key answers.
    public private(set) var confirmingQuit = false
    /// The signal that ended (or is ending) the desk: the process exits with 128 + it, as a
    /// shell expects of a program a signal stopped.
    public private(set) var endSignal: Int32?
    /// The newest held item whose failure the message line has said, so a retry that fails
    /// again on a tick does not cover what the tracer is being told now.
    private var failureSaidFor = 0
    /// What the desk asks for as it opens (the tracer's unfinished interview); the loop
    /// carries it out once.
    public private(set) var startEffects: [Effect] = []

    /// What the lead's board and everyone's follow-up list keep (a city's: 100,000 cases' and
    /// 500,000 follow-ups' parts and ranks, 2.8 s and 0.95 s to make whole), held here while
    /// they are closed and handed back as they open: a lead opens them many times a day, and
    /// only the session's first open makes them whole. Kept by the app, not the desk, so a
    /// replay and every tracer's start pay nothing for lists most desks never open.
    struct KeptLists: Sendable {
        var figures = FollowUpTally()
        var boardRows = TeamBoardTally()
        var ranking = FollowUpRanking()

        /// Each list made whole, on a snapshot of the desk: what a lead's start makes on
        /// another thread (`DeskApp.ListsToMake`).
        static func made(_ ctx: DeskContext) -> KeptLists {
            var k = KeptLists()
            let day = ctx.settings.clock.day(of: ctx.now)
            _ = k.boardRows.board(desk: ctx.desk, day: day, now: ctx.now, clock: ctx.settings.clock)
            _ = k.figures.figures(desk: ctx.desk, day: day, clock: ctx.settings.clock)
            _ = k.ranking.list(desk: ctx.desk, today: day, lostAfter: FollowUpScreen.lostAfter(ctx))
            return k
        }

        /// Moves what a screen opening needs into it (and its empty ones out). While they are
        /// being made (`making`) the screen waits for them instead of making its own.
        mutating func hand(to s: Screen, making: Bool = false) -> Screen {
            switch s {
            case .board(var b) where making:
                b.waiting = true
                return .board(b)
            case .followUp(var f) where making && f.all:
                f.waiting = true
                return .followUp(f)
            case .board(var b):
                b.waiting = false
                swap(&b.tally, &figures)
                swap(&b.boardTally, &boardRows)
                return .board(b)
            // One that waited and was turned to "mine" meanwhile takes it too (for its next "all").
            case .followUp(var f) where f.all || f.waiting:
                f.waiting = false
                swap(&f.ranking, &ranking)
                return .followUp(f)
            default:
                return s
            }
        }

        /// A screen that waited for them.
        static func waits(_ s: Screen) -> Bool {
            switch s {
            case .board(let b): b.waiting
            case .followUp(let f): f.waiting
            default: false
            }
        }

        /// Takes back what a closing screen kept.
        mutating func take(from s: Screen) {
            switch s {
            case .board(var b):
                swap(&b.tally, &figures)
                swap(&b.boardTally, &boardRows)
            case .followUp(var f) where f.all || f.ranking.looks > 0:
                swap(&f.ranking, &ranking)
            default:
                break
            }
        }

        /// Brings up to date what is kept before the desk's changes it needs are let go
        /// (4,096 kept: minutes of a city's day), so an open an hour later is not whole again.
        mutating func catchUp(_ ctx: DeskContext) {
            let day = ctx.settings.clock.day(of: ctx.now)
            if figures.isFallingBehind(ctx.desk) { _ = figures.figures(desk: ctx.desk, day: day, clock: ctx.settings.clock) }
            if boardRows.isFallingBehind(ctx.desk) { _ = boardRows.board(desk: ctx.desk, day: day, now: ctx.now, clock: ctx.settings.clock) }
            if ranking.isFallingBehind(ctx.desk) {
                _ = ranking.list(desk: ctx.desk, today: day, lostAfter: FollowUpScreen.lostAfter(ctx))
            }
        }
    }
    private var kept = KeptLists()
    /// The lead's lists are being made on another thread: a board or everyone's list opened
    /// meanwhile says so and waits, rather than making its own on the key path.
    public private(set) var makingLists = false
    private var listsAsked = false

    /// What a lead's lists are made from, off the key path (`DeskLoop` runs `make` on another
    /// thread once the queue is drawn): a snapshot of the desk, shared, not copied.
    public struct ListsToMake: Sendable {
        let context: DeskContext
        public func make() -> MadeLists { MadeLists(kept: KeptLists.made(context)) }
    }
    public struct MadeLists: Sendable { var kept: KeptLists }

    /// The lists to make at start: a lead's board and everyone's follow-up list (a city's take
    /// seconds to make whole), asked once a session; nil for anyone else.
    public mutating func listsToMake() -> ListsToMake? {
        guard context.role == .lead, !listsAsked else { return nil }
        listsAsked = true
        makingLists = true
        var snapshot = context
        snapshot.desk = context.desk.withoutEventIds
        return ListsToMake(context: snapshot)
    }

    /// The lists made, moved out of `made` (left nil; nothing when it is nil): a screen waiting
    /// for them takes them, the rest are kept for the next open; both catch up with what the
    /// desk did since the snapshot (its changes kept). Moved, not copied: a copy left behind
    /// would share what the tallies hold, and their first write would copy them whole (0.15 s
    /// at 100,000 cases, on the key path).
    public mutating func listsMade(_ made: inout MadeLists?) {
        guard makingLists, made != nil else { return }
        makingLists = false
        kept = KeptLists()
        swap(&kept, &made!.kept)
        made = nil
        for i in stack.indices where KeptLists.waits(stack[i]) { stack[i] = kept.hand(to: stack[i]) }
        refreshAll()
    }

    public init(desk: Desk, tracer: String, settings: DeskSettings = DeskSettings(), now: Date,
                size: Size = DeskApp.minimumSize, keymap: Keymap = .defaults, language: Language = .en) {
        var desk = desk
        desk.clock = settings.clock // history lines give callback times in the desk's zone
        var ctx = DeskContext(desk: desk, tracer: tracer, settings: settings, now: now, size: size, keymap: keymap)
        ctx.language = language
        self.init(context: ctx)
    }

    private init(context: DeskContext) {
        self.context = context
        stack = []
        Localization.$language.withValue(context.language) { start() }
    }

    private mutating func start() {
        var queue = QueueScreen()
        queue.refresh(context)
        stack = [.queue(queue)]
        if context.role == .lead && !resumeInterview() {
            // A lead's day starts with what waits for them; Esc shows the case queue.
            var review = ReviewQueueScreen()
            review.refresh(context)
            stack.append(.review(review))
            flash = Flash(L("Your review queue. b: team board · Esc: the case queue · ?: keys."))
        }
        if context.role != .lead { _ = resumeInterview() }
    }

    /// After a crash or a closed terminal, the tracer's own unfinished interview is marked on
    /// the queue and the message line says how to go on (i opens it at the screen they were
    /// on). It does not open by itself: keys typed by habit before the first frame (j j j
    /// Enter i) would land in a patient's field the tracer never saw.
    private mutating func resumeInterview() -> Bool {
        let mine = context.desk.cases.values.filter { $0.draft != nil && $0.draftSavedBy == context.tracer && $0.claimedBy == context.tracer }
        guard let latest = mine.max(by: { ($0.draftSavedAt ?? .distantPast) < ($1.draftSavedAt ?? .distantPast) }) else { return false }
        guard case .queue(var queue) = stack[0] else { return false }
        queue.select(caseId: latest.id, context)
        stack[0] = .queue(queue)
        flash = Flash(L("Interview \(latest.id) saved — press i to continue."), .info)
        return true
    }

    /// Hands over the start effects, once.
    public mutating func takeStartEffects() -> [Effect] {
        defer { startEffects = [] }
        return startEffects
    }

    private mutating func open(_ draft: InterviewDraft?, of id: String, resumed: Bool) -> [Command] {
        guard let file = context.desk[id], case .caseFile(let s) = top, s.caseId == id else { return [] }
        if context.pending.holdsFiling(of: id) {
            return [.flash(Flash(L("The filing of \(id) is NOT saved yet (kept in memory); the interview stays closed until it is."), .warning))]
        }
        // A draft held in memory is newer than anything the store has of this interview.
        let draft = context.pending.draft(of: id) ?? draft
        let screen = InterviewScreen(draft: draft ?? InterviewDraft(for: file.record, rules: context.settings.rules))
        if resumed {
            return [.push(.interview(screen)), .flash(Flash(L("Resumed your interview with \(file.record.name) where you left it."), .info))]
        }
        if file.status == .returned, let note = file.returnNote {
            return [.push(.interview(screen)), .flash(Flash(L("Returned by \(file.returnedBy ?? L("your lead")): \(note)"), .warning))]
        }
        return [.push(.interview(screen))]
    }

    public var top: Screen { stack[stack.count - 1] }

    public mutating func update(_ msg: Message) -> [Effect] {
        var effects = handle(msg)
        effects += caseScreensToLoad()
        return effects
    }

    /// A case screen shows history the desk keeps only as places in the store: on top, it asks
    /// for its case in full once, and again after events about the case arrive. Under an
    /// interview it waits: every saved draft is such an event, and reading the case again on
    /// each would put the journal on the key path.
    private mutating func caseScreensToLoad() -> [Effect] {
        guard case .caseFile(var s) = top, s.full == nil, !s.fullRequested else { return [] }
        s.fullRequested = true
        replaceTop(.caseFile(s))
        return [.loadCase(caseId: s.caseId)]
    }

    /// The store's connection as of its last read or write. When the server is back, what was
    /// said about it being away is no longer true: it goes, and the case on top is read again.
    public mutating func connectionIs(_ c: StoreConnection) {
        context.connection = c
        guard case .connected = c, flash?.aboutServerAway == true else { return }
        flash = nil
        for i in stack.indices {
            if case .caseFile(var s) = stack[i], s.full == nil {
                s.fullRequested = false
                stack[i] = .caseFile(s)
            }
        }
    }

    private mutating func forgetFullCases(touchedBy events: [Event]) {
        let ids = Set(events.compactMap(\.caseId))
        guard !ids.isEmpty else { return }
        for i in stack.indices {
            if case .caseFile(var s) = stack[i], ids.contains(s.caseId) {
                s.full = nil
                s.fullRequested = false
                stack[i] = .caseFile(s)
            }
        }
    }

    private mutating func handle(_ msg: Message) -> [Effect] {
        var commands: [Command] = []
        var effects: [Effect] = []
        switch msg {
        case .input(.key(let key)):
            if confirmingQuit { return answerQuit(key) }
            // What is on screen now, before the key clears its message.
            context.bodyHeight = bodyRect(context.size).height
            flash = followingFlash; followingFlash = nil
            commands = handle(key)
        case .input(.paste(let text)):
            // A paste never answers a question: the question stays.
            if confirmingQuit { return [] }
            flash = followingFlash; followingFlash = nil
            commands = paste(text)
        case .input(.resize(let size)):
            context.size = size
        case .input(.idle):
            if case .interview(var s) = top {
                commands = s.idle()
                replaceTop(.interview(s))
            }
        case .flushTyping:
            // Every screen of the stack, not only the one on top: a form under help or a
            // question still holds what was typed. Only their saves are carried out.
            let ctx = context
            for i in stack.indices {
                var screen = stack[i].screen
                commands += screen.flushTyping(ctx).filter { if case .save = $0 { true } else { false } }
                stack[i] = Screen(screen)
            }
        case .input(.signal(let signal)):
            // ^C (when the terminal sends it as a signal) is the tracer asking to quit: asked
            // like q. A hang-up or a stop request has no one to ask.
            endSignal = signal
            if signal == SIGINT { return quit() }
            finished = true
            return [.quit]
        case .tick(let now):
            // The queue's order changes with time only by the minute (callbacks falling due,
            // hours since result): re-sorting a city's queue on every poll would cost keys.
            let minuteChanged = Int(now.timeIntervalSince1970 / 60) != Int(context.now.timeIntervalSince1970 / 60)
            context.now = now
            if minuteChanged { refreshAll() }
            // Held work is tried again each tick while the store says it may pass (a full disk
            // frees up without telling anyone). A stopped store is never tried again.
            if case .waiting = context.pending.state { effects += nextWrite() }
        case .retryHeld:
            if case .waiting = context.pending.state { effects += nextWrite() }
        case .events(let events):
            guard !events.isEmpty else { break }
            context.desk.apply(contentsOf: events)
            forgetFullCases(touchedBy: events)
            refreshAll()
        case .claimed(let number, let id, let decision):
            let caughtUp = context.pending.written(number)
            if case .takenBy(let other) = decision {
                flash = Flash(L("Case \(id) is being worked by \(other); it is open read-only."), .warning)
            }
            refreshAll()
            if caughtUp { sayCaughtUp() }
            effects += nextWrite()
        case .saved(let number, let purpose, let events):
            for e in events where e.isDraft { if let id = e.caseId { context.refusedDrafts[id] = nil } }
            let caughtUp = context.pending.written(number)
            context.desk.apply(contentsOf: events)
            forgetFullCases(touchedBy: events)
            refreshAll()
            switch purpose {
            case .draftSaved:
                break
            case .interviewLeft:
                if !caughtUp { flash = Flash(L("Interview draft kept. Press i on the case to resume."), .info) }
            case .interviewFiled(let id):
                // Back to the queue; the case has left the open list, so the next one is
                // highlighted. A filing written late (it waited for room) moves no one: the
                // tracer is elsewhere by then, perhaps typing.
                if case .interview(let s) = top, s.caseId == id {
                    while stack.count > 1 { popTop() }
                }
                refreshAll()
                let count = context.desk[id]?.contactCount ?? 0
                let refused = context.desk[id]?.status == .refused
                switch context.savedWhere {
                case .journal:
                    flash = Flash(refused
                        ? L("Filed: \(id) refused the interview.")
                        : L("Filed: \(id) with \(count) contact(s), awaiting review."), .success)
                case .server:
                    flash = Flash(refused
                        ? L("Filed and sent to the server: \(id) refused the interview.")
                        : L("Filed and sent to the server: \(id), \(count) contact(s), awaiting review."), .success)
                case .thisDesk:
                    flash = Flash(refused
                        ? L("Filed on this desk: \(id) refused; waiting to be sent to the server.")
                        : L("Filed on this desk: \(id), \(count) contact(s); waiting to be sent to the server."), .success)
                }
            case .reviewed(let id, let approved):
                if case .reviewInterview(let r) = top, r.caseId == id { stack.removeLast() }
                refreshAll()
                let file = context.desk[id]
                flash = approved
                    ? Flash(L("Approved \(id): \(file?.contactCount ?? 0) contact(s) to follow-up."), .success)
                    : Flash(L("Returned \(id) to \(file?.claimedBy ?? L("the tracer")) with your note."), .success)
            case .assigned(let count, let tracer):
                flash = Flash(L("Assigned \(count) case(s) to \(tracer)."), .success)
            case .followUpCalled, .followUpAssigned, .personDecided, .personUnlinked:
                flash = FollowUpScreen.savedFlash(purpose, context)
                if context.savedWhere == .thisDesk, let f = flash {
                    flash = Flash(f.text + L(" On this desk, waiting to be sent."), f.kind)
                }
            case .caseCorrected(let id):
                flash = Flash(L("Saved: the record of \(id) is corrected; its history says who changed what."), .success)
            case .callLogged(let id, let outcome):
                var text = context.savedWhere == .thisDesk
                    ? L("Saved on this desk: \(outcome.label) for \(id); waiting to be sent.")
                    : L("Saved: \(outcome.label) for \(id).")
                if context.desk[id]?.status == .needsFieldTracer && outcome.isFailure {
                    text += L(" Flagged for a field tracer.")
                }
                flash = Flash(text, .success)
            }
            if caughtUp { sayCaughtUp() }
            effects += nextWrite()
        case .refused(let number, let why):
            if let item = context.pending.items.first(where: { $0.number == number }),
               case .events(let bodies, _) = item.work {
                for case .interviewSaved(let d) in bodies { context.refusedDrafts[d.caseId] = why }
            }
            context.pending.refused(number)
            flash = Flash(L("Not saved: \(why)."), .warning)
            refreshAll()
            effects += nextWrite()
        case .notSaved(let number, let reason, let retryable):
            context.pending.failed(number, reason: reason, retryable: retryable)
            if !retryable { context.readOnlyReason = context.readOnlyReason ?? reason }
            // Said once for each new piece of held work; a tick's retry failing again adds
            // nothing (the title keeps saying NOT SAVED).
            if let newest = context.pending.items.last, newest.number != failureSaidFor {
                failureSaidFor = newest.number
                let what = PendingWrites.describe(newest.work)
                flash = Flash(retryable
                    ? L("NOT saved: \(what) is in memory only, retried until written — \(reason)")
                    : L("NOT saved: \(what) is in memory only; writing has stopped — \(reason)"), .error)
            }
            // A filing held back closes its interview, so nothing typed lands after the filing.
            if case .interview(let s) = top, context.pending.holdsFiling(of: s.caseId) {
                stack.removeLast()
                refreshAll()
            }
        case .interviewHistory(let id, let events):
            for i in stack.indices {
                if case .reviewInterview(var r) = stack[i], r.caseId == id {
                    r.changes = InterviewChanges.of(events)
                    r.changesIn = context.language
                    r.historyEvents = events
                    stack[i] = .reviewInterview(r)
                }
            }
        case .interviewHistoryFailed(let id, let why):
            for i in stack.indices {
                if case .reviewInterview(var r) = stack[i], r.caseId == id {
                    r.historyProblem = why
                    r.changes = nil
                    stack[i] = .reviewInterview(r)
                }
            }
            flash = Flash(why, .error)
        case .teamChanged(let team):
            context.desk.teamChanged(team)
            refreshAll()
        case .caseLoaded(let file):
            for i in stack.indices {
                if case .caseFile(var s) = stack[i], s.caseId == file.id {
                    s.full = file
                    stack[i] = .caseFile(s)
                }
            }
        case .interviewOpened(let id, let draft, let resumed):
            commands = open(draft, of: id, resumed: resumed)
        case .failed(let why):
            flash = Flash(why, .error)
            context.readOnlyReason = context.readOnlyReason ?? why
        case .readFailed(let why):
            flash = Flash(why, .error)
        }
        return effects + apply(commands)
    }

    /// Other desks' events read under the store's lock while this desk writes: applied here,
    /// once, to the desk on screen (the write's decision is then made on it), whether or not
    /// the write itself succeeds.
    public mutating func absorb(_ events: [Event]) {
        guard !events.isEmpty else { return }
        context.desk.apply(contentsOf: events)
        forgetFullCases(touchedBy: events)
        refreshAll()
    }

    /// The oldest held item, when it should be tried now.
    private mutating func nextWrite() -> [Effect] {
        context.pending.next().map { [.store($0)] } ?? []
    }

    private mutating func sayCaughtUp() {
        // A question about quitting was about work that is now saved.
        confirmingQuit = false
        if !finished { endSignal = nil }
        switch context.savedWhere {
        case .journal: flash = Flash(L("Saved now: the work held in memory is in the journal."), .success)
        case .server: flash = Flash(L("Saved now: the work held in memory is on the server."), .success)
        case .thisDesk: flash = Flash(L("Saved now on this desk: the work held in memory waits to be sent to the server."), .success)
        }
    }

    /// What leaving an interview says about its draft: only "kept" when the store has it.
    private func leftInterviewFlash(_ id: String) -> Flash? {
        if let why = context.refusedDrafts[id], context.pending.draft(of: id) == nil {
            return Flash(L("Interview of \(id) NOT saved: \(why)."), .error)
        }
        guard context.pending.draft(of: id) != nil else {
            return Flash(L("Interview draft kept. Press i on the case to resume."), .info)
        }
        switch context.pending.state {
        // Its write is on its way: what comes back (saved or not) says which.
        case .writing: return nil
        case .waiting:
            return Flash(L("Interview of \(id) NOT saved: kept in memory only; i resumes it."), .error)
        case .stopped:
            return Flash(L("Interview of \(id) NOT saved: in memory only until you quit (writing stopped)."), .error)
        }
    }

    /// A paste goes to the focused text field of the screen on top, as text; where nothing
    /// takes text it is ignored, and the desk says so.
    private mutating func paste(_ text: String) -> [Command] {
        let ctx = context
        let taken = updateTop { $0.paste(text, ctx) }
        guard let taken else {
            return [.flash(Flash(L("Paste ignored: nothing here takes text. Move to a text field, then paste."), .warning))]
        }
        if taken.cut > 0, taken.limit > 0 {
            return [.flash(Flash(L("Pasted; \(taken.cut) character(s) left out: the field holds at most \(taken.limit)."), .warning))]
        }
        if taken.cut > 0 {
            return [.flash(Flash(L("Pasted, but \(taken.cut) character(s) did not fit the field and were left out."), .warning))]
        }
        return []
    }

    private mutating func handle(_ key: Key) -> [Command] {
        if key == .ctrl("c") { return [.effect(.quit)] }
        if context.keymap.action(for: key, in: .global) == .nextTheme { return [.effect(.nextTheme)] }
        if context.keymap.action(for: key, in: .global) == .switchLanguage {
            context.language = context.language.other
            let ctx = context
            return Localization.$language.withValue(context.language) {
                // The screen on top words again what it worded once (a pager's text).
                updateTop { $0.refresh(ctx) }
                return [.flash(Flash(L("Language: \(context.language.name). F2 switches back.")))]
            }
        }
        let ctx = context
        return FieldFull.$current.withValue(FieldFull()) {
            let commands = updateTop { $0.update(key, ctx) }
            guard let limit = FieldFull.current?.limit else { return commands }
            return commands + [.flash(Flash(L("The field is full: it holds at most \(limit) characters."), .warning))]
        }
    }

    /// Runs `body` on the screen on top and puts it back.
    private mutating func updateTop<R>(_ body: (inout any DeskScreen) -> R) -> R {
        // Taken out of the stack, not copied from it: a copy shares what the screen keeps (a
        // city's board tally and everyone's ranking, 500,000 entries each), and the screen's
        // first write to it then copied it whole, at every change of the desk.
        var screen = stack.removeLast().screen
        let result = body(&screen)
        stack.append(Screen(screen))
        return result
    }

    private mutating func apply(_ commands: [Command]) -> [Effect] {
        var effects: [Effect] = []
        for c in commands {
            switch c {
            case .push(let s):
                // A screen already open (b and r between the board and the review queue) is
                // gone back to, not opened again on top: seven Esc led back to the queue after
                // going back and forth, each through a copy of the same list.
                if let i = stack.lastIndex(where: { $0.isSameScreen(as: s) }) {
                    while stack.count > i + 1 { popTop() }
                } else {
                    stack.append(kept.hand(to: s, making: makingLists))
                }
            case .pop: if stack.count > 1 { popTop() }
            case .flash(let f): flash = f
            case .effect(.quit): effects += quit()
            case .effect(let e): effects.append(e)
            case .save(let work):
                if let item = context.pending.add(work) { effects.append(.store(item)) }
            case .leftInterview(let id):
                if let f = leftInterviewFlash(id) { flash = f }
            }
        }
        if !commands.isEmpty { refreshAll() }
        return effects
    }

    /// Quits at once when everything is saved; otherwise asks, naming what would be lost.
    private mutating func quit() -> [Effect] {
        guard context.pending.isEmpty else {
            confirmingQuit = true
            flash = Flash(L("Quit? NOT saved, lost if you quit: \(context.pending.summary). y = quit anyway, any other key = stay"), .error)
            return []
        }
        finished = true
        return [.quit]
    }

    private mutating func answerQuit(_ key: Key) -> [Effect] {
        confirmingQuit = false
        if key == .char("y") || key == .char("Y") {
            finished = true
            return [.quit]
        }
        endSignal = nil
        flash = context.pending.isStopped
            ? Flash(L("Not quitting."), .info)
            : Flash(L("Not quitting. What is held in memory is saved when writing works again."), .info)
        return []
    }

    private mutating func replaceTop(_ s: Screen) { stack[stack.count - 1] = s }

    private mutating func popTop() { kept.take(from: stack.removeLast()) }

    /// After the desk or the time changed, the screen on top recomputes what it shows; the
    /// ones under it wait until they are on top again (every pop refreshes the new top), so a
    /// city's queue is not re-sorted under an interview at each saved keystroke.
    private mutating func refreshAll() {
        let ctx = context
        updateTop { $0.refresh(ctx) }
        kept.catchUp(ctx)
    }

    // MARK: - View

    public func view(into frame: inout Frame) {
        let size = frame.size
        if size.width < DeskApp.minimumSize.width || size.height < DeskApp.minimumSize.height {
            TooSmallNotice.draw(into: &frame)
            return
        }
        let screen = top.screen
        let hints = hintRows(size)
        screen.view(into: &frame, bodyRect(size, hints: hints.count), self.context)
        let title = screen.title(self.context)
        Chrome.titleBar(into: &frame, title: title, whole: screen.titleWhole(self.context), context: self.context)
        Chrome.messageLine(into: &frame, flash: flash, readOnly: self.context.readOnlyReason, pending: self.context.pending, hintRows: hints.count)
        Chrome.hintBar(into: &frame, rows: hints)
    }

    private func hintRows(_ size: Size) -> [[(String, String)]] {
        let screen = top.screen
        return Chrome.hintRows(context.keymap.hintEntries(in: screen.keyContext(context), role: context.role, hiding: screen.unavailable(context)),
                               width: size.width)
    }

    /// Where the screen on top is drawn: below the title, above the message and the hint bar.
    /// A message of two lines takes the body's last row, and so does a hint bar of two: the
    /// screen is drawn a row shorter then, so a list does not count a row the message covers
    /// ("1–19" over 18 rows shown).
    private func bodyRect(_ size: Size, hints: Int? = nil) -> Rect {
        let hintCount = hints ?? hintRows(size).count
        let messageRows = flash.map { Chrome.wrap(" " + $0.text, width: size.width, rows: 2).count } ?? 1
        return Rect(x: 0, y: 1, width: size.width, height: size.height - 2 - hintCount - (messageRows - 1))
    }

    /// The frame at a size: what tests compare.
    public func render(_ size: Size) -> Frame {
        var f = Frame(size: size)
        Localization.$language.withValue(context.language) { view(into: &f) }
        return f
    }
}

public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public var maxY: Int { y + height }
}
