import Foundation
import TracedeskCore

extension InterviewScreen {
    /// The key context, for dispatch, help and the hint bar.
    var context: Context {
        switch draft.step {
        case .identity, .symptoms: .interviewForm
        case .day: .interviewDay
        case .contacts: openContact == nil ? .interviewContacts : .interviewForm
        case .review: .interviewReview
        }
    }

    mutating func update(_ key: Key, _ ctx: DeskContext) -> [Command] {
        note = nil
        today = ctx.settings.clock.day(of: ctx.now)
        if let id = confirmingDelete {
            confirmingDelete = nil
            if key == .char("y") || key == .char("Y") {
                let name = draft.contact(id)?.name ?? id
                draft.removeContact(id)
                contactSelection = min(contactSelection, max(0, draft.contacts.count - 1))
                unsaved = true
                return save() + [.flash(Flash(L("Deleted \(name).")))]
            }
            return [.flash(Flash(L("Kept.")))]
        }
        if confirmingNothing {
            confirmingNothing = false
            guard key == .char("y") || key == .char("Y"), case .day(let d) = draft.step else { return [.flash(Flash(L("Kept.")))] }
            // "Nothing to record" beside a place or a person would contradict itself: the
            // day's places and meetings go (the people stay on the contacts list).
            for id in draft.days[d]?.met ?? [] { draft.unmeet(id, on: d) }
            draft.days[d, default: DayNotes()].visits = []
            draft.days[d]?.nothingToRecord = true
            unsaved = true
            return save() + [.flash(Flash(L("Marked: nothing to record on \(DateText.short(d))."))) ]
        }
        if confirmingFile {
            confirmingFile = false
            if key == .char("y") || key == .char("Y") { return file(ctx) }
            return [.flash(Flash(L("Not filed; keep going.")))]
        }
        let specs = fields(ctx)
        let current = specs.indices.contains(focus) ? specs[focus] : nil
        // Typing goes to the focused text field first: letters are names, not commands.
        if let spec = current, spec.kind == .text, isTyping(key) {
            beginEditing(spec.field)
            editor.handle(key)
            unsaved = true
            if spec.field == .person { candidate = nil }
            return []
        }
        switch ctx.keymap.action(for: key, in: context) {
        case .nextField: return moveFocus(1, ctx)
        case .previousField: return moveFocus(-1, ctx)
        case .moveDown:
            if draft.step == .contacts && openContact == nil {
                contactSelection = min(max(0, draft.contacts.count - 1), contactSelection + 1); return []
            }
            if draft.step == .review {
                // Held at the last: a count past it made ↑ seem stuck for as many presses.
                let count = InterviewCheck.all(draft, today: ctx.settings.clock.day(of: ctx.now)).count
                problemSelection = min(max(0, count - 1), problemSelection + 1); return []
            }
            if current?.field == .person { return moveCandidate(1, ctx) }
            return moveFocus(1, ctx)
        case .moveUp:
            if draft.step == .contacts && openContact == nil { contactSelection = max(0, contactSelection - 1); return [] }
            if draft.step == .review { problemSelection = max(0, problemSelection - 1); return [] }
            if current?.field == .person, candidate != nil { return moveCandidate(-1, ctx) }
            return moveFocus(-1, ctx)
        case .choiceNext, .choicePrevious:
            guard let spec = current, case .choice(let options) = spec.kind else { return [] }
            let i = options.firstIndex { $0.value == value(spec.field) } ?? 0
            let step = ctx.keymap.action(for: key, in: context) == .choiceNext ? 1 : -1
            set(spec.field, options[(i + step + options.count) % options.count].value)
            return []
        case .confirm: return confirm(current, ctx)
        case .nextScreen: return go(by: 1, ctx)
        case .previousScreen: return go(by: -1, ctx)
        case .jumpToReview: return jump(to: .review, ctx)
        case .addContact:
            commit()
            let id = draft.addContact(named: "", on: nil)
            openContact = id
            contactSelection = draft.contacts.count - 1
            focus = 0
            return save()
        case .deleteContact:
            guard draft.contacts.indices.contains(contactSelection) else { return [] }
            confirmingDelete = draft.contacts[contactSelection].id
            return []
        case .nothingToRecord:
            guard case .day(let d) = draft.step else { return [] }
            commit()
            let notes = draft.days[d] ?? DayNotes()
            if !notes.nothingToRecord && (!notes.visits.isEmpty || !notes.met.isEmpty) {
                confirmingNothing = true
                return save()
            }
            draft.days[d, default: DayNotes()].nothingToRecord.toggle()
            unsaved = true
            return save()
        case .fileInterview:
            return requestFile(ctx)
        case .back:
            if let id = openContact {
                commit()
                openContact = nil
                // Someone already known may be this person: the tracer links or keeps apart.
                return save() + PersonMatchScreen.offer(for: id, in: draft, ctx)
            }
            commit()
            // Whether the draft is kept is the desk's to say: only it knows if the store took it.
            return save(leaving: true) + [.pop, .leftInterview(caseId: draft.caseId)]
        case .help:
            commit()
            return save() + [.push(.help(HelpScreen(context: context)))]
        case .readInFull:
            commit()
            let me = self
            return save() + [.push(.pager(.worded(ctx) { me.inFull($0) }))]
        default:
            if let spec = current, case .choice(let options) = spec.kind, case .char(let c) = key {
                if let n = c.wholeNumberValue, (1...options.count).contains(n) {
                    set(spec.field, options[n - 1].value)
                    return []
                }
                // A letter picks the next choice it begins; nothing typed vanishes silently.
                if let v = InterviewScreen.choice(startingWith: c, in: options, after: value(spec.field)) {
                    set(spec.field, v)
                    return []
                }
                return [.flash(Flash(L("\(spec.label) is a choice: ←/→, Space, 1–\(min(9, options.count)) or its first letter; Tab: next field."), .warning))]
            }
            return []
        }
    }

