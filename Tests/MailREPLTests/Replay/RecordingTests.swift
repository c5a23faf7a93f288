import Foundation
import MailTestSupport
import Testing

/// --record and .record against the real servers: what the file holds, how it is created, what survives a kill.
@Suite("Recording sessions to transcripts", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct RecordingTests {
    let servers = TestServers.current

    func env(_ key: String) -> String { servers?[key] ?? "" }

    func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-\(UUID())-\(name)").path
    }

    @Test("--record writes a 0600 transcript with the description, the TLS facts, and the secret as the marker")
    func recordsSubmission() throws {
        let path = scratch("submission.transcript")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try MailreplProcess.run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_SUBMISSION_PORT"))", "--cafile", env("CA_FILE"),
             "--record", path, "--record-note", "a test session"],
            input: "EHLO client.example\n.starttls\n.auth plain \(env("ALICE_USER"))\nQUIT\n",
            environment: ["MAILREPL_PASSWORD": env("ALICE_PASSWORD")])
        #expect(result.status == 0, "\(result.combined)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "# mailrepl transcript 1")
        #expect(lines.dropFirst().first == "# a test session")
        #expect(text.contains(" * connect url=smtp://\(env("SMTP_HOST")):\(env("SMTP_SUBMISSION_PORT"))\n"))
        #expect(text.contains(" * tls version=TLSv1."))
        #expect(text.contains(" verified=yes "))
        #expect(text.contains(" C: AUTH PLAIN ‹redacted›\n"))
        #expect(text.contains(" * close by=server\n"))
        let plain = Data("\u{0}\(env("ALICE_USER"))\u{0}\(env("ALICE_PASSWORD"))".utf8).base64EncodedString()
        #expect(!text.contains(env("ALICE_PASSWORD")))
        #expect(!text.contains(plain))
        #expect(text.hasSuffix("\n"))
    }

    @Test("an existing file is never overwritten: exit 2, the reason said, the file as it was")
    func refusesToOverwrite() throws {
        let path = scratch("exists.transcript")
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try MailreplProcess.run(["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))", "--record", path],
                                             input: "QUIT\n")
        #expect(result.status == 2)
        #expect(result.combined.contains("exists: a recording never overwrites a file"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me\n")
        #expect(!result.combined.contains("connected to"))
    }

    @Test(".record FILE starts mid-session with where the session stands; .record off stops it")
    func recordsPartOfASession() throws {
        let path = scratch("part.transcript")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try MailreplProcess.run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"],
            input: "EHLO client.example\n.record \(path)\nNOOP\n.record\n.record off\nRSET\nQUIT\n")
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("* recording to \(path)"))
        #expect(result.output.contains("* recording stopped: \(path)"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("* note text=\"recording began during the session\""))
        #expect(text.contains("* connect url=smtp://"))
        #expect(text.contains(" C: NOOP\n"))
        #expect(text.contains(" S: 250 2.0.0 Ok\n"))
        #expect(!text.contains("EHLO"))
        #expect(!text.contains("RSET"))
        #expect(!text.contains("QUIT"))
    }

    @Test("a killed mailrepl leaves every line recorded before the kill")
    func survivesKill() throws {
        let path = scratch("killed.transcript")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MailreplProcess.binaryPath)
        process.arguments = ["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))", "--record", path]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data("EHLO client.example\nNOOP\n".utf8))
        let deadline = Date().addingTimeInterval(15)
        var text = ""
        while Date() < deadline, !text.contains(" S: 250 2.0.0 Ok\n") {
            usleep(50_000)
            text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(" C: EHLO client.example\n"))
        #expect(text.hasSuffix(" S: 250 2.0.0 Ok\n"), "\(text)")
        #expect(!text.contains("close"))
    }
}
