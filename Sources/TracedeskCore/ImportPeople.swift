import Foundation

/// One person, one record, at import: the people a line list's new rows already are, by the
/// rule every match uses (`PersonMatcher`), for the data person to link or keep apart. Two
/// case ids for one NIK are never made into two people silently.
public struct ImportPeople: Sendable {
    /// Two new rows with one NIK under different case ids.
    public struct SameNIK: Sendable, Equatable {
        public var first: (line: Int, caseId: String)
        public var second: (line: Int, caseId: String)
        public static func == (a: SameNIK, b: SameNIK) -> Bool {
            a.first.line == b.first.line && a.first.caseId == b.first.caseId && a.second.line == b.second.line && a.second.caseId == b.second.caseId
        }
    }

    /// A new row that is someone known (a filed contact, or a case under another id).
    public struct Known: Sendable, Equatable {
        public var line: Int
        public var caseId: String
        public var match: PersonMatch
        public var isCase: Bool { if case .caseRecord = match.known { true } else { false } }
    }

    public var sameNIK: [SameNIK] = []
    public var known: [Known] = []
    public var isEmpty: Bool { sameNIK.isEmpty && known.isEmpty }

    /// `records` with the line each starts on. Only rows whose NIK the desk knows are matched
    /// (the match by NIK is what import must ask about; a list has 100,000 rows).
    public static func find(_ records: [CaseRecord], lines: [Int], in desk: Desk) -> ImportPeople {
        var out = ImportPeople()
        for pair in PersonMatcher.sameNIK(in: records) {
            out.sameNIK.append(SameNIK(first: (lines[pair.first], records[pair.first].caseId), second: (lines[pair.second], records[pair.second].caseId)))
        }
        var knownNIKs: Set<String> = []
        for file in desk.cases.values {
            if let k = PersonMatcher.nikKey(file.record.nik) { knownNIKs.insert(k) }
            for seed in file.filing?.followUp ?? [] { if let k = PersonMatcher.nikKey(seed.nik) { knownNIKs.insert(k) } }
        }
        guard !knownNIKs.isEmpty else { return out }
        for (i, r) in records.enumerated() {
            guard let k = PersonMatcher.nikKey(r.nik), knownNIKs.contains(k) else { continue }
            for m in PersonMatcher.matches(PersonQuery(r), in: desk) where m.reason == .nik {
                // Decided before (the same list again): asked no more.
                let decided: Bool
                switch m.known {
                case .contact(let id, _): decided = desk.personDecisions[id]?.contains("case:" + r.caseId) == true // not shown: a decision's key
                case .caseRecord(let c): decided = desk.personDecisions[r.caseId]?.contains("case:" + c) == true // not shown: a decision's key
                }
                if !decided { out.known.append(Known(line: lines[i], caseId: r.caseId, match: m)) }
            }
        }
        return out
    }

    /// What needs the data person: each match is linked or kept apart.
    public var needsDecision: Bool { !isEmpty }

    /// The decisions as events: `link` links each new case to the contact it is (the contact
    /// is that case from now on), and a case to the other case id of its NIK (one person, two
    /// cases: both stay in the queue, the exports give them one person); otherwise each is
    /// kept apart.
    public func events(link: Bool) -> [EventBody] {
        var out: [EventBody] = []
        for k in known {
            switch k.match.known {
            case .contact(let id, _):
                out.append(.personLinked(PersonLink(contactId: id, toCase: k.caseId, reason: .nik, linked: link)))
            case .caseRecord(let c):
                out.append(.personLinked(.cases(k.caseId, sameAs: c, reason: .nik, linked: link)))
            }
        }
        for p in sameNIK {
            out.append(.personLinked(.cases(p.second.caseId, sameAs: p.first.caseId, reason: .nik, linked: link)))
        }
        return out
    }

    /// The lines to say, as `FILE:LINE: …`, identifiers masked.
    public func messages(file: String) -> [String] {
        var out: [String] = []
        for p in sameNIK {
            out.append(L("\(file):\(p.second.line): case \(p.second.caseId) has the NIK of case \(p.first.caseId) on line \(p.first.line): one person under two case ids, or a NIK typed wrong"))
        }
        for k in known {
            out.append(L("\(file):\(k.line): case \(k.caseId) may be \(k.match.label) — \(k.match.why)"))
        }
        return out
    }
}
