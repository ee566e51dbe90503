import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// Item 3: 80×24 in Indonesian with the longest real values.
func longIdQueue() -> [Event] {
    var e = Events()
    e.imports([rec("JKT-2021-000123", "Rina Wulandari", result: "2021-07-04", kelurahan: "Kebon Kacang"),
               rec("DKI-210705-0001", "Siti Rahmawati", result: "2021-07-03"),
               rec("JKT-2021-000124", "Bambang Sutrisno", result: "2021-07-04")])
    e.add(.caseClaimed(CaseClaim(caseId: "JKT-2021-000123")), by: "tracer-01")
    e.add(.callLogged(CallAttempt(caseId: "JKT-2021-000123", outcome: .callBack, callbackAt: now.addingTimeInterval(86400 + 600))), by: "tracer-01")
    e.add(.caseClaimed(CaseClaim(caseId: "DKI-210705-0001")), by: "tracer-01")
    return e.list
}

/// A draft of C-OLD whose days are not walked: more warnings than 80×24 shows.
func draftWithManyWarnings() -> [Event] {
    var e = Events()
    e.list = smallQueue()
    e.t = now.addingTimeInterval(-3600)
    e.interview("C-OLD", "Siti Rahmawati", result: "2021-07-01", specimen: "2021-06-24")
    return e.list
}

@Suite struct EightyByTwentyFourTests {
    /// The assign list: "telepon ulang" whole at 80, beside a long case id, in Indonesian.
    @Test func theAssignListShowsAStatusWholeAt80() throws {
        let l = DeskHarness(events: longIdQueue(), tracer: "lead-01", team: leadTeam, language: .id)
        l.type(.escape, .char("b"), .enter)
        let row = try #require(l.rowIndex(containing: "JKT-2021-000123"))
        #expect(l.row(row).contains("Rina Wulandari"))
        #expect(l.row(row).contains("Kebon Kacang"))
        #expect(l.row(row).contains("telepon ulang"), "\(l.row(row))")
        #expect(!l.row(row).contains("…"))
    }

    /// The queue with a callback column: every name whole (they were cut to 8), ids whole.
    @Test func theQueuesNamesStayWholeBesideACallbackAt80() throws {
        for language in Language.allCases {
            let q = DeskHarness(events: longIdQueue(), language: language)
            #expect(q.row(2).contains(language == .id ? "Telp ulang" : "Callback"))
            for name in ["Rina Wulandari", "Siti Rahmawati", "Bambang Sutrisno"] {
                let row = try #require(q.rowIndex(containing: name), "\(language): \(name) cut:\n\(q.text)")
                #expect(!q.row(row).contains("…"))
            }
        }
    }

    /// The search prompt: what is typed has room (the counts give way), and when it is longer
    /// than the room its end shows after a leading "…".
    @Test func theSearchPromptShowsWhatIsTypedOrItsEndMarked() {
        let q = DeskHarness(events: longIdQueue(), language: .id)
        q.type(.char("/")); q.type(text: "Siti Rahmawati")
        #expect(q.row(1).contains("Cari: Siti Rahmawati"))
        q.type(text: " binti Ahmad Fauzi dari Kebon Kacang")
        #expect(q.row(1).contains("Cari: …"), "\(q.row(1))")
        #expect(q.row(1).contains("dari Kebon Kacang"), "\(q.row(1))")
        // The same field draws so everywhere a text is longer than its room.
        var f = Frame(size: Size(width: 20, height: 1))
        let cursor = TextField("Siti Rahmawati binti Ahmad").draw(into: &f, x: 0, y: 0, width: 10, slot: .normal)
        #expect(f.lines[0].hasPrefix("…"))
        #expect(f.lines[0].contains("Ahmad"))
        #expect(cursor == 9)
    }

    /// The tracer's review at 80×24: a list of warnings that does not fit scrolls and says so;
    /// ↓ reaches the last one.
    @Test func theReviewsWarningsScrollAndSaySo() {
        for language in Language.allCases {
            let r = DeskHarness(events: draftWithManyWarnings(), language: language)
            r.type(.char("/")); r.type(text: "C-OLD"); r.type(.enter, .enter, .char("i"), .function(9))
            let shown = language == .id ? "dari" : "of"
            guard let marker = r.screen.first(where: { $0.contains("↑↓") && $0.contains(shown) && $0.contains("1–") }) else {
                Issue.record("no scroll marker:\n\(r.text)"); continue
            }
            let total = marker.split(separator: " ").compactMap { Int($0) }.first ?? 0
            #expect(total > 10, "\(marker)")
            for _ in 0..<40 { r.type(.down) }
            #expect(r.text.contains("–\(total) \(shown) \(total)"), "\(r.text)")
            // The last warning is on screen, selected.
            #expect(r.text.contains("05/07"), "\(r.text)")
        }
    }
}
