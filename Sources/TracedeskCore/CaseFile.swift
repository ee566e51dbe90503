import Foundation

/// Holds an optional value behind a pointer: a large, mostly absent field costs a case 8 bytes.
@propertyWrapper
public struct OutOfLine<Value: Sendable & Equatable>: Sendable, Equatable {
    // Changed in place only while this wrapper is its one holder (copy on write), so a
    // shared box is never written: safe to send.
    private final class Box: @unchecked Sendable {
        var value: Value
        init(_ value: Value) { self.value = value }
    }
    private var box: Box?

    public init(wrappedValue: Value?) { box = wrappedValue.map(Box.init) }

    public var wrappedValue: Value? {
        get { box?.value }
        set {
            // A case's drafts are saved hundreds of times: change the box it has, when only
            // this case holds it, instead of making a new one each time.
            if let newValue, box != nil, isKnownUniquelyReferenced(&box!) { box!.value = newValue } else { box = newValue.map(Box.init) }
        }
    }

    public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.wrappedValue == b.wrappedValue }
}

/// An interview draft as the desk holds it. A city's desk has tens of thousands of drafts in
/// progress at a kilobyte or two each: it keeps where each one is and reads it when the case
/// is opened.
public enum HeldDraft: Sendable, Equatable {
    /// The `interview.saved` event at this place in the store.
    case saved(EventRef)
    /// Handed over whole, with no place in a store (a desk built from a list of events).
    indirect case inMemory(InterviewDraft)
    /// In the store's drafts, kept apart from its events: read by case when opened.
    case stored
    /// The draft of the filed interview at this place: a returned interview is resumed as
    /// it was filed.
    case filed(EventRef)

    public var inMemory: InterviewDraft? {
        if case .inMemory(let d) = self { return d }
        return nil
    }
}

/// A call attempt as it happened: who called, when, and how it went.
public struct LoggedAttempt: Sendable, Equatable {
    public var attempt: CallAttempt
    public var at: Date
    public var by: String

    public init(attempt: CallAttempt, at: Date, by: String) { self.attempt = attempt; self.at = at; self.by = by }
}

/// One call as the queue and the team board need it (when, who, how it went); the note and
/// the callback time stay in the journal and are read when the case is shown.
public struct CallMark: Sendable, Equatable {
    public var at: Date
    public var by: String
    public var outcome: CallOutcome
    /// Saved as the desk closed, its outcome never confirmed with Enter: a call made, but
    /// not one whose outcome counts toward a referral.
    public var unconfirmed: Bool
    public init(at: Date, by: String, outcome: CallOutcome, unconfirmed: Bool = false) {
        self.at = at; self.by = by; self.outcome = outcome; self.unconfirmed = unconfirmed
    }
}

/// One line of a case's history, in the tracer's words: kept as catalogue text with its
/// labels in English, so it reads in whichever language the desk speaks when it is shown.
public struct HistoryEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var text: Localizable

    /// Made from a draft: drafts live in the store's draft files, which make the line again
    /// when the case is read in full.
    public var fromDraft = false
    /// A correction's fields after the text, each by its label in the language shown with its
    /// old → new value (`address`, `specimen_date` were shown as the line list's codes).
    public var fields: [HistoryField] = []
    /// A second part of the same event (a lab's values that differ from a correction by hand).
    public var also: Localizable?
    public var alsoFields: [HistoryField] = []
    /// Why, in the corrector's words.
    public var reason: String?
    /// Fields a correction named that the record's check refused, by their line-list names:
    /// shown by their labels in the language on screen (the line said "nik").
    public var refusedFields: [String] = []
    public init(at: Date, actor: String, summary: Localizable) { self.at = at; self.actor = actor; self.text = summary }

    /// In the current language.
    public var summary: String {
        func list(_ fs: [HistoryField]) -> String { fs.isEmpty ? "" : ": " + fs.map(\.shown).joined(separator: ", ") }
        var out = refusedFields.isEmpty
            ? text.text(translatingArguments: true)
            : L("correction not taken, the record's check refuses: \(refusedFields.map(CaseRecord.label(of:)).joined(separator: ", "))")
        out += list(fields)
        if let also { out += "; " + also.text(translatingArguments: true) + list(alsoFields) }
        if let reason, !reason.isEmpty { out += " — " + L("reason: \(reason)") }
        return out
    }
}

/// One corrected field in a history line: its label and its values as the record shows them.
public struct HistoryField: Sendable, Equatable {
    public var field: String
    public var from: String
    public var to: String
    public init(_ change: FieldChange) { field = change.field; from = change.from; to = change.to }

    /// "Address: Jl. Melati 1 → Jl. Melati 10", NIK and phone masked to their last four, an
    /// empty value as "—".
    public var shown: String {
        "\(CaseRecord.label(of: field)) \(Self.value(from, of: field)) → \(Self.value(to, of: field))"
    }

