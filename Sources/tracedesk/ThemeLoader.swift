import TracedeskCore
import Foundation
import TracedeskJournal
import TracedeskUI

/// Finds a theme: a path, or a name looked up in $XDG_CONFIG_HOME/tracedesk/themes/ (else
/// ~/.config/tracedesk/themes/), the themes/ folder of the binary's package, /usr/share, and
/// last the themes built into the binary (default, light, high-contrast, monochrome), so a
/// copied or installed binary has them all.
enum ThemeLoader {
    /// Where a built-in theme comes from, in `available()`: a marker, shown in the user's language.
    static let builtIn = "(built in)" // not shown: command name, --help text (ArgumentParser) or an environment or file name
    static func load(_ nameOrPath: String?) -> (theme: Theme, problem: String?) {
        let name = nameOrPath ?? "default" // not shown: a theme's name
        guard let file = find(name) else {
            if let text = Theme.builtInTexts[name], let theme = try? Theme.parse(text, name: name, file: "built-in") { // not shown: a theme file name for built-in themes
                return (theme, nil)
            }
            return (Theme.builtIn, L("no theme \"\(name)\" (looked for \(name).theme in \(searchDirectories().joined(separator: ", ")) and the built-in themes)"))
        }
        do {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let shortName = ((name as NSString).lastPathComponent as NSString).deletingPathExtension
            return (try Theme.parse(text, name: shortName, file: file), nil)
        } catch let p as Theme.Problem {
            return (Theme.builtIn, p.description)
        } catch {
            // Foundation's own words ("The operation could not be completed. (NSCocoaErrorDomain
            // error 256.)") are English and say nothing; what is wrong is said here.
            var isFolder: ObjCBool = false
            let why = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder) && isFolder.boolValue ? L("it is a folder, not a theme file")
                : FileManager.default.isReadableFile(atPath: file) ? L("it is not UTF-8 text") : L("you may not read it")
            return (Theme.builtIn, L("cannot read \(file): \(why)"))
        }
    }

    /// Every theme by name; a user theme hides a shipped one of the same name.
    static func available() -> [(name: String, path: String)] {
        var seen: [String: String] = [:]
        for dir in searchDirectories() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for f in files.sorted() where f.hasSuffix(".theme") { // not shown: a file extension
                let name = String(f.dropLast(6))
                if seen[name] == nil { seen[name] = dir + "/" + f }
            }
        }
        for name in Theme.builtInTexts.keys where seen[name] == nil { seen[name] = builtIn }
        return seen.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func find(_ name: String) -> String? {
        let fm = FileManager.default
        if name.contains("/") || name.hasSuffix(".theme") { return fm.fileExists(atPath: name) ? name : nil } // not shown: a file extension
        for dir in searchDirectories() {
            let p = dir + "/" + name + ".theme" // not shown: a file extension
            if fm.fileExists(atPath: p) { return p }
        }
        return nil
    }

    static func searchDirectories() -> [String] {
        let env = ProcessInfo.processInfo.environment
        var dirs: [String] = []
        dirs.append(JournalLocation.configDirectory(environment: env) + "/themes") // not shown: a folder name
        // The package's themes/ folder, found upward from the binary (.build/debug/tracedesk).
        // The running binary itself (/proc/self/exe): argv[0] is a bare name when run from $PATH.
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] // not shown: a file name
        var dir = URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("themes").path // not shown: a folder name
            if FileManager.default.fileExists(atPath: candidate + "/default.theme") { dirs.append(candidate); break } // not shown: a file name
            dir = dir.deletingLastPathComponent()
        }
        dirs.append("/usr/share/tracedesk/themes") // not shown: a folder name
        return dirs
    }
}
