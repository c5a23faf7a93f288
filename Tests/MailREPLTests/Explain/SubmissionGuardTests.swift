import MailCore
@testable import MailREPL
import Testing

/// The warnings before a line is sent: a password without TLS, pipelining without PIPELINING.
@Suite("Explain: warnings before sending")
struct SubmissionGuardTests {
    func exposed(_ line: String, _ p: MailProtocol) -> String? {
        SubmissionGuard.exposedSecret(in: Array(line.utf8), mailProtocol: p)
    }

    @Test("the lines that carry a readable password or token, in each protocol")
    func readableSecrets() {
        #expect(exposed("LOGIN alice wonderland", .imap) == "the password of LOGIN")
        #expect(exposed("a7 login alice {10}", .imap) == "the password of LOGIN")
        #expect(exposed("a1 AUTHENTICATE PLAIN AGFsaWNlAHc=", .imap)?.hasPrefix("the password of AUTHENTICATE PLAIN")
            == true)
        #expect(exposed("PASS wonderland", .pop3) == "the password of PASS")
        #expect(exposed("AUTH PLAIN", .pop3)?.hasPrefix("the password of AUTH PLAIN") == true)
        #expect(exposed("auth login", .smtp)?.hasPrefix("the password of AUTH LOGIN") == true)
        #expect(exposed("AUTH XOAUTH2 dXNlcj1h", .smtp) == "the token of AUTH XOAUTH2")
        // Mechanisms that never send the password, and lines that carry none.
        #expect(exposed("AUTH CRAM-MD5", .smtp) == nil)
        #expect(exposed("a1 AUTHENTICATE SCRAM-SHA-256", .imap) == nil)
        #expect(exposed("AUTH", .smtp) == nil)
        #expect(exposed("USER alice", .pop3) == nil)
        #expect(exposed("APOP alice c4c9334bac560ecc979e58001b3e22fb", .pop3) == nil)
        #expect(exposed("LOGIN alice wonderland", .smtp) == nil)
        #expect(exposed("a1 SELECT LOGIN", .imap) == nil)
    }

    @Test("the warning: none over TLS; at a terminal it asks, in a script it sends")
    func cleartextWarning() {
        let line = Array("PASS wonderland".utf8)
        #expect(SubmissionGuard.cleartextWarning(for: line, mailProtocol: .pop3, isTLS: true, interactive: true) == nil)
        let asked = SubmissionGuard.cleartextWarning(for: line, mailProtocol: .pop3, isTLS: false, interactive: true)
        #expect(asked?.contains("Press Enter (or y) to send it anyway") == true)
        #expect(asked?.contains(".starttls") == true)
        let scripted = SubmissionGuard.cleartextWarning(for: line, mailProtocol: .pop3, isTLS: false,
                                                        interactive: false)
        #expect(scripted?.contains("Sent anyway") == true)
        #expect(!(scripted ?? "").contains("wonderland"))
    }

    @Test("confirmation answers: Enter, y and yes mean yes")
    func answers() {
        for yes in ["", "y", "Y", "yes", " y "] { #expect(SubmissionGuard.isYes(Array(yes.utf8)), "\(yes)") }
        for no in ["n", "no", ".starttls", "QUIT"] { #expect(!SubmissionGuard.isYes(Array(no.utf8)), "\(no)") }
    }

    /// An SMTP dialect past the greeting and an EHLO reply listing `keywords`.
    func smtp(after keywords: [String]) -> SMTPDialect {
        var dialect = SMTPDialect()
        _ = dialect.receive(ServerLine("220 mail.example.test ESMTP"))
        _ = dialect.submit(Array("EHLO me.example".utf8))
        let lines = ["mail.example.test"] + keywords
        for (index, line) in lines.enumerated() {
            _ = dialect.receive(ServerLine("250" + (index == lines.count - 1 ? " " : "-") + line))
        }
        return dialect
    }

    @Test("pipelining to a server that did not offer PIPELINING is warned about, once per burst")
    func pipelining() {
        let guardian = SubmissionGuard()
        var dialect = smtp(after: ["SIZE 1000", "8BITMIME"])
        #expect(guardian.pipeliningWarning(mailProtocol: .smtp, dialect: dialect) == nil)
        _ = dialect.submit(Array("MAIL FROM:<a@example.org>".utf8))
        let warning = guardian.pipeliningWarning(mailProtocol: .smtp, dialect: dialect)
        #expect(warning?.contains("did not offer PIPELINING (RFC 2920)") == true)
        #expect(warning?.contains("improper command pipelining") == true)
        _ = dialect.submit(Array("RCPT TO:<b@example.org>".utf8))
        #expect(guardian.pipeliningWarning(mailProtocol: .smtp, dialect: dialect) == nil)
        _ = dialect.receive(ServerLine("250 2.1.0 Ok"))
        _ = dialect.receive(ServerLine("250 2.1.5 Ok"))
        #expect(guardian.pipeliningWarning(mailProtocol: .smtp, dialect: dialect) == nil)
        _ = dialect.submit(Array("RSET".utf8))
        #expect(guardian.pipeliningWarning(mailProtocol: .smtp, dialect: dialect) != nil)

        var offered = smtp(after: ["PIPELINING"])
        _ = offered.submit(Array("MAIL FROM:<a@example.org>".utf8))
        #expect(SubmissionGuard().pipeliningWarning(mailProtocol: .smtp, dialect: offered) == nil)
        // Lines held by the engine (after DATA) are not pipelined.
        var data = smtp(after: [])
        _ = data.submit(Array("DATA".utf8))
        #expect(SubmissionGuard().pipeliningWarning(mailProtocol: .smtp, dialect: data) == nil)
    }
}
