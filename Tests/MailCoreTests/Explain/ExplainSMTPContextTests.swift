import Testing
@testable import MailCore

/// The same SMTP code means different things after different commands (RFC 5321 §4.3.2).
@Suite("Explain: SMTP replies in context")
struct ExplainSMTPContextTests {
    func summary(_ code: Int, after command: String?) -> String {
        KnowledgeBase.smtpReply(code: code, after: command)?.summary ?? ""
    }

    @Test func twoFiftyAfterRecipientAndAfterEndOfData() {
        #expect(summary(250, after: "RCPT TO:<bob@example.com>").contains("Recipient accepted"))
        #expect(summary(250, after: "rcpt").contains("Recipient accepted"))
        #expect(summary(250, after: ".").contains("accepted for delivery"))
        #expect(summary(250, after: "MAIL FROM:<a@example.com>").contains("Sender accepted"))
        #expect(summary(250, after: "EHLO me.example").contains("extensions"))
        #expect(KnowledgeBase.smtpReply(code: 250, after: ".")?.sources.contains(Citation(rfc: 5321,
                                                                                          section: "4.2.5")) == true)
    }

    @Test func fiveFiftyAfterRecipientAndAfterEndOfData() {
        let rcpt = KnowledgeBase.smtpReply(code: 550, after: "RCPT TO:<x@elsewhere.example>")
        #expect(rcpt?.summary.contains("no such mailbox") == true)
        #expect(rcpt?.summary.contains("relay") == true)
        #expect(rcpt?.sources.contains(Citation(rfc: 5321, section: "3.6.2")) == true)
        #expect(summary(550, after: ".").contains("policy"))
        #expect(summary(550, after: ".") != rcpt?.summary)
    }

    @Test func greetingAndStartTLS() {
        #expect(summary(220, after: nil).contains("Say EHLO"))
        let tls = KnowledgeBase.smtpReply(code: 220, after: "STARTTLS")
        #expect(tls?.summary.contains("TLS") == true)
        #expect(tls?.sources.first == Citation(rfc: 3207, section: "4"))
        #expect(summary(554, after: nil).contains("No SMTP service"))
        #expect(summary(354, after: "DATA").contains("Send the message"))
        #expect(summary(221, after: "QUIT").contains("Goodbye"))
        #expect(summary(334, after: "AUTH LOGIN").contains("challenge"))
        #expect(summary(454, after: "STARTTLS").contains("TLS not available"))
        #expect(summary(454, after: "AUTH PLAIN").contains("authentication"))
        #expect(summary(252, after: "VRFY bob").contains("Cannot verify"))
        #expect(summary(250, after: "RSET").contains("cleared"))
        #expect(summary(250, after: "NOOP").contains("alive"))
    }

    @Test func unknownContextFallsBackToTheGeneralMeaning() {
        #expect(summary(250, after: "XFOO") == "Requested mail action okay, completed.")
        #expect(KnowledgeBase.smtpReply(code: 250, after: "XFOO")?.subject == "250")
        #expect(KnowledgeBase.smtpReply(code: 250, after: "RCPT")?.subject == "250 after RCPT")
    }

    @Test func failuresCarryAdvice() {
        #expect(KnowledgeBase.smtpReply(code: 535, after: "AUTH PLAIN")?.advice?.contains("app password") == true)
        #expect(KnowledgeBase.smtpReply(code: 421, after: nil)?.advice != nil)
        #expect(KnowledgeBase.smtpReply(code: 250, after: "RCPT")?.advice == nil)
    }

    /// Codes without an entry are explained by their digits (RFC 5321 §4.2.1); 523 is such a code.
    @Test func unknownCodesByClass() {
        let unknown = KnowledgeBase.smtpReply(code: 523, after: nil)
        expectExplained(unknown, "523")
        #expect(unknown?.summary.contains("Permanent failure") == true)
        #expect(unknown?.detail?.contains("connection") == true)
        #expect(unknown?.sources == [Citation(rfc: 5321, section: "4.2.1")])
        #expect(KnowledgeBase.smtpReply(code: 471, after: nil)?.summary.contains("Transient") == true)
        #expect(KnowledgeBase.smtpReply(code: 199, after: nil) == nil)
        #expect(KnowledgeBase.smtpReply(code: 600, after: nil) == nil)
    }

    @Test func everyContextualEntryIsExplained() {
        for entry in SMTPReplyCodes.entries {
            for (context, explanation) in entry.inContext {
                expectExplained(explanation, "\(entry.code) after \(context)")
            }
        }
    }
}