    /// A contact's notes hold what the patient told about the meeting: longer than a name.
    /// A contact's notes hold what the server takes of a note; every other field is one line, 120
    /// characters, well within the server's `line`.
    static func maxLength(_ field: Field) -> Int { field == .contact(.notes) ? EventLimit.note.value : 120 }

    /// What this screen of the interview may cut with "…", whole: the lead's return note, then
    /// the open contact's every field (its notes above all), the selected contact's, the
    /// day's places and people, or the identity and symptoms as typed.
    func inFull(_ ctx: DeskContext) -> PagerScreen {
        typealias E = PagerScreen.Entry
        var entries: [E] = []
        if let file = ctx.desk[caseId], file.status == .returned, let note = file.returnNote {
            entries.append(E(L("Returned by \(file.returnedBy ?? L("your lead"))"), heading: true))
            entries.append(E(note))
        }
        func contact(_ c: ContactDraft) {
            entries.append(E(L("Contact \(c.id) · \(c.name.isEmpty ? L("(no name)") : c.name)"), heading: true))
            for f in ContactField.allCases {
                var v = c[keyPath: f.keyPath]
                if v.isEmpty { continue }
                if case .choice(let options) = contactKind(f) { v = options.first { $0.value == v }?.label ?? v }
                entries.append(E("\(f.label): \(v)"))
            }
        }
        switch draft.step {
        case .contacts:
            if let id = openContact, let c = draft.contact(id) {
                // What is being typed counts: the field's text, not the draft's older one.
                var shown = c
                if case .contact(let f)? = editing { shown[keyPath: f.keyPath] = editor.text }
                contact(shown)
            } else if draft.contacts.indices.contains(contactSelection) {
                contact(draft.contacts[contactSelection])
            }
        case .day(let d):
            let notes = draft.days[d] ?? DayNotes()
            entries.append(E(DateText.long(d), heading: true))
            for v in notes.visits { entries.append(E("\(v.kind.label)\(v.place.isEmpty ? "" : " — " + v.place)")) }
            for id in notes.met { if let c = draft.contact(id) { entries.append(E("\(c.id) \(c.name)")) } }
        case .review:
            for c in draft.contacts { contact(c) }
        case .identity, .symptoms:
            entries.append(E(draft.step == .identity ? L("1 Identity") : L("2 Symptoms"), heading: true))
            for spec in fields(ctx) where !value(spec.field).isEmpty {
                var v = value(spec.field)
                if case .choice(let options) = spec.kind { v = options.first { $0.value == v }?.label ?? v }
                entries.append(E("\(spec.label): \(v)"))
            }
        }
        if entries.isEmpty { entries.append(E(L("Nothing here is cut."))) }
        return PagerScreen(title: L("Interview · \(caseId) · in full"), entries: entries)
    }

