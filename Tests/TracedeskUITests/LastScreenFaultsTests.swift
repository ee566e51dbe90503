import Foundation
import Testing
@testable import TracedeskCore
import TracedeskJournal
@testable import TracedeskUI

/// A desk on a real journal (its drafts in the draft store beside it), for what a restart
/// must show as the desk that wrote it did.
final class JournalDesk {
    let dir: String, path: String
    let terminal: MemoryTerminal
    let loop: DeskLoop

    init(_ events: [Event]) throws {
        dir = NSTemporaryDirectory() + "tracedesk-live-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = dir + "/j.jsonl"
        try FileJournal(path: path).transact { _ in events }
        (terminal, loop) = try JournalDesk.open(path)
    }

    /// As the desk opens: the log replayed, then the draft store's cases noted.
    static func open(_ path: String) throws -> (MemoryTerminal, DeskLoop) {
        let journal = try FileJournal(path: path)
        let terminal = MemoryTerminal(width: 100, height: 30)
        let app = DeskApp(desk: try journal.replay(), tracer: "tracer-01", settings: DeskSettings(), now: now,
                          size: terminal.size, keymap: .defaults, language: .en)
        let loop = DeskLoop(terminal: terminal, store: journal, app: app, clock: { now })
        loop.step()
        return (terminal, loop)
    }

    func type(_ keys: Key...) { for k in keys { terminal.type(k) }; loop.drain() }
    func type(text: String) { terminal.type(text: text); loop.drain() }
    /// The same journal opened afresh, as the next start does.
    func restarted() throws -> MemoryTerminal { try JournalDesk.open(path).0 }
    deinit { try? FileManager.default.removeItem(atPath: dir) }
}

/// Issue 15's last screen faults (items 7 and 8, and what was seen beside them).
@Suite struct LastScreenFaultsTests {
    // MARK: dates one way (item 7)

    @Test func aDayInAListCarriesItsYearOnlyWhenItIsAnotherYears() {
        let today = Day(parsing: "2026-11-30")!
        #expect(DateText.listed(Day(parsing: "2026-11-27")!, today: today) == "27/11")
        #expect(DateText.listed(Day(parsing: "2025-12-30")!, today: today) == "30/12/2025")
        #expect(DateText.drafted("2026-11-27") == "27/11/2026")
        #expect(DateText.drafted("27/11/2026") == "27/11/2026")
        #expect(DateText.drafted("kemarin dulu") == "kemarin dulu")
    }

    /// The lead's history showed the line list's dates as prefilled ("2026-11-27"), and a
    /// tracer retyping the same day day-first read as a change.
    @Test func theLineListsDatesArePrefilledAsTheDeskWritesThemAndTheHistorySaysOneForm() {
        var r = rec("C-1", "Ani", result: "2021-07-04")
        r.onsetDate = Day(parsing: "2021-07-02"); r.specimenDate = Day(parsing: "2021-07-03")
        let d = InterviewDraft(for: r, rules: .indonesia2021)
        #expect(d.onset == "02/07/2021" && d.specimen == "03/07/2021")
        // A draft from an older build holds ISO; the same day typed day first is no change.
        var old = d; old.onset = "2021-07-02"; old.specimen = "2021-07-03"
        var typed = old; typed.onset = "02/07/2021"; typed.specimen = "01/07/2021"
        _ = typed.addContact(named: "Budi", on: nil)
        var dated = typed; dated.contacts[0].lastExposure = "2021-07-01"
        var retyped = dated; retyped.contacts[0].lastExposure = "01/07/2021"
        #expect(InterviewChanges.differences(from: old, to: typed) == ["specimen date: \"03/07/2021\" → \"01/07/2021\"", "contact added: \"Budi\""])
        #expect(InterviewChanges.differences(from: dated, to: retyped).isEmpty)
        let changes = Localization.$language.withValue(.id) { InterviewChanges.differences(from: typed, to: dated) }
        #expect(changes.count == 1 && changes[0].contains("\"01/07/2021\"") && !changes[0].contains("2021-07-01"), "\(changes)")
    }

