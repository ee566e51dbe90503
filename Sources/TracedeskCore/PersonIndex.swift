import Foundation

/// Who the desk knows, by NIK, by phone and by kelurahan and age: kept as events apply, so
/// looking for a person as a contact is typed is a few lookups instead of a pass over a
/// city's cases and every close contact they named (100,000 and 500,000 in a month).
///
/// It holds places, not people: a case by its position in the table, a close contact by its
/// case's position and its place among the filing's close contacts. Keys are hashes of the
/// compared forms (the name is compared only for those found by the rest); every candidate is then judged by `PersonMatcher.reason` exactly as a full
/// pass would, so a hash collision costs one look, never a wrong match.
struct PersonIndex: Sendable {
    /// The first place under each key, and the rest where several share it (a household's
    /// phone, a kelurahan's people of one age): most keys have one, and one dictionary of
    /// integers costs a city a fraction of an array per key.
    /// Places are kept in 32 bits (a case's position below 4,194,304, a contact's place below
    /// 1,023): a city's index is a million keys, and a dictionary's buckets are most of it.
    private var first: [UInt32: UInt32] = [:]
    private var more: [UInt32: [UInt32]] = [:]
    /// Places that do not fit 32 bits, as they are.
    private var wide: [UInt32: [UInt64]] = [:]

    private static func narrow(_ place: UInt64) -> UInt32? {
        let position = place >> 16, seed = place & 0xFFFF
        guard position < 1 << 22, seed < 1 << 10 else { return nil }
        return UInt32(position << 10 | seed)
    }

    private static func widen(_ n: UInt32) -> UInt64 { UInt64(n >> 10) << 16 | UInt64(n & 0x3FF) }

    /// A case's place (`seed` nil) or its filing's `seed`-th close contact's.
    static func place(position: Int, seed: Int?) -> UInt64 { UInt64(position) << 16 | UInt64(seed.map { $0 + 1 } ?? 0) }
    static func position(_ place: UInt64) -> Int { Int(place >> 16) }
    static func seed(_ place: UInt64) -> Int? { place & 0xFFFF == 0 ? nil : Int(place & 0xFFFF) - 1 }

    private enum Kind: UInt64 { case nik = 1, phone, kelurahanAndAge }

    /// FNV-1a over the compared form's bytes, begun from its kind: no String is made for a key.
    private struct Key {
        var h: UInt64
        init(_ kind: Kind) { h = 0xcbf2_9ce4_8422_2325 ^ kind.rawValue }
        mutating func add(_ b: UInt8) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        mutating func add<S: Sequence<UInt8>>(_ bytes: S) { for b in bytes { add(b) } }
        var value: UInt32 { UInt32(truncatingIfNeeded: h ^ (h >> 32)) }
    }

    /// The NIK's key: its 16 digits, as `PersonMatcher.nikKey` compares them.
    private static func nik(_ nik: String?) -> UInt32? {
        guard let nik else { return nil }
        var k = Key(.nik)
        var n = 0
        for b in nik.utf8 {
            if b >= 0x80 {
                // Digits beyond ASCII: as the matcher reads them.
                guard let digits = PersonMatcher.nikKey(nik) else { return nil }
                k = Key(.nik)
                k.add(digits.utf8)
                return k.value
            }
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { k.add(b); n += 1 }
        }
        return n == 16 ? k.value : nil
    }

    /// The phone's key: its last 8 digits. Two phones `Phone.normalize` makes one keep at
    /// least 8 digits after the country code or 0 and end alike, so they share the key; one
    /// that does not normalise matches nothing, whatever its key (the matcher judges).
    private static func phone(_ phone: String?) -> UInt32? {
        guard let phone else { return nil }
        var last: UInt64 = 0
        var n = 0
        for b in phone.utf8 {
            if b >= 0x80 {
                guard let p = PersonMatcher.phoneKey(phone) else { return nil }
                return lastDigits(p.utf8.suffix(8).reduce(0) { $0 << 8 | UInt64($1) })
            }
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { last = last << 8 | UInt64(b); n += 1 }
        }
        return n >= 8 ? lastDigits(last) : nil
    }

