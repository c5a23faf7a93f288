import Foundation

/// A server from `Tests/Servers/hostile_server.py` that misbehaves in exactly one scripted way, on 127.0.0.1.
///
/// It needs only python3, not the real test servers: the hostile suites run under a bare `swift test` too.
public final class HostileServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let directory: URL
    private let receivedFile: URL

    /// `Tests/Servers/`, found from this file's place in the tree.
    public static let serversDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Servers")

    static let script = serversDirectory.appendingPathComponent("hostile_server.py").path

    /// True when python3 and the script are there.
    public static let isAvailable: Bool = {
        FileManager.default.fileExists(atPath: script)
            && ["/usr/bin/python3", "/usr/local/bin/python3", "/bin/python3"].contains {
                FileManager.default.isExecutableFile(atPath: $0)
            }
    }()

    /// Starts `scenario` and waits (bounded) until it listens. `certificate` and `key` are PEM file paths;
    /// `connections` is how many connections it serves, one after the other.
    public init(_ scenario: String, certificate: String? = nil, key: String? = nil, connections: Int = 1,
                lifetime: Double = 30) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        receivedFile = directory.appendingPathComponent("received")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.script, "--scenario", scenario, "--port-file", portFile.path,
                         "--received-file", receivedFile.path, "--connections", String(connections),
                         "--lifetime", String(lifetime)]
        if let certificate, let key {
            arguments += ["--cert", certificate, "--key", key]
        }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
               let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                port = value
                return
            }
            usleep(20_000)
        }
        process.terminate()
        throw HostileServerError.didNotStart(scenario)
    }

    /// Every line the server received from the client so far (and plaintext it discarded at a STARTTLS).
    public var received: String {
        (try? String(contentsOf: receivedFile, encoding: .utf8)) ?? ""
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

public enum HostileServerError: Error {
    case didNotStart(String)
}
