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
