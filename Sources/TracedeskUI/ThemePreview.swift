// catalogue: not shown — a theme file's own words, shown as written in the file
import TracedeskCore
/// Every slot of a theme drawn in its own style, with what the theme file says of it.
public enum ThemePreview {
    public static func draw(_ theme: Theme, into f: inout Frame) {
        f.fill(y: 0, slot: .title)
        f.put(L(" Theme \(theme.name) — every slot; any key leaves"), x: 0, y: 0, slot: .title)
        var y = 2
        for slot in Slot.allCases where y < f.size.height - 1 {
            let st = theme.style(slot)
            f.field(" " + slot.rawValue, x: 1, y: y, width: 22, slot: slot)
            let describe = "fg=\(name(st.foreground)) bg=\(name(st.background)) attr=\(attrs(st.attributes)) mono=\(attrs(st.mono))"
            f.put(describe, x: 25, y: y, slot: .normal, maxWidth: f.size.width - 26)
            y += 1
        }
        f.fill(y: f.size.height - 1, slot: .hintText)
        f.put(L(" any key"), x: 0, y: f.size.height - 1, slot: .hintKey)
        f.put(L(" leave "), x: 8, y: f.size.height - 1, slot: .hintText)
    }

    static func name(_ c: ThemeColor) -> String {
        switch c {
        case .default: "default"
        case .indexed(let i) where i < 8: ThemeColor.names[i]
        case .indexed(let i) where i < 16: "bright-" + ThemeColor.names[i - 8]
        case .indexed(let i): "color\(i)"
        case .rgb(let r, let g, let b):
            "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    static func attrs(_ a: Attributes) -> String {
        let names = [(Attributes.bold, "bold"), (.reverse, "reverse"), (.underline, "underline"), (.dim, "dim")]
        let on = names.filter { a.contains($0.0) }.map(\.1)
        return on.isEmpty ? "-" : on.joined(separator: ",")
    }
}
