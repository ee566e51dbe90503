import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// 2021-07-05 10:00 WIB.
let now = WallClock.wib.date(day: Day(year: 2021, month: 7, day: 5)!, hour: 10, minute: 0)

/// A desk on an in-memory store and terminal, driven key by key like a tracer would.
final class DeskHarness {
    let terminal: MemoryTerminal
    let store: MemoryEventStore
    let loop: DeskLoop

    init(events: [Event], tracer: String = "tracer-01", width: Int = 80, height: Int = 24,
         settings: DeskSettings = DeskSettings(), team: Team? = nil, language: Language = .en, keymap: Keymap = .defaults,
         onServer: Bool = false, holdLists: (@Sendable () -> Void)? = nil, at clockNow: Date = now) {
        terminal = MemoryTerminal(width: width, height: height)
        store = MemoryEventStore(events: events)
        // As the desk replays: filings in short, read whole by place; a lead's waiting ones whole.
        let desk = try! store.replay(team: team, filings: .inShort, awaitingReview: team?.role(of: tracer) == .lead)
        var app = DeskApp(desk: desk, tracer: tracer, settings: settings, now: clockNow,
                          size: terminal.size, keymap: keymap, language: language)
        app.context.onServer = onServer
        loop = DeskLoop(terminal: terminal, store: store, app: app, clock: { clockNow })
        // A lead's board and everyone's list are made on another thread after the first frame:
        // a test waits for them (a look before they come would see "Counting…") unless it
        // holds them to look at the wait itself.
        loop.beforeMakingLists = holdLists
        loop.step()
        if holdLists == nil { loop.waitForLists() }
    }

    func type(_ keys: Key...) { for k in keys { terminal.type(k) }; loop.drain() }
    func type(text: String) { terminal.type(text: text); loop.drain() }
    /// Pastes as a terminal with bracketed paste delivers it.
    func paste(_ text: String) { terminal.paste(text); loop.drain() }
    func resize(_ w: Int, _ h: Int) { terminal.resize(width: w, height: h); loop.drain() }

    var screen: [String] { terminal.screen }
    var text: String { terminal.screenText }
    func row(_ y: Int) -> String { screen[y] }
    /// The row holding `text`, or nil.
    func rowIndex(containing text: String) -> Int? { screen.firstIndex { $0.contains(text) } }
}

func rec(_ id: String, _ name: String, result: String, kelurahan: String = "Menteng") -> CaseRecord {
    CaseRecord(caseId: id, name: name, nik: "3171234567890123", phones: ["+6281234567890"], sex: .female,
               age: 34, kelurahan: kelurahan, kecamatan: "Menteng", kota: "Jakarta Pusat",
               resultDate: Day(parsing: result)!)
}

struct Events {
    var rng = SplitMix64(seed: 3)
    var t = now.addingTimeInterval(-86400)
    var list: [Event] = []

    mutating func add(_ body: EventBody, by actor: String = "lab-import") {
        t = t.addingTimeInterval(1)
        list.append(Event(id: EventID.make(at: t, using: &rng), timestamp: t, actor: actor, body: body))
    }

    mutating func imports(_ records: [CaseRecord]) {
        for b in Desk.importEvents(records, batch: "b") { add(b) }
    }
}

extension Events {
    /// `tracer` claims `caseId` and saves its interview: consent given, no symptoms, the
    /// specimen taken on `specimen`, naming `contact` met on `met` (none when nil), shaped
    /// further by `shape`. Returns the draft, for a filing.
    @discardableResult
    mutating func interview(_ caseId: String, _ name: String, result: String, specimen: String,
                            contact: String? = nil, met: String = "2021-06-29", by tracer: String = "tracer-01",
                            _ shape: (inout InterviewDraft) -> Void = { _ in }) -> InterviewDraft {
        add(.caseClaimed(CaseClaim(caseId: caseId)), by: tracer)
        var d = InterviewDraft(for: rec(caseId, name, result: result), rules: .indonesia2021)
        d.consent = "given"; d.symptomatic = "no"; d.specimen = specimen
        if let contact { _ = d.addContact(named: contact, on: Day(parsing: met)) }
        shape(&d)
        add(.interviewSaved(d), by: tracer)
        return d
    }

    /// Files `d` on 5 July 2021, the tests' today.
    mutating func file(_ d: InterviewDraft, by tracer: String = "tracer-01") {
        add(.interviewFiled(FiledInterview.file(d, today: Day(parsing: "2021-07-05")!)), by: tracer)
    }
}

/// Five cases; C-CB has a callback due now.
func smallQueue() -> [Event] {
    var e = Events()
    e.imports([rec("C-NEW", "Nur Hidayat", result: "2021-07-04"),
               rec("C-OLD", "Siti Rahmawati", result: "2021-07-01", kelurahan: "Cikini"),
               rec("C-MID", "Agus Wijaya", result: "2021-07-02"),
               rec("C-CB", "Dewi Lestari", result: "2021-07-04"),
               rec("C-TAKEN", "Joko Santoso", result: "2021-07-03")])
    e.add(.caseClaimed(CaseClaim(caseId: "C-CB")), by: "tracer-01")
    e.add(.callLogged(CallAttempt(caseId: "C-CB", outcome: .callBack, callbackAt: now.addingTimeInterval(-600))), by: "tracer-01")
    e.add(.caseClaimed(CaseClaim(caseId: "C-TAKEN")), by: "tracer-02")
    return e.list
}

func manyCases(_ n: Int) -> [Event] {
    var e = Events()
    e.imports((0..<n).map { rec(String(format: "K-%03d", $0), "Pasien \($0)", result: "2021-07-0\(1 + $0 % 4)") })
    return e.list
}
