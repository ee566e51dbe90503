import Foundation
import TracedeskCore

/// Logging one follow-up call (as `CallForm` logs a case's): the outcome and, when reached,
/// today's symptoms and a test. Tab moves between fields; in a choice ← → or Space change it;
/// on the symptoms 1–6 toggle one and 0 means none; Enter saves; Esc cancels (asks if typed).
public struct FollowUpCallForm: Equatable, Sendable {
    public enum Field: Equatable, Sendable { case outcome, symptoms, other, test, method, date, result, note }

    public var outcomeIndex = 0
    public var symptoms: Set<Symptom> = []
    public var other = TextField(maxLength: 80)
    /// 0 = no test, 1 = entry, 2 = exit.
    public var testIndex = 0
    public var method: ContactTest.Method = .pcr
    public var date: TextField
    public var result: ContactTest.Result = .negative
    public var note = TextField(maxLength: EventLimit.note.value)
    public var focus: Field = .outcome
    public var error: Said?
    /// What a key did not do (a letter on a choice), said until the next key.
    public var notice: Said?
    public var confirmingDiscard = false

    public init(today: Day) { date = TextField(DateText.full(today), maxLength: 12) }

    public var outcome: CallOutcome { FollowUpCall.outcomes[outcomeIndex] }
    var fields: [Field] {
        guard outcome == .reached else { return [.outcome, .note] }
        var f: [Field] = [.outcome, .symptoms]
        if symptoms.contains(.other) { f.append(.other) }
        f.append(.test)
        if testIndex > 0 { f += [.method, .date, .result] }
        return f + [.note]
    }
    var hasTyping: Bool { !note.isEmpty || !symptoms.isEmpty || testIndex > 0 || !other.isEmpty }

    /// What was typed, as a call, when the desk is ended by a signal before Enter: marked
    /// unconfirmed. A test is kept in the note's words, not as a test: a test ends quarantine
    /// or makes the contact a case, which only the tracer's Enter may do. Nil when nothing
    /// was typed.
    func unconfirmedCall(contactId: String, ctx: DeskContext) -> FollowUpCall? {
        guard hasTyping else { return nil }
        let today = ctx.settings.clock.day(of: ctx.now)
        let reached = outcome == .reached
        var words: [String] = []
        if reached, testIndex > 0 {
            let kind = testIndex == 1 ? L("entry test") : L("exit test")
            let m = method == .pcr ? "PCR" : L("antigen") // not shown: a test method's name (PCR in both languages)
            let r = result == .negative ? L("negative") : L("positive")
            words.append("\(kind) \(m) \(date.text.trimmingSpaces): \(r)")
        }
        let typed = note.text.trimmingSpaces
        if !typed.isEmpty { words.append(typed) }
        let otherText = other.text.trimmingSpaces
        var call = FollowUpCall(contactId: contactId, day: today, outcome: outcome,
                                symptoms: reached ? Symptom.allCases.filter(symptoms.contains) : nil,
                                otherSymptom: reached && !otherText.isEmpty ? otherText : nil,
                                note: words.isEmpty ? nil : words.joined(separator: " · "))
        call.unconfirmed = true
        return call
    }

    public enum Result: Equatable { case stay, cancel, submit(FollowUpCall) }

