import Foundation
import TracedeskCore

extension InterviewScreen {
    func title(_ ctx: DeskContext) -> String {
        let name = ctx.desk[caseId]?.record.name ?? ""
        return L("Interview · \(caseId) · \(name)")
    }

    /// Something is drawn on the body's last row (a question, a note), here or by the screen
    /// this interview is shown in (the lead's approve and return note).
    var bottomRowTaken: Bool { note != nil || confirmingDelete != nil || confirmingNothing || confirmingFile || promptBelow }

    func view(into f: inout Frame, _ body: Rect, _ ctx: DeskContext) {
        stepBar(into: &f, y: body.y, ctx)
        let area = Rect(x: 0, y: body.y + 2, width: body.width, height: body.height - 2)
        switch draft.step {
        case .identity: identityView(into: &f, area, ctx)
        case .symptoms: symptomsView(into: &f, area, ctx)
        case .day(let d): dayView(into: &f, area, d, ctx)
        case .contacts: contactsView(into: &f, area, ctx)
        case .review: reviewView(into: &f, area, ctx)
        }
        if let note { f.put(" " + note.text, x: 0, y: body.maxY - 1, slot: .success, maxWidth: body.width) }
        if let id = confirmingDelete {
            f.fill(y: body.maxY - 1, slot: .warning)
            f.put(L(" Delete \(draft.contact(id)?.name ?? id)? y = delete, any other key = keep"), x: 0, y: body.maxY - 1, slot: .warning)
        }
        if confirmingNothing, case .day(let d) = draft.step {
            let notes = draft.days[d] ?? DayNotes()
            f.fill(y: body.maxY - 1, slot: .warning)
            f.put(L(" Day has \(notes.visits.count) place(s), \(notes.met.count) person(s): clear, nothing to record? y = yes"),
                  x: 0, y: body.maxY - 1, slot: .warning, maxWidth: body.width)
        }
        if confirmingFile {
            f.fill(y: body.maxY - 1, slot: .warning)
            f.put(L(" File this interview now? y = file, any other key = keep working"), x: 0, y: body.maxY - 1, slot: .warning)
        }
    }

    /// "1 Identity › 2 Symptoms › 3 Days 2/8 › 4 Contacts 3 › 5 Review"
    private func stepBar(into f: inout Frame, y: Int, _ ctx: DeskContext) {
        let today = ctx.settings.clock.day(of: ctx.now)
        let walk = draft.walk(today: today)
        let walked = walk.filter { !(draft.days[$0] ?? DayNotes()).isEmpty }.count
        let parts: [(String, Bool)] = [
            (L("1 Identity"), draft.step == .identity),
            (L("2 Symptoms"), draft.step == .symptoms),
            (L("3 Days \(walked)/\(walk.count)"), { if case .day = draft.step { true } else { false } }()),
            (L("4 Contacts \(draft.contacts.count)"), draft.step == .contacts),
            (L("5 Review"), draft.step == .review),
        ]
        var x = 1
        for (i, p) in parts.enumerated() {
            if i > 0 { x += f.put(" › ", x: x, y: y, slot: .disabled) }
            x += f.put(p.0, x: x, y: y, slot: p.1 ? .selected : .fieldLabel)
        }
        // The days, so the tracer sees which are still empty: ■ walked, · empty, – nothing to record.
        if !walk.isEmpty {
            var dx = 1
            let y2 = y + 1
            dx += f.put(L("Days: "), x: dx, y: y2, slot: .fieldLabel)
            for d in walk {
                let notes = draft.days[d] ?? DayNotes()
                let mark = notes.nothingToRecord ? "–" : (notes.isEmpty ? "·" : "■")
                let current = draft.step == .day(d)
                let text = "\(DateText.short(d))\(mark)"
                if dx + DisplayWidth.of(text) + 1 > f.size.width { break }
                dx += f.put(text, x: dx, y: y2, slot: current ? .selected : (notes.isEmpty ? .warning : .normal))
                dx += 1
            }
        }
    }

