import Foundation
import TracedeskCore

/// The team file beside the journal (`journal.jsonl` → `journal.team.json`): who may do what.
/// It decides who is a lead, so like the journal it must be the user's own and not writable by
/// anyone else.
public enum TeamFile {
    public static func path(forJournal journal: String) -> String {
        let base = journal.hasSuffix(".jsonl") ? String(journal.dropLast(6)) : journal  // not shown: a file suffix
        return base + ".team.json"  // not shown: a file suffix
    }

    public struct Problem: Error, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    /// The team, or nil when there is no team file (everyone works as a tracer).
    public static func load(journal: String) throws(Problem) -> Team? {
        let file = path(forJournal: journal)
        var st = stat()
        guard lstat(file, &st) == 0 else { return nil }
        if st.st_mode & S_IFMT == S_IFLNK {
            throw Problem(file: file, message: L("is a symbolic link; it decides who is a lead, so it is never followed"))
        }
        if st.st_uid != geteuid() {
            throw Problem(file: file, message: L("owned by another user; it decides who is a lead, so it must be yours"))
        }
        if st.st_mode & 0o022 != 0 {
            throw Problem(file: file, message: L("others can change it, and it decides who is a lead; fix with: chmod 600 \(file)"))
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Problem(file: file, message: L("cannot be read"))
        }
        let team: Team
        do {
            team = try JSONDecoder().decode(Team.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw Problem(file: file, message: L("\(where_(ctx.codingPath + [key])): missing"))
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw Problem(file: file, message: L("\(where_(ctx.codingPath)): wrong type"))
        } catch let DecodingError.dataCorrupted(ctx) {
            let role = ctx.codingPath.last?.stringValue == "role" ? L(": a role is \"tracer\" or \"lead\"") : ""
            throw Problem(file: file, message: ctx.codingPath.isEmpty ? L("not JSON") : "\(where_(ctx.codingPath))\(role)")
        } catch {
            throw Problem(file: file, message: L("not a team file"))
        }
        if let first = team.problems().first { throw Problem(file: file, message: first) }
        return team
    }

    public static func save(_ team: Team, journal: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        var bytes = Array(try enc.encode(team))
        bytes.append(10)
        let dir = JournalLocation.folder(of: journal)
        if !dir.isEmpty { try FileJournal.makeDirectory(dir) }
        try PosixFileIO().replaceAtomically(path(forJournal: journal), with: bytes)
    }

    /// "members[2].role"
    private static func where_(_ path: [CodingKey]) -> String {
        var out = ""
        for k in path {
            if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
        }
        return out.isEmpty ? L("the file") : out
    }
}

/// The team file read again only when it changed (another inode, size or time: `team add`
/// replaces it whole), so a desk open all day sees a tracer a lead adds, at the cost of one
/// `stat` each time a picker of tracers opens. The first look always reads it.
public final class TeamFileWatch {
    public let journal: String
    private var seen: [Int]?

    public init(journal: String) { self.journal = journal }

    /// The team as the file now says, or nil when it has not changed (or cannot be read: a
    /// file broken mid-edit leaves the desk with the team it has; the next start says why).
    public func changed() -> Team? {
        var st = stat()
        guard lstat(TeamFile.path(forJournal: journal), &st) == 0 else { return nil }
        let stamp = [Int(st.st_dev), Int(st.st_ino), Int(st.st_size), Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec)]
        guard stamp != seen else { return nil }
        guard let team = try? TeamFile.load(journal: journal) else { return nil }
        seen = stamp
        return team
    }
}
