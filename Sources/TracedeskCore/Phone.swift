/// Indonesian phone numbers as patients give them: "0812-3456-7890", "+62 812 3456 7890",
/// "62812...". Stored in one form, "+6281234567890", so search and de-duplication agree.
public enum Phone {
    public static func normalize(_ raw: String) -> String? {
        // A tracer files a contact's phone while waiting for the save: the bytes are read
        // as bytes when they are all ASCII (Character's isNumber looks up Unicode tables).
        let leadingPlus: Bool
        var digits: String
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            var plus = false, first = true
            var kept: [UInt8] = []
            kept.reserveCapacity(16)
            for b in raw.utf8 {
                if b == UInt8(ascii: "+") {
                    if first { plus = true }
                    first = false
                } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    first = false
                    kept.append(b)
                }
            }
            leadingPlus = plus
            digits = String(decoding: kept, as: UTF8.self)
        } else {
            let digitsAndPlus = raw.filter { $0.isASCII && ($0.isNumber || $0 == "+") }
            leadingPlus = digitsAndPlus.hasPrefix("+")
            digits = digitsAndPlus.filter(\.isNumber)
        }
        if leadingPlus {
            guard digits.hasPrefix("62") else { return nil }
            digits.removeFirst(2)
        } else if digits.hasPrefix("62") {
            digits.removeFirst(2)
        } else if digits.hasPrefix("0") {
            digits.removeFirst()
        } else {
            return nil
        }
        // Mobile 8xx-xxxx-xxx(x..) or a landline with area code (21 = Jakarta): 8 to 12 digits.
        guard (8...12).contains(digits.count), digits.first != "0" else { return nil }
        return "+62" + digits
    }

    /// "+6281234567890" shown as tracers dial it: "0812-3456-7890".
    public static func display(_ normalized: String) -> String {
        guard normalized.hasPrefix("+62") else { return normalized }
        let local = "0" + normalized.dropFirst(3)
        var out = "", i = 0
        for ch in local {
            if i == 4 || i == 8 { out.append("-") }
            out.append(ch); i += 1
        }
        return out
    }
}
