import Foundation
import Testing
@testable import TracedeskCore
@testable import TracedeskUI

/// Issue 15, a fresh screens tester's faults on main at 1148644, each as a kind.
@Suite struct FreshTesterTests {
    func followUpCallOpen(language: Language = .id) -> DeskHarness {
        let h = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", team: leadTeam, language: language)
        h.type(.char("f"), .enter, .char("c"))
        return h
    }

    func followUpCalls(_ h: DeskHarness) throws -> [FollowUpCall] {
        try h.store.readAll().compactMap { e in if case .followUpCalled(let c) = e.body { c } else { nil } }
    }

    /// Item 1: the tester's path, `f`, Enter, `c`, `2`, Tab to the note, a paste from chat.
    @Test func aPasteIntoTheFollowUpCallsNoteIsTakenAsText() throws {
        let h = followUpCallOpen()
        h.type(.char("2"), .tab)
        h.paste(PasteTests.chatNote)
        #expect(!h.text.contains("Tempelan diabaikan"))
        #expect(try followUpCalls(h).isEmpty)            // the line break did not press Enter
        h.type(.enter)
        let call = try #require(try followUpCalls(h).last)
        #expect(call.outcome == .noAnswer)
        #expect(call.note == "Tidak diangkat, coba lagi sore. istri bilang: coba lagi besok")
    }

    /// Item 1, the kind: every text field of the follow-up call takes a paste; its choices
    /// ignore one and say so, never picking by it.
    @Test func everyTextFieldOfTheFollowUpCallTakesAPaste() throws {
        let h = followUpCallOpen(language: .en)
        h.paste("2")                                        // on the outcome: not a pick
        #expect(h.text.contains("Paste ignored"))
        #expect(h.text.contains("1 (•) reached"))
        h.type(.tab)                                        // symptoms
        h.paste("6")
        #expect(h.text.contains("Paste ignored"))
        h.type(.char("6"), .tab)                            // "other", then paste its words
        h.paste("sakit\nkepala")
        h.type(.tab, .right, .tab, .tab)                    // test: entry; method; date
        for _ in 0..<12 { h.type(.backspace) }
        h.paste("04/07/2021\n")
        h.type(.tab, .tab)                                  // result, note
        h.paste("dari\tWhatsApp")
        #expect(!h.text.contains("Paste ignored"))
        h.type(.enter)
        let call = try #require(try followUpCalls(h).last)
        #expect(call.otherSymptom == "sakit kepala")
        #expect(call.test?.date == Day(parsing: "2021-07-04"))
        #expect(call.note == "dari WhatsApp")
    }

    /// Items 1 and 10: help is there in the follow-up call, and the hint bar says so.
    @Test func theFollowUpCallGivesHelpAndItsHintBarNamesIt() {
        for language in [Language.id, .en] {
            let h = followUpCallOpen(language: language)
            let help = language == .id ? "bantuan" : "help"
            #expect(h.row(23).contains("F1"))
            #expect(h.row(23).contains(help))
            h.type(.char("?"))                              // on the outcome, a choice: help
            #expect(h.loop.app.top.isHelp)
            h.type(.escape)
            #expect(h.text.contains(language == .id ? "Telepon pemantauan" : "Follow-up call"))
            h.type(.char("2"), .tab, .char("?"))            // in the note, "?" is text
            #expect(!h.loop.app.top.isHelp)
            h.type(.function(1))
            #expect(h.loop.app.top.isHelp)
            h.type(.escape, .enter)
            #expect(h.loop.app.top.isFollowUp)
        }
    }

    /// Item 2: on the case call's outcome list, typing a word is said and changes nothing.
    @Test func lettersOnTheCallsOutcomeListAreSaidNotMoves() {
        let h = DeskHarness(events: smallQueue(), language: .id)
        h.type(.down, .enter, .char("c"), .char("3"))
        h.type(text: "kakak")
        #expect(h.text.contains("3 (•)"))
        #expect(h.text.contains("Hasil adalah pilihan"))
        h.type(text: "jjj")
        #expect(h.text.contains("3 (•)"))
        h.type(.down)                                       // the arrows still move
        #expect(h.text.contains("4 (•)"))
    }

