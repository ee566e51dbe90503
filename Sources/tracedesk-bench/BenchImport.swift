import ArgumentParser
import Foundation
import TracedeskCore

/// `tracedesk-bench import`: the lab's line list of a city's day through the real
/// `tracedesk import`, beside Python's csv module reading the same file, in one run.
struct BenchImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Time `tracedesk import` of a generated line list, beside Python's csv module (use a release build).")

    @Option(help: "Rows in the generated line list.")
    var rows = 100_000

    @Option(help: "Runs of each; the median is reported.")
    var runs = 3

    @Option(help: ArgumentHelp("The tracedesk binary (default: beside this one).", valueName: "path"))
    var tracedesk: String?

    @Option(help: ArgumentHelp("Only write the generated line list here (for a profiler), and stop.", valueName: "file"))
    var writeList: String?

    func run() throws {
        let dir = NSTemporaryDirectory() + "tracedesk-bench-import-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let binary = tracedesk ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tracedesk").path
        let (text, mix) = LabList.generate(rows: rows, today: WallClock.wib.day(of: Date()))
        if let writeList {
            try Data(text.utf8).write(to: URL(fileURLWithPath: writeList))
            print("\(writeList): \(rows) rows; \(mix)")
            return
        }
        let file = dir + "/lab.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        print("tracedesk-bench import: \(rows) rows, \(String(format: "%.1f", Double(text.utf8.count) / 1e6)) MB, \(runs) runs each (median), page cache warm")
        print("mix: \(mix)")
        print("tracedesk: \(binary)")
        print("")
        var ours: [(Double, Int)] = []
        for i in 0..<runs {
            // A journal named in a folder that is not there is refused (as a user's would be).
            try FileManager.default.createDirectory(atPath: dir + "/j\(i)", withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let journal = dir + "/j\(i)/journal.jsonl"
            let r = try Measured.run(binary, ["import", file, "--journal", journal], env: ["TRACEDESK_LANG": "en", "TZ": "UTC", "HOME": dir])
            guard r.status == 0 else { throw ValidationError("tracedesk import failed (\(r.status)): \(r.stderr.prefix(400))") }
            ours.append((r.seconds, r.maxRSSKiB))
        }
        let python = "import csv,sys\nn=0\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    for row in csv.reader(f): n += 1\n"
        var theirs: [(Double, Int)] = []
        for _ in 0..<runs {
            let r = try Measured.run("/usr/bin/python3", ["-c", python, file], env: [:])
            guard r.status == 0 else { throw ValidationError("python3 failed: \(r.stderr.prefix(400))") }
            theirs.append((r.seconds, r.maxRSSKiB))
        }
        func median(_ v: [(Double, Int)]) -> (Double, Int) {
            (v.map(\.0).sorted()[v.count / 2], v.map(\.1).sorted()[v.count / 2])
        }
        let (ot, om) = median(ours), (pt, pm) = median(theirs)
        func line(_ name: String, _ t: Double, _ m: Int) -> String {
            name.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%6.2f s  %6.0f MB peak", t, Double(m) / 1024)
        }
        print(line("tracedesk import (parse, check, write, fsync)", ot, om))
        print(line("python3 csv.reader (parse only)", pt, pm))
        print(String(format: "ratio: tracedesk takes %.2fx the time of Python's csv module", ot / pt))
    }
}

