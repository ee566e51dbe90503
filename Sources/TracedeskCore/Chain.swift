import Foundation
// catalogue: not shown — Graphviz's dot language and JSON keys, read by programs

/// Transmission chains, from what follow-up knows: a case, its close contacts, the cases they
/// became (or already were), theirs in turn; and back from a case to its source.
public struct ChainNode: Sendable, Equatable, Encodable {
    public var caseId: String
    public var name: String
    public var contacts: [ChainContact]
}

public struct ChainContact: Sendable, Equatable, Encodable {
    public var contactId: String
    public var personId: String
    public var name: String
    /// Follow-up status on the day asked (nil before approval).
    public var followUp: String?
    /// The case this contact became (a positive test) or already was (linked): its own chain.
    public var becameCase: ChainNode?
    /// The case they were already, linked rather than copied.
    public var alreadyCase: String?
}

/// One edge of a chain: a case named a close contact. The tree laid flat, a row a contact,
/// for a table or a program that reads rows (`export chains --format csv|jsonl`).
public struct ChainEdge: Sendable, Equatable {
    /// The chain's first case: the one that came from no known contact.
    public var indexCase: String
    /// The case that named the contact.
    public var sourceCase: String
    public var contactId: String
    public var personId: String
    public var name: String
    /// Follow-up status on the day asked (nil before approval).
    public var followUp: String?
    /// The case the contact became (a positive test), whose own contacts follow as edges.
    public var becameCase: String?
    /// The case the contact already was (linked).
    public var alreadyCase: String?
    /// Steps from the index case: its own contacts are 1, theirs (once a case) 2, and so on.
    public var depth: Int
}

extension Desk {
    /// Every edge of `chains`, in the trees' order: a contact, then the chain of the case it
    /// became.
    public static func edges(of chains: [ChainNode]) -> [ChainEdge] {
        var out: [ChainEdge] = []
        func walk(_ node: ChainNode, index: String, depth: Int) {
            for c in node.contacts {
                out.append(ChainEdge(indexCase: index, sourceCase: node.caseId, contactId: c.contactId, personId: c.personId,
                                     name: c.name, followUp: c.followUp, becameCase: c.becameCase?.caseId,
                                     alreadyCase: c.alreadyCase, depth: depth))
                if let b = c.becameCase { walk(b, index: index, depth: depth + 1) }
            }
        }
        for chain in chains { walk(chain, index: chain.caseId, depth: 1) }
        return out
    }

    /// The tree from `caseId` down (each case once, so a loop of links cannot recurse forever).
    public func chain(from caseId: String, today: Day) -> ChainNode? {
        var seen: Set<String> = []
        return chain(caseId, today: today, seen: &seen)
    }

    private func chain(_ caseId: String, today: Day, seen: inout Set<String>) -> ChainNode? {
        guard let file = cases[caseId], seen.insert(caseId).inserted else { return nil }
        var contacts: [ChainContact] = []
        for seed in file.filing?.followUp ?? [] {
            let person = person(ofContact: seed.contactId)
            var c = ChainContact(contactId: seed.contactId, personId: person?.id ?? seed.contactId, name: seed.name,
                                 followUp: person.map { status(of: $0, on: today).rawValue })
            if let made = person?.convertedCaseId, person?.exposures.first?.caseId == caseId {
                c.becameCase = chain(made, today: today, seen: &seen)
            }
            if let already = linkedCase[seed.contactId] { c.alreadyCase = already }
            contacts.append(c)
        }
        return ChainNode(caseId: caseId, name: file.record.name, contacts: contacts)
    }

    /// From `caseId` back to the first known source: [caseId, its source, that one's, …].
    public func sources(of caseId: String) -> [String] {
        var out = [caseId]
        var at = caseId
        while let s = sourceCase(of: at), !out.contains(s) { out.append(s); at = s }
        return out
    }

    /// Every chain: from each case that came from no known contact and named close contacts.
    public func chains(today: Day) -> [ChainNode] {
        cases.values.filter { convertedFrom[$0.id] == nil && !($0.filing?.followUp.isEmpty ?? true) }
            .compactMap { chain(from: $0.id, today: today) }
    }

    /// The tree as indented lines, for the terminal.
    public static func lines(of node: ChainNode, depth: Int = 0) -> [String] {
        let pad = String(repeating: "   ", count: depth)
        var out = [pad + L("case \(node.caseId) \(node.name)")]
        for c in node.contacts {
            var line = pad + " └ " + c.name + " (" + c.contactId + ")"
            if let s = c.followUp.flatMap(FollowUpStatus.init(rawValue:)) { line += " · " + s.label }
            if let a = c.alreadyCase { line += " · " + L("already case \(a)") }
            out.append(line)
            if let b = c.becameCase { out += lines(of: b, depth: depth + 2) }
        }
        return out
    }

    /// Graphviz's dot: cases are boxes, contacts ellipses; "became" edges lead to new cases.
    public static func dot(_ chains: [ChainNode]) -> String {
        func q(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
        var out = ["digraph chains {", "  node [fontname=\"Helvetica\"];"]
        // A person named by several cases is one node, declared once; each case gets its edge.
        var declared: Set<String> = []
        func declare(_ id: String, _ attributes: String) {
            guard declared.insert(id).inserted else { return }
            out.append("  \(q(id)) [\(attributes)];")
        }
        func walk(_ n: ChainNode) {
            // The id and the name on two lines: dot's own line break, put after quoting.
            let label = String(q(n.caseId).dropLast()) + "\\n" + String(q(n.name).dropFirst())
            declare("case:" + n.caseId, "shape=box, label=\(label)")
            for c in n.contacts {
                declare("contact:" + c.personId, "shape=ellipse, label=\(q(c.name))")
                out.append("  \(q("case:" + n.caseId)) -> \(q("contact:" + c.personId));")
                if let b = c.becameCase {
                    walk(b)
                    out.append("  \(q("contact:" + c.personId)) -> \(q("case:" + b.caseId)) [label=\"became\"];")
                }
                if let a = c.alreadyCase { out.append("  \(q("contact:" + c.personId)) -> \(q("case:" + a)) [label=\"is\", style=dashed];") }
            }
        }
        chains.forEach(walk)
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }
}
