// catalogue: not shown — environment variables and file names.
import Foundation

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

    public static func dataDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/tracedesk" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/tracedesk"
    }
}
