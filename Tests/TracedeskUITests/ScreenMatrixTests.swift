import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Every screen, in both languages, at 80×24 and 200×60, drawn in every shipped theme at 8
/// colours, 256 colours and without colour: nothing runs off the edge, the bars are whole, and
/// no slot is drawn invisible (same colour on same colour) or indistinct without colour.
@Suite struct ScreenMatrixTests {
    struct Scenario: Sendable, CustomStringConvertible {
        var name: String
        var lead = false
        /// The journal it starts from, and who works it, when not the small queue or the lead's.
        var desk: Desk? = nil
        var drive: @Sendable (DeskHarness) -> Void
        var description: String { name }

        enum Desk: Sendable {
            /// A contact under follow-up, called once (tracer-01, or the lead).
            case followUp(lead: Bool)
            /// An interview in progress naming a contact who may be a known case.
            case naming
            /// A case whose call notes are long enough to need the pager.
            case longNotes
            /// The demo's queue: forty-odd cases, two-digit counts, every status.
            case demo
            /// Case ids of 15 characters, a callback, a long kelurahan (tracer-01, or the lead).
            case longIds(lead: Bool)
            /// A draft whose unwalked days make more warnings than 80×24 shows.
            case manyWarnings
        }

        init(name: String, lead: Bool = false, desk: Desk? = nil, drive: @escaping @Sendable (DeskHarness) -> Void) {
            self.name = name; self.lead = lead; self.desk = desk; self.drive = drive
        }
    }

    static func throughSymptoms(_ h: DeskHarness) {
        h.type(.down, .enter, .char("i"))
        h.type(.tab, .tab, .tab, .right, .pageDown, .right, .tab)
        h.type(text: "2021-07-02"); h.type(.tab); h.type(text: "2021-07-03"); h.type(.tab); h.type(text: "2021-07-04")
        h.type(.pageDown)
    }

