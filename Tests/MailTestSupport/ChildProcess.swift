import Foundation

/// Runs a program to its end, the way a script would: arguments, bytes on standard input, and a bound on how long
/// it may take. Standard output and standard error are kept apart.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var errorOutput: String
        public var combined: String { output + errorOutput }
    }

    /// Runs `command` (the program's path, then its arguments), writes `input` to its standard input and closes
    /// it, and waits at most `timeout` seconds (then kills it and reports status -9). `environment` replaces the
    /// inherited one when given.
    public static func run(_ command: [String], input: Data = Data(), environment: [String: String]? = nil,
                           timeout: TimeInterval) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        if let environment {
            process.environment = environment
        }
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
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        // Output ends when the last process holding the pipes (a child of the program's, if any) is gone.
        _ = readers.wait(timeout: .now() + 10)
        return Result(status: timedOut ? -9 : process.terminationStatus, output: collected.text(\.out),
                      errorOutput: collected.text(\.err))
    }
}

private final class OutputCollector: @unchecked Sendable {
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
