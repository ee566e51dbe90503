// catalogue: not shown — the names of environment variables and locale settings
import Foundation

extension Language {
    /// `--lang`, then TRACEDESK_LANG, then LC_ALL, LC_MESSAGES, LANG ("id_ID.UTF-8" → id,
    /// "en_GB.UTF-8" → en). With none of them saying a language (unset, C, POSIX), Indonesian.
    /// The locale need not be installed: the language is read from the name alone.
    /// `problem`: a `--lang` or TRACEDESK_LANG that names no language we speak, worded in the
    /// language of what comes after it (the locale's), which is the language returned with it:
    /// a typo in a setting is said, never silently taken for Indonesian.
    public static func resolve(flag: String?, environment: [String: String]) -> (Language, problem: String?) {
        let fallback = flag == nil ? fromLocale(environment) : resolve(flag: nil, environment: environment).0
        func refused(_ said: String) -> (Language, problem: String?) {
            (fallback, Localization.$language.withValue(fallback) { L("\(said): use id or en") })
        }
        if let flag {
            guard let l = Language(rawValue: flag.lowercased()) else { return refused("--lang \(flag)") } // not shown: an option's name
            return (l, nil)
        }
        if let t = environment["TRACEDESK_LANG"], !t.isEmpty {
            guard let l = Language(rawValue: t.lowercased()) else { return refused("TRACEDESK_LANG=\(t)") } // not shown: a variable's name
            return (l, nil)
        }
        return (fallback, nil)
    }

    private static func fromLocale(_ environment: [String: String]) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let v = environment[key]?.lowercased(), !v.isEmpty else { continue }
            if v.hasPrefix("id") || v.hasPrefix("in_") { return .id }
            if v.hasPrefix("en") { return .en }
            if v == "c" || v.hasPrefix("c.") || v == "posix" { continue }
            return .id
        }
        return .id
    }
}
