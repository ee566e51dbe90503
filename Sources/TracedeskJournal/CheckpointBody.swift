import Foundation
@_spi(Checkpoint) import TracedeskCore

// catalogue: not shown — why a checkpoint was passed over, for the benchmark and tests
// The checkpoint's body: the desk's parts in a fixed order, each type written field by field
// in its declared order (the shapes `CheckpointTests` digests). Writer and reader side by side.

extension Writer {
    /// The desk, flushed as it goes. Returns how many event ids it wrote.
    mutating func desk(_ desk: Desk) throws -> Int {
        let p = desk.parts
        count(p.eventCount); count(p.anomalyCount)
        int(p.clock.offsetSeconds); string(p.clock.label)
        count(p.anomalies.count)
        for (a, place) in zip(p.anomalies, p.anomalyPlaces) {
            localizable(a.what)
            if let why = a.because { byte(1); localizable(why) } else { byte(0) }
            ref(place)
        }
        // Ascending, each as its two words: 16 bytes an id, read back into one sorted array.
        let ids = p.seen.ascending()
        count(ids.count)
        for id in ids { u64(id.high); u64(id.low); try mark() }
        count(p.cases.count)
        for c in p.cases { try caseFile(c); try mark() }
        count(p.followUps.count)
        for (key, f) in p.followUps { shared(key); followUp(f); try mark() }
        count(p.followUpOrder.count)
        for key in p.followUpOrder { shared(key) }
        try mark()
        for map in [p.personKey, p.convertedFrom, p.linkedCase, p.caseLinks] {
            count(map.count)
            for (k, v) in map { shared(k); shared(v) }
            try mark()
        }
        count(p.personDecisions.count)
        for (k, set) in p.personDecisions {
            shared(k); count(set.count)
            for s in set { shared(s) }
        }
        count(p.personLinks.count)
        for (k, l) in p.personLinks { shared(k); link(l) }
        count(p.pendingImports.count)
        for i in p.pendingImports { record(i.imported.record); shared(i.imported.batch); date(i.at); shared(i.actor); ref(i.ref); try mark() }
        count(p.pendingCorrections.count)
        for c in p.pendingCorrections { correction(c.correction); date(c.at); shared(c.actor); ref(c.ref) }
        return ids.count
    }

    struct NotKept: Error, CustomStringConvertible {
        var what: String
        var description: String { "the checkpoint keeps a desk replayed from the journal; \(what) came from elsewhere" }
    }

    mutating func record(_ r: CaseRecord) {
        shared(r.caseId); string(r.name); string(r.nik); string(r.nikMissingReason)
        count(r.phones.count); for ph in r.phones { string(ph) }
        pick(r.sex); int(r.age); day(r.birthDate); string(r.address); string(r.rtRw)
        shared(r.kelurahan); shared(r.kecamatan); shared(r.kota); shared(r.occupation)
        day(r.specimenDate); day(r.resultDate); day(r.onsetDate)
    }

    /// What replay keeps of a case read from the journal. What only a desk built from events
    /// handed over whole holds (history lines, calls in full, a draft or filing whole) has no
    /// place here: such a desk is not written.
    mutating func caseFile(_ c: CaseFile) throws {
        guard c.attempts.isEmpty, c.history.isEmpty, c.interview == nil, c.draft?.inMemory == nil else {
            throw NotKept(what: "a case's history, calls or interview")
        }
        record(c.record); pick(c.status); shared(c.claimedBy)
        count(c.calls.count)
        for m in c.calls { date(m.at); shared(m.by); pick(m.outcome); bool(m.unconfirmed) }
        date(c.nextCallback); date(c.importedAt); date(c.doneAt)
        count(c.historyRefs.count); for r in c.historyRefs { ref(r) }
        count(c.labValues.count); for (k, v) in c.labValues { shared(k); string(v) }
        switch c.draft {
        case nil: byte(0)
        case .saved(let r)?: byte(1); ref(r)
        case .stored?: byte(2)
        case .filed(let r)?: byte(3); ref(r)
        case .inMemory?: byte(0) // refused above
        }
        shared(c.draftSavedBy); date(c.draftSavedAt)
        if let f = c.filing {
            byte(1); shared(f.caseId); string(f.outcome.rawValue); int(f.daysWalked); int(f.contacts); int(f.closeContacts); shared(f.ruleSetId)
            count(f.followUp.count)
            for s in f.followUp {
                shared(s.contactId); string(s.name); string(s.phone); string(s.nik); pick(s.sex); int(s.age)
                pick(s.relationship); shared(s.setting); day(s.lastExposure); day(s.quarantineEnd)
            }
        } else {
            byte(0)
        }
        ref(c.filedRef); shared(c.filedBy); date(c.filedAt); string(c.returnNote); shared(c.returnedBy); shared(c.reviewedBy); date(c.reviewedAt)
    }

