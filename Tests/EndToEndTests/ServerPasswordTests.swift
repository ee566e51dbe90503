import Foundation
import Testing
@testable import TracedeskServer

/// `server add-user --password-stdin` sends the server a SCRAM-SHA-256 verifier made on the
/// admin's computer, never the password: a server that logs every statement logs no password,
/// and the person still signs in with it.
@Suite(.enabled(if: PGCluster.enabled, "\(PGCluster.unavailable ?? "")"), .serialized)
struct ServerPasswordTests {
    /// The oracle: Python's hashlib.pbkdf2_hmac and hmac on the same password and salt (RFC
    /// 5802's SaltedPassword, ClientKey, StoredKey, ServerKey); the sign-in below checks the
    /// server agrees.
    @Test func theVerifierIsRFC5802sOnAKnownSalt() throws {
        let salt: [UInt8] = Array("saltsaltsaltsalt".utf8)
        let v = try SCRAMVerifier.make(password: "pencil", salt: salt)
        #expect(v == "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$Y7KMtnzzL+zDqi0RtBNdAPJekq+PCg4eCcAMKDtLILQ=:c1MMj1kLUJb96FIM7IjzQUXiW2pIi8LDbQl55vL1oRo=")
        #expect(try SCRAMVerifier.make(password: "pencil", salt: salt) == v)
        #expect(try SCRAMVerifier.make(password: "pencil") != v)   // a fresh salt each time
    }

    @Test func aPasswordFromStdinIsHashedBeforeItIsSentAndSignsIn() throws {
        let own = try PGCluster(extraSettings: ["log_statement=all", "logging_collector=off"])
        defer { own.stop() }
        let db = try own.newDatabase()
        let s = Scratch()
        let env = s.environment()
        let password = "Rahasia-Menteng 2021'x"
        for args in [["init"], ["add-team", "Tebet", "--area", "Tebet"]] {
            let r = try run(["server"] + args + ["--store", own.url(db)], env: env)
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let add = try run(["-c", "printf '%s\\n' \"$PW\" | \"$TD\" server add-user tracer-pw --name 'Rina' --role tracer --team Tebet --password-stdin --store \"$URL\""],
                          env: env.merging(["PW": password, "TD": tracedeskBinary, "URL": own.url(db)]) { $1 }, executable: "/bin/sh")
        #expect(add.status == 0, "\(add.stderr)")

        // The server holds a SCRAM verifier, and its log of every statement has no password.
        let stored = try own.psql("SELECT rolpassword FROM pg_authid WHERE rolname = 'tracer-pw'", database: db)
        #expect(stored.hasPrefix("SCRAM-SHA-256$4096:"), "\(stored)")
        let log = (try? String(contentsOfFile: own.socketDir + "/log", encoding: .utf8)) ?? ""
        #expect(log.contains("ALTER ROLE \"tracer-pw\" PASSWORD 'SCRAM-SHA-256$"), "the log should show the statement")
        #expect(!log.contains("Rahasia"))

        // The person signs in with the password over SCRAM, and not with another.
        let hba = own.dataDir + "/pg_hba.conf"
        let rules = try String(contentsOfFile: hba, encoding: .utf8)
        try ("host all tracer-pw 127.0.0.1/32 scram-sha-256\n" + rules).write(toFile: hba, atomically: false, encoding: .utf8)
        try own.psql("SELECT pg_reload_conf()", database: db)
        func signIn(_ pw: String) throws -> RunResult {
            try run(["-X", "-t", "-A", "-h", "127.0.0.1", "-p", String(own.port), "-U", "tracer-pw", "-d", db,
                     "-c", "SELECT id FROM tracedesk.whoami()"],
                    env: ["PGPASSWORD": pw, "PATH": "/usr/bin:/bin", "HOME": s.path], executable: "/usr/bin/psql")
        }
        let ok = try signIn(password)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout == "tracer-pw\n")
        let wrong = try signIn("not-the-password")
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("password authentication failed"), "\(wrong.stderr)")
    }
}
