import Foundation
import Testing
import TracedeskCore
@testable import TracedeskServer

/// `sslmode=verify-full` checks the server's certificate chain and its name: a desk talks
/// to the health office's server or to no one.
@Suite(.enabled(if: PGCluster.enabled && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
                "\(PGCluster.unavailable ?? "openssl not installed")"), .serialized)
struct ServerTLSTests {
    /// A CA and a server certificate for `localhost` signed by it; another CA that signed nothing.
    func certificates(in dir: String) throws {
        func ssl(_ args: [String]) throws { try LocalCluster.run(["/usr/bin/openssl"] + args) }
        try ssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Dinkes Test CA",
                 "-keyout", dir + "/ca.key", "-out", dir + "/ca.crt"])
        try ssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Other CA",
                 "-keyout", dir + "/other.key", "-out", dir + "/other.crt"])
        try ssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", dir + "/server.key", "-out", dir + "/server.csr"])
        try "subjectAltName=DNS:localhost\n".write(toFile: dir + "/san.ext", atomically: true, encoding: .utf8)
        try ssl(["x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.crt", "-CAkey", dir + "/ca.key", "-CAcreateserial",
                 "-days", "2", "-extfile", dir + "/san.ext", "-out", dir + "/server.crt"])
        chmod(dir + "/server.key", 0o600)
        if getuid() == 0 {
            try LocalCluster.run(["/bin/chown", "postgres:postgres", dir + "/server.key", dir + "/server.crt"])
        }
    }

    @Test func verifyFullTalksOnlyToTheServerItsCertificateNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tdtls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try certificates(in: dir)
        let cluster = try PGCluster(extraSettings: ["ssl=on", "ssl_cert_file=\(dir)/server.crt", "ssl_key_file=\(dir)/server.key"])
        defer { cluster.stop() }
        let db = try cluster.newDatabase()
        let admin = try ServerAdmin(target: try cluster.target(db))
        try admin.migrate(creating: true)
        try admin.addTeam("Menteng", areas: ["Menteng"])
        try admin.addUser(id: "tracer-m1", name: "Ayu", role: .tracer, teams: ["Menteng"])
        func target(host: String, root: String) throws -> ServerTarget {
            try ServerTarget.parse("postgresql://tracer-m1@\(host):\(cluster.port)/\(db)?sslmode=verify-full&sslrootcert=\(root)", environment: ["HOME": dir])
        }
        // The right CA and the name on the certificate: connected, over TLS.
        let store = try PostgresStore(target: try target(host: "localhost", root: dir + "/ca.crt"))
        #expect(store.identity.id == "tracer-m1")
        // The server says the desk's connection is encrypted.
        let ssl = try cluster.psql("SELECT bool_and(s.ssl) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'tracer-m1'", database: db)
        #expect(ssl == "t\n")
        store.close()
        // A certificate from a CA the desk was not given: refused.
        #expect(throws: ServerError.self) { _ = try PostgresStore(target: try target(host: "localhost", root: dir + "/other.crt")) }
        // The right CA, but the server reached by a name the certificate does not carry.
        #expect(throws: ServerError.self) { _ = try PostgresStore(target: try target(host: "127.0.0.1", root: dir + "/ca.crt")) }
    }
}
