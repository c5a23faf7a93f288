import Foundation
import MailTestSupport
import Testing

/// replay --against: the client side sent again to the real Postfix and Dovecot, replies compared.
@Suite("Replaying against live servers", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct AgainstTests {
    let servers = TestServers.current

    func env(_ key: String) -> String { servers?[key] ?? "" }

    var alice: String { env("ALICE_USER").replacingOccurrences(of: "@", with: "%40") }

    func transcript(_ name: String) -> String {
        Repository.root.appendingPathComponent("transcripts/\(name).transcript").path
    }

    func against(_ url: String, _ file: String, password: String? = nil) throws -> MailreplProcess.Result {
        try MailreplProcess.run(["replay", "--against", url, "--cafile", env("CA_FILE"), "--color", "never", file],
                                environment: password.map { ["MAILREPL_PASSWORD": $0] } ?? [:])
    }

    @Test("the curated SMTP sessions agree with the live Postfix, queue ids and all", arguments: [
        ("smtp/relay-refused", "SMTP_MX_PORT", "wonderland"),
        ("smtp/submission-starttls-auth", "SMTP_SUBMISSION_PORT", "wonderland"),
        ("smtp/auth-failure-535", "SMTP_SUBMISSION_PORT", "not-the-password"),
    ])
    func curatedSMTP(name: String, portKey: String, password: String) throws {
        let url = "smtp://\(alice)@\(env("SMTP_HOST")):\(env(portKey))"
        let result = try against(url, transcript(name),
                                 password: password == "wonderland" ? env("ALICE_PASSWORD") : password)
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("replies agree with the transcript"))
        #expect(!result.output.contains(env("ALICE_PASSWORD")))
    }

    @Test("a server that answers otherwise: exit 1 and a diff naming the transcript line")
    func differs() throws {
        let url = "smtp://\(alice)@\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"
        let result = try against(url, transcript("smtp/submission-starttls-auth"), password: env("ALICE_PASSWORD"))
        #expect(result.status == 1, "\(result.combined)")
        #expect(result.output.contains(": the reply to C: AUTH PLAIN ‹redacted› differs from the transcript"))
        #expect(result.output.contains("-  S: 235 2.7.0 Authentication successful"))
        #expect(result.output.contains("+  S: 503 5.5.1 Error: authentication not enabled"))
        #expect(result.output.contains("replies differ from the transcript"))
    }

    @Test("without a password to put where the transcript has ‹redacted›, nothing of the login is sent")
    func noSecret() throws {
        let url = "imap://\(alice)@\(env("IMAP_HOST")):\(env("IMAP_PORT"))"
        // setsid (waiting for the program): no controlling terminal, so no one to ask for the password either.
        let result = try ClientProgram.run("setsid", ["--wait",
            MailreplProcess.binaryPath, "replay", "--against", url, "--cafile", env("CA_FILE"), "--color", "never",
            transcript("imap/login-select-fetch-search-idle-logout")],
            environment: ["HOME": FileManager.default.temporaryDirectory.path, "MAILREPL_PASSWORD": ""])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("the transcript has a redacted secret to send again"))
        #expect(result.output.contains("C: a003 CAPABILITY"))
        #expect(!result.output.contains("LOGIN alice@example.test ‹redacted›\nS:"))
    }

    @Test("record a session, then replay it against the same servers: IMAP LOGIN and POP3 PASS get the password",
          arguments: ["imap", "pop3"])
    func recordThenAgainst(_ mailProtocol: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-\(UUID()).transcript").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let url: String
        let script: String
        if mailProtocol == "imap" {
            url = "imap://\(env("IMAP_LOCAL_HOST")):\(env("IMAP_LOCAL_PORT"))"
            // Nothing that another test's session changes meanwhile (\Recent is cleared by any SELECT).
            script = "LOGIN \(env("ALICE_USER")) \(env("ALICE_PASSWORD"))\nSTATUS INBOX (MESSAGES UIDVALIDITY)\n"
                + "LIST \"\" INBOX\nLOGOUT\n"
        } else {
            url = "pop3://\(env("POP3_LOCAL_HOST")):\(env("POP3_LOCAL_PORT"))"
            script = "USER \(env("ALICE_USER"))\nPASS \(env("ALICE_PASSWORD"))\nLIST 1\nUIDL 1\nQUIT\n"
        }
        let recorded = try MailreplProcess.run([url, "--record", path], input: script)
        #expect(recorded.status == 0, "\(recorded.combined)")
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("‹redacted›"))
        let replayed = try against(url, path, password: env("ALICE_PASSWORD"))
        #expect(replayed.status == 0, "\(replayed.combined)")
        #expect(replayed.output.contains("replies agree with the transcript"))
    }
}
