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
public struct CaseRecord: Sendable, Equatable {
    /// The record's text (id, name, NIK, address, phones…) in one block: a city's desk holds
    /// 100,000 records, which as a dozen strings each were 250 bytes in line and four more
    /// allocations apiece (name, NIK, address, phones). See `RecordText`.
    private var text: RecordText
    public var sex: Sex
    public var age: Int?
    public var birthDate: Day?
    public var specimenDate: Day?
    public var resultDate: Day
    /// nil means asymptomatic (or onset unknown at import).
    public var onsetDate: Day?

    public var caseId: String { get { text.field(.caseId)! } set { text.set(.caseId, newValue) } }
    public var name: String { get { text.field(.name)! } set { text.set(.name, newValue) } }
    public var nik: String? { get { text.field(.nik) } set { text.set(.nik, newValue) } }
    public var nikMissingReason: String? { get { text.field(.nikMissingReason) } set { text.set(.nikMissingReason, newValue) } }
    public var phones: [String] { get { text.phones } set { text.phones = newValue } }
    public var address: String { get { text.field(.address)! } set { text.set(.address, newValue) } }
    public var rtRw: String { get { text.field(.rtRw)! } set { text.set(.rtRw, newValue) } }
    public var kelurahan: String { get { text.field(.kelurahan)! } set { text.set(.kelurahan, newValue) } }
    public var kecamatan: String { get { text.field(.kecamatan)! } set { text.set(.kecamatan, newValue) } }
    public var kota: String { get { text.field(.kota)! } set { text.set(.kota, newValue) } }
    public var occupation: String { get { text.field(.occupation)! } set { text.set(.occupation, newValue) } }

    public init(caseId: String, name: String, nik: String? = nil, nikMissingReason: String? = nil,
                phones: [String] = [], sex: Sex = .unknown, age: Int? = nil, birthDate: Day? = nil,
                address: String = "", rtRw: String = "", kelurahan: String = "", kecamatan: String = "",
                kota: String = "", occupation: String = "", specimenDate: Day? = nil,
                resultDate: Day, onsetDate: Day? = nil) {
        text = RecordText([caseId, name, nik, nikMissingReason, address, rtRw, kelurahan, kecamatan, kota, occupation],
                          phones: phones)
        self.sex = sex; self.age = age; self.birthDate = birthDate
        self.specimenDate = specimenDate; self.resultDate = resultDate; self.onsetDate = onsetDate
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

/// A record's strings end to end as UTF-8 in one array, each followed by 0xFF, a byte no
/// UTF-8 text holds, so no lengths are needed; an absent optional is the one byte 0xFE (also
/// never in UTF-8). The fixed fields come first, then the phones. Reading a field walks a
/// hundred-odd bytes: a record is read when it is shown, searched once when the table is
/// built, and exported; replay reads only an imported case's id, at its commit (to check it
/// is new and to index it).
struct RecordText: Sendable, Equatable {
    enum Field: Int { case caseId, name, nik, nikMissingReason, address, rtRw, kelurahan, kecamatan, kota, occupation }
    private static let fixedFields = 10
    private static let end: UInt8 = 0xFF
    private static let absent: UInt8 = 0xFE
    private var bytes: [UInt8]

    init(_ fixed: [String?], phones: [String]) {
        var out: [UInt8] = []
        out.reserveCapacity(fixed.reduce(0) { $0 + ($1?.utf8.count ?? 1) + 1 } + phones.reduce(0) { $0 + $1.utf8.count + 1 })
        for f in fixed {
            if let f { out += f.utf8 } else { out.append(Self.absent) }
            out.append(Self.end)
        }
        for p in phones { out += p.utf8; out.append(Self.end) }
        bytes = out
    }

    /// Where each string is: start and end (before its 0xFF), fixed fields then phones.
    private func spans() -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == Self.end {
            out.append(start..<i)
            start = i + 1
        }
        return out
    }

    private func string(_ r: Range<Int>) -> String? {
        if r.count == 1 && bytes[r.lowerBound] == Self.absent { return nil }
        return String(decoding: bytes[r], as: UTF8.self)
    }

    func field(_ f: Field) -> String? {
        var start = 0, n = 0
        var i = 0
        while true {
            if bytes[i] == Self.end {
                if n == f.rawValue { return string(start..<i) }
                n += 1
                start = i + 1
            }
            i += 1
        }
    }

    var phones: [String] {
        get { spans().dropFirst(Self.fixedFields).map { String(decoding: bytes[$0], as: UTF8.self) } }
        set { self = RecordText(fixedValues, phones: newValue) }
    }

    private var fixedValues: [String?] { spans().prefix(Self.fixedFields).map(string) }

    mutating func set(_ f: Field, _ value: String?) {
        var fixed = fixedValues
        fixed[f.rawValue] = value
        self = RecordText(fixed, phones: phones)
    }
}
