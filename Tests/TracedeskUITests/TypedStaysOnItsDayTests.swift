import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Text typed on a day screen and not added with Enter belongs to that day: leaving the day adds
/// it there; it is never carried into the next day's fields.
@Suite struct TypedStaysOnItsDayTests {
    func onFirstDay() -> DeskHarness {
        let h = DeskHarness(events: smallQueue(), width: 80, height: 24)
        h.type(.down, .enter, .char("i"))
        h.type(.tab, .tab, .tab, .right, .pageDown)
        h.type(.right, .tab)
        h.type(text: "2021-07-02")
        h.type(.tab); h.type(text: "2021-07-03")
        h.type(.tab); h.type(text: "2021-07-04")
        h.type(.pageDown)
        #expect(h.text.contains("Sunday 4 July 2021 — day 5 of 5"))
        return h
    }

    func draft(_ h: DeskHarness) -> InterviewDraft? {
        if case .interview(let s)? = h.loop.app.stack.last { return s.draft }
        return nil
    }

    @Test func aTypedPlaceIsAddedToItsDayOnPageDown() {
        let h = onFirstDay()
        h.type(.tab); h.type(text: "rumah Jl. Melati 3")   // not added: no Enter
        h.type(.tab); h.type(text: "Budi Santoso"); h.type(.enter)
        h.type(.pageDown)
        #expect(h.text.contains("Saturday 3 July 2021 — day 4 of 5"))
        #expect(!h.text.contains("Melati"))                 // not carried to 3 July
        let d = draft(h)
        let july4 = Day(year: 2021, month: 7, day: 4)!, july3 = Day(year: 2021, month: 7, day: 3)!
        #expect(d?.days[july4]?.visits.map(\.place) == ["rumah Jl. Melati 3"])
        #expect(d?.days[july3]?.visits.isEmpty ?? true)
        #expect(d?.pendingPlace == "")
        h.type(.pageUp)
        #expect(h.text.contains("rumah Jl. Melati 3"))       // listed on its own day
    }

    @Test func aTypedPersonIsMetOnItsDayWhenLeavingIt() {
        let h = onFirstDay()
        h.type(.tab, .tab); h.type(text: "Ani")              // not added: no Enter
        h.type(.pageUp)                                      // back to symptoms
        let d = draft(h)
        let july4 = Day(year: 2021, month: 7, day: 4)!
        #expect(d?.contacts.map(\.name) == ["Ani"])
        #expect(d?.days[july4]?.met == d?.contacts.map(\.id))
        #expect(d?.pendingPerson == "")
        h.type(.pageDown, .pageDown)                         // 4 July, then 3 July
        #expect(h.text.contains("Saturday 3 July 2021 — day 4 of 5"))
        #expect(draft(h)?.pendingPerson == "")
    }
}
