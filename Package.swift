// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "mptutor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mptutor", targets: ["mptutor"]),
        .library(name: "MPTutorCore", targets: ["MPTutorCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // System calls that Swift's Glibc module does not import (variadic or
        // Linux-only): pidfd, prctl, posix_spawn with a process group.
        .target(name: "CSystemShims"),
        // libedit (the shell's line editor), with shims for its variadic calls.
        .systemLibrary(name: "CLibEdit", path: "Sources/CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Lessons, patterns, runner, verification: knows nothing of terminals.
        .target(
            name: "MPTutorCore",
            dependencies: ["CSystemShims"]
        ),
        // The command line, rendering, and (later) the libedit shell.
        .executableTarget(
            name: "mptutor",
            dependencies: [
                "MPTutorCore",
                "CSystemShims",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks print figures; they are not tests (see bench/run).
        .executableTarget(name: "mptutor-bench-matcher", dependencies: ["MPTutorCore"], path: "bench/MatcherBenchmark"),
        .testTarget(name: "MPTutorCoreTests", dependencies: ["MPTutorCore"]),
        .testTarget(name: "MPTutorEndToEndTests", dependencies: ["MPTutorCore", "CSystemShims"]),
    ],
    swiftLanguageModes: [.v6]
)
