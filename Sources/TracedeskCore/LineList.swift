import Foundation

/// One thing wrong with an import, located as `FILE:LINE: field: what is wrong`.
public struct ImportProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    public var description: String { "\(file):\(line): \(field): \(message)" }
}

/// Reads the lab's daily line list. Nothing here writes: the caller gets either every case or
/// every problem, so an import is all-or-nothing.
///
/// Accepted: UTF-8 (with or without a byte-order mark), CRLF or LF, `,` `;` or tab between
/// fields (read from the header, or forced), a header row naming the columns in English or
/// Indonesian as labs write them (`LineList.aliases`), or as a column map file names them.
/// Columns it does not know are ignored and listed once. A case id the journal already holds
/// is a repeat when its row says what the journal says, and a correction when it differs.
public struct LineList {
    // catalogue: not shown from here — the line list's column names and the header names labs write: read, not shown
    public static let columns = ["case_id", "name", "nik", "phone", "sex", "age", "birth_date",
                                 "address", "rt_rw", "kelurahan", "kecamatan", "kota", "occupation",
                                 "specimen_date", "result_date", "onset_date"]
    static let required = ["case_id", "name", "result_date"]
    /// Past this, a file is certainly wrong and listing more helps nobody.
    public static let maxProblems = 100

    /// The names labs and spreadsheets give each column, as `normalise` leaves them; each
    /// field's own name (`case_id` → "case id") is accepted too.
    public static let aliases: [String: [String]] = [
        "case_id": ["id kasus", "kode kasus", "no kasus", "nomor kasus", "kode sampel", "kode spesimen", "no sampel",
                    "nomor sampel", "id sampel", "no spesimen", "nomor spesimen", "sample id", "specimen id", "case no"],
        "name": ["nama", "nama pasien", "nama lengkap", "nama kasus", "patient name", "full name"],
        "nik": ["no nik", "nomor nik", "nik pasien", "no ktp", "nomor ktp", "ktp", "national id"],
        "phone": ["no hp", "nomor hp", "hp", "no telp", "nomor telp", "telp", "telepon", "no telepon", "nomor telepon",
                  "handphone", "no handphone", "no wa", "nomor wa", "whatsapp", "mobile", "phone number", "telephone"],
        "sex": ["jk", "jenis kelamin", "kelamin", "l/p", "gender"],
        "age": ["umur", "usia", "umur (tahun)", "usia (tahun)", "umur (th)", "age (years)"],
        "birth_date": ["tgl lahir", "tanggal lahir", "date of birth", "dob"],
        "address": ["alamat", "alamat domisili", "alamat ktp", "alamat pasien", "alamat lengkap"],
        "rt_rw": ["rt/rw", "rt / rw"],
        "kelurahan": ["kel", "desa", "kelurahan/desa", "desa/kelurahan", "ward"],
        "kecamatan": ["kec", "district"],
        "kota": ["kab/kota", "kabupaten/kota", "kota/kabupaten", "kota/kab", "kabupaten", "city"],
        "occupation": ["pekerjaan", "profesi", "job"],
        "specimen_date": ["tgl ambil spesimen", "tanggal ambil spesimen", "tgl pengambilan spesimen",
                          "tanggal pengambilan spesimen", "tgl ambil sampel", "tanggal ambil sampel",
                          "tgl pengambilan sampel", "tanggal pengambilan sampel", "tgl swab", "tanggal swab",
                          "sample date", "collection date"],
        "result_date": ["tgl hasil", "tanggal hasil", "tgl keluar hasil", "tanggal keluar hasil", "tgl hasil lab",
                        "tanggal hasil lab", "tgl hasil pcr", "tanggal hasil pcr"],
        "onset_date": ["tgl onset", "tanggal onset", "tgl gejala", "tanggal gejala", "tgl mulai gejala",
                       "tanggal mulai gejala", "onset", "symptom onset"],
    ]
    // catalogue: shown again

    /// Normalised header name → field, from the table above.
    static let known: [String: String] = {
        var m: [String: String] = [:]
        for f in columns { m[normalise(f)] = f }
        for (f, names) in aliases { for n in names { m[normalise(n)] = f } }
        return m
    }()