    private static func lastDigits(_ packed: UInt64) -> UInt32 {
        var k = Key(.phone)
        for shift in stride(from: 0, to: 64, by: 8) { k.add(UInt8(truncatingIfNeeded: packed >> shift)) }
        return k.value
    }

    /// The kelurahan (folded, as `SearchText.fold` does: ASCII lower-cased) with an age.
    private static func place(_ kelurahan: String, age: Int) -> UInt32 {
        var k = Key(.kelurahanAndAge)
        for b in kelurahan.utf8 {
            if b >= 0x80 {
                k = Key(.kelurahanAndAge)
                k.add(SearchText.fold(kelurahan).utf8)
                break
            }
            k.add(b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b)
        }
        k.add(0)
        for shift in stride(from: 0, to: 64, by: 8) { k.add(UInt8(truncatingIfNeeded: age >> shift)) }
        return k.value
    }

    /// The keys a person can be found by: what `PersonMatcher.reason` compares. A name counts
    /// only beside the same kelurahan and an age within a year, so the name itself is not a
    /// key: the kelurahan and age are (a few dozen people in a city's kelurahan share an
    /// age), and the name is compared, spelling aside, only for those. A query asks under
    /// its age and the ages a year either side.
    static func keys(nik: String?, phone: String?, name: String, age: Int?, kelurahan: String?, query: Bool, _ body: (UInt32) -> Void) {
        if let n = Self.nik(nik) { body(n) }
        if let p = Self.phone(phone) { body(p) }
        if let a = age, let k = kelurahan, query || !name.isEmpty {
            if query {
                for age in a - 1...a + 1 { body(place(k, age: age)) }
            } else {
                body(place(k, age: a))
            }
        }
    }

    static func keys(_ q: PersonQuery) -> [UInt32] {
        var out: [UInt32] = []
        keys(nik: q.nik, phone: q.phone, name: q.name, age: q.age, kelurahan: q.kelurahan, query: true) { out.append($0) }
        return out
    }

    /// Every (key, place) a case and its filed close contacts are found by.
    static func entries(of file: CaseFile, at position: Int) -> [(UInt32, UInt64)] {
        var out: [(UInt32, UInt64)] = []
        out.reserveCapacity(3 * (1 + (file.filing?.followUp.count ?? 0)))
        let own = place(position: position, seed: nil)
        let r = file.record
        keys(nik: r.nik, phone: r.phones.first, name: r.name, age: r.age, kelurahan: r.kelurahan, query: false) { out.append(($0, own)) }
        addContacts(of: file, at: position, to: &out)
        return out
    }

    /// The (key, place) of the case's filed close contacts alone: what a filing changes.
    static func contactEntries(of file: CaseFile, at position: Int) -> [(UInt32, UInt64)] {
        var out: [(UInt32, UInt64)] = []
        addContacts(of: file, at: position, to: &out)
        return out
    }

    private static func addContacts(of file: CaseFile, at position: Int, to out: inout [(UInt32, UInt64)]) {
        let r = file.record
        for (i, seed) in (file.filing?.followUp ?? []).enumerated() {
            let k = seed.relationship == .household ? r.kelurahan : nil
            let at = place(position: position, seed: i)
            keys(nik: seed.nik, phone: seed.phone, name: seed.name, age: seed.age, kelurahan: k, query: false) { out.append(($0, at)) }
        }
    }

    mutating func add(_ entries: [(UInt32, UInt64)]) {
        for (k, p) in entries {
            guard let n = Self.narrow(p) else { wide[k, default: []].append(p); continue }
            if first[k] == nil { first[k] = n } else { more[k, default: []].append(n) }
        }
    }

    mutating func remove(_ entries: [(UInt32, UInt64)]) {
        for (k, p) in entries {
            guard let n = Self.narrow(p) else {
                if var rest = wide[k], let i = rest.firstIndex(of: p) {
                    rest.remove(at: i)
                    wide[k] = rest.isEmpty ? nil : rest
                }
                continue
            }
            if first[k] == n {
                if var rest = more[k], let last = rest.popLast() {
                    first[k] = last
                    more[k] = rest.isEmpty ? nil : rest
                } else {
                    first[k] = nil
                }
            } else if var rest = more[k], let i = rest.firstIndex(of: n) {
                rest.remove(at: i)
                more[k] = rest.isEmpty ? nil : rest
            }
        }
    }

