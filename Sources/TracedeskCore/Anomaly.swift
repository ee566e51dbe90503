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

    /// In the language of the scope it is read in.
    public var text: String {
        let head = what.text()
        guard let because else { return head }
        return head + ": " + because.text(translatingArguments: true)
    }
}
