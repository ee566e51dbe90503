/// The national identity number (Nomor Induk Kependudukan): 16 ASCII digits. One rule for the
/// line-list import, the patient's confirmation and each contact.
public enum NIK {
    public static func isValid(_ s: String) -> Bool {
        s.utf8.count == 16 && s.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
