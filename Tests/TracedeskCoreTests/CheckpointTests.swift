import Foundation
import Testing
@_spi(Checkpoint) @testable import TracedeskCore
@testable import TracedeskJournal

/// A desk from the checkpoint and the journal's tail is the desk a full replay makes, and a
/// checkpoint in any doubt is passed over for the full replay. Here, beside the random
/// journals of `PersonIndexTests` that make them; the code is TracedeskJournal's.
@Suite struct CheckpointTests {
    final class Folder {
        let path = NSTemporaryDirectory() + "tracedesk-ckpt-" + UUID().uuidString
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var journal: String { path + "/tracedesk/journal.jsonl" }
        var checkpoint: String { Checkpoint.path(forJournal: journal) }
    }

    static let team = PersonIndexTests.team

    /// A random month, with what the generator does not make: follow-up calls carrying the
    /// rare parts (a test, a note, symptoms out of order, unconfirmed), calls on cases, an
    /// event copied under the id of an earlier one, and an import left without its commit.
    static func events(seed: UInt64, steps: Int = 150) -> [Event] {
        var j = PersonIndexTests.Journal(seed: seed)
        j.run(steps: steps)
        j.caseMoves()
        for (n, key) in j.desk.followUpOrder.prefix(6).enumerated() {
            guard let f = j.desk.followUps[key] else { continue }
            var call = FollowUpCall(contactId: key, day: Day(parsing: "2021-07-0\(4 + n % 3)")!, outcome: n % 2 == 0 ? .reached : .noAnswer,
                                    symptoms: n % 3 == 0 ? [.cough, .fever] : [.fever], otherSymptom: n == 1 ? "pusing" : nil,
                                    test: n == 2 ? ContactTest(kind: .exit, method: .antigen, date: Day(parsing: "2021-07-05")!, result: .negative) : nil,
                                    note: n == 3 ? "dititip ke RT" : nil)
            if n == 4 { call.unconfirmed = true }
            j.add(.followUpCalled(call), by: f.tracer)
        }
        if let first = j.events.first {
            var copy = first
            copy.timestamp += 1
            j.events.append(copy)
        }
        j.add(.caseImported(ImportedCase(record: CaseRecord(caseId: "C-open", name: "Budi", resultDate: Day(parsing: "2021-07-01")!), batch: "open")), by: "lab")
        return j.events
    }

    /// The journal holds `events[..<cut]` when the checkpoint is written, then the rest.
    /// Returns the desk from the checkpoint and tail, how it started, and the full replay.
    static func startFromCheckpoint(_ events: [Event], cut: Int, team: Team? = CheckpointTests.team) throws -> (Desk, DeskStart, Desk) {
        let dir = Folder()
        let first = try FileJournal(path: dir.journal)
        if cut > 0 { try first.append(Array(events[..<cut])) }
        let reader = try FileJournal(path: dir.journal)
        let replayed = try reader.replayLog(team: team)
        let problem = try #require(reader.writeCheckpoint(replayed, team: team)).wait()
        #expect(problem == nil)
        if cut < events.count { try first.append(Array(events[cut...])) }
        let (desk, start) = try FileJournal(path: dir.journal).replayFromCheckpoint(team: team)
        let full = try FileJournal(path: dir.journal).replayLog(team: team)
        return (desk, start, full)
    }

    /// What `==` leaves out because it is derived: the follow-ups by tracer and the people found.
    static func expectSameIndexes(_ a: Desk, _ b: Desk, _ comment: Comment) {
        for tracer in ["tracer-01", "tracer-02", "tracer-03", "lead-01"] {
            #expect(a.followUpIndex.keys(of: tracer) == b.followUpIndex.keys(of: tracer), comment)
        }
        var j = PersonIndexTests.Journal(seed: 3)
        for _ in 0..<20 {
            let (_, q) = j.query()
            #expect(Set(PersonMatcher.matches(q, in: a).map { "\($0)" }) == Set(PersonMatcher.matches(q, in: b).map { "\($0)" }), comment)
        }
    }

    @Test func aDeskFromTheCheckpointAndTheTailIsTheFullReplayOnRandomJournals() throws {
        var checks = 0, pending = 0, anomalies = 0
        for seed in 1...20 {
            let events = Self.events(seed: UInt64(seed) * 31)
            var rng = SplitMix64(seed: UInt64(seed))
            let cut = Int.random(in: events.count / 3...events.count, using: &rng)
            let (desk, start, full) = try Self.startFromCheckpoint(events, cut: cut)
            #expect(start == .checkpoint(tailEvents: events.count - cut), "seed \(seed)")
            #expect(desk == full, "seed \(seed), cut \(cut)")
            Self.expectSameIndexes(desk, full, "seed \(seed)")
            checks += full.followUps.values.reduce(0) { $0 + $1.checks.count }
            pending += full.uncommittedImports.count
            anomalies += full.anomalyCount
        }
        // The journals hold what the checkpoint must carry.
        #expect(checks > 100 && pending == 20 && anomalies >= 20)
    }

