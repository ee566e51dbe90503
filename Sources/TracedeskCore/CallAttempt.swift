import Foundation

/// How a call to the patient went (SORMAS, Sara Alert and the Dutch GGD portal agree on these).
public enum CallOutcome: String, Codable, Sendable, CaseIterable {
    case reached
    case reachedInterviewLater = "reached_later"
    case noAnswer = "no_answer"
    case busy
    case wrongNumber = "wrong_number"
    case refused
    case callBack = "call_back"

    /// Failed attempts count towards handing the case to a field tracer.
    public var isFailure: Bool {
        switch self {
        case .noAnswer, .busy, .wrongNumber: true
        default: false
        }
    }

    /// The patient asked for another time: a callback time is required.
    public var needsCallbackTime: Bool { self == .callBack || self == .reachedInterviewLater }
    /// No answer or busy: a time to try again may be given (it schedules the retry).
    public var takesRetryTime: Bool { self == .noAnswer || self == .busy }

    public var label: String {
        switch self {
        case .reached: L("reached")
        case .reachedInterviewLater: L("reached, interview later")
        case .noAnswer: L("no answer")
        case .busy: L("busy")
        case .wrongNumber: L("wrong number / not in service")
        case .refused: L("refused")
        case .callBack: L("asked to call back")
        }
    }
}

public struct CallAttempt: Codable, Sendable, Equatable {
    public var caseId: String
    public var outcome: CallOutcome
    public var note: String?
    public var callbackAt: Date?
    /// Saved as the desk was ended by a signal, from what was typed in the call form, without
    /// the tracer's Enter (absent otherwise): the history says so.
    public var unconfirmed: Bool?

    public init(caseId: String, outcome: CallOutcome, note: String? = nil, callbackAt: Date? = nil) {
        self.caseId = caseId; self.outcome = outcome; self.note = note; self.callbackAt = callbackAt
    }
}
