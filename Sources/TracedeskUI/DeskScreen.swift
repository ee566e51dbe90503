import TracedeskCore

/// What every screen of the desk does, so the app handles "the screen on top" one way instead
/// of a switch over every kind of screen at each step: take a key, take a paste, catch up
/// with the desk, draw, name itself, and say which keys apply.
protocol DeskScreen: Sendable {
    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command]
    /// A paste for the focused text field; nil where nothing takes text.
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted?
    /// Recompute what it shows after the desk or the time changed.
    mutating func refresh(_ ctx: DeskContext)
    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext)
    func title(_ ctx: DeskContext) -> String
    /// The part of the title that is never cut (a case id): the clock and the notices give way first.
    func titleWhole(_ ctx: DeskContext) -> String?
    /// Actions whose keys only refuse here (a case someone else holds): left out of the hint bar.
    func unavailable(_ ctx: DeskContext) -> Set<Action>
    /// The key context: dispatch, help and the hint bar.
    func keyContext(_ ctx: DeskContext) -> Context
    /// The desk is ending (a signal): what is typed and not yet handed to the store is
    /// handed over now, as `.save` commands, and the form it was in closes.
    mutating func flushTyping(_ ctx: DeskContext) -> [Command]
}

extension DeskScreen {
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? { nil }
    mutating func refresh(_ ctx: DeskContext) {}
    func titleWhole(_ ctx: DeskContext) -> String? { nil }
    func unavailable(_ ctx: DeskContext) -> Set<Action> { [] }
    mutating func flushTyping(_ ctx: DeskContext) -> [Command] { [] }
}

extension QueueScreen: DeskScreen {
    func keyContext(_ ctx: DeskContext) -> Context { searching ? .search : .queue }
}

extension CaseScreen: DeskScreen {
    mutating func refresh(_ ctx: DeskContext) { correction?.reword() }
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? { paste(text) }
    mutating func flushTyping(_ ctx: DeskContext) -> [Command] {
        guard let attempt = form?.unconfirmedAttempt(caseId: caseId, ctx: ctx) else { return [] }
        form = nil
        return [.save(.events(ctx.desk.eventsForCall(attempt, settings: ctx.settings), .callLogged(caseId: caseId, outcome: attempt.outcome)))]
    }
    func titleWhole(_ ctx: DeskContext) -> String? { caseId }
    func unavailable(_ ctx: DeskContext) -> Set<Action> {
        form == nil && correction == nil && blockedReason(ctx) != nil ? [.logCall, .startInterview] : []
    }
    func keyContext(_ ctx: DeskContext) -> Context { form != nil ? .callForm : (correction != nil ? .correction : .caseFile) }
}

extension HelpScreen: DeskScreen {
    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        update(key, ctx.keymap, width: ctx.size.width, height: ctx.size.height - 3, now: ctx.now, clock: ctx.settings.clock)
    }
    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) { view(into: &f, body, ctx.keymap, now: ctx.now, clock: ctx.settings.clock) }
    func title(_ ctx: DeskContext) -> String { L("Help — keys") }
    func keyContext(_ ctx: DeskContext) -> Context { .help }
}

extension PagerScreen: DeskScreen {
    func title(_ ctx: DeskContext) -> String { heading }
    func keyContext(_ ctx: DeskContext) -> Context { .pager }
}

extension InterviewScreen: DeskScreen {
    mutating func flushTyping(_ ctx: DeskContext) -> [Command] { idle() }
    func keyContext(_ ctx: DeskContext) -> Context { context }
    func titleWhole(_ ctx: DeskContext) -> String? { caseId }
}

extension ReviewQueueScreen: DeskScreen {
    func keyContext(_ ctx: DeskContext) -> Context { .review }
}

extension ReviewScreen: DeskScreen {
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? { paste(text) }
    /// A return note being written takes the letters: its own keys, in the hint bar too.
    func keyContext(_ ctx: DeskContext) -> Context { returnNote != nil ? .note : .reviewInterview }
    func titleWhole(_ ctx: DeskContext) -> String? { caseId }
}

extension TeamBoardScreen: DeskScreen {
    func keyContext(_ ctx: DeskContext) -> Context { .board }
}

extension AssignScreen: DeskScreen {
    func keyContext(_ ctx: DeskContext) -> Context { picking == nil ? .assign : .pickTracer }
}

extension FollowUpScreen: DeskScreen {
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? { paste(text) }
    mutating func flushTyping(_ ctx: DeskContext) -> [Command] {
        guard let id = formFor, let call = form?.unconfirmedCall(contactId: id, ctx: ctx) else { return [] }
        form = nil
        // The call alone: a positive test typed but not confirmed converts no one.
        return [.save(.events([.followUpCalled(call)], .followUpCalled(contactId: id, outcome: call.outcome)))]
    }
    func keyContext(_ ctx: DeskContext) -> Context { context }
}

extension PersonMatchScreen: DeskScreen {
    func keyContext(_ ctx: DeskContext) -> Context { .personMatch }
}

extension Screen {
    /// The screen itself, whatever its kind.
    var screen: any DeskScreen {
        switch self {
        case .queue(let s): s
        case .caseFile(let s): s
        case .help(let s): s
        case .pager(let s): s
        case .interview(let s): s
        case .review(let s): s
        case .reviewInterview(let s): s
        case .board(let s): s
        case .assign(let s): s
        case .followUp(let s): s
        case .personMatch(let s): s
        }
    }

    /// The same place as `other`: one list of its kind, or the same case. A screen that holds
    /// what is being typed (an interview, a form) or reads one thing (help, a pager) is never
    /// one to go back to: it is opened where asked.
    func isSameScreen(as other: Screen) -> Bool {
        switch (self, other) {
        case (.queue, .queue), (.review, .review), (.board, .board), (.followUp, .followUp): true
        case let (.assign(a), .assign(b)): a.holder == b.holder
        case let (.caseFile(a), .caseFile(b)): a.caseId == b.caseId && a.form == nil && a.correction == nil
        case let (.reviewInterview(a), .reviewInterview(b)): a.caseId == b.caseId
        default: false
        }
    }

    /// Back into the stack's enum (which tests and the app match on by kind).
    init(_ s: any DeskScreen) {
        switch s {
        case let s as QueueScreen: self = .queue(s)
        case let s as CaseScreen: self = .caseFile(s)
        case let s as HelpScreen: self = .help(s)
        case let s as PagerScreen: self = .pager(s)
        case let s as InterviewScreen: self = .interview(s)
        case let s as ReviewQueueScreen: self = .review(s)
        case let s as ReviewScreen: self = .reviewInterview(s)
        case let s as TeamBoardScreen: self = .board(s)
        case let s as AssignScreen: self = .assign(s)
        case let s as FollowUpScreen: self = .followUp(s)
        case let s as PersonMatchScreen: self = .personMatch(s)
        default: preconditionFailure("a screen that is not in Screen: \(type(of: s))") // not shown: a programming error
        }
    }
}
