/// What replay's two open-addressing tables (the applied-id set, the case index) share: how
/// full they may get, and how a hash picks a slot in a table sized to its count.
enum OpenAddressing {
    /// Slots for `n` entries at five eighths full.
    static func size(for n: Int) -> Int { max(16, (n * 8 + 4) / 5) }

    /// At most 5/8 full: linear probing stays short (about two looks for an entry that is there).
    static func roomy(_ size: Int, for n: Int) -> Bool { n * 8 <= size * 5 }

    /// The high half of hash × size: a slot in 0..<size, spread like the hash is. A table sized
    /// to its count rather than to a power of two picks by multiplying, not by masking.
    static func slot(_ hash: UInt64, in size: Int) -> Int {
        Int(truncatingIfNeeded: hash.multipliedFullWidth(by: UInt64(size)).high)
    }
}
