import ArgumentParser
import Foundation
import TracedeskCore
import TracedeskJournal

/// Journal speed on a city-sized synthetic journal, side by side with jq and Python on the
/// same file.
struct BenchJournal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Replay throughput, start-up, filing latency and memory on a synthetic journal.")

    @Option(help: "Cases in the synthetic journal.")
    var cases = 100_000

    @Option(help: "Events in all (imports, claims, calls, interview drafts).")
    var events = 1_000_000

    @Option(help: "Where to write the journal (kept for reruns; reused if it exists).")
    var file = NSTemporaryDirectory() + "tracedesk-bench/journal.jsonl"

    func run() throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: file) {
            print("writing \(events) events for \(cases) cases to \(file) …")
            try generate()
        }
        let size = Double((try fm.attributesOfItem(atPath: file)[.size] as? NSNumber)?.intValue ?? 0)
        print("journal: \(file), \(String(format: "%.0f", size / 1e6)) MB")
        print("")
        var rows: [(String, Double, String)] = []

        // Full replay: read, verify checksums, decode, rebuild the desk.
        var t = Date()
        let store = try FileJournal(path: file)
        let all = try store.readAll()
        let decode = Date().timeIntervalSince(t)
        t = Date()
        let desk = Desk(replaying: all)
        let rebuild = Date().timeIntervalSince(t)
        let replay = decode + rebuild
        rows.append(("tracedesk full replay", replay, String(format: "%.0f MB/s, %.0f events/s (decode %.2f s, rebuild %.2f s)",
                                                             size / 1e6 / replay, Double(all.count) / replay, decode, rebuild)))
        if let jq = time(["/usr/bin/jq", "-c", ".", file]) { rows.append(("jq -c . > /dev/null", jq, String(format: "%.0f MB/s", size / 1e6 / jq))) }
        let py = "import json,sys\nfor l in open(sys.argv[1],'rb'): json.loads(l)"
        if let p = time(["/usr/bin/env", "python3", "-c", py, file]) { rows.append(("python3 json", p, String(format: "%.0f MB/s", size / 1e6 / p))) }
        let orjson = "import orjson,sys\nfor l in open(sys.argv[1],'rb'): orjson.loads(l)"
        if let o = time(["/usr/bin/env", "python3", "-c", orjson, file]) { rows.append(("python3 orjson", o, String(format: "%.0f MB/s", size / 1e6 / o))) }
        else { rows.append(("python3 orjson", .nan, "not installed (pip install orjson)")) }

        // Filing: one interview-sized append + fdatasync, against a bare write + fdatasync.
        let dir = NSTemporaryDirectory() + "tracedesk-bench-file-\(getpid())"
        defer { try? fm.removeItem(atPath: dir) }
        let filing = try FileJournal(path: dir + "/j.jsonl")
        let record = all.first { if case .interviewSaved = $0.body { true } else { false } } ?? all[0]
        let bytes = try RecordCodec().encode(record)
        var filed: [Double] = [], bare: [Double] = []
        let fd = open(dir + "/bare", O_WRONLY | O_CREAT | O_APPEND, 0o600)
        for _ in 0..<200 {
            let e = Event(id: EventID.make(at: Date()), timestamp: Date(), actor: record.actor, body: record.body)
            var s = DispatchTime.now().uptimeNanoseconds
            try filing.append([e])
            filed.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            s = DispatchTime.now().uptimeNanoseconds
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, bytes.count) }
            _ = fdatasync(fd)
            bare.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
        }
        close(fd)
        let fm2 = median(filed), bm = median(bare)

        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(pad("measurement", 28) + pad("seconds", 10) + "notes")
        for r in rows { print(pad(r.0, 28) + pad(r.1.isNaN ? "—" : String(format: "%.2f", r.1), 10) + r.2) }
        print("")
        print(String(format: "filing (%d-byte record): median %.3f ms; bare write+fdatasync %.3f ms; ratio %.2f", bytes.count, fm2, bm, fm2 / bm))
        print("cases replayed: \(desk.cases.count); peak resident memory: \(usage.ru_maxrss / 1024) MB")
        if let jq = rows.first(where: { $0.0.hasPrefix("jq") })?.1 { print(String(format: "replay / jq time: %.2f", replay / jq)) }
        if let o = rows.first(where: { $0.0.contains("orjson") })?.1, !o.isNaN { print(String(format: "replay throughput / orjson: %.2f", o / replay)) }
    }

    func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }

    /// Runs a reader to the end with its output to /dev/null; nil if it cannot run.
    func time(_ argv: [String]) -> Double? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: argv[0])
        p.arguments = Array(argv.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let t = Date()
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? Date().timeIntervalSince(t) : nil
    }

    /// Realistic events: a line list import, then claims, call attempts and interview drafts
    /// (with contacts) until `events` are written. Names are Indonesian and UTF-8.
    func generate() throws {
        let dir = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try FileJournal(path: file)
        var rng = SplitMix64(seed: 100_000)
        let first = ["Siti", "Budi", "Dewi", "Agus", "Nur", "Rina", "Ngụy", "王", "Nurhaliza", "Yusuf", "Putri", "Joko"]
        let last = ["Rahmawati", "Santoso", "Lestari", "Wijaya", "Hidayat", "Siregar", "Halim", "Pratama", "Simanjuntak"]
        let kel = ["Menteng", "Cikini", "Kebon Sirih", "Tebet Barat", "Grogol", "Kampung Melayu", "Penjaringan", "Sunter Agung"]
        let today = WallClock.wib.day(of: Date())
        let now = Date()
        var batch: [Event] = []
        var written = 0
        func add(_ b: EventBody, _ actor: String) throws {
            batch.append(Event(id: EventID.make(at: now, using: &rng), timestamp: now, actor: actor, body: b))
            written += 1
            if batch.count == 5_000 { try store.append(batch); batch.removeAll(keepingCapacity: true) }
        }
        var records: [CaseRecord] = []
        for i in 0..<cases {
            let r = Int(rng.next() % 1000)
            records.append(CaseRecord(
                caseId: String(format: "JKT-%07d", i), name: "\(first[r % first.count]) \(last[(r / 7) % last.count])",
                nik: String(format: "3171%012d", i), phones: [String(format: "+62812%08d", i)], sex: r % 2 == 0 ? .female : .male,
                age: 5 + r % 80, address: "Jl. Raya No. \(r), Gang \(r % 9)", rtRw: String(format: "%03d/%03d", r % 12, r % 9),
                kelurahan: kel[r % kel.count], kecamatan: "Menteng", kota: "Jakarta Pusat", occupation: "pedagang",
                specimenDate: today.adding(days: -2 - r % 5), resultDate: today.adding(days: -1 - r % 5),
                onsetDate: r % 3 == 0 ? nil : today.adding(days: -3 - r % 5)))
        }
        for b in Desk.importEvents(records, batch: "bench") { try add(b, "lab-import") }
        var i = 0
        while written < events {
            let rec = records[i % records.count]
            let tracer = "tracer-\(String(format: "%03d", i % 900))"
            switch i % 10 {
            case 0: try add(.caseClaimed(CaseClaim(caseId: rec.caseId)), tracer)
            case 1...6:
                try add(.callLogged(CallAttempt(caseId: rec.caseId, outcome: [.noAnswer, .busy, .reached, .callBack][i % 4],
                                                note: i % 3 == 0 ? "tidak diangkat, coba lagi sore" : nil,
                                                callbackAt: i % 4 == 3 ? now.addingTimeInterval(3600) : nil)), tracer)
            default:
                var d = InterviewDraft(for: rec, rules: .indonesia2021)
                d.consent = "given"
                for k in 0..<(i % 4) { d.addContact(named: "\(first[k % first.count]) \(last[(i + k) % last.count])", on: today.adding(days: -k)) }
                try add(.interviewSaved(d), tracer)
            }
            i += 1
        }
        if !batch.isEmpty { try store.append(batch) }
    }
}
