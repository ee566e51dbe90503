import Foundation
import Testing
import TracedeskCore
@testable import TracedeskServer

/// The real binary on the server store, typed as people would: the admin sets up a team, the
/// data person imports the lab's list, a tracer works the case through to filing, and the
/// lead approves it from another desk.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerDeskEndToEndTests {
    /// Import's person matching on the server (issue 18, item 7): the data person links or
    /// keeps apart the rows the list shares with people the city knows, as on a file journal.
    /// A keep-apart of two case ids lands in their team; a link of a case to a filed contact,
    /// in the contact's team, whose follow-up it ends.
    @Test func theDataPersonLinksAndKeepsApartAtImportOnTheServer() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let s = Scratch()
        let env = s.environment()
        let adminURL = cluster.url(db)
        for args in [["init"], ["add-team", "Tebet", "--area", "Tebet"], ["add-user", "data-01", "--name", "Data Dinkes", "--role", "data"]] {
            let r = try run(["server"] + args + ["--store", adminURL], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let row = interviewLineList().split(separator: "\n")[1]
        let twice = lineListHeader + row + "\n" + row.replacingOccurrences(of: "JKT-77,", with: "JKT-78,") + "\n"
        let data = cluster.url(db, user: "data-01")
        let r = try run(["import", s.write("l.csv", twice), "--store", data], env: env)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("l.csv:3: case JKT-78 has the NIK of case JKT-77 on line 2"), "\(r.stderr)")
        #expect(r.stderr.contains("Run again with --link"), "\(r.stderr)")
        #expect(try cluster.psql("SELECT count(*) FROM tracedesk.events", database: db) == "0\n")
        let apart = try run(["import", s.write("l.csv", twice), "--store", data, "--keep-apart"], env: env)
        #expect(apart.status == 0, "\(apart.stderr)")
        let links = "SELECT team || ' ' || actor || ' ' || (event::jsonb #>> '{data,contactId}') || ' ' || (event::jsonb #>> '{data,linked}') || ' ' || coalesce(event::jsonb #>> '{data,fromCase}', '-') FROM tracedesk.events WHERE kind = 'person.linked'"
        #expect(try cluster.psql(links, database: db) == "Tebet data-01 JKT-78 false true\n")
        // Linked instead, on a city of its own: one person under two case ids, in the case's team.
        let linkedDB = try cluster.newDatabase()
        for args in [["init"], ["add-team", "Tebet", "--area", "Tebet"], ["add-user", "data-01", "--name", "Data Dinkes", "--role", "data"]] {
            let r = try run(["server"] + args + ["--store", cluster.url(linkedDB)], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let oneCase = try run(["import", s.write("l.csv", twice), "--store", cluster.url(linkedDB, user: "data-01"), "--link"], env: env)
        #expect(oneCase.status == 0, "\(oneCase.stderr)")
        #expect(try cluster.psql(links, database: linkedDB) == "Tebet data-01 JKT-78 true true\n")

        // A row that is a contact Ayu filed in Menteng, routed by its kecamatan to Tanah Abang.
        let city = try City()
        try city.importCases(["M-1"], [])
        let contact = try city.file("M-1", by: "tracer-m1", contacts: [("Ahmad Fauzi", "3171000000000101")])[0]
        try city.approve("M-1")
        let list = lineListHeader + "LAB-9,Ahmad Fauzi,3171000000000101,0812-7777-0099,L,30,,Jl. Kebon Sirih 1,001/002,Kebon Melati,Gambir,Jakarta Pusat,guru,\(jakartaDay(-2)),\(jakartaDay(-1)),\(jakartaDay(-3))\n"
        let dataCity = city.cluster.url(city.db, user: "data-1")
        let asked = try run(["import", s.write("c.csv", list), "--store", dataCity], env: env)
        #expect(asked.status == 65, "\(asked.stderr)")
        let linked = try run(["import", s.write("c.csv", list), "--store", dataCity, "--link"], env: env)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try city.count("SELECT team || ' ' || (event::jsonb #>> '{data,contactId}') || '>' || (event::jsonb #>> '{data,toCase}') FROM tracedesk.events WHERE kind = 'person.linked'")
                == "Menteng \(contact)>LAB-9")
        let lead = try city.store("lead-m")
        let desk = try lead.replay(team: try lead.team())
        #expect(desk.followUps[contact]?.convertedCaseId == "LAB-9")
        #expect(desk.anomalies.isEmpty, "\(desk.anomalies)")
    }

    /// A refusal at import names the row, in the user's language (issue 18, item 6).
    @Test func anImportRefusedByTheServerNamesItsLineInTheUsersLanguage() throws {
        let city = try City()
        let s = Scratch()
        let env = s.environment(["TRACEDESK_LANG": "id"])
        let list = lineListHeader + "M-1,Siti,,0812-7777-0001,P,30,,Jl. A 1,001/002,Menteng,Menteng,Jakarta Pusat,guru,\(jakartaDay(-2)),\(jakartaDay(-1)),\n"
            + "X-2,Rina,,0812-7777-0002,P,31,,Jl. B 2,001/002,Tebet Barat,Tebet,Jakarta Selatan,guru,\(jakartaDay(-2)),\(jakartaDay(-1)),\n"
        let r = try run(["import", s.write("x.csv", list), "--store", city.cluster.url(city.db, user: "data-1")], env: env)
        #expect(r.status == 65, "\(r.stderr)")
        #expect(r.stderr.contains("x.csv:3: tidak ada yang diimpor: tidak ada tim yang mencakup kecamatan \"Tebet\" (kasus X-2); admin menambahkannya: tracedesk server add-team TIM --area \"Tebet\""), "\(r.stderr)")
        #expect(try city.count("SELECT count(*) FROM tracedesk.events") == "0")
    }

    @Test func aTracerFilesOnTheServerAndTheLeadApprovesIt() throws {
        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let s = Scratch()
        let env = s.environment()
        let adminURL = cluster.url(db)
        func admin(_ args: [String]) throws -> String {
            let r = try run(["server"] + args + ["--store", adminURL], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r.stdout
        }
        #expect(try admin(["init"]).contains("schema created (version \(Schema.version))"))
        _ = try admin(["add-team", "Tebet", "--area", "Tebet"])
        _ = try admin(["add-user", "data-01", "--name", "Data Dinkes", "--role", "data"])
        _ = try admin(["add-user", "tracer-05", "--name", "Rina Wati", "--role", "tracer", "--team", "Tebet"])
        _ = try admin(["add-user", "lead-01", "--name", "Sri Handayani", "--role", "lead", "--team", "Tebet"])

        // The data person's import goes to the server, routed to Tebet by its kecamatan.
        let imported = try run(["import", s.write("l.csv", interviewLineList()), "--store", cluster.url(db, user: "data-01")], env: env)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.journal))

        let tracer = try TmuxDesk(["--store", cluster.url(db, user: "tracer-05")], env: env)
        let lead = try TmuxDesk(["--store", cluster.url(db, user: "lead-01")], env: env, width: 120, height: 32)
        lead.waitFor("review queue · 0 awaiting review")
        walkShortInterview(tracer)
        tracer.keys("y")
        tracer.waitFor("Filed and sent to the server: JKT-77, 1 contact, awaiting review.")

        lead.waitFor("1 awaiting review", seconds: 5)
        lead.keys("Enter")
        lead.waitFor("Filed by tracer-05")
        lead.keys("a")
        lead.waitFor("Approve?")
        lead.keys("y")
        lead.waitFor("Approved JKT-77: 1 contact to follow-up.")
        lead.keys("Escape", "q")
        lead.waitFor("DESK-EXITED:0")
        tracer.keys("q")
        tracer.waitFor("DESK-EXITED:0")

        // The server holds each event under the login that wrote it.
        let actors = try cluster.psql("SELECT kind || ' ' || actor FROM tracedesk.events WHERE kind IN ('case.claimed', 'interview.filed', 'review.approved') ORDER BY seq", database: db)
        #expect(actors == "case.claimed tracer-05\ninterview.filed tracer-05\nreview.approved lead-01\n")
        // And the export, run by the data person on the server, shows the approved contact.
        let out = try run(["export", "contacts", "--format", "json", "--approved-only", "--store", cluster.url(db, user: "data-01")], env: env)
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == 1)
        #expect(rows.first?["approved_by"] as? String == "lead-01")
        #expect(rows.first?["filed_by"] as? String == "tracer-05")
    }

    /// Listings and exports run on the server by role: the data role sees the city or one
    /// team, a tracer only their own team.
    @Test func citysFiguresRunOnTheServerByRole() throws {
        let city = try City()
        try city.importCases(["M-1", "M-2"], ["T-1"])
        let env = Scratch().environment()
        func ids(_ user: String, _ extra: [String] = []) throws -> (Int32, [String]) {
            let r = try run(["cases", "--format", "json", "--store", city.cluster.url(city.db, user: user)] + extra, env: env)
            let rows = (try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]]) ?? []
            return (r.status, rows.compactMap { $0["case_id"] as? String }.sorted())
        }
        #expect(try ids("data-1").1 == ["M-1", "M-2", "T-1"])
        #expect(try ids("data-1", ["--team", "Tanah Abang"]).1 == ["T-1"])
        #expect(try ids("tracer-m1").1 == ["M-1", "M-2"])
        let refused = try run(["cases", "--store", city.cluster.url(city.db, user: "tracer-m1"), "--team", "Tanah Abang"], env: env)
        // A refusal, like the file journal's (a role, a bad option value): 1, not 65.
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("does not see team Tanah Abang"))
        let notMember = try run(["report", "--store", city.cluster.url(city.db, user: city.cluster.admin)], env: env)
        #expect(notMember.status == 1, "\(notMember.stderr)")
        let report = try run(["report", "--format", "json", "--store", city.cluster.url(city.db, user: "lead-m")], env: env)
        #expect(report.status == 0, "\(report.stderr)")
        let fhir = try run(["export", "fhir", "--store", city.cluster.url(city.db, user: "data-1")], env: env)
        #expect(fhir.status == 0, "\(fhir.stderr)")
        #expect(fhir.stdout.contains("\"resourceType\""))
        // The table a person reads speaks their language on the server too; files keep ids.
        let id = try run(["cases", "--store", city.cluster.url(city.db, user: "tracer-m1")], env: Scratch().environment(["TRACEDESK_LANG": "id"]))
        #expect(id.status == 0, "\(id.stderr)")
        let head = id.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(head.hasPrefix("Kasus") && head.contains("Jenis kelamin") && head.contains("Telp ulang"), "\(id.stdout)")
        #expect(!head.contains("case_id") && !id.stdout.contains(" waiting"), "\(id.stdout)")
        #expect(id.stdout.contains(" menunggu"), "\(id.stdout)")
        let noServer = try run(["cases", "--team", "Menteng"], env: env)
        #expect(noServer.status == 64)
    }

    @Test func aDeskOnAServerThatIsNotThereSaysSoInOneLine() throws {
        let s = Scratch()
        let r = try run(["cases", "--store", "postgresql://nobody@127.0.0.1:1/none?sslmode=disable"], env: s.environment())
        #expect(r.status == 69)
        #expect(r.stderr.contains("cannot be reached"))
        let pw = try run(["cases", "--store", "postgresql://nobody:secret@127.0.0.1/none"], env: s.environment())
        #expect(pw.status == 64)
        #expect(pw.stderr.contains("~/.pgpass"))
        #expect(!pw.stderr.contains("secret"))
    }
}
