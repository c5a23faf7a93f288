import Testing
@testable import MailCore

@Suite("SMTPDialect")
struct SMTPDialectTests {
    /// A dialect past the greeting.
    static func greeted() -> SMTPDialect {
        var dialect = SMTPDialect()
        _ = dialect.receive("220 mail.example.com ESMTP")
        return dialect
    }

    @Test("the greeting completes, and input is held until it comes (RFC 5321 §3.1)")
    func greeting() {
        var dialect = SMTPDialect()
        #expect(dialect.holdsInput)
        #expect(dialect.isAwaitingServer)
        let reception = dialect.receive("220 mail.example.com ESMTP Postfix")
        #expect(reception.kind == .greeting)
        #expect(reception.completion == .response)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("a multi-line greeting completes only at its last line")
    func multiLineGreeting() {
        var dialect = SMTPDialect()
        #expect(dialect.receive(lines: ["220-mail.example.com ESMTP", "220-no UCE", "220 ready"])
                    == [nil, nil, .response])
        #expect(!dialect.holdsInput)
    }

    @Test("a 554 greeting completes and a 421 greeting closes")
    func refusingGreetings() {
        var refused = SMTPDialect()
        let reception = refused.receive("554 no service for you")
        #expect(reception.kind == .permanentFailure)
        #expect(reception.completion == .response)
        var closing = SMTPDialect()
        #expect(closing.receive("421 4.3.2 shutting down").completion == .closing)
    }

