import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// A fresh tester's findings on issues 15–17, on the in-memory terminal.
@Suite struct FreshCloneTests {
    /// C-OLD filed (awaiting review) naming Sari Dewi with her NIK; C-NEW's interview in
    /// progress at the contacts, naming her again with the same NIK.
    static func sariNamedTwice() -> [Event] {
        var e = Events()
        e.list = smallQueue()
        e.t = now.addingTimeInterval(-3600)
        let d = e.interview("C-OLD", "Siti Rahmawati", result: "2021-07-01", specimen: "2021-06-30", contact: "Sari Dewi") { d in
            d.contacts[0].criterion = "same_household"
            d.contacts[0].nik = "3171015505900011"
        }
        e.file(d)
        e.t = now.addingTimeInterval(-600)
        e.interview("C-NEW", "Nur Hidayat", result: "2021-07-04", specimen: "2021-07-03", contact: "Sari Dewi", met: "2021-07-03") { n in
            n.contacts[0].nik = "3171015505900011"
            n.step = .contacts
        }
        return e.list
    }

    /// Item 5: after a restart the queue shows, the case marked, the way back said; habit keys
    /// typed at once (j j j Enter i) reach no patient's field.
    @Test func aRestartShowsTheQueueWithTheInterviewMarkedNotTheInterview() throws {
        let h = DeskHarness(events: Self.sariNamedTwice(), tracer: "tracer-01", width: 100, height: 30, team: leadTeam)
        #expect(h.text.contains("Interview C-NEW saved — press i to continue."), "\(h.text)")
        #expect(h.row(0).contains("waiting"), "the queue is on screen: \(h.row(0))")
        #expect(h.loop.app.stack.count == 1)
        let selected = h.screen.first { $0.contains("C-NEW") }
        #expect(selected != nil)
        if case .queue(let q) = h.loop.app.top { #expect(q.selectedCase(h.loop.app.context)?.id == "C-NEW") }
        // i takes the tracer back in, at the contacts.
        h.type(.char("i"))
        #expect(h.text.contains("Resumed your interview with Nur Hidayat"), "\(h.text)")
        #expect(h.text.contains("Sari Dewi"))

        let habit = DeskHarness(events: Self.sariNamedTwice(), tracer: "tracer-01", width: 100, height: 30, team: leadTeam)
        habit.type(.char("j"), .char("j"), .char("j"), .enter, .char("i"))
        let drafts = habit.store.events.compactMap { e -> InterviewDraft? in if case .interviewSaved(let d) = e.body { d } else { nil } }
        #expect(!drafts.contains { $0.contacts.contains { $0.name.hasSuffix("i") && $0.name != "Sari Dewi" } })
        #expect(drafts.last { $0.caseId == "C-NEW" }?.contacts.first?.name == "Sari Dewi")
    }

    /// In Indonesian, as the tester read it.
    @Test func theRestartMessageInIndonesian() {
        let h = DeskHarness(events: Self.sariNamedTwice(), tracer: "tracer-01", width: 100, height: 30, team: leadTeam, language: .id)
        #expect(h.text.contains("Wawancara C-NEW tersimpan — tekan i untuk melanjutkan."), "\(h.text)")
    }

    /// Item 2: a contact filed and awaiting review is offered as the same person at entry.
    @Test func aContactAwaitingReviewIsOfferedAsTheSamePerson() throws {
        let h = DeskHarness(events: Self.sariNamedTwice(), tracer: "tracer-01", width: 120, height: 30, team: leadTeam)
        h.type(.char("i"))
        h.type(.enter, .escape)
        #expect(h.text.contains("Sari Dewi (this interview) may be"), "\(h.text)")
        let row = try #require(h.rowIndex(containing: "C-OLD"), "\(h.text)")
        #expect(h.text.contains("why: same NIK"), "\(h.screen[row...])")
        h.type(.char("l"))
        #expect(h.text.contains("Saved: linked, one person."), "\(h.text)")
        let links = try h.store.readAll().compactMap { e -> PersonLink? in if case .personLinked(let l) = e.body { l } else { nil } }
        #expect(links.map(\.toContact) == ["C-OLD-K1"])
    }

    /// Item 7: the lead's list opens with everyone's; the first m shows theirs, the next everyone's.
    @Test func theFollowUpScopeTogglesOnTheFirstPress() {
        let lead = DeskHarness(events: queueWithApprovedInterview(), tracer: "lead-01", width: 100, team: leadTeam, language: .id)
        lead.type(.escape, .char("f"))
        #expect(lead.text.contains("semua orang"), "\(lead.text)")
        lead.type(.char("m"))
        #expect(lead.text.contains("milikmu"), "\(lead.text)")
        #expect(lead.text.contains("Menampilkan pemantauan Anda."))
        lead.type(.char("m"))
        #expect(lead.text.contains("semua orang"), "\(lead.text)")
        // A tracer's list opens with theirs: the first m shows everyone's.
        let tracer = DeskHarness(events: queueWithApprovedInterview(), tracer: "tracer-01", width: 100, team: leadTeam, language: .id)
        tracer.type(.char("f"))
        #expect(tracer.text.contains("milikmu"), "\(tracer.text)")
        tracer.type(.char("m"))
        #expect(tracer.text.contains("semua orang"), "\(tracer.text)")
    }

    /// Item 4: the case's pager holds the record's fields whole, and has help.
    @Test func theCasePagerHoldsTheRecordWholeAndHasHelp() throws {
        var e = Events()
        var r = rec("C-LONG", "Rina Wulandari Kusumaningrum Prawirodirdjo", result: "2021-07-04")
        r.address = "Jl. Melati 1\nGang Mawar No. 17 belakang masjid Al-Ikhlas"
        e.imports([r])
        let h = DeskHarness(events: e.list, tracer: "tracer-01", width: 80, height: 24, language: .id)
        h.type(.enter)
        #expect(h.row(0).contains("C-LONG"))
        #expect(!h.text.contains("Prawirodirdjo"), "cut at 80 columns: the test needs a cut")
        h.type(.enter)
        #expect(h.text.contains("Data kasus"), "\(h.text)")
        #expect(h.text.contains("Rina Wulandari Kusumaningrum Prawirodirdjo"), "\(h.text)")
        #expect(h.text.contains("belakang masjid Al-Ikhlas"), "\(h.text)")
        // The hint bar offers help, and ? opens it.
        #expect(h.row(23).contains("?"), "\(h.row(23))")
        h.type(.char("?"))
        #expect(h.row(0).contains("Bantuan"), "\(h.row(0))")
        h.type(.escape)
        #expect(h.text.contains("Data kasus"))
    }

    /// Item 4: the lead's review screen reads whole with F5 (and v), before the history is read.
    @Test func theReviewReadsWholeWithF5() throws {
        let lead = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 80, height: 24, team: leadTeam)
        lead.type(.enter)
        #expect(lead.row(0).contains("Review · C-OLD"), "\(lead.row(0))")
        lead.type(.function(5))
        #expect(lead.row(0).contains("in full"), "\(lead.text)")
        #expect(lead.text.contains("Filed by tracer-01"), "\(lead.text)")
        #expect(lead.text.contains("1 contact (1 close)"), "\(lead.text)")
    }

