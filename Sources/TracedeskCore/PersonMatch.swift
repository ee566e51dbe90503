import Foundation

// One person, one record: finding the same person already known (as a contact of any case or
// as a case) and linking them by an attributed, reversible event; nothing is merged by copying.

/// Who is being looked for: a contact being added, or a line-list row being imported.
public struct PersonQuery: Sendable, Equatable {
    public var name: String
    public var nik: String?
    public var phone: String?
    public var age: Int?
    public var kelurahan: String?
    /// The case naming them (its own contacts and the case itself are not matches).
    public var caseId: String?

    public init(name: String, nik: String? = nil, phone: String? = nil, age: Int? = nil, kelurahan: String? = nil, caseId: String? = nil) {
        self.name = name; self.nik = nik; self.phone = phone; self.age = age; self.kelurahan = kelurahan; self.caseId = caseId
    }

    /// A contact as typed in the interview.
    public init(_ c: ContactDraft, of caseId: String, kelurahan: String?) {
        self.init(name: c.name, nik: c.nik.isEmpty ? nil : c.nik, phone: c.phone.isEmpty ? nil : c.phone,
                  age: Int(c.age), kelurahan: c.relationship == Relationship.household.rawValue ? kelurahan : nil, caseId: caseId)
    }

    /// A line-list row (for import).
    public init(_ r: CaseRecord) {
        self.init(name: r.name, nik: r.nik, phone: r.phones.first, age: r.age, kelurahan: r.kelurahan, caseId: r.caseId)
    }
}

/// Someone known who may be the person looked for, and why.
public struct PersonMatch: Sendable, Equatable {
    public enum Known: Sendable, Equatable {
        /// A filed contact of `caseId`.
        case contact(contactId: String, caseId: String)
        case caseRecord(caseId: String)
    }
    public enum Reason: String, Sendable, Equatable, Codable { case nik, phone, nameAgeKelurahan = "name_age_kelurahan" } // not shown: codes and name forms compared, never shown
    public var known: Known
    public var name: String
    public var reason: Reason

    public var why: String {
        switch reason {
        case .nik: L("same NIK")
        case .phone: L("same phone number")
        case .nameAgeKelurahan: L("same name (spelling aside), age and kelurahan")
        }
    }

    public var label: String {
        switch known {
        case .contact(let id, let c): L("\(name), contact \(id) of case \(c)")
        case .caseRecord(let c): L("\(name), case \(c)")
        }
    }
}

public enum PersonMatcher {
    /// A name as compared: folded, "bin"/"binti" and what follows dropped, common spellings
    /// made one (Muhamad/Mohammad → muhammad, St. → siti, old spelling oe/dj/tj), spaces and
    /// doubled letters gone (Nur Haliza = Nurhaliza).
    public static func nameKey(_ name: String) -> String {
        var words = SearchText.fold(name).split(whereSeparator: { !$0.isLetter }).map(String.init)
        if let i = words.firstIndex(where: { $0 == "bin" || $0 == "binti" }), i > 0 { words = Array(words[..<i]) }
        words = words.map { w in
            switch w {
            case "muhammad", "muhamad", "mohammad", "mohamad", "mohamed", "muhamed", "muh", "moh", "mhd", "muhd": "muhammad" // not shown: codes and name forms compared, never shown
            case "st": "siti" // not shown: codes and name forms compared, never shown
            default: w
            }
        }
        var s = words.joined()
        for (old, new) in [("oe", "u"), ("dj", "j"), ("tj", "c")] { s = s.replacingOccurrences(of: old, with: new) } // not shown: codes and name forms compared, never shown
        var out = ""
        for ch in s where ch != out.last { out.append(ch) }
        return out
    }

    /// NIK as compared: its digits, when there are 16.
    static func nikKey(_ nik: String?) -> String? {
        // As bytes when ASCII (every NIK a lab or tracer types): Character's isNumber looks up
        // Unicode tables, and the desk's index asks for half a million NIKs at start.
        if let nik, nik.utf8.allSatisfy({ $0 < 0x80 }) {
            let digits = nik.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            return digits.count == 16 ? String(decoding: digits, as: UTF8.self) : nil
        }
        guard let digits = nik?.filter(\.isNumber), digits.count == 16 else { return nil }
        return digits
    }