    static func withAContact(_ h: DeskHarness) {
        throughSymptoms(h)
        h.type(.tab); h.type(text: "rumah"); h.type(.enter); h.type(text: "Budi Santoso 王小明"); h.type(.enter)
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "queue") { _ in },
        Scenario(name: "search") { h in h.type(.char("/")); h.type(text: "dew") },
        Scenario(name: "case") { h in h.type(.down, .enter) },
        Scenario(name: "call form") { h in h.type(.down, .enter, .char("c"), .char("5")) },
        Scenario(name: "help") { h in h.type(.char("?")) },
        // Every page of it, not only the first: each frame on the way counts.
        Scenario(name: "help, paged to the end") { h in h.type(.char("?")); for _ in 0..<40 { h.type(.pageDown) } },
        Scenario(name: "help of a lead, paged to the end", lead: true) { h in h.type(.escape, .char("?")); for _ in 0..<40 { h.type(.pageDown) } },
        Scenario(name: "interview identity") { h in h.type(.down, .enter, .char("i"), .pageDown) },
        Scenario(name: "interview symptoms") { h in h.type(.down, .enter, .char("i"), .tab, .tab, .tab, .right, .pageDown) },
        Scenario(name: "interview day") { h in withAContact(h) },
        Scenario(name: "interview day, named before") { h in withAContact(h); h.type(.pageDown, .tab, .tab); h.type(text: "bud") },
        Scenario(name: "interview contacts") { h in withAContact(h); h.type(.function(9), .pageUp) },
        Scenario(name: "interview contact form") { h in withAContact(h); h.type(.function(9), .pageUp, .enter) },
        Scenario(name: "interview review") { h in withAContact(h); h.type(.function(9)) },
        Scenario(name: "interview file?") { h in withAContact(h); h.type(.function(9), .char("f")) },
        Scenario(name: "review queue", lead: true) { _ in },
        Scenario(name: "review interview", lead: true) { h in h.type(.enter, .pageDown, .pageDown) },
        Scenario(name: "review history", lead: true) { h in h.type(.enter, .char("h")) },
        Scenario(name: "review return note", lead: true) { h in h.type(.enter, .char("r")); h.type(text: "nomor HP?") },
        Scenario(name: "review approve?", lead: true) { h in h.type(.enter, .char("a")) },
        Scenario(name: "team board", lead: true) { h in h.type(.char("b")) },
        Scenario(name: "assign", lead: true) { h in h.type(.char("b"), .char("u"), .char(" ")) },
        Scenario(name: "assign to whom", lead: true) { h in h.type(.char("b"), .char("u"), .char(" "), .char("a")) },
        // Screens the matrix once missed: what follow-up, the pager, corrections and the
        // person search put in front of a tracer or lead.
        Scenario(name: "follow-up list", desk: .followUp(lead: false)) { h in h.type(.char("f")) },
        Scenario(name: "follow-up contact", desk: .followUp(lead: false)) { h in h.type(.char("f"), .enter) },
        Scenario(name: "follow-up call form", desk: .followUp(lead: false)) { h in
            h.type(.char("f"), .char("c"), .char("1"), .tab, .char("1"), .tab, .tab, .right, .right)
        },
        Scenario(name: "follow-up, everyone's", desk: .followUp(lead: true)) { h in h.type(.escape, .char("f")) },
        Scenario(name: "follow-up contact, unlink?", desk: .followUp(lead: true)) { h in h.type(.escape, .char("f"), .enter, .char("u")) },
        Scenario(name: "pager", desk: .longNotes) { h in h.type(.enter, .enter) },
        Scenario(name: "correction form", lead: true) { h in
            h.type(.escape, .char("/")); h.type(text: "C-MID"); h.type(.enter, .char("v"), .char("e"))
        },
        Scenario(name: "person match (link / keep apart)", desk: .naming) { h in h.type(.char("i"), .enter, .escape) },
        // A day's queue as the demo has it: every status filter and scope in turn (each frame
        // counts), and a search typed, on two-digit counts.
        // The fresh tester's 80×24 cuts (issue 15): long ids beside a callback, the assign
        // list's status, a long search, the review's warnings.
        Scenario(name: "queue, long ids and a callback", desk: .longIds(lead: false)) { _ in },
        Scenario(name: "search, typed longer than its room", desk: .longIds(lead: false)) { h in
            h.type(.char("/")); h.type(text: "Siti Rahmawati binti Ahmad Fauzi dari Kebon Kacang")
        },
        Scenario(name: "assign, long ids and a callback", desk: .longIds(lead: true)) { h in h.type(.escape, .char("b"), .enter) },
        Scenario(name: "interview review, many warnings", desk: .manyWarnings) { h in
            h.type(.char("/")); h.type(text: "C-OLD"); h.type(.enter, .enter, .char("i"), .function(9))
        },
        Scenario(name: "demo queue, every filter, then a search", desk: .demo) { h in
            for _ in 0..<10 { h.type(.char("s")) }
            for _ in 0..<3 { h.type(.char("m")) }
            h.type(.char("/")); h.type(text: "jalan melati")
        },
    ]

    /// A scenario by its name: the list grows, and a place in it moves.
    static func scenario(_ name: String) -> Scenario { scenarios.first { $0.name == name }! }

    static let themes: [Theme] = {
        let dir = SourceScan.root.appendingPathComponent("themes")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".theme") }.sorted()
        return files.compactMap { name in
            guard let text = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) else { return nil }
            return try? Theme.parse(text, name: String(name.dropLast(6)), file: name)
        }
    }()

    static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 60)]

    /// Renders a scenario in one language at one size.
    static func frame(_ s: Scenario, _ language: Language, _ size: Size) -> Frame {
        let h = harness(s, language, size)
        s.drive(h)
        return h.terminal.lastFrame!
    }

    static func harness(_ s: Scenario, _ language: Language, _ size: Size) -> DeskHarness {
        switch s.desk {
        case .followUp(let lead)?:
            return DeskHarness(events: FollowUpScreensFitTests.events(), tracer: lead ? "lead-01" : "tracer-01",
                               width: size.width, height: size.height, team: leadTeam, language: language)
        case .naming?:
            return DeskHarness(events: PersonMatchScreenTests().draftNamingACase(), width: size.width, height: size.height, language: language)
        case .demo?:
            return DeskHarness(events: DemoQueue.events(now: now, tracer: "tracer-01"), width: size.width, height: size.height,
                               team: DemoQueue.team, language: language)
        case .longIds(let lead)?:
            return DeskHarness(events: longIdQueue(), tracer: lead ? "lead-01" : "tracer-01", width: size.width, height: size.height,
                               team: leadTeam, language: language)
        case .manyWarnings?:
            return DeskHarness(events: draftWithManyWarnings(), width: size.width, height: size.height, language: language)
        case .longNotes?:
            var e = Events()
            e.imports([rec("C-1", "Siti Rahmawati", result: "2021-07-04")])
            e.add(.caseClaimed(CaseClaim(caseId: "C-1")), by: "tracer-01")
            for i in 0..<12 {
                e.add(.callLogged(CallAttempt(caseId: "C-1", outcome: .noAnswer, note: i == 11 ? PagerTests.longNote : "coba \(i)")), by: "tracer-01")
            }
            return DeskHarness(events: e.list, width: size.width, height: size.height, language: language)
        case nil:
            return s.lead
                ? DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", width: size.width, height: size.height, team: leadTeam, language: language)
                : DeskHarness(events: smallQueue(), width: size.width, height: size.height, language: language)
        }
    }

    @Test(arguments: scenarios, Language.allCases)
    func everyScreenFitsAndIsLegible(_ s: Scenario, _ language: Language) {
        #expect(Self.themes.map(\.name).sorted() == ["default", "high-contrast", "light", "monochrome"])
        for size in Self.sizes {
            let f = Self.frame(s, language, size)
            let lines = f.lines
            let at = "\(s.name), \(language), \(size)"
            #expect(lines.count == size.height)
            // The clock at the right of the title bar is whole: the title never pushes it off.
            #expect(lines[0].hasSuffix("WIB "), "\(at): title bar \(lines[0])")
            // The hint bar starts with a whole key and its label.
            #expect(lines[size.height - 1].trimmingCharacters(in: .whitespaces).count >= 3, "\(at): empty hint bar")
            // Text that reaches the last column was cut by the edge, unless it ends in "…" or a border.
            for (y, line) in lines.enumerated() {
                guard let last = line.last, last != " " else { continue }
                let cell = f[size.width - 1, y]
                let allowed: Set<String> = ["…", "│", "┐", "┘", "┤", "|", "+", "─"]
                #expect(allowed.contains(cell.text) || cell.continuation, "\(at): row \(y) runs off the edge: \(line)")
            }
            // Every slot on screen is visible in every theme and colour depth.
            let used = Set(f.cells.map(\.slot))
            for theme in Self.themes {
                for colors in [8, 256] {
                    for slot in used {
                        let look = theme.appearance(slot, colors: colors)
                        #expect(look.foreground < 0 || look.foreground != look.background,
                                "\(at): \(slot) is invisible in \(theme.name) at \(colors) colours")
                    }
                }
                let plain = theme.appearance(.normal, colors: nil).attributes
                for slot in used where [.selected, .title, .header, .hintKey, .fieldActive].contains(slot) {
                    #expect(theme.appearance(slot, colors: nil).attributes != plain,
                            "\(at): \(slot) looks like plain text without colour in \(theme.name)")
                }
            }
        }
    }

    /// None of our own words is cut at 80×24 or 100×30, in either language: every catalogue
    /// string a screen draws on one line is drawn whole. The one documented exception is a
    /// value from outside (a name, a note, an address) cut with "…" — the cut may fall inside
    /// it, and what follows it goes with it — never inside a label, hint or instruction. Every
    /// frame of the way there counts, not only the last.
    @Test(arguments: scenarios, Language.allCases)
    func noLabelOfOursIsCut(_ s: Scenario, _ language: Language) {
        for size in [Size(width: 80, height: 24), Size(width: 100, height: 30)] {
            let trace = TextTrace()
            TextTrace.$current.withValue(trace) {
                let h = Self.harness(s, language, size)
                s.drive(h)
            }
            for (cut, label) in trace.labelsCut() {
                let shown = String(cut.text.prefix(cut.kept))
                Issue.record("\(s.name), \(language), \(size): \"\(label)\" is cut: \"\(shown)…\" of \"\(cut.text)\"")
            }
        }
    }

    /// Growing the window and shrinking it back leaves every screen as it was: the selection,
    /// the step, the open form and what was typed all survive a resize.
    @Test(arguments: scenarios)
    func aResizeRoundTripLosesNothing(_ s: Scenario) {
        let h = Self.harness(s, .en, Size(width: 80, height: 24))
        s.drive(h)
        let before = h.terminal.lastFrame!
        h.resize(200, 60)
        h.resize(60, 20)
        #expect(h.text.contains("Window too small"))
        h.resize(80, 24)
        #expect(h.terminal.lastFrame!.lines == before.lines, "\(s.name)")
        #expect(h.terminal.lastFrame!.cursor.map { [$0.x, $0.y] } == before.cursor.map { [$0.x, $0.y] }, "\(s.name): the cursor moved")
    }

    @Test func indonesianIsTheDesksLanguageOnEveryScreenShown() {
        let queue = Self.frame(Self.scenario("queue"), .id, Size(width: 80, height: 24)).lines
        #expect(queue[0].contains("menunggu 3") && queue[0].hasSuffix("05/07 10:00 WIB "))
        #expect(queue[1].contains("Tampil:"))
        let day = Self.frame(Self.scenario("interview day"), .id, Size(width: 100, height: 30)).lines.joined(separator: "\n")
        #expect(day.contains("Minggu, 4 Juli 2021 — hari ke-5 dari 5"))
        #expect(day.contains("Bertemu"))
        let review = Self.frame(Self.scenario("review interview"), .id, Size(width: 120, height: 30)).lines.joined(separator: "\n")
        #expect(review.contains("Dikirim oleh tracer-01"))
        #expect(review.contains("tanpa telepon: Ahmad Fauzi"))
        let english = Self.frame(Self.scenario("interview day"), .en, Size(width: 100, height: 30)).lines.joined(separator: "\n")
        #expect(english.contains("Sunday 4 July 2021 — day 5 of 5"))
    }

    @Test func f2SwitchesTheLanguageAndTheHistoryFollows() {
        let h = DeskHarness(events: smallQueue(), width: 160, height: 30, language: .en)
        h.type(.enter)                                   // C-CB: a callback asked for
        #expect(h.text.contains("History (newest first)"))
        #expect(h.text.contains("call: asked to call back"))
        h.type(.function(2))
        #expect(h.text.contains("Bahasa: Bahasa Indonesia. F2 untuk kembali."))
        #expect(h.text.contains("Riwayat (terbaru dulu)"))
        #expect(h.text.contains("telepon: minta ditelepon ulang, telepon ulang 05/07 09:50 WIB"))
        #expect(h.screen.last?.contains("c catat telp  i wawancara  Esc kembali") == true)
        h.type(.function(2))
        #expect(h.text.contains("Language: English."))
    }

    @Test func anInterviewWalkedInIndonesianFilesTheSameData() {
        let h = DeskHarness(events: smallQueue(), width: 100, height: 30, language: .id)
        Self.withAContact(h)
        h.type(.function(9), .pageUp, .enter, .tab)
        h.type(text: "0812 1111 2222")
        for _ in 0..<9 { h.type(.tab) }
        h.type(.right)
        h.type(.escape, .function(9), .char("f"), .char("y"))
        #expect(h.text.contains("Diajukan dan tersimpan: C-OLD dengan 1 kontak, menunggu tinjauan.") && !h.text.contains("Terkirim"))
        guard case .interviewFiled(let filed) = h.store.events.last!.body else { Issue.record("not filed"); return }
        #expect(filed.draft.consent == "given" && filed.draft.symptomatic == "yes")
        #expect(filed.contacts.first?.classification == "close contact")
        #expect(filed.contacts.first?.criterion == .faceToFace)
    }
}
