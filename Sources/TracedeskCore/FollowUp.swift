import Foundation

// Daily follow-up of close contacts (pemantauan harian): who is under follow-up, until when,
// who calls them, and what each call found. The state is made when an approval (or, with
// review off, a filing) is applied, from what `FiledSummary` carries of each close contact,
// so it never needs a filed interview whole.

/// What follow-up needs of one filed close contact: read with the filing's summary.
public struct FollowUpSeed: Sendable, Equatable, Codable {
    public var contactId: String
    public var name: String
    public var phone: String?
    public var nik: String?
    public var sex: Sex?
    public var age: Int?
    public var relationship: Relationship?
    public var setting: String?
    public var lastExposure: Day?
    public var quarantineEnd: Day?

    public init(contactId: String, name: String, phone: String? = nil, nik: String? = nil, sex: Sex? = nil, age: Int? = nil,
                relationship: Relationship? = nil, setting: String? = nil, lastExposure: Day?, quarantineEnd: Day? = nil) {
        self.contactId = contactId; self.name = name; self.phone = phone; self.nik = nik; self.sex = sex; self.age = age
        self.relationship = relationship; self.setting = setting; self.lastExposure = lastExposure; self.quarantineEnd = quarantineEnd
    }

    init(_ c: FiledContact) {
        self.init(contactId: c.contactId, name: c.name, phone: c.phone, nik: c.nik, sex: c.sex, age: c.age,
                  relationship: c.relationship, setting: c.setting, lastExposure: c.lastExposure, quarantineEnd: c.quarantineEnd)
    }
}

/// A symptom asked about on a follow-up call.
public enum Symptom: String, Codable, Sendable, CaseIterable {
    case fever, cough, soreThroat = "sore_throat", smellOrTaste = "smell_taste", breath = "short_breath", other

    public var label: String {
        switch self {
        case .fever: L("fever")
        case .cough: L("cough")
        case .soreThroat: L("sore throat")
        case .smellOrTaste: L("loss of smell or taste")
        case .breath: L("shortness of breath")
        case .other: L("other")
        }
    }
}

/// A test a contact reports: entry (when found) or exit, PCR or antigen, its date and result.
public struct ContactTest: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case entry, exit }
    public enum Method: String, Codable, Sendable, CaseIterable { case pcr, antigen }
    public enum Result: String, Codable, Sendable, CaseIterable { case negative, positive }
    public var kind: Kind
    public var method: Method
    public var date: Day
    public var result: Result

    public init(kind: Kind, method: Method, date: Day, result: Result) {
        self.kind = kind; self.method = method; self.date = date; self.result = result
    }

    public var label: String {
        let k = kind == .entry ? L("entry test") : L("exit test")
        let m = method == .pcr ? "PCR" : L("antigen") // not shown: a test method's name / a stored reason
        let r = result == .negative ? L("negative") : L("positive")
        return L("\(k) \(m) \(DateText.full(date)): \(r)")
    }
}

/// One follow-up call (`followup.called`): how it went and, when reached, symptoms and a test.
public struct FollowUpCall: Codable, Sendable, Equatable {
    public var contactId: String
    /// The day it counts for, by the desk's clock when it was made.
    public var day: Day
    public var outcome: CallOutcome
    /// When reached: the symptoms today ([] = none).
    public var symptoms: [Symptom]?
    /// The "other" symptom, in the contact's words.
    public var otherSymptom: String?
    public var test: ContactTest?
    public var note: String?
    /// Saved as the desk was ended by a signal, from what was typed, without the tracer's Enter.
    public var unconfirmed: Bool?

    public init(contactId: String, day: Day, outcome: CallOutcome, symptoms: [Symptom]? = nil, otherSymptom: String? = nil,
                test: ContactTest? = nil, note: String? = nil) {
        self.contactId = contactId; self.day = day; self.outcome = outcome; self.symptoms = symptoms
        self.otherSymptom = otherSymptom; self.test = test; self.note = note
    }

