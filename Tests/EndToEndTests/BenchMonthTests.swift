import Foundation
import Testing
@testable import tracedesk_bench
import TracedeskCore
import TracedeskJournal

/// The benchmark's month holds what the issue asks of it, read back from the journal it wrote:
/// a benchmark is only as honest as its data.
@Suite struct BenchMonthTests {
    @Test func aSmallMonthHoldsTheMixItPromises() throws {
        let dir = NSTemporaryDirectory() + "bench-month-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/journal.jsonl"
        let month = CityMonth(cases: 300, seed: 7)
        let mix = try month.write(to: FileJournal(path: path), journalPath: path)

        #expect(mix.imports == 30)
        #expect(mix.events["case.imported"] == 300)
        #expect(mix.events["case.claimed"] == 300)
        #expect((300...1200).contains(mix.calls))
        #expect((0.75...0.95).contains(Double(mix.filed) / 300))
        #expect(mix.filed + mix.unfiled == 300)
        #expect((0.7...0.9).contains(Double(mix.reviewed) / Double(mix.filed)))
        #expect((0.03...0.2).contains(Double(mix.returned) / Double(mix.reviewed)))
        #expect(mix.refiled == mix.returned)
        #expect((0.25...0.42).contains(Double(mix.callNotes) / Double(mix.calls)))
        #expect(mix.notesWithQuote > 0 && mix.notesWithBackslash > 0 && mix.notesWithNewline > 0 && mix.notesNonASCII > 0)
        #expect(mix.longestNote <= 300)
        let mean = Double(mix.contacts.reduce(0) { $0 + $1.key * $1.value }) / Double(mix.filed)
        #expect((3.5...6.5).contains(mean))
        let many = Double(mix.contacts.filter { $0.key >= 15 }.values.reduce(0, +)) / Double(mix.filed)
        #expect((0.04...0.18).contains(many))
        #expect(mix.contacts.keys.allSatisfy { (0...25).contains($0) })
        #expect(mix.mostOpen > 20, "cases interleave: many are open at once")
        // Drafts are saved as the desk saves them: dozens per interview, some at pauses.
        #expect(mix.draftsAtPause > 0 && Double(mix.draftsAtMove + mix.draftsAtPause) / 300 > 20)

        // Read back: every event is there, the desk replays it without ignoring anything, and
        // every filed interview is one the desk would have let the tracer file.
        let store = try FileJournal(path: path)
        let logged = try store.readAll()
        // Drafts are in the draft store, each case's in its file; the log holds none.
        #expect(!logged.contains { $0.isDraft })
        var drafts: [Event] = []
        for id in Set(logged.compactMap(\.caseId)).sorted() { drafts += try store.drafts(of: id) }
        #expect(logged.count + drafts.count == mix.totalEvents)
        #expect(logged.map(\.timestamp) == logged.map(\.timestamp).sorted(), "written in time order")
        let events = (logged + drafts).enumerated().sorted { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }.map(\.element)
        let desk = Desk(replaying: events, team: try TeamFile.load(journal: path))
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies.prefix(3))")
        var filed = 0
        for e in events {
            switch e.body {
            case .interviewFiled(let f):
                filed += 1
                let today = WallClock.wib.day(of: e.timestamp)
                #expect((6...17).contains(f.period?.dayCount ?? 0))
                #expect(f.daysWalked == f.period?.dayCount)
                #expect(InterviewCheck.all(f.draft, today: today).filter(\.isError).isEmpty, "\(f.caseId)")
            case .callLogged(let a):
                if let n = a.note { #expect(n.count <= 300) }
            default: break
            }
        }
        #expect(filed == mix.filed + mix.refiled)
        let first = try #require(mix.first), last = try #require(mix.last)
        #expect(last.timeIntervalSince(first) > 29 * 86_400, "spread over the month")
    }
}
