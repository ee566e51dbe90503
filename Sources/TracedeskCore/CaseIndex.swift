import CPrefetch

/// Case ids to their places in the case table. Replay looks a case up for nearly every event,
/// in a table larger than the caches: `[String: Int]` paid a SipHash and three cache misses a
/// look (its bucket map, keys and values are separate arrays). Here a slot holds the id itself
/// (a case id fits in a String's own 16 bytes), its place and a tag from its hash: one cache
/// line a look, and a line that replay asks for a few events ahead (`lookAhead`).
struct CaseIndex: Sendable {
    private struct Slot {
        var id: String
        var place: UInt32
        /// The hash's high half with its lowest bit set; 0 marks an empty slot.
        var tag: UInt32
    }

    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int = 0) {
        slots = Array(repeating: Slot(id: "", place: 0, tag: 0), count: OpenAddressing.size(for: capacity))
    }

    /// The id's UTF-8 eight bytes at a time, each word multiplied in and mixed: a case id is
    /// one or two words, and hashing it runs twice an event (ahead and when applied).
    private static func hash(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
            var i = 0
            while i + 8 <= bytes.count {
                h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                i += 8
            }
            var last: UInt64 = 0
            for j in i..<bytes.count { last |= UInt64(bytes[j]) << UInt64(8 * (j - i)) }
            h = (h ^ last) &* 0x94D0_49BB_1331_11EB
            return h ^ (h >> 29)
        }
    }

    private static func tag(_ h: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: h >> 32) | 1 }

    private func home(_ h: UInt64) -> Int { OpenAddressing.slot(h, in: slots.count) }

    subscript(id: String) -> Int? {
        let h = Self.hash(id), tag = Self.tag(h)
        return slots.withUnsafeBufferPointer { s in
            var i = home(h)
            while true {
                if s[i].tag == 0 { return nil }
                if s[i].tag == tag && s[i].id == id { return Int(s[i].place) }
                i += 1
                if i == s.count { i = 0 }
            }
        }
    }

    /// Sets the place of `id`, adding it if new.
    mutating func set(_ id: String, _ place: Int) {
        if !OpenAddressing.roomy(slots.count, for: count + 1) { grow(to: OpenAddressing.size(for: 2 * (count + 1))) }
        let h = Self.hash(id), tag = Self.tag(h)
        var i = home(h)
        while slots[i].tag != 0 {
            if slots[i].tag == tag && slots[i].id == id {
                slots[i].place = UInt32(place)
                return
            }
            i += 1
            if i == slots.count { i = 0 }
        }
        slots[i] = Slot(id: id, place: UInt32(place), tag: tag)
        count += 1
    }

    mutating func reserveCapacity(_ n: Int) {
        if !OpenAddressing.roomy(slots.count, for: n) { grow(to: OpenAddressing.size(for: n)) }
    }

    /// Asks for the slot where `id` would be, so that it is in cache when the event naming it
    /// is applied a few events later.
    func lookAhead(_ id: String) {
        let h = Self.hash(id)
        slots.withUnsafeBufferPointer { tracedesk_prefetch($0.baseAddress! + home(h)) }
    }

    private mutating func grow(to size: Int) {
        let old = slots
        slots = Array(repeating: Slot(id: "", place: 0, tag: 0), count: size)
        count = 0
        for slot in old where slot.tag != 0 { set(slot.id, Int(slot.place)) }
    }
}
