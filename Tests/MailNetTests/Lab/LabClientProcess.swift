import Foundation
import MailCore
import MailNet
import MailTestSupport

/// Runs a real client (python3, curl) against the lab as a subprocess, with a bound on its time.
enum LabClientProcess {
    typealias Result = ChildProcess.Result

    static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                    timeout: TimeInterval = 30) throws -> Result {
        try ChildProcess.run(["/usr/bin/env", executable] + arguments, input: input ?? Data(), timeout: timeout)
    }

    /// Runs a Python program given as text, with `arguments` in sys.argv[1:].
    static func python(_ program: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> Result {
        try run("python3", ["-c", program] + arguments, timeout: timeout)
    }
}

extension PracticeLab {
    /// The lab's port for `service` as text, for a client's command line.
    func port(_ service: LabService) -> String {
        String(ports[service] ?? 0)
    }

    var caFile: String { certificateAuthority?.authorityFile ?? "" }
}
