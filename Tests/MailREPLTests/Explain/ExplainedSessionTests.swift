import Foundation
import MailTestSupport
import Testing

/// Complete sessions with the real test servers, run as a script with `--explain`, compared line by line with
/// the expected output in Fixtures/ once the parts that change from run to run are normalised.
///
/// To accept a changed rendering after reading the difference: MAILREPL_UPDATE_GOLDEN=1 rewrites the fixtures.
@Suite("Explain: sessions with real servers", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct ExplainedSessionTests {
    let servers = TestServers.current

    func env(_ key: String) -> String { servers?[key] ?? "" }

    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test("SMTP on the MX port: greeting, EHLO keywords, STARTTLS, relay refused, recipient and message accepted")
    func smtpDelivery() throws {
        let output = try run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))", "--cafile", env("CA_FILE"), "--explain", "brief"],
            lines: ["EHLO me.example", ".starttls", "MAIL FROM:<alice@example.test>",
                    "RCPT TO:<someone@elsewhere.example>", "RCPT TO:<\(env("BOB_USER"))>", "DATA",
                    "Subject: explained", "", "hello", ".", "QUIT"])
        try compare(output, with: "smtp-delivery")
        #expect(output.contains("   250 after RCPT: Recipient accepted."))
        #expect(output.contains("   250 after end of data: Message accepted for delivery"))
    }

    @Test("SMTP submission: a password before TLS is warned about, 530, challenges decoded, 535 diagnosed, 235")
    func smtpSubmission() throws {
        let user = env("ALICE_USER")
        let output = try run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_SUBMISSION_PORT"))", "--cafile", env("CA_FILE"),
             "--explain", "brief"],
            lines: ["EHLO me.example", "AUTH PLAIN " + base64("\0\(user)\0\(env("ALICE_PASSWORD"))"), ".starttls",
                    "AUTH LOGIN", base64(user), base64("not-the-password"),
                    "AUTH PLAIN " + base64("\0\(user)\0\(env("ALICE_PASSWORD"))"), "QUIT"])
        try compare(output, with: "smtp-submission")
        #expect(output.contains("   Challenge decoded: Username:"))
        #expect(output.contains("   Challenge decoded: Password:"))
        #expect(!output.contains(env("ALICE_PASSWORD")))
        #expect(!output.contains("not-the-password"))
    }

    @Test("IMAP with STARTTLS: capabilities, a LOGIN before TLS warned about, the unauthenticated ALERT, codes")
    func imapStartTLS() throws {
        let mailbox = "golden-" + UUID().uuidString.prefix(8).lowercased()
        let output = try run(
            ["imap://\(env("IMAP_HOST")):\(env("IMAP_PORT"))", "--cafile", env("CA_FILE"), "--explain", "brief"],
            lines: ["LOGIN \(env("BOB_USER")) \(env("BOB_PASSWORD"))", ".starttls",
                    "LOGIN \(env("BOB_USER")) \(env("BOB_PASSWORD"))", "CREATE \(mailbox)", "SELECT \(mailbox)",
                    "APPEND \(mailbox) {27}", "Subject: explained", "", "hello", "FETCH 1 (FLAGS)",
                    "STORE 1 +FLAGS (\\Deleted)", "CLOSE", "DELETE \(mailbox)", "LOGOUT"],
            replacing: [mailbox: "golden-MAILBOX"])
        try compare(output, with: "imap-starttls")
        #expect(output.contains("unauthenticated"))
        #expect(output.contains("! ALERT ") && output.contains("Plaintext authentication not allowed"))
        #expect(!output.contains(env("BOB_PASSWORD")))
    }

    @Test("POP3 with STLS at the full level: CAPA tags, PASS before TLS refused for want of TLS, AUTH PLAIN")
    func pop3Full() throws {
        let user = env("BOB_USER")
        let output = try run(
            ["pop3://\(env("POP3_HOST")):\(env("POP3_PORT"))", "--cafile", env("CA_FILE"), "--explain", "full"],
            lines: ["CAPA", "USER \(user)", "PASS \(env("BOB_PASSWORD"))", ".starttls", "AUTH PLAIN",
                    base64("\0\(user)\0\(env("BOB_PASSWORD"))"), "QUIT"])
        try compare(output, with: "pop3-full")
        #expect(output.contains("  Sources: RFC 2449 §5"))
        #expect(!output.contains(env("BOB_PASSWORD")))
    }

    @Test("without --explain a script shows the wire alone")
    func offByDefault() throws {
        let output = try run(["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"], lines: ["EHLO me.example", "QUIT"])
        #expect(!output.contains("   "))
    }

    // MARK: - Running and comparing

    /// Runs a script and returns its output, normalised.
    func run(_ arguments: [String], lines: [String], replacing: [String: String] = [:]) throws -> String {
        let result = try MailreplProcess.run(arguments, input: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.combined)")
        var output = result.output
        for (value, placeholder) in replacing {
            output = output.replacingOccurrences(of: value, with: placeholder)
        }
        return GoldenNormaliser.normalise(output)
    }

    func compare(_ output: String, with name: String) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["MAILREPL_UPDATE_GOLDEN"] == "1" {
            try Data(output.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        let actualLines = output.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(actualLines.count, expectedLines.count) {
            let actual = index < actualLines.count ? String(actualLines[index]) : "(no line)"
            let wanted = index < expectedLines.count ? String(expectedLines[index]) : "(no line)"
            guard actual == wanted else {
                Issue.record("\(name).txt line \(index + 1) differs:\n  expected: \(wanted)\n  actual:   \(actual)")
                return
            }
        }
    }
}

/// Replaces what differs between runs of the same session: addresses and ports, times, dates, queue ids,
/// UIDVALIDITY values.
enum GoldenNormaliser {
    static let rules: [(String, String)] = [
        (#"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"#, "ADDRESS"),
        (#"ADDRESS:\d+"#, "ADDRESS:PORT"),
        (#"in \d+(\.\d)? ms"#, "in N ms"),
        (#"valid: .* to .*"#, "valid: DATE to DATE"),
        (#"queued as [0-9A-Z]+"#, "queued as QUEUEID"),
        (#"\(\d+\.\d+( \+ \d+\.\d+)+ secs\)"#, "(TIME secs)"),
        (#"(UIDVALIDITY|APPENDUID|COPYUID) \d+"#, "$1 N"),
    ]

    static func normalise(_ text: String) -> String {
        var result = text
        for (pattern, template) in rules {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            result = expression.stringByReplacingMatches(in: result, range: NSRange(result.startIndex..., in: result),
                                                         withTemplate: template)
        }
        return result
    }
}
