import Foundation
import Testing
@testable import TracedeskUI

@Suite struct RenderingTests {
    @Test func wideAndCombiningCharactersKeepColumnsAligned() {
        var f = Frame(size: Size(width: 12, height: 2))
        let used = f.put("王小明 Zoë", x: 0, y: 0)
        #expect(used == 10)
        #expect(f.lines[0] == "王小明 Zoë  ")
        #expect(DisplayWidth.of("e\u{301}") == 1) // e + combining acute
        f.put("Jose\u{301}", x: 0, y: 1)
        #expect(f.lines[1].hasPrefix("José"))
        #expect(DisplayWidth.of("👩‍⚕️") == 2)
    }

    @Test func aWideCharacterIsNeverCutInHalf() {
        var f = Frame(size: Size(width: 5, height: 1))
        f.put("ab王王", x: 0, y: 0)
        #expect(f.lines[0] == "ab王…") // the second 王 does not fit: the cut is shown
        #expect(DisplayWidth.fit("王小明王", 5) == "王小…")
        #expect(DisplayWidth.of(DisplayWidth.fit("王小明王", 5)) == 5)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var f = Frame(size: Size(width: 4, height: 1))
        f.put("王王", x: 0, y: 0)
        f.put("x", x: 1, y: 0)
        #expect(f.lines[0] == " x王")
    }

    @Test func textFieldEditsLikeAShell() {
        var t = TextField("budi santoso")
        t.handle(.ctrl("w"))
        #expect(t.text == "budi ")
        t.handle(.home)
        t.handle(.char("X"))
        #expect(t.text == "Xbudi ")
        t.handle(.delete)
        #expect(t.text == "Xudi ")
        t.handle(.end)
        t.handle(.backspace)
        #expect(t.text == "Xudi")
        t.handle(.ctrl("u"))
        #expect(t.text == "")
        var short = TextField(maxLength: 3)
        for c in "abcd" { short.handle(.char(c)) }
        #expect(short.text == "abc")
    }

    /// The field scrolled so the cursor shows: the end of a long note, the cursor after it; at
    /// the start after Home. Found back from the cursor, one row's width a key.
    @Test func aLongFieldShowsTheTextAroundTheCursor() {
        var t = TextField(String(repeating: "x", count: 3_990) + "akhir", maxLength: 4_000)
        var frame = Frame(size: Size(width: 40, height: 1))
        let at = t.draw(into: &frame, x: 0, y: 0, width: 20, slot: .normal)
        #expect(at == 19)
        // What scrolled out on the left is marked with "…" (issue 15, fresh tester).
        #expect(frame.lines[0].hasPrefix("…" + String(repeating: "x", count: 13) + "akhir"))
        t.handle(.home)
        var again = Frame(size: Size(width: 40, height: 1))
        #expect(t.draw(into: &again, x: 0, y: 0, width: 20, slot: .normal) == 0)
        #expect(again.lines[0].hasPrefix(String(repeating: "x", count: 20)))
    }

