import Foundation
import Testing
import TracedeskCore
@testable import TracedeskUI

/// Swift sources as text: the string literals on each line, with `\(…)` interpolations
/// (which may hold strings of their own) kept whole.
enum SourceScan {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Literal {
        var file: String
        var line: Int
        var text: String      // with quotes, as written
        var before: Substring // the line up to the literal
        var after: Substring
    }

    static func literals(in relativePath: String) -> [Literal] {
        guard let source = try? String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8) else { return [] }
        return literals(source: source, file: (relativePath as NSString).lastPathComponent)
    }

    static func literals(source: String, file: String) -> [Literal] {
        var out: [Literal] = []
        for (n, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("//") || trimmed.hasPrefix("import") || line.contains("\"\"\"") { continue }
            out += literals(inLine: Array(line), file: file, line: n + 1)
        }
        return out
    }

    /// The literals of one line, and those inside their interpolations (`"\(all ? L("everyone's")
    /// : L("yours"))"`): a text there reaches the screen as surely as one outside, and once
    /// went without its Indonesian because the scan never saw it.
    static func literals(inLine chars: [Character], file: String, line: Int) -> [Literal] {
        var out: [Literal] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "/" && i + 1 < chars.count && chars[i + 1] == "/" { break }
            guard chars[i] == "\"" else { i += 1; continue }
            let start = i
            var inner: [[Character]] = []
            i += 1
            while i < chars.count && chars[i] != "\"" {
                if chars[i] == "\\" && i + 1 < chars.count && chars[i + 1] == "(" {
                    i += 2
                    let from = i
                    var depth = 1
                    while i < chars.count && depth > 0 {
                        if chars[i] == "\"" {
                            i += 1
                            while i < chars.count && chars[i] != "\"" { if chars[i] == "\\" { i += 1 }; i += 1 }
                        } else if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                        i += 1
                    }
                    inner.append(Array(chars[from..<max(from, i - 1)]))
                    continue
                }
                if chars[i] == "\\" { i += 1 }
                i += 1
            }
            let end = min(i + 1, chars.count)
            out.append(Literal(file: file, line: line, text: String(chars[start..<end]),
                               before: Substring(String(chars[..<start])), after: Substring(String(chars[end...]))))
            for content in inner { out += literals(inLine: content, file: file, line: line) }
            i = end
        }
        return out
    }

    /// The catalogue key a literal makes: interpolations become {0}, {1}…, escapes are undone.
    static func key(_ literal: String) -> String {
        let body = Array(literal.dropFirst().dropLast())
        var out = ""
        var i = 0, n = 0
        while i < body.count {
            if body[i] == "\\" && i + 1 < body.count && body[i + 1] == "(" {
                i += 2
                var depth = 1
                while i < body.count && depth > 0 {
                    if body[i] == "\"" { i += 1; while i < body.count && body[i] != "\"" { if body[i] == "\\" { i += 1 }; i += 1 } }
                    else if body[i] == "(" { depth += 1 } else if body[i] == ")" { depth -= 1 }
                    i += 1
                }
                out += "{\(n)}"; n += 1
                continue
            }
            if body[i] == "\\" && i + 1 < body.count {
                switch body[i + 1] { case "n": out += "\n"; case "t": out += "\t"; case "r": out += "\r"; case "0": out += "\0"; default: out.append(body[i + 1]) }
                i += 2; continue
            }
            out.append(body[i]); i += 1
        }
        return out
    }

    static func swiftFiles(_ folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".swift") }.sorted().map { folder + "/" + $0 }
    }

    /// Literals that are catalogue text: inside L(…), or history lines (Localizable by type).
    static func catalogued(_ l: Literal) -> Bool {
        // `Localizable(…)` keeps catalogue text to be worded later, where it is shown.
        if l.before.hasSuffix("L(") || l.before.hasSuffix("Localizable(") || l.before.hasSuffix("Anomaly(") { return true }
        // The action table keeps its help and hints as catalogue text, looked up when shown.
        if l.file == "Actions.swift" && (l.before.hasSuffix("help: ") || l.before.hasSuffix("hint: ")) { return true }
        let line = l.before + l.text + l.after
        return (l.before.hasSuffix("summary: ") || l.before.hasSuffix("summary = ") || line.contains(": Localizable =")) && !l.text.isEmpty
    }
}

