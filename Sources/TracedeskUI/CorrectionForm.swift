import Foundation
import TracedeskCore

/// The one place the desk asks the domain whether a corrected value fits its field. Today that
/// is `CaseRecord.set`, what `tracedesk correct` uses; when TracedeskCore has one field check
/// shared by the import and `correct`, it is called here and nowhere else in the desk.
enum CorrectionCheck {
    /// Why `value` (the line list's text form) does not fit `field` of `record`, nil if it
    /// does: the one check import and `tracedesk correct` make (`CaseFields`), so the desk
    /// says the same words for the same mistake.
    static func problem(_ field: String, _ value: String, in record: CaseRecord, today: Day) -> String? {
        let checked = CaseFields.check(field, value, today: today)
        if let why = checked.problems.first { return why }
        var r = record
        return r.set(field, to: checked.text) ? nil : L("not a value this field takes")
    }

    /// The text `CaseRecord.set` takes for a value that passed `problem` (dates ISO, phones
    /// normalised), as `tracedesk correct` writes it.
    static func text(_ field: String, _ value: String, today: Day) -> String {
        CaseFields.check(field, value, today: today).text
    }

    /// What is wrong between the corrected record's fields (a specimen after its result).
    static func problems(of record: CaseRecord) -> [(field: String, message: String)] {
        CaseFields.problems(of: record)
    }
}

/// A lead or the team's data person corrects a case record at the desk (a wrong phone, a
/// misspelt name): each field of the line list, prefilled, checked as the cursor leaves it,
/// and a reason. Saved as the `case.corrected` event `tracedesk correct` writes.
public struct CorrectionForm: Equatable, Sendable {
    struct Row: Equatable, Sendable {
        let field: String
        /// As the form showed it first (dates day first): typed text equal to it is no change.
        var shown: String
        /// As the record holds it, to show again in another language (F2).
        var stored = ""
        var text: TextField
        var problem: Said?
    }

    var rows: [Row]
    var reason = TextField(maxLength: EventLimit.note.value)
    /// A row, or `rows.count` for the reason.
    var focus = 0
    var error: Said?
    var confirmingDiscard = false
    let today: Day

    static let dateFields: Set<String> = ["birth_date", "specimen_date", "result_date", "onset_date"] // not shown: the line list's column names

    init(record: CaseRecord, today: Day) {
        self.today = today
        rows = CaseRecord.correctableFields.map { field in
            let stored = record.value(of: field) ?? ""
            let shown = Self.display(field, stored)
            return Row(field: field, shown: shown, stored: stored, text: TextField(shown, maxLength: 200))
        }
    }

    /// The values nobody has touched, shown again as the language on screen writes them
    /// (F2): the sex prefilled "F" stayed F in Indonesian, where the form offers L/P.
    mutating func reword() {
        for i in rows.indices where rows[i].text.text == rows[i].shown {
            let again = Self.display(rows[i].field, rows[i].stored)
            guard again != rows[i].shown else { continue }
            rows[i].shown = again
            rows[i].text = TextField(again, maxLength: 200)
        }
    }

