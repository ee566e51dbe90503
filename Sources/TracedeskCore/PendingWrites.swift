import Foundation

/// What a write is for: how the desk reports it once the store has made it durable.
public enum WritePurpose: Equatable, Sendable {
    case callLogged(caseId: String, outcome: CallOutcome)
    /// The interview draft, saved as the tracer moves: no message, unless it fails.
    case draftSaved(caseId: String)
    /// The draft as the tracer leaves the interview (Esc): the message says whether it is kept.
    case interviewLeft(caseId: String)
    case interviewFiled(caseId: String)
    case reviewed(caseId: String, approved: Bool)
    case assigned(count: Int, tracer: String)
    case followUpCalled(contactId: String, outcome: CallOutcome)
    case followUpAssigned(count: Int, tracer: String)
    case personDecided(contactId: String, linked: Bool)
    /// A lead undid a person's link (`person.unlinked`).
    case personUnlinked(contactId: String)
    /// A lead or data person corrected a case record at the desk (`case.corrected`).
    case caseCorrected(caseId: String)
}

/// Work the tracer has done that the store has not yet made durable, in the order it was done.
///
/// Every write goes through here, so a store that cannot take a write just now (a full disk)
/// never costs what was typed: the work stays in memory, the desk says it is not saved, and
/// the same writes are tried again, oldest first, until they go through. A write that fails
/// for good (a failed sync) stops writing: the work is still held, and never called saved.
public struct PendingWrites: Sendable, Equatable {
    public enum Work: Sendable, Equatable {
        /// A claim is decided again under the store's lock when it is written: someone else
        /// may have taken the case while the disk was full.
        case claim(caseId: String)
        case events([EventBody], WritePurpose)
    }

    public struct Item: Sendable, Equatable {
        /// Stable while the item waits, so a write's outcome finds the item it was for.
        public let number: Int
        public internal(set) var work: Work
    }

    public enum State: Sendable, Equatable {
        /// Nothing has failed: each write goes out as it is made.
        case writing
        /// The last try failed in a way that can pass (no room): tried again on the next tick
        /// or save.
        case waiting(reason: String)
        /// Writing has stopped for good; nothing here will be written in this session.
        case stopped(reason: String)
    }

    public private(set) var items: [Item] = []
    public private(set) var state: State = .writing
    /// The item handed out to be written and not yet answered: one at a time, so the store
    /// receives the work in the order it was done.
    public private(set) var inFlight: Int?
    private var nextNumber = 1

    public init() {}

    public var isEmpty: Bool { items.isEmpty }

    /// True when work is held that a failed write left in memory only.
    public var holdsUnsaved: Bool { !items.isEmpty && state != .writing }

    public var isStopped: Bool { if case .stopped = state { true } else { false } }

    /// Takes new work, and returns what to write now (the oldest item, which may not be this
    /// one: a later write never overtakes an earlier one still waiting).
    public mutating func add(_ work: Work) -> Item? {
        // A draft replaces the draft just before it of the same case (the last draft wins on
        // replay anyway, and it holds everything the earlier one did), so a tracer typing on
        // against a full disk holds one draft, not one per field. Only the last item, and
        // not one being written: replacing anything earlier would reorder the work.
        if case .events(let new, let purpose) = work, let caseId = Self.draftCase(new, purpose),
           let last = items.last, last.number != inFlight,
           case .events(let old, let oldPurpose) = last.work, Self.draftCase(old, oldPurpose) == caseId {
            items[items.count - 1].work = work
        } else {
            items.append(Item(number: nextNumber, work: work))
            nextNumber += 1
        }
        return next()
    }

    /// The oldest item, if it should be tried now: nothing in flight and writing not stopped.
    public mutating func next() -> Item? {
        guard inFlight == nil, !isStopped, let head = items.first else { return nil }
        inFlight = head.number
        return head
    }

    /// The store took the item (or decided there was nothing to write). True when this
    /// emptied a queue that had been held back by a failure: the desk says it is now saved.
    @discardableResult
    public mutating func written(_ number: Int) -> Bool {
        finish(number)
        guard items.isEmpty, case .waiting = state else { return false }
        state = .writing
        return true
    }

    /// The domain refused the item on the journal as it now is (the role, the case changed):
    /// writing it again would be refused again, so it leaves the queue, and the desk says so.
    public mutating func refused(_ number: Int) -> Bool { written(number) }

    /// The store could not take the item; it stays first in line.
    public mutating func failed(_ number: Int, reason: String, retryable: Bool) {
        if inFlight == number { inFlight = nil }
        // Once stopped, stays stopped: a later "no room" must not restart a store whose sync failed.
        if isStopped { return }
        state = retryable ? .waiting(reason: reason) : .stopped(reason: reason)
    }

    private mutating func finish(_ number: Int) {
        if inFlight == number { inFlight = nil }
        items.removeAll { $0.number == number }
    }

    /// The newest interview draft of a case held here, if any: reopening the interview shows
    /// it, not the older one the store has.
    public func draft(of caseId: String) -> InterviewDraft? {
        for item in items.reversed() {
            guard case .events(let bodies, _) = item.work else { continue }
            for case .interviewSaved(let d) in bodies.reversed() where d.caseId == caseId { return d }
        }
        return nil
    }

    /// True when a filing of the case is held: the interview is closed to changes until it is
    /// written, so no draft lands after its filing.
    public func holdsFiling(of caseId: String) -> Bool {
        items.contains { item in
            if case .events(_, .interviewFiled(let id)) = item.work { return id == caseId }
            return false
        }
    }

    /// The calls held for a case, oldest first, so the case screen can show them as not saved.
    public func calls(of caseId: String) -> [CallAttempt] {
        items.flatMap { item -> [CallAttempt] in
            guard case .events(let bodies, _) = item.work else { return [] }
            return bodies.compactMap { if case .callLogged(let a) = $0, a.caseId == caseId { a } else { nil } }
        }
    }

    /// What would be lost if the desk closed now, in words (case ids only, no patient data).
    public var summary: String {
        items.map { Self.describe($0.work) }.joined(separator: ", ")
    }

    public static func describe(_ work: Work) -> String {
        switch work {
        case .claim(let id): L("claim of \(id)")
        case .events(_, .callLogged(let id, _)): L("call on \(id)")
        case .events(_, .draftSaved(let id)), .events(_, .interviewLeft(let id)): L("interview draft of \(id)")
        case .events(_, .interviewFiled(let id)): L("filing of \(id)")
        case .events(_, .reviewed(let id, _)): L("review of \(id)")
        case .events(_, .assigned(let count, let tracer)): L("\(count) assignment(s) to \(tracer)")
        case .events(_, .followUpCalled(let id, _)): L("follow-up call to \(id)")
        case .events(_, .followUpAssigned(let count, let tracer)): L("\(count) follow-up(s) given to \(tracer)")
        case .events(_, .personDecided(let id, _)): L("link of \(id)")
        case .events(_, .personUnlinked(let id)): L("unlinking of \(id)")
        case .events(_, .caseCorrected(let id)): L("correction of \(id)")
        }
    }

    private static func draftCase(_ bodies: [EventBody], _ purpose: WritePurpose) -> String? {
        guard bodies.count == 1, case .interviewSaved(let d) = bodies[0] else { return nil }
        switch purpose {
        case .draftSaved, .interviewLeft: return d.caseId
        default: return nil
        }
    }
}