/// A line list as labs send it: quoted addresses with the separator inside, DD/MM/YYYY and
/// ISO dates, phones in every form people write, names beyond ASCII, NIKs mostly present.
enum LabList {
    static func generate(rows: Int, today: Day) -> (String, String) {
        var rng = SplitMix64(seed: 17)
        let first = ["Siti", "Budi", "Dewi", "Agus", "Nur", "Rina", "Muhammad", "Zoë", "Nur’aini", "林美玲"]
        let last = ["Rahmawati", "Santoso", "Lestari", "Wijaya", "Hidayat", "Siregar", "Sitompul", "Lim Mei Ling"]
        let kel = [("Kebon Sirih", "Menteng", "Jakarta Pusat"), ("Tebet Barat", "Tebet", "Jakarta Selatan"),
                   ("Glodok", "Taman Sari", "Jakarta Barat"), ("Cikini", "Menteng", "Jakarta Pusat")]
        let jobs = ["pedagang kaki lima", "karyawan swasta", "ibu rumah tangga", "pengemudi ojek online"]
        var out = "case_id,name,nik,phone,sex,age,birth_date,address,rt_rw,kelurahan,kecamatan,kota,occupation,specimen_date,result_date,onset_date\n"
        out.reserveCapacity(rows * 200)
        var quoted = 0, slashDates = 0, withNik = 0, nonASCII = 0
        for i in 0..<rows {
            let r = rng.next()
            let name = first[Int(r % 10)] + " " + last[Int((r >> 8) % 8)]
            if !name.allSatisfy(\.isASCII) { nonASCII += 1 }
            let nik = (r >> 16) % 5 == 0 ? "" : String(format: "3171%012d", i)
            if !nik.isEmpty { withNik += 1 }
            let phone: String
            switch (r >> 20) % 4 {
            case 0: phone = String(format: "0812%08d", i)
            case 1: phone = String(format: "+62 812 %04d %04d", i / 10000 % 10000, i % 10000)
            case 2: phone = String(format: "0812-%04d-%04d", i / 10000 % 10000, i % 10000)
            default: phone = String(format: "62812%08d", i)
            }
            let (k, kc, kota) = kel[Int((r >> 24) % 4)]
            let result = today.adding(days: -Int((r >> 28) % 5))
            let specimen = result.adding(days: -1)
            let slash = (r >> 32) % 2 == 0
            if slash { slashDates += 1 }
            func d(_ day: Day) -> String {
                guard slash else { return day.iso }
                let c = day.components
                return String(format: "%02d/%02d/%04d", c.day, c.month, c.year)
            }
            let onset = (r >> 33) % 3 == 0 ? "" : d(specimen.adding(days: -2))
            let address: String
            if (r >> 35) % 2 == 0 {
                address = "\"Jl. \(last[Int((r >> 36) % 8)]) Raya No. \(i % 200), Gang Mawar \(i % 7), dekat masjid\""
                quoted += 1
            } else {
                address = "Jl. Raya \(i % 300)"
            }
            out += "DKI-\(String(format: "%07d", i)),\(name),\(nik),\(phone),\((r >> 40) % 2 == 0 ? "P" : "L"),\(18 + (r >> 41) % 70),,\(address),00\(i % 9)/00\(i % 5),\(k),\(kc),\(kota),\(jobs[Int((r >> 44) % 4)]),\(d(specimen)),\(d(result)),\(onset)\n"
        }
        func pct(_ n: Int) -> String { "\(n * 100 / max(rows, 1))%" }
        return (out, "\(pct(quoted)) quoted addresses with a comma, \(pct(slashDates)) DD/MM/YYYY dates, \(pct(withNik)) with a NIK, \(pct(nonASCII)) non-ASCII names, phones in 4 forms")
    }
}

/// Runs a program to its end: wall time, peak resident memory (its own, from wait4).
enum Measured {
    struct Result { var status: Int32; var seconds: Double; var maxRSSKiB: Int; var stderr: String }

    static func run(_ executable: String, _ args: [String], env: [String: String]) throws -> Result {
        let err = NSTemporaryDirectory() + "bench-err-" + UUID().uuidString
        defer { unlink(err) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        let argv = ([executable] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
            throw ValidationError("cannot start \(executable)")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let text = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        return Result(status: (status >> 8) & 0xff, seconds: seconds, maxRSSKiB: usage.ru_maxrss, stderr: text)
    }
}