    static func phoneKey(_ phone: String?) -> String? { phone.flatMap(Phone.normalize) }

    /// Whether `a` and `b` are the same person by the strongest reason there is.
    static func reason(_ q: PersonQuery, name: String, nik: String?, phone: String?, age: Int?, kelurahan: String?) -> PersonMatch.Reason? {
        if let a = nikKey(q.nik), let b = nikKey(nik) { return a == b ? .nik : nil }  // two different NIKs: two people
        if let a = phoneKey(q.phone), a == phoneKey(phone) { return .phone }
        guard let qa = q.age, let a = age, abs(qa - a) <= 1,
              let qk = q.kelurahan, let k = kelurahan, SearchText.fold(qk) == SearchText.fold(k),
              !name.isEmpty, nameKey(q.name) == nameKey(name) else { return nil }
        return .nameAgeKelurahan
    }

    /// Everyone the desk knows who may be the person: filed contacts of other cases and the
    /// cases themselves, NIK matches first, then phone, then name.
    public static func matches(_ q: PersonQuery, in desk: Desk) -> [PersonMatch] {
        guard !q.name.trimmingSpaces.isEmpty || nikKey(q.nik) != nil || phoneKey(q.phone) != nil else { return [] }
        var out: [PersonMatch] = []
        // Only those the desk's index finds by a key, judged as the full pass judges them.
        for place in desk.people.candidates(q) {
            let file = desk.cases[position: PersonIndex.position(place)]
            guard file.id != q.caseId else { continue }
            let r = file.record
            if let i = PersonIndex.seed(place) {
                guard let seeds = file.filing?.followUp, seeds.indices.contains(i) else { continue }
                let seed = seeds[i]
                let k = seed.relationship == .household ? r.kelurahan : nil
                if let why = reason(q, name: seed.name, nik: seed.nik, phone: seed.phone, age: seed.age, kelurahan: k) {
                    out.append(PersonMatch(known: .contact(contactId: seed.contactId, caseId: r.caseId), name: seed.name, reason: why))
                }
            } else if let why = reason(q, name: r.name, nik: r.nik, phone: r.phones.first, age: r.age, kelurahan: r.kelurahan) {
                out.append(PersonMatch(known: .caseRecord(caseId: r.caseId), name: r.name, reason: why))
            }
        }
        return strongestFirst(out)
    }

    /// The same by a pass over every case and every filed close contact: what the index
    /// replaced, kept as the tests' oracle and the benchmark's "without".
    public static func matchesByScanning(_ q: PersonQuery, in desk: Desk) -> [PersonMatch] {
        guard !q.name.trimmingSpaces.isEmpty || nikKey(q.nik) != nil || phoneKey(q.phone) != nil else { return [] }
        var out: [PersonMatch] = []
        for file in desk.cases.values where file.id != q.caseId {
            let r = file.record
            if let why = reason(q, name: r.name, nik: r.nik, phone: r.phones.first, age: r.age, kelurahan: r.kelurahan) {
                out.append(PersonMatch(known: .caseRecord(caseId: r.caseId), name: r.name, reason: why))
            }
            for seed in file.filing?.followUp ?? [] {
                let k = seed.relationship == .household ? r.kelurahan : nil
                if let why = reason(q, name: seed.name, nik: seed.nik, phone: seed.phone, age: seed.age, kelurahan: k) {
                    out.append(PersonMatch(known: .contact(contactId: seed.contactId, caseId: r.caseId), name: seed.name, reason: why))
                }
            }
        }
        return strongestFirst(out)
    }

    /// NIK matches first, then phone, then name; the desk's order within each.
    private static func strongestFirst(_ out: [PersonMatch]) -> [PersonMatch] {
        let order: [PersonMatch.Reason] = [.nik, .phone, .nameAgeKelurahan]
        return out.enumerated().sorted { (order.firstIndex(of: $0.element.reason)!, $0.offset) < (order.firstIndex(of: $1.element.reason)!, $1.offset) }
            .map(\.element)
    }

