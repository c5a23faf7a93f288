import Testing
@testable import MailCore

@Suite("Explain: server replies")
struct ExplainResponseExplainerTests {
    func subjects(_ reply: String, _ p: MailProtocol, after command: String?) -> [String] {
        ResponseExplainer.explain(reply, in: p, after: command).map(\.subject)
    }

    /// RFC 2034: the enhanced code follows the reply code and a space.
    @Test func smtpEnhancedCodeFromReplyText() {
        let found = ResponseExplainer.explain("535 5.7.8 Error: authentication failed", in: .smtp,
                                              after: "AUTH PLAIN")
        #expect(found.map(\.subject) == ["535 after AUTH", "5.7.8", "535 5.7.8"])
        #expect(found[1].summary == "Permanent failure, security/policy: authentication credentials invalid.")
        #expect(found[1].sources.contains(Citation(registry: Citation.enhancedStatusCodesRegistry, rfc: 4954,
                                                   section: "6")))
        #expect(found[2].advice?.isEmpty == false)
        #expect(found[0].advice == nil, "advice comes once, with the diagnosis")
    }

    @Test func smtpEnhancedCodeInMultilineReply() {
        let reply = "550-5.7.1 Relaying denied\r\n550 5.7.1 see https://example.com/relay"
        let found = ResponseExplainer.explain(reply, in: .smtp, after: "RCPT TO:<x@elsewhere.example>")
        #expect(found.map(\.subject) == ["550 after RCPT", "5.7.1", "5.7.1 relaying denied"])
    }

    @Test func notEveryNumberIsAnEnhancedCode() {
        #expect(subjects("250 2.1.5 Ok", .smtp, after: "RCPT") == ["250 after RCPT", "2.1.5"])
        #expect(subjects("250 1.2.3 version", .smtp, after: "NOOP") == ["250 after NOOP"])
        #expect(subjects("250 OK 5.7.8", .smtp, after: "NOOP") == ["250 after NOOP"])
        #expect(EnhancedCode(leading: "5.7.1234 x") == nil)
        #expect(EnhancedCode(leading: "4.4.10 x")?.text == "4.4.10")
        #expect(subjects("hello", .smtp, after: nil).isEmpty)
    }

    @Test func smtpDiagnoses() {
        #expect(subjects("530 5.7.0 Must issue a STARTTLS command first", .smtp, after: "MAIL FROM:<a@b.c>")
                    .last == "530 STARTTLS first")
        #expect(subjects("530 5.7.0 Authentication required", .smtp, after: "MAIL FROM:<a@b.c>").last
                    == "530 5.7.0")
        #expect(subjects("534 5.7.9 Please log in with your web browser", .smtp, after: "AUTH LOGIN").last
                    == "534 5.7.9")
        #expect(subjects("454 4.7.0 TLS not available due to local problem", .smtp, after: "STARTTLS").last
                    == "454 after STARTTLS")
        #expect(subjects("454 4.7.0 Temporary authentication failure", .smtp, after: "AUTH PLAIN").last
                    == "454 4.7.0")
        #expect(subjects("554 5.7.1 <x@elsewhere.example>: Relay access denied", .smtp, after: "RCPT").last
                    == "5.7.1 relaying denied")
        #expect(subjects("553 5.7.1 <a@b.c>: Sender address rejected: not owned by user bob", .smtp,
                         after: "MAIL FROM:<a@b.c>").last == "553 5.7.1 sender not allowed")
        #expect(subjects("552 5.3.4 Message size exceeds fixed limit", .smtp, after: ".").last
                    == "552 message too big")
        #expect(subjects("421 4.7.0 mail.example.com Error: too many connections", .smtp, after: nil).last
                    == "421")
    }

    @Test func ehloLinesAreExplainedAsExtensions() {
        let reply = "250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n"
            + "250-AUTH PLAIN LOGIN\r\n250 ENHANCEDSTATUSCODES"
        let found = ResponseExplainer.explain(reply, in: .smtp, after: "EHLO me.example")
        #expect(found.map(\.subject) == ["250 after EHLO/HELO", "PIPELINING", "SIZE 10240000", "STARTTLS",
                                         "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES"])
        #expect(found[4].detail?.contains("RFC 4616") == true)
    }

    @Test func imapResponseCodes() {
        let failed = ResponseExplainer.explain("a001 NO [AUTHENTICATIONFAILED] Invalid credentials", in: .imap,
                                               after: "a001 LOGIN bob secret")
        #expect(failed.map(\.subject) == ["[AUTHENTICATIONFAILED]", "NO [AUTHENTICATIONFAILED]"])
        #expect(failed.last?.advice?.isEmpty == false)
        #expect(subjects("a2 NO [UNAVAILABLE] Backend down", .imap, after: "LOGIN").last == "NO [UNAVAILABLE]")
        #expect(subjects("a3 NO [PRIVACYREQUIRED] TLS required", .imap, after: "a3 LOGIN u p").last
                    == "NO [PRIVACYREQUIRED]")
        #expect(subjects("* OK [UIDVALIDITY 3857529045] UIDs valid", .imap, after: "a4 SELECT INBOX")
                    == ["[UIDVALIDITY]"])
        #expect(subjects("* BYE Too many invalid login attempts", .imap, after: "a5 LOGIN bob x")
                    == ["BYE", "BYE at login"])
        #expect(subjects("* 23 EXISTS", .imap, after: "a6 SELECT INBOX") == ["EXISTS"])
        #expect(subjects("* OK IMAP4rev2 server ready", .imap, after: nil) == ["OK"])
        #expect(subjects("a7 OK LOGIN completed", .imap, after: "a7 LOGIN u p").isEmpty)
        #expect(subjects("+ Ready for literal data", .imap, after: "a8 APPEND INBOX {310}") == ["+"])
        #expect(subjects("a9 NO Login failed", .imap, after: "a9 LOGIN u p") == ["NO", "NO after LOGIN"])
    }

    @Test func pop3ResponseCodes() {
        let inUse = ResponseExplainer.explain("-ERR [IN-USE] Do you have another POP session running?",
                                              in: .pop3, after: "PASS secret")
        #expect(inUse.map(\.subject) == ["-ERR after PASS", "[IN-USE]", "-ERR [IN-USE]"])
        #expect(subjects("-ERR [LOGIN-DELAY] wait 900 seconds", .pop3, after: "PASS x").last
                    == "-ERR [LOGIN-DELAY]")
        #expect(subjects("-ERR [AUTH] Authentication failed.", .pop3, after: "PASS x").last == "-ERR [AUTH]")
        #expect(subjects("-ERR [SYS/TEMP] try later", .pop3, after: "PASS x").last == "-ERR [SYS/TEMP]")
        #expect(subjects("+OK Dovecot ready.", .pop3, after: nil) == ["+OK greeting"])
        #expect(subjects("+OK 2 messages", .pop3, after: "STAT") == ["+OK after STAT"])
        #expect(subjects("+ ", .pop3, after: "AUTH PLAIN") == ["+"])
    }
}
