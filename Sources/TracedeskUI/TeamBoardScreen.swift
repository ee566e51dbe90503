import Foundation
import TracedeskCore

/// The lead's team board: each tracer's figures for today and the team's totals; from here
/// the lead assigns unassigned cases and moves cases between tracers.
public struct TeamBoardScreen: Sendable {
    public enum Filter: String, CaseIterable, Sendable {
        case all, returned, overdue, belowTarget

        var label: String {
            switch self {
            case .all: L("all tracers")
            case .returned: L("with returned interviews")
            case .overdue: L("with overdue callbacks")
            case .belowTarget: L("below the contact target")
            }
        }

        func admits(_ r: TeamBoard.Row, target: Int) -> Bool {
            switch self {
            case .all: true
            case .returned: r.returned > 0
            case .overdue: r.hasOverdueCallbacks
            case .belowTarget: r.isBelowTarget(target)
            }
        }
    }

    var cursor = ListCursor()
    public var sort: TeamBoard.Column = .tracer
    public var filter: Filter = .all
    public private(set) var board: TeamBoard?
    public private(set) var rows: [TeamBoard.Row] = []
    /// WHO's follow-up figures under the board, made with it: a city's are a pass over half a
    /// million follow-ups, which drawing them at every frame made of every key.
    private(set) var figures: FollowUpFigures?
    /// What the figures are kept in: made again only for the follow-ups changed since. The app
    /// holds it (and the rows') while the board is closed (`DeskApp.KeptLists`).
    var tally = FollowUpTally()
    /// The board's rows, kept likewise: made again only for the cases changed since.
    var boardTally = TeamBoardTally()
    /// Opened while the app makes the tallies on another thread: it says so until they come.
    var waiting = false

    public init() {}

    mutating func refresh(_ ctx: DeskContext) {
        guard !waiting else { return }
        let b = boardTally.board(desk: ctx.desk, day: ctx.settings.clock.day(of: ctx.now), now: ctx.now, clock: ctx.settings.clock)
        board = b
        figures = tally.figures(desk: ctx.desk, day: b.day, clock: ctx.settings.clock)
        let selected = rows.indices.contains(cursor.selection) ? rows[cursor.selection].tracer : nil
        rows = b.sorted(by: sort).filter { filter.admits($0, target: b.contactTarget) }
        if let selected, let i = rows.firstIndex(where: { $0.tracer == selected }) { cursor.selection = i }
        cursor.clamp(count: rows.count)
    }

    func title(_ ctx: DeskContext) -> String {
        L("tracedesk · \(ctx.tracer) (lead) · team board · \(ctx.desk.team?.name ?? "")")
    }

