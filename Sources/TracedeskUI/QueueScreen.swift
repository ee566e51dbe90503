import Foundation
import TracedeskCore

/// The case queue: the tracer's whole day, worked from the keyboard.
public struct QueueScreen: Sendable {
    public var query = QueueQuery()
    /// Positions in the desk's case table, in queue order.
    public private(set) var rows: [Int] = []
    /// The queue before the search: what a search filters.
    var sorted: [Int] = []
    /// The queue kept as the desk moves: only changed cases placed again, not all sorted.
    private(set) var kept = QueueTally()
    public private(set) var selection = 0
    public private(set) var top = 0
    public private(set) var searching = false
    var searchField = TextField(maxLength: 60)
    /// The selected case's id: selection follows the case when the queue reorders.
    var selectedId: String?
    /// The header's counts, computed with the rows rather than on every frame.
    var counts = QueueCounts()
    /// The counts kept as the desk moves: only changed cases counted again, not all.
    private(set) var keptCounts = QueueCountsTally()

    public init() {}

    public func selectedCase(_ ctx: DeskContext) -> CaseFile? {
        rows.indices.contains(selection) ? ctx.desk.cases[position: rows[selection]] : nil
    }

    /// How many times the queue was recomputed (tests: only the screen on top is).
    var refreshes = 0

    public mutating func refresh(_ ctx: DeskContext) {
        refreshes += 1
        counts = keptCounts.counts(desk: ctx.desk, now: ctx.now, clock: ctx.settings.clock)
        refreshRows(ctx)
    }

    /// The rows alone: a search changes what is shown, not the header's counts.
    private mutating func refreshRows(_ ctx: DeskContext) {
        sorted = kept.positions(desk: ctx.desk, scope: query.scope, status: query.status, tracer: ctx.tracer, now: ctx.now)
        applySearch(ctx)
    }

    /// A search only hides rows, so it filters the sorted queue instead of sorting again.
    private mutating func applySearch(_ ctx: DeskContext) {
        let needle = SearchText.needle(query.search)
        rows = needle.isEmpty ? sorted : ctx.desk.cases.positions(sorted, matching: needle)
        selectAfterRefresh(ctx)
    }

    /// Puts the selection on `caseId` when the queue shows it.
    public mutating func select(caseId: String, _ ctx: DeskContext) {
        selectedId = caseId
        selectAfterRefresh(ctx)
    }

    private mutating func selectAfterRefresh(_ ctx: DeskContext) {
        if let id = selectedId, let p = ctx.desk.cases.position(of: id), let i = rows.firstIndex(of: p) {
            selection = i
        } else {
            selection = min(selection, max(0, rows.count - 1))
        }
        selectedId = selectedCase(ctx)?.id
    }

    func title(_ ctx: DeskContext) -> String {
        let c = counts
        return L("tracedesk · \(ctx.tracer) · waiting \(c.waiting) · callbacks due \(c.callbacksDue) · done today \(c.doneToday)")
    }

