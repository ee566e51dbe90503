import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

struct TeamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "team", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        abstract: "Who works this journal, and as what: tracers and team leads.", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        discussion: "The team file lives beside the journal (journal.jsonl → journal.team.json, 0600).", // not shown: command name, --help text (ArgumentParser) or an environment or file name
        subcommands: [Add.self, List.self, Remove.self, Set.self],
        defaultSubcommand: List.self)

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a tracer or a lead (or bring back one who left).") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var journal: JournalOptions
        @OptionGroup var language: LanguageOption
        @Argument(help: "Their id, as they sign in (letters, digits, - _ .).") var id: String // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "Their name, as the team knows them.") var name: String // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "tracer, lead or data.") var role: Role = .tracer // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(name: .customLong("team-name"), help: "The team's name, when the file is new.") var teamName: String? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team") // not shown: command name, --help text (ArgumentParser) or an environment or file name
            let path = try journal.pathToWrite()
            var team = try loadTeam(journal: path) ?? Team(name: teamName ?? "Tim tracer") // not shown: the default team name, data (Indonesian already)
            let now = try TestClock.fromEnvironment()()
            do {
                if role == .lead { try team.authorize(.addLead, by: actor.id) }
                // When they joined: a past day's report lists the team as it was that day.
                try team.add(TeamMember(id: id, name: name, role: role), at: now)
            } catch { throw ValidationError(error.description) }
            try TeamFile.save(team, journal: path)
            // The role in the reader's words, the team's name quoted: "Tim tracer" (the default
            // name) read as part of the sentence ("adalah tracer di Tim tracer").
            let roleText = role == .lead ? L("team lead") : (role == .data ? L("data person") : L("tracer"))
            Say.out(L("\(id) (\(name)) added to the team \"\(team.name)\" as \(roleText)."))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the team.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var journal: JournalOptions
        @OptionGroup var language: LanguageOption
        @Flag(help: "Also those who left.") var all = false // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "table, json, jsonl or csv.") var format: OutputFormat = .table // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var out: OutputOptions

        func validate() throws { try out.check(csv: format == .csv) }

        func run() throws {
            try journal.fileOnly("team") // not shown: command name, --help text (ArgumentParser) or an environment or file name
            let path = JournalLocation.resolve(flag: journal.journal)
            guard let team = try loadTeam(journal: path) else {
                throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path)); add people with: tracedesk team add ID --name NAME --role tracer|lead"))
            }
            // A table is read by a person, in the desk's language; csv and json keep the keys.
            let header = ["id", "name", "role", "active"] // not shown: the csv and json keys
            let headings = [L("Id"), L("Name"), L("Role"), L("Active")]
            let rows = team.members.filter { all || $0.active }.map { [$0.id, $0.name, $0.role == .lead ? L("lead") : ($0.role == .data ? L("data") : L("tracer")), $0.active ? L("yes") : L("left")] }
            switch format {
            case .table:
                let title = L("\(team.name) · contact target \(team.contactTarget) per case · recording \(team.recording ? L("on") : L("off")) · review \(team.reviewRequired ? L("on") : L("off")) · lost after \(team.lostAfterDays) day(s) unreached · follow-up target \(team.followUpTarget) %")
                try out.emit(Data((title + "\n" + TextTable.render(header: headings, rows: rows)).utf8), name: format.fileName("team")) // not shown: the export's file name, suggested for a folder
            case .csv, .json, .jsonl:
                let members = team.members.filter { all || $0.active }
                let data = DataRows(keys: header, rows: members.map { [.text($0.id), .text($0.name), .text($0.role.rawValue), .bool($0.active)] })
                try out.emit(data.data(format.data!, excel: out.excel), name: format.fileName("team")) // not shown: the export's file name, suggested for a folder
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take someone off the team (kept as 'left': their journal history keeps its meaning).") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var journal: JournalOptions
        @OptionGroup var language: LanguageOption
        @Argument var id: String
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team") // not shown: command name, --help text (ArgumentParser) or an environment or file name
            let path = try journal.pathToWrite()
            guard var team = try loadTeam(journal: path) else { throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path))")) }
            let now = try TestClock.fromEnvironment()()
            do {
                try team.authorize(.remove, by: actor.id)
                try team.remove(id, at: now)
            } catch { throw ValidationError(error.description) }
            try TeamFile.save(team, journal: path)
            Say.out(L("\(id) has left \(team.name); their cases stay assigned until a lead reassigns them."))
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Team settings: name, contact target, interview recording; review, lost after N days and the follow-up target, each from the moment it is set.") // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var journal: JournalOptions
        @OptionGroup var language: LanguageOption
        @Option(help: "The team's name.") var name: String? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "Contacts per case the team aims for (1–200).") var target: Int? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "Record every interview's screen: on or off.") var recording: OnOff? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(help: "A lead reviews filed interviews before their contacts go to follow-up: on (default) or off.") var review: OnOff? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(name: .customLong("lost-after"), help: "Unreached days in a row that make a contact lost to follow-up (1–14, default 3).") var lostAfter: Int? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @Option(name: .customLong("follow-up-target"), help: "Per cent of contacts under follow-up to reach each day (1–100, default 80).") var followUpTarget: Int? // not shown: command name, --help text (ArgumentParser) or an environment or file name
        @OptionGroup var actor: TeamActor

        func run() throws {
            try journal.fileOnly("team") // not shown: command name, --help text (ArgumentParser) or an environment or file name
            let path = try journal.pathToWrite()
            guard var team = try loadTeam(journal: path) else { throw ValidationError(L("no team file at \(TeamFile.path(forJournal: path))")) }
            do { try team.authorize(.settings, by: actor.id) } catch { throw ValidationError(error.description) }
            if let name { team.name = name }
            if let target, !(1...200).contains(target) { throw ValidationError(L("--target \(target): a number from 1 to 200")) }
            if let recording { team.recording = recording == .on }
            if let lostAfter, !(1...14).contains(lostAfter) { throw ValidationError(L("--lost-after \(lostAfter): a number from 1 to 14")) }
            if let followUpTarget, !(1...100).contains(followUpTarget) {
                throw ValidationError(L("--follow-up-target \(followUpTarget): a number from 1 to 100"))
            }
            // These decide what happened to contacts: they hold from now on, and the days
            // before keep the settings they had (the team file keeps each with its time).
            let now = try TestClock.fromEnvironment()()
            team.changeSettings(at: now) { s in
                if let review { s.reviewRequired = review == .on }
                if let lostAfter { s.lostAfterDays = lostAfter }
                if let followUpTarget { s.followUpTarget = followUpTarget }
                if let target { s.contactTarget = target }
            }
            try TeamFile.save(team, journal: path)
            Say.out(L("\(team.name) · contact target \(team.contactTarget) per case · recording \(team.recording ? L("on") : L("off")) · review \(team.reviewRequired ? L("on") : L("off")) · lost after \(team.lostAfterDays) day(s) unreached · follow-up target \(team.followUpTarget) %"))
        }
    }
}

/// Who is changing the team, named as the desk names who is working. A lead's own word, on a
/// file journal where everyone is one Unix account: see the README's trust model.
struct TeamActor: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Who you are (default: $TRACEDESK_TRACER); a lead, to add a lead, remove someone or change settings.", valueName: "id")) // not shown: command name, --help text (ArgumentParser) or an environment or file name
    var tracer: String?

    var id: String? {
        tracer ?? ProcessInfo.processInfo.environment["TRACEDESK_TRACER"].flatMap { $0.isEmpty ? nil : $0 } // not shown: command name, --help text (ArgumentParser) or an environment or file name
    }
}

enum OnOff: String, ExpressibleByArgument, CaseIterable { case on, off }
extension Role: ExpressibleByArgument {}
