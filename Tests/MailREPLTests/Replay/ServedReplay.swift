import Foundation
import MailTestSupport

/// `mailrepl replay --serve` running in the background: its port and certificate read from its output, then a
/// client run against it, then its exit status and everything it printed.
final class ServedReplay: @unchecked Sendable {
    let process = Process()
    let port: Int
    /// The CA file a client must trust, when the transcript has TLS.
    let certificateAuthority: String?
    private let collected = LockedText()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: MailreplProcess.binaryPath)
        process.arguments = ["replay", "--serve", "--accept-timeout", "20", "--timeout", "20", "--color", "never"]
            + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let collected = self.collected
        output.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData)
        }
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        var port: Int?
        while Date() < deadline, process.isRunning || port == nil {
            let text = collected.text
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("* port ") }),
               let value = Int(line.dropFirst("* port ".count)) {
                port = value
                break
            }
            usleep(20_000)
        }
        guard let port else {
            process.terminate()
            throw ServedReplayError.didNotStart(collected.text)
        }
        self.port = port
        certificateAuthority = collected.text.split(separator: "\n")
            .first { $0.contains("TLS certificate authority for clients to trust") }
            .flatMap { $0.components(separatedBy: ": ").last }
    }

    /// Waits for the server to end; its exit status and output.
    func finish(timeout: TimeInterval = 30) -> (status: Int32, output: String) {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return (-9, collected.text)
        }
        usleep(50_000)
        return (process.terminationStatus, collected.text)
    }
}

enum ServedReplayError: Error {
    case didNotStart(String)
}

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A real client program (python3, curl), run to its end with a bound on time.
enum ClientProgram {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval = 30) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let collected = LockedText()
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            process.terminate()
        }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        collected.append(output.fileHandleForReading.readDataToEndOfFile())
        return Result(status: process.terminationStatus, output: collected.text)
    }

    /// A Python program given its source; `arguments` reach it as sys.argv[1...].
    static func python(_ source: String, _ arguments: [String]) throws -> Result {
        try run("python3", ["-c", source] + arguments)
    }
}

/// The repository's top directory, found from this file's place in it.
enum Repository {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var transcripts: [URL] {
        let directory = root.appendingPathComponent("transcripts")
        let found = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "transcript" } ?? []
        return found.sorted { $0.path < $1.path }
    }

    static func relative(_ url: URL) -> String {
        String(url.path.dropFirst(root.path.count + 1))
    }
}
