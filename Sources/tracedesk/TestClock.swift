import ArgumentParser
import Foundation
import TracedeskCore

/// The desk's clock. For tests only: `TRACEDESK_NOW=2021-07-05T03:00:00Z` (UTC, as the journal
/// writes times) starts the desk's clock at that moment, and it runs on from there in real
/// time, so an end-to-end test can walk a contact through the days of quarantine. Never set it
/// for real work: every event the desk writes carries this clock's time.
enum TestClock {
    static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> @Sendable () -> Date {
        guard let text = env["TRACEDESK_NOW"], !text.isEmpty else { return { Date() } }
        guard let start = try? Timestamp.parse(text) else {
            throw ValidationError(L("TRACEDESK_NOW (for tests only): a UTC time like 2021-07-05T03:00:00Z, not \"\(text)\""))
        }
        let real = Date()
        return { start.addingTimeInterval(Date().timeIntervalSince(real)) }
    }
}
