// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mailrepl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mailrepl", targets: ["mailrepl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries, found through pkg-config; Debian package names for a helpful error.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        // Wrappers for the C APIs Swift cannot call directly: variadic functions and macros. No logic.
        .target(name: "CShims", dependencies: ["CEditLine", "COpenSSL"]),

        // Pure protocol logic: no sockets, no terminal.
        .target(name: "MailCore"),
        // Sockets, TLS and the session engine.
        .target(name: "MailNet", dependencies: ["MailCore", "CShims", "COpenSSL"]),
        // The terminal: line editor, meta-commands, renderer.
        .target(name: "MailREPL", dependencies: ["MailCore", "MailNet", "CShims", "CEditLine"]),
        .executableTarget(
            name: "mailrepl",
            dependencies: ["MailREPL", "MailNet", "MailCore",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // What the tests share: the real test servers' coordinates, running the built binary, driving tmux.
        .target(name: "MailTestSupport", path: "Tests/MailTestSupport"),
        .testTarget(name: "MailCoreTests", dependencies: ["MailCore"]),
        .testTarget(name: "MailNetTests", dependencies: ["MailNet", "MailCore", "MailTestSupport"]),
        .testTarget(name: "MailREPLTests", dependencies: ["MailREPL", "MailNet", "MailCore", "MailTestSupport"]),
    ]
)
