import Foundation
import Testing

/// The command line as people know it from git, curl and the coreutils (issue 17, item 11).
@Suite struct CLIEndToEndTests {
    /// A journal or an output named by one character, in the folder the command runs in: the
    /// folder of such a name once crashed the binary (Foundation traps on it), and a bare name's
    /// folder was "" (its recordings and keys then sat at the root).
    @Test func oneCharacterNamesInTheWorkingFolderWork() throws {
        let s = Scratch()
        _ = s.write("l.csv", lineList(cases: 2))
        func here(_ args: String) throws -> RunResult {
            try run(["-c", "cd \(shellQuote(s.path)) && exec \(shellQuote(tracedeskBinary)) \(args)"], env: s.environment(), executable: "/bin/sh")
        }
        let imported = try here("import l.csv --journal j")
        #expect(imported.status == 0, "\(imported.stderr)")
        let listed = try here("cases --journal j --output a")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect((try? String(contentsOfFile: s.path + "/a", encoding: .utf8))?.contains("JKT") == true)
        let again = try here("cases --journal j --output a")
        #expect(again.status == 73 && again.stderr.hasPrefix("tracedesk: "), "\(again.status) \(again.stderr)")
        #expect(!again.stderr.contains("Backtrac"))
        // A folder where a file is to be made: 73 (cannot create), not "the data is wrong".
        let folderOut = try here("cases --journal j --output .")
        #expect(folderOut.status == 73, "\(folderOut.status) \(folderOut.stderr)")
        let folderJournal = try here("import l.csv --journal .")
        #expect(folderJournal.status == 73, "\(folderJournal.status) \(folderJournal.stderr)")
    }

    /// Config (and so keys and themes, from the same folder) under `$HOME/.config` when
    /// XDG_CONFIG_HOME is not set, as the journal is under `$HOME/.local/share`: it was looked
    /// up in the password file's home, which a changed HOME does not move (issue 15 item 13).
    @Test func theConfigIsFoundUnderHomeAsTheJournalIs() throws {
        let s = Scratch()
        var env = s.environment()
        env.removeValue(forKey: "XDG_CONFIG_HOME")
        try FileManager.default.createDirectory(atPath: s.path + "/.config/tracedesk", withIntermediateDirectories: true)
        _ = s.write(".config/tracedesk/config", "rules = nope\n")
        let r = try run(["import", s.write("l.csv", lineList(cases: 1))], env: env)
        #expect(r.status != 0 && r.stderr.contains(s.path + "/.config/tracedesk/config:1"), "\(r.status) \(r.stderr)")
    }

    /// A journal named in a folder that is not there is refused, and nothing is made: a
    /// mistyped folder once held a new journal nobody found (the desk's own folder under
    /// XDG_DATA_HOME is still made, as every other test here shows).
    @Test func aJournalNamedInAMissingFolderIsRefusedAndNothingIsMade() throws {
        let s = Scratch()
        let list = s.write("l.csv", lineList(cases: 1))
        for args in [["import", list, "--journal", s.path + "/nope/k"], ["team", "add", "lead1", "--name", "Lead", "--role", "lead", "--journal", s.path + "/nope/k"]] {
            let r = try run(args, env: s.environment())
            #expect(r.status == 73, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr == "tracedesk: the folder \(s.path)/nope does not exist: make it first (mkdir -m 700 \(s.path)/nope) or name another journal\n", "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path + "/nope"))
        }
        let byEnvironment = try run(["import", list], env: s.environment(["TRACEDESK_JOURNAL": s.path + "/nope/k", "TRACEDESK_LANG": "id"]))
        #expect(byEnvironment.status == 73 && byEnvironment.stderr.contains("folder \(s.path)/nope tidak ada"), "\(byEnvironment.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.path + "/nope"))
    }

