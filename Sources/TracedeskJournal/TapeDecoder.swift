// catalogue: not shown — the decoder's own details (DecodingError); RecordCodec.describe words what a person reads.
import Foundation
import TracedeskCore

/// A `Decoder` over a `JSONTape`: the domain's own `Codable` types decode through it
/// unchanged, so there is one definition of every event's shape and no second, hand-written
/// reader to keep in step with it. Dates are journal timestamps and days are ISO dates, read
/// straight from the bytes.
final class TapeDecoder: Decoder {
    let tape: JSONTape
    let index: Int
    let parent: TapeDecoder?
    let key: CodingKey?
    /// Asked by `Event` at the root only: whether filings are read in short.
    let filings: FilingDetail

    init(tape: JSONTape, index: Int, parent: TapeDecoder?, key: CodingKey?, filings: FilingDetail = .whole) {
        self.tape = tape; self.index = index; self.parent = parent; self.key = key; self.filings = filings
    }

    /// Built only when something goes wrong, for the error message.
    var codingPath: [CodingKey] {
        var path: [CodingKey] = []
        var d: TapeDecoder? = self
        while let x = d, let k = x.key { path.append(k); d = x.parent }
        return path.reversed()
    }

    var userInfo: [CodingUserInfoKey: Any] { filings == .inShort ? [Event.filingDetailKey: FilingDetail.inShort] : [:] }

    var node: JSONTape.Node { tape.nodes[index] }

    func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        guard node.kind == .object else { throw mismatch([String: Any].self, path: codingPath) }
        return KeyedDecodingContainer(TapeKeyed<K>(decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard node.kind == .array else { throw mismatch([Any].self, path: codingPath) }
        return TapeUnkeyed(decoder: self)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { TapeSingle(decoder: self) }

    func mismatch(_ type: Any.Type, path: [CodingKey]) -> DecodingError {
        if node.kind == .null {
            return .valueNotFound(type, .init(codingPath: path, debugDescription: "null"))
        }
        return .typeMismatch(type, .init(codingPath: path, debugDescription: "wrong type"))
    }

    func child(_ index: Int, key: CodingKey) -> TapeDecoder {
        TapeDecoder(tape: tape, index: index, parent: self, key: key)
    }

    /// Decodes the value at node `i`.
    func decode<T: Decodable>(_ type: T.Type, at i: Int, key: CodingKey) throws -> T {
        if let v = try leaf(T.self, at: i, path: { self.codingPath + [key] }) { return v }
        if T.self == InterviewDraft.self { return try draft(at: i, key: key) as! T }
        return try T(from: child(i, key: key))
    }

    /// The common leaf types, read directly: going through their `init(from:)` would allocate a
    /// decoder and a container for every string. nil when `T` is not one of them.
    func leaf<T>(_ type: T.Type, at i: Int, path: () -> [CodingKey]) throws -> T? {
        let n = tape.nodes[i]
        func wrong() -> DecodingError {
            n.kind == .null ? .valueNotFound(T.self, .init(codingPath: path(), debugDescription: "null"))
                : .typeMismatch(T.self, .init(codingPath: path(), debugDescription: "wrong type"))
        }
        if T.self == String.self {
            guard n.kind == .string || n.kind == .escapedString else { throw wrong() }
            return (tape.string(n) as! T)
        }
        if T.self == Int.self {
            guard n.kind == .number, let v = tape.int(n) else { throw wrong() }
            return (v as! T)
        }
        if T.self == Int64.self {
            guard n.kind == .number, let v = tape.int(n) else { throw wrong() }
            return (Int64(v) as! T)
        }
        if T.self == Bool.self {
            switch n.kind {
            case .true: return (true as! T)
            case .false: return (false as! T)
            default: throw wrong()
            }
        }
        if T.self == Day.self {
            guard n.kind == .string else { throw wrong() }
            guard let d = Day(parsing: tape.string(n)) else {
                throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "not a date"))
            }
            return (d as! T)
        }
        if T.self == Date.self {
            guard n.kind == .string else { throw wrong() }
            return (try Timestamp.parse(tape.string(n), codingPath: path()) as! T)
        }
        return nil
    }
}

struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue!)" }
    var intValue: Int?
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct TapeKeyed<K: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TapeDecoder
    var codingPath: [CodingKey] { decoder.codingPath }

    var allKeys: [K] {
        var keys: [K] = []
        var i = decoder.index + 1
        let end = Int(decoder.node.next)
        let tape = decoder.tape
        while i < end {
            if let k = K(stringValue: tape.string(tape.nodes[i])) { keys.append(k) }
            i = Int(tape.nodes[i + 1].next)
        }
        return keys
    }

    /// The value node for `key`, by a scan of the object's keys (objects here have a few
    /// dozen keys at most, and comparing bytes is cheaper than hashing them).
    func find(_ key: K) -> Int? {
        let tape = decoder.tape
        var name = key.stringValue
        return name.withUTF8 { k -> Int? in
            let keyBytes = UnsafeRawBufferPointer(k)
            var i = decoder.index + 1
            let end = Int(decoder.node.next)
            while i < end {
                if tape.string(tape.nodes[i], equals: keyBytes) { return i + 1 }
                i = Int(tape.nodes[i + 1].next)
            }
            return nil
        }
    }

    func value(_ key: K) throws -> Int {
        guard let v = find(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return v
    }

    func contains(_ key: K) -> Bool { find(key) != nil }

    func decodeNil(forKey key: K) throws -> Bool { decoder.tape.nodes[try value(key)].kind == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T {
        try decoder.decode(T.self, at: value(key), key: key)
    }

    // One lookup instead of the three (contains, decodeNil, decode) of the default.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T? {
        guard let v = find(key), decoder.tape.nodes[v].kind != .null else { return nil }
        return try decoder.decode(T.self, at: v, key: key)
    }
    func decodeIfPresent(_ type: String.Type, forKey key: K) throws -> String? {
        guard let v = find(key), decoder.tape.nodes[v].kind != .null else { return nil }
        return try decoder.decode(String.self, at: v, key: key)
    }
    func decodeIfPresent(_ type: Int.Type, forKey key: K) throws -> Int? {
        guard let v = find(key), decoder.tape.nodes[v].kind != .null else { return nil }
        return try decoder.decode(Int.self, at: v, key: key)
    }
    func decodeIfPresent(_ type: Bool.Type, forKey key: K) throws -> Bool? {
        guard let v = find(key), decoder.tape.nodes[v].kind != .null else { return nil }
        return try decoder.decode(Bool.self, at: v, key: key)
    }
    func decode(_ type: String.Type, forKey key: K) throws -> String { try decoder.decode(String.self, at: value(key), key: key) }
    func decode(_ type: Int.Type, forKey key: K) throws -> Int { try decoder.decode(Int.self, at: value(key), key: key) }
    func decode(_ type: Bool.Type, forKey key: K) throws -> Bool { try decoder.decode(Bool.self, at: value(key), key: key) }

    func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type, forKey key: K) throws -> KeyedDecodingContainer<NK> {
        try decoder.child(value(key), key: key).container(keyedBy: NK.self)
    }

    func nestedUnkeyedContainer(forKey key: K) throws -> UnkeyedDecodingContainer {
        try decoder.child(value(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> Decoder { decoder }
    func superDecoder(forKey key: K) throws -> Decoder { decoder.child(try value(key), key: key) }
}

struct TapeUnkeyed: UnkeyedDecodingContainer {
    let decoder: TapeDecoder
    var cursor: Int
    let end: Int
    let count: Int?
    private(set) var currentIndex = 0

    init(decoder: TapeDecoder) {
        self.decoder = decoder
        cursor = decoder.index + 1
        end = Int(decoder.node.next)
        count = Int(decoder.node.end)
    }

    var codingPath: [CodingKey] { decoder.codingPath }
    var isAtEnd: Bool { cursor >= end }

    mutating func next() throws -> (Int, IndexKey) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "no more elements"))
        }
        let at = cursor
        let key = IndexKey(currentIndex)
        cursor = Int(decoder.tape.nodes[at].next)
        currentIndex += 1
        return (at, key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, decoder.tape.nodes[cursor].kind == .null else { return false }
        _ = try next()
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (at, key) = try next()
        return try decoder.decode(T.self, at: at, key: key)
    }

    mutating func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type) throws -> KeyedDecodingContainer<NK> {
        let (at, key) = try next()
        return try decoder.child(at, key: key).container(keyedBy: NK.self)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer {
        let (at, key) = try next()
        return try decoder.child(at, key: key).unkeyedContainer()
    }

    mutating func superDecoder() throws -> Decoder {
        let (at, key) = try next()
        return decoder.child(at, key: key)
    }
}

struct TapeSingle: SingleValueDecodingContainer {
    let decoder: TapeDecoder
    var codingPath: [CodingKey] { decoder.codingPath }
    var node: JSONTape.Node { decoder.node }

    func decodeNil() -> Bool { node.kind == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        switch node.kind {
        case .true: return true
        case .false: return false
        default: throw decoder.mismatch(Bool.self, path: codingPath)
        }
    }

    func decode(_ type: String.Type) throws -> String {
        guard node.kind == .string || node.kind == .escapedString else { throw decoder.mismatch(String.self, path: codingPath) }
        return decoder.tape.string(node)
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard node.kind == .number, let v = decoder.tape.double(node) else { throw decoder.mismatch(Double.self, path: codingPath) }
        return v
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard node.kind == .number, let v = decoder.tape.int(node), let x = I(exactly: v) else {
            throw decoder.mismatch(I.self, path: codingPath)
        }
        return x
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let v = try decoder.leaf(T.self, at: decoder.index, path: { codingPath }) { return v }
        return try T(from: decoder)
    }
}

extension JSONTape {
    /// Decodes the whole text as `T`.
    func decode<T: Decodable>(_ type: T.Type, filings: FilingDetail = .whole) throws -> T {
        let root = TapeDecoder(tape: self, index: 0, parent: nil, key: nil, filings: filings)
        if let v = try root.leaf(T.self, at: 0, path: { [] }) { return v }
        if T.self == InterviewDraft.self { return try DraftReader(tape: self, path: { [] }, decoder: { root }).draft(at: 0) as! T }
        return try T(from: root)
    }
}
