import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 1: a paste is text for the focused field, never keys.
@Suite struct PasteTests {
    static let chatNote = "Tidak diangkat, coba lagi sore.\nistri bilang: coba lagi besok\n"

    @Test func aTwoLinePasteIntoTheCallNoteStaysInTheNote() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"))            // C-OLD, log a call
        h.type(.char("2"), .tab)                     // no answer, to the note
        let before = h.store.events.count
        h.paste(PasteTests.chatNote)
        // Nothing saved, no interview started: the line break did not press Enter, the "i" did
        // not start the interview.
        #expect(h.store.events.count == before)
        #expect(h.text.contains("Log a call attempt"))
        #expect(!h.text.contains("Interview ·"))
        h.type(.enter)
        guard case .callLogged(let a) = h.store.events.last!.body else { Issue.record("no call logged"); return }
        #expect(a.outcome == .noAnswer)
        #expect(a.note == "Tidak diangkat, coba lagi sore. istri bilang: coba lagi besok")
        #expect(!h.store.events.contains { if case .interviewSaved = $0.body { true } else { false } })
    }

    @Test func aPasteWhereNothingTakesTextIsIgnoredAndSaid() {
        let h = DeskHarness(events: smallQueue())
        let selected = h.loop.app.context.desk.cases.count
        h.paste("q\nj\n")                               // on the queue's list: not a quit, not a move
        #expect(!h.loop.app.finished)
        #expect(h.text.contains("Paste ignored: nothing here takes text"))
        #expect(h.loop.app.context.desk.cases.count == selected)
        h.type(.down, .enter, .char("c"))            // the call form, focus on the outcome list
        h.paste("3")
        #expect(h.text.contains("Paste ignored"))
        #expect(h.text.contains("1 (•) reached"))
        // In Indonesian too.
        let id = DeskHarness(events: smallQueue(), language: .id)
        id.paste("x")
        #expect(id.text.contains("Tempelan diabaikan"))
    }

    @Test func aPasteIntoSearchFiltersAsTyped() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("/"))
        h.paste("Siti\n")
        #expect(h.text.contains("C-OLD"))
        #expect(!h.text.contains("C-MID"))
        #expect(h.loop.app.top.isSearching)
    }

    @Test func aPasteIntoAnInterviewFieldIsOneLineAndJournaledThere() {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("i"), .ctrl("u"))
        h.paste("Siti\r\nRahmawati\tbinti Ahmad\u{1b}[31m")
        h.type(.tab)
        let saved = h.store.events.compactMap { e -> InterviewDraft? in
            if case .interviewSaved(let d) = e.body { d } else { nil }
        }.last
        #expect(saved?.confirmedName == "Siti Rahmawati binti Ahmad[31m")
        #expect(h.text.contains("Siti Rahmawati binti Ahmad[31m"))
    }

    /// Issue 18 (schema 5): the call note holds what the server takes of a note (`EventLimit.note`),
    /// no more: a longer paste is cut at the limit, the desk says so, and the note saved is one
    /// the server takes.
    @Test func aPasteLongerThanTheNoteLimitIsCutAtItAndSaid() {
        let limit = EventLimit.note.value
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"), .char("2"), .tab)
        h.paste(String(repeating: "a", count: limit + 50))
        #expect(h.text.contains("50 characters left out: the field holds at most \(limit)."), "\(h.text)")
        h.type(.enter)
        guard case .callLogged(let a) = h.store.events.last!.body else { Issue.record("no call logged"); return }
        #expect(a.note?.unicodeScalars.count == limit)
        let id = DeskHarness(events: smallQueue(), language: .id)
        id.type(.down, .enter, .char("c"), .tab)
        id.paste(String(repeating: "a", count: limit + 1))
        #expect(id.text.contains("1 karakter tidak dimasukkan: kolom ini paling banyak \(limit) karakter"), "\(id.text)")
    }

    /// Typing, not pasting, into a full field: the key is not taken and the desk says why (it
    /// once stopped without a word, like a stuck keyboard); the note saved is whole to the limit.
    @Test func typingIntoAFullFieldIsSaid() {
        let limit = EventLimit.note.value
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("c"), .char("2"), .tab)
        h.paste(String(repeating: "a", count: limit))
        #expect(!h.text.contains("The field is full"), "\(h.text)")
        h.type(.char("z"))
        #expect(h.text.contains("The field is full: it holds at most \(limit) characters."), "\(h.text)")
        h.type(.enter)
        guard case .callLogged(let a) = h.store.events.last!.body else { Issue.record("no call logged"); return }
        #expect(a.note == String(repeating: "a", count: limit))
        let id = DeskHarness(events: smallQueue(), language: .id)
        id.type(.down, .enter, .char("c"), .tab)
        id.paste(String(repeating: "a", count: limit))
        id.type(.char("z"))
        #expect(id.text.contains("Kolom ini sudah penuh: paling banyak \(limit) karakter."), "\(id.text)")
    }

    /// The limit counts as the server does (Unicode scalars): an accent typed apart is two.
    @Test func aFieldsLimitCountsAsTheServerCounts() {
        var f = TextField(maxLength: 3)
        #expect(f.paste("e\u{301}e\u{301}") == 1)
        #expect(f.text.unicodeScalars.count == 2)
        f.handle(.char("x"))
        #expect(f.text.unicodeScalars.count == 3)
        f.handle(.char("y"))
        #expect(f.text.unicodeScalars.count == 3)
    }

    @Test func textFieldPasteCleansLineBreaksTabsAndControls() {
        var f = TextField("ab", maxLength: 10)
        f.handle(.left)
        #expect(f.paste("1\r\n2\t3\u{7}") == 0)
        #expect(f.text == "a1 2 3b")
        #expect(f.cursor == 6)
        #expect(f.paste("xxxxxxxx") == 5)
        #expect(f.text.count == 10)
    }
}

extension Screen {
    var isSearching: Bool { if case .queue(let q) = self { q.searching } else { false } }
}

/// Issue 15, item 4 on the in-memory terminal: a signal right after typing saves the typing first.
@Suite struct SignalTests {
    @Test(arguments: [SIGTERM, SIGHUP, SIGQUIT, SIGINT])
    func textTypedJustBeforeASignalIsSaved(_ signal: Int32) {
        let h = DeskHarness(events: smallQueue())
        h.type(.down, .enter, .char("i"), .ctrl("u"))
        h.terminal.type(text: "Siti R.")
        h.terminal.send(.signal(signal))     // no pause between: no idle save
        h.loop.drain()
        let saved = h.store.events.compactMap { e -> InterviewDraft? in
            if case .interviewSaved(let d) = e.body { d } else { nil }
        }.last
        #expect(saved?.confirmedName == "Siti R.")
        #expect(h.loop.app.finished)
        #expect(h.loop.app.endSignal == signal)
    }

    @Test func quittingWithQIsNotASignal() {
        let h = DeskHarness(events: smallQueue())
        h.type(.char("q"))
        #expect(h.loop.app.finished)
        #expect(h.loop.app.endSignal == nil)
    }
}