    /// Rows of one line list that are the same person (same NIK) under different case ids:
    /// pairs of row indexes, for import to flag with both lines.
    public static func sameNIK(in records: [CaseRecord]) -> [(first: Int, second: Int)] {
        var seen: [String: Int] = [:]
        var out: [(Int, Int)] = []
        for (i, r) in records.enumerated() {
            guard let k = nikKey(r.nik) else { continue }
            if let j = seen[k] { if records[j].caseId != r.caseId { out.append((j, i)) } } else { seen[k] = i }
        }
        return out
    }
}

/// A tracer's (or data person's) decision about a possible match (`person.linked`): link the
/// contact to the person known, or keep them apart. Undone by a lead (`person.unlinked`).
public struct PersonLink: Codable, Sendable, Equatable {
    public var contactId: String
    /// The filed contact they are the same person as; or
    public var toContact: String?
    /// the case they already are.
    public var toCase: String?
    public var reason: PersonMatch.Reason
    /// false: looked at and kept apart (asked no more).
    public var linked: Bool
    /// `contactId` names a case, not a contact: one person under two case ids (a lab's list
    /// with two samples of one NIK), linked at import. Absent in every other link, so a build
    /// that does not know it reads the rest as before.
    public var fromCase: Bool?

    public init(contactId: String, toContact: String? = nil, toCase: String? = nil, reason: PersonMatch.Reason, linked: Bool = true,
                fromCase: Bool? = nil) {
        self.contactId = contactId; self.toContact = toContact; self.toCase = toCase; self.reason = reason; self.linked = linked
        self.fromCase = fromCase == true ? true : nil
    }

    /// One person under two case ids: `caseId` is the person who is case `to`.
    public static func cases(_ caseId: String, sameAs to: String, reason: PersonMatch.Reason, linked: Bool) -> PersonLink {
        PersonLink(contactId: caseId, toCase: to, reason: reason, linked: linked, fromCase: true)
    }

    /// What the decision was about, as `Desk.personDecisions` keeps it.
    public var decisionKey: String { toContact ?? ("case:" + (toCase ?? "")) } // not shown: codes and name forms compared, never shown

    public init(contactId: String, _ match: PersonMatch, linked: Bool = true) {
        switch match.known {
        case .contact(let id, _): self.init(contactId: contactId, toContact: id, reason: match.reason, linked: linked)
        case .caseRecord(let c): self.init(contactId: contactId, toCase: c, reason: match.reason, linked: linked)
        }
    }
}

extension Desk {
    /// What the desk still asks about a contact being added: matches not yet decided.
    public func undecidedMatches(for contactId: String, _ q: PersonQuery) -> [PersonMatch] {
        let decided = personDecisions[contactId] ?? []
        return PersonMatcher.matches(q, in: self).filter { m in
            switch m.known {
            // One person already when both are under one key; a contact filed and awaiting
            // review (or returned) has no key yet, and is a person of its own to offer.
            case .contact(let id, _): !decided.contains(id) && (personKey[id] ?? id) != (personKey[contactId] ?? contactId)
            case .caseRecord(let c): !decided.contains("case:" + c) // not shown: codes and name forms compared, never shown
            }
        }
    }

    /// A person under follow-up, with every exposure: what `export contacts` lists once.
    public func person(ofContact contactId: String) -> FollowUp? { followUps[personKey[contactId] ?? contactId] }

