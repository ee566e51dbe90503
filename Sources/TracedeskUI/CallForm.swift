import Foundation
import TracedeskCore

/// Logging one call attempt: pick the outcome, add a note, and for "call back" a time.
public struct CallForm: Equatable, Sendable {
    public enum Field: Equatable, Sendable { case outcome, note, callback }

    public static let outcomes: [CallOutcome] = [.reached, .noAnswer, .busy, .wrongNumber, .refused, .callBack, .reachedInterviewLater]

    public var outcomeIndex = 0
    public var note = TextField(maxLength: EventLimit.note.value)
    public var callback = TextField(maxLength: 40)
    public var focus: Field = .outcome
    public var error: Said?
    /// What a key did not do (a letter on the outcome list), said until the next key.
    public var notice: Said?
    /// Esc after typing asks before throwing the typing away.
    public var confirmingDiscard = false

    public var outcome: CallOutcome { CallForm.outcomes[outcomeIndex] }
    var fields: [Field] { asksTime ? [.outcome, .note, .callback] : [.outcome, .note] }
    /// Call back: a time is required. No answer, busy: a retry time may be given.
    var asksTime: Bool { outcome.needsCallbackTime || outcome.takesRetryTime }
    var hasTyping: Bool { !note.isEmpty || !callback.isEmpty }

    public enum Result: Equatable { case stay, cancel, submit(CallAttempt) }

    mutating func update(_ key: Key, caseId: String, ctx: DeskContext) -> Result {
        if confirmingDiscard {
            confirmingDiscard = false
            if key == .char("y") || key == .char("Y") { return .cancel }
            error = nil
            return .stay
        }
        notice = nil
        let action = ctx.keymap.action(for: key, in: .callForm)
        switch action {
        case .back:
            if hasTyping { confirmingDiscard = true; return .stay }
            return .cancel
        case .nextField: moveFocus(1); return .stay
        case .previousField: moveFocus(-1); return .stay
        case .save: return submit(caseId: caseId, ctx: ctx)
        default: break
        }
        switch focus {
        case .outcome:
            switch key {
            case .up: outcomeIndex = max(0, outcomeIndex - 1)
            case .down: outcomeIndex = min(CallForm.outcomes.count - 1, outcomeIndex + 1)
            case .char(let c) where c.wholeNumberValue.map({ (1...CallForm.outcomes.count).contains($0) }) == true:
                outcomeIndex = c.wholeNumberValue! - 1
            case .char:
                // Typing on the outcome list: said, not silently dropped, and never a move (j/k
                // in a word being typed changed the outcome unseen).
                notice = Said { L("The outcome is a choice: 1–\(CallForm.outcomes.count) or ↑↓. Tab goes to the note.") }
                return .stay
            default: break
            }
            error = nil
        case .note:
            if key == .up { moveFocus(-1) } else if key == .down { moveFocus(1) } else { note.handle(key) }
        case .callback:
            if key == .up { moveFocus(-1) } else { callback.handle(key); error = nil }
        }
        return .stay
    }

    /// A paste goes into the note or the callback time as text; on the outcome list it is
    /// nil (ignored, and said), never a choice.
    mutating func paste(_ text: String) -> Pasted? {
        if confirmingDiscard { return nil }
        switch focus {
        case .outcome: return nil
        case .note: return note.pasted(text)
        case .callback: error = nil; return callback.pasted(text)
        }
    }

    private mutating func moveFocus(_ by: Int) {
        let f = fields
        let i = f.firstIndex(of: focus) ?? 0
        focus = f[(i + by + f.count) % f.count]
    }

    private mutating func submit(caseId: String, ctx: DeskContext) -> Result {
        var at: Date?
        if outcome.needsCallbackTime || (outcome.takesRetryTime && !callback.text.trimmingCharacters(in: .whitespaces).isEmpty) {
            switch CallbackTime.parse(callback.text, now: ctx.now, clock: ctx.settings.clock) {
            case .success(let d): at = d
            case .failure(let e):
                let (now, clock) = (ctx.now, ctx.settings.clock)
                error = Said { L("Callback time: \(e.text(now: now, clock: clock)).") }
                focus = .callback
                return .stay
            }
        }
        let text = note.text.trimmingCharacters(in: .whitespaces)
        return .submit(CallAttempt(caseId: caseId, outcome: outcome, note: text.isEmpty ? nil : text, callbackAt: at))
    }

    /// What was typed, as the call it describes, when the desk is ended by a signal before
    /// Enter: the outcome as chosen, the note, the callback time if it reads (else its text
    /// goes into the note, so nothing typed is lost), marked unconfirmed. Nil when nothing
    /// was typed.
    func unconfirmedAttempt(caseId: String, ctx: DeskContext) -> CallAttempt? {
        guard hasTyping else { return nil }
        var text = note.text.trimmingCharacters(in: .whitespaces)
        var at: Date?
        let typedTime = callback.text.trimmingCharacters(in: .whitespaces)
        if !typedTime.isEmpty {
            if asksTime, case .success(let d) = CallbackTime.parse(typedTime, now: ctx.now, clock: ctx.settings.clock) {
                at = d
            } else {
                text += (text.isEmpty ? "" : " · ") + typedTime
            }
        }
        var attempt = CallAttempt(caseId: caseId, outcome: outcome, note: text.isEmpty ? nil : text, callbackAt: at)
        attempt.unconfirmed = true
        return attempt
    }

