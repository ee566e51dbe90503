import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// The team board's figures without the desk: for the daily report to the health office.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", // not shown: command name, --help text (ArgumentParser)
        abstract: "The team's figures for a day: per tracer and in total.", // not shown: command name, --help text (ArgumentParser)
        // catalogue: not shown from here — the --help text (ArgumentParser writes its help in English)
        discussion: """
        Interviewed and calls count what happened on the day (WIB); ≤24h and contacts/case are over \
        the interviews filed up to the end of the day; cases, open, returned and overdue callbacks are \
        the cases as they stand now, or for a past --date as they stood at the end of that day. \
        Follow-up figures: under follow-up, reached and those lost, completed or become cases \
        "on the day"; followed, completed, still lost and become cases "to date" (up to the day's end: \
        each contact counted once, by how their follow-up stands, as WHO's shares are; a contact lost \
        for a while and then reached to the end is completed, not lost); \
        by the team settings in force that day.
        """)
        // catalogue: shown again

    @OptionGroup var journal: JournalOptions
    @OptionGroup var language: LanguageOption

    @Option(help: ArgumentHelp("The day, YYYY-MM-DD (default: today in the desk's time zone).", valueName: "date")) // not shown: command name, --help text (ArgumentParser)
    var date: String?

    @Option(help: "table, json, jsonl or csv.") // not shown: command name, --help text (ArgumentParser)
    var format: OutputFormat = .table

    @OptionGroup var out: OutputOptions

    func validate() throws { try out.check(csv: format == .csv) }

    func run() throws {
        let clock = try ConfigLoader.load().settings.clock
        var now = try TestClock.fromEnvironment()()
        var day = clock.day(of: now)
        var cutoff: Date?
        if let date {
            guard let d = Day(parsing: date) else { throw ValidationError(L("--date \(date): use YYYY-MM-DD, e.g. 2021-07-05")) }
            guard d <= day else { throw ValidationError(L("--date \(date): that day has not come yet (today is \(DateText.full(day)))")) }
            if d < day {
                // A past day as it was at its end: the journal replayed up to midnight.
                let end = clock.start(of: Day(ordinal: d.ordinal + 1))
                cutoff = end
                now = end.addingTimeInterval(-0.001)
            }
            day = d
        }
        let desk = try openDesk(journal, before: cutoff)
        // A past day's contact target and tracers are the team's then, where the team file
        // records them; where it does not, today's, and the report says so.
        var stood: Team?
        var todays: [String] = []
        if cutoff != nil, let team = desk.team {
            stood = team.asItStood(from: clock.start(of: day), to: clock.start(of: day.adding(days: 1)))
            if stood == nil { todays = ["contact_target", "tracers"] } // not shown: the report's keys in its data
        }
        let board = TeamBoard(desk: desk, day: day, now: now, clock: clock, team: stood)
        let todaysNote: String? = todays.isEmpty ? nil : desk.team.map { team in
            team.historySince.map { L("The contact target and the tracers listed are today's: the team file records them from \(DateText.full(clock.day(of: $0))) on.") }
                ?? L("The contact target and the tracers listed are today's: this team file does not record their history.")
        }
        if let todaysNote, format != .table, format != .json { Say.err(todaysNote + "\n") }
        let followUp = FollowUpFigures(desk: desk, day: day, clock: clock)
        let columns = TeamBoard.Column.allCases
        let rows = board.rows.map { r in columns.map { $0.text(r) } + [r.name] }
        let totals = columns.map { $0.text(board.total) } + [""]
        let keys = columns.map(\.rawValue) + ["name"] // not shown: the report's keys in its data
        func cells(_ r: TeamBoard.Row, name: String?) -> [Cell] {
            columns.map { c -> Cell in
                switch c {
                case .tracer: .text(r.tracer)
                case .within24h: r.within24hShare.map { .number(($0 * 1000).rounded() / 1000) } ?? .null
                case .contactsPerCase: r.contactsPerCase.map { .number(($0 * 10).rounded() / 10) } ?? .null
                default: .int(Int(c.key(r)))
                }
            } + [Cell.optional(name)]
        }
        let table = DataRows(keys: keys, rows: board.rows.map { cells($0, name: $0.name) } + [cells(board.total, name: nil)])
        // csv and jsonl rows carry the follow-up figures too, per tracer and for the team (the
        // total row), with the day's new cases known as contacts on the total row.
        func figures(_ c: FollowUpFigures.Counts?) -> [Cell] {
            let c = c ?? FollowUpFigures.Counts()
            return [.int(c.underFollowUp), .int(c.reached), c.reachedShare.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
                    .int(c.lost), .int(c.completed), .int(c.convertedToCases), .int(c.followedToDate), .int(c.lostToDate),
                    .int(c.completedToDate), .int(c.convertedToCasesToDate)]
        }
        let flat = DataRows(keys: keys + FollowUpFigures.Counts.keys.map { "follow_up_" + $0 } + ["new_cases", "new_cases_already_contacts"], // not shown: column keys
                            rows: board.rows.map { cells($0, name: $0.name) + figures(followUp.tracers[$0.tracer]) + [.null, .null] }
                                + [cells(board.total, name: nil) + figures(followUp.team) + [.int(followUp.newCases), .int(followUp.newCasesAlreadyContacts)]])
        switch format {
        case .table:
            let title = L("Team report for \(DateText.full(day)) · contact target \(board.contactTarget) per case · unassigned cases \(board.unassigned)")
            var text = title + "\n" + (todaysNote.map { $0 + "\n" } ?? "") + TextTable.render(header: columns.map(\.heading) + [L("Name")], rows: rows + [totals])
            // WHO's follow-up figures: per tracer, then the team.
            for (id, c) in followUp.tracers.sorted(by: { $0.key < $1.key }) { text += "\(id): " + FollowUpFigures.line(c, target: followUp.target) + "\n" }
            text += L("team: ") + FollowUpFigures.line(followUp.team, target: followUp.target) + "\n"
            try out.emit(Data(text.utf8), name: format.fileName("report")) // not shown: the export's file name, suggested for a folder
        case .csv:
            try out.emit(flat.data(.csv, excel: out.excel), name: format.fileName("report")) // not shown: the export's file name, suggested for a folder
        case .jsonl:
            // One line a tracer, then the total; each line says its day.
            try out.emit(DataRows(keys: ["date"] + flat.keys, rows: flat.rows.map { [.text(day.iso)] + $0 }).data(.jsonl, excel: false), name: format.fileName("report")) // not shown: the report's keys in its data
        case .json:
            struct Report: Encodable {
                var date: String
                var contact_target: Int
                /// Keys whose values are today's, not the day's (the team file keeps no history of them).
                var todays_settings: [String]
                var unassigned: Int
                var tracers: [[String: Cell]]
                var total: [String: Cell]
                var follow_up: FollowUpFigures
            }
            let objects = table.objects
            try out.emit(jsonData(Report(date: day.iso, contact_target: board.contactTarget, todays_settings: todays, unassigned: board.unassigned,
                                         tracers: Array(objects.dropLast()), total: objects.last ?? [:], follow_up: followUp)), name: format.fileName("report")) // not shown: the export's file name, suggested for a folder
        }
    }
}
