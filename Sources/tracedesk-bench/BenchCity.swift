import Foundation
import TracedeskCore
import TracedeskJournal

/// A month of a city's contact tracing, as the desk would have written it: daily line lists,
/// claims, calls, interviews walked screen by screen with the drafts the desk saves, filings
/// and a lead's reviews, all interleaved in time. Seeded, so every run writes the same month.
///
/// Events are domain values written through the journal's own writer: when the record format
/// changes, this follows. Drafts go through `saveDraft` alone, so a draft store can take them.
final class CityMonth {
    let cases: Int
    let seed: UInt64
    /// The month: July 2021, Jakarta's delta wave.
    static let firstDay = Day(year: 2021, month: 7, day: 1)!
    static let days = 30
    let clock = WallClock.wib

    /// `bench city` loads no drafts (no desk replays them): it asks for none, sparing a
    /// city month's 29 GB of draft files.
    var writesDrafts = true

    init(cases: Int, seed: UInt64 = 2021) {
        self.cases = cases
        self.seed = seed
    }

    var tracerCount: Int { max(4, cases / 300) }
    var leadCount: Int { max(2, tracerCount / 10) }
    func tracer(_ i: Int) -> String { String(format: "tracer-%03d", i % tracerCount + 1) }
    func lead(_ i: Int) -> String { String(format: "lead-%02d", i % leadCount + 1) }

    var team: Team {
        Team(name: "Jakarta Pusat", members:
            (0..<tracerCount).map { TeamMember(id: tracer($0), name: "Petugas \($0 + 1)", role: .tracer) }
            + (0..<leadCount).map { TeamMember(id: lead($0), name: "PJ TLI \($0 + 1)", role: .lead) })
    }

    /// What was generated, for printing and for the generator's test.
    struct Mix {
        var cases = 0
        var imports = 0
        var events: [String: Int] = [:]
        var bytes: [String: Int] = [:]
        var draftsAtPause = 0
        var draftsAtMove = 0
        var callNotes = 0
        var notesWithQuote = 0
        var notesWithBackslash = 0
        var notesWithNewline = 0
        var notesNonASCII = 0
        var longestNote = 0
        var calls = 0
        /// Contacts named per interview walked to the end (filed), by count.
        var contacts: [Int: Int] = [:]
        /// Days walked per filed interview, by count.
        var walkDays: [Int: Int] = [:]
        var filed = 0
        var reviewed = 0
        var returned = 0
        var refiled = 0
        var unfiled = 0
        /// Most cases open (claimed, not yet filed) at one time.
        var mostOpen = 0
        var first: Date?
        var last: Date?
        /// A filed interview of about the mean size (five contacts), for timing a filing.
        var sampleFiled: FiledInterview?
        /// Who holds that case: only they may file it.
        var sampleFiledBy: String?
        /// Bytes and files of the draft store (drafts are not in the log, so not in `bytes`).
        var draftBytes = 0
        var draftFiles = 0
        var totalBytes: Int { bytes.values.reduce(0, +) + draftBytes }
        var totalEvents: Int { events.values.reduce(0, +) }
    }

    // MARK: - The month's randomness