    /// A header name as compared: lower case, with spaces, `_`, `.` and `-` left out, so that
    /// `Case ID`, `case_id`, `caseid`, `CaseId` and `case-id` are one name, as are
    /// `ResultDate`, `Result Date` and `Tgl. Hasil` / `TGL_HASIL`. Leaving the separators out
    /// treats a camelCase boundary as one too. Other marks (`/`, parentheses) stay: `rt/rw`,
    /// `umur (tahun)`.
    public static func normalise(_ name: String) -> String {
        String(name.lowercased().filter { !($0.isWhitespace || $0 == "_" || $0 == "." || $0 == "-" || $0 == "\u{FEFF}") }) // not shown: a byte-order mark
    }

    public let fileName: String
    public let today: Day
    /// The record the journal holds for a case id, if it holds one.
    public let known: (String) -> CaseRecord?
    /// From a column map file: normalised column name → field.
    public let columnMap: [String: String]
    /// Forced (`--delimiter`); nil reads it from the header.
    public let delimiter: Unicode.Scalar?

    /// For a known case, the fields a lead corrected at the desk and the value the lab last
    /// sent for each (`CaseFile.labValues`).
    public let labValues: (String) -> [String: String]

    public init(fileName: String, today: Day, known: @escaping (String) -> CaseRecord? = { _ in nil },
                labValues: @escaping (String) -> [String: String] = { _ in [:] },
                columnMap: [String: String] = [:], delimiter: Unicode.Scalar? = nil) {
        self.fileName = fileName; self.today = today; self.known = known; self.labValues = labValues
        self.columnMap = columnMap; self.delimiter = delimiter
    }

    /// A known case whose row says something else.
    public struct Correction: Sendable, Equatable {
        public var caseId: String
        public var line: Int
        public var changes: [FieldChange]
        /// Fields a lead corrected at the desk where the lab now sends another value: from the
        /// value the case has to the lab's. Listed, never applied by an import.
        public var conflicts: [FieldChange] = []
    }

    public struct Parsed: Sendable {
        /// New cases, to import.
        public var records: [CaseRecord]
        /// The line each new case's row starts on, for messages about two rows.
        public var recordLines: [Int] = []
        public var problems: [ImportProblem]
        public var rowCount: Int
        /// Known cases the row repeats exactly.
        public var unchanged = 0
        public var corrections: [Correction] = []
        /// Header names no field took, as the file writes them.
        public var ignoredColumns: [String] = []
        public var delimiter: Unicode.Scalar = ","
        /// Each field's column as the file names it ("No HP" for phone).
        public var headers: [String: String] = [:]
        /// Every column of the header, as the file writes it.
        public var columnsWritten: [String] = []
        /// What a listing calls `field`: the file's own header, where it has one.
        public func header(of field: String) -> String { headers[field] ?? field }
    }

