import Foundation

/// A server from `Tests/Servers/hostile_server.py` that misbehaves in exactly one scripted way, on 127.0.0.1.
///
/// It needs only python3, not the real test servers: the hostile suites run under a bare `swift test` too.
public final class HostileServer: @unchecked Sendable {
    public var port: Int { server.port }
    private let server: ServerScript

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
        var arguments = ["--scenario", scenario, "--connections", String(connections), "--lifetime", String(lifetime)]
        if let certificate, let key {
            arguments += ["--cert", certificate, "--key", key]
        }
        guard let server = try ServerScript(Self.script, name: "hostile", arguments: { directory in
            arguments + ["--received-file", directory.appendingPathComponent("received").path]
        }) else {
            throw HostileServerError.didNotStart(scenario)
        }
        self.server = server
    }

    /// Every line the server received from the client so far (and plaintext it discarded at a STARTTLS).
    public var received: String {
        (try? String(contentsOf: server.directory.appendingPathComponent("received"), encoding: .utf8)) ?? ""
    }
}

public enum HostileServerError: Error {
    case didNotStart(String)
}