    /// Label, value and the field's problem, one row each field.
    private func formRows(into f: inout Frame, _ area: Rect, y start: Int, _ ctx: DeskContext, labelWidth: Int = 16) -> Int {
        let specs = fields(ctx)
        let problems = stepProblems(ctx)
        var y = start
        let fieldWidth = min(48, area.width - labelWidth - 4)
        // A hint too long for the room beside its field goes under the fields, whole.
        var hintBelow: String?
        for (i, spec) in specs.enumerated() where y < area.maxY - 1 {
            let focused = i == focus
            f.field(spec.label, x: 2, y: y, width: labelWidth, slot: focused ? .fieldActive : .fieldLabel)
            let x = 2 + labelWidth + 1
            let problem = problem(for: spec.field, problems)
            switch spec.kind {
            case .text:
                let slot: Slot = problem?.isError == true ? .fieldInvalid : (focused ? .fieldActive : .selectedUnfocused)
                // A field not being typed in shows its beginning (and "…" where it is cut), not
                // its end: the F5 pager reads it whole.
                var shown = TextField(value(spec.field), maxLength: InterviewScreen.maxLength(spec.field))
                if focused && editing == spec.field { shown = editor } else if !focused { shown.handle(.home) }
                let cx = shown.draw(into: &f, x: x, y: y, width: fieldWidth, slot: slot)
                if focused { f.cursor = (x + cx, y) }
                if let problem {
                    f.put(problem.isError ? " ✗" : " !", x: x + fieldWidth, y: y, slot: problem.isError ? .fieldInvalid : .warning)
                } else if focused, !spec.hint.isEmpty {
                    if DisplayWidth.of(spec.hint) + 1 <= area.width - x - fieldWidth {
                        f.put(" " + spec.hint, x: x + fieldWidth, y: y, slot: .disabled)
                    } else {
                        hintBelow = spec.hint
                    }
                }
            case .choice(let options):
                var cx = x
                let chosen = value(spec.field)
                let all = options.map { "( ) " + $0.label }.joined(separator: "  ")
                if DisplayWidth.of(all) + x + 2 > area.width {
                    // Too many to show side by side: the chosen one, with where it stands.
                    let i = options.firstIndex { $0.value == chosen } ?? 0
                    cx += f.put("‹ \(options[i].label) ›", x: cx, y: y, slot: focused ? .selected : .selectedUnfocused)
                    cx += f.put("  \(i + 1)/\(options.count)  ", x: cx, y: y, slot: .disabled)
                    if focused { cx += f.put(L("←/→ or Space"), x: cx, y: y, slot: .disabled) + 1 }
                } else {
                    for (n, o) in options.enumerated() {
                        let on = o.value == chosen
                        let text = (on ? "(•) " : "( ) ") + o.label
                        cx += f.put(text, x: cx, y: y, slot: on ? (focused ? .selected : .selectedUnfocused) : .normal)
                        cx += f.put(n < 9 ? "  " : " ", x: cx, y: y)
                    }
                }
                if let problem {
                    f.put(problem.isError ? "✗" : "!", x: cx, y: y, slot: problem.isError ? .fieldInvalid : .warning)
                }
            }
            y += 1
        }
        if let hintBelow, y < area.maxY - 1 {
            f.put("  " + hintBelow, x: 0, y: y, slot: .disabled, maxWidth: area.width)
            y += 1
        }
        // What is wrong, in full, under the fields: the focused field's problem first.
        let focusedField = specs.indices.contains(focus) ? specs[focus].field : nil
        let ordered = problems.sorted { a, _ in focusedField.map { problem(for: $0, [a]) != nil } ?? false }
        for p in ordered.prefix(3) where y < area.maxY - 1 {
            f.put("  \(p.isError ? "✗" : "!") \(p.message)", x: 0, y: y, slot: p.isError ? .fieldInvalid : .warning, maxWidth: area.width)
            y += 1
        }
        return y
    }

    private func identityView(into f: inout Frame, _ area: Rect, _ ctx: DeskContext) {
        var y = area.y
        if let r = ctx.desk[caseId]?.record {
            let nik = r.nik ?? L("no NIK")
            let phone = r.phones.first.map(Phone.display) ?? L("no phone")
            f.put(L("  Line list: \(r.name) · \(nik) · \(phone)"), x: 0, y: y, slot: .disabled, maxWidth: area.width)
        }
        y += 2
        f.put(L("  Confirm who you are speaking to, then ask for consent."), x: 0, y: y, slot: .normal)
        y += 2
        _ = formRows(into: &f, area, y: y, ctx)
        if draft.consent == Consent.refused.rawValue {
            f.put(L("  Refused: PgDn goes to review, where filing records the refusal."), x: 0, y: y + 5, slot: .warning)
        }
    }

