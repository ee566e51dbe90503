import Foundation

public enum Sex: String, Codable, Sendable, CaseIterable {
    case male = "M", female = "F", unknown = "U"

    /// Line lists write L/P (laki-laki/perempuan) as often as M/F.
    public init?(lineListValue raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": self = .unknown
        case "l", "m", "male", "laki-laki", "laki laki", "pria": self = .male
        case "p", "f", "female", "perempuan", "wanita": self = .female
        case "u", "unknown", "-": self = .unknown
        default: return nil
        }
    }

    /// "L" / "P" as the tracers read it.
    public var letter: String {
        switch self { case .male: "L"; case .female: "P"; case .unknown: "?" }
    }
}

/// A confirmed case as the lab's line list delivers it. Immutable once imported; what happens
/// to the case afterwards lives in `CaseFile`.
public struct CaseRecord: Codable, Sendable, Equatable {
    public var caseId: String
    public var name: String
    public var nik: String?
    public var nikMissingReason: String?
    public var phones: [String]
    public var sex: Sex
    public var age: Int?
    public var birthDate: Day?
    public var address: String
    public var rtRw: String
    public var kelurahan: String
    public var kecamatan: String
    public var kota: String
    public var occupation: String
    public var specimenDate: Day?
    public var resultDate: Day
    /// nil means asymptomatic (or onset unknown at import).
    public var onsetDate: Day?

    public init(caseId: String, name: String, nik: String? = nil, nikMissingReason: String? = nil,
                phones: [String] = [], sex: Sex = .unknown, age: Int? = nil, birthDate: Day? = nil,
                address: String = "", rtRw: String = "", kelurahan: String = "", kecamatan: String = "",
                kota: String = "", occupation: String = "", specimenDate: Day? = nil,
                resultDate: Day, onsetDate: Day? = nil) {
        self.caseId = caseId; self.name = name; self.nik = nik; self.nikMissingReason = nikMissingReason
        self.phones = phones; self.sex = sex; self.age = age; self.birthDate = birthDate
        self.address = address; self.rtRw = rtRw; self.kelurahan = kelurahan; self.kecamatan = kecamatan
        self.kota = kota; self.occupation = occupation; self.specimenDate = specimenDate
        self.resultDate = resultDate; self.onsetDate = onsetDate
    }

    /// Age in whole years on `day`, from the age column or the birth date.
    public func age(on day: Day) -> Int? {
        if let age { return age }
        guard let b = birthDate?.components else { return nil }
        let d = day.components
        var years = d.year - b.year
        if (d.month, d.day) < (b.month, b.day) { years -= 1 }
        return max(0, years)
    }
}
