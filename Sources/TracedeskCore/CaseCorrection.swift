import Foundation

/// One field of a case record changed: its name as the line list names it (`phone`,
/// `result_date`), and the values before and after in the line list's own text form.
public struct FieldChange: Codable, Sendable, Equatable {
    public var field: String
    public var from: String
    public var to: String
    public init(field: String, from: String, to: String) { self.field = field; self.from = from; self.to = to }
}

/// A correction of a case record: the lab's list sent a known case with different values, or a
/// lead fixed a wrong phone or a misspelt name at the desk. Written as an event, applied on
/// replay; the record as imported stays in the journal, and the case's history shows who
/// changed what.
public struct CaseCorrection: Codable, Sendable, Equatable {
    public var caseId: String
    public var changes: [FieldChange]
    /// Where it came from: "lab.csv:14" for a line list, nil for the desk.
    public var source: String?
    /// The import whose commit makes it count (nil: it counts at once).
    public var batch: String?
    /// Why, in the corrector's words (the desk asks for one).
    public var reason: String?
    /// A lab's values that differ from a lead's correction of the same field (from: the value
    /// the case has, to: the lab's): kept in the history as conflicts, never applied, so the
    /// lead's correction stands until a lead takes the lab's value.
    public var conflicts: [FieldChange]?
    /// A filed contact of the case whose exposure dates are corrected (`last_exposure`), in
    /// place of the case record's fields: their follow-up's end is recomputed.
    public var contactId: String?
    public static let lastExposureField = "last_exposure" // not shown: a field's name as commands take it

    public init(caseId: String, changes: [FieldChange], source: String? = nil, batch: String? = nil, reason: String? = nil,
                conflicts: [FieldChange]? = nil, contactId: String? = nil) {
        self.caseId = caseId; self.changes = changes; self.source = source; self.batch = batch; self.reason = reason
        self.contactId = contactId
        self.conflicts = conflicts?.isEmpty == true ? nil : conflicts
    }
}

extension CaseRecord {
    /// The fields a correction may change, by their line-list names (the case id never changes).
    public static let correctableFields = ["name", "nik", "phone", "sex", "age", "birth_date", "address", "rt_rw", // not shown: the line list's column names
                                           "kelurahan", "kecamatan", "kota", "occupation", "specimen_date", // not shown: column names
                                           "result_date", "onset_date"] // not shown: column names

    /// A correctable field by its label in the language shown (the line list's names are codes).
    public static func label(of field: String) -> String {
        switch field {
        case "name": L("Name")
        case "nik": L("NIK")
        case "phone": L("Phone")
        case "sex": L("Sex")
        case "age": L("Age")
        case "birth_date": L("Birth date")
        case "address": L("Address")
        case "rt_rw": L("RT/RW")
        case "kelurahan": L("Kelurahan")
        case "kecamatan": L("Kecamatan")
        case "kota": L("Kota")
        case "occupation": L("Occupation")
        case "specimen_date": L("Specimen date")
        case "result_date": L("Result date")
        case "onset_date": L("Onset date")
        case CaseCorrection.lastExposureField: L("Last exposure")
        default: field
        }
    }

    /// The field's value as the line list writes it ("" when absent); phones joined by "; ".
    public func value(of field: String) -> String? {
        switch field {
        case "name": name
        case "nik": nik ?? ""
        case "phone": phones.joined(separator: "; ")
        case "sex": sex == .unknown ? "" : sex.letter
        case "age": age.map(String.init) ?? ""
        case "birth_date": birthDate?.iso ?? ""
        case "address": address
        case "rt_rw": rtRw
        case "kelurahan": kelurahan
        case "kecamatan": kecamatan
        case "kota": kota
        case "occupation": occupation
        case "specimen_date": specimenDate?.iso ?? ""
        case "result_date": resultDate.iso
        case "onset_date": onsetDate?.iso ?? ""
        default: nil
        }
    }

    /// Sets a field from the text `value(of:)` gives; false when the field or value is not one.
    public mutating func set(_ field: String, to text: String) -> Bool {
        func day(_ t: String) -> Day?? { t.isEmpty ? .some(nil) : Day(parsing: t).map { .some($0) } }
        switch field {
        case "name": guard !text.isEmpty else { return false }; name = text
        case "nik":
            nik = text.isEmpty ? nil : text
            nikMissingReason = text.isEmpty ? (nikMissingReason ?? "not in line list") : nil // not shown: a stored reason, shown through the catalogue
        case "phone":
            let parts = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let normal = parts.compactMap(Phone.normalize)
            guard normal.count == parts.count else { return false }
            phones = normal
        case "sex": guard let s = Sex(lineListValue: text) else { return false }; sex = s
        case "age":
            if text.isEmpty { age = nil } else { guard let a = Int(text), (0...120).contains(a) else { return false }; age = a }
        case "birth_date": guard let d = day(text) else { return false }; birthDate = d
        case "address": address = text
        case "rt_rw": rtRw = text
        case "kelurahan": kelurahan = text
        case "kecamatan": kecamatan = text
        case "kota": kota = text
        case "occupation": occupation = text
        case "specimen_date": guard let d = day(text) else { return false }; specimenDate = d
        case "result_date": guard let d = day(text), let r = d else { return false }; resultDate = r
        case "onset_date": guard let d = day(text) else { return false }; onsetDate = d
        default: return false
        }
        return true
    }

    /// What differs from `other`, field by field, in line-list order.
    public func changes(to other: CaseRecord) -> [FieldChange] {
        CaseRecord.correctableFields.compactMap { f in
            let a = value(of: f) ?? "", b = other.value(of: f) ?? ""
            return a == b ? nil : FieldChange(field: f, from: a, to: b)
        }
    }

    /// The record with the changes applied; nil if one of them does not fit its field.
    public func applying(_ changes: [FieldChange]) -> CaseRecord? {
        var r = self
        for c in changes where !r.set(c.field, to: c.to) { return nil }
        return r
    }
}