    /// The next option (after the current one, wrapping) whose label begins with `c`, folded
    /// (case and accents); nil when none does.
    static func choice(startingWith c: Character, in options: [(value: String, label: String)], after current: String) -> String? {
        let letter = SearchText.fold(String(c))
        guard !letter.isEmpty, c.isLetter else { return nil }
        let start = (options.firstIndex { $0.value == current } ?? -1) + 1
        for k in 0..<options.count {
            let o = options[(start + k) % options.count]
            if SearchText.fold(o.label).hasPrefix(letter) { return o.value }
        }
        return nil
    }

    /// A paste into the focused text field; nil on a choice, a list or a question.
    mutating func paste(_ text: String, _ ctx: DeskContext) -> Pasted? {
        guard !readOnly, confirmingDelete == nil, !confirmingFile, !confirmingNothing else { return nil }
        let specs = fields(ctx)
        guard specs.indices.contains(focus), specs[focus].kind == .text else { return nil }
        let field = specs[focus].field
        beginEditing(field)
        let cut = editor.paste(text)
        unsaved = true
        if field == .person { candidate = nil }
        return Pasted(cut: cut, limit: editor.maxLength)
    }

    private func isTyping(_ key: Key) -> Bool {
        switch key {
        case .char, .backspace, .delete, .left, .right, .home, .end,
             .ctrl("u"), .ctrl("w"), .ctrl("a"), .ctrl("e"), .ctrl("k"): true
        default: false
        }
    }

    mutating func beginEditing(_ field: Field) {
        guard editing != field else { return }
        commit()
        let current = storedValue(field)
        editing = field
        editor = TextField(current, maxLength: InterviewScreen.maxLength(field))
    }

    /// Moves the typed text into the draft.
    mutating func commit() {
        guard let field = editing else { return }
        let text = editor.text
        editing = nil
        if storedValue(field) != text { set(field, text) }
    }

    /// Hands the draft to the desk to journal, if anything changed. From here the desk holds
    /// it until the store has it, and says so when it cannot be written.
    mutating func save(leaving: Bool = false) -> [Command] {
        guard unsaved else { return [] }
        unsaved = false
        let purpose: WritePurpose = leaving ? .interviewLeft(caseId: draft.caseId) : .draftSaved(caseId: draft.caseId)
        return [.save(.events([.interviewSaved(draft)], purpose))]
    }

    /// Called when the tracer pauses: what was typed so far goes to the journal.
    mutating func idle() -> [Command] {
        if let field = editing, storedValue(field) != editor.text { set(field, editor.text) }
        return save()
    }

    mutating func moveFocus(_ by: Int, _ ctx: DeskContext) -> [Command] {
        commit()
        let n = fields(ctx).count
        guard n > 0 else { return save() }
        focus = (focus + by + n) % n
        candidate = nil
        return save()
    }

    mutating func moveCandidate(_ by: Int, _ ctx: DeskContext) -> [Command] {
        let list = candidates(ctx)
        guard !list.isEmpty else { return [] }
        let next = (candidate ?? -1) + by
        candidate = next < 0 ? nil : min(list.count - 1, next)
        return []
    }

    /// People named on other days who are not yet on this one, filtered by what is typed.
    func candidates(_ ctx: DeskContext) -> [ContactDraft] {
        guard case .day(let d) = draft.step else { return [] }
        let here = Set(draft.days[d]?.met ?? [])
        let typed = SearchText.fold(value(.person).trimmingCharacters(in: .whitespaces))
        return draft.contacts.filter { c in
            !here.contains(c.id) && !c.name.isEmpty && (typed.isEmpty || SearchText.fold(c.name).contains(typed))
        }
    }

    mutating func confirm(_ spec: FieldSpec?, _ ctx: DeskContext) -> [Command] {
        switch draft.step {
        case .day(let d):
            if spec?.field == .place {
                let text = value(.place).trimmingCharacters(in: .whitespaces)
                draft.days[d, default: DayNotes()].visits.append(Visit(kind: placeKind, place: text))
                draft.pendingPlace = ""
                draft.days[d]?.nothingToRecord = false
                editing = nil
                editor = TextField(maxLength: 120)
                unsaved = true
                focus = 2
                return save()
            }
            if spec?.field == .person {
                let list = candidates(ctx)
                if let i = candidate, list.indices.contains(i) {
                    draft.meet(list[i].id, on: d)
                    let name = list[i].name
                    note = Said { L("\(name) met again on \(DateText.short(d)).") }
                } else {
                    let name = value(.person).trimmingCharacters(in: .whitespaces)
                    guard !name.isEmpty else { return [.flash(Flash(L("Type a name first (details come later, on the contacts screen)."), .warning))] }
                    draft.addContact(named: name, on: d)
                }
                draft.days[d]?.nothingToRecord = false
                draft.pendingPerson = ""
                editing = nil
                editor = TextField(maxLength: 120)
                candidate = nil
                unsaved = true
                return save()
            }
            return moveFocus(1, ctx)
        case .contacts where openContact == nil:
            guard draft.contacts.indices.contains(contactSelection) else { return [] }
            openContact = draft.contacts[contactSelection].id
            focus = 0
            return []
        case .review:
            let problems = InterviewCheck.all(draft, today: ctx.settings.clock.day(of: ctx.now))
            guard problems.indices.contains(problemSelection) else { return [] }
            return jump(toProblem: problems[problemSelection], ctx)
        default:
            return moveFocus(1, ctx)
        }
    }

