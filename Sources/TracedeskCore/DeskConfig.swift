import Foundation

/// The desk's config file (`$XDG_CONFIG_HOME/tracedesk/config`), one `key = value` a line:
///
///     # tracedesk config
///     rules = id-2021          # id-2021 (default), who-2021, cdc-2020
///     failed_attempts = 3      # failed calls before a case goes to a field tracer
///     theme = default
///     time_zone = WIB          # WIB (default), WITA or WIT: the desk's clock and callbacks
///     store = postgresql://db.dinkes.example/tracedesk?sslmode=verify-full   # a city's server
public struct DeskConfig: Sendable, Equatable {
    public var settings = DeskSettings()
    public var theme: String?
    /// The city's server (`postgresql://…`); nil for the file journal.
    public var store: String?

    public init() {}

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    public static func parse(_ text: String, file: String) throws(Problem) -> DeskConfig {
        var config = DeskConfig()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = (raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let kv = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, !kv[0].isEmpty else {
                throw Problem(file: file, line: i + 1, message: L("expected key = value"))
            }
            switch kv[0] {
            case "rules":
                guard let r = RuleSet.named(kv[1]) else {
                    throw Problem(file: file, line: i + 1, message: L("rules: no rule set \"\(kv[1])\" (known: \(RuleSet.all.map(\.id).joined(separator: ", ")))"))
                }
                config.settings.rules = r
            case "failed_attempts":
                guard let n = Int(kv[1]), (1...20).contains(n) else {
                    throw Problem(file: file, line: i + 1, message: L("failed_attempts: a number from 1 to 20"))
                }
                config.settings.failedAttemptsBeforeFieldTracer = n
            case "theme":
                config.theme = kv[1]
            case "store":
                guard kv[1].hasPrefix("postgresql://") || kv[1].hasPrefix("postgres://") else {
                    throw Problem(file: file, line: i + 1, message: L("store: a postgresql:// URL"))
                }
                config.store = kv[1]
            case "time_zone":
                switch kv[1].uppercased() {
                case "WIB": config.settings.clock = .wib
                case "WITA": config.settings.clock = .wita
                case "WIT": config.settings.clock = .wit
                default: throw Problem(file: file, line: i + 1, message: L("time_zone: WIB, WITA or WIT"))
                }
            default:
                throw Problem(file: file, line: i + 1, message: L("unknown key \"\(kv[0])\" (rules, failed_attempts, theme, time_zone, store)"))
            }
        }
        return config
    }
}
