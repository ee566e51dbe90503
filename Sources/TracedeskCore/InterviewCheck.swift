import Foundation

/// A problem with what was typed, tied to the field it is about, so the review can jump there.
public struct FieldProblem: Equatable, Sendable {
    public enum Severity: Sendable { case error, warning }
    public enum Place: Equatable, Sendable, Hashable {
        case identity(String)
        case symptoms(String)
        case day(Day)
        case contact(id: String, field: ContactField)
    }
    public var place: Place
    public var message: String
    public var severity: Severity
    public var isError: Bool { severity == .error }
}

/// The date logic tracers' tools most often get wrong, checked at entry and again at review.
public enum InterviewCheck {
    public static func identity(_ d: InterviewDraft) -> [FieldProblem] {
        var out: [FieldProblem] = []
        if d.confirmedName.trimmingCharacters(in: .whitespaces).isEmpty {
            out.append(.init(place: .identity("name"), message: L("confirm the patient's name"), severity: .error)) // not shown: a field key
        }
        if !d.confirmedNik.isEmpty && !NIK.isValid(d.confirmedNik) {
            out.append(.init(place: .identity("nik"), message: L("NIK must be 16 digits"), severity: .error)) // not shown: a field key
        }
        if !d.confirmedPhone.isEmpty && Phone.normalize(d.confirmedPhone) == nil {
            out.append(.init(place: .identity("phone"), message: L("not an Indonesian phone number (08…, +62…)"), severity: .error)) // not shown: a field key
        }
        if d.consent.isEmpty {
            out.append(.init(place: .identity("consent"), message: L("record whether the patient consents to the interview"), severity: .error)) // not shown: a field key
        }
        return out
    }

    public static func symptoms(_ d: InterviewDraft, today: Day) -> [FieldProblem] {
        var out: [FieldProblem] = []
        func date(_ field: String, _ text: String, required: Bool) -> Day? {
            if text.isEmpty {
                if required { out.append(.init(place: .symptoms(field), message: L("needed to compute the infectious period"), severity: .error)) }
                return nil
            }
            guard let day = Day(parsing: text) else {
                out.append(.init(place: .symptoms(field), message: L("\"\(text)\" is not a date: write \(DateText.typedExamples(today)) or today"), severity: .error))
                return nil
            }
            if day > today {
                out.append(.init(place: .symptoms(field), message: L("\(day.text) is in the future"), severity: .error))
                return nil
            }
            return day
        }
        if d.symptomatic.isEmpty {
            out.append(.init(place: .symptoms("symptomatic"), message: L("ask whether the patient has had symptoms"), severity: .error)) // not shown: a field key
        }
        let yes = d.symptomatic == "yes"
        let onset = date("onset", d.onset, required: yes) // not shown: a field key
        let specimen = date("specimen", d.specimen, required: !yes && !d.symptomatic.isEmpty) // not shown: a field key
        let isolation = date("isolation", d.isolation, required: false) // not shown: a field key
        if yes, let o = onset, let s = specimen, o.days(since: s) > d.rules.maxOnsetAfterSpecimen {
            out.append(.init(place: .symptoms("onset"), // not shown: a field key
                             message: L("onset \(o.text) is \(o.days(since: s)) days after the specimen date; check with the patient"),
                             severity: .warning))
        }
        if let iso = isolation, let p = d.rules.infectiousPeriod(onset: yes ? onset : nil, specimen: yes ? nil : specimen, isolation: nil, today: today),
           iso < p.start {
            out.append(.init(place: .symptoms("isolation"), // not shown: a field key
                             message: L("isolation \(iso.text) is before the infectious period starts (\(p.start.text))"),
                             severity: .error))
        }
        return out
    }

    public static func contact(_ c: ContactDraft, in d: InterviewDraft, today: Day) -> [FieldProblem] {
        var out: [FieldProblem] = []
        func add(_ field: ContactField, _ msg: String, _ sev: FieldProblem.Severity = .error) {
            out.append(.init(place: .contact(id: c.id, field: field), message: msg, severity: sev))
        }
        if c.name.trimmingCharacters(in: .whitespaces).isEmpty { add(.name, L("a contact needs a name")) }
        if c.phone.isEmpty { add(.phone, L("no phone: follow-up will need one"), .warning) }
        else if Phone.normalize(c.phone) == nil { add(.phone, L("not an Indonesian phone number (08…, +62…, 62…)")) }
        if !c.nik.isEmpty && !NIK.isValid(c.nik) {
            add(.nik, L("NIK must be 16 digits"))
        } else if c.nik.isEmpty && c.nikMissingReason.isEmpty {
            add(.nik, L("no NIK: give the reason"), .warning)
        }
        if !c.age.isEmpty && !(Int(c.age).map { (0...120).contains($0) } ?? false) { add(.age, L("age in years, 0–120")) }
        if c.criterion.isEmpty { add(.criterion, L("choose which close-contact criterion applies"), .warning) }
        let period = d.period(today: today)
        let isolation = Day(parsing: d.isolation)
        for (field, text, day) in [(ContactField.firstExposure, c.firstExposure, c.firstExposureDay), (.lastExposure, c.lastExposure, c.lastExposureDay)] {
            if !text.isEmpty && day == nil { add(field, L("\"\(text)\" is not a date: write \(DateText.typedExamples(today)) or today")); continue }
            guard let day else { continue }
            if day > today { add(field, L("\(day.text) is in the future")) }
            else if let iso = isolation, day > iso { add(field, L("\(day.text) is after the patient isolated (\(iso.text))")) }
            else if let p = period, !p.contains(day) {
                add(field, L("\(day.text) is outside the infectious period (\(p.start.text) to \(p.end.text))"))
            }
        }
        if c.lastExposureDay == nil && c.lastExposure.isEmpty { add(.lastExposure, L("when did they last meet? (no exposure date)")) }
        if let f = c.firstExposureDay, let l = c.lastExposureDay, l < f {
            add(.lastExposure, L("last exposure \(l.text) is before first exposure \(f.text)"))
        }
        return out
    }

    /// Everything, in the order of the screens: what the review lists.
    public static func all(_ d: InterviewDraft, today: Day) -> [FieldProblem] {
        var out = identity(d) + symptoms(d, today: today)
        if d.consent == Consent.refused.rawValue { return out.filter { if case .identity = $0.place { true } else { false } } }
        for day in d.walk(today: today) where (d.days[day] ?? DayNotes()).isEmpty {
            out.append(.init(place: .day(day), message: L("not walked yet: where was the patient, whom did they meet?"), severity: .warning))
        }
        for c in d.contacts { out += contact(c, in: d, today: today) }
        // Errors first, each kind in the interview's order: what blocks filing is what Enter on
        // the review's first line takes the tracer to, not a day not walked yet.
        return out.filter(\.isError) + out.filter { !$0.isError }
    }
}
