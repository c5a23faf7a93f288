import Foundation

/// A misbehaving server from `Tests/Servers/scripted_server.py`, serving one connection on 127.0.0.1.
public final class ScriptedServer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let directory: URL

    /// Starts `scenario` and waits (bounded) until it listens. `certificate`/`key` are env keys of TestServers.
    public init(scenario: String, certificate: String? = nil, key: String? = nil) throws {
        guard let servers = TestServers.current else { throw ScriptedServerError.noTestServers }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scripted-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", servers["SCRIPTED_SERVER"], "--scenario", scenario, "--port-file", portFile.path]
        if let certificate, let key {
            arguments += ["--cert", servers[certificate], "--key", servers[key]]
        }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
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
        throw ScriptedServerError.didNotStart(scenario)
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

public enum ScriptedServerError: Error {
    case noTestServers
    case didNotStart(String)
}