    /// Item 10: the correction form shows a phone as every screen does.
    @Test func theCorrectionFormShowsThePhoneAsTheCaseScreenDoes() {
        var e = Events()
        var r = rec("C-P", "Budi", result: "2021-07-04")
        r.phones = ["+6281311110002"]
        e.imports([r])
        let lead = DeskHarness(events: e.list, tracer: "lead-01", width: 100, height: 30, team: leadTeam)
        lead.type(.escape, .char("v"))
        #expect(lead.text.contains("0813-1111-0002"))
        lead.type(.char("e"))
        #expect(lead.text.contains("Correct the record of C-P"), "\(lead.text)")
        #expect(lead.text.contains("0813-1111-0002"), "\(lead.text)")
        #expect(!lead.text.contains("+6281311110002"), "\(lead.text)")
    }

    /// The sex row says its letters in the desk's language (an English form once asked for L/P
    /// beside M/F everywhere else) and takes either; an untouched row is no change.
    @Test func theCorrectionFormsSexRowIsInTheDesksLanguage() throws {
        for (language, label, letter) in [(Language.en, "Sex (M/F)", "F"), (.id, "Jenis kelamin (L/P)", "P")] {
            var e = Events()
            var r = rec("C-S", "Sari", result: "2021-07-04")
            r.sex = .female
            e.imports([r])
            let lead = DeskHarness(events: e.list, tracer: "lead-01", width: 100, height: 30, team: leadTeam, language: language)
            lead.type(.escape, .char("v"), .char("e"))
            let row = try #require(lead.rowIndex(containing: label), "\(language): \(lead.text)")
            let field = (lead.row(row).components(separatedBy: label).last ?? "").trimmingCharacters(in: .whitespaces)
            #expect(field.hasPrefix(letter), "\(language): \(lead.row(row))")
            #expect(!lead.text.contains("Sex (L/P)"), "\(lead.text)")
        }
        #expect(CorrectionForm.display("sex", "P") == "F")
        #expect(Sex(lineListValue: CorrectionCheck.text("sex", "M", today: Day(year: 2021, month: 7, day: 10)!)) == .male)
    }

    /// Item 8: the team board's figures are right-aligned under right-aligned headings.
    @Test func theTeamBoardsNumbersAreRightAligned() throws {
        let lead = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: 100, height: 30, team: leadTeam)
        lead.type(.char("b"))
        let header = try #require(lead.rowIndex(containing: "Tracer"), "\(lead.text)")
        let total = try #require(lead.rowIndex(containing: "Team total"), "\(lead.text)")
        // Every figure ends where its heading ends.
        let widths = TeamBoardScreen.widths(100)
        var x = 1 + widths[0] + 1
        for w in widths.dropFirst() {
            let end = x + w - 1
            let head = Array(lead.row(header)), tot = Array(lead.row(total))
            #expect(head[end] != " ", "heading ends at \(end): \(lead.row(header))")
            #expect(tot[end] != " ", "total ends at \(end): \(lead.row(total))")
            x += w + 1
        }
    }
}
