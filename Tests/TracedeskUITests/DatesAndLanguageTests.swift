import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, items 7, 8 and 9 on screens: dates written one way, fields that read them back,
/// callback phrases, and no English or raw codes on an Indonesian screen.
@Suite struct DatesAndLanguageTests {
    @Test func aDateFieldTakesTheFormTheQueueShows() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("i"))
        h.type(.tab, .tab, .tab, .right, .pageDown)   // consent given, to symptoms
        h.type(.right, .tab)                          // symptoms: yes
        h.type(text: "2/7")                           // onset as the queue writes days
        h.type(.tab); h.type(text: "kemarin")         // specimen: yesterday (4 July)
        h.type(.tab)
        #expect(h.text.contains("02/07/2021"))
        #expect(h.text.contains("04/07/2021"))
        #expect(h.text.contains("Wednesday 30 June 2021 → Monday 5 July 2021"), "\(h.text)")
        #expect(!h.text.contains("is not a date"))
    }

    @Test(arguments: [Language.en, .id])
    func noAnswerTakesARetryTimeInWordsTracersUse(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), language: language)
        h.type(.down, .enter, .char("c"), .char("2"))
        #expect(h.text.contains(language == .en ? "Try again (WIB):" : "Coba lagi (WIB):"))
        h.type(.tab, .tab)
        h.type(text: "nanti sore")
        h.type(.enter)
        #expect(h.loop.app.context.desk["C-OLD"]?.nextCallback == WallClock.wib.date(day: Day(parsing: "2021-07-05")!, hour: 16, minute: 0))
        // Today's callback as lists write a time today: its time alone (it said 05/07 16:00 WIB).
        #expect(h.text.contains("16:00 WIB") && !h.text.contains("05/07 16:00"), "\(h.text)")
        // A refusal says what would work, in the desk's language, inside the box.
        h.type(.char("c"), .char("6"), .tab, .tab)
        h.type(text: "kapan-kapan")
        h.type(.enter)
        // At 10:00 "9 pagi" has passed: not offered (the examples are ones the field takes now).
        let want = language == .en ? "try besok jam 9, nanti sore, 15:30, +2h" : "coba besok jam 9, nanti sore, 15:30, +2h"
        let joined = h.screen.map { $0.replacingOccurrences(of: "│", with: " ").trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.replacingOccurrences(of: "  ", with: " ").contains(want), "\(h.text)")
        for line in h.screen { #expect(DisplayWidth.of(line) == 80) }
    }

    @Test func callbacksAreDayFirstEverywhere() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"), .char("6"), .tab, .tab)
        h.type(text: "besok jam 9")
        h.type(.enter)
        #expect(h.text.contains("06/07 09:00"))          // the history and the next callback
        #expect(h.text.contains("06/07 09:00 WIB"))
        #expect(!h.text.contains("07-06"))
        #expect(!h.text.contains("2021-07-0"))           // no ISO date on the case screen
        h.type(.escape)
        #expect(h.rowIndex(containing: "C-OLD").map { h.row($0).contains("06/07 09:00") } == true)
    }

    @Test func theIndonesianQueueSaysJamNotH() {
        let h = DeskHarness(events: smallQueue(), language: .id)
        #expect(h.row(3).contains("j ") && !h.row(3).contains("h "), "\(h.row(3))")
    }

    @Test func theCaseScreenSaysWhyTheNikIsMissingInIndonesian() {
        var e = Events()
        var r = rec("C-1", "Siti", result: "2021-07-04")
        r.nik = nil; r.nikMissingReason = "not in line list"
        e.imports([r])
        let h = DeskHarness(events: e.list, language: .id)
        h.type(.enter)
        #expect(h.text.contains("— (tak ada di line list)"), "\(h.text)")
    }

    @Test func theLeadsHistoryOfChangesIsInIndonesianWithLabelsNotCodes() {
        var d = InterviewDraft(for: rec("C-1", "Siti", result: "2021-07-04"), rules: .indonesia2021)
        var d2 = d
        d2.consent = "given"
        let k = d2.addContact(named: "Budi", on: Day(parsing: "2021-07-03")!)
        var d3 = d2
        d3.contacts[0].relationship = Relationship.coworker.rawValue
        d3.contacts[0].criterion = ContactCriterion.faceToFace.rawValue
        _ = k
        let at = now
        let events = [d, d2, d3].enumerated().map { i, x in
            Event(id: EventID.make(at: at.addingTimeInterval(Double(i))), timestamp: at.addingTimeInterval(Double(i)), actor: "tracer-01", body: .interviewSaved(x))
        }
        d = d3
        let lines = Localization.$language.withValue(.id) { InterviewChanges.of(events).map(\.what) }
        #expect(lines.contains("persetujuan: (kosong) → setuju"), "\(lines)")
        #expect(lines.contains { $0.contains("hubungan (kosong) → rekan kerja") }, "\(lines)")
        #expect(!lines.joined().contains("face_to_face") && !lines.joined().contains("coworker") && !lines.joined().contains("(empty)"), "\(lines)")
    }
}

extension DatesAndLanguageTests {
    /// The call form says what the words mean where they are typed, whole, in both languages.
    @Test(arguments: [Language.en, .id])
    func theCallbackFieldSaysWhatTheWordsMean(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), language: language)
        h.type(.down, .enter, .char("c"), .char("6"), .tab, .tab)
        let want = language == .en ? "pagi 09:00 · siang 13:00 · sore 16:00 · malam 19:00 (nanti = today)"
                                   : "pagi 09:00 · siang 13:00 · sore 16:00 · malam 19:00 (nanti = hari ini)"
        #expect(h.text.contains(want), "\(h.text)")
    }
}
