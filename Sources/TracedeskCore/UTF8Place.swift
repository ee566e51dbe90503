/// Where a file stops being UTF-8: the line (CRLF, LF or a lone CR end one, as the line list
/// reader counts them) and the character of that line, counted from 1, so a message can point
/// at it (a map's bad byte on line 2 was said as line 1, issue 17).
public struct UTF8Place: Equatable, Sendable {
    public var line: Int
    public var character: Int
    /// The bytes of that line before the bad byte (valid UTF-8), for finding its field.
    public var lineStart: Int
    public var offset: Int

    public init(line: Int, character: Int, lineStart: Int = 0, offset: Int = 0) {
        self.line = line; self.character = character; self.lineStart = lineStart; self.offset = offset
    }

    /// nil when every byte is UTF-8.
    public static func firstInvalid(in bytes: [UInt8]) -> UTF8Place? {
        var parser = Unicode.UTF8.ForwardParser()
        var it = bytes.makeIterator()
        var line = 1, character = 1, offset = 0, lineStart = 0
        var afterCR = false
        while true {
            switch parser.parseScalar(from: &it) {
            case .valid(let encoded):
                let n = encoded.count
                let b = encoded.first!
                if b == 10 {
                    if !afterCR { line += 1 }
                    character = 1; lineStart = offset + n; afterCR = false
                } else if b == 13 {
                    line += 1; character = 1; lineStart = offset + n; afterCR = true
                } else {
                    character += 1; afterCR = false
                }
                offset += n
            case .error:
                return UTF8Place(line: line, character: character, lineStart: lineStart, offset: offset)
            case .emptyInput:
                return nil
            }
        }
    }

    /// Which field of its record the bad byte is in (0 the first): separators counted
    /// outside quotes from the file's start, a record ending at a line end outside quotes, so
    /// a quoted field that holds line breaks is followed as the reader follows it.
    public func field(in bytes: [UInt8], delimiter: UInt8) -> Int {
        var index = 0, quoted = false
        for b in bytes[0..<offset] {
            if b == UInt8(ascii: "\"") { quoted.toggle() }
            else if quoted { continue }
            else if b == delimiter { index += 1 }
            else if b == 10 || b == 13 { index = 0 }
        }
        return index
    }
}
