// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "tracedesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tracedesk", targets: ["tracedesk"]),
        .executable(name: "tracedesk-bench", targets: ["tracedesk-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // A streaming RFC 4180 reader/writer: quoted fields, embedded commas and newlines.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        // PostgreSQL's wire protocol, TLS and LISTEN/NOTIFY for the city's server store.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        // What postgres-nio is built on, named for the store's event loop, TLS and its logger.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        // FilePath's syntactic path operations: Foundation's NSString.deletingLastPathComponent
        // traps on a one-character name in Swift 6.3 on Linux (`--journal j`, `--output a`).
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        // Already under postgres-nio (its SCRAM login); named for hashing a new login's password
        // on the admin's computer (SCRAM-SHA-256 with PBKDF2), in postgres-nio's own range.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.9.0" ..< "6.0.0"),
    ],
    targets: [
        // ncursesw through pkg-config; the shim header defines what Swift cannot import.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The tracer's world: cases, call attempts, events and the rules that replay them.
        // No terminal, no file I/O.
        .target(
            name: "TracedeskCore",
            dependencies: [.product(name: "CSV", package: "CSV.swift")]
        ),
        // The CPU's CRC-32C instruction, for the journal's checksums (Swift cannot name it).
        .target(name: "CCRC32C"),
        // The journal: the only module that touches the disk for patient data.
        .target(name: "TracedeskJournal", dependencies: ["TracedeskCore", "CCRC32C", .product(name: "SystemPackage", package: "swift-system")]),
        // The city's store on PostgreSQL: schema, roles, and the EventStore a desk uses there.
        .target(name: "TracedeskServer", dependencies: [
            "TracedeskCore", "TracedeskJournal",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        // Pure screens (state, update, view) drawn onto the Terminal abstraction.
        .target(name: "TracedeskUI", dependencies: ["TracedeskCore"]),
        // The one ncurses adapter behind Terminal.
        .target(name: "TracedeskCurses", dependencies: ["CNcursesw", "TracedeskUI"]),
        .executableTarget(
            name: "tracedesk",
            dependencies: [
                "TracedeskCore", "TracedeskJournal", "TracedeskUI", "TracedeskCurses", "TracedeskServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Benchmarks and test-only commands: a program of their own, not the user's CLI.
        .executableTarget(
            name: "tracedesk-bench",
            dependencies: [
                "TracedeskCore", "TracedeskJournal", "TracedeskUI", "TracedeskServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TracedeskCoreTests", dependencies: ["TracedeskCore", "TracedeskUI", "TracedeskJournal", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "TracedeskJournalTests", dependencies: ["TracedeskJournal", "TracedeskCore"],
                    // Frozen journals, read by path (FixtureJournalTests), not bundled.
                    exclude: ["Fixtures"]),
        .testTarget(name: "TracedeskUITests", dependencies: ["TracedeskUI", "TracedeskCore", "TracedeskJournal"]),
        // Drives the real binary through tmux, as a tracer would type; and the server store
        // against a real PostgreSQL cluster the tests start on loopback.
        .testTarget(name: "EndToEndTests", dependencies: ["tracedesk", "tracedesk-bench", "TracedeskJournal", "TracedeskCore", "TracedeskServer"]),
    ],
    swiftLanguageModes: [.v6]
)
