import Foundation
import MailTestSupport
import Testing

/// `replay` reads a transcript as it shows it: a long recording needs no more memory than a short one, a problem
/// far into the file comes after what was shown before it, and a pipe, which gives its bytes once, works too.
@Suite("Replay: long transcripts")
struct LongReplayTests {
    /// An IMAP session of about `fetches` × 100 lines: FETCH of flags and of 96-line bodies, as a recording has.
    static func session(fetches: Int) -> String {
        var lines = [
            "# mailrepl transcript 1",
            "# a long IMAP session",
            "@0.000 * connect url=imap://127.0.0.1:143",
            "@0.001 S: * OK [CAPABILITY IMAP4rev1] ready",
            "@0.002 C: a001 SELECT INBOX",
            "@0.003 S: * 9000 EXISTS",
            "@0.003 S: a001 OK [READ-WRITE] Select completed.",
        ]
        let body = (0..<96).map { "Line \($0) of the body, with some words in it to look like text." }
        let literal = body.reduce(0) { $0 + $1.utf8.count + 2 }
        for fetch in 0..<fetches {
            let tag = String(format: "b%04d", fetch)
            if fetch.isMultiple(of: 2) {
                lines.append("@1.000 C: \(tag) FETCH 1:100 (FLAGS)")
                lines += (1...100).map { "@1.000 S: * \($0) FETCH (FLAGS (\\Seen))" }
            } else {
                lines.append("@1.000 C: \(tag) FETCH \(fetch) BODY[TEXT]")
                lines.append("@1.000 S: * \(fetch) FETCH (BODY[TEXT] {\(literal)}")
                lines += body.map { "@1.000 S: \($0)" }
                lines.append("@1.000 S: )")
            }
            lines.append("@1.000 S: \(tag) OK Fetch completed.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-\(UUID()).transcript").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("60,000 lines replay to the end in the memory of a short session")
    func memory() throws {
        let path = try Self.file(Self.session(fetches: 600))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try HostileRun(["replay", path, "--speed", "0"], input: "", timeout: 300)
        #expect(run.status == 0)
        #expect(run.result.output.contains("S: b0599 OK Fetch completed."))
        #expect(run.result.output.components(separatedBy: "S: Line 95 of the body").count == 301)
        // Held whole, the entries of this 4 MB file took about 30 MiB on top of the program's 20.
        #expect(run.peakMiB < HostileRun.memoryBoundMiB, "peak \(run.peakMiB) MiB")
    }

    @Test("from a pipe: a mailrepl transcript and RFC-style text, whose first bytes were read to tell which it is",
          arguments: [
        ("# mailrepl transcript 1\nS: +OK POP3 ready\nC: QUIT\nS: +OK bye\n", "S: +OK bye"),
        ("S: +OK POP3 ready\nC: QUIT\nS: +OK bye\n", "S: +OK bye"),
    ])
    func pipe(text: String, last: String) throws {
        let result = try MailreplProcess.run(["replay", "/dev/stdin", "--speed", "0"], input: text)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("C: QUIT"))
        #expect(result.output.contains(last))
    }

    @Test("a problem far into the file: what came before is shown, then file:line and exit 2")
    func lateProblem() throws {
        let path = try Self.file(Self.session(fetches: 40) + "@2.000 Q: what\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try MailreplProcess.run(["replay", path, "--speed", "0"])
        #expect(result.status == 2)
        #expect(result.output.contains("S: b0039 OK Fetch completed."))
        // 7 lines of start, 20 flag fetches of 102 lines and 20 body fetches of 100, then the bad line.
        let badLine: Int = 7 + 20 * 102 + 20 * 100 + 1
        #expect(result.errorOutput.contains(":\(badLine): expected C: (client)"),
                "\(result.errorOutput)")
    }
}
