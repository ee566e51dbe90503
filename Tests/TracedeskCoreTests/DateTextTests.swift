import Foundation
import Testing
@testable import TracedeskCore

/// Issue 15, items 7 and 8: one way to write dates, date fields that read it back, and the
/// callback phrases tracers type.
@Suite struct DateTextTests {
    let today = Day(parsing: "2021-11-28")!
    /// Sunday 28 November 2021, 10:00 WIB.
    var now: Date { WallClock.wib.date(day: today, hour: 10, minute: 0) }

    @Test func oneShortAndOneLongFormPerLanguageDayFirst() {
        let d = Day(parsing: "2021-12-01")!
        #expect(DateText.short(d) == "01/12")
        #expect(DateText.full(d) == "01/12/2021")
        #expect(DateText.long(d) == "Wednesday 1 December 2021")
        Localization.$language.withValue(.id) { #expect(DateText.long(d) == "Rabu, 1 Desember 2021") }
        let at = WallClock.wib.date(day: d, hour: 9, minute: 0)
        #expect(DateText.time(at, clock: .wib, now: now) == "01/12 09:00")   // never 12-01
        #expect(WallClock.wib.short(at, now: now) == "01/12 09:00")
        #expect(DateText.zoned(at, clock: .wita, now: nil) == "01/12 10:00 WITA")
        #expect(DateText.time(WallClock.wib.date(day: today, hour: 15, minute: 5), clock: .wib, now: now) == "15:05")
    }

    @Test func dateFieldsReadWhatTheDeskShows() {
        for typed in ["28/11", "28/11/2021", "2021-11-28", "28-11-2021", "today", "hari ini", " 28/11 "] {
            #expect(Day(typed: typed, today: today) == today, "\(typed)")
        }
        #expect(Day(typed: "besok", today: today) == Day(parsing: "2021-11-29"))
        #expect(Day(typed: "kemarin", today: today) == Day(parsing: "2021-11-27"))
        // A day and month without a year is not in the future: 30/12 typed on 28/11 is last year's.
        #expect(Day(typed: "30/12", today: today) == Day(parsing: "2020-12-30"))
        #expect(Day(typed: "1/3", today: Day(parsing: "2021-01-05")!) == Day(parsing: "2020-03-01"))
        #expect(Day(typed: "31/02", today: today) == nil)
        #expect(Day(typed: "senin", today: today) == nil)
    }

    @Test func callbackPhrasesTracersType() throws {
        func at(_ t: String) throws -> String { WallClock.wib.format(try CallbackTime.parse(t, now: now).get()) }
        #expect(try at("besok 9") == "2021-11-29 09:00")
        #expect(try at("besok jam 9") == "2021-11-29 09:00")
        #expect(try at("besok jam 9.30") == "2021-11-29 09:30")
        #expect(try at("jam 15") == "2021-11-28 15:00")
        #expect(try at("3 sore") == "2021-11-28 15:00")
        #expect(try at("besok 9 pagi") == "2021-11-29 09:00")
        #expect(try at("9 pagi besok") == "2021-11-29 09:00")
        #expect(try at("nanti sore") == "2021-11-28 16:00")
        #expect(try at("nanti malam") == "2021-11-28 19:00")
        #expect(try at("besok pagi") == "2021-11-29 09:00")
        #expect(try at("7 malam") == "2021-11-28 19:00")
        #expect(try at("lusa 10") == "2021-11-30 10:00")
        // What worked before still works.
        #expect(try at("15:30") == "2021-11-28 15:30")
        #expect(try at("tomorrow 9.15") == "2021-11-29 09:15")
        #expect(try at("29/11 08:00") == "2021-11-29 08:00")
        #expect(try at("+2h") == "2021-11-28 12:00")
        #expect(CallbackTime.parse("jam 9", now: now) == .failure(.past))
        #expect(CallbackTime.parse("kapan saja", now: now) == .failure(.unreadable("kapan saja")))
        Localization.$language.withValue(.id) {
            // At 10:00 "9 pagi" has passed: not offered.
            #expect(CallbackError.unreadable("x").text(now: now) == "tidak terbaca \"x\"; coba besok jam 9, nanti sore, 15:30, +2h")
            #expect(CallbackError.unreadable("x").description == "tidak terbaca \"x\"; coba besok jam 9, +2h")
            #expect(CallbackError.past.description.hasPrefix("waktu itu sudah lewat"))
        }
    }

    @Test func noAnswerWithARetryTimeSchedulesIt() {
        var e = [Event]()
        let t0 = now
        func add(_ b: EventBody, _ actor: String = "tracer-01") {
            e.append(Event(id: EventID.make(at: t0.addingTimeInterval(Double(e.count))), timestamp: t0.addingTimeInterval(Double(e.count)), actor: actor, body: b))
        }
        for b in Desk.importEvents([CaseRecord(caseId: "A", name: "Siti", resultDate: today)], batch: "b") { add(b, "lab") }
        let retry = WallClock.wib.date(day: today, hour: 16, minute: 0)
        add(.callLogged(CallAttempt(caseId: "A", outcome: .noAnswer, note: "coba sore", callbackAt: retry)))
        let desk = Desk(replaying: e)
        #expect(desk["A"]?.status == .callbackScheduled)
        #expect(desk["A"]?.nextCallback == retry)
        // The same day as the call: its time alone, as the lists write a time today; the history
        // line's own time says the day.
        #expect(desk["A"]?.history.last?.summary.contains("call back 16:00 WIB") == true, "\(desk["A"]?.history.last?.summary ?? "")")
        // Another day: with its date.
        var later = e
        later.append(Event(id: EventID.make(at: t0.addingTimeInterval(60)), timestamp: t0.addingTimeInterval(60), actor: "tracer-01",
                           body: .callLogged(CallAttempt(caseId: "A", outcome: .noAnswer, callbackAt: retry.addingTimeInterval(86400)))))
        #expect(Desk(replaying: later)["A"]?.history.last?.summary.contains("call back 29/11 16:00 WIB") == true)
    }
}

@Suite struct NIKRuleTests {
    /// Issue 15, item 14: one NIK rule, used by the import and both interview checks.
    @Test func oneRuleForEveryNik() {
        #expect(NIK.isValid("3171014507850011"))
        for bad in ["317101450785001", "31710145078500111", "31710145O7850011", "３１７１０１４５０７８５００１１", "3171 014507850011"] {
            #expect(!NIK.isValid(bad), "\(bad)")
        }
        var d = InterviewDraft(for: CaseRecord(caseId: "A", name: "S", resultDate: Day(parsing: "2021-07-04")!), rules: .indonesia2021)
        d.confirmedNik = "３１７１０１４５０７８５００１１"   // full-width digits: not a NIK anywhere
        #expect(InterviewCheck.identity(d).contains { $0.message == "NIK must be 16 digits" })
    }
}