    /// The outcomes a follow-up call records.
    public static let outcomes: [CallOutcome] = [.reached, .noAnswer, .busy, .wrongNumber, .refused]
}

/// A lead gives a contact's follow-up to a tracer (`followup.assigned`).
public struct FollowUpAssignment: Codable, Sendable, Equatable {
    public var contactId: String
    public var tracer: String
    public var from: String?
    public init(contactId: String, tracer: String, from: String?) { self.contactId = contactId; self.tracer = tracer; self.from = from }
}

/// A contact's positive test made them a case (`contact.converted`): the new case enters the
/// queue with what is known of the person, linked to the source case.
public struct ContactConversion: Codable, Sendable, Equatable {
    public var contactId: String
    public var sourceCaseId: String
    public var record: CaseRecord
    public init(contactId: String, sourceCaseId: String, record: CaseRecord) {
        self.contactId = contactId; self.sourceCaseId = sourceCaseId; self.record = record
    }
}

/// One exposure of a person under follow-up to a case.
public struct Exposure: Sendable, Equatable {
    public var caseId: String
    public var contactId: String
    public var setting: String?
    public var relationship: Relationship?
    public var lastExposure: Day?

    public init(caseId: String, contactId: String, setting: String?, relationship: Relationship?, lastExposure: Day?) {
        self.caseId = caseId; self.contactId = contactId; self.setting = setting; self.relationship = relationship; self.lastExposure = lastExposure
    }
}

/// One past check, as the contact's screen lists it.
///
/// Held in short: a city's month is a million checks, and nearly all of them are a day, an
/// outcome and "no symptoms". What a status needs (day, outcome, confirmed, symptoms in their
/// usual order) is kept in place; what is rare (a test, the other symptom's words, a note,
/// symptoms in another order) in one shared box only when there is any. `call` gives the
/// call back exactly as it was made.
public struct FollowUpCheck: Sendable, Equatable {
    public var at: Date
    public var by: String
    public var contactId: String
    public private(set) var day: Day
    public private(set) var outcome: CallOutcome
    /// `unconfirmed` as saved: nil, false or true (0, 1, 2).
    private var unconfirmedCode: UInt8
    /// The symptoms when they are in `Symptom.allCases` order without repeats, a bit for each,
    /// and `symptomsSaid` whether the call said any (nil is not []).
    private var symptomBits: UInt8
    private var symptomsSaid: Bool
    private var rare: Rare?

    /// What few calls carry.
    final class Rare: Sendable {
        let symptoms: [Symptom]?
        let otherSymptom: String?
        let test: ContactTest?
        let note: String?
        init(symptoms: [Symptom]?, otherSymptom: String?, test: ContactTest?, note: String?) {
            self.symptoms = symptoms; self.otherSymptom = otherSymptom; self.test = test; self.note = note
        }
    }

    public init(at: Date, by: String, call: FollowUpCall) {
        self.at = at; self.by = by; contactId = call.contactId; day = call.day; outcome = call.outcome
        unconfirmedCode = 0; symptomBits = 0; symptomsSaid = false
        self.call = call
    }

    /// Saved as the desk closed, not confirmed by the tracer: shown, but decides nothing.
    public var isUnconfirmed: Bool { unconfirmedCode == 2 }
    public var test: ContactTest? { rare?.test }
    public var symptoms: [Symptom]? {
        if let s = rare?.symptoms { return s }
        guard symptomsSaid else { return nil }
        return Symptom.allCases.enumerated().filter { symptomBits & (1 << $0.offset) != 0 }.map(\.element)
    }
    /// Reached and said a symptom (the status's "symptomatic").
    public var saidSymptoms: Bool { symptomBits != 0 || !(rare?.symptoms ?? []).isEmpty }

