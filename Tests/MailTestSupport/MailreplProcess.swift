import Foundation

/// Runs the built `mailrepl` binary the way a script would: arguments, lines on standard input, and a bound on
/// how long it may take.
public struct MailreplProcess {
    public typealias Result = ChildProcess.Result

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
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in environment {
            env[key] = value
        }
        return try ChildProcess.run(launcher + [binaryPath] + arguments, input: Data(input.utf8), environment: env,
                                    timeout: timeout)
    }
}