    mutating func update(_ key: Key, contactId: String, ctx: DeskContext) -> Result {
        if confirmingDiscard {
            confirmingDiscard = false
            if key == .char("y") || key == .char("Y") { return .cancel }
            return .stay
        }
        switch ctx.keymap.action(for: key, in: .followUpCall) {
        case .back:
            if hasTyping { confirmingDiscard = true; return .stay }
            return .cancel
        case .nextField: moveFocus(1); return .stay
        case .previousField: moveFocus(-1); return .stay
        case .save: return submit(contactId: contactId, ctx: ctx)
        default: break
        }
        error = nil
        notice = nil
        let step = key == .left ? -1 : (key == .right || key == .char(" ") ? 1 : 0)
        switch focus {
        case .outcome:
            switch key {
            case .up: outcomeIndex = max(0, outcomeIndex - 1)
            case .down: outcomeIndex = min(FollowUpCall.outcomes.count - 1, outcomeIndex + 1)
            case .char(let c) where c.wholeNumberValue.map({ (1...FollowUpCall.outcomes.count).contains($0) }) == true:
                outcomeIndex = c.wholeNumberValue! - 1
            case .char:
                // A letter is said, never a move: j/k in a word typed here changed the outcome unseen.
                notice = Said { L("The outcome is a choice: 1–\(FollowUpCall.outcomes.count) or ↑↓. Tab goes to the next field.") }
            default: break
            }
        case .symptoms:
            if case .char(let c) = key, let n = c.wholeNumberValue, (0...Symptom.allCases.count).contains(n) {
                if n == 0 { symptoms = [] } else {
                    let s = Symptom.allCases[n - 1]
                    if symptoms.remove(s) == nil { symptoms.insert(s) }
                }
            } else if case .char = key {
                notice = Said { L("The symptoms are a choice: 1–\(Symptom.allCases.count) mark one, 0 none. Tab goes to the next field.") }
            }
        case .other: _ = other.handle(key)
        case .test, .method, .result:
            if case .char = key, step == 0 {
                notice = Said { L("This is a choice: ← → or Space. Tab goes to the next field.") }
            } else if focus == .test {
                testIndex = (testIndex + step + 3) % 3
            } else if focus == .method {
                if step != 0 { method = method == .pcr ? .antigen : .pcr }
            } else if step != 0 { result = result == .negative ? .positive : .negative }
        case .date: _ = date.handle(key)
        case .note: _ = note.handle(key)
        }
        return .stay
    }

    /// On a text field "?" is text; on a choice it asks for help, as on a list.
    var onText: Bool { [.other, .date, .note].contains(focus) }

    /// A paste goes into the focused text field (the note, "other", the test date) as text,
    /// as the case's call form takes it; on a choice it is nil (ignored, and said), never a pick.
    mutating func paste(_ text: String) -> Pasted? {
        if confirmingDiscard { return nil }
        switch focus {
        case .note: error = nil; return note.pasted(text)
        case .other: error = nil; return other.pasted(text)
        case .date: error = nil; return date.pasted(text)
        case .outcome, .symptoms, .test, .method, .result: return nil
        }
    }

    private mutating func moveFocus(_ by: Int) {
        let f = fields
        let i = f.firstIndex(of: focus) ?? 0
        focus = f[(i + by + f.count) % f.count]
    }

    private mutating func submit(contactId: String, ctx: DeskContext) -> Result {
        let today = ctx.settings.clock.day(of: ctx.now)
        var test: ContactTest?
        if outcome == .reached, testIndex > 0 {
            // The forms the desk shows, as every date field reads them.
            guard let d = Day(typed: date.text.trimmingSpaces, today: today) else {
                error = Said { L("Test date: e.g. \(DateText.short(today)), \(DateText.full(today)), today.") }; focus = .date; return .stay
            }
            if d > today { error = Said { L("Test date: not in the future.") }; focus = .date; return .stay }
            test = ContactTest(kind: testIndex == 1 ? .entry : .exit, method: method, date: d, result: result)
        }
        let otherText = other.text.trimmingSpaces
        if outcome == .reached, symptoms.contains(.other), otherText.isEmpty {
            error = Said { L("Say which other symptom.") }; focus = .other; return .stay
        }
        let text = note.text.trimmingSpaces
        return .submit(FollowUpCall(contactId: contactId, day: today, outcome: outcome,
                                    symptoms: outcome == .reached ? Symptom.allCases.filter(symptoms.contains) : nil,
                                    otherSymptom: outcome == .reached && symptoms.contains(.other) ? otherText : nil,
                                    test: test, note: text.isEmpty ? nil : text))
    }

    /// The symptoms' choices in rows of `width` columns: six labels do not fit one row of a
    /// 80-column box (in Indonesian, not even of a 100-column one).
    func symptomRows(width: Int) -> [[(Int, Symptom)]] {
        var rows: [[(Int, Symptom)]] = [[]]
        var used = 0
        for (i, s) in Symptom.allCases.enumerated() {
            let w = DisplayWidth.of(Self.mark(i, s, on: false)) + 2
            if used > 0 && used + w > width { rows.append([]); used = 0 }
            rows[rows.count - 1].append((i, s))
            used += w
        }
        return rows
    }

    static func mark(_ i: Int, _ s: Symptom, on: Bool) -> String { "\(i + 1)\(on ? "[x]" : "[ ]") \(s.label)" }

