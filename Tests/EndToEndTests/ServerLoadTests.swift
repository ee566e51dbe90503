import Foundation
import Testing
import TracedeskCore
import TracedeskJournal
@testable import TracedeskServer

@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerLoadTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TracedeskJournalTests/Fixtures")

    static let team = Team(name: "Tim Menteng", members: [
        TeamMember(id: "tracer-01", name: "Dewi", role: .tracer), TeamMember(id: "tracer-02", name: "Agus", role: .tracer),
        TeamMember(id: "lead-01", name: "Sri", role: .lead),
    ])

    /// Patient data is 0600 in 0700 folders, or the journal refuses to open it.
    static func makePrivate(_ dir: URL) throws {
        chmod(dir.path, 0o700)
        for name in try FileManager.default.subpathsOfDirectory(atPath: dir.path) {
            var isDir: ObjCBool = false
            let p = dir.appendingPathComponent(name).path
            FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            chmod(p, isDir.boolValue ? 0o700 : 0o600)
        }
    }

    /// A team's frozen file journal (schema v2, numbered, with a draft store) moves to the
    /// server once: the lead's desk there is the desk the file gave, and a second load adds
    /// nothing.
    @Test func aFrozenTeamJournalLoadsExactlyOnceAndReplaysTheSame() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["journal-v2-numbered.jsonl", "journal-v2-numbered.drafts"] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try Self.makePrivate(dir)
        let path = dir.appendingPathComponent("journal-v2-numbered.jsonl").path
        let fileDesk = try FileJournal(path: path, access: .read).replay(team: Self.team, filings: .whole)

        let cluster = try PGCluster.shared()
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        try admin.migrate(creating: true)
        try admin.addTeam("Menteng", areas: ["Menteng"])
        let first = try admin.load(journal: path, team: "Menteng", teamFile: Self.team)
        #expect(first.loaded == fileDesk.eventCount)
        #expect(first.alreadyThere == 0)
        let again = try admin.load(journal: path, team: "Menteng", teamFile: Self.team)
        #expect(again.loaded == 0)
        #expect(again.alreadyThere == first.loaded)
        #expect(again.drafts == 0)

        try admin.addUser(id: "lead-01", name: "Sri", role: .lead, teams: ["Menteng"])
        let lead = try PostgresStore(target: try cluster.target(db, user: "lead-01"))
        let serverDesk = try lead.replay(team: try lead.team(), filings: .whole)
        func summary(_ d: Desk) -> [String] {
            d.cases.values.map { (f: CaseFile) -> String in "\(f.record.caseId) \(f.status) \(f.claimedBy ?? "-") \(f.calls.count)" }.sorted()
        }
        #expect(summary(serverDesk) == summary(fileDesk))
        #expect(serverDesk.anomalies == fileDesk.anomalies)
        // The claims the file journal holds are the server's claims too.
        let holders = try cluster.psql("SELECT case_id || '=' || coalesce(holder, '-') FROM tracedesk.cases ORDER BY case_id", database: db)
        let files: [CaseFile] = fileDesk.cases.values.sorted { $0.record.caseId < $1.record.caseId }
        let expected = files.map { (f: CaseFile) -> String in "\(f.record.caseId)=\(f.claimedBy ?? "-")" }
        #expect(holders == expected.joined(separator: "\n") + "\n")
    }
}
