#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TracedeskCore

/// One journal line: the event's JSON with a CRC-32C of those exact bytes spliced in as the
/// last key, so the line stays plain JSON for jq:
///   {"actor":"tr-01",...,"v":1,"crc":"1a2b3c4d"}\n
/// The checksum covers the line as it would be without `,"crc":"…"`.
public struct RecordCodec {
    static let suffixLength = 18 // ,"crc":"xxxxxxxx"}
    let encoder = JournalCoding.encoder()

    public init() {}

    /// The journal line of `event` as record number `seq` (its line number, from 1).
    public func encode(_ event: Event, seq: Int) throws -> [UInt8] {
        // Interviews, the records a tracer waits for most, skip Codable (see InterviewJSON).
        if let line = InterviewJSON.line(event, seq: seq) { return line }
        // So do the lab's imported cases, a city's 100,000 in one import (see ImportJSON).
        if let line = ImportJSON.line(event, seq: seq) { return line }
        var w = JSONOut()
        try encoder.encode(event).withUnsafeBytes { w.verbatim($0) }
        return w.line(seq: seq)
    }

    /// The record number spliced in before the checksum (`,"seq":N`), or nil for a record
    /// written before records were numbered. `end` is where `,"crc"` starts.
    static func sequence(_ line: UnsafeRawBufferPointer, before end: Int) -> Int? {
        var p = end - 1, value = 0, scale = 1
        while p >= 0, line[p] >= 48, line[p] <= 57, scale <= 1_000_000_000_000 {
            value += Int(line[p] - 48) * scale
            scale *= 10
            p -= 1
        }
        let key: StaticString = ",\"seq\":"  // not shown: the record's own JSON
        let n = key.utf8CodeUnitCount
        guard p < end - 1, p + 1 >= n, memcmp(line.baseAddress! + p + 1 - n, key.utf8Start, n) == 0 else { return nil }
        return value
    }

    public enum LineProblem: Error, Equatable, CustomStringConvertible {
        case noChecksum(FrameFault)
        case checksumMismatch
        /// The checksum holds, so the bytes are as a writer wrote them, but this build cannot
        /// read them (a newer event type, a schema version never written, a key twice).
        /// Kept as catalogue text, worded where it is shown: a later chunk is decoded ahead
        /// on another thread, outside the desk's language.
        case unreadable(Localizable)
        /// The record's number is not its line: a record before it was deleted, or it was
        /// moved or inserted by hand. `found` is nil for a record without a number after
        /// numbered ones.
        case outOfSequence(found: Int?, expected: Int)

        /// A torn write leaves bytes that do not match their checksum; anything else was
        /// written whole and is never set aside as a crash remnant.
        public var isTornWrite: Bool {
            switch self {
            case .noChecksum, .checksumMismatch: true
            case .unreadable, .outOfSequence: false
            }
        }

        public var description: String {
            switch self {
            case .noChecksum(.missing): L("the record has no checksum")
            case .noChecksum(.emptyLine): L("an empty line: the journal has none")
            case .noChecksum(.carriageReturn): L("the line ends in a carriage return (CRLF, as an editor on Windows saves); the journal's lines end in LF alone")
            case .noChecksum(.notLowerCaseHex): L("the checksum is not 8 lower-case hex digits, as the writer writes it")
            case .checksumMismatch: L("the checksum does not match the record's bytes")
            case .unreadable(let why): L("the record cannot be read (\(why.text()))")
            case .outOfSequence(nil, let expected):
                L("the record has no sequence number, but the records before it do (expected \(expected)): it was inserted by hand")
            case .outOfSequence(let found?, let expected) where found > expected:
                L("the record is numbered \(found), expected \(expected): \(found - expected) record(s) before it are missing")
            case .outOfSequence(let found?, let expected):
                L("the record is numbered \(found), expected \(expected): records were moved, copied or inserted")
            }
        }
    }

    /// Why a line has no checksum where the writer puts one: said apart, so a line an editor
    /// changed (CRLF, an upper-cased checksum, a blank line) is named for what happened.
    public enum FrameFault: Sendable, Equatable { case missing, emptyLine, carriageReturn, notLowerCaseHex }

    /// `line` excludes the trailing newline. `tape` is the caller's, reused line to line (one
    /// per thread).
    static func decode(_ line: UnsafeRawBufferPointer, using tape: inout JSONTape) throws(LineProblem) -> Event {
        var seq: Int?
        return try decode(line, using: &tape, seq: &seq)
    }

    /// The same, giving the record's number too (nil for a record from before numbering).
    /// The number is checked against the line by the reader, which knows where it is.
    static func decode(_ line: UnsafeRawBufferPointer, using tape: inout JSONTape, seq: inout Int?,
                       filings: FilingDetail = .whole) throws(LineProblem) -> Event {
        let event = try decodeChecked(line, using: &tape, seq: &seq, filings: filings)
        // Version 1 was the first ever written: 0 or less is a hand-made line.
        guard event.version >= 1 else { throw .unreadable(Localizable("schema version \(event.version), which no tracedesk writes")) }
        return event
    }