    /// Reads a column map file: `their column = our field` a line; `#` starts a comment.
    ///
    /// `lines`: the line each column was mapped on, so an import can say which lines named no
    /// column of its file. A comment runs from `#` to the end of a line, whole or after a field;
    /// a column mapped twice to different fields is a problem (which one was meant?).
    public static func parseMap(_ text: String, file: String) -> (map: [String: String], problems: [ImportProblem], lines: [String: (line: Int, written: String)]) {
        var map: [String: String] = [:]
        var lines: [String: (line: Int, written: String)] = [:]
        var problems: [ImportProblem] = []
        for (i, raw) in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            // A comment after the field: a `#` after the `=` and a space (a column's own name,
            // left of the `=`, may hold one).
            if let eq = line.firstIndex(of: "="), let hash = line[eq...].firstIndex(of: "#"),
               hash > line.startIndex, line[line.index(before: hash)].isWhitespace {
                line = line[..<hash].trimmingCharacters(in: .whitespaces)
            }
            guard let eq = line.lastIndex(of: "=") else {
                problems.append(ImportProblem(file: file, line: i + 1, field: "map", message: L("expected: their column = our field"))) // not shown: the --map option's name, naming the file's problems
                continue
            }
            let theirs = normalise(String(line[..<eq]))
            let oursWritten = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            // A field is named as a header may name it: by its own name in any spelling
            // ("result date", "Result_Date") or by a name labs give it ("Pasien = nama",
            // "ID Lab = Kode Sampel"): a data person writes the words they know.
            let ours = LineList.known[normalise(oursWritten)] ?? oursWritten.lowercased()
            if theirs.isEmpty {
                problems.append(ImportProblem(file: file, line: i + 1, field: "map", message: L("no column name before ="))) // not shown: the --map option's name, naming the file's problems
            } else if oursWritten.isEmpty {
                problems.append(ImportProblem(file: file, line: i + 1, field: "map", // not shown: the --map option's name, naming the file's problems
                                              message: L("no field after = (fields: \(columns.joined(separator: ", ")))")))
            } else if !columns.contains(ours) {
                problems.append(ImportProblem(file: file, line: i + 1, field: "map", // not shown: the --map option's name, naming the file's problems
                                              message: L("\"\(ours)\" is not a field (fields: \(columns.joined(separator: ", ")))")))
            } else if let before = map[theirs], before != ours, let at = lines[theirs] {
                problems.append(ImportProblem(file: file, line: i + 1, field: "map", // not shown: the --map option's name, naming the file's problems
                                              message: L("\"\(String(line[..<eq]).trimmingCharacters(in: .whitespaces))\" is mapped to \(before) on line \(at.line) already; keep one")))
            } else {
                map[theirs] = ours
                if lines[theirs] == nil { lines[theirs] = (i + 1, String(line[..<eq]).trimmingCharacters(in: .whitespaces)) }
            }
        }
        return (map, problems, lines)
    }

    /// `,` `;` or tab, whichever the header line holds most of outside quotes (`,` if none).
    public static func detectDelimiter(_ text: Substring.UTF8View) -> Unicode.Scalar {
        var counts = [0, 0, 0]
        var quoted = false
        for b in text {
            if b == UInt8(ascii: "\"") { quoted.toggle(); continue }
            if quoted { continue }
            if b == 10 || b == 13 { break }
            if b == UInt8(ascii: ",") { counts[0] += 1 } else if b == UInt8(ascii: ";") { counts[1] += 1 } else if b == 9 { counts[2] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] }!
        return counts[best] == 0 ? "," : [",", ";", "\t"][best]
    }

    /// The header's column names as the file writes them, split as the reader splits it.
    public static func headerNames(_ header: String, delimiter: Unicode.Scalar) -> [String] {
        CSVRecords(header, delimiter: UInt8(delimiter.value)).next()?.map(\.trimmed) ?? []
    }

    static func describe(_ d: Unicode.Scalar) -> String { d == "\t" ? L("tab") : "\"\(d)\"" }

    /// The separator as `--delimiter` takes it: a tab by its documented name, since `'\t'` is
    /// two characters to most shells and a real tab cannot be typed in one.
    static func option(_ d: Unicode.Scalar) -> String { d == "\t" ? "tab" : "'\(d)'" } // not shown: the --delimiter option's value

    /// A header quoted in a message with each tab shown (`⇥`): printed, a tab is a run of
    /// spaces, and the message's point — that the fields are split by tabs — would not show.
    static func showingTabs(_ s: String) -> String { s.replacingOccurrences(of: "\t", with: "⇥") }

    /// `progress` is called with (rows read, bytes read) every few hundred rows.
    public func parse(_ text: String, progress: ((Int, Int) -> Void)? = nil) -> Parsed {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let delimiter = self.delimiter ?? LineList.detectDelimiter(body.utf8)
        var out = Parsed(records: [], problems: [], rowCount: 0, delimiter: delimiter)
        // Room for a row a line at once: grown by doubling, a city's 100,000 records (25 MB)
        // and their ids were held twice at the last doubling, the import's highest point.
        let lines = text.utf8.withContiguousStorageIfAvailable { $0.reduce(0) { $1 == 10 ? $0 + 1 : $0 } } ?? 0
        out.records.reserveCapacity(lines)
        // What a problem names where no column is at fault, in the user's words as the rest.
        let headerLabel = L("header"), rowLabel = L("row")
        func addProblem(_ line: Int, _ field: String, _ msg: String) {
            if out.problems.count < LineList.maxProblems {
                out.problems.append(ImportProblem(file: fileName, line: line, field: field, message: msg))
            }
        }
        // The text as it came (no copy) unless a byte-order mark is to be left out.
        let reader = CSVRecords(body.startIndex == text.startIndex ? text : String(body), delimiter: UInt8(delimiter.value))
        guard let rawHeader = reader.next() else {
            addProblem(1, headerLabel, L("the file is empty; expected a header row with \(LineList.required.joined(separator: ", "))"))
            return out
        }
        let written = rawHeader.map(\.trimmed)
        if let open = reader.unclosedField {
            addProblem(1, headerLabel, LineList.unclosedQuote(at: 1 + rawHeader[..<open].reduce(0) { $0 + $1.newlineCount }, field: rawHeader[open]))
            return out
        }
        // `|` too: some lab systems export with it, and a header of one column holding it is
        // far likelier a `|`-separated file than a column named so.
        if written.count == 1, let other = ([",", ";", "\t", "|"] as [Unicode.Scalar]).first(where: { $0 != delimiter && written[0].unicodeScalars.contains($0) }) {
            let shown = LineList.showingTabs(written[0].count > 60 ? String(written[0].prefix(60)) + "…" : written[0])
            addProblem(1, headerLabel, L("the header is one column (\"\(shown)\"): the file seems to use \(LineList.describe(other)) between fields; try --delimiter \(LineList.option(other))"))
            return out
        }
        out.columnsWritten = written
        var index: [String: Int] = [:]
        // Each field's column as the file names it: what problems quote.
        var label: [String: String] = [:]
        for (i, name) in written.enumerated() {
            if name.isEmpty { continue }
            let key = LineList.normalise(name)
            guard let field = columnMap[key] ?? LineList.known[key] else {
                out.ignoredColumns.append(name)
                continue
            }
            if let first = index[field] {
                addProblem(1, headerLabel, L("\"\(written[first])\" and \"\(name)\" are both \(field); keep one, or map one elsewhere with --map"))
            } else {
                index[field] = i
                label[field] = name
                out.headers[field] = name
            }
        }
        for name in LineList.required where index[name] == nil {
            let example = name == "case_id" ? "Kode Sampel" : name == "name" ? "Nama Pasien" : "Tgl Hasil" // not shown: the line list's column names (as labs write them)
            addProblem(1, headerLabel, L("no column for \(name) (such as \"\(name)\" or \"\(example)\"); name yours with --map FILE"))
        }
        if index["age"] == nil && index["birth_date"] == nil { // not shown: the line list's column names (as labs write them)
            addProblem(1, headerLabel, L("no column for age (\"Umur\") or birth_date (\"Tgl Lahir\"); name yours with --map FILE"))
        }
        guard out.problems.isEmpty else { return out }
        func labelOf(_ field: String) -> String { label[field] ?? field }

        let columnsInOrder = index.sorted { $0.value < $1.value }.map(\.key)
        // Physical line of the current record: a quoted field may span several lines.
        var line = 1 + rawHeader.reduce(0) { $0 + $1.newlineCount } + 1
        var firstLineOf: [String: Int] = [:]
        firstLineOf.reserveCapacity(lines)
        var bytes = 0
        /// The field of `row` whose quote ran past its line where that cannot be right: never
        /// closed (it took in the rest of the file), or closed on a later line in a row whose
        /// fields do not then count up (or with text after the quote that closed it). A quoted
        /// line break in a row that reads is an address on two lines, as RFC 4180 allows.
        func misquoted(_ row: [String]) -> (Int, unclosed: Bool)? {
            if let i = reader.unclosedField { return (i, true) }
            guard let i = row.firstIndex(where: { $0.newlineCount > 0 }) else { return nil }
            return row.count != written.count || reader.strayAfterQuote == i ? (i, false) : nil
        }
        while let row = reader.next() {
            defer { line += 1 + row.reduce(0) { $0 + $1.newlineCount } }
            bytes += row.reduce(row.count) { $0 + $1.utf8.count }
            if row.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            out.rowCount += 1
            if out.rowCount % 500 == 0 { progress?(out.rowCount, bytes) }
            // A quote that runs on past its line: the fields it took in would otherwise be
            // counted as missing ones, and the advice ("is a , missing?") sends the clerk to
            // the wrong mark.
            if let (i, unclosed) = misquoted(row) {
                let at = line + row[..<i].reduce(0) { $0 + $1.newlineCount }
                let column = i < written.count && !written[i].isEmpty ? written[i] : rowLabel
                addProblem(at, column, unclosed ? LineList.unclosedQuote(at: at, field: row[i])
                                                : LineList.lateQuote(at: at, field: row[i]))
                continue
            }
            if row.count > written.count {
                addProblem(line, rowLabel, L("has \(row.count) field(s) but the header has \(written.count); is a \(LineList.describe(delimiter)) missing quotes?"))
                continue
            }
            if row.count < written.count {
                // Said as a count, not as the first required field found "empty".
                addProblem(line, rowLabel, L("has \(row.count) field(s) but the header has \(written.count); is a \(LineList.describe(delimiter)) missing?"))
                continue
            }
            let rowLine = line
            func field(_ name: String) -> String {
                guard let i = index[name], i < row.count else { return "" }
                return row[i].trimmed
            }
            // A field too long to store is said once, and its own checks are not made; the
            // row's other fields are still checked, so one round shows all of a row's problems.
            var tooLong: Set<String> = []
            func problem(_ name: String, _ msg: String) {
                if !tooLong.contains(name) { addProblem(rowLine, labelOf(name), msg) }
            }
            let before = out.problems.count
            for name in columnsInOrder {
                if let long = CaseFields.length(field(name)) { problem(name, long); tooLong.insert(name) }
            }
            let caseId = field("case_id") // not shown: the line list's column names (as labs write them)
            let name = field("name") // not shown: the line list's column names (as labs write them)
            if caseId.isEmpty { problem("case_id", L("is empty")) }
            if name.isEmpty { problem("name", L("is empty")) }
            if !caseId.isEmpty {
                if let first = firstLineOf[caseId] {
                    problem("case_id", L("\"\(caseId)\" appears again (first on line \(first))"))
                } else {
                    firstLineOf[caseId] = rowLine
                }
            }
            // Each field by the one check every record passes (`CaseFields`).
            func date(_ name: String, required: Bool = false) -> Day? {
                let raw = field(name)
                if raw.isEmpty, required { problem(name, L("is empty")) }
                let (d, why) = CaseFields.date(raw, today: today)
                if let why { problem(name, why) }
                return d
            }
            let result = date("result_date", required: true) // not shown: the line list's column names (as labs write them)
            let specimen = date("specimen_date") // not shown: the line list's column names (as labs write them)
            let onset = date("onset_date") // not shown: the line list's column names (as labs write them)
            let birth = date("birth_date") // not shown: the line list's column names (as labs write them)
            if let why = CaseFields.specimenProblem(specimen: specimen, result: result) { problem("specimen_date", why) } // not shown: the line list's column names (as labs write them)
            let (nik, nikProblem) = CaseFields.nik(field("nik")) // not shown: the line list's column names (as labs write them)
            if let nikProblem { problem("nik", nikProblem) } // not shown: the line list's column names (as labs write them)
            let phoneRaw = field("phone") // not shown: the line list's column names (as labs write them)
            var phones: [String] = []
            if !phoneRaw.isEmpty {
                let (p, why) = CaseFields.phones(phoneRaw)
                phones = p
                for w in why { problem("phone", w) } // not shown: the line list's column names (as labs write them)
            }
            let (sex, sexProblem) = CaseFields.sex(field("sex")) // not shown: the line list's column names (as labs write them)
            if let sexProblem { problem("sex", sexProblem) } // not shown: the line list's column names (as labs write them)
            let (age, ageProblem) = CaseFields.age(field("age")) // not shown: the line list's column names (as labs write them)
            if let ageProblem { problem("age", ageProblem) } // not shown: the line list's column names (as labs write them)
            guard out.problems.count == before, let result else { continue }
            let record = CaseRecord(
                caseId: caseId, name: name, nik: nik,
                nikMissingReason: nik == nil ? CaseRecord.nikNotInLineList : nil,
                phones: phones, sex: sex ?? .unknown, age: age, birthDate: birth,
                address: field("address"), rtRw: field("rt_rw"), kelurahan: field("kelurahan"), // not shown: the line list's column names (as labs write them)
                kecamatan: field("kecamatan"), kota: field("kota"), occupation: field("occupation"), // not shown: the line list's column names (as labs write them)
                specimenDate: specimen, resultDate: result, onsetDate: onset)
            if let held = known(caseId) {
                var changes = held.changes(to: record)
                var conflicts: [FieldChange] = []
                if !changes.isEmpty {
                    let lab = labValues(caseId)
                    if !lab.isEmpty {
                        // A field a lead corrected: the lab repeating what it sent before is no
                        // change; another value from the lab is a conflict for a lead.
                        conflicts = changes.filter { lab[$0.field] != nil && lab[$0.field] != $0.to }
                        changes.removeAll { lab[$0.field] != nil }
                    }
                }
                if changes.isEmpty && conflicts.isEmpty {
                    out.unchanged += 1
                } else {
                    out.corrections.append(Correction(caseId: caseId, line: rowLine, changes: changes, conflicts: conflicts))
                }
            } else {
                out.records.append(record)
                out.recordLines.append(rowLine)
            }
        }
        progress?(out.rowCount, bytes)
        if out.rowCount == 0 && out.problems.isEmpty {
            addProblem(2, rowLabel, L("the file has a header but no cases"))
        }
        return out
    }

    /// A quote opened on line `at` that the file never closes: every line after it was read
    /// into this one field.
    static func unclosedQuote(at: Int, field: String) -> String {
        let last = at + field.droppingTrailingLineBreaks.newlineCount
        return last == at ? L("a quote (\") opens this field and is never closed, so the rest of the line was read as this one field; close the quote, or take it out")
            : L("a quote (\") opens this field and is never closed, so the rest of the file (lines \(at)–\(last)) was read as this one field; close the quote on line \(at), or take it out")
    }

    /// A quote opened on line `at` and closed lines later, where the row does not read.
    static func lateQuote(at: Int, field: String) -> String {
        L("a quote (\") opens this field and is closed only on line \(at + field.newlineCount), so lines \(at)–\(at + field.newlineCount) were read as this one field; is the closing quote missing on line \(at)?")
    }

    /// A date as line lists write it: 2021-07-04, 04/07/2021, 4/7/2021, 04-07-2021, 04.07.2021,
    /// with or without a time of day after it (a spreadsheet adds " 00:00:00").
    static func day(_ raw: String) -> Day? {
        // DD/MM/YYYY, the Indonesian spreadsheet's own, read without Foundation (a city's
        // list has 300,000 dates).
        var u = raw.utf8.makeIterator()
        if raw.utf8.count == 10 {
            var digits: [Int] = []
            digits.reserveCapacity(8)
            var ok = true
            for i in 0..<10 {
                let c = u.next()!
                if i == 2 || i == 5 { if c != UInt8(ascii: "/") { ok = false; break } } else if (48...57).contains(c) { digits.append(Int(c) - 48) } else { ok = false; break }
            }
            if ok {
                return Day(year: digits[4] * 1000 + digits[5] * 100 + digits[6] * 10 + digits[7],
                           month: digits[2] * 10 + digits[3], day: digits[0] * 10 + digits[1])
            }
        }
        if let d = Day(parsing: raw) { return d }
        var t = raw
        if let space = t.firstIndex(of: " ") { t = String(t[..<space]) }
        let parts = t.split(whereSeparator: { $0 == "-" || $0 == "." || $0 == "/" })
        if parts.count == 3, parts[2].count == 4, parts[0].count <= 2 { return Day(parsing: parts.joined(separator: "/")) }
        return Day(parsing: t)
    }

    /// "36", "36 th", "36 tahun", "36 thn".
    static func years(_ raw: String) -> Int? {
        if let a = Int(raw) { return a }
        let lower = raw.lowercased()
        for unit in [" tahun", " thn", " th", "th", "thn", "tahun"] where lower.hasSuffix(unit) { // not shown: age units as labs write them, read, not shown
            return Int(lower.dropLast(unit.count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// "3.17201E+15" or "3,17201E+15" as a spreadsheet shows a long number: its exponent.
    static func scientificExponent(_ s: String) -> String? {
        let t = s.uppercased()
        guard let e = t.firstIndex(of: "E") else { return nil }
        let mantissa = t[..<e], exponent = t[t.index(after: e)...].drop { $0 == "+" }
        guard !mantissa.isEmpty, !exponent.isEmpty, exponent.allSatisfy(\.isNumber),
              mantissa.allSatisfy({ $0.isNumber || $0 == "." || $0 == "," }), mantissa.first!.isNumber else { return nil }
        return String(exponent)
    }
}

/// An identifier (NIK, phone) as a message may show it: its first two and last two
/// characters, the rest hidden, so a clerk can find the cell without the message spreading
/// the number.
public enum Masked {
    public static func identifier(_ s: String) -> String {
        let c = Array(s)
        guard c.count > 6 else { return String(repeating: "•", count: c.count) }
        return String(c.prefix(2)) + String(repeating: "•", count: c.count - 4) + String(c.suffix(2))
    }
}

private extension String {
    var newlineCount: Int { utf8.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }

    var droppingTrailingLineBreaks: String {
        var s = self[...]
        while let last = s.last, last.isNewline { s = s.dropLast() }
        return String(s)
    }

    /// Without leading and trailing white space and line breaks. Most cells have none: those
    /// come back as they are, with no Foundation round trip (which cost a third of an import).
    var trimmed: String {
        let u = utf8
        guard let first = u.first, let last = u.last else { return self }
        func plain(_ b: UInt8) -> Bool { b > 32 && b < 0x80 }
        // Most cells start and end with a printable ASCII character: nothing to look up.
        if plain(first) && plain(last) { return self }
        let scalars = unicodeScalars
        if !scalars.first!.properties.isWhitespace && !scalars.last!.properties.isWhitespace { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

}

/// RFC 4180 records read straight from the text's UTF-8 bytes: fields split at the delimiter,
/// records at LF, CRLF or CR, a quoted field holding delimiters, quotes (doubled) and line
/// breaks. CSV.swift's reader (kept as the tests' oracle) did the same a character at a time,
/// and took half of a city's import.
final class CSVRecords {
    private var text: String
    private var position = 0
    private let delimiter: UInt8
    /// Of the record `next` gave last: the field whose opening quote is never closed (it ran to
    /// the end of the text), and the first field with text after the quote that closed it.
    /// Either says a quote was not where the writer meant it.
    private(set) var unclosedField: Int?
    private(set) var strayAfterQuote: Int?

    init(_ text: String, delimiter: UInt8) {
        self.text = text
        self.delimiter = delimiter
    }

    /// The next record's fields; nil at the end.
    func next() -> [String]? {
        let delimiter = self.delimiter
        var position = self.position
        var unclosed: Int?, stray: Int?
        let row: [String]? = text.withUTF8 { u -> [String]? in
            guard position < u.count else { return nil }
            var fields: [String] = []
            fields.reserveCapacity(16)
            var quotedBytes: [UInt8] = []
            while true {
                // One field from `position`.
                if position < u.count && u[position] == UInt8(ascii: "\"") {
                    quotedBytes.removeAll(keepingCapacity: true)
                    position += 1
                    var closed = false
                    while position < u.count {
                        let b = u[position]
                        if b == UInt8(ascii: "\"") {
                            if position + 1 < u.count && u[position + 1] == UInt8(ascii: "\"") {
                                quotedBytes.append(b); position += 2; continue
                            }
                            position += 1
                            closed = true
                            break
                        }
                        quotedBytes.append(b); position += 1
                    }
                    if !closed { unclosed = fields.count }
                    if stray == nil, position < u.count, u[position] != delimiter, u[position] != 10, u[position] != 13 { stray = fields.count }
                    // Anything between the closing quote and the delimiter is kept as written.
                    while position < u.count, u[position] != delimiter, u[position] != 10, u[position] != 13 {
                        quotedBytes.append(u[position]); position += 1
                    }
                    fields.append(String(decoding: quotedBytes, as: UTF8.self))
                } else {
                    let start = position
                    while position < u.count, u[position] != delimiter, u[position] != 10, u[position] != 13 { position += 1 }
                    fields.append(String(decoding: UnsafeBufferPointer(rebasing: u[start..<position]), as: UTF8.self))
                }
                if position >= u.count { return fields }
                let b = u[position]
                position += 1
                if b == delimiter { continue }
                if b == 13 && position < u.count && u[position] == 10 { position += 1 }
                return fields
            }
        }
        self.position = position
        unclosedField = unclosed
        strayAfterQuote = stray
        return row
    }
}
