import Foundation
import TracedeskCore

/// The keys of a record, read off the tape: a record must mean one thing to every reader.
enum RecordKeys {
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