    // MARK: - View

    func view(into f: inout Frame, _ area: Rect, ctx: DeskContext) {
        let height = CallForm.outcomes.count + 8
        let box = Rect(x: area.x + 2, y: area.maxY - height, width: area.width - 4, height: height)
        for y in box.y..<box.maxY { f.fill(y: y, x: box.x, width: box.width, slot: .normal) }
        Box.draw(into: &f, box, title: L("Log a call attempt"), slot: .fieldLabel)
        var y = box.y + 1
        let x = box.x + 2
        f.put(L("Outcome (1–\(CallForm.outcomes.count), ↑↓):"), x: x, y: y, slot: focus == .outcome ? .fieldActive : .fieldLabel)
        y += 1
        for (i, o) in CallForm.outcomes.enumerated() {
            let chosen = i == outcomeIndex
            let mark = chosen ? "(•)" : "( )"
            let slot: Slot = chosen ? (focus == .outcome ? .selected : .selectedUnfocused) : .normal
            f.field(" \(i + 1) \(mark) \(o.label)", x: x, y: y, width: 36, slot: slot)
            y += 1
        }
        y += 1
        // As wide as the longer label in the language shown ("Telepon ulang (WITA):" is 21).
        let noteLabel = L("Note:")
        let callbackLabel = outcome.takesRetryTime ? L("Try again (\(ctx.settings.clock.label)):") : L("Call back (\(ctx.settings.clock.label)):")
        let labelW = max(DisplayWidth.of(noteLabel), DisplayWidth.of(callbackLabel)) + 1
        let fieldW = box.width - labelW - 6
        f.put(noteLabel, x: x, y: y, slot: .fieldLabel)
        let nx = note.draw(into: &f, x: x + labelW, y: y, width: fieldW, slot: focus == .note ? .fieldActive : .selectedUnfocused)
        if focus == .note { f.cursor = (x + labelW + nx, y) }
        y += 1
        if asksTime {
            f.put(callbackLabel, x: x, y: y, slot: .fieldLabel)
            let invalid = error != nil
            let cx = callback.draw(into: &f, x: x + labelW, y: y, width: fieldW,
                                   slot: invalid ? .fieldInvalid : (focus == .callback ? .fieldActive : .selectedUnfocused))
            if focus == .callback { f.cursor = (x + labelW + cx, y) }
            if callback.isEmpty && focus != .callback {
                f.put(Self.callbackExample(retry: outcome.takesRetryTime, now: ctx.now, clock: ctx.settings.clock), x: x + labelW, y: y, slot: .disabled, maxWidth: fieldW)
            }
        }
        y += 1
        // Two rows of the box, broken between words: a refusal says what would work, whole,
        // and a notice or question keeps its keys in either language.
        let said: (String, Slot)? = confirmingDiscard
            ? (L("Discard this call log? y = discard, any other key = keep typing"), .warning)
            : error.map { ($0.text, .fieldInvalid) } ?? notice.map { ($0.text, .warning) }
                ?? (focus == .callback ? (Self.partsOfDay, .disabled) : nil) // what the words mean, where they are typed
        if let said {
            for (i, line) in Wrap.lines(said.0, width: box.width - 4).prefix(box.maxY - 1 - y).enumerated() {
                f.put(line, x: x, y: y + i, slot: said.1, maxWidth: box.width - 4)
            }
        }
    }

    /// What the time field takes, under the empty field; help says the same from here. Picked
    /// by the parser at `now`: each example is one the field takes when it is shown.
    static func callbackExample(retry: Bool, now: Date, clock: WallClock) -> String {
        let list = CallbackTime.fieldExamples(retry: retry, now: now, clock: clock).joined(separator: ", ")
        return retry ? L("optional: \(list)") : L("e.g. \(list)")
    }

    /// What the words of a time mean, under the field while it is typed in.
    static var partsOfDay: String { L("pagi 09:00 · siang 13:00 · sore 16:00 · malam 19:00 (nanti = today)") }

    /// The form's legend for the help screen: the same words, from the same place, so help
    /// never says other phrases than the form takes.
    static func helpLines(now: Date, clock: WallClock) -> [String] {
        [L("Call back (asked to call back): \(callbackExample(retry: false, now: now, clock: clock))"),
         L("Try again (no answer, busy): \(callbackExample(retry: true, now: now, clock: clock))"),
         partsOfDay]
    }
}

/// A single-line box; falls back to ASCII where the terminal has no line drawing (issue 6).
enum Box {
    static func draw(into f: inout Frame, _ r: Rect, title: String, slot: Slot) {
        guard r.width >= 2, r.height >= 2 else { return }
        let inner = r.width - 2
        let (h, v, tl, tr, bl, br) = f.asciiBorders ? ("-", "|", "+", "+", "+", "+") : ("─", "│", "┌", "┐", "└", "┘")
        f.put(tl + String(repeating: h, count: inner) + tr, x: r.x, y: r.y, slot: slot)
        for y in (r.y + 1)..<(r.maxY - 1) {
            f.put(v, x: r.x, y: y, slot: slot)
            f.put(v, x: r.x + r.width - 1, y: y, slot: slot)
        }
        f.put(bl + String(repeating: h, count: inner) + br, x: r.x, y: r.maxY - 1, slot: slot)
        f.put(" \(title) ", x: r.x + 2, y: r.y, slot: .title)
    }
}
