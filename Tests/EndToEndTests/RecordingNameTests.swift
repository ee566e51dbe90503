import Foundation
import Testing
import TracedeskCore
@testable import tracedesk

/// Issue 15 item 7: a recording's file name was UTC without saying so.
@Suite struct RecordingNameTests {
    @Test func aRecordingIsNamedByTheDesksLocalTimeWithItsOffset() {
        let at = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: 14, minute: 30).addingTimeInterval(5)
        #expect(AsciicastRecorder.fileName(caseId: "DKI-1", at: at, clock: .wib) == "DKI-1-20210705-143005+0700.cast")
        #expect(AsciicastRecorder.fileName(caseId: "A/B 1", at: at, clock: .wit) == "A_B_1-20210705-163005+0900.cast")
        // Just after midnight local time is that local day, not the UTC day before.
        let early = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 6)!, hour: 0, minute: 10)
        #expect(AsciicastRecorder.fileName(caseId: "C", at: early, clock: .wib) == "C-20210706-001000+0700.cast")
    }
}
