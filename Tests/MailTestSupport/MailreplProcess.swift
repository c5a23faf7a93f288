import Foundation

/// Runs the built `mailrepl` binary the way a script would: arguments, lines on standard input, and a bound on
/// how long it may take.
public struct MailreplProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errorOutput: String
        public var combined: String { output + errorOutput }
    }

    /// The binary: `MAILREPL_BINARY` when set (the test command sets it), else the debug build next to the tests.
    public static var binaryPath: String {
        if let path = ProcessInfo.processInfo.environment["MAILREPL_BINARY"] {
            return path
        }
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        var directory = bundle.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("mailrepl").path
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return FileManager.default.currentDirectoryPath + "/.build/debug/mailrepl"
    }

    /// Runs mailrepl with `arguments`, writes `input` to its standard input and closes it, and waits at most
    /// `timeout` seconds (then kills it and reports status -9). `launcher` runs first with the binary and its
    /// arguments after it (a wrapper that measures the process, for example).
    public static func run(_ arguments: [String], input: String = "", environment: [String: String] = [:],
                           timeout: TimeInterval = 60, launcher: [String] = []) throws -> Result {
        let process = Process()
        let command = launcher + [binaryPath] + arguments
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment {
            env[key] = value
        }
        process.environment = env
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let collected = OutputCollector()
        try process.run()
        // Each pipe is read to its end by a thread of its own. (FileHandle.readabilityHandler, a dispatch source,
        // crashed libdispatch's event loop when many tests started and ended processes at once.)
        let readers = DispatchGroup()
        for (pipe, isError) in [(stdout, false), (stderr, true)] {
            let handle = pipe.fileHandleForReading
            readers.enter()
            Thread.detachNewThread {
                collected.append(handle.readDataToEndOfFile(), toError: isError)
                readers.leave()
            }
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        var status: Int32
        if process.isRunning {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            status = -9
        } else {
            status = process.terminationStatus
        }
        process.waitUntilExit()
        if status != -9 {
            status = process.terminationStatus
        }
        // Output ends when the last process holding the pipes (a child of mailrepl's, if any) is gone.
        _ = readers.wait(timeout: .now() + 10)
        return Result(status: status, output: collected.text(\.out), errorOutput: collected.text(\.err))
    }
}

final class OutputCollector: @unchecked Sendable {
    private let lock = NSLock()
    var out = Data()
    var err = Data()

    func append(_ data: Data, toError: Bool) {
        lock.lock()
        if toError {
            err.append(data)
        } else {
            out.append(data)
        }
        lock.unlock()
    }

    func text(_ key: KeyPath<OutputCollector, Data>) -> String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: self[keyPath: key], as: UTF8.self)
    }
}
