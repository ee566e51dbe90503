import Foundation

/// Runs `transform` over each line of a buffer, in parallel chunks when there are many, and
/// returns the results in line order. Each worker has its own tape.
enum ParallelLines {
    static func map<T: Sendable>(_ raw: UnsafeRawBufferPointer, ends: [Int],
                                 _ transform: @escaping @Sendable (UnsafeRawBufferPointer, inout JSONTape) -> T) -> [T] {
        mapIndexed(raw, ends: ends) { _, line, tape in transform(line, &tape) }
    }

    /// The same, with each line's index in `ends`.
    static func mapIndexed<T: Sendable>(_ raw: UnsafeRawBufferPointer, ends: [Int],
                                 _ transform: @escaping @Sendable (Int, UnsafeRawBufferPointer, inout JSONTape) -> T) -> [T] {
        let n = ends.count
        let workers = n < 2_000 ? 1 : max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let chunk = (n + workers - 1) / workers
        // The buffer outlives the call and is only read: hand its address to the workers. Each
        // worker writes its own stretch of the result in place (no per-worker arrays joined).
        let base = UInt(bitPattern: raw.baseAddress)
        let length = raw.count
        return [T](unsafeUninitializedCapacity: n) { out, initialized in
            let target = UInt(bitPattern: out.baseAddress)
            let work = { @Sendable (w: Int) in
                let raw = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: base), count: length)
                let out = UnsafeMutablePointer<T>(bitPattern: target)!
                var tape = JSONTape()
                for i in (w * chunk)..<min(n, (w + 1) * chunk) {
                    let start = i == 0 ? 0 : ends[i - 1] + 1
                    (out + i).initialize(to: transform(i, UnsafeRawBufferPointer(rebasing: raw[start..<ends[i]]), &tape))
                }
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            initialized = n
        }
    }
}

/// Work started on another thread now, its result collected later (once).
final class Prefetch<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = Result { try work() }
            self.done.signal()
        }
    }

    func wait() throws -> T {
        done.wait()
        done.signal() // a second wait returns at once
        return try result!.get()
    }
}
