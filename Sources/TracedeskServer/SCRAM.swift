// catalogue: not shown — a password verifier's fixed text (RFC 5802), never a message
import Crypto
import _CryptoExtras
import Foundation

/// A password as PostgreSQL stores it for SCRAM-SHA-256 logins (RFC 5802, RFC 7677), made on
/// the admin's computer as libpq's `PQencryptPasswordConn` makes it: the server is sent the
/// verifier, never the password, so a server that logs its DDL logs nothing a login can use.
public enum SCRAMVerifier {
    /// PostgreSQL's own default (`scram_iterations`, fixed at 4096 before 16): each login
    /// repeats this work on both sides, so more rounds slow every desk's sign-in.
    public static let iterations = 4096

    /// `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, base64 as the server has it.
    public static func make(password: String, salt: [UInt8]? = nil, iterations: Int = iterations) throws -> String {
        var salt = salt ?? []
        if salt.isEmpty {
            var rng = SystemRandomNumberGenerator()
            salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        }
        let salted = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(prepared(password).utf8), salt: salt, using: .sha256,
            outputByteCount: 32, unsafeUncheckedRounds: iterations)
        let clientKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Client Key".utf8), using: salted))
        let storedKey = Data(SHA256.hash(data: clientKey))
        let serverKey = Data(HMAC<SHA256>.authenticationCode(for: Data("Server Key".utf8), using: salted))
        return "SCRAM-SHA-256$\(iterations):\(Data(salt).base64EncodedString())$\(storedKey.base64EncodedString()):\(serverKey.base64EncodedString())"
    }

    /// SASLprep as the server applies it before hashing: ASCII passes unchanged; other text
    /// gets the stringprep mappings that matter in practice (non-ASCII spaces to a space, the
    /// characters "mapped to nothing" dropped) and NFKC. PostgreSQL falls back to the raw
    /// bytes where SASLprep refuses a string; a control character here is refused before.
    static func prepared(_ password: String) -> String {
        guard password.unicodeScalars.contains(where: { !$0.isASCII }) else { return password }
        let mappedToNothing: Set<UInt32> = [0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060,
                                            0xFE00, 0xFE01, 0xFE02, 0xFE03, 0xFE04, 0xFE05, 0xFE06, 0xFE07, 0xFE08,
                                            0xFE09, 0xFE0A, 0xFE0B, 0xFE0C, 0xFE0D, 0xFE0E, 0xFE0F, 0xFEFF]
        var out = String.UnicodeScalarView()
        for s in password.unicodeScalars where !mappedToNothing.contains(s.value) {
            let nonASCIISpace = s.value == 0x00A0 || s.value == 0x1680 || (0x2000...0x200B).contains(s.value)
                || s.value == 0x202F || s.value == 0x205F || s.value == 0x3000
            out.append(nonASCIISpace ? " " : s)
        }
        return String(out).precomposedStringWithCompatibilityMapping
    }
}
