// catalogue: not shown — theme files' words and the built-in theme files
import TracedeskCore
/// Semantic places on the screen that a theme colours. A slot a theme leaves out falls back to
/// its parent, then to the built-in default.
public enum Slot: String, CaseIterable, Sendable {
    case normal, title, header, status
    case selected, selectedUnfocused = "selected-unfocused"
    case hintKey = "hint-key", hintText = "hint-text"
    case fieldLabel = "field-label", fieldActive = "field-active", fieldInvalid = "field-invalid"
    case warning, error, success, disabled, overdue, approved, returned

    public var parent: Slot? {
        switch self {
        case .normal: nil
        case .selectedUnfocused: .selected
        case .hintText, .header: .status
        case .hintKey: .hintText
        case .fieldInvalid: .error
        case .overdue: .warning
        case .approved: .success
        case .returned: .warning
        default: .normal
        }
    }
}

public enum ThemeColor: Equatable, Sendable {
    case `default`
    /// 0–255 in the xterm palette (0–7 the basic colours, 8–15 their bright forms).
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    init?(parsing s: String) {
        let t = s.lowercased()
        if t == "default" { self = .default; return }
        if let i = ThemeColor.names.firstIndex(of: t) { self = .indexed(i); return }
        if t.hasPrefix("bright-"), let i = ThemeColor.names.firstIndex(of: String(t.dropFirst(7))) {
            self = .indexed(i + 8); return
        }
        if t.hasPrefix("color"), let n = Int(t.dropFirst(5)), (0...255).contains(n) { self = .indexed(n); return }
        if t.hasPrefix("#"), t.count == 7, let v = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)); return
        }
        return nil
    }

    /// The nearest colour a terminal with `colors` colours has: -1 for the terminal's default.
    /// Under 16 colours a bright colour becomes its basic one (the caller adds bold).
    public func index(forColors colors: Int) -> (index: Int, bright: Bool) {
        switch self {
        case .default: return (-1, false)
        case .indexed(let i):
            if i < colors { return (i, false) }
            if i < 16 { return (i - 8, true) }
            return (ThemeColor.nearestBasic(ThemeColor.rgbOf(i)), false)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return (ThemeColor.nearest256(r, g, b), false) }
            return (ThemeColor.nearestBasic((r, g, b)), false)
        }
    }

    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]
    static let basicRGB: [(Int, Int, Int)] = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
                                              (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229)]

    static func rgbOf(_ i: Int) -> (UInt8, UInt8, UInt8) {
        if i < 8 { let c = basicRGB[i]; return (UInt8(c.0), UInt8(c.1), UInt8(c.2)) }
        if i < 16 { let c = basicRGB[i - 8]; return (UInt8(min(255, c.0 + 50)), UInt8(min(255, c.1 + 50)), UInt8(min(255, c.2 + 50))) }
        if i < 232 {
            let n = i - 16
            return (UInt8(cubeLevels[n / 36]), UInt8(cubeLevels[(n / 6) % 6]), UInt8(cubeLevels[n % 6]))
        }
        let g = UInt8(8 + (i - 232) * 10)
        return (g, g, g)
    }

    static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr * 2 + dg * dg * 4 + db * db * 3
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        (16..<256).min { distance(rgbOf($0), (r, g, b)) < distance(rgbOf($1), (r, g, b)) } ?? 7
    }

    static func nearestBasic(_ c: (UInt8, UInt8, UInt8)) -> Int {
        (0..<8).min { distance(rgbOf($0), c) < distance(rgbOf($1), c) } ?? 7
    }
}

public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let reverse = Attributes(rawValue: 2)
    public static let underline = Attributes(rawValue: 4)
    public static let dim = Attributes(rawValue: 8)

    init?(parsing s: String) {
        var a: Attributes = []
        for part in s.split(separator: ",") {
            switch part.lowercased() {
            case "bold": a.insert(.bold)
            case "reverse": a.insert(.reverse)
            case "underline": a.insert(.underline)
            case "dim": a.insert(.dim)
            case "none", "-": break
            default: return nil
            }
        }
        self = a
    }
}

public struct SlotStyle: Equatable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: Attributes
    /// What the slot looks like on a terminal without colour (or with NO_COLOR set).
    public var mono: Attributes
}

/// How a slot is drawn on one terminal: colour indexes (-1: the terminal's own) and attributes.
public struct Appearance: Equatable, Sendable {
    public var foreground: Int
    public var background: Int
    public var attributes: Attributes
}