    private var rng = SplitMix64(seed: 0)
    private func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    private func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    private func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }
    private func minutes(_ r: ClosedRange<Int>) -> TimeInterval { TimeInterval(int(r) * 60 + int(0...59)) }

    static let givenNames = ["Siti", "Budi", "Dewi", "Agus", "Nur", "Rina", "Yusuf", "Putri", "Joko", "Ahmad", "Sri",
                             "Wahyu", "Lestari", "Hendra", "Ratna", "Fajar", "Nurul", "Bambang", "Ayu", "Rizky", "Andi",
                             "Kadek", "Made", "Ni Luh", "Teuku", "Cut", "Ngurah", "Benedictus", "Maria", "Liem"]
    static let familyNames = ["Rahmawati", "Santoso", "Wijaya", "Hidayat", "Siregar", "Halim", "Pratama", "Simanjuntak",
                              "Nasution", "Saragih", "Kusuma", "Setiawan", "Gunawan", "Hutapea", "Tanjung", "Lubis",
                              "Purba", "Wibowo", "Susanti", "Handayani", "Sitompul", "Situmorang", "Nugroho", "O'Neil"]
    static let kelurahan = ["Menteng", "Cikini", "Kebon Sirih", "Gondangdia", "Pegangsaan", "Tanah Abang", "Kebon Melati",
                            "Petamburan", "Bendungan Hilir", "Karet Tengsin", "Gambir", "Cideng", "Petojo Utara"]
    static let places = ["Pasar Tanah Abang blok A", "Masjid Istiqlal", "KRL Bogor–Jakarta Kota", "TransJakarta koridor 1",
                         "kantor kelurahan", "warung kopi \"Pak Kumis\"", "Gereja Katedral", "Puskesmas Menteng",
                         "Rumah makan Padang \"Sederhana\"", "arisan di rumah Bu RT", "kantor, lantai 3", "ojek online",
                         "sekolah (antar anak)", "Indomaret Jl. Cikini Raya", "pernikahan sepupu di Bekasi", "rumah",
                         "gudang C:\\ekspedisi\\shift-2", "RSUD Tarakan, IGD"]
    static let phrases = ["Pasien bilang \"sudah isolasi mandiri sejak Senin\".", "Tidak diangkat, coba lagi sore.",
                          "Nomor kedua milik suami; minta telepon setelah jam 5.", "Alamat: Jl. Kebon Sirih Gg. 3\\RT 04\\RW 02.",
                          "Anak demam juga — sudah swab di Puskesmas.", "Keluarga menolak: \"kami sehat semua\".",
                          "Batuk, pilek, anosmia sejak 3 hari.", "Minta pakai bahasa Jawa; ibunya yang menjawab.",
                          "Saturasi 93%, disarankan ke RS rujukan.", "Kerja di pabrik, shift malam; atasan sudah diberi tahu.",
                          "Kata pasien: 'tetangga juga positif'.", "Path berkas: \\\\server\\tli\\laporan\\juli.xlsx",
                          "Tinggal bersama 6 orang; 2 lansia (≥ 60 th).", "Ibadah Jumat di masjid dekat rumah."]

    private func name() -> String { "\(pick(Self.givenNames)) \(pick(Self.familyNames))" }
    private func phone() -> String { "08\(int(11...13))-\(int(1000...9999))-\(int(1000...9999))" }
    private func nik() -> String { "3171" + (0..<12).map { _ in String(int(0...9)) }.joined() }

    /// A call note: a third of calls have one, up to 300 characters, with quotes, backslashes,
    /// line breaks and Indonesian text as tracers type and paste them.
    private func note() -> String {
        var out = pick(Self.phrases)
        let limit = int(20...300)
        while out.count < limit {
            out += pick(["\n", " ", " ", "\n- ", " \\ "]) + pick(Self.phrases)
        }
        return String(out.prefix(limit)).trimmingCharacters(in: .whitespaces)
    }

    /// Contacts named in one interview: 0–25, mean about 5, one in ten with 15 or more.
    private func contactCount() -> Int {
        if chance(0.1) { return int(15...25) }
        let u = Double.random(in: 0..<1, using: &rng)
        return min(14, Int(-log(1 - u) * 3.9))
    }

    // MARK: - One case's day, as steps in time

    enum Step {
        case claim
        case call(CallAttempt)
        /// A change to the draft; `save` says why the desk saves it now (nil: not saved yet).
        case edit((inout InterviewDraft) -> Void, save: SaveReason?)
        case file
        case approve
        case returned(String)
    }

    enum SaveReason { case pause, move }

    struct Timed { var at: Date; var step: Step }

    final class CaseRun {
        let record: CaseRecord
        let tracer: String
        let lead: String
        var steps: [Timed]
        var next = 0
        var draft: InterviewDraft
        var filed: FiledInterview?
        var walkDays = 0
        init(record: CaseRecord, tracer: String, lead: String, steps: [Timed]) {
            self.record = record; self.tracer = tracer; self.lead = lead; self.steps = steps
            draft = InterviewDraft(for: record, rules: .indonesia2021)
        }
    }

    /// The tracer types `text` into a field: the desk saves at each pause of a quarter second
    /// (one after about every third word here) and when focus leaves the field.
    private func type(_ text: String, at t: inout Date, into set: @escaping (inout InterviewDraft, String) -> Void, into steps: inout [Timed]) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        var typed = ""
        for (i, w) in words.enumerated() {
            typed += (i == 0 ? "" : " ") + w
            t += TimeInterval(w.count) * 0.3 + 0.3
            if i < words.count - 1 && chance(1.0 / 3) {
                let so = typed
                steps.append(Timed(at: t, step: .edit({ set(&$0, so) }, save: .pause)))
            }
        }
        t += TimeInterval(int(1...4))
        steps.append(Timed(at: t, step: .edit({ set(&$0, text) }, save: .move)))
    }

    private func screen(_ s: InterviewStep, at t: inout Date, _ steps: inout [Timed]) {
        t += TimeInterval(int(2...15))
        steps.append(Timed(at: t, step: .edit({ $0.step = s }, save: .move)))
    }

    /// Import day `day`; the case's whole month from its claim to its review.
    private func plan(_ caseNo: Int, importedAt t0: Date, day: Day) -> CaseRun {
        let walk = int(6...17)
        let interviewDay = day.adding(days: chance(0.6) ? 0 : 1)
        let isolation = interviewDay.adding(days: -int(0...1))
        let start = isolation.adding(days: -(walk - 1))
        let symptomatic = walk >= 8 || chance(0.5)
        let onset: Day? = symptomatic ? start.adding(days: 2) : nil
        let specimen = symptomatic ? min(day.adding(days: -1), onset!.adding(days: int(0...5))) : start.adding(days: 2)
        let r = int(0...999)
        let record = CaseRecord(
            caseId: String(format: "JKT-2107-%06d", caseNo), name: name(), nik: chance(0.9) ? nik() : nil,
            nikMissingReason: nil, phones: [phone()] + (chance(0.2) ? [phone()] : []), sex: r % 2 == 0 ? .female : .male,
            age: int(1...90), address: "Jl. \(pick(Self.kelurahan)) Raya No. \(int(1...250)), Gg. \(int(1...12))",
            rtRw: String(format: "%03d/%03d", int(1...15), int(1...12)), kelurahan: pick(Self.kelurahan),
            kecamatan: "Menteng", kota: "Jakarta Pusat", occupation: pick(["pedagang", "karyawan swasta", "ojek", "guru", "IRT", "pelajar"]),
            specimenDate: specimen, resultDate: day.adding(days: -int(0...1)), onsetDate: onset)
        let tracer = tracer(caseNo)
        var steps: [Timed] = []
        var t = t0 + minutes(5...600)
        steps.append(Timed(at: t, step: .claim))

        // 1–4 calls, the last one reaching the patient; never three failures (the desk would
        // hand the case to a field tracer).
        let calls = pick([1, 1, 1, 1, 2, 2, 2, 3, 3, 4])
        var failures = 0
        for k in 0..<calls {
            t += minutes(1...5)
            let outcome: CallOutcome
            var callback: Date?
            if k == calls - 1 {
                outcome = .reached
            } else if failures < 2 && chance(0.7) {
                outcome = pick([.noAnswer, .noAnswer, .busy])
                failures += 1
            } else {
                outcome = pick([.callBack, .reachedInterviewLater])
                callback = t + minutes(60...300)
            }
            let text: String? = chance(1.0 / 3) ? note() : nil
            steps.append(Timed(at: t, step: .call(CallAttempt(caseId: record.caseId, outcome: outcome, note: text, callbackAt: callback))))
            t = callback ?? t + minutes(30...240)
        }
        // The interview, right after reaching the patient, on the interview day.
        t = max(t, clock.date(day: interviewDay, hour: 8, minute: 0)) + minutes(1...5)
        var plan: [Timed] = []
        // Identity: a fixed spelling now and then, the NIK or phone typed, consent.
        if chance(0.2) { let n = record.name + " " + pick(Self.familyNames); type(n, at: &t, into: { $0.confirmedName = $1 }, into: &plan) }
        if record.nik == nil && chance(0.5) { let n = nik(); type(n, at: &t, into: { $0.confirmedNik = $1 }, into: &plan) }
        if chance(0.1) { let p = phone(); type(p, at: &t, into: { $0.confirmedPhone = $1 }, into: &plan) }
        t += TimeInterval(int(5...30))
        plan.append(Timed(at: t, step: .edit({ $0.consent = "given" }, save: .move)))
        screen(.symptoms, at: &t, &plan)
        // Symptoms: the answer, then the isolation date typed.
        t += TimeInterval(int(5...30))
        let yes = symptomatic ? "yes" : "no"
        plan.append(Timed(at: t, step: .edit({ $0.symptomatic = yes }, save: .move)))
        type(isolation.iso, at: &t, into: { $0.isolation = $1 }, into: &plan)
        // The days, newest first: places typed and added, people named or picked again.
        let days = (0..<walk).map { isolation.adding(days: -$0) }
        let people = contactCount()
        var namedOn: [Int: Int] = [:]
        for p in 0..<people { namedOn[p] = int(0...(walk - 1)) }
        var named: [String] = []
        for (di, d) in days.enumerated() {
            screen(.day(d), at: &t, &plan)
            var something = false
            for _ in 0..<pick([0, 1, 1, 1, 2, 2, 3]) {
                let kind = pick(PlaceKind.allCases)
                let place = pick(Self.places)
                type(place, at: &t, into: { $0.pendingPlace = $1 }, into: &plan)
                // Enter adds the place: the pending text becomes a visit, saved.
                plan[plan.count - 1] = Timed(at: t, step: .edit({ $0.days[d, default: DayNotes()].visits.append(Visit(kind: kind, place: place)); $0.pendingPlace = ""; $0.days[d]?.nothingToRecord = false }, save: .move))
                something = true
            }
            for p in 0..<people where namedOn[p] == di {
                let who = name()
                type(who, at: &t, into: { $0.pendingPerson = $1 }, into: &plan)
                plan[plan.count - 1] = Timed(at: t, step: .edit({ $0.addContact(named: who, on: d); $0.pendingPerson = ""; $0.days[d]?.nothingToRecord = false }, save: .move))
                named.append("K\(named.count + 1)")
                something = true
            }
            // Someone named on a newer day met again on this one (picked with ↓, Enter).
            if let again = named.dropLast().randomElement(using: &rng), chance(0.3) {
                t += TimeInterval(int(3...10))
                plan.append(Timed(at: t, step: .edit({ $0.meet(again, on: d) }, save: .move)))
                something = true
            }
            if !something {
                t += TimeInterval(int(3...10))
                plan.append(Timed(at: t, step: .edit({ $0.days[d, default: DayNotes()].nothingToRecord = true }, save: .move)))
            }
        }
        // The contacts: each opened and its details typed, field by field.
        screen(.contacts, at: &t, &plan)
        for k in 0..<people {
            func field(_ f: ContactField, _ text: String, typed: Bool = true) {
                let set: (inout InterviewDraft, String) -> Void = { d, v in d.contacts[k][keyPath: f.keyPath] = v }
                if typed { type(text, at: &t, into: set, into: &plan) } else {
                    t += TimeInterval(int(2...6))
                    plan.append(Timed(at: t, step: .edit({ set(&$0, text) }, save: .move)))
                }
            }
            if chance(0.85) { field(.phone, phone()) }
            if chance(0.6) { field(.nik, nik()) } else { field(.nikMissingReason, pick(["tidak hafal", "anak di bawah umur", "KTP hilang, \"nanti dikirim\"", "WNA"])) }
            field(.sex, pick(["L", "P"]), typed: false)
            if chance(0.8) { field(.age, String(int(1...85))) }
            field(.relationship, pick(Relationship.allCases).rawValue, typed: false)
            if chance(0.5) { field(.setting, pick(Self.places)) }
            field(.criterion, pick(ContactCriterion.allCases).rawValue, typed: false)
            if chance(0.2) { field(.notes, String(note().prefix(120))) }
        }
        screen(.review, at: &t, &plan)
        let run = CaseRun(record: record, tracer: tracer, lead: lead(caseNo), steps: steps)
        run.walkDays = walk
        // One in seven stops part-way: the interview is not filed this month.
        if chance(0.15) {
            run.steps += plan.prefix(int(1...max(1, plan.count - 1)))
            return run
        }
        run.steps += plan
        t += minutes(1...3)
        run.steps.append(Timed(at: t, step: .file))
        if chance(0.8) {
            t += minutes(60...1440)
            if chance(0.1) {
                run.steps.append(Timed(at: t, step: .returned(pick(["Nomor telepon kontak K1 salah, mohon dicek.", "Tanggal isolasi \"\(isolation.iso)\" benar?", "Kontak serumah belum lengkap\\tolong dilengkapi."]))))
                // The tracer reopens it from the queue, fixes a field, files again; approved.
                t += minutes(30...600)
                if people > 0 {
                    let fix = phone()
                    type(fix, at: &t, into: { $0.contacts[0].phone = $1 }, into: &run.steps)
                } else {
                    type(isolation.iso, at: &t, into: { $0.isolation = $1 }, into: &run.steps)
                }
                t += minutes(1...3)
                run.steps.append(Timed(at: t, step: .file))
                t += minutes(60...1440)
            }
            run.steps.append(Timed(at: t, step: .approve))
        }
        return run
    }

    // MARK: - Writing the month

    /// Writes the month into `store` (a new, empty journal) and its team file; returns the mix.
    func write(to store: FileJournal, journalPath: String) throws -> Mix {
        try TeamFile.save(team, journal: journalPath)
        rng = SplitMix64(seed: seed)
        var mix = Mix()
        mix.cases = cases
        var pending: [Event] = []
        func flush() throws {
            guard !pending.isEmpty else { return }
            let written = try store.transact { _ in pending }.written
            count(written, into: &mix)
            pending.removeAll(keepingCapacity: true)
        }
        func emit(_ body: EventBody, by actor: String, at: Date) throws {
            pending.append(Event(id: EventID.make(at: at, using: &rng), timestamp: at, actor: actor, body: body))
            if pending.count >= 4096 { try flush() }
        }
        /// The one place drafts are written: where a draft store would take them.
        func saveDraft(_ draft: InterviewDraft, by actor: String, at: Date) throws {
            guard writesDrafts else { return }
            try emit(.interviewSaved(draft), by: actor, at: at)
        }

        var heap = Heap()
        var runs: [Int: CaseRun] = [:]
        var open = 0
        func drain(until limit: Date) throws {
            while let top = heap.peek(), top.0 < limit {
                let (at, no) = top
                heap.pop()
                let run = runs[no]!
                let step = run.steps[run.next].step
                switch step {
                case .claim:
                    try emit(.caseClaimed(CaseClaim(caseId: run.record.caseId)), by: run.tracer, at: at)
                    open += 1
                    mix.mostOpen = max(mix.mostOpen, open)
                case .call(let a):
                    try emit(.callLogged(a), by: run.tracer, at: at)
                    mix.calls += 1
                    if let n = a.note { noteStats(n, &mix) }
                case .edit(let change, let save):
                    change(&run.draft)
                    if let save {
                        try saveDraft(run.draft, by: run.tracer, at: at)
                        if save == .pause { mix.draftsAtPause += 1 } else { mix.draftsAtMove += 1 }
                    }
                case .file:
                    let filed = FiledInterview.file(run.draft, today: clock.day(of: at))
                    if run.filed == nil {
                        mix.filed += 1
                        mix.contacts[filed.contacts.count, default: 0] += 1
                        mix.walkDays[filed.period?.dayCount ?? 0, default: 0] += 1
                        open -= 1
                    } else {
                        mix.refiled += 1
                    }
                    run.filed = filed
                    if mix.sampleFiled == nil && filed.contacts.count == 5 { mix.sampleFiled = filed; mix.sampleFiledBy = run.tracer }
                    try emit(.interviewFiled(filed), by: run.tracer, at: at)
                case .approve:
                    mix.reviewed += 1
                    try emit(.reviewApproved(ReviewDecision(caseId: run.record.caseId)), by: run.lead, at: at)
                case .returned(let why):
                    mix.returned += 1
                    try emit(.reviewReturned(ReviewDecision(caseId: run.record.caseId, note: why)), by: run.lead, at: at)
                    // As the desk reopens a returned case: the filed draft, on its review screen.
                    var d = run.filed!.draft
                    d.step = .review
                    run.draft = d
                }
                mix.first = min(mix.first ?? at, at)
                mix.last = max(mix.last ?? at, at)
                run.next += 1
                if run.next < run.steps.count {
                    heap.push(run.steps[run.next].at, no)
                } else {
                    if run.filed == nil { mix.unfiled += 1 }
                    runs[no] = nil
                }
            }
        }

        // Daily line lists of about cases/30 each (3,333 for a city), imported in the morning.
        var perDay = (0..<Self.days).map { _ in cases / Self.days }
        for i in 0..<(cases % Self.days) { perDay[i] += 1 }
        var caseNo = 0
        for (d, n) in perDay.enumerated() {
            let day = Self.firstDay.adding(days: d)
            let importAt = clock.date(day: day, hour: 7, minute: 0) + minutes(0...120)
            // Everything before this morning's import goes first.
            try drain(until: importAt)
            var records: [CaseRecord] = []
            for _ in 0..<n {
                let run = plan(caseNo, importedAt: importAt, day: day)
                records.append(run.record)
                runs[caseNo] = run
                heap.push(run.steps[0].at, caseNo)
                caseNo += 1
            }
            try flush()
            // As `tracedesk import` writes a line list: one transaction, every case then the commit.
            let batch = EventID.make(at: importAt, using: &rng).rawValue
            let events = Desk.importEvents(records, batch: batch).map {
                Event(id: EventID.make(at: importAt, using: &rng), timestamp: importAt, actor: "lab-import", body: $0)
            }
            count(try store.transact { _ in events }.written, into: &mix)
            mix.imports += 1
        }
        try drain(until: .distantFuture)
        try flush()
        let drafts = DraftStore.directory(forJournal: journalPath)
        for name in FileManager.default.enumerator(atPath: drafts)?.compactMap({ $0 as? String }) ?? [] where name.hasSuffix(".jsonl") {
            let size = (try? FileManager.default.attributesOfItem(atPath: drafts + "/" + name)[.size] as? NSNumber)??.intValue ?? 0
            mix.draftBytes += size
            mix.draftFiles += 1
        }
        return mix
    }

    private func count(_ written: [Event], into mix: inout Mix) {
        for e in written {
            mix.events[e.body.type, default: 0] += 1
            // The record's length as the writer placed it in the log (with its newline); a
            // draft has no place in the log, and its file's size is counted at the end.
            if let ref = e.ref { mix.bytes[e.body.type, default: 0] += Int(ref.length) + 1 }
        }
    }

    private func noteStats(_ n: String, _ mix: inout Mix) {
        mix.callNotes += 1
        if n.contains("\"") || n.contains("'") { mix.notesWithQuote += 1 }
        if n.contains("\\") { mix.notesWithBackslash += 1 }
        if n.contains("\n") { mix.notesWithNewline += 1 }
        if n.unicodeScalars.contains(where: { !$0.isASCII }) { mix.notesNonASCII += 1 }
        mix.longestNote = max(mix.longestNote, n.count)
    }

    /// Cases by the time of their next step (a binary min-heap; ties by case number, so the
    /// order never depends on anything but the seed).
    struct Heap {
        private var a: [(Date, Int)] = []
        func peek() -> (Date, Int)? { a.first }
        private static func less(_ x: (Date, Int), _ y: (Date, Int)) -> Bool { x.0 < y.0 || (x.0 == y.0 && x.1 < y.1) }
        mutating func push(_ at: Date, _ no: Int) {
            a.append((at, no))
            var i = a.count - 1
            while i > 0, Self.less(a[i], a[(i - 1) / 2]) { a.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        mutating func pop() {
            a.swapAt(0, a.count - 1)
            a.removeLast()
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < a.count, Self.less(a[l], a[m]) { m = l }
                if r < a.count, Self.less(a[r], a[m]) { m = r }
                if m == i { return }
                a.swapAt(i, m); i = m
            }
        }
    }
}

