import Foundation

/// The languages the desk speaks. Tracers in Jakarta think in Bahasa Indonesia: it comes first.
public enum Language: String, CaseIterable, Sendable, Codable {
    case id, en

    public var name: String {
        switch self {
        case .id: "Bahasa Indonesia"
        case .en: "English"
        }
    }

    public var other: Language { self == .id ? .en : .id }

    /// The decimal mark a reader of the language writes: "2,5" in Indonesian, "2.5" in English
    /// (a point in an Indonesian table reads as a thousands separator).
    public var decimalMark: String { self == .id ? "," : "." }

    /// `x` to one decimal, with the language's mark.
    public func oneDecimal(_ x: Double) -> String {
        let text = String(format: "%.1f", x)
        return self == .en ? text : text.replacingOccurrences(of: ".", with: decimalMark)
    }
}

/// Text a user sees, written in English in the source (`L("Saved: \(outcome) for \(id).")`)
/// and looked up in the catalogue by its key with placeholders: "Saved: {0} for {1}.".
public struct Localizable: ExpressibleByStringInterpolation, Codable, Sendable, Equatable, Hashable {
    public var key: String
    public var args: [String]

    public init(stringLiteral value: String) { key = value; args = [] }
    public init(key: String, args: [String]) { self.key = key; self.args = args }

    public init(stringInterpolation: StringInterpolation) {
        key = stringInterpolation.key
        args = stringInterpolation.args
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var key = ""
        var args: [String] = []
        public init(literalCapacity: Int, interpolationCount: Int) { key.reserveCapacity(literalCapacity + 3 * interpolationCount) }
        public mutating func appendLiteral(_ literal: String) { key += literal }
        public mutating func appendInterpolation<T>(_ value: T) {
            key += "{\(args.count)}"
            args.append("\(value)")
        }
    }

    /// In the current language. `translatingArguments` also looks each argument up (history
    /// lines keep their labels as catalogue keys, so they read in whatever language is on).
    public func text(translatingArguments: Bool = false) -> String {
        let lang = Localization.language
        let template = Catalog.lookup(key, in: lang)
        if let trace = TextTrace.current { trace.made(template: template, args: args, translatingArguments: translatingArguments, language: lang) }
        guard !args.isEmpty else { return template }
        // One pass over the template: this runs for every label on every frame.
        var out = ""
        out.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let i = Int(rest[afterOpen..<close]), args.indices.contains(i) {
                out += translatingArguments ? Catalog.lookup(args[i], in: lang) : args[i]
                rest = rest[rest.index(after: close)...]
                Localizable.pluralEnding(after: args[i], in: &rest, into: &out)
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }
}

extension Localizable {
    /// English marks a noun that follows a count with "(s)" or "(es)" (`"\(n) case(s)"`,
    /// `"\(n) open case(s)"`, `"\(n) match(es)"`): "1 case", "0 cases", "12 open cases". Indonesian does not inflect a noun for
    /// number, so its texts carry no mark. Called after a placeholder: when the text goes on
    /// with a noun marked so (after at most two words), the noun's ending is chosen by the
    /// count, and `rest` moves past it.
    static func pluralEnding(after count: String, in rest: inout Substring, into out: inout String) {
        guard rest.first == " ", let open = rest.firstIndex(of: "(") else { return }
        let after = rest[rest.index(after: open)...]
        let ending = after.hasPrefix("s)") ? "s" : after.hasPrefix("es)") ? "es" : nil
        guard let ending else { return }
        let words = rest[rest.index(after: rest.startIndex)..<open]
        guard let last = words.last, last.isLetter, words.allSatisfy({ $0.isLetter || $0 == "-" || $0 == " " }),
              words.split(separator: " ").count <= 3 else { return }
        out += " " + words + (count == "1" ? "" : ending)
        rest = after[after.index(after.startIndex, offsetBy: ending.count + 1)...]
    }
}

/// The language of the text being made now: set per desk (and per test) around its update and
/// view, so two desks in one process (tests) never share it.
public enum Localization {
    @TaskLocal public static var language: Language = .en
}

/// Looks the text up in the catalogue of the current language.
public func L(_ text: Localizable) -> String { text.text() }

public enum Catalog {
    static func lookup(_ key: String, in lang: Language) -> String {
        switch lang {
        case .en: return key
        case .id: return indonesian[key] ?? indonesianLists[key] ?? indonesianFollowUp[key] ?? indonesianDesk[key] ?? indonesianData[key] ?? indonesianServer[key] ?? indonesianJournal[key] ?? key
        }
    }

    /// Every key the Indonesian catalogue has, for the completeness test.
    public static var indonesianKeys: Set<String> {
        Set(indonesian.keys).union(indonesianLists.keys).union(indonesianFollowUp.keys).union(indonesianDesk.keys).union(indonesianData.keys).union(indonesianServer.keys).union(indonesianJournal.keys)
    }
    public static func translation(of key: String) -> String? {
        indonesian[key] ?? indonesianLists[key] ?? indonesianFollowUp[key] ?? indonesianDesk[key] ?? indonesianData[key] ?? indonesianServer[key] ?? indonesianJournal[key]
    }
}

extension Localizable {
    /// Catalogue text kept to be worded later, where it is shown (`Localizable("not JSON")`):
    /// for what is found on one thread and read on another, in another language.
    public init(_ text: Localizable) { self = text }
}