/// Where text is made outside the language it is for. `L(…)` speaks the language of the scope
/// it runs in (`Localization.$language`); the desk's loop runs outside the desk's scope (the
/// desk's language changes under it with F2), so a message it made itself came out in the
/// process's language: "Cannot read the case's history" in English on an Indonesian desk.
enum LanguageScopeScan {
    /// Text made in code that runs outside the desk's language and not inside a scope opened
    /// in it: an `L(`, an error written into a string (its description may be catalogue text),
    /// or a call into the store (a server's errors are worded as they are thrown).
    /// Code that runs outside: every function of a type that drives the desk (holds a
    /// `DeskApp`), and every function that opens a language scope itself (it would not need
    /// to if it ran inside one). A scope opened in English (`withValue(.en)`, what the journal
    /// stores) is not the desk's and does not count.
    static func textMadeOutside(_ source: String, file: String) -> [String] {
        let original = Array(source)
        let code = blanked(original, strings: false)    // comments gone
        let bare = blanked(original, strings: true)     // comments and string contents gone
        var scopes: [Range<Int>] = []
        for opener in ["withValue(", "inDeskLanguage {"] {
            for start in offsets(of: opener, in: code) {
                if opener == "withValue(" && String(code[(start + 10)...].prefix(3)) == ".en" { continue }
                let paren = start + opener.count - 1
                var brace: Int?
                if opener == "withValue(" {
                    guard let close = matching(bare, from: paren, open: "(", close: ")") else { continue }
                    brace = bare[paren..<close].firstIndex(of: "{")
                    if brace == nil {
                        var k = close + 1
                        while k < bare.count, bare[k] == " " { k += 1 }
                        if k < bare.count, bare[k] == "{" { brace = k }
                    }
                } else {
                    brace = paren
                }
                if let b = brace, let end = matching(bare, from: b, open: "{", close: "}") { scopes.append(b..<end) }
            }
        }
        // Function bodies: `func name(…) … {` to its brace.
        var bodies: [Range<Int>] = []
        for f in offsets(of: "func ", in: bare) {
            guard let p = bare[f...].firstIndex(of: "("), let close = matching(bare, from: p, open: "(", close: ")"),
                  let b = bare[close...].firstIndex(of: "{"), let end = matching(bare, from: b, open: "{", close: "}") else { continue }
            bodies.append(b..<end)
        }
        let driver = !offsets(of: "var app: DeskApp", in: code).isEmpty
        let outside = bodies.filter { body in driver || scopes.contains { body.contains($0.lowerBound) } }
        var found: [String] = []
        let markers = ["L(", "\\(error", "try store.", "in: store)"]
        for marker in markers {
            for at in offsets(of: marker, in: code) {
                if marker == "L(", at > 0, original[at - 1].isLetter || original[at - 1].isNumber || original[at - 1] == "_" { continue }
                guard outside.contains(where: { $0.contains(at) }), !scopes.contains(where: { $0.contains(at) }) else { continue }
                let line = original[..<at].filter { $0 == "\n" }.count + 1
                found.append("\(file):\(line): \(marker)")
            }
        }
        return found.sorted()
    }

    /// Where `needle` starts in `haystack`, in characters (the sources are scanned as such).
    static func offsets(of needle: String, in haystack: [Character]) -> [Int] {
        let n = Array(needle)
        guard n.count <= haystack.count else { return [] }
        return (0...(haystack.count - n.count)).filter { k in haystack[k] == n[0] && Array(haystack[k..<(k + n.count)]) == n }
    }

    /// The offset of the bracket closing the one at `from`, in text without comments or strings.
    static func matching(_ chars: [Character], from: Int, open: Character, close: Character) -> Int? {
        var depth = 0
        for k in from..<chars.count {
            if chars[k] == open { depth += 1 } else if chars[k] == close { depth -= 1; if depth == 0 { return k } }
        }
        return nil
    }

    /// The source with comments (and, with `strings`, what string literals hold) as spaces,
    /// every offset kept.
    static func blanked(_ s: [Character], strings: Bool) -> [Character] {
        var out = s
        var i = 0
        func blank(_ k: Int) { if out[k] != "\n" { out[k] = " " } }
        while i < s.count {
            if s[i] == "/" && i + 1 < s.count && s[i + 1] == "/" {
                while i < s.count && s[i] != "\n" { blank(i); i += 1 }
            } else if s[i] == "/" && i + 1 < s.count && s[i + 1] == "*" {
                while i < s.count && !(s[i] == "*" && i + 1 < s.count && s[i + 1] == "/") { blank(i); i += 1 }
                if i < s.count { blank(i); blank(i + 1); i += 2 }
            } else if s[i] == "\"" {
                let triple = i + 2 < s.count && s[i + 1] == "\"" && s[i + 2] == "\""
                i += triple ? 3 : 1
                while i < s.count {
                    if s[i] == "\\" { if strings { blank(i); if i + 1 < s.count { blank(i + 1) } }; i += 2; continue }
                    if triple ? (s[i] == "\"" && i + 2 < s.count && s[i + 1] == "\"" && s[i + 2] == "\"") : s[i] == "\"" { break }
                    if strings { blank(i) }
                    i += 1
                }
                i += triple ? 3 : 1
            } else {
                i += 1
            }
        }
        return out
    }
}

