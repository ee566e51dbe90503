/// The in-memory terminal: same interface as ncurses, a cell grid you can read back.
/// Screen tests type keys into it and assert what a tracer would see (ratatui's TestBackend).
public final class MemoryTerminal: Terminal {
    public private(set) var size: Size
    public private(set) var frames: [Frame] = []
    private var pending: [Input] = []

    public var lineDrawing = true

    public init(width: Int = 80, height: Int = 24) { size = Size(width: width, height: height) }

    public func present(_ frame: Frame) { frames.append(frame) }

    public func read(timeoutMilliseconds: Int) -> Input {
        pending.isEmpty ? .idle : pending.removeFirst()
    }

    /// Queues keys as a tracer would type them.
    public func type(_ keys: Key...) { pending += keys.map { .key($0) } }
    public func type(text: String) { pending += text.map { .key(.char($0)) } }
    public func send(_ input: Input) { pending.append(input) }
    /// Pastes as a terminal with bracketed paste delivers it: one piece of text.
    public func paste(_ text: String) { pending.append(.paste(text)) }

    public func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        pending.append(.resize(size))
    }

    public var hasPendingInput: Bool { !pending.isEmpty }
    public var lastFrame: Frame? { frames.last }
    /// The rows of the last frame.
    public var screen: [String] { lastFrame?.lines ?? [] }
    public var screenText: String { screen.joined(separator: "\n") }
}