    public var call: FollowUpCall {
        get {
            var c = FollowUpCall(contactId: contactId, day: day, outcome: outcome, symptoms: symptoms,
                                 otherSymptom: rare?.otherSymptom, test: rare?.test, note: rare?.note)
            c.unconfirmed = unconfirmedCode == 0 ? nil : unconfirmedCode == 2
            return c
        }
        set {
            contactId = newValue.contactId; day = newValue.day; outcome = newValue.outcome
            unconfirmedCode = newValue.unconfirmed.map { $0 ? 2 : 1 } ?? 0
            symptomsSaid = newValue.symptoms != nil
            symptomBits = 0
            var inOrder = true, last = -1
            for s in newValue.symptoms ?? [] {
                let i = Symptom.allCases.firstIndex(of: s)!
                if i <= last { inOrder = false }
                last = i
                symptomBits |= 1 << i
            }
            if !inOrder { symptomBits = 0 }
            let odd = inOrder ? nil : newValue.symptoms
            if odd != nil || newValue.otherSymptom != nil || newValue.test != nil || newValue.note != nil {
                rare = Rare(symptoms: odd, otherSymptom: newValue.otherSymptom, test: newValue.test, note: newValue.note)
            } else {
                rare = nil
            }
        }
    }

    public static func == (a: FollowUpCheck, b: FollowUpCheck) -> Bool { a.at == b.at && a.by == b.by && a.call == b.call }
}

public enum FollowUpStatus: String, Sendable, Equatable, CaseIterable {
    case underFollowUp = "under_follow_up", symptomatic, lost, completed, convertedToCase = "became_case", ended

    /// Still to be called.
    public var isActive: Bool { self == .underFollowUp || self == .symptomatic || self == .lost }

    public var label: String {
        switch self {
        case .underFollowUp: L("under follow-up")
        case .symptomatic: L("symptomatic — refer for a test")
        case .lost: L("lost to follow-up")
        case .completed: L("completed")
        case .convertedToCase: L("became a case")
        case .ended: L("ended, not reached on the last day")
        }
    }
}

/// A person under follow-up: one record, however many cases named them.
public struct FollowUp: Sendable, Equatable {
    /// The first contact id the person was filed under.
    public var id: String
    public var name: String
    public var phone: String?
    public var nik: String?
    public var sex: Sex?
    public var age: Int?
    public var exposures: [Exposure]
    /// The rule set of the interview that named them.
    public var ruleSetId: String
    /// The day the health office took them on (approval, or filing with review off): days
    /// before it are missing by design, not missed.
    public var since: Day
    public var tracer: String
    public var checks: [FollowUpCheck] = []
    public var convertedCaseId: String?
    /// The day they became a case (a positive test, or linked to a case already known).
    public var convertedOn: Day?
    /// Quarantine end changes, said to the tracer: (when, from, to).
    public var endChanges: [(at: Date, from: Day, to: Day)] = []

    public init(id: String, name: String, phone: String?, nik: String?, sex: Sex?, age: Int?, exposures: [Exposure],
                ruleSetId: String, since: Day, tracer: String) {
        self.id = id; self.name = name; self.phone = phone; self.nik = nik; self.sex = sex; self.age = age
        self.exposures = exposures; self.ruleSetId = ruleSetId; self.since = since; self.tracer = tracer
    }

    public static func == (a: FollowUp, b: FollowUp) -> Bool {
        a.id == b.id && a.name == b.name && a.phone == b.phone && a.nik == b.nik && a.exposures == b.exposures
            && a.ruleSetId == b.ruleSetId && a.since == b.since && a.tracer == b.tracer && a.checks == b.checks
            && a.convertedCaseId == b.convertedCaseId && a.endChanges.map { [$0.from, $0.to] } == b.endChanges.map { [$0.from, $0.to] }
    }

    public var rules: RuleSet { RuleSet.named(ruleSetId) ?? .indonesia2021 }