    /// A stored value as the form shows it: a date day first and a phone 0813-…, as on every
    /// screen (the one formatter of each kind).
    static func display(_ field: String, _ value: String) -> String {
        if field == "phone" { // not shown: the line list's column name
            return value.split(separator: ";").map { Phone.display($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: "; ")
        }
        // In the desk's letters (M/F in English), which the field takes back as it takes L/P.
        if field == "sex", let sex = Sex(lineListValue: value), sex != .unknown { return sex.initial } // not shown: the line list's column name
        guard dateFields.contains(field), let d = Day(parsing: value) else { return value }
        return DateText.full(d)
    }

    /// Typed text in the line list's form, for the domain: a date the desk reads becomes ISO.
    func lineListText(_ row: Row) -> String {
        let t = row.text.text.trimmingCharacters(in: .whitespaces)
        guard Self.dateFields.contains(row.field), !t.isEmpty, let d = Day(typed: t, today: today) else { return t }
        return d.iso
    }

    /// The field's label as the history and `correct` say it, but shorter where the form's
    /// column is narrow, and with the letters the sex row takes.
    static func label(_ field: String) -> String {
        switch field {
        case "sex": L("Sex (M/F)")
        case "specimen_date": L("Specimen")
        case "result_date": L("Result")
        case "onset_date": L("Onset")
        default: CaseRecord.label(of: field)
        }
    }

    var hasTyping: Bool { !reason.isEmpty || rows.contains { $0.text.text != $0.shown } }

    public enum Result: Equatable { case stay, cancel, submit(CaseCorrection) }

    mutating func update(_ key: Key, record: CaseRecord, ctx: DeskContext) -> Result {
        if confirmingDiscard {
            confirmingDiscard = false
            if key == .char("y") || key == .char("Y") { return .cancel }
            return .stay
        }
        switch ctx.keymap.action(for: key, in: .correction) {
        case .back:
            if hasTyping { confirmingDiscard = true; return .stay }
            return .cancel
        case .nextField, .moveDown: move(1, record); return .stay
        case .previousField, .moveUp: move(-1, record); return .stay
        case .save: return submit(record)
        default: break
        }
        if focus < rows.count {
            rows[focus].text.handle(key)
            if rows[focus].problem != nil { rows[focus].problem = nil; error = nil }
        } else { reason.handle(key) }
        return .stay
    }

    mutating func paste(_ text: String) -> Pasted? {
        if confirmingDiscard { return nil }
        if focus < rows.count { rows[focus].problem = nil; return rows[focus].text.pasted(text) }
        return reason.pasted(text)
    }

    /// Checked as the cursor leaves a field, so a wrong value is said where it was typed.
    private mutating func move(_ by: Int, _ record: CaseRecord) {
        if focus < rows.count { check(focus, record) }
        focus = (focus + by + rows.count + 1) % (rows.count + 1)
    }

    private mutating func check(_ i: Int, _ record: CaseRecord) {
        let row = rows[i]
        let field = row.field, text = lineListText(row), today = today
        rows[i].problem = row.text.text == row.shown || CorrectionCheck.problem(field, text, in: record, today: today) == nil ? nil
            : Said { CorrectionCheck.problem(field, text, in: record, today: today) ?? "" }
        // Said whole on the form's last row: beside the field it would be cut at 80 columns.
        if let p = rows[i].problem { error = Said { L("\(Self.label(field)): \(p.text)") } }
    }

    private mutating func submit(_ record: CaseRecord) -> Result {
        for i in rows.indices { check(i, record) }
        if let bad = rows.firstIndex(where: { $0.problem != nil }) {
            focus = bad
            let field = rows[bad].field, p = rows[bad].problem
            error = Said { L("\(Self.label(field)): \(p?.text ?? "")") }
            return .stay
        }
        var wanted = record
        for row in rows where row.text.text != row.shown {
            _ = wanted.set(row.field, to: CorrectionCheck.text(row.field, lineListText(row), today: today))
        }
        // Fields right alone may be wrong together, as `tracedesk correct` refuses them.
        if let p = CorrectionCheck.problems(of: wanted).first, let i = rows.firstIndex(where: { $0.field == p.field }) {
            let checked = wanted
            let together = Said { CorrectionCheck.problems(of: checked).first?.message ?? "" }
            rows[i].problem = together
            focus = i
            let field = p.field
            error = Said { L("\(Self.label(field)): \(together.text)") }
            return .stay
        }
        let changes = record.changes(to: wanted)
        if changes.isEmpty { error = Said { L("Nothing changed: type the right value over the wrong one.") }; return .stay }
        let why = reason.text.trimmingCharacters(in: .whitespaces)
        if why.isEmpty {
            focus = rows.count
            error = Said { L("Say why (the reason is kept with the correction).") }
            return .stay
        }
        return .submit(CaseCorrection(caseId: record.caseId, changes: changes, reason: why))
    }

    // MARK: - View

    func view(into f: inout Frame, _ area: Rect, caseId: String) {
        let box = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height)
        // The whole width: the case screen under it must not show at the edges.
        for y in area.y..<area.maxY { f.fill(y: y, x: area.x, width: area.width, slot: .normal) }
        Box.draw(into: &f, box, title: L("Correct the record of \(caseId)"), slot: .fieldLabel)
        let x = box.x + 2
        let labels = rows.map { Self.label($0.field) } + [L("Reason")]
        let labelW = labels.map(DisplayWidth.of).max()! + 1
        // The "changed" mark keeps its words beside the field in either language.
        let markW = DisplayWidth.of(L(" ● changed")) + 1
        let fieldW = min(48, box.width - labelW - 4 - markW)
        // The rows that fit: all of them at 24 lines; the focused one stays in view.
        let room = box.height - 4
        let total = rows.count + 1
        let top = max(0, min(focus - room + 1, total - room))
        var y = box.y + 1
        for i in top..<min(total, top + room) {
            let focused = i == focus
            f.put(labels[i], x: x, y: y, slot: focused ? .fieldActive : .fieldLabel)
            let field = i < rows.count ? rows[i].text : reason
            let problem = i < rows.count ? rows[i].problem : nil
            let changed = i < rows.count && rows[i].text.text != rows[i].shown
            let slot: Slot = problem != nil ? .fieldInvalid : (focused ? .fieldActive : .selectedUnfocused)
            let cx = field.draw(into: &f, x: x + labelW, y: y, width: fieldW, slot: slot)
            if focused { f.cursor = (x + labelW + cx, y) }
            let mark = problem != nil ? " ✗" : (changed ? L(" ● changed") : "")
            f.put(mark, x: x + labelW + fieldW, y: y, slot: problem != nil ? .fieldInvalid : .warning, maxWidth: box.width - labelW - fieldW - 3)
            y += 1
        }
        // The last two rows inside the box say what to do or what is wrong, broken between
        // words: a check's message with the field's label is longer than one row at 80.
        let bottom = box.maxY - 2
        let (text, slot): (String, Slot) = confirmingDiscard
            ? (L("Discard this correction? y = discard, any other key = keep typing"), .warning)
            : error.map { ($0.text, .fieldInvalid) } ?? (L("Tab/↑↓ move · Enter saves (shown in the case's history) · Esc cancels"), .disabled)
        let lines = Chrome.wrap(text, width: box.width - 4, rows: 2)
        for (i, line) in lines.enumerated() {
            f.put(line.drop { $0 == " " && i > 0 }.description, x: x, y: bottom - (lines.count - 1) + i, slot: slot, maxWidth: box.width - 4)
        }
    }
}