    static func value(_ v: String, of field: String) -> String {
        if v.isEmpty { return "—" }
        switch field {
        // Identifiers in a history line read by anyone at the desk: their ends tell two apart.
        case "nik", "phone": // not shown: the line list's field names
            return v.split(separator: ";").map { p in
                let t = p.trimmingCharacters(in: .whitespaces)
                return t.count > 4 ? "…" + t.suffix(4) : t
            }.joined(separator: "; ")
        case "birth_date", "specimen_date", "result_date", "onset_date": // not shown: field names
            return Day(parsing: v).map(DateText.full) ?? v
        default:
            return VisibleText.oneLine(v)
        }
    }
}

/// Everything the desk knows about one case: the line-list record plus what happened since.
public struct CaseFile: Sendable, Equatable {
    public var record: CaseRecord
    public var status: CaseStatus = .waiting
    public var claimedBy: String?
    /// Every call, in short: 16 bytes each, where a city has half a million.
    public var calls: [CallMark] = []
    /// Calls in full (note, callback time) from events with no place in a store; a case from
    /// `Desk.caseInFull(_:in:)` has all of them.
    public var attempts: [LoggedAttempt] = []
    public var nextCallback: Date?
    public var importedAt: Date
    /// When the case last reached a done status; drives "done today".
    public var doneAt: Date?
    /// History lines made from events with no place in a store (a desk built from a list).
    public var history: [HistoryEntry] = []
    /// The places of the events that make the rest of the history: a city's desk has a million
    /// history lines, so it keeps where they come from and makes them when the case is shown
    /// (`Desk.caseInFull(_:in:)`).
    public var historyRefs: [EventRef] = []
    /// Fields a lead corrected at the desk, with the value the lab last sent for each: a later
    /// list repeating that value changes nothing, and one sending another is a conflict.
    public var labValues: [String: String] = [:]
    /// The interview being walked, as last saved: where to read it (see `Desk.draft(of:in:)`).
    public var draft: HeldDraft? { get { self[trail: \.draft] } set { self[trail: \.draft] = newValue } }
    public var draftSavedBy: String? { get { self[trail: \.draftSavedBy] } set { self[trail: \.draftSavedBy] = newValue } }
    public var draftSavedAt: Date? { get { self[trail: \.draftSavedAt] } set { self[trail: \.draftSavedAt] = newValue } }
    /// The last filed interview in short (counts): every filed case has it.
    public var filing: FiledSummary? { get { self[trail: \.filing] } set { self[trail: \.filing] = newValue } }
    /// Where the last filed interview is in the store, when it came from there.
    public var filedRef: EventRef? { get { self[trail: \.filedRef] } set { self[trail: \.filedRef] = newValue } }
    /// The last filed interview whole (its contacts and draft), when the desk holds it: a
    /// case awaiting review, a case from `Desk.caseInFull(_:in:)`, a desk built from a list
    /// of events. Otherwise it is read by place: `Desk.filedInterview(of:in:)`.
    public var interview: FiledInterview? { get { self[trail: \.interview] } set { self[trail: \.interview] = newValue } }
    public var filedBy: String? { get { self[trail: \.filedBy] } set { self[trail: \.filedBy] = newValue } }
    public var filedAt: Date? { get { self[trail: \.filedAt] } set { self[trail: \.filedAt] = newValue } }
    /// The lead's note when the interview was sent back; shown when the tracer opens the case.
    public var returnNote: String? { get { self[trail: \.returnNote] } set { self[trail: \.returnNote] = newValue } }
    public var returnedBy: String? { get { self[trail: \.returnedBy] } set { self[trail: \.returnedBy] = newValue } }
    /// The lead who approved the interview, and when.
    public var reviewedBy: String? { get { self[trail: \.reviewedBy] } set { self[trail: \.reviewedBy] = newValue } }
    public var reviewedAt: Date? { get { self[trail: \.reviewedAt] } set { self[trail: \.reviewedAt] = newValue } }

    /// Everything about the case's interview, out of line: most cases in a city have none
    /// yet, and a case is stored a hundred thousand times (8 bytes instead of 130).
    struct InterviewTrail: Sendable, Equatable {
        var draft: HeldDraft?
        var draftSavedBy: String?
        var draftSavedAt: Date?
        @OutOfLine var interview: FiledInterview?
        var filing: FiledSummary?
        var filedRef: EventRef?
        var filedBy: String?
        var filedAt: Date?
        var returnNote: String?
        var returnedBy: String?
        var reviewedBy: String?
        var reviewedAt: Date?
    }
    @OutOfLine private var trail: InterviewTrail?

    private subscript<T>(trail field: WritableKeyPath<InterviewTrail, T?>) -> T? {
        get { trail?[keyPath: field] }
        set { changeTrail { $0[keyPath: field] = newValue } }
    }

    /// Several of the interview's fields changed at once: one look at the trail, not one each.
    mutating func changeTrail(_ change: (inout InterviewTrail) -> Void) {
        var t = trail ?? InterviewTrail()
        change(&t)
        trail = t == InterviewTrail() ? nil : t
    }