    /// A paste into the search field while searching; nil elsewhere (the list takes no text).
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? {
        guard searching else { return nil }
        let cut = searchField.paste(text)
        setSearch(searchField.text, ctx)
        return Pasted(cut: cut)
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        if searching {
            switch ctx.keymap.action(for: key, in: .search) {
            case .acceptSearch:
                searching = false
                return []
            case .clearSearch:
                searching = false
                searchField = TextField(maxLength: 60)
                setSearch("", ctx)
                return []
            default:
                if key == .backspace && searchField.isEmpty { searching = false; return [] }
                if searchField.handle(key) { setSearch(searchField.text, ctx) }
                return []
            }
        }
        switch ctx.keymap.action(for: key, in: .queue) {
        case .moveUp: move(to: selection - 1, ctx)
        case .moveDown: move(to: selection + 1, ctx)
        case .pageUp: move(to: selection - page(ctx), ctx)
        case .pageDown: move(to: selection + page(ctx), ctx)
        case .first: move(to: 0, ctx)
        case .last: move(to: rows.count - 1, ctx)
        case .search:
            searching = true
            searchField = TextField(query.search, maxLength: 60)
        case .clearSearch:
            if !query.search.isEmpty { searchField = TextField(maxLength: 60); setSearch("", ctx) }
        case .cycleScope:
            let all = QueueScope.allCases
            query.scope = all[(all.firstIndex(of: query.scope)! + 1) % all.count]
            refresh(ctx)
            return [.flash(Flash(L("Showing \(query.scope.label) cases.")))]
        case .cycleStatus:
            query.status = query.status.next()
            refresh(ctx)
            return [.flash(Flash(L("Status filter: \(query.status.label).")))]
        case .viewCase:
            guard let c = selectedCase(ctx) else { return [.flash(Flash(L("No case selected."), .warning))] }
            var screen = CaseScreen(caseId: c.id)
            screen.viewOnly = true
            return [.push(.caseFile(screen))]
        case .openCase:
            guard let c = selectedCase(ctx) else { return [.flash(Flash(L("No case selected."), .warning))] }
            return [.push(.caseFile(CaseScreen(caseId: c.id))), .save(.claim(caseId: c.id))]
        case .startInterview:
            // After a restart the desk shows the queue, not the interview (keys typed before the
            // first frame must not land in a patient's field): i takes the tracer back into it.
            guard let c = selectedCase(ctx) else { return [.flash(Flash(L("No case selected."), .warning))] }
            guard c.claimedBy == ctx.tracer, c.draft != nil else {
                return [.flash(Flash(L("No interview of yours in progress on \(c.id): Enter opens the case."), .info))]
            }
            return [.push(.caseFile(CaseScreen(caseId: c.id))), .effect(.openInterview(caseId: c.id, resumed: true))]
        case .openReview, .openBoard:
            guard ctx.role == .lead else {
                return [.flash(Flash(L("Reviews and the team board are for team leads; \(ctx.tracer) is a tracer."), .warning))]
            }
            return [.push(ctx.keymap.action(for: key, in: .queue) == .openReview ? .review(ReviewQueueScreen()) : .board(TeamBoardScreen()))]
        case .openFollowUp: return FollowUpScreen.open(ctx)
        case .help: return [.push(.help(HelpScreen(context: .queue)))]
        case .quit: return [.effect(.quit)]
        default: break
        }
        return []
    }

    private mutating func setSearch(_ text: String, _ ctx: DeskContext) {
        let previous = query.search
        query.search = text
        selectedId = nil
        selection = 0
        top = 0
        let old = SearchText.needle(previous)
        let new = SearchText.needle(text)
        if !old.isEmpty && new.starts(with: old) {
            // Typing narrows: the rows already in order only lose members.
            rows = ctx.desk.cases.positions(rows, matching: new)
            selectAfterRefresh(ctx)
        } else {
            applySearch(ctx)
        }
    }

    private mutating func move(to i: Int, _ ctx: DeskContext) {
        selection = max(0, min(rows.count - 1, i))
        selectedId = selectedCase(ctx)?.id
        let h = QueueScreen.listHeight(ctx)
        if selection < top { top = selection }
        if selection >= top + h { top = selection - h + 1 }
    }

    /// Rows of cases that fit: the body the screen was last given (see
    /// `DeskContext.bodyHeight`) less the filter line and the column header.
    static func listHeight(_ ctx: DeskContext) -> Int { max(1, ctx.shownBodyHeight - 2) }
    private func page(_ ctx: DeskContext) -> Int { max(1, QueueScreen.listHeight(ctx) - 1) }

    // MARK: - View

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        // Filter line.
        let y0 = body.y
        var x = f.put(L(" Show: "), x: 0, y: y0, slot: .fieldLabel)
        x += f.put(query.scope.label, x: x, y: y0, slot: .normal)
        x += f.put(L("  Status: "), x: x, y: y0, slot: .fieldLabel)
        x += f.put(query.status.label, x: x, y: y0, slot: .normal)
        x += f.put(L("  Search: "), x: x, y: y0, slot: .fieldLabel)
        let listHeight = max(1, body.height - 2)
        let first = visibleTop(listHeight) + 1, last = min(rows.count, visibleTop(listHeight) + listHeight)
        // The count in as many words as fit beside what is searched for: whole, then without
        // the journal's total, then as "1–19/46". A cut label or count was the alternative
        // (80 columns in Indonesian, with a long status). Never a bare number: a long search
        // left "0" beside it, which said nothing; the search is cut ("…") before that.
        let counts = rows.count > listHeight
            ? [L("  \(first)–\(last) of \(rows.count) shown · \(ctx.desk.cases.count) case(s) "),
               L("  \(first)–\(last) of \(rows.count) shown "), "  \(first)–\(last)/\(rows.count) "]
            : [L("  \(rows.count) shown · \(ctx.desk.cases.count) case(s) "), L("  \(rows.count) shown ")]
        let searchText = query.search.isEmpty ? L("(press /)") : query.search
        // What is typed has room before the count has words: the count gives way first.
        let wanted = searching ? max(10, DisplayWidth.of(searchField.text) + 1) : DisplayWidth.of(searchText)
        let countText = counts.first { f.size.width - x - DisplayWidth.of($0) - 1 >= wanted } ?? counts[counts.count - 1]
        // The search and the count share the line; neither is drawn over the other, so a cut
        // is always marked "…" (a count drawn over "(tekan /)" left "(t" unmarked).
        let room = f.size.width - x - DisplayWidth.of(countText) - 1
        let searchWidth = searching ? max(10, room) : max(1, room)
        if searching {
            let cx = searchField.draw(into: &f, x: x, y: y0, width: searchWidth, slot: .fieldActive)
            f.cursor = (x + cx, y0)
        } else {
            f.put(searchText, x: x, y: y0,
                  slot: query.search.isEmpty ? .disabled : .normal, maxWidth: searchWidth)
        }
        let countX = max(x + searchWidth + 1, f.size.width - DisplayWidth.of(countText))
        f.put(countText, x: countX, y: y0, slot: .fieldLabel, maxWidth: f.size.width - countX)

