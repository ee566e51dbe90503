import Foundation
import Testing

/// Issue 15, item 13: a copied binary, run from $PATH with no source tree near it, still has
/// every shipped theme; a theme file in the user's folder still overrides a built-in one.
@Suite struct InstalledBinaryEndToEndTests {
    @Test func aCopiedBinaryRunFromPathHasEveryTheme() throws {
        let s = Scratch()
        let bin = s.path + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: tracedeskBinary, toPath: bin + "/tracedesk")
        var env = s.environment()
        env["PATH"] = bin + ":/usr/bin:/bin"
        // A copy just written can be "text file busy" for a moment (another test's child
        // inherited the descriptor): tried again until it runs.
        var result: RunResult?
        waitUntil("the copied binary never ran") {
            result = try? run(["themes"], env: env, executable: bin + "/tracedesk")
            return result != nil
        }
        let r = try #require(result)
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["default", "high-contrast", "light", "monochrome"] {
            #expect(r.stdout.contains(name), "\(name) missing:\n\(r.stdout)")
        }
        #expect(!r.stdout.contains("/work/"), "found the source tree's themes:\n\(r.stdout)")
        // A user theme of the same name wins.
        try FileManager.default.createDirectory(atPath: s.path + "/config/tracedesk/themes", withIntermediateDirectories: true)
        _ = s.write("config/tracedesk/themes/light.theme", "normal fg=default bg=default\n")
        let again = try run(["themes"], env: env, executable: bin + "/tracedesk")
        let light = again.stdout.split(separator: "\n").first { $0.contains("light") } ?? ""
        #expect(light.contains(s.path + "/config/tracedesk/themes/light.theme"), "\(again.stdout)")
    }
}
