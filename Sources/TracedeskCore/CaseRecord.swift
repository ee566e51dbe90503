import Foundation

public enum Sex: String, Codable, Sendable, CaseIterable {
    case male = "M", female = "F", unknown = "U"

    /// As the desk shows it, in its language.
    public var label: String {
        switch self {
        case .male: L("male")
        case .female: L("female")
        case .unknown: L("unknown")
        }
    }

    /// Line lists write L/P (laki-laki/perempuan) as often as M/F.
    public init?(lineListValue raw: String) {
        // The letters nearly every list writes, without a Foundation round trip.
        switch raw {
        case "L", "M": self = .male; return
        case "P", "F": self = .female; return
        case "": self = .unknown; return
        default: break
        }
        switch raw.trimmingSpaces.lowercased() {
        case "": self = .unknown
        case "l", "m", "male", "laki-laki", "laki laki", "pria": self = .male // not shown: line-list values read, not shown
        case "p", "f", "female", "perempuan", "wanita": self = .female // not shown: line-list values read, not shown
        case "u", "unknown", "-": self = .unknown // not shown: line-list values read, not shown
        default: return nil
        }
    }

    /// "L" / "P" as the line list writes it (what a correction stores).
    public var letter: String {
        switch self { case .male: "L"; case .female: "P"; case .unknown: "?" }
    }

    /// One letter in the desk's language, for a narrow column: L/P in Indonesian, M/F in
    /// English (an English screen once showed the Indonesian letter beside English words).
    public var initial: String {
        switch self { case .male: L("M"); case .female: L("F"); case .unknown: "?" }
    }
}

/// A confirmed case as the lab's line list delivers it. Immutable once imported; what happens
/// to the case afterwards lives in `CaseFile`.
public struct CaseRecord: Sendable, Equatable {
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
        self.phones = phones; self.address = address; self.rtRw = rtRw; self.kelurahan = kelurahan
        self.kecamatan = kecamatan; self.kota = kota; self.occupation = occupation
        self.sex = sex; self.age = age; self.birthDate = birthDate
        self.specimenDate = specimenDate; self.resultDate = resultDate; self.onsetDate = onsetDate
    }

    /// The reasons tracedesk itself stores for a missing NIK (others are a person's words).
    public static let nikNotInLineList = "not in line list" // not shown: a stored reason, shown through nikMissingReasonLabel
    public static let nikNotGiven = "not given" // not shown: a stored reason, shown through nikMissingReasonLabel

    /// Why the NIK is missing, in the desk's language: tracedesk's own reasons through the
    /// catalogue, a tracer's words as they were typed.
    public var nikMissingReasonLabel: String {
        switch nikMissingReason {
        case nil: L("missing")
        case CaseRecord.nikNotInLineList?: L("not in line list")
        case CaseRecord.nikNotGiven?: L("not given")
        case let why?: why
        }
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

extension CaseRecord: Codable {
    // The keys and the shape of the record as it has always been written (every version of the
    // journal holds it so): absent optionals are left out.
    enum CodingKeys: String, CodingKey {
        case caseId, name, nik, nikMissingReason, phones, sex, age, birthDate, address, rtRw
        case kelurahan, kecamatan, kota, occupation, specimenDate, resultDate, onsetDate
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(caseId: try c.decode(String.self, forKey: .caseId), name: try c.decode(String.self, forKey: .name),
                  nik: try c.decodeIfPresent(String.self, forKey: .nik),
                  nikMissingReason: try c.decodeIfPresent(String.self, forKey: .nikMissingReason),
                  phones: try c.decode([String].self, forKey: .phones), sex: try c.decode(Sex.self, forKey: .sex),
                  age: try c.decodeIfPresent(Int.self, forKey: .age), birthDate: try c.decodeIfPresent(Day.self, forKey: .birthDate),
                  address: try c.decode(String.self, forKey: .address), rtRw: try c.decode(String.self, forKey: .rtRw),
                  kelurahan: try c.decode(String.self, forKey: .kelurahan), kecamatan: try c.decode(String.self, forKey: .kecamatan),
                  kota: try c.decode(String.self, forKey: .kota), occupation: try c.decode(String.self, forKey: .occupation),
                  specimenDate: try c.decodeIfPresent(Day.self, forKey: .specimenDate),
                  resultDate: try c.decode(Day.self, forKey: .resultDate),
                  onsetDate: try c.decodeIfPresent(Day.self, forKey: .onsetDate))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(caseId, forKey: .caseId)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(nik, forKey: .nik)
        try c.encodeIfPresent(nikMissingReason, forKey: .nikMissingReason)
        try c.encode(phones, forKey: .phones)
        try c.encode(sex, forKey: .sex)
        try c.encodeIfPresent(age, forKey: .age)
        try c.encodeIfPresent(birthDate, forKey: .birthDate)
        try c.encode(address, forKey: .address)
        try c.encode(rtRw, forKey: .rtRw)
        try c.encode(kelurahan, forKey: .kelurahan)
        try c.encode(kecamatan, forKey: .kecamatan)
        try c.encode(kota, forKey: .kota)
        try c.encode(occupation, forKey: .occupation)
        try c.encodeIfPresent(specimenDate, forKey: .specimenDate)
        try c.encode(resultDate, forKey: .resultDate)
        try c.encodeIfPresent(onsetDate, forKey: .onsetDate)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (`CharacterSet.whitespaces`). Most text
    /// has none, and is handed back as it is without Foundation's bridging to NSString,
    /// which was most of the time a filing took to build its contacts.
    public var trimmingSpaces: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != 0x20 && b != 0x09 }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
