import Foundation

/// A test server from `Tests/Servers/` run by python3 with a private directory, in which it writes the port it
/// listens on (`--port-file`). The process is stopped and the directory removed when this goes away.
final class ServerScript: @unchecked Sendable {
    let port: Int
    /// Holds the port file, and any other file `arguments` tells the script to write.
    let directory: URL
    private let process: Process

    /// Starts `python3 script --port-file DIRECTORY/port` followed by `arguments(DIRECTORY)` and waits (bounded)
    /// until it listens; nil when it did not say its port within 10 seconds.
    init?(_ script: String, name: String, arguments: (URL) -> [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appendingPathComponent("port")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--port-file", portFile.path] + arguments(directory)
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
        // Not fully made, so deinit will not run: stop it here.
        process.terminate()
        try? FileManager.default.removeItem(at: directory)
        return nil
    }

    deinit {
        if process.isRunning {
            process.terminate()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
