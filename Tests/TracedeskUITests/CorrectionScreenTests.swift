import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// A correction from the lab's list, as the case screen shows it: the record as corrected,
/// and who corrected what in its history (issue 17, item 3).
@Suite struct CorrectionScreenTests {
    @Test func theCaseScreenShowsTheCorrectedRecordAndWhoCorrectedIt() {
        let fix = CaseCorrection(caseId: "C-OLD", changes: [FieldChange(field: "phone", from: "+6281234567890", to: "+6281299990000")],
                                 source: "lab-0706.csv:3")
        let at = now.addingTimeInterval(-3600)
        let events = smallQueue() + Desk.importEvents([], corrections: [fix], batch: "b-0706").map {
            Event(id: EventID.make(at: at), timestamp: at, actor: "data-01", body: $0)
        }
        let h = DeskHarness(events: events, width: 120)
        h.type(.down, .enter) // C-OLD
        #expect(h.text.contains("0812-9999-0000"), "\(h.text)")
        #expect(!h.text.contains("0812-3456-7890"))
        #expect(h.text.contains("data-01: corrected from lab-0706.csv:3: Phone …7890 → …0"), "\(h.text)")
    }
}