    /// Day 0 of quarantine: the latest exposure to any case (a new exposure moves it on).
    public var lastExposure: Day? { exposures.compactMap(\.lastExposure).max() }

    /// The first source case (the one that named them first).
    public var sourceCaseId: String { exposures.first?.caseId ?? "" }

    /// The first negative exit test on or after the rule set's exit-test day.
    public var negativeExitTest: Day? {
        guard let last = lastExposure, let exitDay = rules.exitTestDay else { return nil }
        return checks.compactMap { c -> Day? in
            guard let t = c.test, t.kind == .exit, t.result == .negative, t.date.days(since: last) >= exitDay else { return nil }
            return t.date
        }.min()
    }

    /// Quarantine end by the rule set: last exposure + its days, or a negative exit test. None
    /// once they are a case: a case is isolated, not quarantined as a contact.
    public var quarantineEnd: Day? {
        guard convertedCaseId == nil else { return nil }
        return lastExposure.map { rules.quarantineEnd(lastExposure: $0, negativeExitTestOn: negativeExitTest) }
    }

    public func checks(on day: Day) -> [FollowUpCheck] { checks.filter { $0.day == day } }
    /// The checks whose outcome the tracer confirmed: one saved as the desk closed is shown
    /// but decides nothing (not reached, completed, symptomatic, nor a failed day).
    var confirmedChecks: LazyFilterSequence<[FollowUpCheck]> { checks.lazy.filter { !$0.isUnconfirmed } }
    public func reached(on day: Day) -> Bool { confirmedChecks.contains { $0.day == day && $0.outcome == .reached } }
    public var positiveTest: ContactTest? { checks.lazy.compactMap(\.test).first { $0.result == .positive } }

    /// Day N of M (day 0 = last exposure).
    public func day(_ today: Day) -> (n: Int, of: Int)? {
        guard let last = lastExposure, let end = quarantineEnd else { return nil }
        return (today.days(since: last), end.days(since: last))
    }

    /// Unreached days in a row, up to today (today counts once a call failed, else from yesterday).
    public func unreachedDays(today: Day) -> Int {
        var d = confirmedChecks.contains { $0.day == today } ? today : today.adding(days: -1)
        var n = 0
        while d >= since, !reached(on: d) { n += 1; d = d.adding(days: -1) }
        return n
    }

    /// Where the follow-up stands on `today`; `lostAfter`: unreached days in a row.
    public func status(today: Day, lostAfter: Int) -> FollowUpStatus {
        if convertedCaseId != nil || positiveTest != nil { return .convertedToCase }
        guard let end = quarantineEnd else { return .underFollowUp }
        // Reached on the last day (or, after it, once on or after it): the full follow-up is done.
        if confirmedChecks.contains(where: { $0.outcome == .reached && $0.day >= end }) { return .completed }
        if today > end { return unreachedDays(today: end) >= lostAfter ? .lost : .ended }
        if unreachedDays(today: today) >= lostAfter { return .lost }
        if let last = checks.last(where: { $0.outcome == .reached && !$0.isUnconfirmed }), last.saidSymptoms { return .symptomatic }
        return .underFollowUp
    }

    public var lastCheck: FollowUpCheck? { checks.last }

    /// The follow-up as it stood at the end of `day`: later checks (and a conversion they made)
    /// left out, for a day's figures asked afterwards.
    public func asOf(_ day: Day) -> FollowUp {
        var f = self
        f.checks = checks.filter { $0.day <= day }
        if let on = convertedOn {
            if on > day { f.convertedCaseId = nil; f.convertedOn = nil }
        } else if f.positiveTest == nil {
            f.convertedCaseId = nil
        }
        return f
    }
}

