import CNcursesw
import Foundation
import TracedeskCore
import TracedeskUI

/// The one ncurses adapter. Owns the real terminal from `start()` to `restore()`; everything
/// else draws into `Frame`s. ncurses is not thread-safe: use it from one thread only.
public final class CursesTerminal: Terminal {
    public enum StartError: Error, CustomStringConvertible {
        case unusableTerminal(String)
        public var description: String {
            switch self {
            case .unusableTerminal(let term):
                L("tracedesk cannot draw on this terminal (TERM=\(term)). Use a terminal such as xterm-256color, screen-256color or linux.")
            }
        }
    }

    private var screen: OpaquePointer?
    private var previous: Frame?
    private var attrs: [Slot: (attr: attr_t, pair: Int16)] = [:]
    private var active = false
    private var noColor = false
    public private(set) var colors = 0

    public init() {}

    /// Takes over the terminal. Colour depth is decided once, here.
    public func start(theme: Theme, noColor: Bool) throws {
        CursesTerminal.setUTF8Locale()
        // Ours before ncurses': it leaves handlers alone that are already installed.
        td_install_signal_handlers()
        let term = ProcessInfo.processInfo.environment["TERM"] ?? "" // not shown: an environment variable's name
        guard !term.isEmpty, term != "dumb", let s = td_newterm() else {
            throw StartError.unusableTerminal(term.isEmpty ? L("(unset)") : term)
        }
        screen = s
        active = true
        cbreak()
        noecho()
        nonl()
        keypad(td_stdscr(), true)
        td_define_extra_keys()
        td_bracketed_paste(1)
        td_set_escdelay(25)
        curs_set(0)
        lineDrawing = td_has_line_drawing() != 0
        self.noColor = noColor
        setupColors(theme: theme, noColor: noColor)
    }

