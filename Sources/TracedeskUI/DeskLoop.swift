import Foundation
import TracedeskCore

/// Runs the desk: reads input, updates the app, carries out its effects against the store,
/// draws. The only place where screens meet the journal.
public final class DeskLoop {
    public let terminal: Terminal
    public let store: EventStore
    public private(set) var app: DeskApp
    let clock: @Sendable () -> Date
    /// How often other desks' events are looked for.
    public var pollInterval: TimeInterval = 0.5
    private var lastPoll = Date.distantPast
    /// Records each interview's screens while set (team setting or --record).
    public var recorder: InterviewRecorder?
    /// The colours a recording is drawn in: the desk's theme.
    public var recordingTheme = Theme.builtIn
    /// The themes F3 steps through, and the one in use.
    public var themes: [Theme] = []
    public var themeIndex = 0
    /// The team file read again when it changed, else nil (`Effect.reloadTeam`); nil where
    /// the team is the server's.
    public var teamSource: (() -> Team?)?
    private var recording: (caseId: String, name: String?, last: Frame?)?

    public init(terminal: Terminal, store: EventStore, app: DeskApp, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.terminal = terminal
        self.store = store
        self.app = app
        self.clock = clock
    }

    /// Until the tracer quits or a signal arrives.
    public func run() {
        start()
        draw()
        makeListsOffTheKeyPath()
        while !app.finished { step(timeoutMilliseconds: 250) }
    }

    /// A lead's board and everyone's follow-up list, made on another thread once the queue is
    /// drawn (a city's take seconds), and the made lists once they are back.
    private var lists: (done: DispatchGroup, made: Locked<DeskApp.MadeLists?>)?
    /// Tests hold the making here until they have looked; nil makes them at once.
    var beforeMakingLists: (@Sendable () -> Void)?

    private func makeListsOffTheKeyPath() {
        guard lists == nil, let request = app.listsToMake() else { return }
        let done = DispatchGroup(), made = Locked<DeskApp.MadeLists?>(nil), hold = beforeMakingLists
        lists = (done, made)
        DispatchQueue.global(qos: .utility).async(group: done) {
            hold?()
            let lists = request.make()
            made.withLock { $0 = lists }
        }
    }

    /// Hands the lists to the app once they are made: a look at each turn, never a wait.
    private func takeMadeLists() {
        guard let box = lists?.made, app.makingLists else { return }
        box.withLock { made in
            guard made != nil else { return }
            Localization.$language.withValue(app.context.language) { app.listsMade(&made) }
        }
    }

    /// Until the lists being made are made and handed over, drawn (tests).
    public func waitForLists() {
        lists?.done.wait()
        takeMadeLists()
        draw()
    }

    private var started = false

    /// Carries out what the app asked for as it opened (reading a draft to resume).
    private func start() {
        guard !started else { return }
        started = true
        var effects = app.takeStartEffects()
        perform(&effects)
    }

    /// One turn of the loop; tests call it directly with the in-memory terminal.
    public func step(timeoutMilliseconds: Int = 0) {
        start()
        let input = terminal.read(timeoutMilliseconds: timeoutMilliseconds)
        if case .signal = input {
            // Typed text first goes to the store (written now, synchronously); then the
            // signal ends the desk, or asks (^C) only about what still could not be written.
            var flush = update(.flushTyping)
            perform(&flush)
        }
        retryHeldWork(before: input)
        var effects = update(.input(input))
        if input == .idle || clock().timeIntervalSince(lastPoll) >= pollInterval {
            effects += poll()
        }
        perform(&effects)
        takeMadeLists()
        if !app.finished {
            draw()
            makeListsOffTheKeyPath()
        }
    }

    /// Work held back by a full disk is tried again the moment the tracer acts, not only on
    /// the next tick: room comes back without telling anyone, and the title should stop saying
    /// NOT SAVED with the first key after it has. One try per key and per tick, never more, so
    /// a disk that stays full costs a failed write per key, not a loop.
    private func retryHeldWork(before input: Input) {
        switch input {
        case .key, .paste: break
        default: return
        }
        guard case .waiting = app.context.pending.state else { return }
        let said = app.flash
        var effects = update(.retryHeld)
        perform(&effects)
        // A key clears the message line before it acts: what the retry said ("Saved now")
        // follows the key instead of vanishing under it (unless a start warning waits there;
        // the title says the work is saved either way).
        if let flash = app.flash, flash != said, app.followingFlash == nil { app.followingFlash = flash }
    }

