import Foundation
import Testing
@testable import TracedeskCore

/// The limits' own check of an event's JSON (the journal's `check` uses it): the same fields a
/// server holds to them, by the same table.
@Suite struct EventLimitsTests {
    static func line(_ body: EventBody) throws -> Data {
        try JournalCoding.encoder().encode(Event(id: EventID.make(at: Date()), timestamp: Date(), actor: "t", body: body))
    }

    @Test func eachLimitedFieldIsFoundAndNamed() throws {
        let note = EventLimit.note.value
        #expect(EventLimits.problem(inJSON: try Self.line(.callLogged(CallAttempt(caseId: "C", outcome: .busy, note: String(repeating: "a", count: note))))) == nil)
        #expect(EventLimits.problem(inJSON: try Self.line(.callLogged(CallAttempt(caseId: "C", outcome: .busy, note: String(repeating: "é", count: note + 1)))))
                == LimitProblem(field: "data.note", limit: .note, size: note + 1))
        // Any other text is a line.
        #expect(EventLimits.problem(inJSON: try Self.line(.caseClaimed(CaseClaim(caseId: String(repeating: "C", count: 501)))))
                == LimitProblem(field: "data.caseId", limit: .line, size: 501))
        // The draft's days are keys, walked as one map with its limit.
        var draft = InterviewDraft(caseId: "C", ruleSetId: "id-2021")
        let first = Day(year: 2021, month: 1, day: 1)!
        for i in 0...EventLimit.days.value { draft.days[first.adding(days: i), default: DayNotes()].nothingToRecord = true }
        #expect(EventLimits.problem(inJSON: try Self.line(.interviewSaved(draft))) == LimitProblem(field: "data.days", limit: .days, size: EventLimit.days.value + 1))
        draft.days = [first: DayNotes()]
        draft.addContact(named: "A", on: first)
        draft.contacts[0].notes = String(repeating: "n", count: note + 2)
        #expect(EventLimits.problem(inJSON: try Self.line(.interviewSaved(draft))) == LimitProblem(field: "data.contacts[0].notes", limit: .note, size: note + 2))
        // The whole event, before it is read.
        let big = Array(repeating: UInt8(ascii: " "), count: EventLimit.eventBytes.value + 1)
        #expect(EventLimits.problem(inJSON: big) == LimitProblem(field: "", limit: .eventBytes, size: big.count))
    }
}
