/// Desk-wide settings that change what the domain decides. Defaults are Jakarta 2021 practice.
public struct DeskSettings: Sendable, Equatable {
    /// After this many failed calls (no answer, busy, wrong number) the case goes to a field tracer.
    public var failedAttemptsBeforeFieldTracer: Int
    public var clock: WallClock

    public init(failedAttemptsBeforeFieldTracer: Int = 3, clock: WallClock = .wib) {
        self.failedAttemptsBeforeFieldTracer = failedAttemptsBeforeFieldTracer
        self.clock = clock
    }
}
