#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// An `openssl s_server` on 127.0.0.1 with a port the system chose, for one test.
///
/// With `-rev` it answers each line with the line reversed and closes on a line starting with "CLOSE".
final class OpenSSLTestServer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let logFile: String
    let port: Int

    init(certificate: TLSTestCertificates.Identity, extraArguments: [String] = []) throws {
        let certificates = try TLSTestCertificates.get()
        logFile = "\(certificates.folder)/s_server-\(UInt32.random(in: 0...UInt32.max)).log"
        guard FileManager.default.createFile(atPath: logFile, contents: nil),
              let log = FileHandle(forWritingAtPath: logFile) else {
            throw Failure(description: "cannot create \(logFile)")
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "s_server", "-accept", "127.0.0.1:0", "-rev",
                             "-cert", certificate.certificate, "-key", certificate.key] + extraArguments
        process.standardOutput = log
        process.standardError = log
        // Kept open and never written: s_server reads its standard input.
        process.standardInput = input
        try process.run()
        try? log.close()

        // s_server prints "ACCEPT 127.0.0.1:PORT" once it listens; wait for it, bounded.
        var found: Int?
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while found == nil && ContinuousClock.now < deadline && process.isRunning {
            let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            found = text.split(separator: "\n")
                .first { $0.hasPrefix("ACCEPT 127.0.0.1:") }
                .flatMap { Int($0.dropFirst("ACCEPT 127.0.0.1:".count)) }
            if found == nil {
                usleep(20_000)
            }
        }
        guard let found else {
            let text = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "s_server did not start: \(text)")
        }
        port = found
    }

    deinit {
        stop()
    }

    /// SIGKILL, because a child spawned from a test thread inherits that thread's blocked signals, SIGTERM
    /// among them.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
    }
}
