// swift-tools-version:6.1
import PackageDescription

let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "strata",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "strata", targets: ["strata"]),
        .library(name: "StrataKit", targets: ["StrataFlux", "StrataKustomize", "StrataAnalyze", "StrataReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        // Yams 5.0.1 for its libyaml (CYaml): StrataYAML reads libyaml's events directly into located nodes.
        .package(url: "https://github.com/jpsim/Yams.git", exact: "5.0.1"),
    ],
    targets: [
        .target(name: "StrataCore", swiftSettings: settings),
        .target(
            name: "StrataYAML",
            dependencies: ["StrataCore", "Yams"],
            swiftSettings: settings
        ),
        .target(name: "StrataGraph", dependencies: [], swiftSettings: settings),
        .target(name: "StrataCEL", dependencies: ["StrataCore", "StrataYAML"], swiftSettings: settings),
        .target(
            name: "StrataKustomize",
            dependencies: [
                "StrataCore", "StrataYAML",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "StrataFlux",
            dependencies: ["StrataCore", "StrataYAML", "StrataKustomize", "StrataGraph"],
            swiftSettings: settings
        ),
        .target(
            name: "StrataAnalyze",
            dependencies: [
                "StrataCore", "StrataYAML", "StrataKustomize", "StrataFlux", "StrataGraph", "StrataSchema", "StrataCEL",
            ],
            swiftSettings: settings
        ),
        .target(name: "StrataReport", dependencies: ["StrataCore"], swiftSettings: settings),
        .target(name: "StrataPlatform", dependencies: ["StrataCore", "StrataYAML"], swiftSettings: settings),
        .target(
            name: "StrataGenerate",
            dependencies: ["StrataCore", "StrataYAML", "StrataPlatform"],
            swiftSettings: settings
        ),
        .target(
            name: "StrataSchema",
            dependencies: ["StrataCore", "StrataYAML"],
            swiftSettings: settings
        ),
        .target(
            name: "StrataPlan",
            dependencies: ["StrataCore", "StrataYAML", "StrataFlux", "StrataGraph", "StrataAnalyze"],
            swiftSettings: settings
        ),
        .target(
            name: "StrataCLI",
            dependencies: [
                "StrataCore", "StrataYAML", "StrataKustomize", "StrataFlux", "StrataGraph", "StrataReport",
                "StrataAnalyze", "StrataPlatform", "StrataGenerate", "StrataPlan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(name: "strata", dependencies: ["StrataCLI"], swiftSettings: settings),
        .target(
            name: "StrataTestSupport",
            dependencies: ["StrataCore", "StrataYAML"],
            path: "Tests/StrataTestSupport",
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataYAMLTests",
            dependencies: ["StrataYAML", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(name: "StrataCELTests", dependencies: ["StrataCEL"], swiftSettings: settings),
        .testTarget(
            name: "StrataKustomizeTests",
            dependencies: ["StrataKustomize", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataFluxTests",
            dependencies: ["StrataFlux", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataAnalyzeTests",
            dependencies: ["StrataAnalyze", "StrataFlux", "StrataCore", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataReportTests",
            dependencies: ["StrataReport", "StrataCore", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataSchemaTests",
            dependencies: ["StrataSchema", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataPlatformTests",
            dependencies: ["StrataPlatform", "StrataYAML", "StrataCore", "StrataTestSupport"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataGenerateTests",
            dependencies: [
                "StrataGenerate", "StrataPlatform", "StrataAnalyze", "StrataFlux", "StrataSchema", "StrataYAML",
                "StrataCore", "StrataTestSupport", "StrataPlan",
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataPlanTests",
            dependencies: [
                "StrataPlan", "StrataAnalyze", "StrataFlux", "StrataYAML", "StrataCore", "StrataTestSupport",
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "StrataCLITests",
            dependencies: ["StrataCLI", "StrataFlux", "StrataYAML", "StrataCore", "StrataTestSupport"],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
