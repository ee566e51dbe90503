import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Issue 15, item 10: at 80×24, in both languages, what matters is whole.
@Suite struct NarrowScreenTests {
    static let longIds = ["JKT-2021-000123", "DKI-210705-0001", "DKI-JAKPUS-2021-0042", "DKI-JAKSEL-2021-0077"]   // 15, 15, 20, 20

    /// Long ids in the queue; one filed interview with the longest id awaits review.
    static func events() -> [Event] {
        var e = Events()
        e.imports(longIds.map { rec($0, "Nurhaliza Siti Rahmawati binti Ahmad", result: "2021-07-02") })
        e.add(.caseClaimed(CaseClaim(caseId: longIds[2])), by: "tracer-01")
        var d = InterviewDraft(for: rec(longIds[2], "Nurhaliza", result: "2021-07-02"), rules: .indonesia2021)
        d.consent = "given"; d.symptomatic = "no"; d.specimen = "2021-06-30"
        e.add(.interviewSaved(d), by: "tracer-01")
        e.add(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), by: "tracer-01")
        return e.list
    }

    func headerRow(_ h: DeskHarness, _ word: String) -> String { h.screen.first { $0.contains(word) } ?? "" }

    @Test(arguments: [Language.en, .id])
    func caseIdsAreNeverCutAndHeadingsAreWhole(_ language: Language) {
        // The tracer's queue.
        let t = DeskHarness(events: Self.events(), language: language)
        for id in Self.longIds where id != Self.longIds[2] { #expect(t.text.contains(id), "\(language) queue:\n\(t.text)") }
        let qh = headerRow(t, language == .en ? "Patient" : "Pasien")
        #expect(!qh.contains("…"), "\(qh)")
        // Numbers are right-aligned: the attempts column ends at the same place as its heading.
        let row = t.screen.first { $0.contains("JKT-2021-000123") } ?? ""
        #expect(row.contains("34h ") || row.contains("82h ") || row.contains("j "), "\(row)")
        // The lead's review queue and assign list.
        let l = DeskHarness(events: Self.events(), tracer: "lead-01", team: leadTeam, language: language)
        #expect(l.text.contains("DKI-JAKPUS-2021-0042"), "\(language) review queue:\n\(l.text)")
        #expect(!headerRow(l, language == .en ? "Waiting" : "Menunggu").contains("…"))
        l.type(.char("b"), .char("u"))
        for id in Self.longIds where id != Self.longIds[2] { #expect(l.text.contains(id), "\(language) assign:\n\(l.text)") }
        #expect(!headerRow(l, language == .en ? "Patient" : "Pasien").contains("…"))
    }

    @Test func numbersAreRightAligned() {
        let h = DeskHarness(events: smallQueue())
        let header = h.row(2)
        let tryEnd = DisplayWidth.of(String(header[..<header.range(of: "Try")!.upperBound]))
        let cbRow = h.row(3)                                                     // C-CB: 1 attempt
        let chars = Array(cbRow)
        #expect(chars[tryEnd - 1] == "1", "\(header)\n\(cbRow)")
    }

    @Test(arguments: ScreenMatrixTests.scenarios, Language.allCases)
    func theHintBarAlwaysKeepsTheWayOutAndHelp(_ s: ScreenMatrixTests.Scenario, _ language: Language) {
        let f = ScreenMatrixTests.frame(s, language, Size(width: 80, height: 24))
        // The hint bar's one or two rows (two where every key with its words needs them).
        let bar = f.lines[22] + "\n" + f.lines[23]
        let out = bar.contains("Esc") || bar.contains(" q ") || bar.contains("y ") || bar.contains("Enter")
        #expect(out, "\(s.name), \(language): \(bar)")
        if !s.name.contains("?") && !s.name.contains("help") && !s.name.contains("whom") && !s.name.contains("return note") && !s.name.contains("call form") && !s.name.contains("search") {
            #expect(bar.contains("?") || bar.contains("F1"), "\(s.name), \(language): \(bar)")
        }
    }

    /// The correction form (F1: `?` is text there) and the link / keep-apart prompt (`?`) open
    /// help with their own keys from the action table; leaving help finds the form as it was.
    @Test(arguments: Language.allCases)
    func theCorrectionFormAndTheLinkPromptHaveHelp(_ language: Language) {
        let scenarios = ScreenMatrixTests.scenarios
        let size = Size(width: 80, height: 24)
        let correction = scenarios.first { $0.name == "correction form" }!
        let c = ScreenMatrixTests.harness(correction, language, size)
        correction.drive(c)
        c.type(text: "Jl")
        c.type(.function(1))
        let save = Localization.$language.withValue(language) { L("Save the correction (needs a reason)") }
        #expect(c.text.contains(save), "\(language):\n\(c.text)")
        c.type(.escape)
        #expect(c.text.contains("Jl") && !c.text.contains(save), "\(language):\n\(c.text)")
        // The call form too (the 00:00 tester pressed ? and F1 there; "?" is text in the note).
        let call = ScreenMatrixTests.harness(ScreenMatrixTests.scenario("call form"), language, size)
        ScreenMatrixTests.scenario("call form").drive(call)
        call.type(.tab); call.type(text: "coba")
        call.type(.function(1))
        let logCall = Localization.$language.withValue(language) { L("Log a call") }
        #expect(call.row(0).contains(Localization.$language.withValue(language) { L("Help — keys") }), "\(language):\n\(call.text)")
        #expect(call.text.contains(logCall), "\(language):\n\(call.text)")
        call.type(.escape)
        #expect(call.text.contains("coba"), "\(language): the note typed before help is gone:\n\(call.text)")
        let match = scenarios.first { $0.name == "person match (link / keep apart)" }!
        let m = ScreenMatrixTests.harness(match, language, size)
        match.drive(m)
        m.type(.char("?"))
        let link = Localization.$language.withValue(language) { L("The same person: link them (one follow-up, every exposure)") }
        // Help wraps a long line under itself: read as the lines run on.
        let flowing = m.terminal.lastFrame!.lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(flowing.contains(link), "\(language):\n\(m.text)")
        m.type(.escape)
        #expect(!m.text.contains(link), "\(language):\n\(m.text)")
    }

    @Test func aLongRecordingPathKeepsItsFileName() {
        let short = Shorten.fromLeft("/home/tracer/.local/share/tracedesk/recordings/DKI-JAKPUS-2021-0042-20210705.cast", to: 40)
        #expect(DisplayWidth.of(short) == 40 && short.hasPrefix("…") && short.hasSuffix("/DKI-JAKPUS-2021-0042-20210705.cast"), "\(short)")
        #expect(Shorten.fromLeft("short.cast", to: 40) == "short.cast")
    }
}