    private func symptomsView(into f: inout Frame, _ area: Rect, _ ctx: DeskContext) {
        var y = formRows(into: &f, area, y: area.y, ctx) + 1
        let rules = draft.rules
        let today = ctx.settings.clock.day(of: ctx.now)
        f.field(L("Rule set"), x: 2, y: y, width: 16, slot: .fieldLabel)
        f.put("\(rules.name) v\(rules.version) — \(rules.source)", x: 19, y: y, slot: .normal, maxWidth: area.width - 20)
        y += 1
        f.field(L("Infectious"), x: 2, y: y, width: 16, slot: .fieldLabel)
        if let p = draft.period(today: today) {
            // Both days in full and the count need about 62 columns; at 80 the count goes to
            // the row below rather than be cut ("Rabu, 29 September 2021 → …" fits alone).
            let whole = L("\(DateText.long(p.start)) → \(DateText.long(p.end)) · \(p.dayCount) day(s) to walk")
            if DisplayWidth.of(whole) <= area.width - 20 {
                f.put(whole, x: 19, y: y, slot: .success, maxWidth: area.width - 20)
            } else {
                f.put("\(DateText.long(p.start)) → \(DateText.long(p.end))", x: 19, y: y, slot: .success, maxWidth: area.width - 20)
                f.put(L("\(p.dayCount) day(s) to walk"), x: 19, y: y + 1, slot: .success, maxWidth: area.width - 20)
            }
        } else {
            f.put(L("needs symptoms and an onset or specimen date"), x: 19, y: y, slot: .disabled)
        }
    }

    private func dayView(into f: inout Frame, _ area: Rect, _ d: Day, _ ctx: DeskContext) {
        let walk = draft.walk(today: ctx.settings.clock.day(of: ctx.now))
        // "hari ke-N" counts from the first day of the period, whichever way the walk goes.
        let order = (draft.period(today: ctx.settings.clock.day(of: ctx.now)).map { d.days(since: $0.start) + 1 }) ?? 0
        let notes = draft.days[d] ?? DayNotes()
        var y = area.y
        f.put(L(" \(DateText.long(d)) — day \(order) of \(walk.count)"), x: 0, y: y, slot: .header)
        if notes.nothingToRecord { f.put(L("   nothing to record (F4 to undo)"), x: 40, y: y, slot: .disabled) }
        y += 1
        f.put(L("  Where was the patient?"), x: 0, y: y, slot: .fieldLabel); y += 1
        let listRoom = max(1, (area.height - 9) / 2)
        if notes.visits.isEmpty { f.put("    —", x: 0, y: y, slot: .disabled); y += 1 }
        for (i, v) in notes.visits.suffix(listRoom).enumerated() {
            f.put("    \(i + 1). \(v.kind.label)\(v.place.isEmpty ? "" : " — " + v.place)", x: 0, y: y, slot: .normal, maxWidth: area.width - 2)
            y += 1
        }
        f.put(L("  Whom did they meet?"), x: 0, y: y, slot: .fieldLabel); y += 1
        if notes.met.isEmpty { f.put("    —", x: 0, y: y, slot: .disabled); y += 1 }
        for id in notes.met.suffix(listRoom) {
            guard let c = draft.contact(id) else { continue }
            let others = c.exposureDays.filter { $0 != d }.map(DateText.short)
            let also = others.isEmpty ? "" : L("  (also \(others.joined(separator: ", ")))")
            f.put("    \(c.id) \(c.name)\(also)", x: 0, y: y, slot: .normal, maxWidth: area.width - 2)
            y += 1
        }
        y += 1
        y = formRows(into: &f, area, y: y, ctx, labelWidth: 8)
        // Someone named before is picked, not typed again.
        if fields(ctx).indices.contains(focus), fields(ctx)[focus].field == .person {
            let list = candidates(ctx)
            if !list.isEmpty && y < area.maxY - 1 {
                f.put(L("  Named before (↓ to pick, Enter adds to this day):"), x: 0, y: y, slot: .disabled); y += 1
                for (i, c) in list.prefix(max(0, area.maxY - y - 1)).enumerated() {
                    let days = c.exposureDays.map(DateText.short).joined(separator: ", ")
                    f.field("    \(c.id) \(c.name)  \(days)", x: 0, y: y, width: min(area.width, 60), slot: candidate == i ? .selected : .normal)
                    y += 1
                }
            }
        }
    }

