// swift-tools-version:6.1
import PackageDescription

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
    ],
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
            dependencies: ["SkiffAPI", .product(name: "Collections", package: "swift-collections")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffRuntime",
            dependencies: [
                "SkiffStore",
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SkiffControllers",
            dependencies: ["SkiffRuntime", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SkiffYAMLTests", dependencies: ["SkiffYAML"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffAPITests", dependencies: ["SkiffAPI"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffStoreTests", dependencies: ["SkiffStore"], swiftSettings: swiftSettings),
        .testTarget(name: "SkiffRuntimeTests", dependencies: ["SkiffRuntime"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SkiffControllersTests",
            dependencies: ["SkiffControllers"],
            swiftSettings: swiftSettings
        ),
    ]
)