extension Desk {
    /// The events a follow-up call writes: the call, and for a positive test the contact's
    /// conversion to a case (carrying what is known of them), linked to the source case.
    public func eventsForFollowUpCall(_ call: FollowUpCall) -> [EventBody] {
        var out: [EventBody] = [.followUpCalled(call)]
        guard let f = followUps[call.contactId], f.convertedCaseId == nil,
              let test = call.test, test.result == .positive else { return out }
        let source = cases[f.sourceCaseId]?.record
        // Onset: the first day they said they had symptoms (this call's too); none said, none known.
        let symptomDays = (f.checks.map(\.call) + [call]).filter { $0.outcome == .reached && !($0.symptoms ?? []).isEmpty }.map(\.day)
        let household = f.exposures.first?.relationship == .household
        var id = f.id
        while cases[id] != nil { id += "-k" }
        let record = CaseRecord(caseId: id, name: f.name, nik: f.nik, nikMissingReason: f.nik == nil ? CaseRecord.nikNotGiven : nil,
                                phones: f.phone.map { [$0] } ?? [], sex: f.sex ?? .unknown, age: f.age,
                                address: household ? source?.address ?? "" : "", rtRw: household ? source?.rtRw ?? "" : "",
                                kelurahan: household ? source?.kelurahan ?? "" : "", kecamatan: household ? source?.kecamatan ?? "" : "",
                                kota: household ? source?.kota ?? "" : "", specimenDate: test.date, resultDate: test.date,
                                onsetDate: symptomDays.min())
        out.append(.contactConverted(ContactConversion(contactId: f.id, sourceCaseId: f.sourceCaseId, record: record)))
        return out
    }

    /// The events that give `ids`' follow-ups to `tracer`: one each, naming who had it.
    public func followUpAssignments(_ ids: [String], to tracer: String) -> [EventBody] {
        ids.compactMap { id in
            guard let f = followUps[id], f.tracer != tracer else { return nil }
            return .followUpAssigned(FollowUpAssignment(contactId: id, tracer: tracer, from: f.tracer))
        }
    }

    /// "Who do I call today": `tracer`'s follow-ups (everyone's when nil), those still to be
    /// called first and, among them, those not yet reached today; then the finished ones.
    public func followUpList(for tracer: String?, today: Day, lostAfter: Int) -> [FollowUp] {
        rankedFollowUpList(for: tracer, today: today, lostAfter: lostAfter).map(\.followUp)
    }

    /// The same list, each with its rank: 0 still to be called and not reached today,
    /// 1 reached today, 2 finished (what the list's title counts).
    public func rankedFollowUpList(for tracer: String?, today: Day, lostAfter: Int) -> [(followUp: FollowUp, rank: Int)] {
        // A tracer's own by the index, not a pass over a city's; each ranked once, not at
        // every comparison of the sort.
        let mine = (tracer.map { followUpIndex.keys(of: $0) } ?? followUpOrder).compactMap { self.followUps[$0] }
        func rank(_ f: FollowUp) -> Int {
            let s = f.status(today: today, lostAfter: lostAfter)
            guard s.isActive else { return 2 }
            return f.reached(on: today) ? 1 : 0
        }
        let ranks = mine.map(rank)
        return mine.indices.sorted { (ranks[$0], $0) < (ranks[$1], $1) }.map { (mine[$0], ranks[$0]) }
    }

    /// The case a converted contact became from: its source, for the chain.
    public func sourceCase(of caseId: String) -> String? {
        convertedFrom[caseId].flatMap { followUps[$0]?.sourceCaseId }
    }

    /// Follow-ups that exposure to `caseId` put people under.
    public func followUps(of caseId: String) -> [FollowUp] {
        followUpOrder.compactMap { followUps[$0] }.filter { $0.exposures.contains { $0.caseId == caseId } }
    }

    // MARK: applying (called from `apply`)

