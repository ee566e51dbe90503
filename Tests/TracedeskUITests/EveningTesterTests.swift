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
}