    private func contactsView(into f: inout Frame, _ area: Rect, _ ctx: DeskContext) {
        let today = ctx.settings.clock.day(of: ctx.now)
        if let id = openContact, let c = draft.contact(id) {
            f.put(L(" Contact \(c.id)") + (c.exposureDays.isEmpty ? "" : L(" · named on ") + c.exposureDays.map(DateText.short).joined(separator: ", ")),
                  x: 0, y: area.y, slot: .header, maxWidth: area.width)
            let y = formRows(into: &f, area, y: area.y + 1, ctx)
            if y < area.maxY {
                guard let outcome = draft.outcome(of: c, today: today) else {
                    f.put(L("  → — (classification and quarantine end wait for valid exposure dates)"), x: 0, y: y, slot: .disabled, maxWidth: area.width)
                    return
                }
                var text = "  → \(outcome.classification.label)"
                if let end = outcome.quarantineEnd, let last = c.lastExposureDay {
                    text += L(" · quarantine until \(DateText.long(end)) (day 0 = \(last.text))")
                }
                f.put(text, x: 0, y: y, slot: outcome.isClose ? .success : .warning, maxWidth: area.width)
            }
            return
        }
        let cols: [(String, Int)] = [(L("Id"), 4), (L("Name"), max(12, area.width - 70)), (L("Relationship"), 14), (L("Last exp."), 10), (L("Class"), 10), (L("Quarantine"), 11), (L("Problems"), 14)]
        var x = 1
        f.fill(y: area.y, slot: .header)
        for c in cols { f.field(c.0, x: x, y: area.y, width: c.1, slot: .header); x += c.1 + 1 }
        if draft.contacts.isEmpty {
            f.put(L("  Nobody named yet. Name people on the day screens, or press a to add one."), x: 0, y: area.y + 2, slot: .disabled)
            return
        }
        let room = area.height - 2
        let top = max(0, contactSelection - room + 1)
        for (row, c) in draft.contacts.enumerated().dropFirst(top).prefix(room) {
            let y = area.y + 1 + row - top
            let selected = row == contactSelection
            let outcome = draft.outcome(of: c, today: today)
            let problems = InterviewCheck.contact(c, in: draft, today: today)
            let errors = problems.filter(\.isError).count
            let name: String = c.name.isEmpty ? L("(no name)") : c.name
            let relationship: String = Relationship(rawValue: c.relationship)?.label ?? "—"
            let last: String = outcome == nil ? "—" : (c.lastExposureDay.map { DateText.listed($0, today: today) } ?? "—")
            let cls: String = outcome.map { $0.isClose ? L("close") : L("not close") } ?? "—"
            let quarantine: String = outcome?.quarantineEnd.map { DateText.listed($0, today: today) } ?? "—"
            let note: String = errors > 0 ? L("\(errors) to fix") : (problems.isEmpty ? "" : L("\(problems.count) note(s)"))
            let values: [String] = [c.id, name, relationship, last, cls, quarantine, note]
            if selected { f.fill(y: y, slot: .selected) }
            x = 1
            for (i, c) in cols.enumerated() {
                let slot: Slot = selected ? .selected : (i == 6 && errors > 0 ? .fieldInvalid : .normal)
                f.field(values[i], x: x, y: y, width: c.1, slot: slot)
                x += c.1 + 1
            }
        }
    }

