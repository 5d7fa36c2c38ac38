// swift-tools-version:6.1
import Foundation
import PackageDescription

// While the core modules are built in parallel branches, the server and executables (which pull in SwiftNIO and
// take minutes to build) are only part of the package when SKIFF_FULL=1. The Makefile and CI set it.
let full = ProcessInfo.processInfo.environment["SKIFF_FULL"] == "1"
// The libFuzzer target has no `main` (libFuzzer supplies it), so it links only with `--sanitize=fuzzer`: it is part
// of the package only with SKIFF_FUZZ=1 (`make fuzz`).
let fuzz = ProcessInfo.processInfo.environment["SKIFF_FUZZ"] == "1"

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "skiff",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SkiffAPI", targets: ["SkiffAPI"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ] + (full ? heavyDependencies : []),
    targets: [
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(name: "SkiffYAML", dependencies: ["CLibYAML"], swiftSettings: swiftSettings),
        .target(name: "SkiffAPI", dependencies: ["SkiffYAML"], swiftSettings: swiftSettings),
        .target(
            name: "SkiffStore",
            dependencies: [
                "SkiffAPI",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffRuntime",
            dependencies: [
                "SkiffStore",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffScheduler",
            dependencies: [
                "SkiffStore",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffNode",
            dependencies: [
                "SkiffRuntime",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffControllers",
            dependencies: [
                "SkiffRuntime", "SkiffScheduler", "SkiffNode", .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SkiffYAMLTests", dependencies: ["SkiffYAML"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffAPITests", dependencies: ["SkiffAPI"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SkiffStoreTests",
            dependencies: ["SkiffStore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SkiffRuntimeTests", dependencies: ["SkiffRuntime"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffSchedulerTests", dependencies: ["SkiffScheduler"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffNodeTests", dependencies: ["SkiffNode"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SkiffControllersTests",
            dependencies: ["SkiffControllers"],
            swiftSettings: swiftSettings
        ),
    ] + (full ? heavyTargets : []) + (fuzz ? fuzzTargets : [])
)

var fuzzTargets: [Target] {
    [
        .executableTarget(
            name: "fuzz-manifests",
            dependencies: ["SkiffAPI"],
            path: "Fuzz/ManifestDecoder",
            swiftSettings: swiftSettings
        )
    ]
}

var heavyDependencies: [Package.Dependency] {
    [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
    ]
}

var heavyTargets: [Target] {
    [
        .target(
            name: "SkiffServer",
            dependencies: [
                "SkiffStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "skiffd",
            dependencies: [
                "SkiffControllers",
                "SkiffServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "skiffctl",
            dependencies: [
                "SkiffAPI",
                "SkiffControllers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SkiffServerTests",
            dependencies: [
                "SkiffServer", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffBench",
            dependencies: [
                "SkiffControllers", "SkiffServer", "CLibYAML", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "skiff-bench",
            dependencies: ["SkiffBench", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SkiffBenchTests", dependencies: ["SkiffBench"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SkiffEndToEndTests",
            dependencies: ["skiffd", "skiffctl", "SkiffAPI"],
            swiftSettings: swiftSettings
        ),
    ]
}