    /// Runs steps until no input is left (tests).
    public func drain() {
        repeat { step() } while (terminal as? MemoryTerminal)?.hasPendingInput == true && !app.finished
    }

    /// A start message; one already on the line (the way back into an unfinished interview)
    /// follows it rather than being lost.
    public func say(_ flash: Flash) {
        if let earlier = app.flash, earlier != flash { app.followingFlash = earlier }
        app.flash = flash
        draw()
    }

    /// Updates and views run in the desk's language: what they say comes from its catalogue.
    func update(_ msg: Message) -> [Effect] {
        Localization.$language.withValue(app.context.language) { app.update(msg) }
    }

    /// The desk's language, which F2 changes as the desk runs, around what the loop does
    /// outside the app's update and view: the text it makes, and the store calls it makes,
    /// whose errors carry text (a server's refusal is worded as it is thrown). Outside it the
    /// process's language would speak, and an Indonesian desk said "Cannot read the case's
    /// history" in English. CatalogTests holds every text of this file inside it.
    private func inDeskLanguage<T>(_ body: () throws -> T) rethrows -> T {
        try Localization.$language.withValue(app.context.language, operation: body)
    }

    private func poll() -> [Effect] {
        lastPoll = clock()
        var effects: [Effect] = inDeskLanguage {
            do {
                let new = try store.readNew()
                app.connectionIs(store.connection)
                return update(.events(new))
            } catch {
                return update(.failed("\(error)"))
            }
        }
        effects += update(.tick(clock()))
        return effects
    }