    /// The filed contacts, when the desk holds the interview whole (see `interview`).
    public var contacts: [FiledContact] { interview?.contacts ?? [] }
    /// How many contacts the last filed interview named: known for every filed case.
    public var contactCount: Int { filing?.contacts ?? 0 }

    public init(record: CaseRecord, importedAt: Date) {
        self.record = record
        self.importedAt = importedAt
    }

    /// Adds a line of history, or only the place of the event it is made from.
    mutating func note(_ entry: @autoclosure () -> HistoryEntry, from ref: EventRef?) {
        if let ref { historyRefs.append(ref) } else { history.append(entry()) }
    }

    public var id: String { record.caseId }
    public var failedAttempts: Int { calls.lazy.filter { $0.outcome.isFailure && !$0.unconfirmed }.count }

    /// Hours a case has waited since its lab result (from the start of the result day, in
    /// the desk's zone).
    public func hoursSinceResult(at now: Date, clock: WallClock) -> Int {
        max(0, Int(now.timeIntervalSince(clock.start(of: record.resultDate)) / 3600))
    }

    /// Hours after its result from which an open case is overdue (tracing within 48 h).
    public static let overdueAfterHours = 48
    /// Hours a filed interview may wait for its review before it is overdue.
    public static let reviewOverdueAfterHours = 24

    /// Still open 48 hours or more after its lab result.
    public func isOverdue(at now: Date, clock: WallClock) -> Bool {
        !status.isDone && hoursSinceResult(at: now, clock: clock) >= CaseFile.overdueAfterHours
    }

    /// Hours a filed interview has waited for review.
    public func hoursAwaitingReview(at now: Date) -> Int {
        filedAt.map { max(0, Int(now.timeIntervalSince($0) / 3600)) } ?? 0
    }

    public func isReviewOverdue(at now: Date) -> Bool {
        status == .awaitingReview && hoursAwaitingReview(at: now) >= CaseFile.reviewOverdueAfterHours
    }

    public func isCallbackDue(at now: Date) -> Bool {
        guard status == .callbackScheduled, let at = nextCallback else { return false }
        return at <= now
    }

    /// Lower-cased id, name, NIK, phones and kelurahan as UTF-8: what a search looks in.
    static func makeSearchKey(_ r: CaseRecord) -> [UInt8] {
        var parts = [r.caseId, r.name, r.kelurahan]
        if let nik = r.nik { parts.append(nik) }
        for p in r.phones {
            parts.append(p)
            // Let "0812..." find "+62812...": tracers type the number as the patient says it.
            if p.hasPrefix("+62") { parts.append("0" + p.dropFirst(3)) }
        }
        return Array(SearchText.fold(parts.joined(separator: "\u{1}")).utf8)
    }
}

public enum SearchText {
    /// What a typed search looks for: trimmed, folded, as UTF-8 bytes.
    public static func needle(_ typed: String) -> [UInt8] {
        Array(fold(typed.trimmingCharacters(in: .whitespaces)).utf8)
    }

    /// Case- and accent-insensitive form for matching what a tracer types.
    public static func fold(_ s: String) -> String {
        // Most ids, names and phones are ASCII: lower-casing them is all folding does, and
        // Foundation's folding is slow enough to show in start-up time.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// What is known of a case's onset. A line list without an onset date does not say the
/// patient had no symptoms (the lab may not know): the case is asymptomatic only where a
/// record says so — the filed interview's "no symptoms" — and the infectious period then
/// runs from the specimen date (KMK 4641). Otherwise the onset is not recorded.
public enum OnsetKnown: Equatable, Sendable {
    case day(Day), asymptomatic, notRecorded
}

extension CaseFile {
    public var onsetKnown: OnsetKnown {
        if let d = record.onsetDate { return .day(d) }
        guard let said = interview?.draft else { return .notRecorded }
        if said.symptomatic == "no" { return .asymptomatic } // not shown: a stored value
        if said.symptomatic == "yes", let d = Day(parsing: said.onset) { return .day(d) } // not shown: a stored value
        return .notRecorded
    }
}

extension CaseFile {
    /// A saved draft, held the one way for the desk that saved it and for a replay (which
    /// sees only that a draft exists in the draft store, not when): where to read it and who
    /// saved it. `replacing`: a newer draft replaces the one held (the live path); a replay
    /// keeps a draft the log already gave (a returned interview). The status and a callback are
    /// not the draft's to change; they are the calls' and the filing's. An interview opened
    /// before a callback (to read the line list's data, or by habit) must not take the
    /// callback off the queue: the live desk showed "in progress" and lost it, while a
    /// restart showed "call back 16:00" again.
    mutating func holdDraft(_ held: HeldDraft, by actor: String?, at: Date?, replacing: Bool) {
        changeTrail { trail in
            if replacing || trail.draft == nil { trail.draft = held }
            if replacing || trail.draftSavedBy == nil { trail.draftSavedBy = actor }
            if replacing, let at { trail.draftSavedAt = at }
        }
    }
}