    mutating func followUp(_ f: FollowUp) {
        shared(f.id); string(f.name); string(f.phone); string(f.nik); pick(f.sex); int(f.age)
        count(f.exposures.count)
        for e in f.exposures { shared(e.caseId); shared(e.contactId); shared(e.setting); pick(e.relationship); day(e.lastExposure) }
        shared(f.ruleSetId); day(f.since); shared(f.tracer)
        count(f.checks.count)
        for c in f.checks {
            let s = c.short
            date(c.at); shared(c.by); shared(c.contactId)
            day(s.day); pick(s.outcome); byte(s.unconfirmedCode); byte(s.symptomBits); bool(s.symptomsSaid)
            if let r = c.rareParts {
                byte(1)
                if let list = r.symptoms { byte(1); count(list.count); for x in list { pick(x) } } else { byte(0) }
                string(r.otherSymptom)
                if let t = r.test { byte(1); pick(t.kind); pick(t.method); day(t.date); pick(t.result) } else { byte(0) }
                string(r.note)
            } else {
                byte(0)
            }
        }
        shared(f.convertedCaseId); day(f.convertedOn)
        count(f.endChanges.count)
        for e in f.endChanges { date(e.at); day(e.from); day(e.to) }
    }

    mutating func link(_ l: PersonLink) {
        shared(l.contactId); shared(l.toContact); shared(l.toCase); string(l.reason.rawValue); bool(l.linked); bool(l.fromCase)
    }

    mutating func correction(_ c: CaseCorrection) {
        func changes(_ list: [FieldChange]) { count(list.count); for ch in list { shared(ch.field); string(ch.from); string(ch.to) } }
        shared(c.caseId); changes(c.changes); string(c.source); shared(c.batch); string(c.reason)
        if let list = c.conflicts { byte(1); changes(list) } else { byte(0) }
        shared(c.contactId)
    }
}

extension Writer {
    /// Catalogue text as its key (the same few keys repeat: written once) and arguments.
    mutating func localizable(_ l: Localizable) {
        shared(l.key)
        count(l.args.count)
        for a in l.args { string(a) }
    }
}

extension Reader {
    mutating func localizable() throws -> Localizable {
        let key = try shared()
        var args: [String] = []
        for _ in 0..<(try count()) { args.append(try string()) }
        return Localizable(key: key, args: args)
    }

