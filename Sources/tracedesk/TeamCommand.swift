import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team",
        abstract: "Who works this journal, and as what: tracers and team leads.",
        discussion: "The team file lives beside the journal (journal.jsonl → journal.team.json, 0600).",
        subcommands: [Add.self, List.self, Remove.self, Set.self],
        defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tracer or a lead (or bring back one who left).")
        @OptionGroup var journal: JournalOptions
        @Argument(help: "Their id, as they sign in (letters, digits, - _ .).") var id: String
        @Option(help: "Their name, as the team knows them.") var name: String
        @Option(help: "tracer or lead.") var role: Role = .tracer
        @Option(name: .customLong("team-name"), help: "The team's name, when the file is new.") var teamName: String?
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team")
            let path = JournalLocation.resolve(flag: journal.journal)
            var team = try loadTeam(journal: path) ?? Team(name: teamName ?? "Tim tracer")
            do {
                if role == .lead { try team.authorize(.addLead, by: actor.id) }
                try team.add(TeamMember(id: id, name: name, role: role))
            } catch { throw ValidationError(error.description) }
            try TeamFile.save(team, journal: path)
            print(L("\(id) (\(name)) is a \(role.rawValue) of \(team.name)."))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the team.")
        @OptionGroup var journal: JournalOptions
        @Flag(help: "Also those who left.") var all = false
        @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table
        @OptionGroup var out: OutputOptions

        func validate() throws { try out.check(csv: format == .csv) }

        func run() throws {
            try journal.fileOnly("team")
            let path = JournalLocation.resolve(flag: journal.journal)
            guard let team = try loadTeam(journal: path) else {
                throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path)); add people with: tracedesk team add ID --name NAME --role tracer|lead"))
            }
            let header = ["id", "name", "role", "active"]
            let rows = team.members.filter { all || $0.active }.map { [$0.id, $0.name, $0.role.rawValue, $0.active ? L("yes") : L("left")] }
            switch format {
            case .table:
                let title = L("\(team.name) · contact target \(team.contactTarget) per case · recording \(team.recording ? "on" : "off") · review \(team.reviewRequired ? "on" : "off") · lost after \(team.lostAfterDays) days unreached · follow-up target \(team.followUpTarget) %")
                try out.emit(Data((title + "\n" + TextTable.render(header: header, rows: rows)).utf8))
            case .csv, .json, .jsonl:
                let members = team.members.filter { all || $0.active }
                let data = DataRows(keys: header, rows: members.map { [.text($0.id), .text($0.name), .text($0.role.rawValue), .bool($0.active)] })
                try out.emit(data.data(format.data!, excel: out.excel))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take someone off the team (kept as 'left': their journal history keeps its meaning).")
        @OptionGroup var journal: JournalOptions
        @Argument var id: String
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team")
            let path = JournalLocation.resolve(flag: journal.journal)
            guard var team = try loadTeam(journal: path) else { throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path))")) }
            do {
                try team.authorize(.remove, by: actor.id)
                try team.remove(id)
            } catch { throw ValidationError(error.description) }
            try TeamFile.save(team, journal: path)
            print(L("\(id) has left \(team.name); their cases stay assigned until a lead reassigns them."))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Team settings: name, contact target, interview recording.")
        @OptionGroup var journal: JournalOptions
        @Option(help: "The team's name.") var name: String?
        @Option(help: "Contacts per case the team aims for (1–200).") var target: Int?
        @Option(help: "Record every interview's screen: on or off.") var recording: OnOff?
        @Option(help: "A lead reviews filed interviews before their contacts go to follow-up: on (default) or off.") var review: OnOff?
        @Option(name: .customLong("lost-after"), help: "Unreached days in a row that make a contact lost to follow-up (1–14, default 3).") var lostAfter: Int?
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team")
            let path = JournalLocation.resolve(flag: journal.journal)
            guard var team = try loadTeam(journal: path) else { throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path))")) }
            do { try team.authorize(.settings, by: actor.id) } catch { throw ValidationError(error.description) }
            if let name { team.name = name }
            if let target {
                guard (1...200).contains(target) else { throw ValidationError(L("--target \(target): a number from 1 to 200")) }
                team.contactTarget = target
            }
            if let recording { team.recording = recording == .on }
            if let review { team.reviewRequired = review == .on }
            if let lostAfter {
                guard (1...14).contains(lostAfter) else { throw ValidationError(L("--lost-after \(lostAfter): a number from 1 to 14")) }
                team.lostAfterDays = lostAfter
            }
            try TeamFile.save(team, journal: path)
            print(L("\(team.name) · contact target \(team.contactTarget) per case · recording \(team.recording ? "on" : "off") · review \(team.reviewRequired ? "on" : "off") · lost after \(team.lostAfterDays) days unreached · follow-up target \(team.followUpTarget) %"))
        }
    }
}

/// Who is changing the team, named as the desk names who is working. A lead's own word, on a
/// file journal where everyone is one Unix account: see the README's trust model.
struct TeamActor: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who you are (default: $TRACEDESK_TRACER); a lead, to add a lead, remove someone or change settings.", valueName: "id"))
    var tracer: String?

    var id: String? {
        tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

enum OnOff: String, ExpressibleByArgument { case on, off }
extension Role: ExpressibleByArgument {}