@Suite struct CatalogTests {
    static let sources = SourceScan.swiftFiles("Sources/TracedeskUI") + SourceScan.swiftFiles("Sources/TracedeskCore")
        + SourceScan.swiftFiles("Sources/tracedesk") + SourceScan.swiftFiles("Sources/TracedeskJournal") + SourceScan.swiftFiles("Sources/TracedeskServer") + SourceScan.swiftFiles("Sources/TracedeskCurses")

    @Test func everyCatalogueKeyHasItsIndonesianText() {
        var keys: Set<String> = []
        for file in Self.sources {
            for l in SourceScan.literals(in: file) where SourceScan.catalogued(l) {
                let k = SourceScan.key(l.text)
                if !k.isEmpty { keys.insert(k) }
            }
        }
        #expect(keys.count > 400)
        let missing = keys.filter { Catalog.translation(of: $0) == nil }.sorted()
        #expect(missing.isEmpty, "keys with no Indonesian text: \(missing)")
        // English is the source text itself: it is complete by construction. Each Indonesian
        // text keeps its key's placeholders, and nothing in the catalogue is left unused.
        for k in keys {
            guard let id = Catalog.translation(of: k) else { continue }
            let placeholders = { (s: String) in s.matches(of: /\{\d+\}/).map { String(s[$0.range]) }.sorted() }
            #expect(placeholders(k) == placeholders(id), "\"\(k)\" → \"\(id)\"")
            #expect(!id.isEmpty)
        }
        let unused = Catalog.indonesianKeys.subtracting(keys).sorted()
        #expect(unused.isEmpty, "catalogue entries no source uses: \(unused)")
    }

    /// Every file that can put text in front of a person: the screens, the domain (its
    /// messages and labels) and the desk's commands. Text that is not looked up in the
    /// catalogue is allowed only where the source says why: a file whose text is never shown
    /// carries `// catalogue: not shown — <why>` in its first lines; a line carries
    /// `// not shown: <why>` (raw values, codes, words read rather than shown).
    /// The line-list import (its messages are a data person's), the share and team commands
    /// are scanned too, and so are `cases` and the server store a desk uses (the module and
    /// how a command opens it: what a tracer reads when the server refuses or is away). The
    /// admin's `server` subcommands speak English by decision (ServerCommand.swift says so).
    /// Every command is scanned, the entry point with them, and the curses terminal (what it
    /// says when it cannot start).
    static let scanned: [String] = SourceScan.swiftFiles("Sources/TracedeskUI")
        + SourceScan.swiftFiles("Sources/TracedeskCore")
        // Schema.swift is SQL; the server's refusals it raises are mapped to the catalogue by
        // their code where the store reads them.
        + SourceScan.swiftFiles("Sources/TracedeskServer").filter { !$0.hasSuffix("/Schema.swift") }
        // The journal's errors reach the desk ("NOT saved: the disk is full…") and `check`.
        + SourceScan.swiftFiles("Sources/TracedeskJournal")
        + SourceScan.swiftFiles("Sources/tracedesk")
        + SourceScan.swiftFiles("Sources/TracedeskCurses")

    /// The files the scan once missed, each read: a literal English message added to any of
    /// them is found.
    static let onceMissed = ["ReportCommand", "ExportCommand", "ExportChainsCommand", "CorrectCommand", "Output",
                             "InterviewRecording", "ThemeLoader", "Tracedesk", "TestClock"].map { "Sources/tracedesk/\($0).swift" }
        + ["Sources/TracedeskCurses/CursesTerminal.swift"]

    @Test(arguments: onceMissed)
    func theScanFindsEnglishAddedToAFileItOnceMissed(_ file: String) throws {
        #expect(Self.scanned.contains(file), "\(file) is not scanned")
        let source = try String(contentsOf: SourceScan.root.appendingPathComponent(file), encoding: .utf8)
        #expect(!SourceScan.literals(source: source, file: file).isEmpty, "\(file) was not read")
        #expect(Self.bypasses(source: source, file: file).isEmpty)
        let planted = source + "\nfunc planted() { print(\"The export was written to the folder.\") }\n"
        #expect(Self.bypasses(source: planted, file: file).contains { $0.contains("The export was written") }, "\(file)")
    }

