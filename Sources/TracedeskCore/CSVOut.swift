import CSV
import Foundation
// catalogue: not shown — file formats: what other programs read, never a person's screen

/// Every CSV the tool writes goes through here: one quoting, one formula guard, one phone form.
///
/// Plain (the default) is RFC 4180: UTF-8 without a byte-order mark, `,` between fields, CRLF
/// after every record, a field quoted when it holds the separator, a quote or a line break.
/// `excel` is what Excel with Indonesian (or other comma-decimal) regional settings opens
/// without an import wizard: a UTF-8 byte-order mark, `;` between fields, and long digit runs
/// (NIK, phones) kept as text (`keptAsText`).
public struct CSVOut: Sendable {
    public var excel: Bool

    public init(excel: Bool = false) { self.excel = excel }

    public var delimiter: String { excel ? ";" : "," }

    /// The whole file: header, then the rows, every cell passed through `neutralise`.
    public func render(header: [String], rows: [[String]]) -> Data {
        let stream = OutputStream(toMemory: ())
        // The writer only fails on a stream that cannot open; a memory stream always can.
        let writer = try! CSVWriter(stream: stream, delimiter: delimiter, newline: .crlf)
        let excel = self.excel
        func put(_ row: [String]) {
            try! writer.write(row: row.map { excel ? CSVOut.keptAsText($0) : CSVOut.neutralise($0) })
        }
        put(header)
        for row in rows { put(row) }
        writer.stream.close()
        var data = Data(excel ? [0xEF, 0xBB, 0xBF] : [])
        data += (stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data) ?? Data()
        // The writer starts each record after the first with a newline: the last needs its own.
        data += Data("\r\n".utf8)
        return data
    }

    /// A cell a spreadsheet would run as a formula, made text with a leading `'` (OWASP's advice
    /// on CSV injection): one that starts with `= + - @`, a tab or a carriage return, also after
    /// leading spaces, and the full-width `＝ ＋ － ＠` that spreadsheets fold to their ASCII forms.
    /// A plain number (`-5`, `+62812…`, `3.5`) stays as it is: a spreadsheet reads it as the
    /// same number, and a program as the same digits.
    public static func neutralise(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard let first = scalars.first else { return cell }
        if first == "\t" || first == "\r" { return "'" + cell }
        let spaces: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{3000}", "\t", "\r", "\n"]
        guard let lead = scalars.first(where: { !spaces.contains($0) }) else { return cell }
        let triggers: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]
        guard triggers.contains(lead) else { return cell }
        if isPlainNumber(cell) { return cell }
        return "'" + cell
    }

    /// For Excel: a run of 10 digits or more (a NIK, a phone — the shortest, `628…`, has 10 —
    /// a long lab code) written as `="3171…"`, which Excel shows as that text. Opened plainly,
    /// Excel shows 12 digits or more as `3.17101E+15` and keeps only 15 significant ones, so a
    /// 16-digit NIK loses its last digit when the sheet is saved, and a shorter phone becomes a
    /// number to be summed and reformatted. No count the tool writes has 10 digits. The formula
    /// holds digits only, so it can run nothing; every other cell is neutralised as in plain CSV.
    public static func keptAsText(_ cell: String) -> String {
        let u = cell.utf8
        if u.count >= 10, u.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) { return "=\"" + cell + "\"" }
        return neutralise(cell)
    }

    /// `-12`, `+6281234567890`, `3.5`, `-0,25`: a sign, digits, at most one decimal mark.
    static func isPlainNumber(_ s: String) -> Bool {
        var u = Substring(s).utf8[...]
        if let f = u.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { u = u.dropFirst() }
        var digits = 0, marks = 0
        for b in u {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."), UInt8(ascii: ","): marks += 1
            default: return false
            }
        }
        return digits > 0 && marks <= 1
    }
}

extension Phone {
    /// The form every export writes: "+6281234567890" as "6281234567890", the digits of the
    /// international number. No `+` (a formula to a spreadsheet, which a guard would spoil) and
    /// no leading 0 (which a spreadsheet drops); an SMS gateway and the national system take it
    /// as it is, and a spreadsheet keeps all 13 digits.
    public static func exportForm(_ normalized: String) -> String {
        normalized.hasPrefix("+") ? String(normalized.dropFirst()) : normalized
    }
}