    mutating func applyLink(_ link: PersonLink, at: Date) {
        peopleRevision += 1
        personDecisions[link.contactId, default: []].insert(link.decisionKey)
        guard link.linked else { return }
        if link.fromCase == true {
            // Two case ids of one person: each case stays in the queue (the lab sent both), and
            // the exports give them one person. A link that would close a loop is no link.
            guard let to = link.toCase, personCase(of: to) != link.contactId else {
                noteLinkAnomaly(link)
                return
            }
            personLinks[link.contactId] = link
            caseLinks[link.contactId] = to
            return
        }
        personLinks[link.contactId] = link
        if let c = link.toCase {
            linkedCase[link.contactId] = c
            // Under follow-up already (the case came after approval): they are that case now,
            // isolated as a case, no longer quarantined and called as a contact.
            let key = personKey[link.contactId] ?? link.contactId
            if followUps[key] != nil, followUps[key]?.convertedCaseId == nil {
                followUps[key]?.convertedCaseId = c
                followUps[key]?.convertedOn = clock.day(of: at)
                if convertedFrom[c] == nil { convertedFrom[c] = key }
            }
            return
        }
        guard let to = link.toContact else { return }
        let key = personKey[to] ?? to
        let ownKey = personKey[link.contactId] ?? link.contactId
        guard key != ownKey else { return }
        personKey[link.contactId] = key
        // Already under follow-up on their own: one person from now on, with both exposures.
        if var own = followUps[ownKey], ownKey == link.contactId, var target = followUps[key] {
            let before = target.quarantineEnd
            target.exposures += own.exposures
            target.checks = (target.checks + own.checks).sorted { $0.at < $1.at }
            if let b = before, let a = target.quarantineEnd, a != b { target.endChanges.append((at, b, a)) }
            followUps[key] = target
            own.exposures = []
            followUps[ownKey] = nil
            followUpOrder.removeAll { $0 == ownKey }
            followUpOrderCuts += 1
            followUpIndex.ended(ownKey, tracer: own.tracer)
        }
    }

    mutating func applyUnlink(_ link: PersonLink, at: Date) {
        peopleRevision += 1
        personDecisions[link.contactId]?.remove(link.decisionKey)
        if personLinks[link.contactId]?.decisionKey == link.decisionKey { personLinks[link.contactId] = nil }
        if link.fromCase == true {
            if caseLinks[link.contactId] == link.toCase { caseLinks[link.contactId] = nil }
            return
        }
        if let c = link.toCase {
            linkedCase[link.contactId] = nil
            let key = personKey[link.contactId] ?? link.contactId
            if followUps[key]?.convertedCaseId == c, followUps[key]?.positiveTest == nil {
                followUps[key]?.convertedCaseId = nil
                followUps[key]?.convertedOn = nil
                if convertedFrom[c] == key { convertedFrom[c] = nil }
            }
            return
        }
        guard let key = personKey[link.contactId], key != link.contactId, var f = followUps[key] else {
            personKey[link.contactId] = nil
            return
        }
        let mine = f.exposures.filter { $0.contactId == link.contactId }
        let before = f.quarantineEnd
        f.exposures.removeAll { $0.contactId == link.contactId }
        // The exposure gone may have been the latest: the end moves back, and says so.
        if let b = before, let a = f.quarantineEnd, a != b { f.endChanges.append((at, b, a)) }
        followUps[key] = f
        personKey[link.contactId] = nil
        // Back on their own follow-up, from the exposure they were filed with.
        if let e = mine.first {
            followUps[link.contactId] = FollowUp(id: link.contactId, name: f.name, phone: f.phone, nik: f.nik, sex: f.sex, age: f.age,
                                                 exposures: [e], ruleSetId: f.ruleSetId, since: f.since, tracer: f.tracer)
            personKey[link.contactId] = link.contactId
            // They may have had a follow-up of their own before the link: it starts again,
            // once, in the list and in the index alike.
            followUpOrder.removeAll { $0 == link.contactId }
            followUpOrderCuts += 1
            followUpIndex.forget(link.contactId)
            followUpOrder.append(link.contactId)
            followUpIndex.started(link.contactId, tracer: f.tracer)
        }
    }
}

/// One person as the exports give them: every filed contact id they were named under, every
/// source case, and the one quarantine end (the latest exposure's).
public struct PersonSummary: Sendable, Equatable {
    public var personId: String
    public var caseIds: [String]
    public var quarantineEnd: Day?
    public var followUp: FollowUpStatus?
    /// A case that named the person awaits a lead's review: that exposure is not in the
    /// follow-up yet, so "completed" or the end above may change once it is approved.
    public var exposureAwaitingReview = false
}