extension CityMonth.Mix {
    /// The mix, as the benchmark prints it.
    var lines: [String] {
        func mb(_ b: Int) -> String { String(format: "%.1f MB", Double(b) / 1e6) }
        var out: [String] = []
        let f = ISO8601DateFormatter()
        out.append("\(cases) cases in \(imports) daily line lists; \(totalEvents) events, \(mb(totalBytes)); "
                   + "\(first.map { f.string(from: $0) } ?? "-") to \(last.map { f.string(from: $0) } ?? "-"); at most \(mostOpen) cases open at once")
        func size(_ type: String) -> Int { type == "interview.saved" ? draftBytes : bytes[type, default: 0] }
        for (type, n) in events.sorted(by: { size($0.key) > size($1.key) }) {
            let b = size(type)
            out.append("  " + Latency.pad(type, 18) + Latency.pad("\(n) events", 16) + Latency.pad(mb(b), 12)
                       + String(format: "%4.1f %% of bytes, %5.0f bytes each", 100 * Double(b) / Double(max(1, totalBytes)), Double(b) / Double(max(1, n)))
                       + (type == "interview.saved" ? " (draft store, \(draftFiles) files)" : ""))
        }
        out.append("  drafts saved at a pause \(draftsAtPause), at a field or screen move \(draftsAtMove) "
                   + String(format: "(%.1f per interview)", Double(draftsAtPause + draftsAtMove) / Double(max(1, filed + unfiled))))
        out.append("  calls \(calls), with notes \(callNotes) (\(pct(callNotes, calls))); of the notes: quotes \(notesWithQuote), "
                   + "backslashes \(notesWithBackslash), line breaks \(notesWithNewline), non-ASCII \(notesNonASCII); longest \(longestNote) characters")
        out.append("  interviews filed \(filed) (\(pct(filed, cases))), not filed \(unfiled); reviewed \(reviewed) (\(pct(reviewed, filed)) of filed), "
                   + "returned \(returned) (\(pct(returned, reviewed)) of reviewed), filed again \(refiled)")
        let n = contacts.values.reduce(0, +)
        let mean = Double(contacts.reduce(0) { $0 + $1.key * $1.value }) / Double(max(1, n))
        let many = contacts.filter { $0.key >= 15 }.values.reduce(0, +)
        out.append(String(format: "  contacts per filed interview: mean %.2f, 15 or more %@, none %@; ", mean, pct(many, n), pct(contacts[0] ?? 0, n))
                   + (0...25).map { "\($0):\(contacts[$0] ?? 0)" }.joined(separator: " "))
        out.append("  days walked per filed interview: " + walkDays.keys.sorted().map { "\($0):\(walkDays[$0]!)" }.joined(separator: " "))
        return out
    }

    private func pct(_ a: Int, _ b: Int) -> String { String(format: "%.1f %%", 100 * Double(a) / Double(max(1, b))) }
}