    /// The interview's contact list wrote 04/07/2021 where every other list writes 04/07.
    @Test(arguments: [Language.en, .id]) func theInterviewsContactListWritesDaysAsTheOtherListsDo(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), width: 80, height: 24, language: language)
        h.type(.down, .enter, .char("i"))
        InterviewScreenTests().throughSymptoms(h)
        h.type(.tab, .tab); h.type(text: "Budi Santoso"); h.type(.enter)       // met on 4 July
        h.type(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown)          // to the contacts
        h.type(.enter)
        for _ in 0..<10 { h.type(.tab) }
        h.type(.right)                                                         // face to face
        h.type(.escape)
        guard let row = h.rowIndex(containing: "Budi Santoso") else { Issue.record("\(h.text)"); return }
        #expect(h.row(row).contains("04/07") && h.row(row).contains("18/07"), "\(h.text)")
        #expect(!h.row(row).contains("/2021"), "\(h.text)")
    }

    @Test func aQueuesResultDateIsWrittenByTheOneDateWriter() {
        let h = DeskHarness(events: smallQueue(), width: 100, height: 30)
        guard let row = h.rowIndex(containing: "C-OLD") else { Issue.record("\(h.text)"); return }
        #expect(h.row(row).contains(" \(DateText.short(Day(parsing: "2021-07-01")!)) "))
    }

    // MARK: help says what the call form's time field takes (item 8)

    @Test(arguments: [Language.en, .id]) func helpOverTheCallFormSaysTheTimePhrasesFromTheFormsLegend(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), width: 100, height: 40, language: language)
        h.type(.down, .enter, .char("c"), .function(1))
        let lines = Localization.$language.withValue(language) { CallForm.helpLines(now: now, clock: .wib) }
        for line in lines { #expect(h.text.contains(line), "\(line)\n\(h.text)") }
        #expect(h.text.contains(language == .id ? "nanti = hari ini" : "nanti = today"))
        #expect(h.text.contains(language == .id ? "Coba lagi (tidak diangkat, sibuk): opsional: nanti sore" : "Try again (no answer, busy): optional: nanti sore"))
        // The form's own legend is the same words: shown under the time field as it is typed in.
        h.type(.escape, .char("3"), .tab, .tab)
        let legend = Localization.$language.withValue(language) { CallForm.partsOfDay }
        #expect(h.text.contains(legend), "\(h.text)")
    }

    // MARK: seen beside

    @Test(arguments: [Language.en, .id]) func aCaseWithoutAnOnsetDateIsNotRecordedNotAsymptomatic(_ language: Language) {
        let h = DeskHarness(events: smallQueue(), width: 100, height: 30, language: language)
        h.type(.down, .enter)
        #expect(h.text.contains(language == .id ? "tidak dicatat" : "not recorded"), "\(h.text)")
        #expect(!h.text.contains(language == .id ? "tanpa gejala" : "asymptomatic"), "\(h.text)")
    }

    @Test func aCaseIsAsymptomaticWhereItsInterviewSaysSo() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "tracer-01", width: 120, height: 30, team: leadTeam)
        h.type(.char("s"), .char("/")); h.type(text: "C-OLD"); h.type(.enter, .enter)
        #expect(h.text.contains("none (asymptomatic)"), "\(h.text)")
        var file = CaseFile(record: rec("C-2", "Ani", result: "2021-07-04"), importedAt: now)
        #expect(file.onsetKnown == .notRecorded)
        file.record.onsetDate = Day(parsing: "2021-07-01")
        #expect(file.onsetKnown == .day(Day(parsing: "2021-07-01")!))
    }

    @Test func theTracerPickerOffersATracerAddedToTheTeamFileWhileTheDeskIsOpen() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 120, height: 30, team: leadTeam)
        var grown = leadTeam
        grown.members.append(TeamMember(id: "tracer-09", name: "Rina", role: .tracer))
        var looks = 0
        h.loop.teamSource = { looks += 1; return looks == 1 ? grown : nil }
        h.type(.char("b"), .char("u"))
        #expect(looks == 0)                                  // only as the picker opens
        h.type(.char(" "), .char("a"))
        #expect(looks == 1)
        #expect(h.text.contains("tracer-09 · Rina"), "\(h.text)")
        h.type(.down, .down, .enter)
        let assigned = h.store.events.compactMap { e -> CaseAssignment? in if case .caseAssigned(let a) = e.body { a } else { nil } }
        #expect(assigned.map(\.tracer) == ["tracer-09"], "\(h.text)")
    }

    /// The desk's own draft left "interview started" in the history, and the draft store made
    /// it again when the case was read in full.
    @Test func anInterviewStartedOnThisDeskIsSaidOnceInTheHistory() throws {
        let d = try JournalDesk(smallQueue())
        d.type(.enter, .char("i"), .tab)                      // C-CB, its callback due
        d.type(text: "x")
        d.type(.escape)
        #expect(d.terminal.screenText.components(separatedBy: "interview started").count == 2, "\(d.terminal.screenText)")
    }

    /// Live, a draft made C-CB "in progress" and dropped its callback; a restart showed the
    /// callback. A draft changes neither: the calls decide (one rule, `holdDraft`).
    @Test func theQueueAfterAnInterviewIsTheSameLiveAndAfterARestart() throws {
        let d = try JournalDesk(smallQueue())
        d.type(.enter, .char("i"), .tab)
        d.type(text: "Dewi L.")
        d.type(.escape, .escape)
        let live = d.terminal.screen, fresh = try d.restarted().screen
        // Every row but the message line (which says what the moment says).
        #expect(Array(live[0..<28]) == Array(fresh[0..<28]), "\(live.joined(separator: "\n"))\n\(fresh.joined(separator: "\n"))")
        #expect(live[3].contains("C-CB") && live[3].contains("call back") && live[3].contains("09:50"), "\(d.terminal.screenText)")
    }

    @Test func enterOnTheReviewGoesToTheFirstErrorBeforeAnyWarning() {
        let t = InterviewScreenTests()
        let h = t.start(80, 24)
        t.throughSymptoms(h)                                    // five days, none walked: warnings
        h.type(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown)
        h.type(.char("a")); h.type(text: "Rudi"); h.type(.tab); h.type(text: "0812")
        h.type(.escape, .function(10))
        #expect(h.row(1).contains("5 Review"))
        guard let first = h.rowIndex(containing: "✗") else { Issue.record("\(h.text)"); return }
        #expect(!h.screen[..<first].contains { $0.contains("not walked yet") }, "\(h.text)")
        h.type(.enter)
        #expect(h.row(1).contains("4 Contacts"), "\(h.text)")
        #expect(h.text.contains("Contact K1"), "\(h.text)")
    }
}
