import Foundation
import MailCore
import MailTestSupport
import Testing

/// Every transcript in transcripts/ is rendered, and served to the real client that plays its session.
@Suite("Curated transcripts: rendered and served to real clients")
struct CuratedTranscriptTests {
    /// The client for each transcript: a new transcript needs one here.
    static let clients: [String: @Sendable (URL, ServedReplay) throws -> ClientProgram.Result] = [
        "transcripts/smtp/submission-starttls-auth.transcript": { _, served in
            try python(RealClients.smtpSubmission, served)
        },
        "transcripts/smtp/auth-failure-535.transcript": { _, served in
            try curlSMTP(served, ["--ssl-reqd", "--cacert", served.certificateAuthority ?? "", "--user",
                                  "alice@example.test:not-the-password", "--login-options", "AUTH=PLAIN",
                                  "--sasl-ir", "--mail-rcpt", "bob@example.test"], size: 60)
        },
        "transcripts/smtp/relay-refused.transcript": { file, served in
            try curlSMTP(served, ["--mail-rcpt", "someone@elsewhere.example"], size: try declaredSize(in: file))
        },
        "transcripts/imap/login-select-fetch-search-idle-logout.transcript": { _, served in
            try python(RealClients.imapSession, served)
        },
        "transcripts/imap/flags-changed-on-server.transcript": { _, served in
            try python(RealClients.imapFlags, served)
        },
        "transcripts/pop3/download-and-delete.transcript": { _, served in
            try python(RealClients.pop3Session, served)
        },
    ]

    @Test("transcripts/ holds the six teaching sessions, each with a description and a client here")
    func inventory() throws {
        let files = Repository.transcripts.map(Repository.relative)
        #expect(files.count >= 6)
        for file in files {
            #expect(Self.clients[file] != nil, "no real client plays \(file)")
            let text = try String(contentsOfFile: Repository.root.appendingPathComponent(file).path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.first == "# mailrepl transcript 1")
            #expect(lines.dropFirst().first?.hasPrefix("# ") == true, "\(file) has no description")
            #expect(!text.contains(TestServers.current?["ALICE_PASSWORD"] ?? "wonderland"))
            #expect(text.contains("‹redacted›") || file.contains("relay"), "\(file): where is the login?")
        }
    }

    @Test("each transcript renders as the live session did", arguments: Repository.transcripts)
    func renders(_ file: URL) throws {
        let result = try MailreplProcess.run(["replay", file.path, "--speed", "0", "--color", "never"])
        #expect(result.status == 0, "\(result.combined)")
        let transcript = try TranscriptReader.read(Array(try Data(contentsOf: file)), file: file.path)
        let clientLines = transcript.entries.filter { if case .client = $0.kind { true } else { false } }.count
        let rendered = result.output.split(separator: "\n")
        #expect(rendered.filter { $0.hasPrefix("C: ") }.count == clientLines)
        #expect(rendered.contains { $0 == "* " + (transcript.description ?? "") })
        #expect(rendered.filter { $0.hasPrefix("S: ") }.count >= clientLines)
    }

    @Test("each transcript answers its real client to the end", arguments: Repository.transcripts)
    func serves(_ file: URL) throws {
        let name = Repository.relative(file)
        let client = try #require(Self.clients[name], "no client for \(name)")
        let served = try ServedReplay([file.path])
        let clientResult = try client(file, served)
        let (status, output) = served.finish()
        #expect(status == 0, "server:\n\(output)\nclient:\n\(clientResult.output)")
        #expect(output.contains("* the client did everything the transcript's client did"))
        #expect(!clientResult.output.contains("Traceback"), "\(clientResult.output)")
    }

    /// A Python client, given the port and the CA file to trust.
    static func python(_ source: String, _ served: ServedReplay) throws -> ClientProgram.Result {
        try ClientProgram.python(source, [String(served.port), served.certificateAuthority ?? ""])
    }

    /// curl as an SMTP client: it names itself after the URL's path and declares the message size.
    static func curlSMTP(_ served: ServedReplay, _ options: [String], size: Int) throws -> ClientProgram.Result {
        let message = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID()).eml")
        var text = "Subject: relay test\r\n\r\nThis message should not be relayed.\r\n"
        while text.utf8.count < size { text += "x" }
        try Data(text.utf8.prefix(size)).write(to: message)
        defer { try? FileManager.default.removeItem(at: message) }
        return try ClientProgram.run("curl", ["-sS", "smtp://127.0.0.1:\(served.port)/client.example",
                                              "--mail-from", "alice@example.test", "-T", message.path] + options)
    }

    /// The SIZE= the transcript's MAIL FROM declared (RFC 1870), which curl declares for its file.
    static func declaredSize(in file: URL) throws -> Int {
        let text = try String(contentsOf: file, encoding: .utf8)
        let size = text.components(separatedBy: " SIZE=").dropFirst().first?.prefix { $0.isNumber }
        return Int(size ?? "") ?? 0
    }
}