    /// The list's rows in the body the screen was last given (see `DeskContext.bodyHeight`).
    static func listHeight(_ ctx: DeskContext) -> Int { max(1, ctx.shownBodyHeight - 4) }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        let action = ctx.keymap.action(for: key, in: .board)
        if cursor.handle(action, count: rows.count, height: Self.listHeight(ctx)) { return [] }
        switch action {
        case .sortBoard:
            let all = TeamBoard.Column.allCases
            sort = all[(all.firstIndex(of: sort)! + 1) % all.count]
            refresh(ctx)
            return [.flash(Flash(L("Sorted by \(sort.heading).")))]
        case .filterBoard:
            let all = Filter.allCases
            filter = all[(all.firstIndex(of: filter)! + 1) % all.count]
            refresh(ctx)
            return [.flash(Flash(L("Showing \(filter.label).")))]
        case .openCase:
            guard rows.indices.contains(cursor.selection) else { return [] }
            return [.push(.assign(AssignScreen(holder: rows[cursor.selection].tracer)))]
        case .assignCases:
            return [.push(.assign(AssignScreen(holder: nil)))]
        case .openReview: return [.push(.review(ReviewQueueScreen()))]
        case .back: return [.pop]
        case .help: return [.push(.help(HelpScreen(context: .board)))]
        default: return []
        }
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        guard let board else {
            if waiting { f.put(L("  Counting…"), x: 0, y: body.y + 1, slot: .disabled) }
            return
        }
        let day = board.day
        // The day and the unassigned cases always; then what fits whole: the target, the
        // filter and the sort (which the heading's ▾ shows anyway), never a cut half.
        var x = f.put(" \(DateText.long(day)) · ", x: 0, y: body.y, slot: .fieldLabel)
        x += f.put(L("unassigned cases: \(board.unassigned)"), x: x, y: body.y, slot: board.unassigned > 0 ? .warning : .normal)
        for part in [L("target \(board.contactTarget) contacts/case"), L("showing \(filter.label)"), L("sorted by \(sort.heading)")] {
            let text = " · " + part
            guard x + DisplayWidth.of(text) < f.size.width else { break }
            x += f.put(text, x: x, y: body.y, slot: .fieldLabel)
        }
        let widths = Self.widths(f.size.width)
        let hy = body.y + 1
        f.fill(y: hy, slot: .header)
        var cx = 1
        for (col, w) in zip(TeamBoard.Column.allCases, widths) {
            let heading = col.heading + (col == sort ? "▾" : "")
            if col == .tracer { f.field(heading, x: cx, y: hy, width: w, slot: .header) } else { f.fieldRight(heading, x: cx, y: hy, width: w, slot: .header) }
            cx += w + 1
        }
        let height = max(1, body.height - 4) // as `listHeight`: the day, the heading, a gap and the total
        let top = cursor.visibleTop(count: rows.count, height: height)
        // Wrapped, not cut at the edge (80 columns cut its command): the total goes below it.
        let emptyLines = rows.isEmpty ? Wrap.lines(L("  No tracer matches. f changes the filter; team members come from tracedesk team add.").trimmingCharacters(in: .whitespaces), width: body.width - 3) : []
        for (i, line) in emptyLines.enumerated() { f.put("  " + line, x: 0, y: hy + 1 + i, slot: .disabled) }
        for (i, r) in rows.dropFirst(top).prefix(height).enumerated() {
            let selected = top + i == cursor.selection
            draw(r, y: hy + 1 + i, widths: widths, selected: selected, target: board.contactTarget, into: &f)
        }
        let ty = min(hy + 2 + max(min(rows.count, height), emptyLines.count), body.maxY - 1)
        f.fill(y: ty, slot: .header)
        draw(board.total, y: ty, widths: widths, selected: false, target: board.contactTarget, into: &f, total: true)
        if let figures {
            FollowUpScreen.drawFigures(figures, into: &f, y: ty + 1, maxY: body.maxY, tracer: rows.indices.contains(cursor.selection) ? rows[cursor.selection].tracer : nil)
        }
    }

    private func draw(_ r: TeamBoard.Row, y: Int, widths: [Int], selected: Bool, target: Int, into f: inout Frame, total: Bool = false) {
        if selected { f.fill(y: y, slot: .selected) }
        var x = 1
        for (col, w) in zip(TeamBoard.Column.allCases, widths) {
            var text = col.text(r)
            if col == .tracer && !total {
                // The id whole; the name only where it fits (at 80 columns it does not).
                let named = r.tracer + (r.name.isEmpty ? "" : " · " + r.name)
                text = (DisplayWidth.of(named) <= w ? named : r.tracer) + (r.outsideTeam ? L(" (not a tracer)") : "")
            }
            if col == .tracer && total { text = L("Team total") }
            var slot: Slot = total ? .header : .normal
            if !total && !selected {
                switch col {
                case .returned where r.returned > 0: slot = .returned
                case .callbacksOverdue where r.callbacksOverdue > 0: slot = .overdue
                case .contactsPerCase where (r.contactsPerCase ?? Double(target)) < Double(target): slot = .warning
                default: break
                }
            }
            // Figures right-aligned, as in every table of numbers: their digits line up.
            if col == .tracer { f.field(text, x: x, y: y, width: w, slot: selected ? .selected : slot) } else { f.fieldRight(text, x: x, y: y, width: w, slot: selected ? .selected : slot) }
            x += w + 1
        }
    }

    /// The tracer column takes what the figures leave.
    static func widths(_ width: Int) -> [Int] {
        let figures = [6, 5, 11, 8, 5, 5, 13, 7]
        let used = figures.reduce(0, +) + figures.count + 2
        // At 80 columns the figures take 70: the tracer's id (up to 10) keeps what is left,
        // so no heading at the right is cut.
        return [max(10, width - used)] + figures
    }
}