    @Test func theShippedDefaultThemeIsTheBuiltInOne() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes/default.theme")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text == Theme.defaultThemeText)
        let theme = try Theme.parse(text, name: "default", file: url.path)
        for slot in Slot.allCases { _ = theme.style(slot) }
        #expect(theme.style(.selected).background == .indexed(14))
    }

    @Test func themeProblemsNameFileAndLine() {
        #expect(throws: Theme.Problem(file: "t.theme", line: 2, message: "\"purple\" is not a colour (a name, default, colorN or #RRGGBB)")) {
            try Theme.parse("normal fg=default\ntitle fg=purple\n", name: "t", file: "t.theme")
        }
        #expect(throws: Theme.Problem.self) { try Theme.parse("nosuchslot fg=red", name: "t", file: "t.theme") }
    }

    @Test func aSlotLeftOutFallsBackToItsParent() throws {
        let t = try Theme.parse("warning fg=yellow attr=bold\n", name: "t", file: "t")
        #expect(t.style(.overdue).foreground == .indexed(3)) // overdue → warning
    }

    @Test func coloursMapToWhatTheTerminalHas() {
        #expect(ThemeColor(parsing: "#ff0000")!.index(forColors: 256).index == 196)
        #expect(ThemeColor(parsing: "#ff0000")!.index(forColors: 8).index == 1)
        let bright = ThemeColor(parsing: "bright-cyan")!.index(forColors: 8)
        #expect(bright.index == 6 && bright.bright)
        #expect(ThemeColor(parsing: "color123") == .indexed(123))
        #expect(ThemeColor(parsing: "default")!.index(forColors: 256).index == -1)
    }

    @Test func everyKeyInAContextMeansOneThing() {
        for ctx in Context.allCases {
            var seen: [Key: Action] = [:]
            for s in ActionTable.specs(in: ctx) {
                for k in s.keys {
                    if let other = seen[k] { #expect(other == s.action, "\(k) in \(ctx)") }
                    seen[k] = s.action
                }
            }
        }
    }

    @Test func signInRefusesBadIds() {
        var s = SignInScreen()
        #expect(s.update(.key(.enter)) == .stay)
        #expect(s.error == "type your tracer id")
        for c in "tr 1" { _ = s.update(.key(.char(c))) }
        #expect(s.update(.key(.enter)) == .stay)
        #expect(s.error == "use letters, digits, - _ or . only")
        var ok = SignInScreen()
        for c in "tracer-07" { _ = ok.update(.key(.char(c))) }
        #expect(ok.update(.key(.enter)) == .signedIn("tracer-07"))
    }
}

@Suite struct ShippedThemeTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    @Test(arguments: ["default", "light", "high-contrast", "monochrome"]) func shippedThemeParsesAndPreviewsEverySlot(_ name: String) throws {
        let url = Self.themes.appendingPathComponent(name + ".theme")
        let theme = try Theme.parse(try String(contentsOf: url, encoding: .utf8), name: name, file: url.path)
        var f = Frame(size: Size(width: 100, height: 30))
        ThemePreview.draw(theme, into: &f)
        #expect(f.lines[0].contains("Theme \(name)"))
        for slot in Slot.allCases {
            let row = f.lines.firstIndex { $0.hasPrefix("  \(slot.rawValue) ") }
            #expect(row != nil, "\(slot.rawValue)")
            if let row { #expect(f.slots(row: row)[2] == slot) }
        }
        // Every slot says what it looks like without colour.
        for slot in Slot.allCases where slot != .normal { #expect(!theme.style(slot).mono.isEmpty, "\(name) \(slot.rawValue)") }
    }
}

@Suite struct BuiltInThemeTests {
    /// Every shipped theme file is built into the binary, word for word.
    @Test func everyShippedThemeIsBuiltIn() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".theme") }
        #expect(Set(files.map { String($0.dropLast(6)) }) == Set(Theme.builtInTexts.keys))
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            #expect(Theme.builtInTexts[String(f.dropLast(6))] == text, "\(f)")
        }
    }

    /// Where terminals brighten bold text, bold black on cyan turns grey: the title is not bold.
    @Test func theDefaultTitleBarIsNotBoldBlack() {
        let title = Theme.builtIn.style(.title)
        #expect(!(title.attributes.contains(.bold) && title.foreground == .indexed(0)))
    }
}

extension BuiltInThemeTests {
    /// Issue 15, item 12: a popup has a border, so it is not read as part of the list under it.
    @Test func theAssignPopupHasABorder() {
        let h = DeskHarness(events: queueWithFiledInterview(), tracer: "lead-01", team: leadTeam)
        h.type(.char("b"), .char("u"), .char(" "), .char("a"))
        let top = h.screen.first { $0.contains("Assign 1 case to:") } ?? ""
        #expect(top.contains("┌") && top.contains("┐"), "\(h.text)")
        #expect(h.screen.contains { $0.contains("└") && $0.contains("┘") }, "\(h.text)")
    }
}
