// catalogue: not shown — the database admin's set-up commands speak English, as psql and PostgreSQL's own tools do; their users are a health office's IT staff
import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal
import TracedeskServer

struct ServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Set up the city's PostgreSQL store (for its admin).",
        discussion: """
        Run as a PostgreSQL login that may create roles (the admin's). Passwords come from \
        ~/.pgpass or PGPASSWORD, never from the command line.
        """,
        subcommands: [Init.self, Migrate.self, AddTeam.self, AddUser.self, Load.self])

    struct Target: ParsableArguments {
        @Option(name: .long, help: ArgumentHelp("The server (postgresql://HOST[:PORT]/DB).", valueName: "url"))
        var store: String?

        func admin() throws -> ServerAdmin {
            let configured = try ConfigLoader.load().store
            guard let url = store ?? configured else {
                throw DataError("name the server: --store postgresql://HOST/DB (or store = in the config)", code: 64)
            }
            let target: ServerTarget
            do { target = try ServerTarget.parse(url) } catch { throw DataError(error.description, code: 64) }
            do { return try ServerAdmin(target: target) } catch let e as ServerError { throw DataError(e) }
        }
    }

    static func run<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ServerError { throw DataError(e) }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the schema and the group roles tracedesk_tracer, tracedesk_lead and tracedesk_data.")
        @OptionGroup var target: Target
        @OptionGroup var language: LanguageOption
        func run() throws {
            let admin = try target.admin()
            let applied = try ServerCommand.run { try admin.migrate(creating: true) }
            print("schema created (version \(applied.last ?? 0))")
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bring the schema up to this build's version.")
        @OptionGroup var target: Target
        @OptionGroup var language: LanguageOption
        @Flag(help: "Say what would be applied and what the new checks would refuse of the stored events; change nothing.")
        var dryRun = false
        func run() throws {
            let admin = try target.admin()
            let (applied, refusals) = try ServerCommand.run { try admin.migrateReporting(dryRun: dryRun) }
            let versions = applied.map(String.init).joined(separator: ", ")
            if applied.isEmpty {
                print("schema is at version \(ServerAdmin.knownVersion); nothing to do")
            } else if dryRun {
                print("dry run: would migrate the schema to version \(applied.last!) (apply \(versions)); nothing was changed")
            } else {
                print("schema migrated to version \(applied.last!) (applied \(versions))")
            }
            guard let refusals else { return }
            // History is not rewritten: the admin is told what the new checks would refuse, by
            // kind and reason and a few ids (no field of an event: patients' data stays out).
            if refusals.groups.isEmpty {
                print("stored events the new checks would refuse: none")
                return
            }
            print("stored events the new checks would refuse: \(refusals.total); they are kept as they are (history is not rewritten) and desks replay them")
            for g in refusals.groups {
                let more = g.count > g.ids.count ? ", …" : ""
                print("  \(g.kind): \(g.code): \(g.count) (\(g.ids.joined(separator: ", "))\(more))")
            }
        }
    }

    struct AddTeam: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-team", abstract: "Add a team and the kecamatan whose cases it receives.")
        @OptionGroup var target: Target
        @OptionGroup var language: LanguageOption
        @Argument(help: "The team's name.") var team: String
        @Option(name: .customLong("area"), help: "A kecamatan the team covers (repeat for several).") var areas: [String] = []
        @Flag(help: "Move a kecamatan another team covers to this one.") var move = false
        func run() throws {
            let admin = try target.admin()
            try ServerCommand.run { try admin.addTeam(team, areas: areas, move: move) }
            print("team \(team)" + (areas.isEmpty ? "" : ": \(areas.joined(separator: ", "))"))
        }
    }

    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-user", abstract: "Add a person: their own login, their role and their teams.")
        @OptionGroup var target: Target
        @OptionGroup var language: LanguageOption
        @Argument(help: "Their tracedesk id, which is also their PostgreSQL login.") var id: String
        @Option(help: "Their name as the desk shows it.") var name: String
        @Option(help: "tracer, lead or data.", completion: .list(ServerAdmin.MemberRole.allCases.map(\.rawValue))) var role: String
        @Option(name: .customLong("team"), help: "A team they work in (repeat for a lead of several).") var teams: [String] = []
        @Flag(help: "Read their first password from standard input (one line).") var passwordStdin = false
        @Flag(help: "Make an existing login (not an admin's) this member.") var adopt = false
        func run() throws {
            guard let r = ServerAdmin.MemberRole(rawValue: role) else {
                throw DataError("--role \(role): use tracer, lead or data", code: 64)
            }
            var password: String?
            if passwordStdin {
                guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw DataError("no password on standard input", code: 64) }
                password = line
            }
            let admin = try target.admin()
            try ServerCommand.run { try admin.addUser(id: id, name: name, role: r, teams: teams, password: password, adopt: adopt) }
            print("\(id) (\(r.rawValue)\(teams.isEmpty ? "" : ", " + teams.joined(separator: ", ")))" + (password == nil ? "; set a password with \\password \(id) in psql, or use certificates" : ""))
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a team's file journal into the server, each event once.")
        @OptionGroup var target: Target
        @OptionGroup var language: LanguageOption
        @Argument(help: "The journal file.") var journal: String
        @Option(help: "The team whose journal it is.") var team: String
        func run() throws {
            guard FileManager.default.fileExists(atPath: journal) else { throw DataError("no journal at \(journal)", code: DataError.noInput) }
            let teamFile = try loadTeam(journal: journal)
            let admin = try target.admin()
            let r: ServerAdmin.LoadResult
            do { r = try ServerCommand.run { try admin.load(journal: journal, team: team, teamFile: teamFile) } }
            catch let e as JournalError { throw DataError(e, writing: false) }
            print("loaded \(r.loaded) events and \(r.drafts) drafts into \(team); \(r.alreadyThere) were there already")
        }
    }
}