    mutating func desk(team: Team?, seen seenCount: Int, cases caseCount: Int) throws -> Desk {
        var p = Desk.Parts()
        p.eventCount = try count(); p.anomalyCount = try count()
        p.clock = WallClock(offsetSeconds: try int(), label: try string())
        let anomalies = try count()
        for _ in 0..<anomalies {
            let what = try localizable()
            p.anomalies.append(Anomaly(what, because: try byte() == 1 ? try localizable() : nil))
            p.anomalyPlaces.append(try optionalRef())
        }
        let n = try count()
        guard n == seenCount else { throw Reader.damaged }
        var ids: [EventID] = []
        ids.reserveCapacity(n)
        for _ in 0..<n {
            let id = EventID(high: try u64(), low: try u64())
            // Ascending without repeats, or a binary search would miss: not trusted, checked.
            guard ids.last.map({ $0 < id }) ?? true else { throw Reader.damaged }
            ids.append(id)
        }
        p.seen = SeenEvents(sorted: ids)
        let cases = try count()
        guard cases == caseCount else { throw Reader.damaged }
        p.cases.reserveCapacity(cases)
        for _ in 0..<cases { p.cases.append(try caseFile()) }
        let followUps = try count()
        p.followUps.reserveCapacity(followUps)
        for _ in 0..<followUps { p.followUps[try shared()] = try followUp() }
        for _ in 0..<(try count()) { p.followUpOrder.append(try shared()) }
        for path in [\Desk.Parts.personKey, \.convertedFrom, \.linkedCase, \.caseLinks] {
            var map: [String: String] = [:]
            for _ in 0..<(try count()) { map[try shared()] = try shared() }
            p[keyPath: path] = map
        }
        for _ in 0..<(try count()) {
            let k = try shared()
            var set = Set<String>()
            for _ in 0..<(try count()) { set.insert(try shared()) }
            p.personDecisions[k] = set
        }
        for _ in 0..<(try count()) { p.personLinks[try shared()] = try link() }
        for _ in 0..<(try count()) {
            let imported = ImportedCase(record: try record(), batch: try shared())
            p.pendingImports.append(Desk.PendingImport(imported: imported, at: try date(), actor: try shared(), ref: try optionalRef()))
        }
        for _ in 0..<(try count()) {
            p.pendingCorrections.append(Desk.PendingCorrection(correction: try correction(), at: try date(), actor: try shared(), ref: try optionalRef()))
        }
        return Desk(parts: p, team: team)
    }

    mutating func record() throws -> CaseRecord {
        var r = CaseRecord(caseId: try shared(), name: try string(), resultDate: Day(ordinal: 0))
        r.nik = try optionalString(); r.nikMissingReason = try optionalString()
        for _ in 0..<(try count()) { r.phones.append(try string()) }
        r.sex = try required(); r.age = try optionalInt(); r.birthDate = try optionalDay()
        r.address = try string(); r.rtRw = try string()
        r.kelurahan = try shared(); r.kecamatan = try shared(); r.kota = try shared(); r.occupation = try shared()
        r.specimenDate = try optionalDay(); r.resultDate = try day(); r.onsetDate = try optionalDay()
        return r
    }

    mutating func caseFile() throws -> CaseFile {
        let record = try record()
        var c = CaseFile(record: record, importedAt: Date(timeIntervalSinceReferenceDate: 0))
        c.status = try required(); c.claimedBy = try optionalShared()
        let calls = try count()
        c.calls.reserveCapacity(calls)
        for _ in 0..<calls {
            c.calls.append(CallMark(at: try date(), by: try shared(), outcome: try required(), unconfirmed: try bool()))
        }
        c.nextCallback = try optionalDate(); c.importedAt = try date(); c.doneAt = try optionalDate()
        let refs = try count()
        c.historyRefs.reserveCapacity(refs)
        for _ in 0..<refs { c.historyRefs.append(try ref()) }
        for _ in 0..<(try count()) { c.labValues[try shared()] = try string() }
        // The interview's parts go in one change of its trail (each setter makes one).
        var draft: HeldDraft?
        switch try byte() {
        case 0: draft = nil
        case 1: draft = .saved(try ref())
        case 2: draft = .stored
        case 3: draft = .filed(try ref())
        default: throw Reader.damaged
        }
        let savedBy = try optionalShared(), savedAt = try optionalDate()
        var filing: FiledSummary?
        if try flag() {
            var f = FiledSummary(caseId: try shared(), outcome: try raw(), daysWalked: try int(), contacts: try int(),
                                 closeContacts: try int(), ruleSetId: try shared())
            for _ in 0..<(try count()) {
                var s = FollowUpSeed(contactId: try shared(), name: try string(), lastExposure: nil)
                s.phone = try optionalString(); s.nik = try optionalString(); s.sex = try pick(); s.age = try optionalInt()
                s.relationship = try pick(); s.setting = try optionalShared(); s.lastExposure = try optionalDay(); s.quarantineEnd = try optionalDay()
                f.followUp.append(s)
            }
            filing = f
        }
        let filedRef = try optionalRef(), filedBy = try optionalShared(), filedAt = try optionalDate()
        let returnNote = try optionalString(), returnedBy = try optionalShared(), reviewedBy = try optionalShared(), reviewedAt = try optionalDate()
        if draft != nil || savedBy != nil || savedAt != nil || filing != nil || filedRef != nil || filedBy != nil || filedAt != nil
            || returnNote != nil || returnedBy != nil || reviewedBy != nil || reviewedAt != nil {
            c.draft = draft; c.draftSavedBy = savedBy; c.draftSavedAt = savedAt; c.filing = filing; c.filedRef = filedRef
            c.filedBy = filedBy; c.filedAt = filedAt; c.returnNote = returnNote; c.returnedBy = returnedBy
            c.reviewedBy = reviewedBy; c.reviewedAt = reviewedAt
        }
        return c
    }

