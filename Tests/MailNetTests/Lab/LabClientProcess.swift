import Foundation
import MailCore
import MailNet

/// Runs a real client (python3, curl) against the lab as a subprocess, with a bound on its time.
enum LabClientProcess {
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                    timeout: TimeInterval = 30) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        let collected = LabOutputCollector()
        stdout.fileHandleForReading.readabilityHandler = { collected.append($0.availableData, error: false) }
        stderr.fileHandleForReading.readabilityHandler = { collected.append($0.availableData, error: true) }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(input)
        }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        stdout.fileHandleForReading.readabilityHandler = nil
        stderr.fileHandleForReading.readabilityHandler = nil
        collected.append(stdout.fileHandleForReading.readDataToEndOfFile(), error: false)
        collected.append(stderr.fileHandleForReading.readDataToEndOfFile(), error: true)
        return Result(status: timedOut ? -9 : process.terminationStatus, output: collected.text(error: false),
                      errorOutput: collected.text(error: true))
    }

    /// Runs a Python program given as text, with `arguments` in sys.argv[1:].
    static func python(_ program: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> Result {
        try run("python3", ["-c", program] + arguments, timeout: timeout)
    }
}

final class LabOutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data()
    private var err = Data()

    func append(_ data: Data, error: Bool) {
        lock.lock()
        if error { err.append(data) } else { out.append(data) }
        lock.unlock()
    }

    func text(error: Bool) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: error ? err : out, as: UTF8.self)
    }
}

extension PracticeLab {
    /// The lab's port for `service` as text, for a client's command line.
    func port(_ service: LabService) -> String {
        String(ports[service] ?? 0)
    }

    var caFile: String { certificateAuthority?.authorityFile ?? "" }
}