    /// The record as written: its checksum holds; its number (nil before numbering). No JSON
    /// is read.
    static func checkFrame(_ line: UnsafeRawBufferPointer) throws(LineProblem) -> Int? {
        let n = line.count
        if n == 0 || line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { throw .noChecksum(.emptyLine) }
        if line[n - 1] == UInt8(ascii: "\r") { throw .noChecksum(.carriageReturn) }
        guard n > RecordCodec.suffixLength + 2 else { throw .noChecksum(.missing) }
        let s = n - RecordCodec.suffixLength
        let prefix = Array(",\"crc\":\"".utf8)  // not shown: the record's own JSON
        for i in 0..<prefix.count where line[s + i] != prefix[i] { throw .noChecksum(.missing) }
        guard line[n - 2] == UInt8(ascii: "\""), line[n - 1] == UInt8(ascii: "}") else { throw .noChecksum(.missing) }
        guard let stored = RecordCodec.parseHex(line, from: s + prefix.count) else {
            let upper = (s + prefix.count ..< n - 2).allSatisfy { i in
                let c = line[i]
                return (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c)
            }
            throw .noChecksum(upper ? .notLowerCaseHex : .missing)
        }
        var crc = CRC32C.update(CRC32C.initial, UnsafeRawBufferPointer(rebasing: line[0..<s]))
        crc = withUnsafeBytes(of: UInt8(ascii: "}")) { CRC32C.update(crc, $0) }
        guard CRC32C.finish(crc) == stored else { throw .checksumMismatch }
        return sequence(line, before: s)
    }

    private static func decodeChecked(_ line: UnsafeRawBufferPointer, using tape: inout JSONTape, seq: inout Int?,
                                      filings: FilingDetail) throws(LineProblem) -> Event {
        seq = try checkFrame(line)
        do {
            try tape.parse(line)
        } catch {
            throw .unreadable(Localizable("not JSON"))
        }
        // Readers differ on a key given twice (jq takes the last, ours the first): a line
        // that means two things is refused, not read one way here and another elsewhere.
        if !RecordKeys.benchSkipsCheck, let key = RecordKeys.repeatedKey(tape) { throw .unreadable(Localizable("the key \"\(key)\" appears twice")) }
        do {
            return try tape.decode(Event.self, filings: filings)
        } catch let error as DecodingError {
            throw .unreadable(RecordCodec.describe(error))
        } catch {
            throw .unreadable(Localizable("not JSON"))
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)  // not shown: hex digits

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    static func parseHex(_ b: UnsafeRawBufferPointer, from: Int) -> UInt32? {
        var v: UInt32 = 0
        for i in from..<(from + 8) {
            let c = b[i]
            let d: UInt8
            switch c {
            case 48...57: d = c - 48
            case 97...102: d = c - 87
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Names the field, never its value: values may be patient data.
    static func describe(_ e: DecodingError) -> Localizable {
        func path(_ c: DecodingError.Context) -> String {
            c.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch e {
        case .keyNotFound(let k, let c): return Localizable("missing field \((c.codingPath + [k]).map(\.stringValue).joined(separator: "."))")
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return Localizable("wrong type at \(path(c))")
        case .dataCorrupted(let c):
            if c.codingPath.isEmpty { return Localizable("not JSON") }
            // An event type is a name this build may not know (a newer version), never patient data.
            if path(c) == "type", c.debugDescription.hasPrefix("unknown event type") { return Localizable(key: "{0}", args: [c.debugDescription]) }
            return Localizable("bad value at \(path(c))")
        @unknown default: return Localizable("unreadable")
        }
    }
}

/// An event's JSON without the journal's number and checksum (as the server store keeps it),
/// read with the journal's tape: the same reader, the same refusals (a key given twice), and
/// filings in short when asked. One per thread; the tape is reused event to event.
public struct EventJSONReader {
    private var tape = JSONTape()
    public init() {}

    public mutating func decode(_ text: String, filings: FilingDetail = .whole) throws -> Event {
        var text = text
        return try text.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            do { try tape.parse(raw) } catch { throw RecordCodec.LineProblem.unreadable(Localizable("not JSON")) }
            if let key = RecordKeys.repeatedKey(tape) { throw RecordCodec.LineProblem.unreadable(Localizable("the key \"\(key)\" appears twice")) }
            let event = try tape.decode(Event.self, filings: filings)
            guard event.version >= 1 else { throw RecordCodec.LineProblem.unreadable(Localizable("schema version \(event.version), which no tracedesk writes")) }
            return event
        }
    }
}
