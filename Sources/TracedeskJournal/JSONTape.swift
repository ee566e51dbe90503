// catalogue: not shown — JSON literals and a replacement character.
import TracedeskCore
import Foundation

/// One JSON text parsed into a flat list of nodes (a "tape", as simdjson calls it): each node
/// says what it is and where its bytes are, and a container's children follow it. Nothing is
/// copied out of the line until a decoder asks for a value, and most values are asked for
/// once. This is why replay reads the journal several times faster than JSONDecoder: no
/// dictionary per object, no boxed values, one array reused for every line.
struct JSONTape {
    enum Kind: UInt8 { case object, array, string, escapedString, number, `true`, `false`, null }

    struct Node {
        var kind: Kind
        /// Strings and numbers: their bytes (a string's without the quotes).
        /// Containers: `start` is unused and `end` is the number of children (keys and values).
        var start: Int32
        var end: Int32
        /// The node after this one and all its children.
        var next: Int32
    }

    var nodes: [Node] = []
    private(set) var bytes = UnsafeRawBufferPointer(start: nil, count: 0)

    struct SyntaxError: Error { var offset: Int }

    /// Parses `text`, which must stay valid while the tape is read.
    mutating func parse(_ text: UnsafeRawBufferPointer) throws(SyntaxError) {
        nodes.removeAll(keepingCapacity: true)
        bytes = text
        var parser = Parser(p: text, i: 0)
        parser.skipSpace()
        try parser.value(into: &nodes, depth: 0)
        parser.skipSpace()
        guard parser.i == text.count else { throw SyntaxError(offset: parser.i) }
    }

    struct Parser {
        let p: UnsafeRawBufferPointer
        var i: Int

        mutating func skipSpace() {
            while i < p.count {
                switch p[i] {
                case 0x20, 0x09, 0x0a, 0x0d: i += 1
                default: return
                }
            }
        }

        func fail() -> SyntaxError { SyntaxError(offset: i) }

        mutating func value(into nodes: inout [Node], depth: Int) throws(SyntaxError) {
            guard i < p.count, depth < 64 else { throw fail() }
            switch p[i] {
            case UInt8(ascii: "{"): try container(into: &nodes, depth: depth, object: true)
            case UInt8(ascii: "["): try container(into: &nodes, depth: depth, object: false)
            case UInt8(ascii: "\""): try string(into: &nodes)
            case UInt8(ascii: "t"): try literal("true", .true, into: &nodes)
            case UInt8(ascii: "f"): try literal("false", .false, into: &nodes)
            case UInt8(ascii: "n"): try literal("null", .null, into: &nodes)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number(into: &nodes)
            default: throw fail()
            }
        }

        mutating func container(into nodes: inout [Node], depth: Int, object: Bool) throws(SyntaxError) {
            let me = nodes.count
            nodes.append(Node(kind: object ? .object : .array, start: 0, end: 0, next: 0))
            i += 1
            skipSpace()
            let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
            var children: Int32 = 0
            if i < p.count, p[i] == close {
                i += 1
            } else {
                while true {
                    if object {
                        guard i < p.count, p[i] == UInt8(ascii: "\"") else { throw fail() }
                        try string(into: &nodes)
                        skipSpace()
                        guard i < p.count, p[i] == UInt8(ascii: ":") else { throw fail() }
                        i += 1
                        skipSpace()
                        children += 1
                    }
                    try value(into: &nodes, depth: depth + 1)
                    children += 1
                    skipSpace()
                    guard i < p.count else { throw fail() }
                    if p[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                    guard p[i] == close else { throw fail() }
                    i += 1
                    break
                }
            }
            nodes[me].end = children
            nodes[me].next = Int32(nodes.count)
        }

        mutating func string(into nodes: inout [Node]) throws(SyntaxError) {
            i += 1
            let start = i
            var escaped = false
            while true {
                // Eight bytes at a time while none is a quote, a backslash or a control byte:
                // strings are most of a line, and most of their bytes need no look;
                // and a look goes straight to the first byte that needs it.
                while i + 8 <= p.count {
                    let k = Parser.firstToLook(UInt64(littleEndian: (p.baseAddress! + i).loadUnaligned(as: UInt64.self)))
                    i += k
                    if k < 8 { break }
                }
                guard i < p.count else { throw fail() }
                let c = p[i]
                if c == UInt8(ascii: "\"") { break }
                if c < 0x20 { throw fail() }
                if c == UInt8(ascii: "\\") {
                    escaped = true
                    i += 1
                    guard i < p.count else { throw fail() }
                    switch p[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        break
                    case UInt8(ascii: "u"):
                        guard i + 4 < p.count else { throw fail() }
                        for k in 1...4 where JSONTape.hexValue(p[i + k]) == nil { throw fail() }
                        i += 4
                    default: throw fail()
                    }
                }
                i += 1
            }
            nodes.append(Node(kind: escaped ? .escapedString : .string, start: Int32(start), end: Int32(i), next: Int32(nodes.count + 1)))
            i += 1
        }

        /// Where among eight bytes (the first in the lowest bits) the first `"`, `\` or byte
        /// below 0x20 is; 8 if none. The usual zero-byte trick flags bytes above a true one
        /// falsely (a borrow runs upward), never below it: the lowest flag is exact.
        @inline(__always)
        static func firstToLook(_ v: UInt64) -> Int {
            let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
            let quote = v ^ (ones &* 0x22), slash = v ^ (ones &* 0x5C)
            let zeroQuote = (quote &- ones) & ~quote
            let zeroSlash = (slash &- ones) & ~slash
            let control = (v &- ones &* 0x20) & ~v
            return ((zeroQuote | zeroSlash | control) & high).trailingZeroBitCount >> 3
        }

        mutating func literal(_ word: StaticString, _ kind: Kind, into nodes: inout [Node]) throws(SyntaxError) {
            let n = word.utf8CodeUnitCount
            guard i + n <= p.count else { throw fail() }
            for k in 0..<n where p[i + k] != word.utf8Start[k] { throw fail() }
            nodes.append(Node(kind: kind, start: Int32(i), end: Int32(i + n), next: Int32(nodes.count + 1)))
            i += n
        }

        mutating func number(into nodes: inout [Node]) throws(SyntaxError) {
            let start = i
            if p[i] == UInt8(ascii: "-") { i += 1 }
            func digits(_ s: inout Parser) -> Int {
                let from = s.i
                while s.i < s.p.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s.p[s.i]) { s.i += 1 }
                return s.i - from
            }
            guard digits(&self) > 0 else { throw fail() }
            if i < p.count, p[i] == UInt8(ascii: ".") {
                i += 1
                guard digits(&self) > 0 else { throw fail() }
            }
            if i < p.count, p[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < p.count, p[i] == UInt8(ascii: "+") || p[i] == UInt8(ascii: "-") { i += 1 }
                guard digits(&self) > 0 else { throw fail() }
            }
            nodes.append(Node(kind: .number, start: Int32(start), end: Int32(i), next: Int32(nodes.count + 1)))
        }
    }

