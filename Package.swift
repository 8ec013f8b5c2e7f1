// swift-tools-version: 6.2

import PackageDescription

/// Settings every crossdock target shares: Swift 6 mode, strict concurrency, no warnings.
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "crossdock",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "crossdock-agent", targets: ["crossdock-agent"]),
        .executable(name: "crossdock-aggregator", targets: ["crossdock-aggregator"]),
        .executable(name: "crossdock-bench", targets: ["crossdock-bench"]),
        .executable(name: "crossdock-edi-bench", targets: ["crossdock-edi-bench"]),
        .executable(name: "crossdock-chaos", targets: ["crossdock-chaos"]),
        .library(name: "EDI", targets: ["EDI"]),
        .library(name: "WireProtocol", targets: ["WireProtocol"]),
        .library(name: "CrossdockTesting", targets: ["CrossdockTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        // Aggregator only: outbound calls to ERP/TMS/webhooks, and its HTTP API (inbound events, portal, admin).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // The PostgreSQL event store only (several aggregator instances sharing one database).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C libraries from the system (libmosquitto-dev, libsqlite3-dev).
        .systemLibrary(
            name: "CMosquitto",
            pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libcrypto (libssl-dev): HMAC-SHA256 signatures and SHA-256 hashes for the aggregator.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libpq's header for the agent's PostgreSQL database source and sink (libpq-dev). Not linked: the agent
        // loads libpq.so.5 when a PostgreSQL connection first opens, so agents without one never map it.
        .systemLibrary(
            name: "CPostgreSQL",
            providers: [.apt(["libpq-dev"])]
        ),

        // The public contract: CloudEvents envelope, canonical model, topics, acks, status. Foundation only.
        .target(name: "WireProtocol", swiftSettings: strict),

        // Building blocks both programs stand on: config, logging, metrics, SQLite, the MQTT client.
        .target(
            name: "Shared",
            dependencies: [
                "CMosquitto",
                "CSQLite",
                "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),

        // The edge agent's library: sources, outbox, forwarder, sinks.
        .target(
            name: "EdgeAgent",
            dependencies: [
                "EDI",
                "CPostgreSQL",
                "Shared",
                "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // The aggregator's library: ingest, store, orchestration, connectors, HTTP API.
        .target(
            name: "Aggregator",
            dependencies: [
                "COpenSSL",
                "Shared",
                "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),

        // The PostgreSQL event and job store, for several aggregator instances; the edge agent never builds it.
        .target(
            name: "AggregatorPostgreSQL",
            dependencies: [
                "Aggregator",
                "Shared",
                "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),

        // Thin executables: argument parsing and wiring only.
        .executableTarget(
            name: "crossdock-agent",
            dependencies: [
                "EDI",
                "EdgeAgent",
                "Shared",
                "WireProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            // lld with packed relative relocations (DT_RELR, glibc 2.36+): the loader reads 17 KB of relocations
            // instead of 2 MB and dirties fewer pages; the packaged agent idles 3.3 MB smaller (docs/agent-memory.md).
            // No exported symbols: the static Swift runtime's link arguments export all 14,000 of them, and every
            // symbol lookup the loader makes for the shared libraries searched them first (1.4 MB idle).
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker",
                        "--no-export-dynamic",
                    ], .when(platforms: [.linux]))
            ]
        ),
        .executableTarget(
            name: "crossdock-aggregator",
            dependencies: [
                "Aggregator",
                "AggregatorPostgreSQL",
                "Shared",
                "WireProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Starts real brokers (plain and TLS with a throwaway PKI) for tests, the demo and benchmarks.
        .target(
            name: "CrossdockTesting",
            dependencies: [
                "Shared",
                "WireProtocol",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks that print a table with their baselines measured in the same run.
        .executableTarget(
            name: "crossdock-bench",
            dependencies: [
                "Aggregator",
                "AggregatorPostgreSQL",
                "CrossdockTesting",
                "EdgeAgent",
                "Shared",
                "WireProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // The whole-system fault-injection run: schedule, faults, the stand-in ERP/TMS, counting (`make chaos`).
        .target(
            name: "CrossdockChaos",
            dependencies: [
                "CrossdockTesting",
                "Shared",
                "WireProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "crossdock-chaos",
            dependencies: ["CrossdockChaos", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict
        ),

        // X12 and EDIFACT: streaming parser, envelope checks, 997 writer, control numbers, duplicate detection.
        .target(name: "EDI", dependencies: ["WireProtocol"], swiftSettings: strict),

        // Generates a large X12 file, parses it and prints throughput and peak memory.
        .executableTarget(name: "crossdock-edi-bench", dependencies: ["EDI", "WireProtocol"], swiftSettings: strict),

        .testTarget(name: "WireProtocolTests", dependencies: ["WireProtocol"], swiftSettings: strict),
        .testTarget(
            name: "EDITests", dependencies: ["EDI", "WireProtocol"], exclude: ["Corpus", "Golden"],
            swiftSettings: strict),
        .testTarget(
            name: "SharedTests",
            dependencies: ["Shared", "CrossdockTesting", "WireProtocol"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EdgeAgentTests",
            dependencies: ["EDI", "EdgeAgent", "Shared", "CrossdockTesting", "WireProtocol"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AggregatorTests",
            dependencies: [
                "Aggregator", "AggregatorPostgreSQL", "Shared", "CrossdockChaos", "CrossdockTesting", "WireProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ]
)
