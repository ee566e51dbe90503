import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// The team board's figures without the desk: for the daily report to the health office.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The team's figures for a day: per tracer and in total.",
        discussion: """
        Interviewed and calls count what happened on the day (WIB); ≤24h and contacts/case are over \
        the interviews filed up to the end of the day; cases, open, returned and overdue callbacks are \
        the cases as they stand now.
        """)

    @OptionGroup var journal: JournalOptions

    @Option(help: ArgumentHelp("The day, YYYY-MM-DD (default: today in the desk's time zone).", valueName: "date"))
    var date: String?

    @Option(help: "table, json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let clock = try ConfigLoader.load().settings.clock
        let now = Date()
        var day = clock.day(of: now)
        if let date {
            guard let d = Day(parsing: date) else { throw ValidationError(L("--date \(date): use YYYY-MM-DD, e.g. 2021-07-05")) }
            day = d
        }
        let desk = try openDesk(journal)
        let board = TeamBoard(desk: desk, day: day, now: now, clock: clock)
        let followUp = FollowUpFigures(desk: desk, day: day, clock: clock)
        let columns = TeamBoard.Column.allCases
        let rows = board.rows.map { r in columns.map { $0.text(r) } + [r.name] }
        let totals = columns.map { $0.text(board.total) } + [""]
        switch format {
        case .table:
            print(L("Team report for \(day.iso) · contact target \(board.contactTarget) per case · unassigned cases \(board.unassigned)"))
            print(TextTable.render(header: columns.map(\.heading) + [L("Name")], rows: rows + [totals]), terminator: "")
            for (id, c) in followUp.tracers.sorted(by: { $0.key < $1.key }) { print("\(id): " + FollowUpFigures.line(c, target: followUp.target)) }
            print(L("team: ") + FollowUpFigures.line(followUp.team, target: followUp.target))
        case .csv:
            try writeCSV(header: columns.map(\.rawValue) + ["name"], rows: rows + [totals])
        case .json:
            struct Report: Encodable {
                var date: String
                var contactTarget: Int
                var unassigned: Int
                var tracers: [[String: String]]
                var total: [String: String]
                var followUp: FollowUpFigures
            }
            let keys = columns.map(\.rawValue) + ["name"]
            try printJSON(Report(date: day.iso, contactTarget: board.contactTarget, unassigned: board.unassigned,
                                 tracers: rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) },
                                 total: Dictionary(uniqueKeysWithValues: zip(keys, totals)), followUp: followUp))
        }
    }
}
