import Foundation
import TracedeskCore

/// The keys of a record, read off the tape: a record must mean one thing to every reader.
public enum RecordKeys {
    /// Set by `tracedesk-bench bench replay` alone, to time a replay without the repeated-key
    /// check beside one with it; nothing else sets it, and a desk never runs without the check.
    nonisolated(unsafe) public static var benchSkipsCheck = false

    static func memberIndex(_ name: StaticString, of object: Int, _ tape: JSONTape) -> Int? {
        var found: Int?
        forEachMember(of: object, in: tape) { key, _, at in if found == nil, tape.is(key, name) { found = at } }
        return found
    }

    /// A key that appears twice in any object of the record, compared as read (escapes
    /// undone), or nil. Readers disagree on a repeated key (PostgreSQL's jsonb keeps the last,
    /// this reader the first): a record that says two things must be refused, not read one way
    /// here and checked the other way elsewhere. Key counts are small: pairwise.
    static func repeatedKey(_ tape: JSONTape) -> String? {
        func same(_ a: JSONTape.Node, _ b: JSONTape.Node) -> Bool {
            if a.kind == .string && b.kind == .string {
                let x = tape.raw(a), y = tape.raw(b)
                return x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
            let x = a.kind == .escapedString ? tape.unescaped(a) : Array(tape.raw(a))
            let y = b.kind == .escapedString ? tape.unescaped(b) : Array(tape.raw(b))
            return x == y
        }
        var keys: [JSONTape.Node] = []
        for (index, node) in tape.nodes.enumerated() where node.kind == .object {
            if keysAscend(index, tape) { continue }
            keys.removeAll(keepingCapacity: true)
            var found: String?
            forEachMember(of: index, in: tape) { key, _, _ in
                guard found == nil else { return }
                if keys.contains(where: { same($0, key) }) { found = tape.string(key) }
                keys.append(key)
            }
            if let found { return found }
        }
        return nil
    }

    /// Whether the object's keys, none escaped, each sort after the one before, byte by byte:
    /// then no two are the same, seen in one pass. The journal's writers sort their keys, so
    /// nearly every object of a record is settled here; any other (the record's own
    /// `seq`/`crc` ending, an escaped key) is compared pairwise. Replay paid 8–10 % of its time
    /// to the pairwise comparison of every object (`bench replay`).
    static func keysAscend(_ object: Int, _ tape: JSONTape) -> Bool {
        let end = Int(tape.nodes[object].next)
        var k = object + 1
        var previous: UnsafeRawBufferPointer?
        while k + 1 < end {
            let key = tape.nodes[k]
            guard key.kind == .string else { return false }
            let raw = tape.raw(key)
            if let p = previous {
                let n = min(p.count, raw.count)
                let order = n == 0 ? 0 : memcmp(p.baseAddress!, raw.baseAddress!, n)
                guard order < 0 || (order == 0 && p.count < raw.count) else { return false }
            }
            previous = raw
            k = Int(tape.nodes[k + 1].next)
        }
        return true
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