        let columns = QueueLayout.columns(width: f.size.width, idWidth: idWidth(ctx), callbackWidth: callbackWidth(ctx, rows: listHeight),
                                          content: contentWidths(ctx, rows: listHeight))
        // Column header.
        let hy = y0 + 1
        f.fill(y: hy, slot: .header)
        for c in columns { f.field(c.kind.heading, x: c.x, y: hy, width: c.width, slot: .header) }

        let listTop = hy + 1
        if rows.isEmpty {
            let text = ctx.desk.cases.isEmpty
                ? L("No cases yet. Import the lab's line list: tracedesk import FILE.csv  (or try: tracedesk demo)")
                : L("No case matches. Esc clears the search; s and m change the filters.")
            f.put("  " + text, x: 0, y: listTop + 1, slot: .disabled)
            return
        }
        let topRow = visibleTop(listHeight)
        for i in 0..<listHeight {
            let r = topRow + i
            guard r < rows.count else { break }
            let c = ctx.desk.cases[position: rows[r]]
            let y = listTop + i
            let selected = r == selection
            let base = rowSlot(c, ctx, selected: selected)
            if selected { f.fill(y: y, slot: .selected) }
            for col in columns {
                let (text, slot) = cell(col.kind, c, ctx)
                let shown = QueueLayout.rightAligned(col.kind) && DisplayWidth.of(text) < col.width
                    ? String(repeating: " ", count: col.width - DisplayWidth.of(text)) + text : text
                f.field(shown, x: col.x, y: y, width: col.width, slot: selected ? .selected : (slot ?? base))
            }
        }
    }

    /// The first row shown: keeps the selection on screen, also right after a resize.
    func visibleTop(_ listHeight: Int) -> Int {
        var t = top
        if selection < t { t = selection }
        if selection >= t + listHeight { t = selection - listHeight + 1 }
        return max(0, min(t, max(0, rows.count - listHeight)))
    }

    /// As wide as the longest id among the first rows (ids up to 20 are never cut).
    private func idWidth(_ ctx: DeskContext) -> Int {
        min(20, max(4, rows.prefix(500).map { DisplayWidth.of(ctx.desk.cases[position: $0].id) }.max() ?? 4))
    }

    /// How wide the rows shown need the name and the places.
    private func contentWidths(_ ctx: DeskContext, rows shown: Int) -> [QueueLayout.Kind: Int] {
        let files = rows.dropFirst(visibleTop(shown)).prefix(shown).map { ctx.desk.cases[position: $0].record }
        let statuses = rows.dropFirst(visibleTop(shown)).prefix(shown).map { DisplayWidth.of(cell(.status, ctx.desk.cases[position: $0], ctx).0) }
        return [.status: statuses.max() ?? 0,
                .name: files.map { DisplayWidth.of($0.name) }.max() ?? 0,
                .kelurahan: files.map { DisplayWidth.of($0.kelurahan) }.max() ?? 0,
                .kecamatan: files.map { DisplayWidth.of($0.kecamatan) }.max() ?? 0]
    }

    /// As wide as the callbacks on the rows shown (0 when none has one).
    private func callbackWidth(_ ctx: DeskContext, rows shown: Int) -> Int {
        let top = visibleTop(shown)
        return rows.dropFirst(top).prefix(shown).map { DisplayWidth.of(cell(.callback, ctx.desk.cases[position: $0], ctx).0) }.max() ?? 0
    }

    private func rowSlot(_ c: CaseFile, _ ctx: DeskContext, selected: Bool) -> Slot {
        if let owner = c.claimedBy, owner != ctx.tracer { return .disabled }
        if c.status.isDone { return .disabled }
        return .normal
    }

    private func cell(_ kind: QueueLayout.Kind, _ c: CaseFile, _ ctx: DeskContext) -> (String, Slot?) {
        let clock = ctx.settings.clock
        let today = clock.day(of: ctx.now)
        switch kind {
        case .id: return (c.id, nil)
        case .name: return (c.record.name, nil)
        case .ageSex:
            let age = c.record.age(on: today).map(String.init) ?? "?"
            return ("\(age) \(c.record.sex.initial)", nil)
        case .kelurahan: return (c.record.kelurahan, nil)
        case .kecamatan: return (c.record.kecamatan, nil)
        case .phone: return (c.record.phones.first.map(Phone.display) ?? "—", nil)
        case .owner: return (c.claimedBy.map { $0 == ctx.tracer ? L("you") : $0 } ?? "", nil)
        case .result:
            // Without its year even when it is another year's: the column is five wide, and
            // the wait beside it says how old the result is.
            return (DateText.short(c.record.resultDate), nil)
        case .hours:
            let h = c.hoursSinceResult(at: ctx.now, clock: clock)
            return (QueueLayout.age(hours: h), c.isOverdue(at: ctx.now, clock: clock) ? .overdue : nil)
        case .status:
            // Where the case stands for the one looking, as the case screen and `cases` say it.
            switch c.standing(for: ctx.tracer) {
            case .assignedToYou: return (L("yours"), .success)
            case .assigned: return (L("assigned"), .disabled)
            case .heldBy: return (L("taken"), .disabled)
            case .status: break
            }
            let slot: Slot? = switch c.status {
            case .returned: .returned
            case .approved: .approved
            case .needsFieldTracer, .refused: .warning
            case .callbackScheduled where c.isCallbackDue(at: ctx.now): .overdue
            default: nil
            }
            return (QueueLayout.shortStatus(c.status), slot)
        case .attempts:
            let n = c.calls.count
            return (n == 0 ? "·" : "\(n)", c.failedAttempts > 0 ? .warning : nil)
        case .callback:
            guard let cb = c.nextCallback, c.status == .callbackScheduled else { return ("", nil) }
            return (clock.short(cb, now: ctx.now), cb <= ctx.now ? .overdue : nil)
        }
    }
}

