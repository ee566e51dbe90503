import Foundation
import Testing
import TracedeskCore
import TracedeskJournal

/// JSON as data, the cases listing's filters, and a past day's report (issue 17: 8, 10, 12).
@Suite struct DataExportEndToEndTests {
    /// Two cases imported two days ago; tracer-01 claims one then and the other today.
    func journalWithHistory(_ s: Scratch) throws -> (twoDaysAgo: Day, today: Day) {
        let now = Date()
        let then = now.addingTimeInterval(-2 * 86400)
        try FileManager.default.createDirectory(atPath: (s.journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let j = try FileJournal(path: s.journal)
        let day = WallClock.wib.day(of: then)
        let records = (1...2).map { CaseRecord(caseId: "JKT-\($0)", name: "Pasien \($0)", phones: ["+6281234567801"], sex: .female, age: 30 + $0, resultDate: day) }
        func e(_ b: EventBody, _ t: Date, _ actor: String = "tracer-01") -> Event { Event(id: EventID.make(at: t), timestamp: t, actor: actor, body: b) }
        try j.append(Desk.importEvents(records, batch: "b").map { e($0, then, "lab-import") })
        try j.append([e(.caseClaimed(CaseClaim(caseId: "JKT-1")), then.addingTimeInterval(60)),
                      e(.callLogged(CallAttempt(caseId: "JKT-1", outcome: .callBack, callbackAt: now.addingTimeInterval(3600))), then.addingTimeInterval(120)),
                      e(.caseClaimed(CaseClaim(caseId: "JKT-2")), now)])
        return (day, WallClock.wib.day(of: now))
    }

    @Test func jsonHasNumbersNullsSnakeCaseAndZonedTimes() throws {
        let s = Scratch()
        _ = try journalWithHistory(s)
        let r = try run(["cases", "--format", "json"], env: s.environment())
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let one = try #require(rows.first { $0["case_id"] as? String == "JKT-1" })
        #expect(one["age"] as? Int == 31)
        #expect(one["call_attempts"] as? Int == 1)
        #expect(one["claimed_by"] as? String == "tracer-01")
        let two = try #require(rows.first { $0["case_id"] as? String == "JKT-2" })
        #expect(two["next_callback"] is NSNull)
        // What the line list left empty is null, as a missing NIK or date is, never "".
        for row in rows { for (key, value) in row { #expect((value as? String) != "", "\(key) is \"\" where it is missing") } }
        let callback = try #require(one["next_callback"] as? String)
        #expect(callback.hasSuffix("+07:00") && callback.count == 25, "\(callback)")
        #expect(rows.allSatisfy { $0.keys.allSatisfy { $0 == $0.lowercased() && !$0.contains("-") } })

        let report = try run(["report", "--format", "json"], env: s.environment())
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect(obj["contact_target"] as? Int != nil && obj["contactTarget"] == nil)
        let total = try #require(obj["total"] as? [String: Any])
        #expect(total["assigned"] as? Int == 2)
        #expect(total["within_24h"] is NSNull)

        let lines = try run(["cases", "--format", "jsonl"], env: s.environment())
        let objects = lines.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == 2 && objects.allSatisfy { $0?["case_id"] != nil })
        let team = try run(["team", "add", "tracer-01", "--name", "Budi", "--role", "tracer"], env: s.environment())
        #expect(team.status == 0)
        // A name typed with ESC in it is echoed visible, never as a control sequence.
        let odd = try run(["team", "add", "tracer-02", "--name", "X\u{1B}[2JY", "--role", "tracer"], env: s.environment())
        #expect(odd.status == 0 && odd.stdout.contains("X␛[2JY") && !odd.stdout.contains("\u{1B}"), "\(odd.stdout)")
        let members = try run(["team", "list", "--format", "jsonl"], env: s.environment())
        #expect(members.stdout.contains("\"active\":true"))
        let contacts = try run(["export", "contacts", "--format", "jsonl"], env: s.environment())
        #expect(contacts.status == 0)
    }

    @Test func casesTakesColumnsATracerAndMine() throws {
        let s = Scratch()
        _ = try journalWithHistory(s)
        _ = try run(["import", s.write("l.csv", lineList(cases: 1, startingAt: 7))], env: s.environment())
        let picked = try run(["cases", "--columns", "case_id,phone,status", "--format", "csv"], env: s.environment())
        #expect(picked.stdout.hasPrefix("case_id,phone,status\r\n"), "\(picked.stdout)")
        #expect(picked.stdout.contains("JKT-7,6281200000007,waiting"))
        let bad = try run(["cases", "--columns", "case_id,shoe_size"], env: s.environment())
        #expect(bad.status == 1 && bad.stderr.contains("\"shoe_size\" is not a column"))
        let theirs = try run(["cases", "--tracer", "tracer-01", "--format", "csv", "--columns", "case_id"], env: s.environment())
        #expect(theirs.stdout == "case_id\r\nJKT-1\r\nJKT-2\r\n", "\(theirs.stdout)")
        let mine = try run(["cases", "--mine", "--columns", "case_id"], env: s.environment(["TRACEDESK_TRACER": "tracer-02"]))
        #expect(mine.stdout == "Case\n", "\(mine.stdout)")  // a table's heading, in the desk's words
        let noOne = try run(["cases", "--mine"], env: s.environment())
        #expect(noOne.status == 1 && noOne.stderr.contains("TRACEDESK_TRACER"))
    }

    @Test func aPastDaysReportIsThatDayAsItWas() throws {
        let s = Scratch()
        let (then, today) = try journalWithHistory(s)
        func assigned(_ extra: [String]) throws -> Int? {
            let r = try run(["report", "--format", "json"] + extra, env: s.environment())
            let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return (obj?["total"] as? [String: Any])?["assigned"] as? Int
        }
        #expect(try assigned([]) == 2)
        #expect(try assigned(["--date", today.iso]) == 2)
        #expect(try assigned(["--date", then.iso]) == 1)
        let before = try run(["report", "--format", "json", "--date", Day(ordinal: then.ordinal - 1).iso], env: s.environment())
        #expect(before.stdout.contains("\"assigned\" : 0"), "\(before.stdout)")
        // Its figures not known are dashes, standing where the figures stand (right), as a
        // column of numbers does: they were left-aligned when the column held dashes alone.
        let table = try run(["report", "--date", Day(ordinal: then.ordinal - 1).iso], env: s.environment())
        let lines = table.stdout.split(separator: "\n").map { Array(String($0)) }
        let header = try #require(lines.first { String($0).hasPrefix("Tracer") })
        let total = try #require(lines.first { String($0).hasPrefix("total") })
        for heading in ["≤24h", "Contacts/case"] {
            let end = try #require(String(header).range(of: heading)).upperBound
            let column = String(header)[..<end].count - 1
            #expect(column < total.count && total[column] == "—", "\(heading): \(table.stdout)")
        }
        let future = try run(["report", "--date", Day(ordinal: today.ordinal + 1).iso], env: s.environment())
        #expect(future.status == 1)
    }
}