    private func perform(_ effects: inout [Effect]) {
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            if case .quit = effect { return }
            effects += carryOut(effect)
        }
    }

    /// In the language of the moment: an F2 before the effect counts.
    private func carryOut(_ effect: Effect) -> [Effect] {
        inDeskLanguage {
            var effects: [Effect] = []
            switch effect {
            case .quit:
                break
            case .store(let item):
                effects += write(item)
            case .nextTheme:
                guard !themes.isEmpty else { break }
                themeIndex = (themeIndex + 1) % themes.count
                let theme = themes[themeIndex]
                terminal.use(theme)
                recordingTheme = theme
                app.flash = Flash(L("Theme: \(theme.name). F3 for the next."))
            case .reloadTeam:
                if let team = teamSource?() { effects += update(.teamChanged(team)) }
            case .openInterview(let id, let resumed):
                do {
                    let draft = try app.context.desk.draft(of: id, in: store)
                    effects += update(.interviewOpened(caseId: id, draft, resumed: resumed))
                } catch {
                    effects += update(.readFailed(L("Cannot open the interview: \(error)")))
                }
            case .loadCase(let id):
                do {
                    if let file = try app.context.desk.caseInFull(id, in: store) { effects += update(.caseLoaded(file)) }
                } catch {
                    // With the server away the case shows what the desk holds, and the title bar
                    // says why; what the tracer was just told (a draft kept) is not replaced.
                    let away = (error as? StoreWriteError)?.isRetryable ?? false
                    if !(away && app.flash != nil) {
                        effects += update(.readFailed(L("Cannot read the case's history: \(error)")))
                        if away { app.flash?.aboutServerAway = true }
                    }
                }
            case .loadInterviewHistory(let id):
                do {
                    effects += update(.interviewHistory(caseId: id, try app.context.desk.events(about: id, in: store)))
                } catch {
                    effects += update(.interviewHistoryFailed(caseId: id, L("Cannot read the history of changes: \(error)")))
                }
            }
            return effects
        }
    }

    /// Writes one held item under the store's lock; its outcome goes back to the app.
    private func write(_ item: PendingWrites.Item) -> [Effect] {
        inDeskLanguage {
            var effects: [Effect] = []
            defer { app.connectionIs(store.connection) }
            do {
                switch item.work {
                case .claim(let id):
                    var decision = ClaimDecision.unknownCase
                    let tracer = app.context.tracer
                    // Decided on the desk on screen, with what other desks wrote applied to it once
                    // (no copy of a city's desk under the lock).
                    let result = try store.transact { seen in
                        absorb(seen)
                        decision = app.context.desk.claimDecision(caseId: id, tracer: tracer)
                        return decision == .claim ? [makeEvent(.caseClaimed(CaseClaim(caseId: id)))] : []
                    }
                    app.connectionIs(store.connection)
                    effects += update(.events(result.written))
                    effects += update(.claimed(number: item.number, caseId: id, decision))
                case .events(var bodies, let purpose):
                    // A filed interview names its recording, so the lead's review can link it.
                    if let r = recording {
                        bodies = bodies.map { body in
                            guard case .interviewFiled(var f) = body, f.caseId == r.caseId else { return body }
                            f.recording = r.name
                            return .interviewFiled(f)
                        }
                    }
                    // Decided under the lock, on the journal as it is now: the role gate, and a
                    // review or assignment another lead made a moment ago.
                    let actor = app.context.tracer
                    var refusal: String?
                    let result = try store.transact { seen in
                        absorb(seen)
                        let desk = app.context.desk
                        refusal = bodies.lazy.compactMap { desk.refusal($0, by: actor) }.first
                        return refusal == nil ? bodies.map(makeEvent) : []
                    }
                    // What the flash says depends on where the save went (the server or its outbox).
                    app.connectionIs(store.connection)
                    if let refusal {
                        effects += update(.refused(number: item.number, refusal))
                    } else {
                        effects += update(.saved(number: item.number, purpose, result.written))
                    }
                }
            } catch let e as StoreWriteError where e.refusesThisWorkOnly {
                // The server said no to this work alone: said as a refusal, writing goes on.
                effects += update(.refused(number: item.number, "\(e)"))
            } catch {
                // Only the store knows whether the same write can pass later (no room) or writing
                // has stopped (a failed sync); anything it does not say is taken as stopped.
                let retryable = (error as? StoreWriteError)?.isRetryable ?? false
                effects += update(.notSaved(number: item.number, reason: "\(error)", retryable: retryable))
            }
            return effects
        }
    }

    private func absorb(_ seen: [Event]) {
        Localization.$language.withValue(app.context.language) { app.absorb(seen) }
    }

    private func makeEvent(_ body: EventBody) -> Event {
        let now = clock()
        return Event(id: EventID.make(at: now), timestamp: now, actor: app.context.tracer, body: body)
    }

    public func redraw() { draw() }

    private func draw() {
        var frame = Frame(size: terminal.size)
        frame.asciiBorders = !terminal.lineDrawing
        Localization.$language.withValue(app.context.language) { app.view(into: &frame) }
        terminal.present(frame)
        record(frame)
    }

    /// While an interview is on screen, what the terminal shows goes to the recorder.
    private func record(_ frame: Frame) {
        guard let recorder else { return }
        var onInterview: String?
        if case .interview(let s) = app.top { onInterview = s.caseId }
        if let r = recording, r.caseId != onInterview {
            recorder.end()
            recording = nil
        }
        guard let id = onInterview else { return }
        if recording == nil { recording = (id, recorder.begin(caseId: id, size: frame.size), nil) }
        if let last = recording?.last, last.size != frame.size { recorder.resize(frame.size) }
        let text = ANSIScreen.diff(from: recording?.last, to: frame, theme: recordingTheme)
        if !text.isEmpty { recorder.output(text) }
        recording?.last = frame
    }

    /// Ends a recording in progress (the desk is closing).
    public func finishRecording() {
        if recording != nil { recorder?.end(); recording = nil }
    }

    /// Asks for the tracer id on the given terminal; nil when the person leaves.
    public static func signIn(on terminal: Terminal) -> String? {
        var screen = SignInScreen()
        while true {
            var f = Frame(size: terminal.size)
            screen.view(into: &f)
            terminal.present(f)
            switch screen.update(terminal.read(timeoutMilliseconds: 1000)) {
            case .stay: continue
            case .signedIn(let id): return id
            case .cancel: return nil
            }
        }
    }
}
