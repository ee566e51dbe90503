import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, what a fresh tester found at 05:40: each fault as a kind.
@Suite struct EveningTesterTests {
    /// 07:00, 12:29, 17:30 and 23:50 WIB on the harness's day.
    static let times: [(Int, Int)] = [(7, 0), (12, 29), (17, 30), (23, 50)]
    static func at(_ t: (Int, Int)) -> Date { WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: t.0, minute: t.1) }

    /// The phrases listed after `marker` up to the end of the line (or a box's side, or a
    /// sentence's full stop): "e.g. besok jam 9, 19:00, +2h" → ["besok jam 9", "19:00", "+2h"].
    static func offered(in line: String, after marker: String) -> [String] {
        guard let r = line.range(of: marker) else { return [] }
        var rest = String(line[r.upperBound...])
        if let side = rest.firstIndex(of: "│") { rest = String(rest[..<side]) }
        rest = rest.trimmingCharacters(in: .whitespaces)
        if rest.hasSuffix(".") { rest.removeLast() }
        return rest.components(separatedBy: ", ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func takes(_ phrase: String, at time: Date) -> Bool {
        if case .success = CallbackTime.parse(phrase, now: time) { true } else { false }
    }

    // MARK: item 8: the call form offers only times it takes

    @Test(arguments: times) func everyCallbackExampleTheDeskShowsIsOneItTakesThen(_ t: (Int, Int)) {
        let time = Self.at(t)
        for language in [Language.en, .id] {
            let h = DeskHarness(events: smallQueue(), width: 100, height: 40, language: language, at: time)
            let eg = language == .id ? "mis. " : "e.g. ", optional = language == .id ? "opsional: " : "optional: "
            // Call back (6): the hint under the empty time field.
            h.type(.down, .enter, .char("c"), .char("6"), .tab)
            guard let row = h.rowIndex(containing: eg) else { Issue.record("no example shown at \(t)\n\(h.text)"); continue }
            let callBack = Self.offered(in: h.row(row), after: eg)
            #expect(callBack.count >= 2, "\(t) \(h.row(row))")
            // No answer (2): the retry hint.
            h.type(.backTab, .char("2"), .tab)
            guard let retryRow = h.rowIndex(containing: optional) else { Issue.record("no retry example at \(t)\n\(h.text)"); continue }
            let retry = Self.offered(in: h.row(retryRow), after: optional)
            #expect(retry.count >= 2, "\(t) \(h.row(retryRow))")
            // The refusals' examples: nothing typed, then something unreadable.
            h.type(.backTab, .char("6"), .tab, .tab, .enter)
            let empty = Self.error(h)
            h.type(text: "kapan saja")
            h.type(.enter)
            let unreadable = Self.error(h)
            #expect(empty.contains(eg) && unreadable.contains(language == .id ? "coba " : "try "), "\(empty) / \(unreadable)")
            let refused = Self.offered(in: empty, after: eg) + Self.offered(in: unreadable, after: language == .id ? "coba " : "try ")
            // F1's call-form section.
            h.type(.function(1))
            let help = h.screen.filter { $0.contains("): " + eg) || $0.contains("): " + optional) }
            #expect(help.count == 2, "\(t)\n\(h.text)")
            let inHelp = help.flatMap { Self.offered(in: $0, after: $0.contains(optional) ? optional : eg) }
            for phrase in callBack + retry + refused + inHelp {
                #expect(Self.takes(phrase, at: time), "\(phrase) is offered at \(t) but refused")
            }
            #expect(!(callBack + retry + refused + inHelp).isEmpty)
        }
    }

    static func error(_ h: DeskHarness) -> String {
        guard case .caseFile(let s) = h.loop.app.top, let e = s.form?.error else { return "" }
        return Localization.$language.withValue(h.loop.app.context.language) { e.text }
    }

    @Test(arguments: times) func theDomainsExamplesParseAndAreAhead(_ t: (Int, Int)) {
        let time = Self.at(t)
        let all = CallbackTime.fieldExamples(retry: true, now: time) + CallbackTime.fieldExamples(retry: false, now: time)
            + CallbackTime.examples(CallbackTime.Example.allCases, now: time)
        for phrase in all {
            guard case .success(let d) = CallbackTime.parse(phrase, now: time) else { Issue.record("\(phrase) at \(t)"); continue }
            #expect(d > time)
        }
        // Every refusal says at least two ways that work, at any hour.
        for e in [CallbackError.empty, .past, .unreadable("x")] {
            #expect(e.text(now: time).contains("besok jam 9") && e.text(now: time).contains("+2h"))
        }
        // At 17:30 the phrases of the day that has gone are not offered; a time ahead is.
        if t == (17, 30) {
            #expect(!all.contains("nanti sore") && !all.contains("15:30"), "\(all)")
            #expect(all.contains("19:00") && all.contains("nanti malam"), "\(all)")
        }
    }

    // MARK: item 6: the pager is given text whole, never pre-cut

    @Test(arguments: [Language.en, .id]) func theReviewReadInFullListsEveryEmptyDay(_ language: Language) {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 80, height: 24, team: leadTeam, language: language)
        h.type(.enter, .char("v"))
        guard case .pager(let pager) = h.loop.app.top else { Issue.record("no pager\n\(h.text)"); return }
        let whole = pager.entries.map(\.text).joined(separator: "\n")
        // Walked 28/06 to 05/07, someone met on 29/06 only: seven days empty, each named.
        for d in ["28/06", "30/06", "01/07", "02/07", "03/07", "04/07", "05/07"] {
            #expect(whole.contains(d), "\(d)\n\(whole)")
        }
        #expect(whole.contains(language == .id ? "7 hari kosong: 28/06, 30/06" : "7 days empty: 28/06, 30/06"), "\(whole)")
        // Nothing the pager was given ends cut.
        for e in pager.entries { #expect(!e.text.hasSuffix("…") && !e.text.contains("…)"), "\(e.text)") }
    }

    // MARK: items 6/10: the follow-up contact shows a NIK whole, and its pager every line

    /// C-OLD filed with Sari Wulandari (sex not known, a phone, a NIK), approved.
    static func sariUnderFollowUp() -> [Event] {
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-3600)
        let d = e.interview("C-OLD", "Siti Rahmawati", result: "2021-07-01", specimen: "2021-06-30", contact: "Sari Wulandari") { d in
            d.contacts[0].criterion = "same_household"
            d.contacts[0].phone = "081255501201"
            d.contacts[0].nik = "3171234567890123"
            d.contacts[0].relationship = "household"
        }
        e.file(d)
        e.add(.reviewApproved(ReviewDecision(caseId: "C-OLD")), by: "lead-01")
        return e.list
    }

    @Test(arguments: [Language.id, .en]) func aContactsNIKIsWholeAt80AndThePagerHoldsEveryLineShown(_ language: Language) throws {
        let h = DeskHarness(events: Self.sariUnderFollowUp(), tracer: "tracer-01", width: 80, height: 24, team: leadTeam, language: language)
        h.type(.char("f"))
        _ = try #require(h.rowIndex(containing: "Sari Wulandari"), "\(h.text)")
        h.type(.enter)
        #expect(h.text.contains("NIK 3171234567890123"), "\(h.text)")
        #expect(h.text.contains("0812-5550-1201"), "\(h.text)")
        let shown = h.screen[1..<21].map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        h.type(.enter)
        guard case .pager(let pager) = h.loop.app.top else { Issue.record("no pager\n\(h.text)"); return }
        let whole = pager.entries.map(\.text)
        for row in shown {
            let part = row.hasSuffix("…") ? String(row.dropLast()) : row
            #expect(whole.contains { $0.contains(part) }, "the pager leaves out \(row)\n\(whole.joined(separator: "\n"))")
        }
        #expect(whole.contains { $0.contains("Sari Wulandari (") && $0.contains("NIK 3171234567890123") }, "\(whole)")
    }

    // MARK: item 7: a list writes a day of this year without its year

    @Test(arguments: [Language.en, .id]) func theCasesContactListWritesTheListDate(_ language: Language) throws {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "tracer-01", width: 80, height: 24, team: leadTeam, language: language)
        h.type(.char("s"), .char("/")); h.type(text: "C-OLD"); h.type(.enter, .enter)
        let row = h.row(try #require(h.rowIndex(containing: "Ahmad Fauzi"), "\(h.text)"))
        #expect(row.contains(language == .id ? "sampai 13/07" : "until 13/07"), "\(row)")
        #expect(!row.contains("13/07/2021") && !row.contains("…"), "\(row)")
        // The case read in full lists them alike.
        h.type(.enter)
        guard case .pager(let pager) = h.loop.app.top else { Issue.record("no pager\n\(h.text)"); return }
        let contact = try #require(pager.entries.first { $0.text.hasPrefix("Ahmad Fauzi") })
        #expect(contact.text.hasSuffix(" 13/07"), "\(contact.text)")
    }

    // MARK: item 11: one standing for a case assigned and not yet opened

    static func assignedToTracer02() -> [Event] {
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-600)
        e.add(.caseAssigned(CaseAssignment(caseId: "C-NEW", tracer: "tracer-02")), by: "lead-01")
        return e.list
    }

    @Test(arguments: [Language.en, .id]) func aCaseAssignedAndNotOpenedReadsAlikeEverywhere(_ language: Language) throws {
        let events = Self.assignedToTracer02()
        let desk = Desk(replaying: events, team: leadTeam)
        let file = try #require(desk["C-NEW"])
        #expect(file.standing(for: "tracer-01") == .assigned(to: "tracer-02"))
        #expect(file.standing(for: nil) == .assigned(to: "tracer-02"))   // `cases` with no tracer named
        #expect(file.standing(for: "tracer-02") == .assignedToYou)
        #expect(desk["C-TAKEN"]?.standing(for: "tracer-01") == .heldBy("tracer-02", .inProgress))
        let assigned = language == .id ? "ditugaskan" : "assigned"
        let assignedTo = language == .id ? "ditugaskan ke tracer-02" : "assigned to tracer-02"

        // Someone else's view: the queue, the case screen's title and its Status row agree.
        let h = DeskHarness(events: events, tracer: "tracer-01", width: 100, height: 30, team: leadTeam, language: language)
        let row = h.row(try #require(h.rowIndex(containing: "C-NEW"), "\(h.text)"))
        #expect(row.contains(" \(assigned) "), "\(row)")
        #expect(!row.contains(language == .id ? "diambil" : "taken"), "\(row)")
        // The one another tracer works still reads as taken.
        #expect(h.row(try #require(h.rowIndex(containing: "C-TAKEN"))).contains(language == .id ? "diambil" : "taken"))
        Self.select(h, "C-NEW")
        h.type(.char("v"))
        #expect(h.row(0).contains(assignedTo), "\(h.row(0))")
        let status = try #require(h.screen.first { $0.contains(language == .id ? "Status" : "Status") && $0.contains(assignedTo) }, "\(h.text)")
        #expect(!status.contains(language == .id ? "menunggu" : "waiting"))
        #expect(h.text.contains(language == .id ? "Ditugaskan ke" : "Assigned to"), "\(h.text)")
        #expect(!h.text.contains(language == .id ? "Diambil oleh" : "Claimed by"), "\(h.text)")

        // The assignee's own queue keeps "yours"; the case screen says it is assigned to them.
        let mine = DeskHarness(events: events, tracer: "tracer-02", width: 100, height: 30, team: leadTeam, language: language)
        let myRow = mine.row(try #require(mine.rowIndex(containing: "C-NEW"), "\(mine.text)"))
        #expect(myRow.contains(language == .id ? "milikmu" : "yours"), "\(myRow)")
        Self.select(mine, "C-NEW")
        mine.type(.enter)
        #expect(mine.row(0).contains(language == .id ? "ditugaskan kepadamu" : "assigned to you"), "\(mine.row(0))")
    }

    /// Moves the queue's cursor to the row of `id`.
    static func select(_ h: DeskHarness, _ id: String) {
        for _ in 0..<20 {
            guard case .queue(let q) = h.loop.app.top else { return }
            if q.selectedCase(h.loop.app.context)?.id == id { return }
            h.type(.down)
        }
    }

    // MARK: a text entry with focus: the hint bar shows its keys, never letters

    @Test(arguments: [Language.en, .id]) func whileTheReturnNoteIsTypedTheHintBarShowsTheNotesKeys(_ language: Language) {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 80, height: 24, team: leadTeam, language: language)
        h.type(.enter)
        let before = h.screen.suffix(2).joined(separator: "\n")
        #expect(before.contains(language == .id ? "setujui" : "approve"), "\(before)")
        h.type(.char("r"))
        let bar = h.screen.suffix(2).joined(separator: "\n")
        #expect(bar.contains(language == .id ? "kirim" : "send") && bar.contains(language == .id ? "batal" : "cancel"), "\(bar)")
        for gone in language == .id ? ["setujui", "kembalikan", "baca utuh"] : ["approve", "return", "read all"] {
            #expect(!bar.contains(gone), "\(gone) offered while a note is typed:\n\(bar)")
        }
        // The letters go into the note; Enter sends it.
        h.type(text: "avr")
        #expect(h.text.contains("avr"), "\(h.text)")
        h.type(.enter)
        #expect(h.loop.app.context.desk["C-OLD"]?.status == .returned)
    }

    /// The kind: in every context where a text entry has focus, no hint is a letter, even
    /// one a keys file binds there; and every screen with a focused entry says it.
    @Test func noContextThatTakesTextOffersALetter() {
        var keymap = Keymap.defaults
        #expect(keymap.apply("bind note x back\nbind call z help\n", file: "keys").isEmpty)
        for context in Context.allCases where context.takesText {
            for hint in keymap.hintEntries(in: context) {
                #expect(hint.key.count > 1 || !hint.key.first!.isLetter, "\(context): \(hint.key) \(hint.text)")
            }
        }
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 100, height: 30, team: leadTeam)
        h.type(.enter, .char("r"))
        #expect(h.loop.app.top.screen.keyContext(h.loop.app.context).takesText)
        let q = DeskHarness(events: smallQueue())
        q.type(.char("/"))
        #expect(q.loop.app.top.screen.keyContext(q.loop.app.context).takesText)
        q.type(.escape, .down, .enter, .char("c"))
        #expect(q.loop.app.top.screen.keyContext(q.loop.app.context).takesText)
    }

    // MARK: item 9: one word for each thing, and no journal codes, in Indonesian

    @Test func indonesianSaysMejaTheLeadsTermAndNoEventCode() {
        let codes = ["case.imported", "import.committed", "import.abandoned", "case.claimed", "call.logged", "case.referred",
                     "interview.saved", "interview.filed", "case.assigned", "review.approved", "review.returned", "case.corrected",
                     "followup.called", "followup.assigned", "contact.converted", "person.linked", "person.unlinked"]
        for key in Catalog.indonesianKeys {
            let text = (Catalog.translation(of: key) ?? "").replacingOccurrences(of: "tracedesk", with: "")
                .replacingOccurrences(of: "TRACEDESK", with: "")
            let words = text.split { !$0.isLetter && $0 != "_" }.map(String.init)
            #expect(!words.contains { $0.lowercased() == "desk" }, "\(key) → \(text)")
            #expect(!words.contains("PJ"), "\(key) → \(text)")
            for code in codes { #expect(!text.contains(code), "\(key) → \(text)") }
        }
    }

    @Test func checkWordsAnEventsKindThroughTheCatalogue() {
        // As the desk notes a refused event: its kind and who wrote it.
        let refused = Anomaly("\("case.assigned") by \("lead-01") ignored", because: Localizable("\("lead-01") is not in the team"))
        let reuse = Anomaly("\("call.logged") reuses the id \("0001") of an earlier event; ignored")
        Localization.$language.withValue(.id) {
            #expect(refused.text.hasPrefix("penugasan kasus oleh lead-01 diabaikan"), "\(refused.text)")
            #expect(reuse.text.hasPrefix("catatan telepon memakai ulang id 0001"), "\(reuse.text)")
        }
        Localization.$language.withValue(.en) {
            #expect(refused.text.hasPrefix("case assignment by lead-01 ignored"), "\(refused.text)")
        }
        // An argument that is not an event's kind is left as it is.
        #expect(EventKindWords.of("lead-01") == nil)
    }

    @Test func nothingToRecordOnAPastDayDoesNotSayToday() {
        Localization.$language.withValue(.id) {
            let asked = L(" Day has \(1) place(s), \(0) person(s): clear, nothing to record? y = yes")
            #expect(!asked.contains("Hari ini") && asked.contains("Tanggal ini ada 1 tempat, 0 orang"), "\(asked)")
        }
    }
}
