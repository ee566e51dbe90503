/// A terminal size in cells.
public struct Size: Equatable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) { self.width = width; self.height = height }
    public var description: String { "\(width)×\(height)" }
}

/// A key as the desk understands it, whatever terminal produced it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
}

/// What the terminal hands the desk's loop.
public enum Input: Equatable, Sendable {
    case key(Key)
    case resize(Size)
    /// Nothing arrived within the wait: time to look for other desks' events.
    case idle
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT: restore the terminal and leave.
    case signal(Int32)
    /// Text the terminal marked as pasted (bracketed paste, `ESC[200~` … `ESC[201~`): text for
    /// the focused field, never keys, whatever letters or line breaks it holds.
    case paste(String)
}

/// The one interface screens are drawn on: ncurses in the desk, `MemoryTerminal` in tests.
public protocol Terminal: AnyObject {
    var size: Size { get }
    /// Shows the frame; implementations send only what changed.
    func present(_ frame: Frame)
    /// Waits up to `timeoutMilliseconds` for input.
    func read(timeoutMilliseconds: Int) -> Input
    /// False when the terminal has no line drawing: boxes are drawn with + - | instead.
    var lineDrawing: Bool { get }
    /// Draws from now on in `theme` (at the colour depth decided at start).
    func use(_ theme: Theme)
}

extension Terminal {
    public func use(_ theme: Theme) {}
}