extension Theme {
    /// The slot on a terminal with `colors` colours; nil means no colour at all (NO_COLOR, a
    /// monochrome terminal): the slot's monochrome attributes alone.
    public func appearance(_ slot: Slot, colors: Int?) -> Appearance {
        let st = style(slot)
        guard let colors else { return Appearance(foreground: -1, background: -1, attributes: st.mono) }
        let fg = st.foreground.index(forColors: colors)
        let bg = st.background.index(forColors: colors)
        var a = st.attributes
        // Under 16 colours "bright" can only be shown as bold (tig, htop do the same).
        if fg.bright { a.insert(.bold) }
        return Appearance(foreground: fg.index, background: bg.index, attributes: a)
    }
}

/// A theme: a style per slot, read from a file in `themes/`.
///
/// Format, one slot a line (`#` starts a comment):
///     selected   fg=black bg=cyan attr=bold mono=reverse
public struct Theme: Sendable {
    public var name: String
    var styles: [Slot: SlotStyle]

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// The slot's style, through the fallback chain slot → parent → built-in.
    public func style(_ slot: Slot) -> SlotStyle {
        var s: Slot? = slot
        while let cur = s {
            if let st = styles[cur] { return st }
            s = cur.parent
        }
        return Theme.builtIn.styles[slot] ?? SlotStyle(foreground: .default, background: .default, attributes: [], mono: [])
    }

