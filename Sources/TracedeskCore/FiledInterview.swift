import Foundation

/// A close contact as filed: what follow-up and the export see.
public struct FiledContact: Codable, Sendable, Equatable {
    public var contactId: String
    public var caseId: String
    public var name: String
    public var phone: String?
    public var nik: String?
    public var nikMissingReason: String?
    public var sex: Sex
    public var age: Int?
    public var relationship: Relationship?
    public var setting: String
    public var firstExposure: Day?
    public var lastExposure: Day?
    public var exposureDays: [Day]
    public var criterion: ContactCriterion?
    public var isClose: Bool
    public var classification: String
    public var quarantineEnd: Day?
    public var notes: String
}

/// The interview as filed: the period walked and the contacts, under one rule set.
public struct FiledInterview: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable { case completed, refused }
    public var caseId: String
    public var outcome: Outcome
    public var ruleSetId: String
    public var ruleSetVersion: Int
    public var period: InfectiousPeriod?
    public var daysWalked: Int
    public var contacts: [FiledContact]
    public var draft: InterviewDraft
    /// The asciicast of the interview's screens, beside the journal, when recording was on.
    public var recording: String?

    /// Resolves the draft's text into filed records. Call only when `InterviewCheck.all` has no
    /// errors; warnings (a missing phone) are filed as they are.
    public static func file(_ d: InterviewDraft, today: Day) -> FiledInterview {
        // What is filed is data for follow-up, not text on a screen: the classification is
        // written in the catalogue's source language whatever the desk shows.
        Localization.$language.withValue(.en) { fileInEnglish(d, today: today) }
    }

    private static func fileInEnglish(_ d: InterviewDraft, today: Day) -> FiledInterview {
        let rules = d.rules
        let period = d.period(today: today)
        let refused = d.consent == Consent.refused.rawValue
        let contacts: [FiledContact] = refused ? [] : d.contacts.map { c in
            let criterion = ContactCriterion(rawValue: c.criterion)
            let last = c.lastExposureDay
            let outcome = d.uncheckedOutcome(of: c, in: period)
            let nik = c.nik.isEmpty ? nil : c.nik
            return FiledContact(
                contactId: "\(d.caseId)-\(c.id)", caseId: d.caseId, name: c.name.trimmingSpaces,
                phone: Phone.normalize(c.phone), nik: nik, nikMissingReason: nik == nil ? (c.nikMissingReason.isEmpty ? "not given" : c.nikMissingReason) : nil, // not shown: filed data, in the catalogue's source language
                sex: Sex(lineListValue: c.sex) ?? .unknown, age: Int(c.age), relationship: Relationship(rawValue: c.relationship),
                setting: c.setting, firstExposure: c.firstExposureDay, lastExposure: last, exposureDays: c.exposureDays,
                criterion: criterion, isClose: outcome.isClose, classification: outcome.classification.label,
                quarantineEnd: outcome.quarantineEnd, notes: c.notes)
        }
        let walked = d.walk(today: today).filter { !(d.days[$0] ?? DayNotes()).isEmpty }.count
        return FiledInterview(caseId: d.caseId, outcome: refused ? .refused : .completed, ruleSetId: rules.id,
                              ruleSetVersion: rules.version, period: period, daysWalked: walked, contacts: contacts, draft: d)
    }
}

/// A filed interview in short: what the queue, the team board and the history line need
/// (counts, not the contacts). A desk replaying a city's journal keeps its filings this way
/// and keeps where each is (`CaseFile.filedRef`): the whole interview (its draft and every
/// contact) was most of what a start kept, and is read again by place when a case is
/// opened, reviewed, resumed or exported.
public struct FiledSummary: Sendable, Equatable {
    public var caseId: String
    public var outcome: FiledInterview.Outcome
    public var daysWalked: Int
    /// Contacts named, and how many of them are close contacts.
    public var contacts: Int
    public var closeContacts: Int
    /// The rule set the interview was filed under: its contacts' quarantine follows it.
    public var ruleSetId: String
    /// What follow-up needs of each close contact (a few fields each, not the contact).
    public var followUp: [FollowUpSeed]

    public init(caseId: String, outcome: FiledInterview.Outcome, daysWalked: Int, contacts: Int, closeContacts: Int,
                ruleSetId: String = RuleSet.indonesia2021.id, followUp: [FollowUpSeed] = []) {
        self.caseId = caseId; self.outcome = outcome; self.daysWalked = daysWalked
        self.contacts = contacts; self.closeContacts = closeContacts
        self.ruleSetId = ruleSetId; self.followUp = followUp
    }

    public init(_ f: FiledInterview) {
        let close = f.contacts.filter(\.isClose)
        self.init(caseId: f.caseId, outcome: f.outcome, daysWalked: f.daysWalked,
                  contacts: f.contacts.count, closeContacts: close.count, ruleSetId: f.ruleSetId,
                  followUp: close.map(FollowUpSeed.init))
    }
}

/// How a store hands over `interview.filed` events when it reads: whole, or in short with
/// their place (`EventBody.interviewFiledInShort`), for a replay that keeps only what the
/// queue needs.
public enum FilingDetail: Sendable {
    case whole, inShort
}