    /// A theme chosen in the desk: new colour pairs, and the whole screen drawn again.
    public func use(_ theme: Theme) {
        guard active else { return }
        setupColors(theme: theme, noColor: noColor)
        previous = nil
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func restore() {
        guard active else { return }
        active = false
        curs_set(1)
        endwin()
        td_bracketed_paste(0)
        if let s = screen { delscreen(s); screen = nil }
    }

    deinit { restore() }

    public private(set) var lineDrawing = true

    public var size: Size {
        Size(width: Int(getmaxx(td_stdscr())), height: Int(getmaxy(td_stdscr())))
    }

    private func setupColors(theme: Theme, noColor: Bool) {
        let useColor = !noColor && has_colors()
        if useColor {
            start_color()
            use_default_colors()
            colors = Int(td_colors())
        }
        for (i, slot) in Slot.allCases.enumerated() {
            guard useColor, i + 1 < Int(td_color_pairs()) else {
                attrs[slot] = (CursesTerminal.attr(theme.appearance(slot, colors: nil).attributes), 0)
                continue
            }
            let look = theme.appearance(slot, colors: colors)
            init_pair(Int16(i + 1), Int16(look.foreground), Int16(look.background))
            attrs[slot] = (CursesTerminal.attr(look.attributes), Int16(i + 1))
        }
    }

    static func attr(_ a: Attributes) -> attr_t {
        var v = td_a_normal()
        if a.contains(.bold) { v |= td_a_bold() }
        if a.contains(.reverse) { v |= td_a_reverse() }
        if a.contains(.underline) { v |= td_a_underline() }
        if a.contains(.dim) { v |= td_a_dim() }
        return v
    }

    public func present(_ frame: Frame) {
        let win = td_stdscr()
        let full = previous?.size != frame.size
        if full { werase(win) }
        for y in 0..<frame.size.height {
            if !full, let p = previous, rowEqual(p, frame, y) { continue }
            drawRow(frame, y)
        }
        if let c = frame.cursor {
            curs_set(1)
            wmove(win, Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        wrefresh(win)
        previous = frame
    }

    private func rowEqual(_ a: Frame, _ b: Frame, _ y: Int) -> Bool {
        for x in 0..<a.size.width where a[x, y] != b[x, y] { return false }
        return true
    }

    /// Runs of cells in one slot go out as one wide string.
    private func drawRow(_ frame: Frame, _ y: Int) {
        var x = 0
        let w = frame.size.width
        while x < w {
            let slot = frame[x, y].slot
            let startX = x
            var text = ""
            while x < w, frame[x, y].slot == slot {
                if !frame[x, y].continuation { text += frame[x, y].text }
                x += 1
            }
            let a = attrs[slot] ?? (td_a_normal(), 0)
            attr_set(a.attr, a.pair, nil)
            var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
            // The bottom-right cell would scroll the screen: leave it.
            if y == frame.size.height - 1 && x == w && !wide.isEmpty { wide.removeLast() }
            wide.append(0)
            _ = mvaddnwstr(Int32(y), Int32(startX), wide, Int32(wide.count - 1))
        }
        attr_set(td_a_normal(), 0, nil)
    }

    /// A signal that arrived while keys were still waiting: those keys are read first.
    private var heldSignal: Int32 = 0
    /// get_wch said "nothing" while the input was ready: end of file, a hung-up or broken input.
    private var emptyReadyReads = 0

    public func read(timeoutMilliseconds: Int) -> Input {
        if heldSignal == 0 { heldSignal = td_take_pending_signal() }
        if heldSignal != 0 {
            // Keys the tracer sent before the signal (a note still in the terminal's buffer)
            // are applied before the desk saves and leaves: read without waiting until none is left.
            timeout(0)
            while let input = nextInput() {
                if input != .idle { return input }
            }
            let sig = heldSignal
            heldSignal = 0
            return .signal(sig)
        }
        timeout(Int32(timeoutMilliseconds))
        let input = nextInput()
        // A signal during the wait: whatever was read goes first, then the rest of the
        // pending keys, then the signal (next call).
        heldSignal = td_take_pending_signal()
        if let input { return input }
        if heldSignal != 0 { return read(timeoutMilliseconds: 0) }
        // With input at end of file get_wch fails at once, for ever: the loop would spin at
        // full CPU. Ready-but-empty three times running is no keyboard; a hang-up ends the desk
        // (saving what was typed) as SIGHUP does. A key arriving between a timeout and the
        // look resets the count on the next read.
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        if poll(&fds, 1, 0) > 0 {
            emptyReadyReads += 1
            if emptyReadyReads >= 3 { return .signal(SIGHUP) }
        } else {
            emptyReadyReads = 0
        }
        return .idle
    }

    /// One input from ncurses, or nil when it gave none (timeout, end of file, error).
    private func nextInput() -> Input? {
        var ch: wint_t = 0
        let r = get_wch(&ch)
        if r == KEY_CODE_YES {
            emptyReadyReads = 0
            if Int32(ch) == td_key_paste_start() { return readPaste() }
            if Int32(ch) == KEY_RESIZE {
                previous = nil
                return .resize(size)
            }
            return CursesTerminal.functionKey(Int32(ch)).map { .key($0) } ?? .idle
        }
        guard r == OK else { return nil }
        emptyReadyReads = 0
        return CursesTerminal.characterKey(UInt32(ch)).map { .key($0) } ?? .idle
    }

    /// The text between the paste markers, as one input. Line breaks arrive as CR (tmux, most
    /// terminals) or LF; both become "\n", CR LF one "\n". Function keys inside are dropped.
    private func readPaste() -> Input {
        var scalars = String.UnicodeScalarView()
        var lastWasCR = false
        // The end marker normally follows at once; a terminal that never sends it still gets
        // its text delivered after a quiet second.
        timeout(1000)
        while scalars.count < 1 << 20 {
            var ch: wint_t = 0
            let r = get_wch(&ch)
            if r == KEY_CODE_YES {
                let code = Int32(ch)
                if code == td_key_paste_end() { break }
                if code == KEY_RESIZE { previous = nil }
                if code == KEY_ENTER { scalars.append("\n") }
                lastWasCR = false
                continue
            }
            guard r == OK else { break }
            let v = UInt32(ch)
            if v == 13 { scalars.append("\n"); lastWasCR = true; continue }
            if v == 10 { if !lastWasCR { scalars.append("\n") }; lastWasCR = false; continue }
            lastWasCR = false
            if let s = Unicode.Scalar(v) { scalars.append(s) }
        }
        return .paste(String(scalars))
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        default:
            (1...12).first { td_key_f(Int32($0)) == code }.map { .function($0) }
        }
    }

    static func characterKey(_ v: UInt32) -> Key? {
        switch v {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(v + 96)!))
        default:
            guard let s = Unicode.Scalar(v) else { return nil }
            return .char(Character(s))
        }
    }

    /// Tracers' servers often lack the id_ID locale: keep UTF-8 drawing with C.UTF-8 then.
    static func setUTF8Locale() {
        setlocale(LC_ALL, "")
        let ctype = String(cString: setlocale(LC_CTYPE, nil))
        if !ctype.uppercased().contains("UTF-8") && !ctype.uppercased().contains("UTF8") { // not shown: locale names
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") } // not shown: locale names
        }
    }
}
