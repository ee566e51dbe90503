/// Desk-wide settings that change what the domain decides. Defaults are Jakarta 2021 practice.
public struct DeskSettings: Sendable, Equatable {
    /// After this many failed calls (no answer, busy, wrong number) the case goes to a field tracer.
    public var failedAttemptsBeforeFieldTracer: Int
    public var clock: WallClock
    /// The rule set new interviews use (an interview keeps the one it started with).
    public var rules: RuleSet

    public init(failedAttemptsBeforeFieldTracer: Int = 3, clock: WallClock = .wib, rules: RuleSet = .indonesia2021) {
        self.failedAttemptsBeforeFieldTracer = failedAttemptsBeforeFieldTracer
        self.clock = clock
        self.rules = rules
    }
}