    /// Cut after every record of a small journal: mid-import (cases waiting for their
    /// commit), between a filing and its approval, before and after the copied id.
    @Test func aCheckpointAtEveryRecordGivesTheFullReplay() throws {
        let events = Self.events(seed: 7, steps: 40)
        #expect(events.count > 25)
        for cut in 0...events.count {
            let (desk, start, full) = try Self.startFromCheckpoint(events, cut: cut)
            #expect(start == .checkpoint(tailEvents: events.count - cut), "cut \(cut)")
            #expect(desk == full, "cut \(cut)")
        }
    }

    /// `==` covers what the checkpoint carries: a desk differing in any part is not equal.
    @Test func equalityCoversEveryPartWritten() {
        let desk = Desk(replaying: Self.events(seed: 5), team: Self.team)
        func differs(_ change: (inout Desk.Parts) -> Void) -> Bool {
            var p = desk.parts
            change(&p)
            return Desk(parts: p, team: Self.team) != desk
        }
        #expect(Desk(parts: desk.parts, team: Self.team) == desk)
        #expect(differs { $0.cases[0].claimedBy = "x" })
        #expect(differs { $0.followUps[$0.followUps.keys.first!]!.checks.removeLast() })
        #expect(differs { $0.followUpOrder.reverse() })
        #expect(differs { $0.personKey["x"] = "y" })
        #expect(differs { $0.convertedFrom["x"] = "y" })
        #expect(differs { $0.linkedCase["x"] = "y" })
        #expect(differs { $0.caseLinks["x"] = "y" })
        #expect(differs { $0.personDecisions["x"] = ["y"] })
        #expect(differs { $0.personLinks["x"] = PersonLink(contactId: "x", toCase: "y", reason: .nik) })
        #expect(differs { $0.eventCount += 1 })
        #expect(differs { $0.anomalies.append(Anomaly("x")); $0.anomalyPlaces.append(nil) })
        #expect(differs { $0.anomalyCount += 1 })
        #expect(differs { $0.clock = .wita })
        #expect(differs { $0.seen = SeenEvents() })
        #expect(differs { $0.pendingImports.removeAll() })
        #expect(differs { $0.pendingCorrections.append(Desk.PendingCorrection(correction: CaseCorrection(caseId: "C-0", changes: [], batch: "z"), at: Date(), actor: "a", ref: nil)) })
    }

    // MARK: - Passed over

    /// Each way a checkpoint can be wrong, and the full replay that follows.
    @Test func aDamagedCutForeignOrOutdatedCheckpointFallsBackToTheFullReplay() throws {
        let events = Self.events(seed: 11)
        let cut = events.count - 20
        func prepared() throws -> Folder {
            let dir = Folder()
            let j = try FileJournal(path: dir.journal)
            try j.append(Array(events[..<cut]))
            let r = try FileJournal(path: dir.journal)
            #expect(try #require(r.writeCheckpoint(try r.replayLog(team: Self.team), team: Self.team)).wait() == nil)
            try j.append(Array(events[cut...]))
            return dir
        }
        func start(_ dir: Folder, team: Team? = CheckpointTests.team) throws -> (Desk, DeskStart) {
            try FileJournal(path: dir.journal).replayFromCheckpoint(team: team)
        }
        func edit(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            change(&bytes)
            let fd = open(path, O_WRONLY | O_TRUNC)
            try PosixFileIO().writeFully(fd, bytes)
            close(fd)
        }
        let original = try prepared()
        let expected = try FileJournal(path: original.journal).replayLog(team: Self.team)
        #expect(expected.eventCount == events.count - 1)
        func expectFullReplay(_ dir: Folder, _ why: String, team: Team? = CheckpointTests.team, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let (desk, how) = try start(dir, team: team)
            guard case .fullReplay(let reason) = how else {
                Issue.record("started from the checkpoint: \(how)", sourceLocation: sourceLocation)
                return
            }
            #expect(reason.contains(why), "\(reason)", sourceLocation: sourceLocation)
            // The desk the journal as it now is makes; the month's own desk when the journal is whole.
            #expect(desk == (try FileJournal(path: dir.journal).replayLog(team: team)), sourceLocation: sourceLocation)
            if team == Self.team, desk.eventCount == expected.eventCount { #expect(desk == expected, sourceLocation: sourceLocation) }
        }

        // As written, it is used.
        #expect(try start(try prepared()).1 == .checkpoint(tailEvents: 20))

        var dir = try prepared()
        try edit(dir.checkpoint) { $0[$0.count / 2] ^= 0x40 }
        try expectFullReplay(dir, "damaged")

        dir = try prepared()
        try edit(dir.checkpoint) { $0.removeLast(7) }
        try expectFullReplay(dir, "cut short")

        dir = try prepared()
        try edit(dir.checkpoint) { $0[3] ^= 1 }
        try expectFullReplay(dir, "not a checkpoint")

        // Another code version, its header's checksum made right: passed over for its version.
        dir = try prepared()
        try edit(dir.checkpoint) { b in
            b[12] &+= 1
            let crc = CRC32C.checksum(b[0..<96])
            withUnsafeBytes(of: crc.littleEndian) { for i in 0..<4 { b[96 + i] = $0[i] } }
        }
        try expectFullReplay(dir, "another version")

        dir = try prepared()
        try edit(dir.checkpoint) { $0[20] ^= 1 } // the offset, header checksum not remade
        try expectFullReplay(dir, "header is damaged")

        // The journal cut before the offset, or a record before it rewritten in place.
        dir = try prepared()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: dir.journal)[.size] as? Int)
        #expect(truncate(dir.journal, off_t(size / 3)) == 0)
        try expectFullReplay(dir, "more than the journal holds")