    var count: Int { first.count + more.values.reduce(0) { $0 + $1.count } + wide.values.reduce(0) { $0 + $1.count } }

    /// About how much memory it holds, from its tables' sizes (a dictionary's buckets are a
    /// third more than it may hold; each holds a key and a value).
    var approximateBytes: Int {
        let firstBuckets = first.capacity * 4 / 3, moreBuckets = more.capacity * 4 / 3
        return firstBuckets * 8 + moreBuckets * 12 + more.values.reduce(0) { $0 + 32 + 4 * $1.capacity }
    }

    /// Places that may be the person, in the table's order (a case before its contacts).
    func candidates(_ q: PersonQuery) -> [UInt64] { places(Self.keys(q)) }

    /// Places found under any of `keys`, in the table's order.
    func places(_ keys: [UInt32]) -> [UInt64] {
        var out = Set<UInt64>()
        for k in keys {
            if let n = first[k] { out.insert(Self.widen(n)) }
            for n in more[k] ?? [] { out.insert(Self.widen(n)) }
            for p in wide[k] ?? [] { out.insert(p) }
        }
        return out.sorted()
    }
}

extension Desk {
    /// Whether a filed close contact has the NIK or one of the phones of `r`: a few lookups
    /// in the index, where a pass over every filing was a city's 500,000 contacts.
    func hasFiledContact(sharingNIKOrPhoneWith r: CaseRecord) -> Bool {
        let nik = PersonMatcher.nikKey(r.nik)
        let phones = Set(r.phones.compactMap(PersonMatcher.phoneKey))
        guard nik != nil || !phones.isEmpty else { return false }
        var keys: [UInt32] = []
        PersonIndex.keys(nik: r.nik, phone: nil, name: "", age: nil, kelurahan: nil, query: true) { keys.append($0) }
        for p in r.phones { PersonIndex.keys(nik: nil, phone: p, name: "", age: nil, kelurahan: nil, query: true) { keys.append($0) } }
        for place in people.places(keys) {
            // A key is a hash: the contact found is compared as the full pass compares.
            guard let i = PersonIndex.seed(place), let seeds = cases[position: PersonIndex.position(place)].filing?.followUp, i < seeds.count else { continue }
            if let n = nik, PersonMatcher.nikKey(seeds[i].nik) == n { return true }
            if let p = PersonMatcher.phoneKey(seeds[i].phone), phones.contains(p) { return true }
        }
        return false
    }

    /// The case at `position` changed what it can be found by: from `old` entries to its own
    /// (`contactsOnly`: a filing, which changes its contacts and not its record).
    mutating func reindexPeople(at position: Int, removing old: [(UInt32, UInt64)], contactsOnly: Bool = false) {
        peopleRevision += 1
        people.remove(old)
        let file = cases[position: position]
        people.add(contactsOnly ? PersonIndex.contactEntries(of: file, at: position) : PersonIndex.entries(of: file, at: position))
    }

    func peopleEntries(ofCase id: String, contactsOnly: Bool = false) -> (position: Int, entries: [(UInt32, UInt64)])? {
        cases.position(of: id).map { p in
            let file = cases[position: p]
            return (p, contactsOnly ? PersonIndex.contactEntries(of: file, at: p) : PersonIndex.entries(of: file, at: p))
        }
    }
}

extension Desk {
    /// The person index made again from every case, as replay makes it event by event: the
    /// benchmark's figure of what it costs. How many keys it holds.
    @_spi(Bench) public func rebuildPeopleIndexForBench(_ whileHeld: (Int) -> Void = { _ in }) -> Int {
        var index = PersonIndex()
        for (i, file) in cases.values.enumerated() { index.add(PersonIndex.entries(of: file, at: i)) }
        whileHeld(index.approximateBytes)
        return index.count
    }
}