    static func hexValue(_ c: UInt8) -> UInt32? {
        let v = HexDigit.values[Int(c)]
        return v & HexDigit.notADigit == 0 ? UInt32(v) : nil
    }

    // MARK: - Reading values

    func raw(_ n: Node) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(n.start)..<Int(n.end)])
    }

    /// Whether string node `n` holds exactly `key` (keys are never escaped in our journal; an
    /// escaped one is compared after unescaping).
    func string(_ n: Node, equals key: UnsafeRawBufferPointer) -> Bool {
        if n.kind == .escapedString { return Array(unescaped(n)) == Array(key) }
        let len = Int(n.end - n.start)
        guard len == key.count else { return false }
        return len == 0 || memcmp(bytes.baseAddress! + Int(n.start), key.baseAddress!, len) == 0
    }

    /// Whether the bytes of string node `n` are exactly `word` (unescaped strings only).
    func `is`(_ n: Node, _ word: StaticString) -> Bool {
        n.kind == .string && string(n, equals: UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    func string(_ n: Node) -> String {
        n.kind == .escapedString ? String(decoding: unescaped(n), as: UTF8.self) : String(decoding: raw(n), as: UTF8.self)
    }

    func unescaped(_ n: Node) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(n.end - n.start))
        var i = Int(n.start)
        let end = Int(n.end)
        var pendingHigh: UInt32?
        func append(scalar v: UInt32) {
            let s = Unicode.Scalar(v) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(Character(s)).utf8))
        }
        while i < end {
            let c = bytes[i]
            guard c == UInt8(ascii: "\\") else {
                if let h = pendingHigh { append(scalar: h); pendingHigh = nil }
                out.append(c); i += 1; continue
            }
            let e = bytes[i + 1]
            i += 2
            if e == UInt8(ascii: "u") {
                var v: UInt32 = 0
                for k in 0..<4 { v = v << 4 | (JSONTape.hexValue(bytes[i + k]) ?? 0) }
                i += 4
                if (0xD800...0xDBFF).contains(v) {
                    if let h = pendingHigh { append(scalar: h) }
                    pendingHigh = v
                    continue
                }
                if (0xDC00...0xDFFF).contains(v), let h = pendingHigh {
                    append(scalar: 0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00))
                    pendingHigh = nil
                    continue
                }
                if let h = pendingHigh { append(scalar: h); pendingHigh = nil }
                append(scalar: v)
                continue
            }
            if let h = pendingHigh { append(scalar: h); pendingHigh = nil }
            switch e {
            case UInt8(ascii: "b"): out.append(8)
            case UInt8(ascii: "f"): out.append(12)
            case UInt8(ascii: "n"): out.append(10)
            case UInt8(ascii: "r"): out.append(13)
            case UInt8(ascii: "t"): out.append(9)
            default: out.append(e) // " \ /
            }
        }
        if let h = pendingHigh { append(scalar: h) }
        return out
    }

    /// An integer written without fraction or exponent; nil otherwise (or on overflow).
    func int(_ n: Node) -> Int? {
        let r = raw(n)
        var i = 0
        var negative = false
        if r.first == UInt8(ascii: "-") { negative = true; i = 1 }
        guard i < r.count else { return nil }
        var v = 0
        while i < r.count {
            let d = Int(r[i]) - 48
            guard (0...9).contains(d) else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(d)
            guard !o1, !o2 else { return nil }
            v = a
            i += 1
        }
        return negative ? -v : v
    }

    func double(_ n: Node) -> Double? {
        Double(String(decoding: raw(n), as: UTF8.self))
    }
}
