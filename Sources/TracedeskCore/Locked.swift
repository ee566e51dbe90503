import Foundation

/// A value several threads share, each use under one lock: a flag set on one thread and
/// taken on another, or what worker threads add up. The one such type, in place of a small
/// locked class for each use.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var held: Value

    public init(_ value: Value) { held = value }

    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&held)
    }

    public var value: Value { withLock { $0 } }
}

extension Locked where Value == Bool {
    public convenience init() { self.init(false) }
    public func set() { withLock { $0 = true } }
    /// Whether it was set, clearing it.
    public func take() -> Bool { withLock { was in defer { was = false }; return was } }
    public var isSet: Bool { value }
}

/// A value handed to one other thread, which alone uses it from then on: what the compiler
/// cannot see, said once.
public struct UncheckedBox<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}
