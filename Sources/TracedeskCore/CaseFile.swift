import Foundation

/// A call attempt as it happened: who called, when, and how it went.
public struct LoggedAttempt: Sendable, Equatable {
    public var attempt: CallAttempt
    public var at: Date
    public var by: String
}

/// One line of a case's history, in the tracer's words.
public struct HistoryEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var summary: String
}

/// Everything the desk knows about one case: the line-list record plus what happened since.
public struct CaseFile: Sendable, Equatable {
    public var record: CaseRecord
    public var status: CaseStatus = .waiting
    public var claimedBy: String?
    public var attempts: [LoggedAttempt] = []
    public var nextCallback: Date?
    public var importedAt: Date
    /// When the case last reached a done status; drives "done today".
    public var doneAt: Date?
    public var history: [HistoryEntry] = []
    /// The interview being walked, as last saved.
    public var draft: InterviewDraft?
    public var draftSavedBy: String?
    public var draftSavedAt: Date?
    /// The last filed interview and its contacts.
    public var interview: FiledInterview?
    public var contacts: [FiledContact] { interview?.contacts ?? [] }
    /// Lower-cased id, name, NIK, phones and kelurahan, built once so typing a search is cheap.
    public let searchKey: String

    public init(record: CaseRecord, importedAt: Date) {
        self.record = record
        self.importedAt = importedAt
        searchKey = CaseFile.makeSearchKey(record)
    }

    public var id: String { record.caseId }
    public var failedAttempts: Int { attempts.filter { $0.attempt.outcome.isFailure }.count }

    public func isCallbackDue(at now: Date) -> Bool {
        guard status == .callbackScheduled, let at = nextCallback else { return false }
        return at <= now
    }

    static func makeSearchKey(_ r: CaseRecord) -> String {
        var parts = [r.caseId, r.name, r.kelurahan]
        if let nik = r.nik { parts.append(nik) }
        for p in r.phones {
            parts.append(p)
            // Let "0812..." find "+62812...": tracers type the number as the patient says it.
            if p.hasPrefix("+62") { parts.append("0" + p.dropFirst(3)) }
        }
        return SearchText.fold(parts.joined(separator: "\u{1}"))
    }
}

public enum SearchText {
    /// Case- and accent-insensitive form for matching what a tracer types.
    public static func fold(_ s: String) -> String {
        // Most ids, names and phones are ASCII: lower-casing them is all folding does, and
        // Foundation's folding is slow enough to show in start-up time.
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s.lowercased() }
        return s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}