    /// `--lang` on every command, not only the desk's: `cases --lang en` was an unknown option
    /// that ArgumentParser answered with "Did you mean '--mine'?".
    @Test func everyCommandTakesLangAndFarGuessesAreNotOffered() throws {
        let s = Scratch()
        let list = s.write("l.csv", lineList(cases: 1))
        let imported = try run(["import", list, "--lang", "en"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(imported.stdout.hasPrefix("Imported 1 case from "), "\(imported.stdout)")
        let indonesian = try run(["cases", "--lang=id"], env: s.environment())
        #expect(indonesian.status == 0 && indonesian.stdout.hasPrefix("Kasus "), "\(indonesian.stdout)")
        for command in [["report"], ["team", "list"], ["export", "contacts"], ["check"], ["themes", "list"], ["correct", "--help"]] {
            let r = try run(command + ["--lang", "en"], env: s.environment(["TRACEDESK_LANG": "id"]))
            #expect(!r.stderr.contains("Unknown option"), "\(command): \(r.stderr)")
        }
        let bad = try run(["cases", "--lang", "fr"], env: s.environment())
        #expect(bad.status == 1 && bad.stderr == "tracedesk: --lang does not take \"fr\"; it takes one of id, en\n", "\(bad.stderr)")
        // ArgumentParser's guess is kept when it is near, left out when it is not.
        let near = try run(["cases", "--jornal", "x"], env: s.environment())
        #expect(near.status == 64 && near.stderr.contains("Did you mean '--journal'?"), "\(near.stderr)")
        // "--date" is four edits from "--mine", which ArgumentParser offered.
        let far = try run(["cases", "--date", "x"], env: s.environment())
        #expect(far.status == 64 && far.stderr.contains("Unknown option '--date'") && !far.stderr.contains("Did you mean"), "\(far.stderr)")
    }

    /// From the 02:25 tester: a column named twice crashed `cases --format json`; `--output
    /// --force` replaced the journal and its team file with an export; `--journal ''` meant
    /// the default journal; an import that wrote nothing still made an empty journal (and a
    /// listing then showed an empty desk instead of "no journal"); `--output -` made a file "-".
    @Test func anExportNeverReplacesTheJournalsFilesAndWritingNothingMakesNothing() throws {
        let s = Scratch()
        let list = s.write("l.csv", lineList(cases: 2))
        let twice = try run(["import", list, "--journal", s.path + "/j.jsonl"], env: s.environment())
        #expect(twice.status == 0, "\(twice.stderr)")
        for format in ["json", "jsonl", "csv"] {
            let r = try run(["cases", "--journal", s.path + "/j.jsonl", "--columns", "case_id,case_id", "--format", format], env: s.environment())
            #expect(r.status == 1 && r.stderr == "tracedesk: --columns: \"case_id\" is named twice\n", "\(format): \(r.status) \(r.stderr)")
        }
        _ = try run(["team", "add", "lead-01", "--name", "Lead", "--role", "lead", "--journal", s.path + "/j.jsonl"], env: s.environment())
        let journalBefore = try Data(contentsOf: URL(fileURLWithPath: s.path + "/j.jsonl"))
        for (target, what) in [(s.path + "/j.jsonl", "the journal"), (s.path + "/j.team.json", "the team file"), ("./j.jsonl", "the journal")] {
            let r = try run(["-c", "cd \(shellQuote(s.path)) && exec \(shellQuote(tracedeskBinary)) cases --journal j.jsonl --output \(shellQuote(target)) --force"],
                            env: s.environment(), executable: "/bin/sh")
            #expect(r.status == 73 && r.stderr.contains("is tracedesk's own file (\(what))"), "\(target): \(r.status) \(r.stderr)")
        }
        // Files not made yet count too: an export where the drafts folder goes stopped every
        // draft from saving (02:25 check of this fix).
        for (target, what) in [("j.drafts", "the interview drafts' folder"), ("j.jsonl.checkpoint", "the journal's checkpoint"), ("j.jsonl.quarantine", "the journal's quarantine")] {
            let r = try run(["-c", "cd \(shellQuote(s.path)) && exec \(shellQuote(tracedeskBinary)) cases --journal j.jsonl --output \(target) --force"],
                            env: s.environment(), executable: "/bin/sh")
            #expect(r.status == 73 && r.stderr.contains("(\(what))"), "\(target): \(r.status) \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.path + "/" + target))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: s.path + "/j.jsonl")) == journalBefore)
        #expect(try run(["team", "list", "--journal", s.path + "/j.jsonl"], env: s.environment()).status == 0)
        // `-` is standard output.
        let dash = try run(["-c", "cd \(shellQuote(s.path)) && exec \(shellQuote(tracedeskBinary)) cases --journal j.jsonl --output -"], env: s.environment(), executable: "/bin/sh")
        #expect(dash.status == 0 && dash.stdout.contains("JKT") && !FileManager.default.fileExists(atPath: s.path + "/-"), "\(dash.stderr)")
        let empty = try run(["import", list, "--journal", ""], env: s.environment())
        #expect(empty.status == 64 && empty.stderr.contains("--journal: name a file"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.journal))
        // Nothing to write, nothing made: a dry run, a refused list, a file not there.
        let bad = s.write("bad.csv", "case_id,name\nX-1,\n")
        for args in [["import", list, "--dry-run"], ["import", bad], ["import", s.path + "/nope.csv"]] {
            for journal in [s.path + "/new.jsonl", nil] {
                let r = try run(args + (journal.map { ["--journal", $0] } ?? []), env: s.environment())
                #expect(r.status != 0 || args.contains("--dry-run"), "\(args): \(r.stderr)")
                let made = journal ?? s.journal
                #expect(!FileManager.default.fileExists(atPath: made), "\(args) made \(made)")
            }
        }
        let listing = try run(["cases", "--journal", s.path + "/new.jsonl"], env: s.environment())
        #expect(listing.status == 66, "\(listing.stderr)")
    }

    /// `cases`' table writes a day as the desk's lists do (item 7): this year's without its
    /// year, another year's with it; the files keep ISO.
    @Test func theCasesTableWritesDaysAsTheDesksLists() throws {
        let s = Scratch()
        let list = s.write("l.csv", lineListHeader + "DKI-1,Siti,,,P,36,,Jl. A,,Cikini,Menteng,,,2021-07-03,2021-07-04,\n")
        let env = s.environment(["TRACEDESK_NOW": "2021-07-06T03:00:00Z"])
        #expect(try run(["import", list], env: env).status == 0)
        let thisYear = try run(["cases"], env: env)
        #expect(thisYear.stdout.contains(" 04/07 ") && !thisYear.stdout.contains("04/07/2021"), "\(thisYear.stdout)")
        let later = try run(["cases"], env: s.environment(["TRACEDESK_NOW": "2022-01-03T03:00:00Z"]))
        #expect(later.stdout.contains("04/07/2021"), "\(later.stdout)")
        let csv = try run(["cases", "--format", "csv", "--columns", "case_id,result_date"], env: env)
        #expect(csv.stdout.contains("DKI-1,2021-07-04"), "\(csv.stdout)")
    }

    @Test func versionPrintsOneLine() throws {
        let s = Scratch()
        let r = try run(["--version"], env: s.environment())
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("tracedesk ") && r.stdout.split(separator: "\n").count == 1, "\(r.stdout)")
    }

    @Test func aMistypedCommandSaysDidYouMean() throws {
        let s = Scratch()
        let r = try run(["imprt", "x.csv"], env: s.environment())
        #expect(r.status == 64)
        #expect(r.stderr.contains("'imprt' is not a tracedesk command. Did you mean 'import'?"), "\(r.stderr)")
        let id = try run(["kases"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(id.stderr.contains("Maksud Anda 'cases'?"), "\(id.stderr)")
        // The synopsis under it is labelled as every usage is (it was a bare line).
        #expect(r.stderr.contains("\nUsage: tracedesk <subcommand>") && id.stderr.contains("\nPemakaian: tracedesk <subcommand>"), "\(r.stderr)\n\(id.stderr)")
        // Far from every command: no guess.
        let far = try run(["zzzzzzzz"], env: s.environment())
        #expect(far.status == 64 && !far.stderr.contains("Did you mean"))
        // A command's own commands, the same way (they were read as an argument before).
        let nested = try run(["export", "contcts", "--journal", s.path + "/j.jsonl"], env: s.environment())
        #expect(nested.status == 64, "\(nested.stderr)")
        #expect(nested.stderr.contains("tracedesk export: 'contcts' is not one of its commands (contacts, fhir, chains). Did you mean 'contacts'?"), "\(nested.stderr)")
        let team = try run(["team", "lst"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(team.status == 64 && team.stderr.contains("bukan salah satu perintahnya") && team.stderr.contains("Maksud Anda 'list'?"), "\(team.stderr)")
        // Options and the default command still reach it.
        let listed = try run(["team", "--format", "json", "--journal", s.path + "/none.jsonl"], env: s.environment())
        #expect(listed.status != 64, "\(listed.stderr)")
    }

    @Test func dataErrorsAreOneLineWithoutUsage() throws {
        let s = Scratch()
        let missingJournal = try run(["cases"], env: s.environment())
        #expect(missingJournal.status == 66)
        #expect(missingJournal.stderr.split(separator: "\n").count == 1, "\(missingJournal.stderr)")
        #expect(missingJournal.stderr.hasPrefix("tracedesk: no journal at"))
        let missingFile = try run(["import", s.path + "/nope.csv"], env: s.environment())
        #expect(missingFile.status == 66 && !missingFile.stderr.contains("USAGE"), "\(missingFile.stderr)")
        let noTeam = try run(["team", "list"], env: s.environment())
        #expect(noTeam.status == 1 && !noTeam.stderr.contains("USAGE") && noTeam.stderr.split(separator: "\n").count == 1, "\(noTeam.stderr)")
        _ = try run(["import", s.write("l.csv", lineList(cases: 2))], env: s.environment())
        let badValue = try run(["cases", "--status", "asleep"], env: s.environment())
        #expect(badValue.status == 1 && !badValue.stderr.contains("USAGE"), "\(badValue.stderr)")
        // A value an option does not take is the same kind of mistake: one line, 1, in the user's language.
        for args in [["cases", "--format", "xml"], ["report", "--format", "xml"], ["export", "contacts", "--format", "xml"],
                     ["team", "add", "budi", "--name", "Budi", "--role", "boss"], ["import", s.path + "/l.csv", "--delimiter", ":"],
                     ["export", "chains", "--format", "xml"], ["cases", "--columns", ""]] {
            let r = try run(args, env: s.environment())
            #expect(r.status == 1 && !r.stderr.contains("USAGE") && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.hasPrefix("tracedesk: --"), "\(args): \(r.stderr)")
        }
        let format = try run(["cases", "--format", "xml"], env: s.environment(["TRACEDESK_LANG": "id"]))
        #expect(format.stderr.hasPrefix("tracedesk: --format tidak menerima \"xml\"; pilih salah satu: "), "\(format.stderr)")
        #expect(!format.stderr.contains(" or ") && !format.stderr.contains(" and "), "English left in: \(format.stderr)")
        // Every such value lists what it takes.
        let chains = try run(["export", "chains", "--format", "xml"], env: s.environment())
        #expect(chains.stderr.contains("it takes one of json, jsonl, csv, dot"), "\(chains.stderr)")
        // A damaged journal: 65, one line.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: s.journal))
        bytes[40] ^= 0x20
        try bytes.write(to: URL(fileURLWithPath: s.journal))
        chmod(s.journal, 0o600)
        let damaged = try run(["cases"], env: s.environment())
        #expect(damaged.status == 65, "\(damaged.stderr)")
        #expect(!damaged.stderr.contains("USAGE"))
        // A usage error alone: 64 with the usage.
        let usage = try run(["cases", "--no-such-option"], env: s.environment())
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("Usage:") || usage.stderr.contains("USAGE:"), "\(usage.stderr)")
    }

    @Test func topLevelHelpShowsTheDesksOwnOptionsAndHidesTestCommands() throws {
        let s = Scratch()
        let r = try run(["--help"], env: s.environment())
        #expect(r.status == 0)
        for option in ["--tracer", "--theme", "--lang", "--no-color", "--journal"] {
            #expect(r.stdout.contains(option), "\(option)")
        }
        #expect(!r.stdout.contains("stress-append") && !r.stdout.contains("bench"))
        // They live in a program of their own.
        let bench = try run(["bench", "keys"], env: s.environment())
        #expect(bench.status == 64 && bench.stderr.contains("'bench' is not a tracedesk command"), "\(bench.stderr)")
        let other = try run(["--help"], env: s.environment(), executable: benchBinary)
        #expect(other.status == 0 && other.stdout.contains("bench"))
    }

    @Test func statusAndFormatCompleteTheirValues() throws {
        let s = Scratch()
        let r = try run(["--generate-completion-script", "bash"], env: s.environment())
        #expect(r.status == 0)
        let status = try #require(r.stdout.range(of: "'--status')"))
        #expect(r.stdout[status.upperBound...].prefix(200).contains("'waiting'$'\\n''in_progress'$'\\n''callback'"), "status values")
        #expect(r.stdout.contains("'table'$'\\n''json'$'\\n''jsonl'$'\\n''csv'"), "format values")
    }
}