        // Cut back to three records before the offset and written on (the same file, longer
        // than the offset again): what the checkpoint covers is not there any more.
        dir = try prepared()
        let cover = try Self.checkpointOffset(dir.checkpoint)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir.journal)))
        let ends = bytes[..<Int(cover)].indices.filter { bytes[$0] == 10 }
        #expect(truncate(dir.journal, off_t(ends[ends.count - 4] + 1)) == 0)
        try FileJournal(path: dir.journal).append(Array(events[cut...]))
        try expectFullReplay(dir, "not the one the checkpoint covers")

        // A journal replaced by a copy (another file, the same bytes), and another journal's checkpoint.
        dir = try prepared()
        let copy = dir.journal + ".copy"
        try FileManager.default.copyItem(atPath: dir.journal, toPath: copy)
        #expect(rename(copy, dir.journal) == 0)
        try expectFullReplay(dir, "replaced")

        // Another team file (a lead added, a role changed): who may do what decided the desk.
        dir = try prepared()
        var changed = Self.team
        try changed.add(TeamMember(id: "tracer-09", name: "Eko", role: .tracer))
        try expectFullReplay(dir, "team file changed", team: changed)
    }

    /// A desk killed while writing its checkpoint leaves `JOURNAL.checkpoint.tmp-PID`, as
    /// large as the checkpoint and holding the same patient data: the next writer removes it.
    /// One whose writer still runs is left to it.
    @Test func aTemporaryFileOfAWriterThatEndedIsRemovedByTheNext() throws {
        let events = Self.events(seed: 17, steps: 40)
        let dir = Folder()
        let j = try FileJournal(path: dir.journal)
        try j.append(events)
        let desk = try j.replayLog(team: Self.team)
        // A process that has ended, and one that runs (init).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let left = dir.checkpoint + ".tmp-\(ended.processIdentifier)", running = dir.checkpoint + ".tmp-1"
        for f in [left, running] { #expect(FileManager.default.createFile(atPath: f, contents: Data("half".utf8), attributes: [.posixPermissions: 0o600])) }
        #expect(try #require(j.writeCheckpoint(desk, team: Self.team)).wait() == nil)
        #expect(!FileManager.default.fileExists(atPath: left))
        #expect(FileManager.default.fileExists(atPath: running))
        #expect(try FileJournal(path: dir.journal).replayFromCheckpoint(team: Self.team).1 == .checkpoint(tailEvents: 0))
    }

    static func checkpointOffset(_ path: String) throws -> UInt64 {
        let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return b[16..<24].reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    @Test func theCheckpointIsPrivateAndNoLinkIsFollowed() throws {
        let events = Self.events(seed: 13, steps: 60)
        let dir = Folder()
        let j = try FileJournal(path: dir.journal)
        try j.append(events)
        let desk = try j.replayLog(team: Self.team)
        // A link where the checkpoint goes: replaced by the file, its target untouched.
        let target = dir.path + "/elsewhere"
        FileManager.default.createFile(atPath: target, contents: Data("keep".utf8))
        #expect(symlink(target, dir.checkpoint) == 0)
        let (_, how) = try FileJournal(path: dir.journal).replayFromCheckpoint(team: Self.team)
        #expect(how == .fullReplay(reason: "the checkpoint is a symbolic link; not followed"))
        #expect(try #require(j.writeCheckpoint(desk, team: Self.team)).wait() == nil)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        var st = stat()
        #expect(lstat(dir.checkpoint, &st) == 0)
        #expect(st.st_mode & S_IFMT == S_IFREG)
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(try FileJournal(path: dir.journal).replayFromCheckpoint(team: Self.team).1 == .checkpoint(tailEvents: 0))
        // Readable by others: not trusted.
        #expect(chmod(dir.checkpoint, 0o644) == 0)
        #expect(try FileJournal(path: dir.journal).replayFromCheckpoint(team: Self.team).1
                == .fullReplay(reason: "the checkpoint is not a private file of this user"))
        // A journal opened read-only writes none.
        #expect(try FileJournal(path: dir.journal, access: .read).writeCheckpoint(desk, team: Self.team) == nil)
    }

    // MARK: - The code version

    /// Every type the checkpoint writes, as its stored properties (and an enum's cases) in
    /// order. A change to any of them changes how a checkpoint must be read: the digest then
    /// differs from `Checkpoint.versions`' last, and a new entry with a higher version makes
    /// every older checkpoint be passed over.
    static func shapes() -> String {
        func props(_ name: String, _ value: Any) -> String {
            name + "(" + Mirror(reflecting: value).children.map { $0.label ?? "?" }.joined(separator: ",") + ")"
        }
        func cases<E: CaseIterable & RawRepresentable>(_: E.Type) -> String where E.RawValue == String {
            "\(E.self)[" + E.allCases.map(\.rawValue).joined(separator: ",") + "]"
        }
        let day = Day(ordinal: 0)
        let record = CaseRecord(caseId: "", name: "", resultDate: day)
        var file = CaseFile(record: record, importedAt: Date())
        file.draftSavedBy = "x"
        let trail = Mirror(reflecting: file).descendant("_trail", "box", "some", "value") ?? "no trail"
        let seed = FollowUpSeed(contactId: "", name: "", lastExposure: nil)
        let check = FollowUpCheck(at: Date(), by: "", call: FollowUpCall(contactId: "", day: day, outcome: .reached))
        return [
            props("Desk", Desk()), props("CaseRecord", record), props("CaseFile", file), props("InterviewTrail", trail),
            props("CallMark", CallMark(at: Date(), by: "", outcome: .reached)),
            props("FiledSummary", FiledSummary(caseId: "", outcome: .completed, daysWalked: 0, contacts: 0, closeContacts: 0)),
            props("FollowUpSeed", seed),
            props("FollowUp", FollowUp(id: "", name: "", phone: nil, nik: nil, sex: nil, age: nil, exposures: [], ruleSetId: "", since: day, tracer: "")),
            props("Exposure", Exposure(caseId: "", contactId: "", setting: nil, relationship: nil, lastExposure: nil)),
            props("FollowUpCheck", check),
            props("ContactTest", ContactTest(kind: .entry, method: .pcr, date: day, result: .negative)),
            props("PersonLink", PersonLink(contactId: "", reason: .nik)),
            props("CaseCorrection", CaseCorrection(caseId: "", changes: [])),
            props("FieldChange", FieldChange(field: "", from: "", to: "")),
            props("ImportedCase", ImportedCase(record: record, batch: "")),
            props("PendingImport", Desk.PendingImport(imported: ImportedCase(record: record, batch: ""), at: Date(), actor: "", ref: nil)),
            props("PendingCorrection", Desk.PendingCorrection(correction: CaseCorrection(caseId: "", changes: []), at: Date(), actor: "", ref: nil)),
            props("WallClock", WallClock.wib), props("EventRef", EventRef(offset: 0, length: 1)), props("EventID", EventID(high: 0, low: 0)),
            props("Day", day), props("Anomaly", Anomaly("")), props("Localizable", Localizable(key: "", args: [])),
            cases(CaseStatus.self), cases(CallOutcome.self), cases(Sex.self), cases(Relationship.self), cases(Symptom.self),
            cases(ContactTest.Kind.self), cases(ContactTest.Method.self), cases(ContactTest.Result.self),
            "Reason[" + [PersonMatch.Reason.nik, .phone, .nameAgeKelurahan].map(\.rawValue).joined(separator: ",") + "]",
            "Outcome[" + [FiledInterview.Outcome.completed, .refused].map(\.rawValue).joined(separator: ",") + "]",
        ].joined(separator: "\n")
    }

    @Test func aChangedShapeNeedsANewCodeVersion() {
        let digest = CRC32C.checksum(Array(Self.shapes().utf8))
        let versions = Checkpoint.versions
        #expect(digest == versions.last!.shapes, """
            A type the checkpoint writes changed (digest \(String(digest, radix: 16))): write and read the change in \
            CheckpointBody.swift, then append (version + 1, 0x\(String(digest, radix: 16, uppercase: true))) to Checkpoint.versions.
            \(Self.shapes())
            """)
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $0.version < $1.version && $0.shapes != $1.shapes })
    }
}