    public static func parse(_ text: String, name: String, file: String) throws(Problem) -> Theme {
        var styles: [Slot: SlotStyle] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            guard let slot = Slot(rawValue: first) else {
                throw Problem(file: file, line: i + 1, message: L("unknown slot \"\(first)\" (slots: \(Slot.allCases.map(\.rawValue).joined(separator: ", ")))"))
            }
            var st = SlotStyle(foreground: .default, background: .default, attributes: [], mono: [])
            for w in words.dropFirst() {
                let kv = w.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else {
                    throw Problem(file: file, line: i + 1, message: L("\"\(w)\" should be key=value (fg, bg, attr, mono)"))
                }
                switch kv[0] {
                case "fg", "bg":
                    guard let c = ThemeColor(parsing: kv[1]) else {
                        throw Problem(file: file, line: i + 1, message: L("\"\(kv[1])\" is not a colour (a name, default, colorN or #RRGGBB)"))
                    }
                    if kv[0] == "fg" { st.foreground = c } else { st.background = c }
                case "attr", "mono":
                    guard let a = Attributes(parsing: kv[1]) else {
                        throw Problem(file: file, line: i + 1, message: L("\"\(kv[1])\" is not an attribute list (bold, reverse, underline, dim)"))
                    }
                    if kv[0] == "attr" { st.attributes = a } else { st.mono = a }
                default:
                    throw Problem(file: file, line: i + 1, message: L("unknown key \"\(kv[0])\" (fg, bg, attr, mono)"))
                }
            }
            styles[slot] = st
        }
        return Theme(name: name, styles: styles)
    }

    /// The built-in copy of themes/default.theme (a test keeps the two identical), used when
    /// the themes folder cannot be found or a theme file is bad.
    public static let builtIn: Theme = {
        do { return try parse(defaultThemeText, name: "default", file: "built-in") }
        catch { return Theme(name: "default", styles: [:]) }
    }()

    public static let defaultThemeText = """
    # tracedesk default theme (dark). One slot a line: fg=, bg=, attr=, mono= (no colour).
    # Colours: black red green yellow blue magenta cyan white, bright-NAME, default, colorN, #RRGGBB.
    normal              fg=default      bg=default
    title               fg=black        bg=cyan                        mono=reverse,bold
    header              fg=bright-white bg=blue        attr=bold       mono=underline,bold
    status              fg=white        bg=blue                        mono=reverse
    selected            fg=black        bg=bright-cyan                 mono=reverse
    selected-unfocused  fg=black        bg=white                       mono=underline
    hint-key            fg=bright-yellow bg=blue       attr=bold       mono=reverse,bold
    hint-text           fg=white        bg=blue                        mono=reverse
    field-label         fg=cyan         bg=default                     mono=dim
    field-active        fg=bright-white bg=color238    attr=underline  mono=underline
    field-invalid       fg=bright-red   bg=default     attr=bold       mono=bold,underline
    warning             fg=yellow       bg=default     attr=bold       mono=bold
    error               fg=bright-white bg=red         attr=bold       mono=reverse,bold
    success             fg=green        bg=default     attr=bold       mono=bold
    disabled            fg=bright-black bg=default                     mono=dim
    overdue             fg=bright-red   bg=default     attr=bold       mono=bold
    approved            fg=green        bg=default                     mono=bold
    returned            fg=magenta      bg=default     attr=bold       mono=bold,underline

    """

    /// Every shipped theme, built into the binary (a test keeps each identical to its file in
    /// themes/): a copied or installed binary has them all; files in a themes folder override.
    public static let builtInTexts: [String: String] = [
        "default": defaultThemeText,
        "high-contrast": """
    # tracedesk high-contrast theme: black and white with strong accents, for bright rooms and weak
    # eyes. Text pairs are chosen for a contrast ratio of 7:1 or more (WCAG AAA) on the usual palette.
    normal              fg=bright-white bg=black
    title               fg=black        bg=bright-yellow attr=bold     mono=reverse,bold
    header              fg=black        bg=bright-white  attr=bold     mono=reverse,bold
    status              fg=black        bg=bright-white                mono=reverse
    selected            fg=black        bg=bright-yellow attr=bold     mono=reverse,bold
    selected-unfocused  fg=black        bg=white         attr=bold     mono=underline,bold
    hint-key            fg=black        bg=bright-yellow attr=bold     mono=reverse,bold
    hint-text           fg=black        bg=bright-white                mono=reverse
    field-label         fg=bright-cyan  bg=black         attr=bold     mono=bold
    field-active        fg=black        bg=bright-white  attr=bold     mono=reverse
    field-invalid       fg=black        bg=bright-red    attr=bold     mono=reverse,underline
    warning             fg=bright-yellow bg=black        attr=bold     mono=bold,underline
    error               fg=black        bg=bright-red    attr=bold     mono=reverse,bold
    success             fg=bright-green bg=black         attr=bold     mono=bold
    disabled            fg=white        bg=black                       mono=dim
    overdue             fg=bright-red   bg=black         attr=bold     mono=bold,underline
    approved            fg=bright-green bg=black         attr=bold     mono=bold
    returned            fg=bright-magenta bg=black       attr=bold     mono=bold,underline

    """,
        "light": """
    # tracedesk light theme: dark text on a light terminal (bright rooms).
    normal              fg=default      bg=default
    title               fg=white        bg=blue        attr=bold       mono=reverse,bold
    header              fg=black        bg=color152    attr=bold       mono=underline,bold
    status              fg=black        bg=color252                    mono=reverse
    selected            fg=white        bg=color25                     mono=reverse
    selected-unfocused  fg=black        bg=color250                    mono=underline
    hint-key            fg=color19      bg=color252    attr=bold       mono=reverse,bold
    hint-text           fg=black        bg=color252                    mono=reverse
    field-label         fg=color24      bg=default                     mono=dim
    field-active        fg=black        bg=color229    attr=underline  mono=underline
    field-invalid       fg=color160     bg=default     attr=bold       mono=bold,underline
    warning             fg=color130     bg=default     attr=bold       mono=bold
    error               fg=white        bg=color160    attr=bold       mono=reverse,bold
    success             fg=color28      bg=default     attr=bold       mono=bold
    disabled            fg=color244     bg=default                     mono=dim
    overdue             fg=color160     bg=default     attr=bold       mono=bold
    approved            fg=color28      bg=default                     mono=bold
    returned            fg=color90      bg=default     attr=bold       mono=bold,underline

    """,
        "monochrome": """
    # tracedesk monochrome theme: attributes only, for terminals without colour (and NO_COLOR).
    normal              fg=default bg=default
    title               attr=reverse,bold       mono=reverse,bold
    header              attr=underline,bold     mono=underline,bold
    status              attr=reverse            mono=reverse
    selected            attr=reverse            mono=reverse
    selected-unfocused  attr=underline          mono=underline
    hint-key            attr=reverse,bold       mono=reverse,bold
    hint-text           attr=reverse            mono=reverse
    field-label         attr=dim                mono=dim
    field-active        attr=underline          mono=underline
    field-invalid       attr=bold,underline     mono=bold,underline
    warning             attr=bold               mono=bold
    error               attr=reverse,bold       mono=reverse,bold
    success             attr=bold               mono=bold
    disabled            attr=dim                mono=dim
    overdue             attr=bold,underline     mono=bold,underline
    approved            attr=bold               mono=bold
    returned            attr=bold,underline     mono=bold,underline

    """,
    ]
}
