import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, items 2 and 3: keys on a choice field, and answers that contradict each other.
@Suite struct InterviewInputTests {
    /// C-OLD's interview on its first day screen (4 July), focus on the place type.
    func onADay(language: Language = .en) -> DeskHarness {
        let h = DeskHarness(events: smallQueue(), language: language)
        h.type(.down, .enter, .char("i"))
        h.type(.tab, .tab, .tab, .right)         // consent: given
        h.type(.pageDown)
        h.type(.right, .tab)                     // symptoms: yes
        h.type(text: "2021-07-02")
        h.type(.tab); h.type(text: "2021-07-03")
        h.type(.tab); h.type(text: "2021-07-04")
        h.type(.pageDown)
        return h
    }

    var placeKind: (DeskHarness) -> PlaceKind? = { h in
        if case .interview(let s) = h.loop.app.top { s.placeKind } else { nil }
    }

    @Test func lettersOnAChoicePickByInitialOrSayItIsAChoice() {
        let h = onADay()
        #expect(placeKind(h) == .home)
        h.type(.char("w"))
        #expect(placeKind(h) == .work)
        h.type(.char("w"))
        #expect(placeKind(h) == .worship)
        h.type(.char("B"))                       // no place type begins with B: said, not dropped
        #expect(placeKind(h) == .worship)
        #expect(h.text.contains("Place is a choice: ←/→, Space, 1–9 or its first letter; Tab: next field."))
        // In Indonesian the initials are the Indonesian labels'.
        let id = onADay(language: .id)
        id.type(.char("p"))
        #expect(placeKind(id) == .market)        // pasar
        id.type(.char("q"))
        #expect(id.text.contains("Tempat adalah pilihan"))
    }

    @Test func lettersOnTheCallOutcomeAreSaid() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"), .char("x"))
        #expect(h.text.contains("The outcome is a choice: 1–7 or ↑↓. Tab goes to the note."))
        #expect(h.text.contains("1 (•) reached"))
    }

    @Test func nothingToRecordOnADayWithAPlaceAsksFirst() {
        let h = onADay()
        h.type(.tab); h.type(text: "rumah"); h.type(.enter)
        h.type(text: "Budi"); h.type(.enter)
        #expect(h.text.contains("1. home — rumah"))
        h.type(.function(4))
        #expect(h.text.contains("Day has 1 place, 1 person: clear, nothing to record? y = yes"))
        h.type(.char("n"))
        #expect(h.text.contains("1. home — rumah"))
        #expect(!h.text.contains("nothing to record (F4 to undo)"))
        h.type(.function(4), .char("y"))
        #expect(!h.text.contains("1. home — rumah"))
        #expect(h.text.contains("nothing to record (F4 to undo)"))
        let saved = h.store.events.compactMap { e -> InterviewDraft? in
            if case .interviewSaved(let d) = e.body { d } else { nil }
        }.last
        let day = Day(parsing: "2021-07-04")!
        #expect(saved?.days[day]?.nothingToRecord == true)
        #expect(saved?.days[day]?.visits.isEmpty == true)
        #expect(saved?.contacts.map(\.name) == ["Budi"])   // the person is still on the list
    }

    @Test func aRefusedExposureDateGivesNoClassificationAnywhere() {
        let h = onADay()
        h.type(.tab, .tab); h.type(text: "Budi Santoso"); h.type(.enter)
        h.type(.function(9), .pageUp)             // the contacts screen
        h.type(.enter)
        for _ in 0..<8 { h.type(.tab) }          // first exposure
        h.type(text: "2021-07-04")
        h.type(.tab, .ctrl("u")); h.type(text: "2021-07-02")   // last before first: refused
        h.type(.tab, .right)                     // a criterion: face to face
        #expect(h.text.contains("last exposure 02/07/2021 is before first exposure 04/07/2021"))
        #expect(h.text.contains("→ — (classification and quarantine end wait for valid exposure dates)"))
        #expect(!h.text.contains("quarantine until"))
        h.type(.escape)
        let row = h.screen.first { $0.contains("Budi Santoso") } ?? ""
        #expect(!row.contains("close"), "\(row)")
        #expect(!row.contains("2021-07-16"), "\(row)")
        h.type(.function(9))
        #expect(h.text.contains("K1 Budi Santoso · —"))
        #expect(h.text.contains("1 named, 0 close"))
    }

    /// The domain rule itself: no outcome from a refused date; the filing's outcome is the same rule.
    @Test func theOutcomeRuleLivesInTheDomain() {
        var d = InterviewDraft(for: rec("X", "Pasien", result: "2021-07-04"), rules: .indonesia2021)
        d.symptomatic = "yes"; d.onset = "2021-07-02"; d.specimen = "2021-07-03"
        let today = Day(parsing: "2021-07-05")!
        let id = d.addContact(named: "Budi", on: Day(parsing: "2021-07-03")!)
        d.contacts[0].criterion = ContactCriterion.faceToFace.rawValue
        #expect(d.outcome(of: d.contact(id)!, today: today)?.quarantineEnd?.iso == "2021-07-17")
        d.contacts[0].firstExposure = "2021-07-04"; d.contacts[0].lastExposure = "2021-07-01"
        #expect(d.outcome(of: d.contact(id)!, today: today) == nil)
    }
}