    mutating func followUp() throws -> FollowUp {
        let id = try shared(), name = try string(), phone = try optionalString(), nik = try optionalString()
        let sex: Sex? = try pick(), age = try optionalInt()
        var exposures: [Exposure] = []
        for _ in 0..<(try count()) {
            exposures.append(Exposure(caseId: try shared(), contactId: try shared(), setting: try optionalShared(),
                                      relationship: try pick(), lastExposure: try optionalDay()))
        }
        var f = FollowUp(id: id, name: name, phone: phone, nik: nik, sex: sex, age: age, exposures: exposures,
                         ruleSetId: try shared(), since: try day(), tracer: try shared())
        let checks = try count()
        f.checks.reserveCapacity(checks)
        for _ in 0..<checks {
            let at = try date(), by = try shared(), contactId = try shared()
            let short = (day: try day(), outcome: try required() as CallOutcome, unconfirmedCode: try byte(), symptomBits: try byte(), symptomsSaid: try bool())
            var rare: (symptoms: [Symptom]?, otherSymptom: String?, test: ContactTest?, note: String?)?
            if try flag() {
                var symptoms: [Symptom]?
                if try flag() {
                    symptoms = []
                    for _ in 0..<(try count()) { symptoms!.append(try required()) }
                }
                let other = try optionalString()
                var test: ContactTest?
                if try flag() { test = ContactTest(kind: try required(), method: try required(), date: try day(), result: try required()) }
                rare = (symptoms, other, test, try optionalString())
            }
            f.checks.append(FollowUpCheck(at: at, by: by, contactId: contactId, short: short, rare: rare))
        }
        f.convertedCaseId = try optionalShared(); f.convertedOn = try optionalDay()
        for _ in 0..<(try count()) { f.endChanges.append((try date(), try day(), try day())) }
        return f
    }

    mutating func link() throws -> PersonLink {
        var l = PersonLink(contactId: try shared(), toContact: try optionalShared(), toCase: try optionalShared(), reason: try raw(), linked: try bool())
        l.fromCase = try optionalBool()
        return l
    }

    mutating func correction() throws -> CaseCorrection {
        func changes() throws -> [FieldChange] {
            var out: [FieldChange] = []
            for _ in 0..<(try count()) { out.append(FieldChange(field: try shared(), from: try string(), to: try string())) }
            return out
        }
        var c = CaseCorrection(caseId: try shared(), changes: try changes())
        c.source = try optionalString(); c.batch = try optionalShared(); c.reason = try optionalString()
        c.conflicts = try flag() ? try changes() : nil
        c.contactId = try optionalShared()
        return c
    }
}
// catalogue: shown again
