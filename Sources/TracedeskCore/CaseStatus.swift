/// Where a case stands in the tracer's day. Later statuses (interview review) extend this.
public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case waiting
    case inProgress = "in_progress"
    case callbackScheduled = "callback"
    case needsFieldTracer = "field_tracer"
    case refused
    case awaitingReview = "awaiting_review"
    /// A lead sent the interview back with a note; the tracer fixes it and files again.
    case returned
    /// A lead approved the interview: its contacts go to follow-up.
    case approved

    /// Nothing more for a digital tracer to do on it today.
    public var isDone: Bool {
        switch self {
        case .refused, .needsFieldTracer, .awaitingReview, .approved: true
        default: false
        }
    }

    public var label: String {
        switch self {
        case .waiting: L("waiting")
        case .inProgress: L("in progress")
        case .callbackScheduled: L("callback")
        case .needsFieldTracer: L("needs field tracer")
        case .refused: L("refused")
        case .awaitingReview: L("awaiting review")
        case .returned: L("returned")
        case .approved: L("approved")
        }
    }
}

/// Where a case stands for the person looking at it: a case a lead assigned and its tracer
/// has not opened yet reads alike in the queue, on the case screen and in `cases` (the queue
/// said "taken", the case screen "waiting" beside "Claimed by t-03").
public enum CaseStanding: Equatable, Sendable {
    /// Assigned by a lead to the one looking, not yet opened: theirs to start.
    case assignedToYou
    /// Assigned by a lead to another tracer, not yet opened.
    case assigned(to: String)
    /// Being worked by another tracer.
    case heldBy(String, CaseStatus)
    /// Its own status: the viewer's case, an unassigned one, or one whose work is done.
    case status(CaseStatus)

    /// In a sentence or a field: "assigned to t-03".
    public var label: String {
        switch self {
        case .assignedToYou: L("assigned to you")
        case .assigned(let tracer): L("assigned to \(tracer)")
        case .heldBy(_, let s), .status(let s): s.label
        }
    }
}

extension CaseFile {
    /// The case's standing for `viewer` (nil: no one in particular, as `cases` lists all).
    /// Assigned and not opened: a lead's assignment leaves the status waiting with a holder.
    public func standing(for viewer: String?) -> CaseStanding {
        guard let holder = claimedBy else { return .status(status) }
        if status == .waiting { return holder == viewer ? .assignedToYou : .assigned(to: holder) }
        if holder != viewer, !status.isDone { return .heldBy(holder, status) }
        return .status(status)
    }
}
