import CSV
import Foundation

/// One thing wrong with an import, located as `FILE:LINE: field: what is wrong`.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var message: String

    public var description: String { "\(file):\(line): \(field): \(message)" }
}

/// Reads the lab's daily line list. Nothing here writes: the caller gets either every case or
/// every problem, so an import is all-or-nothing.
public struct LineList {
    public static let columns = ["case_id", "name", "nik", "phone", "sex", "age", "birth_date",
                                 "address", "rt_rw", "kelurahan", "kecamatan", "kota", "occupation",
                                 "specimen_date", "result_date", "onset_date"]
    static let required = ["case_id", "name", "result_date"]
    /// Past this, a file is certainly wrong and listing more helps nobody.
    public static let maxProblems = 100

    public let fileName: String
    public let today: Day
    public let existingIds: Set<String>

    public init(fileName: String, today: Day, existingIds: Set<String> = []) {
        self.fileName = fileName; self.today = today; self.existingIds = existingIds
    }

    public struct Parsed: Sendable {
        public var records: [CaseRecord]
        public var problems: [ImportProblem]
        public var rowCount: Int
    }

    /// `progress` is called with (rows read, bytes read) every few hundred rows.
    public func parse(_ text: String, progress: ((Int, Int) -> Void)? = nil) -> Parsed {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        var out = Parsed(records: [], problems: [], rowCount: 0)
        func problem(_ line: Int, _ field: String, _ msg: String) {
            if out.problems.count < LineList.maxProblems {
                out.problems.append(ImportProblem(file: fileName, line: line, field: field, message: msg))
            }
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: body, hasHeaderRow: false)
        } catch {
            problem(1, "file", L("cannot be read as CSV (\(error))"))
            return out
        }
        guard let rawHeader = reader.next() else {
            problem(1, "header", L("the file is empty; expected a header row with \(LineList.required.joined(separator: ", "))"))
            return out
        }
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            if name.isEmpty { continue }
            if !LineList.columns.contains(name) {
                problem(1, "header", L("unknown column \"\(name)\" (known: \(LineList.columns.joined(separator: ", ")))"))
            } else if index[name] != nil {
                problem(1, "header", L("column \"\(name)\" appears twice"))
            } else {
                index[name] = i
            }
        }
        for name in LineList.required where index[name] == nil {
            problem(1, "header", L("missing column \"\(name)\""))
        }
        if index["age"] == nil && index["birth_date"] == nil {
            problem(1, "header", L("needs an \"age\" or a \"birth_date\" column"))
        }
        guard out.problems.isEmpty else { return out }

        // Physical line of the current record: a quoted field may span several lines.
        var line = 1 + rawHeader.reduce(0) { $0 + $1.newlineCount } + 1
        var firstLineOf: [String: Int] = [:]
        var bytes = 0
        while let row = reader.next() {
            defer { line += 1 + row.reduce(0) { $0 + $1.newlineCount } }
            bytes += row.reduce(row.count) { $0 + $1.utf8.count }
            if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            out.rowCount += 1
            if out.rowCount % 500 == 0 { progress?(out.rowCount, bytes) }
            if row.count > header.count {
                problem(line, "row", L("has \(row.count) fields but the header has \(header.count); is a comma missing quotes?"))
                continue
            }
            let rowLine = line
            func field(_ name: String) -> String {
                guard let i = index[name], i < row.count else { return "" }
                return row[i].trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let before = out.problems.count
            let caseId = field("case_id")
            let name = field("name")
            if caseId.isEmpty { problem(rowLine, "case_id", L("is empty")) }
            if name.isEmpty { problem(rowLine, "name", L("is empty")) }
            if !caseId.isEmpty {
                if let first = firstLineOf[caseId] {
                    problem(rowLine, "case_id", L("\"\(caseId)\" appears again (first on line \(first))"))
                } else if existingIds.contains(caseId) {
                    problem(rowLine, "case_id", L("\"\(caseId)\" is already in the journal"))
                } else {
                    firstLineOf[caseId] = rowLine
                }
            }
            func date(_ name: String, required: Bool = false) -> Day? {
                let raw = field(name)
                if raw.isEmpty {
                    if required { problem(rowLine, name, L("is empty")) }
                    return nil
                }
                guard let d = Day(parsing: raw) else {
                    problem(rowLine, name, L("\"\(raw)\" is not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
                    return nil
                }
                if d > today {
                    problem(rowLine, name, L("\(d.iso) is in the future (today is \(today.iso))"))
                    return nil
                }
                return d
            }
            let result = date("result_date", required: true)
            let specimen = date("specimen_date")
            let onset = date("onset_date")
            let birth = date("birth_date")
            if let s = specimen, let r = result, s > r {
                problem(rowLine, "specimen_date", L("\(s.iso) is after the result date \(r.iso)"))
            }
            var nik: String? = field("nik")
            if let n = nik, n.isEmpty {
                nik = nil
            } else if let n = nik, !NIK.isValid(n) {
                problem(rowLine, "nik", L("must be 16 digits (got \(n.count) characters)"))
            }
            var phones: [String] = []
            for raw in field("phone").split(whereSeparator: { $0 == ";" || $0 == "/" || $0 == "|" }) {
                let p = raw.trimmingCharacters(in: .whitespaces)
                if p.isEmpty { continue }
                if let n = Phone.normalize(p) { phones.append(n) }
                else { problem(rowLine, "phone", L("\"\(p)\" is not an Indonesian phone number (08…, +62…, 62…)")) }
            }
            let sexRaw = field("sex")
            let sex = Sex(lineListValue: sexRaw)
            if sex == nil { problem(rowLine, "sex", L("\"\(sexRaw)\" is not one of L/P, M/F")) }
            var age: Int?
            let ageRaw = field("age")
            if !ageRaw.isEmpty {
                if let a = Int(ageRaw), (0...120).contains(a) { age = a }
                else { problem(rowLine, "age", L("\"\(ageRaw)\" is not an age in years (0–120)")) }
            }
            guard out.problems.count == before, let result else { continue }
            out.records.append(CaseRecord(
                caseId: caseId, name: name, nik: nik,
                nikMissingReason: nik == nil ? "not in line list" : nil,
                phones: phones, sex: sex ?? .unknown, age: age, birthDate: birth,
                address: field("address"), rtRw: field("rt_rw"), kelurahan: field("kelurahan"),
                kecamatan: field("kecamatan"), kota: field("kota"), occupation: field("occupation"),
                specimenDate: specimen, resultDate: result, onsetDate: onset))
        }
        progress?(out.rowCount, bytes)
        if out.rowCount == 0 && out.problems.isEmpty {
            problem(2, "row", L("the file has a header but no cases"))
        }
        return out
    }
}

private extension String {
    var newlineCount: Int { utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
}
