import Foundation
import TracedeskCore

/// The lead gives cases to tracers: the unassigned cases, or one tracer's cases to move to
/// another. Mark several with Space (or all with *), then pick the tracer.
public struct AssignScreen: Sendable {
    /// Whose cases are listed; nil lists the unassigned ones.
    public let holder: String?
    var cursor = ListCursor()
    public private(set) var rows: [String] = []
    public private(set) var marked: Set<String> = []
    /// Choosing the tracer, when open.
    var picking: TracerPicker?

    public init(holder: String?) { self.holder = holder }

    mutating func refresh(_ ctx: DeskContext) {
        let query = QueueQuery(scope: holder == nil ? .unassigned : .all, status: .open)
        rows = ctx.desk.queue(query, tracer: "", now: ctx.now).filter { holder == nil || $0.claimedBy == holder }.map(\.id)
        marked.formIntersection(rows)
        cursor.clamp(count: rows.count)
        let offered = tracers(ctx)
        picking?.offer(offered)
    }

    func title(_ ctx: DeskContext) -> String {
        holder.map { L("tracedesk · \(ctx.tracer) (lead) · \($0)'s open cases · reassign") }
            ?? L("tracedesk · \(ctx.tracer) (lead) · unassigned cases · assign")
    }

    /// The list's rows in the body the screen was last given (see `DeskContext.bodyHeight`).
    static func listHeight(_ ctx: DeskContext) -> Int { max(1, ctx.shownBodyHeight - 2) }

    func tracers(_ ctx: DeskContext) -> [TeamMember] {
        (ctx.desk.team?.activeTracers ?? []).filter { $0.id != holder }
    }

    /// The cases the next assignment moves: the marked ones, else the highlighted one.
    func chosen() -> [String] {
        if !marked.isEmpty { return rows.filter(marked.contains) }
        return rows.indices.contains(cursor.selection) ? [rows[cursor.selection]] : []
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if var p = picking {
            let ids = chosen()
            let r = p.commands(key, ctx, make: { ctx.desk.assignments(ids, to: $0) }, purpose: { .assigned(count: $0, tracer: $1) },
                               saying: Flash(L("Assigning…")))
            picking = r.closed ? nil : p
            if r.saved { marked = [] }
            return r.commands
        }
        let action = ctx.keymap.action(for: key, in: .assign)
        if cursor.handle(action, count: rows.count, height: Self.listHeight(ctx)) { return [] }
        switch action {
        case .markCase:
            guard rows.indices.contains(cursor.selection) else { return [] }
            let id = rows[cursor.selection]
            if marked.remove(id) == nil { marked.insert(id) }
            cursor.move(to: cursor.selection + 1, count: rows.count, height: Self.listHeight(ctx))
        case .markAll:
            marked = marked.count == rows.count ? [] : Set(rows)
        case .assignCases:
            guard !chosen().isEmpty else { return [.flash(Flash(L("No case to assign."), .info))] }
            // The team as the file now says (read again only if it changed): one added while
            // the desk is open is offered. The picker opens first, empty or not, and is filled
            // by the read; deciding "nobody" before it missed a tracer who was the only other.
            picking = TracerPicker(people: tracers(ctx))
            return [.effect(.reloadTeam)]
        case .back: return [.pop]
        case .help: return [.push(.help(HelpScreen(context: .assign)))]
        default: break
        }
        return []
    }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        let what = holder.map { L("\($0) holds \(rows.count) open case(s)") } ?? L("\(rows.count) open case(s) nobody holds")
        // The keys only when they fit whole (the hint bar names them too): in Indonesian at 80
        // with a tracer's name the line was cut inside "tugaskan".
        let full = L(" \(what) · \(marked.count) marked · Space marks, * all, a assigns")
        let line = DisplayWidth.of(full) < body.width ? full : L(" \(what) · \(marked.count) marked")
        f.put(line, x: 0, y: body.y, slot: .fieldLabel, maxWidth: body.width)
        let hy = body.y + 1
        f.fill(y: hy, slot: .header)
        // The patient's name takes what the other columns leave.
        // Ids whole, headings whole; the patient's name takes what the other columns leave.
        func w(_ h: String, _ n: Int) -> (String, Int) { (h, max(n, DisplayWidth.of(h))) }
        let idW = QueueLayout.idColumnWidth(rows.compactMap { ctx.desk[$0]?.id }, heading: L("Case"))
        var cols: [(String, Int)] = [(" ", 2), (L("Case"), idW), w(L("Patient"), 0), w(L("Kelurahan"), 12), w(L("Result"), 5), w(L("Status"), 12)]
        let fixed = cols.reduce(0) { $0 + $1.1 + 1 } + 1
        // The room for the name's column whole (its heading was counted in `fixed` and then
        // left empty at the row's end), the last column kept free.
        let free = f.size.width - fixed - 1 + cols[2].1
        // Each column takes what its rows need, not a share fixed in advance: "telepon ulang"
        // was cut at 80 while the name's column had 14 empty. The status first (a short word,
        // unreadable cut) as long as the name keeps 12; then the name what its names need;
        // then the kelurahan; what is left goes to the name.
        let cases = rows.compactMap { ctx.desk[$0] }
        let statusNeed = min(24, cases.map { DisplayWidth.of($0.status.label) }.max() ?? 0) - cols[5].1
        let kelurahanNeed = min(20, cases.map { DisplayWidth.of($0.record.kelurahan) }.max() ?? 0) - cols[3].1
        let nameNeed = max(cols[2].1, min(40, cases.map { DisplayWidth.of($0.record.name) }.max() ?? 0))
        var spare = max(0, free)
        let status = min(max(0, statusNeed), max(0, spare - min(12, nameNeed)))
        cols[5].1 += status; spare -= status
        let name = min(nameNeed, spare)
        spare -= name
        let kelurahan = min(max(0, kelurahanNeed), spare)
        cols[3].1 += kelurahan; spare -= kelurahan
        cols[2].1 = max(cols[2].1, name + spare)
        var x = 1
        for (h, w) in cols { f.field(h, x: x, y: hy, width: w, slot: .header); x += w + 1 }
        // The rows the body has under the heading: a message of two lines takes the body's
        // last row, and a list sized from the window drew its last row under it.
        let height = max(1, body.maxY - hy - 1)
        let top = cursor.visibleTop(count: rows.count, height: height)
        if rows.isEmpty { f.put(L("  No open cases here."), x: 0, y: hy + 1, slot: .disabled) }
        for (i, id) in rows.dropFirst(top).prefix(height).enumerated() {
            guard let c = ctx.desk[id] else { continue }
            let y = hy + 1 + i
            let selected = top + i == cursor.selection
            if selected { f.fill(y: y, slot: .selected) }
            let cells = [marked.contains(id) ? "✓" : "", c.id, c.record.name, c.record.kelurahan, DateText.short(c.record.resultDate), c.status.label]
            x = 1
            for (cell, (_, w)) in zip(cells, cols) {
                f.field(cell, x: x, y: y, width: w, slot: selected ? .selected : .normal)
                x += w + 1
            }
        }
        if let picking {
            picking.view(into: &f, body, title: L("Assign \(chosen().count) case(s) to:")) { m in
                let load = ctx.desk.cases.values.filter { $0.claimedBy == m.id && !$0.status.isDone }.count
                return L("\(load) open")
            }
        }
    }
}