/// Queue columns as a function of the window width (unit-tested like neomutt's reflow).
public enum QueueLayout {
    public enum Kind: CaseIterable, Sendable {
        case id, name, ageSex, kelurahan, kecamatan, phone, owner, result, hours, status, attempts, callback
        public var heading: String {
            switch self {
            case .id: L("Case")
            case .name: L("Patient")
            case .ageSex: L("Age")
            case .kelurahan: L("Kelurahan")
            case .kecamatan: L("Kecamatan")
            case .phone: L("Phone")
            case .owner: L("Tracer")
            case .result: L("Result")
            // How long since the result, in hours then days: "Hrs" (Indonesian "Jam") sat
            // over "5d" / "5h" (hari) once past 99 hours.
            case .hours: L("Wait")
            case .status: L("Status")
            case .attempts: L("Try")
            case .callback: L("Callback")
            }
        }
    }

    public struct Column: Equatable, Sendable {
        public var kind: Kind
        public var x: Int
        public var width: Int
    }

    /// A case-id column's width: the longest id (up to 20, never cut) and at least its heading.
    public static func idColumnWidth(_ ids: [String], heading: String) -> Int {
        max(DisplayWidth.of(heading), min(20, ids.map(DisplayWidth.of).max() ?? 0))
    }

    /// Time since the result in the column's four cells, never cut: hours up to 99, then
    /// days, then years (an old or mistyped result date reads "474…" otherwise).
    public static func age(hours h: Int) -> String {
        if h < 100 { return L("\(h)h") }
        let days = h / 24
        if days < 1000 { return L("\(days)d") }
        return L("\(days / 365)y")
    }

    /// Numbers (age, hours, attempts) are right-aligned.
    public static func rightAligned(_ k: Kind) -> Bool { k == .ageSex || k == .hours || k == .attempts }