    private func reviewView(into f: inout Frame, _ area: Rect, _ ctx: DeskContext) {
        let today = ctx.settings.clock.day(of: ctx.now)
        var y = area.y
        let walk = draft.walk(today: today)
        let walked = walk.filter { !(draft.days[$0] ?? DayNotes()).isEmpty }.count
        let close = draft.contacts.filter { draft.outcome(of: $0, today: today)?.isClose == true }.count
        let period = draft.period(today: today).map { L("\($0.start.text) → \($0.end.text) (\($0.dayCount) days)") } ?? "—"
        let lines = [
            (L("Patient"), L("\(draft.confirmedName) · consent \(Consent.label(of: draft.consent))")),
            (L("Rule set"), "\(draft.rules.name) v\(draft.rules.version)"),
            (L("Period"), period),
            (L("Days walked"), L("\(walked) of \(walk.count)")),
            (L("Contacts"), L("\(draft.contacts.count) named, \(close) close")),
        ]
        // The labels' column as wide as its longest label ("Hari ditelusuri" was cut at 14).
        let lw = max(14, lines.map { DisplayWidth.of($0.0) }.max() ?? 0)
        for (l, v) in lines {
            f.field(l, x: 2, y: y, width: lw, slot: .fieldLabel)
            f.put(v, x: 3 + lw, y: y, slot: .normal, maxWidth: area.width - 4 - lw)
            y += 1
        }
        // Each contact as it will be filed.
        let shown = max(1, min(draft.contacts.count, (area.maxY - y) / 3))
        for c in draft.contacts.prefix(shown) {
            let outcome = draft.outcome(of: c, today: today)
            let q = outcome?.quarantineEnd.map { L(" · quarantine until \(DateText.listed($0, today: today))") } ?? ""
            let cls = outcome.map { $0.isClose ? L("close") : L("not close") } ?? "—"
            let name = c.name.isEmpty ? L("(no name)") : c.name
            f.put("    \(c.id) \(name) · \(cls)\(q)", x: 0, y: y, slot: outcome?.isClose == true ? .normal : .disabled, maxWidth: area.width)
            y += 1
        }
        if draft.contacts.count > shown {
            f.put(L("    … and \(draft.contacts.count - shown) more (PgUp: the contacts screen)"), x: 0, y: y, slot: .disabled); y += 1
        }
        y += 1
        let problems = InterviewCheck.all(draft, today: today)
        let errors = problems.filter(\.isError).count
        if problems.isEmpty {
            f.put(readOnly ? L("  No problems found.") : L("  No problems. Press f to file."), x: 0, y: y, slot: .success)
            return
        }
        f.put(L("  \(errors) to fix, \(problems.count - errors) to check — Enter jumps to one") + (errors == 0 ? L("; f files") : ""),
              x: 0, y: y, slot: errors > 0 ? .warning : .success)
        y += 1
        let sel = min(problemSelection, problems.count - 1)
        // A list that does not fit scrolls with the selection and says what is out of sight
        // on its last row (at 80×24 the tenth of ten warnings was dropped without a sign).
        // The body's last row is left only while a question or note is drawn on it: kept free
        // always, "1–10 of 15 shown" stood over rows the list could have used.
        let rows = max(1, area.maxY - y - (bottomRowTaken ? 1 : 0))
        let fits = problems.count <= rows
        let window = fits ? problems.count : max(1, rows - 1)
        let top = fits ? 0 : min(max(0, sel - window + 1), problems.count - window)
        if !fits {
            f.put(L("  \(top + 1)–\(top + window) of \(problems.count) shown · ↑↓ scroll"), x: 0, y: y + window, slot: .disabled, maxWidth: area.width - 1)
        }
        for (i, p) in problems.enumerated().dropFirst(top).prefix(window) {
            let whereText: String
            switch p.place {
            case .identity: whereText = L("identity")
            case .symptoms: whereText = L("symptoms")
            case .day(let d): whereText = DateText.short(d)
            case .contact(let id, _): whereText = "\(id) \(draft.contact(id)?.name ?? "")"
            }
            let slot: Slot = i == sel ? .selected : (p.isError ? .fieldInvalid : .warning)
            // One column kept free: a message that is cut shows its "…".
            f.fill(y: y, slot: slot)
            f.field("  \(p.isError ? "✗" : "!") \(whereText): \(p.message)", x: 0, y: y, width: area.width - 1, slot: slot)
            y += 1
        }
    }
}