    func view(into f: inout Frame, _ area: Rect, name: String) {
        let inner = area.width - 8
        let symptomLines = outcome == .reached ? symptomRows(width: inner) : []
        // The message is wrapped, not cut: the box grows a row for it ("Tab ke kolom berik…"
        // was cut at 80 columns in Indonesian).
        let said: (String, Slot)? = confirmingDiscard
            ? (L("Discard this call log? y = discard, any other key = keep typing"), .warning)
            : error.map { ($0.text, .fieldInvalid) } ?? notice.map { ($0.text, .warning) }
        let messageLines = said.map { Wrap.lines($0.0, width: inner) } ?? []
        // Outcome heading and choices, the symptoms' heading and rows, "other", the test,
        // the note, the message's rows, and the border.
        let wanted = 1 + FollowUpCall.outcomes.count + (outcome == .reached ? 1 + symptomLines.count + 2 : 0) + 1 + max(1, messageLines.count) + 2
        let height = min(area.height, wanted)
        let box = Rect(x: area.x + 2, y: area.maxY - height, width: area.width - 4, height: height)
        for y in box.y..<box.maxY { f.fill(y: y, x: box.x, width: box.width, slot: .normal) }
        Box.draw(into: &f, box, title: L("Follow-up call: \(name)"), slot: .fieldLabel)
        var y = box.y + 1
        let x = box.x + 2
        func slot(_ field: Field) -> Slot { focus == field ? .fieldActive : .fieldLabel }
        // Labels as wide as the longest in the language shown: "Lainnya:" and "Catatan:" ran
        // into their fields at a fixed column.
        let labelW = [L("Other:"), L("Note:"), L("Test:")].map(DisplayWidth.of).max()! + 1
        f.put(L("Outcome (1–\(FollowUpCall.outcomes.count), ↑↓):"), x: x, y: y, slot: slot(.outcome))
        y += 1
        for (i, o) in FollowUpCall.outcomes.enumerated() {
            let chosen = i == outcomeIndex
            f.field(" \(i + 1) \(chosen ? "(•)" : "( )") \(o.label)", x: x, y: y, width: 36,
                    slot: chosen ? (focus == .outcome ? .selected : .selectedUnfocused) : .normal)
            y += 1
        }
        if outcome == .reached {
            let lx = x + f.put(L("Symptoms today (0 none):"), x: x, y: y, slot: slot(.symptoms)) + 1
            if symptoms.isEmpty { f.put(L("none"), x: lx, y: y, slot: .normal) }
            y += 1
            for row in symptomLines {
                var sx = x
                for (i, s) in row {
                    sx += f.put(Self.mark(i, s, on: symptoms.contains(s)), x: sx, y: y, slot: focus == .symptoms ? .fieldActive : .normal) + 2
                }
                y += 1
            }
            if symptoms.contains(.other) {
                f.put(L("Other:"), x: x, y: y, slot: slot(.other))
                let cx = other.draw(into: &f, x: x + labelW, y: y, width: min(40, inner - labelW), slot: focus == .other ? .fieldActive : .selectedUnfocused)
                if focus == .other { f.cursor = (x + labelW + cx, y) }
            }
            y += 1
            let kinds = [L("no test"), L("entry test"), L("exit test")]
            var tx = x
            f.put(L("Test:"), x: tx, y: y, slot: slot(.test))
            tx += labelW
            tx += f.put("‹\(kinds[testIndex])›", x: tx, y: y, slot: focus == .test ? .fieldActive : .normal) + 2
            if testIndex > 0 {
                tx += f.put("‹\(method == .pcr ? "PCR" : L("antigen"))›", x: tx, y: y, slot: focus == .method ? .fieldActive : .normal) + 2 // not shown: PCR, a test method's name in both languages
                let cx = date.draw(into: &f, x: tx, y: y, width: 12, slot: focus == .date ? .fieldActive : .selectedUnfocused)
                if focus == .date { f.cursor = (tx + cx, y) }
                tx += 14
                let shown = result == .negative ? L("negative") : L("positive")
                f.put("‹\(shown)›", x: tx, y: y, slot: focus == .result ? .fieldActive : .normal)
            }
            y += 1
        }
        f.put(L("Note:"), x: x, y: y, slot: slot(.note))
        let nx = note.draw(into: &f, x: x + labelW, y: y, width: box.width - 4 - labelW - 2, slot: focus == .note ? .fieldActive : .selectedUnfocused)
        if focus == .note { f.cursor = (x + labelW + nx, y) }
        y += 1
        if let said {
            for (i, line) in messageLines.enumerated() where y + i < box.maxY - 1 {
                f.put(line, x: x, y: y + i, slot: said.1, maxWidth: box.width - 4)
            }
        }
    }
}
