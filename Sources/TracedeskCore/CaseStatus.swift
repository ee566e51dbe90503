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
        case .waiting: "waiting"
        case .inProgress: "in progress"
        case .callbackScheduled: "callback"
        case .needsFieldTracer: "needs field tracer"
        case .refused: "refused"
        case .awaitingReview: "awaiting review"
        case .returned: "returned"
        case .approved: "approved"
        }
    }
}
