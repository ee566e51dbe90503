import Foundation
import TracedeskCore

/// The keys of a record, read off the tape: a record must mean one thing to every reader.
enum RecordKeys {
    static func memberIndex(_ name: StaticString, of object: Int, _ tape: JSONTape) -> Int? {
        var found: Int?
        forEachMember(of: object, in: tape) { key, _, at in if found == nil, tape.is(key, name) { found = at } }
        return found
    }

    /// A key that appears twice in the record's envelope or in its `data` object (the keys
    /// that say what the event is and about whom), or nil. Key counts are small: pairwise.
    static func repeatedKey(_ tape: JSONTape) -> String? {
        guard tape.nodes.first?.kind == .object else { return nil }
        func repeated(in object: Int) -> String? {
            var keys: [JSONTape.Node] = []
            var found: String?
            forEachMember(of: object, in: tape) { key, _, _ in
                guard found == nil else { return }
                let raw = tape.raw(key)
                if keys.contains(where: { k in
                    let other = tape.raw(k)
                    return other.count == raw.count && (raw.count == 0 || memcmp(other.baseAddress!, raw.baseAddress!, raw.count) == 0)
                }) {
                    found = String(decoding: raw, as: UTF8.self)
                }
                keys.append(key)
            }
            return found
        }
        if let k = repeated(in: 0) { return k }
        if let data = memberIndex("data", of: 0, tape), tape.nodes[data].kind == .object { return repeated(in: data) }
        return nil
    }

    /// Calls `body` with each key, its value and the value's index, in order.
    static func forEachMember(of object: Int, in tape: JSONTape, _ body: (JSONTape.Node, JSONTape.Node, Int) -> Void) {
        let end = Int(tape.nodes[object].next)
        var k = object + 1
        while k + 1 < end {
            let value = tape.nodes[k + 1]
            body(tape.nodes[k], value, k + 1)
            k = Int(value.next)
        }
    }
}
