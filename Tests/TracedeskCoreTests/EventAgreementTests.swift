import Foundation
import Testing
@testable import TracedeskCore

/// The desk never writes a filing that names two cases (schema 6 refuses one): its draft and
/// contacts are made from the case it files, whatever the case id and however many contacts.
@Suite struct EventAgreementTests {
    @Test func aFilingTheDeskMakesNamesOneCase() {
        let today = Day(year: 2021, month: 7, day: 5)!
        for (caseId, n) in [("JKT-1", 0), ("JKT-1", 3), ("C-12-3", 2), ("K-1-K1", 1), ("Ω-9", 4)] {
            var draft = InterviewDraft(for: CaseRecord(caseId: caseId, name: "Siti", resultDate: today), rules: .indonesia2021)
            draft.consent = "given"
            for i in 0..<n { _ = draft.addContact(named: "Kontak \(i)", on: today.adding(days: -1)) }
            let filed = FiledInterview.file(draft, today: today)
            #expect(filed.contacts.count == n)
            #expect(EventAgreement.problem(.interviewFiled(filed)) == nil, "\(caseId)")
            // Made by hand, each disagreement is named.
            var other = filed
            other.draft.caseId = caseId + "0"
            #expect(EventAgreement.problem(.interviewFiled(other)) == "interview.filed of case \(caseId) holds the interview of case \(caseId)0; a server refuses it")
            if n > 0 {
                var stranger = filed
                stranger.contacts[0].contactId = "X-1-K1"
                #expect(EventAgreement.problem(.interviewFiled(stranger))?.contains("names contact X-1-K1, who is not one of its own") == true)
                var moved = filed
                moved.contacts[0].caseId = "X-1"
                #expect(EventAgreement.problem(.interviewFiled(moved)) != nil)
            }
        }
    }
}
