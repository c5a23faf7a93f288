import Foundation
import MailTestSupport

/// mailrepl run in script mode against a hostile server, with what a person would check: the exit status, the
/// words shown, how long it took and how much memory it needed at its peak.
struct HostileRun {
    let result: MailreplProcess.Result
    /// Wall-clock seconds from start to exit.
    let seconds: Double
    /// Peak resident memory of the mailrepl process, in MiB (the kernel's rusage, via Tests/Servers/peak_memory.py).
    let peakMiB: Double

    var status: Int32 { result.status }
    var output: String { result.combined }

    /// "Memory stays bounded": the debug binary needs about 20 MiB for any session; the 64 MiB line, the endless
    /// reply and the 4 GiB literal must not show on top of that.
    static let memoryBoundMiB = 32.0

    init(_ arguments: [String], input: String, timeout: TimeInterval = 60) throws {
        let peakFile = FileManager.default.temporaryDirectory.appendingPathComponent("peak-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: peakFile) }
        let wrapper = HostileServer.serversDirectory.appendingPathComponent("peak_memory.py").path
        let start = Date()
        result = try MailreplProcess.run(arguments + ["--color", "never"], input: input, timeout: timeout,
                                         launcher: ["/usr/bin/env", "python3", wrapper, peakFile.path])
        seconds = Date().timeIntervalSince(start)
        let text = (try? String(contentsOf: peakFile, encoding: .utf8)) ?? ""
        peakMiB = (Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? .infinity) / 1024
    }

    /// True when the output holds no byte that could drive a terminal: no C0 control but LF and tab, no DEL,
    /// no C1 control.
    var outputIsInert: Bool {
        !output.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }
    }
}