    /// Item 2, the kind: every choice of the follow-up call says so for a letter that is not a pick.
    @Test func lettersOnTheFollowUpCallsChoicesAreSaidNotMoves() {
        let h = followUpCallOpen(language: .en)
        h.type(text: "jjj")
        #expect(h.text.contains("1 (•) reached"))
        #expect(h.text.contains("The outcome is a choice"))
        h.type(.tab, .char("x"))
        #expect(h.text.contains("The symptoms are a choice"))
        #expect(h.text.contains("none"))
        h.type(.tab, .char("k"))
        #expect(h.text.contains("This is a choice"))
        #expect(h.text.contains("‹no test›"))
        h.type(.char(" "))                                  // Space still changes the choice
        #expect(h.text.contains("‹entry test›"))
        h.type(.tab, .char("j"))
        #expect(h.text.contains("This is a choice"))
        #expect(h.text.contains("‹PCR›"))
    }
}

extension Screen {
    var isHelp: Bool { if case .help = self { true } else { false } }
    var isFollowUp: Bool { if case .followUp = self { true } else { false } }
}

/// Item 6, the minor ones.
@Suite struct FreshTesterMinorTests {
    /// A `dd/mm hh:mm` earlier this year is a time that has passed, not one next year.
    @Test func aPastDayMonthCallbackIsSaidToHavePassed() {
        #expect(CallbackTime.parse("04/07 09:00", now: now) == .failure(.past))
        #expect(CallbackTime.parse("05/07 09:00", now: now) == .failure(.past))
        #expect(CallbackTime.parse("06/07 09:00", now: now) == .success(WallClock.wib.date(day: Day(parsing: "2021-07-06")!, hour: 9, minute: 0)))
        // Typed in late December, early January is next year's.
        let december = WallClock.wib.date(day: Day(parsing: "2021-12-30")!, hour: 10, minute: 0)
        #expect(CallbackTime.parse("03/01 09:00", now: december) == .success(WallClock.wib.date(day: Day(parsing: "2022-01-03")!, hour: 9, minute: 0)))
    }

    /// The review queue's numbers (days walked, contacts) are right-aligned under their headings.
    @Test func theReviewQueuesNumbersAreRightAligned() throws {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: leadTeam, language: .id)
        let header = h.row(2)
        let row = try #require(h.rowIndex(containing: "C-OLD"))
        let line = h.row(row)
        let days = try #require(header.range(of: "Hari"))
        let daysEnd = header.distance(from: header.startIndex, to: days.upperBound)
        let contacts = try #require(header.range(of: "Kontak"))
        let contactsEnd = header.distance(from: header.startIndex, to: contacts.upperBound)
        func char(_ i: Int) -> Character { line[line.index(line.startIndex, offsetBy: i)] }
        // The last digit sits under the heading's last letter; the cell's first column is blank.
        #expect(char(daysEnd - 1).isNumber, "\(header)\n\(line)")
        #expect(char(daysEnd - 4) == " ", "\(header)\n\(line)")
        #expect(char(contactsEnd - 1) == ")", "\(header)\n\(line)")
    }
}

extension FreshTesterMinorTests {
    /// A two-line message over the queue: the count says the rows shown, none is under it.
    @Test func aTwoLineMessageOverTheQueueIsNotCountedAsShownRows() throws {
        let h = DeskHarness(events: DemoQueue.events(now: now, tracer: "tracer-01"), team: DemoQueue.team, language: .id)
        var app = h.loop.app
        app.flash = Flash(String(repeating: "pesan panjang ", count: 8))
        let frame = app.render(Size(width: 80, height: 24))
        let lines = frame.lines
        // Its hint bar takes two rows in Indonesian at 80 (every key with its words): the
        // message is above them, and the list a row shorter again.
        #expect(lines[20].hasPrefix(" pesan panjang"), "\(lines.joined(separator: "\n"))")
        #expect(lines[1].contains("1–17"), "\(lines[1])")
    }
}