    /// The columns at a width, in the current language. A case id gets its full width (up to
    /// 20); no heading is cut (each column is at least as wide as its heading); the callback
    /// column is as wide as what it shows (`callbackWidth`, 0 when no row has one), so a
    /// mostly empty column leaves its room to the name. Below 100 columns the kelurahan is
    /// left out when the name would have fewer than 14 columns with it (it is on the case
    /// screen, and searched); from 120 columns kecamatan, phone and tracer appear.
    /// `content` is how wide the rows shown need the name and place columns: each takes what
    /// it needs before the name takes what is left, so a kelurahan is not cut while the name
    /// has room to spare. A callback column with nothing in it is left out.
    public static func columns(width: Int, idWidth: Int, callbackWidth: Int = 11, content: [Kind: Int] = [:]) -> [Column] {
        let wide = width >= 120
        func w(_ k: Kind, _ content: Int) -> Int { max(content, DisplayWidth.of(k.heading)) }
        // As wide as the statuses on the rows shown when known (every status's width kept the
        // name of a queue with a callback column at 8 at 80 columns), else the widest of all.
        let statusWidth = content[.status].flatMap { $0 > 0 ? $0 : nil }
            ?? (CaseStatus.allCases.map { shortStatus($0) } + [L("yours"), L("assigned"), L("taken")]).map(DisplayWidth.of).max() ?? 10
        let head: [(Kind, Int)] = [(.id, w(.id, min(20, idWidth))), (.name, 0), (.ageSex, w(.ageSex, 5))]
        let kelurahan: [(Kind, Int)] = [(.kelurahan, 0)]
        let more: [(Kind, Int)] = [(.kecamatan, 0), (.phone, w(.phone, 14)), (.owner, w(.owner, 10))]
        let tail: [(Kind, Int)] = [(.result, w(.result, 5)), (.hours, w(.hours, 4)), (.status, w(.status, statusWidth)),
                                   (.attempts, w(.attempts, 3))] + (callbackWidth > 0 ? [(.callback, w(.callback, callbackWidth))] : [])
        func layout(_ fixed: [(Kind, Int)]) -> [Column] {
            let gaps = fixed.count // one space before each column
            let used = fixed.reduce(0) { $0 + $1.1 } + gaps
            // Flexible columns (width 0) share the rest, the name first; each at least its heading.
            // Flexible columns (width 0) get at least their heading; the name takes the rest
            // first (up to 40), then the places (up to 24 and 20), then the name again.
            let flexible: [(Kind, Int)] = [(.name, 40), (.kelurahan, 24), (.kecamatan, 20)].filter { f in fixed.contains { $0.0 == f.0 } }
                .map { k, cap in (k, content[k].map { min(cap, max($0, DisplayWidth.of(k.heading))) } ?? cap) }
            var widths: [Kind: Int] = [:]
            for (k, _) in flexible { widths[k] = DisplayWidth.of(k.heading) }
            // The last column stays free: text that reaches the edge reads as cut.
            var spare = max(0, width - 1 - used - flexible.reduce(0) { $0 + DisplayWidth.of($1.0.heading) })
            for (k, cap) in flexible {
                let add = min(spare, max(0, cap - widths[k]!))
                widths[k]! += add; spare -= add
            }
            if spare > 0 { widths[.name, default: 0] += spare }
            var x = 1
            var out: [Column] = []
            for (k, cw0) in fixed {
                let cw = cw0 == 0 ? widths[k] ?? 8 : cw0
                out.append(Column(kind: k, x: x, width: cw))
                x += cw + 1
            }
            return out
        }
        // The most columns that leave the name its room: 20 with the extra columns, 14 with the
        // kelurahan alone; else the name takes it all.
        let choices: [([(Kind, Int)], Int)] = (wide ? [(kelurahan + more, 20), (kelurahan + [more[2]], 20)] : []) + [(kelurahan, 14)]
        for (places, minName) in choices {
            let l = layout(head + places + tail)
            if let name = l.first(where: { $0.kind == .name }), name.width >= minName { return l }
        }
        return layout(head + tail)
    }

    public static func shortStatus(_ s: CaseStatus) -> String {
        switch s {
        case .waiting: L("waiting")
        case .inProgress: L("in progress")
        case .callbackScheduled: L("call back")
        case .needsFieldTracer: L("field team")
        case .refused: L("refused")
        case .awaitingReview: L("review")
        case .returned: L("returned")
        case .approved: L("approved")
        }
    }
}
