// catalogue: not shown — environment variables and file names.
import Foundation
import SystemPackage

/// Where the journal lives: `--journal PATH`, then `TRACEDESK_JOURNAL`, then
/// `$XDG_DATA_HOME/tracedesk/journal.jsonl`, then `~/.local/share/tracedesk/journal.jsonl`.
public enum JournalLocation {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let env = environment["TRACEDESK_JOURNAL"], !env.isEmpty { return env }
        return dataDirectory(environment: environment) + "/journal.jsonl"
    }

    /// The demo queue keeps its own journal so it never mixes with real patients.
    public static func demo(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        dataDirectory(environment: environment) + "/demo.jsonl"
    }

    /// The folder `path` names a file in, as `dirname` says it: "." for a bare name, "/" for a
    /// file at the root. Not `NSString.deletingLastPathComponent`: in Swift 6.3's Foundation on
    /// Linux it traps on a one-character name (`--journal j`, `--output a`), and for a bare name
    /// it gives "", which with "/recordings" after it is a folder at the root.
    public static func folder(of path: String) -> String {
        let folder = FilePath(path).removingLastComponent()
        return folder.isEmpty ? "." : folder.string
    }

    /// The name `path` ends in ("journal.jsonl"), as `basename` says it; nil for "/" or "".
    public static func name(of path: String) -> String? {
        FilePath(path).lastComponent?.string
    }

    /// `$XDG_CONFIG_HOME/tracedesk`, else `$HOME/.config/tracedesk`: config, keys and themes are
    /// looked up under `$HOME` as the journal is (not the password file's home, which a
    /// changed `HOME` does not move).
    public static func configDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/tracedesk" }
        let home = environment["HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? NSHomeDirectory()
        return home + "/.config/tracedesk"
    }

    public static func dataDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/tracedesk" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/tracedesk"
    }
}