    // MARK: - Moving between screens

    /// The screens in order: identity, symptoms, each day, contacts, review.
    func screens(_ ctx: DeskContext) -> [InterviewStep] {
        [.identity, .symptoms] + draft.walk(today: ctx.settings.clock.day(of: ctx.now)).map { .day($0) } + [.contacts, .review]
    }

    mutating func go(by delta: Int, _ ctx: DeskContext) -> [Command] {
        commit()
        let all = screens(ctx)
        let i = all.firstIndex(of: draft.step) ?? 0
        let target = all[max(0, min(all.count - 1, i + delta))]
        if delta > 0 {
            // Next is blocked only by errors, never by optional gaps.
            let errors = stepProblems(ctx).filter(\.isError)
            if let first = errors.first {
                return save() + [.flash(Flash(L("Fix first: \(first.message)."), .warning))]
            }
            if draft.step == .identity && draft.consent == Consent.refused.rawValue {
                return jump(to: .review, ctx)
            }
        }
        return jump(to: target, ctx)
    }

    mutating func jump(to step: InterviewStep, _ ctx: DeskContext) -> [Command] {
        commit()
        if draft.step != step { unsaved = true }
        if draft.step != step, case .day(let left) = draft.step,
           draft.keepPending(on: left, placeKind: placeKind) > 0 {
            editor = TextField(maxLength: 120)
            note = Said { L("What was typed is added to \(DateText.short(left)).") }
        }
        draft.step = step
        focus = 0
        candidate = nil
        openContact = nil
        problemSelection = 0
        if case .day = step { focus = draft.days[dayOf(step)!]?.visits.isEmpty == false ? 2 : 0 }
        return save()
    }

    private func dayOf(_ s: InterviewStep) -> Day? { if case .day(let d) = s { d } else { nil } }

    mutating func jump(toProblem p: FieldProblem, _ ctx: DeskContext) -> [Command] {
        switch p.place {
        case .identity(let k):
            let c = jump(to: .identity, ctx)
            focus = fields(ctx).firstIndex { InterviewScreen.key($0.field) == k } ?? 0
            return c
        case .symptoms(let k):
            let c = jump(to: .symptoms, ctx)
            focus = fields(ctx).firstIndex { InterviewScreen.key($0.field) == k } ?? 0
            return c
        case .day(let d):
            return jump(to: .day(d), ctx)
        case .contact(let id, let k):
            let c = jump(to: .contacts, ctx)
            openContact = id
            contactSelection = draft.contacts.firstIndex { $0.id == id } ?? 0
            focus = ContactField.allCases.firstIndex(of: k) ?? 0
            return c
        }
    }

    // MARK: - Filing

    mutating func requestFile(_ ctx: DeskContext) -> [Command] {
        commit()
        let today = ctx.settings.clock.day(of: ctx.now)
        let problems = InterviewCheck.all(draft, today: today)
        let errors = problems.filter(\.isError)
        if !errors.isEmpty {
            _ = jump(to: .review, ctx)
            return save() + [.flash(Flash(L("Cannot file yet: \(errors.count) problem(s) to fix — Enter on one jumps to it."), .warning))]
        }
        if draft.step != .review { return save() + jump(to: .review, ctx) }
        confirmingFile = true
        return save()
    }

    mutating func file(_ ctx: DeskContext) -> [Command] {
        let filed = FiledInterview.file(draft, today: ctx.settings.clock.day(of: ctx.now))
        return [.save(.events([.interviewFiled(filed)], .interviewFiled(caseId: draft.caseId))),
                .flash(Flash(L("Filing…")))]
    }
}
