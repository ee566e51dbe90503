import Foundation

/// The one check of a case record's fields, with one set of messages, for every way a record
/// is written: a line list's row (`LineList`), a lead's correction (`tracedesk correct`), and
/// any desk form after them. Each reads the field's text as a line list or a person writes it,
/// and says what is wrong without echoing an identifier whole.
public enum CaseFields {
    /// A date as line lists and people write it (2021-07-04, 04/07/2021, …), not after `today`.
    public static func date(_ raw: String, today: Day?) -> (value: Day?, problem: String?) {
        if raw.isEmpty { return (nil, nil) }
        guard let d = LineList.day(raw) else { return (nil, L("\"\(raw)\" is not a date (use YYYY-MM-DD or DD/MM/YYYY)")) }
        if let today, d > today {
            // As the file wrote it, and as it was read: 04/07 read as 4 July or as 7 April shows.
            if raw.trimmingSpaces != d.iso { return (nil, L("\"\(raw)\" (\(DateText.long(d))) is in the future (today is \(today.text))")) }
            return (nil, L("\(d.text) is in the future (today is \(today.text))"))
        }
        return (d, nil)
    }

    /// A NIK: 16 digits (spaces between them dropped); empty is none.
    public static func nik(_ raw: String) -> (value: String?, problem: String?) {
        var n = raw
        // Spaces between the digits are dropped (bytes first: this runs on every row).
        if n.utf8.contains(where: { $0 == 32 || $0 == 9 || $0 >= 0x80 }) { n = n.filter { !$0.isWhitespace } }
        if n.isEmpty { return (nil, nil) }
        if NIK.isValid(n) { return (n, nil) }
        if let exp = LineList.scientificExponent(n) {
            return (nil, L("is a number in scientific notation (…E+\(exp)): the spreadsheet turned the NIK into a number and lost its last digits; format the column as Text and export again"))
        }
        return (nil, L("must be 16 digits (got \(n.count) characters: \(Masked.identifier(n)))"))
    }

    /// Phones separated by `;`, `/` or `|`, each normalised; a problem for each that is not one.
    public static func phones(_ raw: String) -> (value: [String], problems: [String]) {
        var phones: [String] = []
        var problems: [String] = []
        for part in raw.split(whereSeparator: { $0 == ";" || $0 == "/" || $0 == "|" }) {
            let p = String(part).trimmingSpaces
            if p.isEmpty { continue }
            if let n = Phone.normalize(p) { phones.append(n); continue }
            let digits = p.filter { $0.isASCII && $0.isNumber }
            if !Phone.hasOnlyPhoneCharacters(p) && LineList.scientificExponent(p) == nil {
                // A letter among the digits (O for 0): a leading-0 hint would mislead.
                problems.append(L("\(Masked.identifier(p)) is not an Indonesian phone number (08…, +62…, 62…)"))
            } else if LineList.scientificExponent(p) != nil {
                problems.append(L("is a number in scientific notation: the spreadsheet turned the phone into a number; format the column as Text and export again"))
            } else if digits.hasPrefix("8"), (9...12).contains(digits.count), !p.contains("+") {
                problems.append(L("\(Masked.identifier(p)) lost its leading 0 (a spreadsheet read it as a number); write it as 08… or format the column as Text"))
            } else {
                problems.append(L("\(Masked.identifier(p)) is not an Indonesian phone number (08…, +62…, 62…)"))
            }
        }
        // As many as one event may carry: an import and a correction refuse the same list.
        if phones.count > EventLimit.phones.value {
            problems.append(L("holds \(phones.count) numbers; a case record holds at most \(EventLimit.phones.value)"))
        }
        return (phones, problems)
    }

    public static func sex(_ raw: String) -> (value: Sex?, problem: String?) {
        guard let s = Sex(lineListValue: raw) else { return (nil, L("\"\(raw)\" is not one of L/P, M/F")) }
        return (s, nil)
    }

    /// Years, 0–120 ("36", "36 th", "36 tahun"); empty is none.
    public static func age(_ raw: String) -> (value: Int?, problem: String?) {
        if raw.isEmpty { return (nil, nil) }
        guard let a = LineList.years(raw), (0...120).contains(a) else { return (nil, L("\"\(raw)\" is not an age in years (0–120)")) }
        return (a, nil)
    }

    /// A field's text beyond what one event may carry (`EventLimit.line`, counted as the
    /// server counts): said where it is read, so a line list or a correction is refused there,
    /// not written to a journal that `check` then flags or refused by the server mid-import.
    public static func length(_ raw: String) -> String? {
        let limit = EventLimit.line.value
        guard raw.utf8.count > limit else { return nil }   // a UTF-8 byte per scalar at most
        let n = raw.unicodeScalars.count
        return n > limit ? L("is \(n) characters long; a field holds at most \(limit)") : nil
    }

    /// `raw` as the value of `field` (a line list's column name) on `today`: the text
    /// `CaseRecord.set` takes (dates as YYYY-MM-DD, phones normalised), or what is wrong.
    public static func check(_ field: String, _ raw: String, today: Day?) -> (text: String, problems: [String]) {
        func one(_ p: String?) -> [String] { p.map { [$0] } ?? [] }
        if let long = length(raw) { return (raw, [long]) }
        switch field {
        case "name": return (raw.trimmingSpaces, raw.trimmingSpaces.isEmpty ? [L("is empty")] : [])
        case "nik": let (v, p) = nik(raw); return (v ?? "", one(p))
        case "phone": let (v, p) = phones(raw); return (v.joined(separator: "; "), p)
        case "sex": let (v, p) = sex(raw); return (v.map { $0 == .unknown ? "" : $0.rawValue } ?? raw, one(p))
        case "age": let (v, p) = age(raw); return (v.map(String.init) ?? "", one(p))
        case "result_date" where raw.isEmpty: return ("", [L("is empty")]) // not shown: the line list's column names
        case "birth_date", "specimen_date", "onset_date", "result_date": let (v, p) = date(raw, today: today); return (v?.iso ?? "", one(p)) // not shown: the line list's column names
        default: return (raw, [])
        }
    }

    /// What is wrong between a record's fields: (field, message).
    public static func problems(of r: CaseRecord) -> [(field: String, message: String)] {
        specimenProblem(specimen: r.specimenDate, result: r.resultDate).map { [("specimen_date", $0)] } ?? [] // not shown: the line list's column names
    }

    /// A specimen is taken before its result comes.
    public static func specimenProblem(specimen: Day?, result: Day?) -> String? {
        guard let s = specimen, let r = result, s > r else { return nil }
        return L("\(s.text) is after the result date \(r.text)")
    }
}