    /// The scan reaches the server module and the commands' server paths: a file left out
    /// would let English through unseen, as `cases`' table heads once went.
    @Test func theScanCoversTheServerStoreAndCases() {
        for file in ["Sources/TracedeskServer/PostgresStore.swift", "Sources/TracedeskServer/PGLink.swift",
                     "Sources/tracedesk/CasesCommand.swift", "Sources/tracedesk/ServerStore.swift",
                     "Sources/TracedeskJournal/JournalError.swift"] {
            #expect(Self.scanned.contains(file), "\(file)")
            #expect(!SourceScan.literals(in: file).isEmpty, "\(file) was not read")
        }
    }

    @Test func noTextOnScreenBypassesTheCatalogue() {
        var bypassing: [String] = []
        for file in Self.scanned {
            let source = (try? String(contentsOf: SourceScan.root.appendingPathComponent(file), encoding: .utf8)) ?? ""
            bypassing += Self.bypasses(source: source, file: file)
        }
        #expect(bypassing.isEmpty, "text shown without the catalogue (or say why in the source):\n\(bypassing.joined(separator: "\n"))")
    }

    /// The literals of one source that are shown without the catalogue and not marked.
    static func bypasses(source: String, file: String) -> [String] {
        var bypassing: [String] = []
        // A whole file marked (not a block marked "from here", which may start in those lines).
        if source.split(separator: "\n").prefix(12).contains(where: { $0.contains("// catalogue: not shown") && !$0.contains("from here") }) { return [] }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // A block of data (column names, header names as labs write them) is marked once:
        // `// catalogue: not shown from here — <why>` … `// catalogue: shown again`.
        var inBlock = Set<Int>(), open = false
        for (n, line) in lines.enumerated() {
            if line.contains("// catalogue: not shown from here") { open = true }
            if line.contains("// catalogue: shown again") { open = false }
            if open { inBlock.insert(n + 1) }
        }
        for l in SourceScan.literals(source: source, file: (file as NSString).lastPathComponent) where !inBlock.contains(l.line) {
            let body = l.text.replacing(/\\\([^)]*\)/, with: "")
            guard body.contains(/[A-Za-z]{2}/), !SourceScan.catalogued(l) else { continue }
            if lines.indices.contains(l.line - 1), lines[l.line - 1].contains("// not shown:") { continue }
            let before = l.before.trimmingCharacters(in: .whitespaces)
            let after = l.after.trimmingCharacters(in: .whitespaces)
            let line = (l.before + l.text + l.after).trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("case ") && before.hasSuffix("=") { continue }                // raw value
            if after.hasPrefix(":") && !before.hasSuffix("?") { continue }                   // dictionary key
            if before.hasSuffix("==") || before.hasSuffix("!=") || before.hasSuffix(".char(") { continue }
            if before.hasSuffix("hasPrefix(") || before.hasSuffix("rawValue:") { continue }
            if after.hasPrefix(", L(") { continue }                                          // a choice's value
            if before.hasSuffix("rows(") { continue }                                        // a statement to the server
            if before.hasSuffix("env[") || before.hasSuffix("query[") { continue }          // a PG* variable, a URL's option
            bypassing.append("\(l.file):\(l.line): \(l.text)")
        }
        return bypassing
    }

    /// Text made outside the language it is for never reaches a screen: the desk's loop, and
    /// any function that opens a language scope, make their text inside it.
    @Test func noTextIsMadeOutsideTheDesksLanguage() {
        var outside: [String] = []
        for file in Self.scanned + ["Sources/tracedesk/Tracedesk.swift"] {
            let source = (try? String(contentsOf: SourceScan.root.appendingPathComponent(file), encoding: .utf8)) ?? ""
            outside += LanguageScopeScan.textMadeOutside(source, file: (file as NSString).lastPathComponent)
        }
        #expect(outside.isEmpty, "text made outside the desk's language:\n\(outside.joined(separator: "\n"))")
    }

    /// The scan finds what it is for: the loop as it was, with its messages made outside.
    @Test func theLanguageScanFindsTheLoopsOwnMessages() {
        let before = """
        public final class DeskLoop {
            public private(set) var app: DeskApp
            func update(_ msg: Message) -> [Effect] {
                Localization.$language.withValue(app.context.language) { app.update(msg) }
            }
            private func perform(_ effect: Effect) -> [Effect] {
                switch effect {
                case .nextTheme:
                    app.flash = Localization.$language.withValue(app.context.language) { Flash(L("Theme: \\(theme.name).")) }
                case .loadCase(let id):
                    do { _ = try app.context.desk.caseInFull(id, in: store) }
                    catch { return update(.readFailed(L("Cannot read the case's history: \\(error)"))) }
                }
                return []
            }
        }
        """
        #expect(LanguageScopeScan.textMadeOutside(before, file: "x") == ["x:11: in: store)", "x:12: L(", "x:12: \\(error"])
        // A function that opens the scope, outside the desk's loop, is held to it too; one
        // opened in English is not the desk's.
        let command = """
        func run() throws {
            let why = L("no terminal")
            Localization.$language.withValue(language) { say(L("hello")) }
        }
        func file() { Localization.$language.withValue(.en) { fileInEnglish() }; _ = L("x") }
        """
        #expect(LanguageScopeScan.textMadeOutside(command, file: "y") == ["y:2: L("])
    }

    @Test func placeholdersAreFilledAndOtherBracesKept() {
        let x = 7, file = "cast"
        #expect(L("\(x)%") == "7%")
        #expect(L("\(file):1: not an asciicast v2 header (expected {\"version\": 2, …})")
                == "cast:1: not an asciicast v2 header (expected {\"version\": 2, …})")
        Localization.$language.withValue(.id) {
            #expect(L("Saved: \(L("no answer")) for \("C-1").") == "Tersimpan: tidak diangkat untuk C-1.")
            #expect(Localizable(key: "call: {0}", args: ["no answer"]).text(translatingArguments: true) == "telepon: tidak diangkat")
        }
    }

    /// "Imported 1 cases": English writes the noun after a count by the count; a key marks it
    /// "case(s)". Indonesian has no plural ending, and its texts carry no mark.
    @Test func aCountedNounTakesItsEndingFromTheCount() {
        Localization.$language.withValue(.en) {
            #expect(L("Imported \(1) case(s) from \("l.csv") into \("j").") == "Imported 1 case from l.csv into j.")
            #expect(L("Imported \(0) case(s) from \("l.csv") into \("j").") == "Imported 0 cases from l.csv into j.")
            #expect(L("filed: \(1) contact(s), \(12) day(s) walked") == "filed: 1 contact, 12 days walked")
            #expect(L("\(2) follow-up(s)") == "2 follow-ups")
            #expect(L("\(1) open case(s) nobody holds") == "1 open case nobody holds")
            #expect(L("\(1) person match(es) linked") == "1 person match linked")
            #expect(L("\(2) person match(es) linked") == "2 person matches linked")
            #expect(L("\(3) valid case(s) (\("x"))") == "3 valid cases (x)")
            // Not a noun counted: a sentence that goes on before its mark.
            #expect(L("\(1) of them, see case(s)") == "1 of them, see case(s)")
            // A mark not after a count is left as written.
            #expect(L("case(s) of \("Budi")") == "case(s) of Budi")
        }
        Localization.$language.withValue(.id) {
            #expect(L("Imported \(1) case(s) from \("l.csv") into \("j").") == "1 kasus diimpor dari l.csv ke j.")
        }
    }

    @Test func theLanguageComesFromTheFlagThenTheEnvironment() {
        #expect(Language.resolve(flag: "en", environment: ["LANG": "id_ID.UTF-8"]).0 == .en)
        #expect(Language.resolve(flag: nil, environment: ["TRACEDESK_LANG": "en", "LANG": "id_ID.UTF-8"]).0 == .en)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "id_ID.UTF-8"]).0 == .id)
        #expect(Language.resolve(flag: nil, environment: ["LC_MESSAGES": "en_GB.UTF-8", "LANG": "id_ID.UTF-8"]).0 == .en)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "C.UTF-8"]).0 == .id)
        #expect(Language.resolve(flag: nil, environment: [:]).0 == .id)
        #expect(Language.resolve(flag: "fr", environment: ["LANG": "en_US.UTF-8"]).problem == "--lang fr: use id or en")
        #expect(Language.resolve(flag: "fr", environment: [:]).problem == "--lang fr: gunakan id atau en")
        // A setting naming no language we speak falls to the locale, and is said.
        let unknown = Language.resolve(flag: nil, environment: ["TRACEDESK_LANG": "fr", "LANG": "en_GB.UTF-8"])
        #expect(unknown.0 == .en && unknown.problem == "TRACEDESK_LANG=fr: use id or en")
    }
}
