/// An event replay had to ignore, kept as catalogue text rather than words: replay runs in
/// the catalogue's source language and on other threads, and `tracedesk check` shows what it
/// found in the reader's language ("call.logged oleh budi diabaikan: …"), so the words are
/// made where it is shown. The checkpoint keeps it in the same form.
public struct Anomaly: Equatable, Sendable {
    /// What was ignored: "{0} by {1} ignored", its arguments ids and event types.
    public var what: Localizable
    /// Why, when a rule gave a reason (a refusal: "{0} is not in the team"), worded with its
    /// own arguments looked up too (a status's label).
    public var because: Localizable?

    public init(_ what: Localizable, because: Localizable? = nil) {
        self.what = what
        self.because = because
    }

    /// In the language of the scope it is read in. An event's kind among the arguments is
    /// said in words ("case.assigned oleh lead-01 diabaikan" named the journal's code).
    public var text: String {
        let head = Localizable(key: what.key, args: what.args.map { EventKindWords.of($0) ?? $0 }).text()
        guard let because else { return head }
        return head + ": " + because.text(translatingArguments: true)
    }
}

/// An event's kind as a reader says it, for text that names one (what `check` found):
/// the journal's codes ("case.assigned") are for programs.
public enum EventKindWords {
    static let words: [String: Localizable] = [
        "case.imported": Localizable("case import"),
        "import.committed": Localizable("import commit"),
        "import.abandoned": Localizable("abandoned import"),
        "case.claimed": Localizable("case claim"),
        "call.logged": Localizable("logged call"),
        "case.referred": Localizable("referral to a field tracer"),
        "interview.saved": Localizable("interview draft"),
        "interview.filed": Localizable("interview filing"),
        "case.assigned": Localizable("case assignment"),
        "review.approved": Localizable("approval"),
        "review.returned": Localizable("return to the tracer"),
        "case.corrected": Localizable("case correction"),
        "followup.called": Localizable("follow-up call"),
        "followup.assigned": Localizable("follow-up assignment"),
        "contact.converted": Localizable("contact made a case"),
        "person.linked": Localizable("person link"),
        "person.unlinked": Localizable("person unlink"),
    ]

    /// The words for `type` in the current language; nil when it is not an event's kind.
    public static func of(_ type: String) -> String? { words[type].map { L($0) } }
}