    /// Puts the case's filed close contacts under follow-up, assigned to whoever filed it.
    mutating func startFollowUp(of caseId: String, on day: Day, at: Date) {
        guard let file = cases[caseId], let filing = file.filing else { return }
        let tracer = file.filedBy ?? file.claimedBy ?? ""
        for seed in filing.followUp {
            // A contact who is already a case is isolated as a case, not quarantined.
            if linkedCase[seed.contactId] != nil { continue }
            let exposure = Exposure(caseId: caseId, contactId: seed.contactId, setting: seed.setting,
                                    relationship: seed.relationship, lastExposure: seed.lastExposure)
            // Linked to someone already known: one person, one follow-up, every exposure.
            let key = personKey[seed.contactId] ?? seed.contactId
            if var f = followUps[key] {
                // Filed again, or a second case's exposure: the end may move (never silently).
                let before = f.quarantineEnd
                f.exposures.removeAll { $0.contactId == seed.contactId }
                f.exposures.append(exposure)
                if let b = before, let a = f.quarantineEnd, a != b { f.endChanges.append((at, b, a)) }
                followUps[key] = f
                continue
            }
            followUps[key] = FollowUp(id: key, name: seed.name, phone: seed.phone, nik: seed.nik, sex: seed.sex,
                                      age: seed.age, exposures: [exposure], ruleSetId: filing.ruleSetId, since: day, tracer: tracer)
            personKey[seed.contactId] = key
            followUpOrder.append(key)
            followUpIndex.started(key, tracer: tracer)
        }
    }

    /// A close contact the case's interview no longer names: their exposure to it leaves the
    /// person's follow-up (whose end may move back, and says so), and a follow-up left with no
    /// exposure ends, out of every list. One that became a case by a positive test stays: that
    /// case exists and says where it came from.
    mutating func withdrawExposure(of contactId: String, to caseId: String, at: Date) {
        let key = personKey[contactId] ?? contactId
        guard var f = followUps[key], f.positiveTest == nil,
              f.exposures.contains(where: { $0.contactId == contactId && $0.caseId == caseId }) else { return }
        let before = f.quarantineEnd
        f.exposures.removeAll { $0.contactId == contactId && $0.caseId == caseId }
        guard f.exposures.isEmpty else {
            if let b = before, let a = f.quarantineEnd, a != b { f.endChanges.append((at, b, a)) }
            followUps[key] = f
            return
        }
        followUps[key] = nil
        if key == contactId { personKey[contactId] = nil }
        followUpOrder.removeAll { $0 == key }
        followUpOrderCuts += 1
        followUpIndex.ended(key, tracer: f.tracer)
    }
}

extension FollowUpCheck {
    /// The check held in short as it is: what a checkpoint writes, and makes again with
    /// `init(at:by:contactId:short:rare:)` without a call made on the way.
    @_spi(Checkpoint) public var short: (day: Day, outcome: CallOutcome, unconfirmedCode: UInt8, symptomBits: UInt8, symptomsSaid: Bool) {
        (day, outcome, unconfirmedCode, symptomBits, symptomsSaid)
    }

    /// What few calls carry, when this one carries any.
    @_spi(Checkpoint) public var rareParts: (symptoms: [Symptom]?, otherSymptom: String?, test: ContactTest?, note: String?)? {
        rare.map { ($0.symptoms, $0.otherSymptom, $0.test, $0.note) }
    }

    @_spi(Checkpoint) public init(at: Date, by: String, contactId: String,
                                  short: (day: Day, outcome: CallOutcome, unconfirmedCode: UInt8, symptomBits: UInt8, symptomsSaid: Bool),
                                  rare: (symptoms: [Symptom]?, otherSymptom: String?, test: ContactTest?, note: String?)?) {
        self.at = at; self.by = by; self.contactId = contactId
        day = short.day; outcome = short.outcome; unconfirmedCode = short.unconfirmedCode
        symptomBits = short.symptomBits; symptomsSaid = short.symptomsSaid
        self.rare = rare.map { Rare(symptoms: $0.symptoms, otherSymptom: $0.otherSymptom, test: $0.test, note: $0.note) }
    }
}
