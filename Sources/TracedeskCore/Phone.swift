/// Indonesian phone numbers as patients give them: "0812-3456-7890", "+62 812 3456 7890",
/// "62812...". Stored in one form, "+6281234567890", so search and de-duplication agree.
public enum Phone {
    public static func normalize(_ raw: String) -> String? {
        // A tracer files a contact's phone while waiting for the save: the bytes are read
        // as bytes when they are all ASCII (Character's isNumber looks up Unicode tables).
        let leadingPlus: Bool
        var digits: String
        if raw.utf8.allSatisfy({ $0 < 0x80 }) {
            // Read as bytes twice (where the digits are and how many, then the kept ones
            // written straight into the result) and made a String once: a city's desk
            // normalises half a million phones as it starts (its person index), and the
            // arrays and String cuts of a first version were most of its time.
            let zero = UInt8(ascii: "0"), six = UInt8(ascii: "6"), two = UInt8(ascii: "2"), plusSign = UInt8(ascii: "+")
            var plus = false, first = true
            var count = 0
            var lead: (UInt8, UInt8, UInt8) = (0, 0, 0)
            for b in raw.utf8 {
                if b == plusSign {
                    // A + after the first digit or sign is no way of writing a number.
                    guard first else { return nil }
                    plus = true
                    first = false
                } else if b >= zero && b <= UInt8(ascii: "9") {
                    first = false
                    switch count { case 0: lead.0 = b; case 1: lead.1 = b; case 2: lead.2 = b; default: break }
                    count += 1
                } else if !Phone.isPunctuation(b) {
                    // A letter (O for 0, l for 1) or any other sign: dropping it would store
                    // a number one digit short, or another person's.
                    return nil
                }
            }
            let has62 = count >= 2 && lead.0 == six && lead.1 == two
            let cut: Int
            if plus {
                guard has62 else { return nil }
                cut = 2
            } else if has62 {
                cut = 2
            } else if count >= 1 && lead.0 == zero {
                cut = 1
            } else {
                return nil
            }
            // Mobile 8xx-xxxx-xxx(x..) or a landline with area code (21 = Jakarta): 8 to 12 digits.
            let kept = count - cut
            guard (8...12).contains(kept), (cut == 1 ? lead.1 : lead.2) != zero else { return nil }
            return String(unsafeUninitializedCapacity: 3 + kept) { out in
                out[0] = plusSign; out[1] = six; out[2] = two
                var i = 3, seen = 0
                for b in raw.utf8 where b >= zero && b <= UInt8(ascii: "9") {
                    if seen >= cut { out[i] = b; i += 1 }
                    seen += 1
                }
                return i
            }
        } else {
            // Spaces a spreadsheet or a phone writes (no-break, thin) separate digits as a
            // space does; any other character outside ASCII (a full-width digit, a letter) is
            // not read as a digit, so the number is refused rather than stored short.
            var plus = false, first = true
            digits = ""
            for ch in raw {
                if ch == "+" {
                    guard first else { return nil }
                    plus = true; first = false
                } else if ch.isASCII, ch.isNumber {
                    first = false; digits.append(ch)
                } else if Phone.isSeparator(ch) {
                    continue
                } else {
                    return nil
                }
            }
            leadingPlus = plus
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

    /// What may stand between a phone's digits besides a leading +: spaces, `-`, `.`, `(`, `)`.
    static func isPunctuation(_ b: UInt8) -> Bool {
        b == 32 || b == 9 || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "(") || b == UInt8(ascii: ")")
    }

    /// A character between digits: the ASCII signs above as the byte path reads them (so
    /// both paths agree), or a space of another script (no-break, thin).
    static func isSeparator(_ ch: Character) -> Bool {
        ch.isASCII ? (ch.unicodeScalars.count == 1 && isPunctuation(UInt8(ch.unicodeScalars.first!.value))) : ch.isWhitespace
    }

    /// Whether `raw` holds only what a phone may: digits, the signs above and a leading +.
    public static func hasOnlyPhoneCharacters(_ raw: String) -> Bool {
        var first = true
        for ch in raw {
            if ch == "+" { guard first else { return false }; first = false }
            else if ch.isASCII, ch.isNumber { first = false }
            else if !isSeparator(ch) { return false }
        }
        return true
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
