import CCRC32C

/// CRC-32C (Castagnoli), the checksum LevelDB and Kafka put on every record.
public enum CRC32C {
    /// Slicing-by-8 tables: `tables[k][b]` is the CRC of byte `b` followed by `k` zero bytes, so
    /// eight bytes are folded in per step instead of one (where the CPU has no CRC-32C
    /// instruction).
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            t[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let prev = t[(k - 1) * 256 + i]
                t[k * 256 + i] = t[Int(prev & 0xff)] ^ (prev >> 8)
            }
        }
        return t
    }()

    /// Continues a running checksum (start from `initial`, end with `finish`), so the bytes
    /// need not be copied into one buffer first.
    public static let initial: UInt32 = 0xFFFF_FFFF
    public static func finish(_ crc: UInt32) -> UInt32 { crc ^ 0xFFFF_FFFF }

    /// The CPU's CRC-32C instruction when it has one (x86-64 since 2008): several times the
    /// tables' speed, and every byte of the journal goes through here at start-up.
    static let hardware = tracedesk_crc32c_hw_available() != 0

    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        if hardware, let base = bytes.baseAddress { return tracedesk_crc32c_hw(crc, base, bytes.count) }
        return updateByTables(crc, bytes)
    }

    static func updateByTables(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = crc
        tables.withUnsafeBufferPointer { t in
            var i = 0
            let n = bytes.count
            while i + 8 <= n {
                let lo = bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian ^ crc
                let hi = bytes.loadUnaligned(fromByteOffset: i + 4, as: UInt32.self).littleEndian
                crc = t[7 * 256 + Int(lo & 0xff)] ^ t[6 * 256 + Int((lo >> 8) & 0xff)]
                    ^ t[5 * 256 + Int((lo >> 16) & 0xff)] ^ t[4 * 256 + Int(lo >> 24)]
                    ^ t[3 * 256 + Int(hi & 0xff)] ^ t[2 * 256 + Int((hi >> 8) & 0xff)]
                    ^ t[256 + Int((hi >> 16) & 0xff)] ^ t[Int(hi >> 24)]
                i += 8
            }
            while i < n {
                crc = t[Int((crc ^ UInt32(bytes[i])) & 0xff)] ^ (crc >> 8)
                i += 1
            }
        }
        return crc
    }

    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ finish(update(initial, UnsafeRawBufferPointer($0))) }) {
            return crc
        }
        return Array(bytes).withUnsafeBytes { finish(update(initial, $0)) }
    }
}
