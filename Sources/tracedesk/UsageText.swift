import TracedeskCore

/// ArgumentParser's usage mistakes in the user's language (issue 17, the
/// fresh tester: `import` without its file said "Error: Missing expected argument" under
/// `--lang id`). Its error kinds (`ParserError`) are internal to the package, so each kind is
/// known here by the sentence its `ErrorMessageGenerator` (1.8) writes for it and said again
/// from the catalogue. The English keys keep ArgumentParser's own words, so an English line
/// reads as before. A sentence none of these match (one a newer ArgumentParser adds, or a
/// command's own `ValidationError`, already in the catalogue) is passed on as written.
enum UsageText {
    /// The text ArgumentParser prints for a usage mistake, line by line: the error, its help
    /// line, the usage and the pointer to `--help`. What the lines quote (option names, the
    /// synopsis, an option's help) is the command line's own and stays as written.
    static func mistake(_ full: String) -> String {
        var out: [String] = []
        var usageIndent: String?
        for raw in full.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("Error: ") { // not shown: ArgumentParser's wording, matched
                out.append(L("Error: \(sentence(String(line.dropFirst(7))))"))
                usageIndent = nil
            } else if line.hasPrefix("Help:  ") { // not shown: ArgumentParser's wording, matched
                // It quotes the option's help, which is English (ArgumentParser reads it before
                // the language is known): in another language the line would be half English,
                // and the usage below names the option anyway.
                if Localization.language == .en { out.append(L("Help: \(String(line.dropFirst(7)))")) }
                usageIndent = nil
            } else if line.hasPrefix("Usage: ") { // not shown: ArgumentParser's wording, matched
                let said = L("Usage: \(String(line.dropFirst(7)))")
                out.append(said)
                // The synopsis's own wrapped lines hang under its first word, whatever the label's width.
                usageIndent = String(repeating: " ", count: said.count - (line.count - 7))
            } else if let m = line.wholeMatch(of: #/  See '(?<command>.+)' for more information\./#) { // not shown: ArgumentParser's wording, matched
                out.append("  " + L("See '\(String(m.command))' for more information."))
                usageIndent = nil
            } else if let indent = usageIndent, line.hasPrefix("       ") {
                out.append(indent + line.dropFirst(7))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    /// One of ArgumentParser's error sentences, by its kind.
    static func sentence(_ s: String) -> String {
        // `withoutFarSuggestion` leaves the period after a guess it took away.
        if let m = s.wholeMatch(of: /Unknown option '(?<option>[^']+)'(?:\.(?: Did you mean '(?<near>[^']+)'\?)?)?/) { // not shown: ArgumentParser's wording, matched
            let said = L("Unknown option '\(String(m.option))'")
            return m.near.map { said + ". " + L("Did you mean '\(String($0))'?") } ?? said
        }
        if let m = s.wholeMatch(of: /Missing value for '(?<option>[^']+)'/) { // not shown: ArgumentParser's wording, matched
            return L("Missing value for '\(String(m.option))'")
        }
        if let m = s.wholeMatch(of: /Missing expected argument '(?<argument>[^']+)'/) { // not shown: ArgumentParser's wording, matched
            return L("Missing expected argument '\(String(m.argument))'")
        }
        if let m = s.wholeMatch(of: /Missing one of: (?<list>.+)/) { // not shown: ArgumentParser's wording, matched
            return L("Missing one of: \(String(m.list))")
        }
        if let m = s.wholeMatch(of: /The option '(?<option>[^']+)' does not take any value, but '(?<value>.*)' was specified\./) { // not shown: ArgumentParser's wording, matched
            return L("The option '\(String(m.option))' does not take any value, but '\(String(m.value))' was specified.")
        }
        if let m = s.wholeMatch(of: /Unexpected argument '(?<value>.*)'/) { // not shown: ArgumentParser's wording, matched
            return L("Unexpected argument '\(String(m.value))'")
        }
        if let m = s.wholeMatch(of: /\d+ unexpected arguments: (?<list>.+)/) { // not shown: ArgumentParser's wording, matched
            return L("Unexpected arguments: \(String(m.list))")
        }
        if let m = s.wholeMatch(of: /Value to be set with (?<now>.+) had already been set with (?<before>.+)/) { // not shown: ArgumentParser's wording, matched
            return L("Value to be set with \(String(m.now)) had already been set with \(String(m.before))")
        }
        if s == "Missing required subcommand." { return L("Missing required subcommand.") } // not shown: ArgumentParser's wording, matched
        if let m = s.wholeMatch(of: /Invalid option: (?<option>.+)/) { // not shown: ArgumentParser's wording, matched
            return L("Invalid option: \(String(m.option))")
        }
        if let m = s.wholeMatch(of: /The value '(?<value>.*)' is invalid for '(?<option>[^']+)'(?<rest>.*)/) { // not shown: ArgumentParser's wording, matched
            return L("The value '\(String(m.value))' is invalid for '\(String(m.option))'") + m.rest
        }
        return s
    }
}
