import Foundation
import TracedeskCore

/// The lead's review queue: filed interviews awaiting review, oldest first, with what to look at.
public struct ReviewQueueScreen: Sendable {
    var cursor = ListCursor()
    /// Case ids in queue order, recomputed when the desk changes.
    public private(set) var rows: [String] = []

    public init() {}

    mutating func refresh(_ ctx: DeskContext) {
        let selected = rows.indices.contains(cursor.selection) ? rows[cursor.selection] : nil
        rows = ctx.desk.reviewQueue().map(\.id)
        if let selected, let i = rows.firstIndex(of: selected) { cursor.selection = i }
        cursor.clamp(count: rows.count)
    }

    func title(_ ctx: DeskContext) -> String {
        L("tracedesk · \(ctx.tracer) (lead) · review queue · \(rows.count) awaiting review")
    }

    /// The list's rows in the body the screen was last given (see `DeskContext.bodyHeight`).
    static func listHeight(_ ctx: DeskContext) -> Int { max(1, ctx.shownBodyHeight - 2) }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        let action = ctx.keymap.action(for: key, in: .review)
        if cursor.handle(action, count: rows.count, height: Self.listHeight(ctx)) { return [] }
        switch action {
        case .openCase:
            guard rows.indices.contains(cursor.selection), let file = ctx.desk[rows[cursor.selection]],
                  let screen = ReviewScreen(file: file) else {
                return [.flash(Flash(L("Nothing awaits review."), .info))]
            }
            return [.push(.reviewInterview(screen)), .effect(.loadInterviewHistory(caseId: file.id))]
        case .openBoard: return [.push(.board(TeamBoardScreen()))]
        case .back: return [.pop]
        case .help: return [.push(.help(HelpScreen(context: .review)))]
        default: return []
        }
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let target = ctx.desk.team?.contactTarget ?? Team.defaultContactTarget
        f.put(L(" Oldest first: the longer an interview waits, the longer its contacts wait."), x: 0, y: body.y, slot: .fieldLabel)
        let hy = body.y + 1
        f.fill(y: hy, slot: .header)
        // Ids whole, headings whole; the patient's name takes what the warnings leave (≥ 24).
        func w(_ h: String, _ n: Int) -> (String, Int) { (h, max(n, DisplayWidth.of(h))) }
        let idW = QueueLayout.idColumnWidth(rows.compactMap { ctx.desk[$0]?.id }, heading: L("Case"))
        var cols: [(String, Int)] = [w(L("Waiting"), 5), w(L("Tracer"), 10), (L("Case"), idW), w(L("Patient"), 0), w(L("Days"), 4), w(L("Contacts"), 7)]
        let fixed = cols.reduce(0) { $0 + $1.1 + 1 } + 1
        // The name and the warnings share what is left by what the rows shown need: the name
        // whole when the warnings leave room, the warnings at least half when they need it.
        // The rows the body has under the heading: a message of two lines takes the body's
        // last row, and a list sized from the window drew its last row under it.
        let height = max(1, body.maxY - hy - 1)
        let shown = rows.dropFirst(cursor.visibleTop(count: rows.count, height: height)).prefix(height).compactMap { ctx.desk[$0] }
        let nameNeed = shown.map { DisplayWidth.of($0.record.name) }.max() ?? 0
        let warningsNeed = shown.map { DisplayWidth.of(ReviewWarning.of($0, contactTarget: target, clock: ctx.settings.clock).map(\.text).joined(separator: " · ")) }.max() ?? 1
        let room = f.size.width - fixed - 1
        cols[3].1 = max(cols[3].1, min(nameNeed, room - min(max(1, warningsNeed), room / 2)))
        var x = 1
        for (i, (h, w)) in cols.enumerated() {
            if i == 4 || i == 5 { f.fieldRight(h, x: x, y: hy, width: w, slot: .header) } else { f.field(h, x: x, y: hy, width: w, slot: .header) }
            x += w + 1
        }
        f.field(L("Warnings"), x: x, y: hy, width: f.size.width - x, slot: .header)
        guard !rows.isEmpty else {
            f.put(L("  No interviews await review. b shows the team board; Esc the case queue."), x: 0, y: hy + 2, slot: .disabled)
            return
        }
        let top = cursor.visibleTop(count: rows.count, height: height)
        for (i, id) in rows.dropFirst(top).prefix(height).enumerated() {
            guard let c = ctx.desk[id], let filed = c.interview else { continue }
            let y = hy + 1 + i
            let selected = top + i == cursor.selection
            if selected { f.fill(y: y, slot: .selected) }
            let waited = c.hoursAwaitingReview(at: ctx.now)
            let close = filed.contacts.filter(\.isClose).count
            let cells = [L("\(waited)h"), c.filedBy ?? "", c.id, c.record.name, "\(filed.daysWalked)", "\(filed.contacts.count) (\(close))"]
            x = 1
            for (i, (cell, (_, w))) in zip(cells, cols).enumerated() {
                let slot: Slot = selected ? .selected : (c.isReviewOverdue(at: ctx.now) && i == 0 ? .overdue : .normal)
                // The days and contacts are numbers: right-aligned, so their digits line up.
                if i == 4 || i == 5 { f.fieldRight(cell, x: x, y: y, width: w, slot: slot) } else { f.field(cell, x: x, y: y, width: w, slot: slot) }
                x += w + 1
            }
            let warnings = ReviewWarning.line(ReviewWarning.of(c, contactTarget: target, clock: ctx.settings.clock).map(\.text), width: f.size.width - x)
            f.field(warnings.isEmpty ? "—" : warnings, x: x, y: y, width: f.size.width - x, slot: selected ? .selected : (warnings.isEmpty ? .disabled : .warning))
        }
    }
}

extension ReviewWarning {
    /// As many warnings as fit whole in `width`, then how many more ("+2"): a warning is never
    /// cut in its middle (the review screen lists them all). Only a first warning wider than
    /// the room is cut, marked.
    static func line(_ texts: [String], width: Int) -> String {
        guard !texts.isEmpty else { return "" }
        let all = texts.joined(separator: " · ")
        if DisplayWidth.of(all) <= width { return all }
        for n in stride(from: texts.count - 1, through: 1, by: -1) {
            let s = texts.prefix(n).joined(separator: " · ") + " · +\(texts.count - n)"
            if DisplayWidth.of(s) <= width { return s }
        }
        return texts[0]
    }

    /// In the lead's words, short enough for the review queue's last column.
    var text: String {
        switch self {
        case .emptyDays(let days):
            let list = days.prefix(3).map(DateText.short).joined(separator: ", ")
            return days.count == 1 ? L("day \(list) empty") : L("\(days.count) days empty (\(list)\(days.count > 3 ? "…" : ""))")
        case .contactsWithoutPhone(let names):
            // The words first, the name after: a name cut to fit the column loses only its end.
            return names.count == 1 ? L("no phone: \(names[0])") : L("\(names.count) contacts without phone")
        case .belowTarget(let n, let target):
            return L("\(n) contact(s) < target \(target)")
        }
    }

    /// Every day and every name: what the review read in full shows. The pager exists to
    /// show things whole; given `text`, it showed "7 days empty (24/11, 25/11, 26/11…)".
    var whole: String {
        switch self {
        case .emptyDays(let days) where days.count > 1:
            let list = days.map(DateText.short).joined(separator: ", ")
            return L("\(days.count) days empty: \(list)")
        case .contactsWithoutPhone(let names) where names.count > 1:
            let list = names.joined(separator: ", ")
            return L("\(names.count) contacts without phone: \(list)")
        default:
            return text
        }
    }
}