    @Test("EHLO: the reply ends at the line without a hyphen; keywords are captured")
    func ehloCapabilities() {
        var dialect = Self.greeted()
        let submission = dialect.submit("EHLO client.example")
        #expect(submission.wireText == "EHLO client.example\r\n")
        #expect(submission.verb == "EHLO")
        #expect(!submission.isSecret)
        let completions = dialect.receive(lines: [
            "250-mail.example.com Hello client.example",
            "250-PIPELINING",
            "250-SIZE 10240000",
            "250-STARTTLS",
            "250-AUTH PLAIN LOGIN",
            "250-ENHANCEDSTATUSCODES",
            "250 8BITMIME",
        ])
        #expect(completions == [nil, nil, nil, nil, nil, nil, .response])
        #expect(dialect.capabilities == ["PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN",
                                         "ENHANCEDSTATUSCODES", "8BITMIME"])
        #expect(!dialect.isAwaitingServer)
    }

    @Test("a one-line EHLO reply means no extensions; a refused EHLO keeps what was known")
    func ehloWithoutExtensions() {
        var dialect = Self.greeted()
        _ = dialect.submit("EHLO a")
        _ = dialect.receive(lines: ["250-mx", "250 SIZE 100"])
        #expect(dialect.capabilities == ["SIZE 100"])
        _ = dialect.submit("EHLO a")
        _ = dialect.receive("250 mx")
        #expect(dialect.capabilities == [])
        _ = dialect.submit("EHLO a")
        _ = dialect.receive(lines: ["250-mx", "250 PIPELINING"])
        _ = dialect.submit("EHLO a")
        #expect(dialect.receive("502 5.5.1 command not implemented").completion == .response)
        #expect(dialect.capabilities == ["PIPELINING"])
    }

    @Test("capabilities are forgotten once TLS starts (RFC 3207 §4.2)")
    func capabilitiesForgottenByTLS() {
        var dialect = Self.greeted()
        _ = dialect.submit("EHLO a")
        _ = dialect.receive(lines: ["250-mx", "250 STARTTLS"])
        _ = dialect.submit("STARTTLS")
        #expect(dialect.holdsInput)
        let reception = dialect.receive("220 2.0.0 Ready to start TLS")
        #expect(reception.completion == .startTLS)
        #expect(reception.inReplyTo == "STARTTLS")
        dialect.tlsStarted()
        #expect(dialect.capabilities.isEmpty)
        _ = dialect.submit("EHLO a")
        _ = dialect.receive(lines: ["250-mx", "250 AUTH PLAIN"])
        #expect(dialect.capabilities == ["AUTH PLAIN"])
    }

    @Test("a refused STARTTLS is an ordinary response")
    func startTLSRefused() {
        var dialect = Self.greeted()
        _ = dialect.submit("STARTTLS")
        #expect(dialect.receive("454 4.7.0 TLS not available").completion == .response)
        #expect(!dialect.holdsInput)
    }

    @Test("pipelined commands are answered in order (RFC 2920)")
    func pipelining() {
        var dialect = Self.greeted()
        _ = dialect.submit("MAIL FROM:<a@example.com>")
        _ = dialect.submit("RCPT TO:<b@example.com>")
        _ = dialect.submit("RCPT TO:<c@example.com>")
        #expect(!dialect.holdsInput)
        #expect(dialect.isAwaitingServer)
        let first = dialect.receive("250 2.1.0 Ok")
        #expect(first.inReplyTo == "MAIL")
        #expect(first.completion == .response)
        #expect(dialect.isAwaitingServer)
        let second = dialect.receive("250 2.1.5 Ok")
        #expect(second.inReplyTo == "RCPT")
        let third = dialect.receive("550 5.1.1 <c@example.com>: Recipient address rejected")
        #expect(third.inReplyTo == "RCPT")
        #expect(third.kind == .permanentFailure)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("DATA: 354 opens the body, dots are stuffed, a lone dot ends it and waits for 250")
    func dataTransaction() {
        var dialect = Self.greeted()
        _ = dialect.submit("MAIL FROM:<a@example.com>")
        _ = dialect.submit("RCPT TO:<b@example.com>")
        _ = dialect.submit("DATA")
        #expect(dialect.holdsInput)
        #expect(dialect.inputMode == .command)
        _ = dialect.receive("250 2.1.0 Ok")
        _ = dialect.receive("250 2.1.5 Ok")
        #expect(dialect.holdsInput)
        let go = dialect.receive("354 End data with <CR><LF>.<CR><LF>")
        #expect(go.kind == .continuation)
        #expect(go.completion == .continuation)
        #expect(go.inReplyTo == "DATA")
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.inputMode == .messageBody)
        #expect(dialect.stateDescription == "data")

        let header = dialect.submit("Subject: hi")
        #expect(header.wireText == "Subject: hi\r\n")
        #expect(header.note == nil)
        #expect(header.verb == nil)
        let dotted = dialect.submit(".hidden")
        #expect(dotted.wireText == "..hidden\r\n")
        #expect(dotted.note != nil)
        #expect(dialect.submit("..").wireText == "...\r\n")
        #expect(dialect.submit("").wireText == "\r\n")
        #expect(dialect.submit(". ").wireText == ".. \r\n")
        // A line that looks like a command is content while the body is open.
        #expect(dialect.submit("QUIT").wireText == "QUIT\r\n")
        #expect(dialect.inputMode == .messageBody)
        #expect(!dialect.isAwaitingServer)

        let end = dialect.submit(".")
        #expect(end.wireText == ".\r\n")
        #expect(dialect.inputMode == .command)
        #expect(dialect.isAwaitingServer)
        let queued = dialect.receive("250 2.0.0 Ok: queued as 4F1B2")
        #expect(queued.completion == .response)
        #expect(queued.kind == .success)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("a refused DATA leaves command mode")
    func dataRefused() {
        var dialect = Self.greeted()
        _ = dialect.submit("DATA")
        #expect(dialect.receive("554 5.5.1 Error: no valid recipients").completion == .response)
        #expect(dialect.inputMode == .command)
        #expect(!dialect.holdsInput)
    }

    @Test("AUTH: 334 asks for a SASL response, which is secret; 235 completes")
    func authentication() {
        var dialect = Self.greeted()
        let command = dialect.submit("AUTH LOGIN")
        #expect(command.verb == "AUTH")
        #expect(!command.isSecret)
        #expect(dialect.holdsInput)
        #expect(dialect.receive("334 VXNlcm5hbWU6").completion == .continuation)
        #expect(dialect.inputMode == .saslResponse)
        #expect(dialect.stateDescription == "auth")
        #expect(!dialect.holdsInput)
        let user = dialect.submit("YWxpY2U=")
        #expect(user.isSecret)
        #expect(user.wireText == "YWxpY2U=\r\n")
        #expect(dialect.holdsInput)
        #expect(dialect.receive("334 UGFzc3dvcmQ6").completion == .continuation)
        #expect(dialect.inputMode == .saslResponse)
        #expect(dialect.submit("c2VjcmV0").isSecret)
        let done = dialect.receive("235 2.7.0 Authentication successful")
        #expect(done.completion == .response)
        #expect(done.inReplyTo == "AUTH")
        #expect(dialect.inputMode == .command)
        #expect(!dialect.holdsInput)
    }

    @Test("AUTH with an initial response is secret (RFC 4954 §4)")
    func authInitialResponse() {
        var dialect = Self.greeted()
        #expect(dialect.submit("AUTH PLAIN AGFsaWNlAHNlY3JldA==").isSecret)
        #expect(dialect.receive("535 5.7.8 Error: authentication failed").kind == .permanentFailure)
        #expect(!dialect.holdsInput)
    }

    @Test("QUIT's 221 and an unsolicited 421 close", arguments: ["221 2.0.0 Bye", "421 4.4.2 timeout"])
    func closing(_ reply: String) {
        var dialect = Self.greeted()
        _ = dialect.submit("QUIT")
        #expect(dialect.receive(reply).completion == .closing)
        var idle = Self.greeted()
        let unsolicited = idle.receive("421 4.4.2 mail.example.com Error: timeout exceeded")
        #expect(unsolicited.completion == .closing)
        #expect(unsolicited.warning == nil)
    }

    @Test("a reply to no command is flagged")
    func replyToNothing() {
        var dialect = Self.greeted()
        let reception = dialect.receive("250 ok")
        #expect(reception.completion == nil)
        #expect(reception.warning != nil)
    }

    @Test("malformed lines are flagged and complete nothing",
          arguments: ["hello", "25", "2500 x", "250x", "650 six", "050 zero", "", "250\tTab", "ABC def"])
    func malformed(_ text: String) {
        var dialect = Self.greeted()
        _ = dialect.submit("NOOP")
        let reception = dialect.receive(text)
        #expect(reception.kind == .malformed)
        #expect(reception.completion == nil)
        #expect(reception.warning != nil)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("250 2.0.0 Ok").completion == .response)
    }

    @Test("a bare code is a complete last line")
    func bareCode() {
        var dialect = Self.greeted()
        _ = dialect.submit("NOOP")
        #expect(dialect.receive("250").completion == .response)
    }

    @Test("the verb is the first word, upper-cased")
    func verbs() {
        var dialect = Self.greeted()
        #expect(dialect.submit("mail from:<a@b>").verb == "MAIL")
        #expect(dialect.submit("  rset").verb == "RSET")
        #expect(dialect.submit("").verb == "")
    }
}
