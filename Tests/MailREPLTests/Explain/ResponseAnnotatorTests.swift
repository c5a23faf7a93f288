import MailCore
import MailNet
@testable import MailREPL
import Testing

/// What appears under server lines: context, once-per-session capabilities, challenges, alerts, levels.
@Suite("Explain: response annotations")
struct ResponseAnnotatorTests {
    static let tls = TLSSummary(protocolVersion: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", subject: "CN = x",
                                issuer: "CN = ca", notBefore: "", notAfter: "", subjectAlternativeNames: [],
                                verified: true, verifyCode: 0, verifyText: "ok", chain: [], serverName: "x")

    /// Feeds one server line as the renderer would, after the annotator observed it.
    func annotate(_ annotator: ResponseAnnotator, _ text: String, _ kind: LineKind, completion: Completion? = .response,
                  after verb: String? = nil) -> [String] {
        let line = ServerLine(text)
        let reception = Reception(kind: kind, completion: completion, inReplyTo: verb)
        annotator.observe(.received(line, reception), capabilities: [])
        return annotator.annotate(line, reception)
    }

    @Test("the same code is explained in the context of the command that drew it")
    func smtpContext() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        let rcpt = annotate(annotator, "250 2.1.5 Ok", .success, after: "RCPT")
        #expect(rcpt == ["250 after RCPT: Recipient accepted. Add more with RCPT TO, or send DATA. "
                         + "(RFC 5321 §4.1.1.3)"])
        let data = annotate(annotator, "250 2.0.0 Ok: queued as 4F2A1", .success, after: ".")
        #expect(data.first?.hasPrefix("250 after end of data: Message accepted for delivery") == true)
        let refused = annotate(annotator, "550 5.1.1 <nobody@example.test>: Recipient address rejected",
                               .permanentFailure, after: "RCPT")
        #expect(refused.first == "No such mailbox at that domain. (RFC 3463 §3.2)")
        #expect(refused.last?.hasPrefix("Try: Check the spelling") == true)
        let plain = annotate(annotator, "550 mailbox unavailable", .permanentFailure, after: "RCPT")
        #expect(plain.first?.contains("Recipient refused: no such mailbox, or the server will not relay") == true)
    }

    @Test("positive replies are explained once per session, refusals every time")
    func once() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        #expect(!annotate(annotator, "250 2.1.5 Ok", .success, after: "RCPT").isEmpty)
        #expect(annotate(annotator, "250 2.1.5 Ok", .success, after: "RCPT").isEmpty)
        let relay = "554 5.7.1 <x@elsewhere.example>: Relay access denied"
        let first = annotate(annotator, relay, .permanentFailure, after: "RCPT")
        #expect(first.first?.contains("will not relay") == true)
        #expect(annotate(annotator, relay, .permanentFailure, after: "RCPT") == first)
    }

    @Test("EHLO: the code under the first line, each keyword under its own line, each once per session")
    func ehloCapabilities() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        let lines = ["250-mail.example.test", "250-PIPELINING", "250-AUTH PLAIN LOGIN", "250-XFOO", "250 CHUNKING"]
        var shown: [[String]] = []
        for (index, line) in lines.enumerated() {
            shown.append(annotate(annotator, line, .success, completion: index == lines.count - 1 ? .response : nil,
                                  after: "EHLO"))
        }
        #expect(shown[0].first?.hasPrefix("250 after EHLO/HELO: Hello accepted") == true)
        #expect(shown[1] == ["PIPELINING: The client may send several commands without waiting for each reply. "
                             + "(RFC 2920)"])
        #expect(shown[2].first?.hasPrefix("AUTH PLAIN LOGIN: Login (SASL) is offered") == true)
        #expect(shown[3].first?.hasPrefix("XFOO: A private (X-) extension") == true)
        #expect(shown[4].first?.hasPrefix("CHUNKING: BDAT is available") == true)
        // After STARTTLS the list comes again: nothing new, nothing said.
        for (index, line) in lines.enumerated() {
            let again = annotate(annotator, line, .success, completion: index == lines.count - 1 ? .response : nil,
                                 after: "EHLO")
            #expect(again.isEmpty, "\(line): \(again)")
        }
    }

    @Test("a capability's words come from the server: they are shown terminal-safe")
    func hostileCapability() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .full)
        _ = annotate(annotator, "250-mail.example.test", .success, completion: nil, after: "EHLO")
        let lines = annotate(annotator, "250 SIZE 1\u{1B}]0;owned\u{07}", .success, after: "EHLO")
        #expect(!lines.joined().contains("\u{1B}"))
        #expect(lines.first?.hasPrefix(#"SIZE 1\x1B]0;owned\x07: "#) == true)
        let unknown = annotate(ResponseAnnotator(mailProtocol: .pop3, level: .brief), "X\u{1B}[2J", .data,
                               completion: nil, after: "CAPA")
        #expect(unknown.first?.hasPrefix(#"X\x1B[2J: not a capability"#) == true)
    }

    @Test("a multi-line SMTP refusal is explained under its last line, from all its lines")
    func multiLineRefusal() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        let first = annotate(annotator, "530-5.7.0 Must issue a", .permanentFailure, completion: nil, after: "AUTH")
        #expect(first.isEmpty)
        let last = annotate(annotator, "530 5.7.0 STARTTLS command first", .permanentFailure, after: "AUTH")
        #expect(last.first?.hasPrefix("The server wants TLS before this command.") == true)
        #expect(last.last?.hasPrefix("Try: Run .starttls") == true)
    }

    @Test("SASL challenges are decoded: SMTP 334, IMAP and POP3 +")
    func challenges() {
        let smtp = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        let username = annotate(smtp, "334 VXNlcm5hbWU6", .continuation, completion: .continuation, after: "AUTH")
        #expect(username.last == "Challenge decoded: Username:")
        let password = annotate(smtp, "334 UGFzc3dvcmQ6", .continuation, completion: .continuation, after: "AUTH")
        #expect(password == ["Challenge decoded: Password:"])
        let imap = ResponseAnnotator(mailProtocol: .imap, level: .brief)
        #expect(annotate(imap, "+ VXNlcm5hbWU6", .continuation, completion: .continuation, after: "AUTHENTICATE")
            .last == "Challenge decoded: Username:")
        // A continuation for a literal is not a challenge, even when it looks like base64.
        #expect(!annotate(imap, "+ DONE", .continuation, completion: .continuation, after: "APPEND")
            .contains { $0.hasPrefix("Challenge") })
        let pop3 = ResponseAnnotator(mailProtocol: .pop3, level: .brief)
        #expect(annotate(pop3, "+ ", .continuation, completion: .continuation, after: "AUTH")
            .last?.hasPrefix("Empty challenge") == true)
    }

    @Test("a decoded challenge never shows what the user sent as a secret")
    func secretsStayHidden() {
        let annotator = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        // AUTH PLAIN with \0alice\0hunter2 as the initial response (RFC 4616).
        let wire = Array("AUTH PLAIN AGFsaWNlAGh1bnRlcjI=\r\n".utf8)
        let submission = Submission(wire: wire, verb: "AUTH", isSecret: true)
        annotator.observe(.sent(submission, shown: Redaction.shownForm(of: submission)), capabilities: [])
        // "your password is hunter2" in base64.
        let echoed = annotate(annotator, "334 eW91ciBwYXNzd29yZCBpcyBodW50ZXIy", .continuation,
                              completion: .continuation, after: "AUTH")
        #expect(!echoed.joined().contains("hunter2"))
        #expect(echoed.last?.contains("not shown") == true)
        // A SASL response line is secret as a whole.
        let response = Submission(wire: Array("c2VjcmV0LXBhc3M=\r\n".utf8), isSecret: true)
        annotator.observe(.sent(response, shown: Redaction.shownForm(of: response)), capabilities: [])
        let again = annotate(annotator, "334 c2VjcmV0LXBhc3M=", .continuation, completion: .continuation,
                             after: "AUTH")
        #expect(!again.joined().contains("secret-pass"))
    }

    @Test("an IMAP ALERT is a warning at every level, labelled unauthenticated before TLS")
    func alerts() {
        for level in ExplanationLevel.allCases {
            let annotator = ResponseAnnotator(mailProtocol: .imap, level: level)
            annotator.observe(.connecting(MailTarget(mailProtocol: .imap, security: .plain, host: "h")),
                              capabilities: [])
            let before = annotate(annotator, "* OK [ALERT] System shutdown in 10 minutes", .untagged, completion: nil)
            #expect(before.first == "! ALERT, unauthenticated: it came before TLS, so anyone in the network path "
                    + "could have written it: System shutdown in 10 minutes")
            annotator.observe(.tlsStarted(Self.tls), capabilities: [])
            let after = annotate(annotator, "a1 NO [ALERT] Mailbox over quota", .permanentFailure, after: "APPEND")
            #expect(after.first == "! ALERT from the server (RFC 9051 §7.1): Mailbox over quota")
            #expect(!after.contains { $0.hasPrefix("[ALERT]") })
        }
        // When the session engine already labelled the line, the label is not repeated.
        let labelled = ResponseAnnotator(mailProtocol: .imap, level: .brief)
        let reception = Reception(kind: .untagged, warning: "ALERT received before TLS: unauthenticated")
        #expect(labelled.annotate(ServerLine("* OK [ALERT] Hi"), reception).first
            == "! ALERT from the server (RFC 9051 §7.1): Hi")
        let annotator = ResponseAnnotator(mailProtocol: .imap, level: .off)
        let hostile = annotate(annotator, "* OK [ALERT] \u{1B}[2Jgone", .untagged, completion: nil)
        #expect(hostile.first?.hasSuffix(#"\x1B[2Jgone"#) == true)
    }

    @Test("IMAP: capabilities in a code and in CAPABILITY, once each; codes of SELECT; no line per FETCH")
    func imap() {
        let annotator = ResponseAnnotator(mailProtocol: .imap, level: .brief)
        let greeting = annotate(annotator, "* OK [CAPABILITY IMAP4rev1 IDLE STARTTLS] ready", .greeting)
        #expect(greeting.contains { $0.hasPrefix("IDLE: ") })
        #expect(greeting.contains { $0.hasPrefix("STARTTLS: ") })
        let listed = annotate(annotator, "* CAPABILITY IMAP4rev1 IDLE MOVE", .untagged, completion: nil,
                              after: "CAPABILITY")
        #expect(listed.filter { $0.hasPrefix("IDLE") || $0.hasPrefix("IMAP4rev1") }.isEmpty)
        #expect(listed.contains { $0.hasPrefix("MOVE: ") })
        let validity = annotate(annotator, "* OK [UIDVALIDITY 3857529045] UIDs valid", .untagged, completion: nil,
                                after: "SELECT")
        #expect(validity.first?.hasPrefix("[UIDVALIDITY]: ") == true)
        #expect(annotate(annotator, "* 1 FETCH (FLAGS (\\Seen))", .untagged, completion: nil, after: "FETCH").count
            == 1)
        #expect(annotate(annotator, "* 2 FETCH (FLAGS (\\Seen))", .untagged, completion: nil, after: "FETCH")
            .isEmpty)
        let privacy = annotate(annotator, "a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed",
                               .permanentFailure, after: "LOGIN")
        #expect(privacy == ["Refused because the connection is not encrypted. (RFC 5530 §3)",
                            "Try: Run .starttls (or a STARTTLS command) and log in again, or connect with imaps:// "
                                + "on 993."])
    }

    @Test("untagged data is known by its keyword; statuses and CAPABILITY are read in full", arguments: [
        ("* 12 FETCH (FLAGS (\\Seen))", "FETCH"), ("* 3 exists", "EXISTS"), ("* LIST () \"/\" INBOX", "LIST"),
        ("* SEARCH", "SEARCH"), ("* OK [ALERT] disk full", nil), ("* 3 NO later", nil), ("* CAPABILITY IMAP4rev1", nil),
        ("* capability IDLE", nil), ("a1 OK done", nil), ("* 12", nil), ("*  FETCH", nil), ("* 12FETCH x", nil),
        ("* 1 F\u{7}ETCH", nil),
    ] as [(String, String?)])
    func dataKeyword(line: String, keyword: String?) {
        #expect(IMAPResponseText.dataKeyword(of: Array(line.utf8)) == keyword)
    }

    @Test("IMAP: a keyword explained once stays quiet in any case; a later CAPABILITY or ALERT is still read")
    func imapRepeats() {
        let annotator = ResponseAnnotator(mailProtocol: .imap, level: .brief)
        #expect(annotate(annotator, "* 3 EXISTS", .untagged, completion: nil, after: "SELECT").count == 1)
        #expect(annotate(annotator, "* 4 exists", .untagged, completion: nil, after: "NOOP").isEmpty)
        #expect(annotate(annotator, "* CAPABILITY IMAP4rev1", .untagged, completion: nil)
            .contains { $0.hasPrefix("IMAP4rev1") })
        #expect(annotate(annotator, "* CAPABILITY IMAP4rev1 MOVE", .untagged, completion: nil)
            .contains { $0.hasPrefix("MOVE: ") })
        #expect(annotate(annotator, "* OK [ALERT] maintenance at noon", .untagged, completion: nil)
            .contains { $0.contains("maintenance at noon") })
    }

    @Test("POP3: statuses after their command, CAPA lines once, message lines never")
    func pop3() {
        let annotator = ResponseAnnotator(mailProtocol: .pop3, level: .brief)
        #expect(annotate(annotator, "+OK", .success, completion: nil, after: "CAPA").first?
            .hasPrefix("+OK after CAPA: The capability list follows") == true)
        #expect(annotate(annotator, "UIDL", .data, completion: nil, after: "CAPA").first?.hasPrefix("UIDL: ") == true)
        #expect(annotate(annotator, "SASL PLAIN", .data, completion: nil, after: "CAPA").first?
            .hasPrefix("SASL PLAIN: ") == true)
        #expect(annotate(annotator, ".", .data, after: "CAPA").isEmpty)
        #expect(annotate(annotator, "Subject: UIDL", .data, completion: nil, after: "RETR").isEmpty)
        let inUse = annotate(annotator, "-ERR [IN-USE] Mailbox locked", .permanentFailure, after: "PASS")
        #expect(inUse.first == "The mailbox is locked by another POP3 session. (RFC 2449 §8.1.2)")
    }

    @Test("a login refused for want of TLS is said so, even where the code points at the credentials")
    func plaintextRefusal() {
        let annotator = ResponseAnnotator(mailProtocol: .pop3, level: .brief)
        let refusal = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections."
        let lines = annotate(annotator, refusal, .permanentFailure, after: "PASS")
        #expect(lines == ["The server takes passwords only over TLS, and this connection has none. (RFC 2595 §4; "
                            + "RFC 8314 §3)",
                          "Try: Run .starttls (it sends STLS), then log in again; "
                            + "or connect with pop3s:// (port 995)."])
        annotator.observe(.tlsStarted(Self.tls), capabilities: [])
        let withTLS = annotate(annotator, "-ERR [AUTH] Authentication failed.", .permanentFailure, after: "PASS")
        #expect(withTLS.first == "Your credentials were rejected. (RFC 3206 §5)")
    }

    @Test("off says nothing; full adds detail and every source")
    func levels() {
        let off = ResponseAnnotator(mailProtocol: .smtp, level: .off)
        #expect(annotate(off, "535 5.7.8 Error: authentication failed", .permanentFailure, after: "AUTH").isEmpty)
        let full = ResponseAnnotator(mailProtocol: .smtp, level: .full)
        let lines = annotate(full, "535 5.7.8 Error: authentication failed", .permanentFailure, after: "AUTH")
        #expect(lines.contains { $0.hasPrefix("535 after AUTH: Login failed") })
        #expect(lines.contains { $0.hasPrefix("5.7.8: Permanent failure, security/policy") })
        #expect(lines.contains { $0.hasPrefix("  Try: Check the user name form") })
        #expect(lines.contains("  Sources: RFC 3463 §2; RFC 4954 §6 (IANA SMTP Enhanced Status Codes)"))
        let brief = ResponseAnnotator(mailProtocol: .smtp, level: .brief)
        #expect(annotate(brief, "535 5.7.8 Error: authentication failed", .permanentFailure, after: "AUTH").count == 2)
    }
}