extension Desk {
    /// The case whose id stands for the person case `caseId` is: itself, or the case it was
    /// linked to as the same person (and on, when that one was linked too).
    public func personCase(of caseId: String) -> String {
        var at = caseId
        var steps = 0
        // Links never make a loop (`applyLink` refuses one); the bound is for a hand-made journal.
        while let next = caseLinks[at], steps < caseLinks.count { at = next; steps += 1 }
        return at
    }

    /// Every case id of the person case `caseId` is, in import order.
    public func caseIds(ofPerson caseId: String) -> [String] {
        let root = personCase(of: caseId)
        guard root != caseId || caseLinks.values.contains(caseId) else { return [caseId] }
        return cases.values.lazy.map(\.id).filter { personCase(of: $0) == root }
    }

    /// The person id the exports give a case: "case:" and the case id standing for the person.
    public func personId(ofCase caseId: String) -> String { "case:" + personCase(of: caseId) } // not shown: codes and name forms compared, never shown

    /// The person a filed contact is, for an export row: nil until they are under follow-up
    /// (approved) unless the contact is already a case.
    /// Every filed contact's person, in one pass: each row of one person says the same (every
    /// case that named them, awaiting review or returned too, and whether an exposure is still
    /// waiting for the lead), where a row of a case awaiting review lacked its own case.
    public func personSummaries(today: Day) -> [String: PersonSummary] {
        var named: [String: (cases: [String], pending: Bool, contacts: [String], end: Day?)] = [:]
        for file in cases.values {
            for seed in file.filing?.followUp ?? [] where linkedCase[seed.contactId] == nil {
                let key = personKey[seed.contactId] ?? seed.contactId
                var n = named[key] ?? ([], false, [], nil)
                if !n.cases.contains(file.id) { n.cases.append(file.id) }
                n.contacts.append(seed.contactId)
                if let e = seed.quarantineEnd, n.end.map({ e > $0 }) ?? true { n.end = e }
                let inFollowUp = followUps[key]?.exposures.contains { $0.contactId == seed.contactId } ?? false
                if !inFollowUp && !contactsGoToFollowUp(file) && file.status != .refused { n.pending = true }
                named[key] = n
            }
        }
        var out: [String: PersonSummary] = [:]
        for (key, n) in named {
            for id in n.contacts {
                // Not under follow-up yet (every exposure awaits review): the person the
                // follow-up will be, its cases and the latest end as filed, so every row of
                // one person says the same whether or not a lead has approved yet.
                guard var p = personSummary(ofContact: id, today: today)
                        ?? (n.pending ? PersonSummary(personId: key, caseIds: n.cases, quarantineEnd: n.end, followUp: nil) : nil) else { continue }
                for c in n.cases where !p.caseIds.contains(c) { p.caseIds.append(c) }
                p.exposureAwaitingReview = n.pending
                out[id] = p
            }
        }
        return out
    }

    public func personSummary(ofContact contactId: String, today: Day) -> PersonSummary? {
        if let c = linkedCase[contactId] { return PersonSummary(personId: personId(ofCase: c), caseIds: [c], quarantineEnd: nil, followUp: nil) }
        guard let f = person(ofContact: contactId) else { return nil }
        return PersonSummary(personId: f.id, caseIds: f.exposures.map(\.caseId), quarantineEnd: f.quarantineEnd,
                             followUp: status(of: f, on: today))
    }
}

extension Desk {
    /// A filed contact's quarantine end as it stands: none for a contact who is a case (linked,
    /// or became one: a case is isolated, not quarantined); the person's one follow-up end when
    /// they are under follow-up (every exposure, every correction); else the end as filed.
    public func quarantineEnd(ofContact contactId: String, filed: Day?) -> Day? {
        if linkedCase[contactId] != nil { return nil }
        if let f = person(ofContact: contactId) { return f.quarantineEnd }
        return filed
    }
}
