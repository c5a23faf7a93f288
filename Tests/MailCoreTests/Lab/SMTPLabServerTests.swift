import Testing
@testable import MailCore

@Suite("SMTPLabServer")
struct SMTPLabServerTests {
    static func server(_ service: LabService = .smtp, store: SingleThreadLabStore = SingleThreadLabStore())
        -> LabDriver<SMTPLabServer> {
        LabDriver(machine: SMTPLabServer(context: .lab(service, store: store)))
    }

    @Test("greets with 220 and the host name (RFC 5321 §4.2)")
    func greeting() {
        var driver = SMTPLabServerTests.server()
        #expect(driver.machine.greeting().text == "220 lab.test ESMTP mailrepl practice lab\r\n")
    }

    @Test("EHLO lists extensions; AUTH only once TLS is up (like smtpd_tls_auth_only)")
    func ehloBeforeAndAfterTLS() {
        var driver = SMTPLabServerTests.server()
        let before = driver.send("EHLO me.example")
        #expect(before.hasPrefix("250-lab.test Hello me.example [127.0.0.1]\r\n"))
        #expect(before.contains("250-STARTTLS\r\n"))
        #expect(before.contains("250-SIZE 10485760\r\n"))
        #expect(!before.contains("AUTH"))
        #expect(before.hasSuffix("250 HELP\r\n"))
        #expect(driver.last("STARTTLS") == LabResponse(lines: ["220 2.0.0 Ready to start TLS"], next: .startTLS))
        driver.machine.tlsStarted()
        // RFC 3207 §4.2: the EHLO must be repeated; MAIL before it is out of sequence.
        #expect(driver.send("MAIL FROM:<alice@lab.test>") == "503 5.5.1 Error: send HELO/EHLO first\r\n")
        let after = driver.send("EHLO me.example")
        #expect(after.contains("250-AUTH PLAIN LOGIN\r\n"))
        #expect(!after.contains("STARTTLS"))
    }

    @Test("AUTH without TLS is refused with 538 5.7.11 (RFC 4954 §6)")
    func authNeedsTLS() {
        var driver = SMTPLabServerTests.server()
        driver.send("EHLO me.example")
        #expect(driver.send("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=")
                    == "538 5.7.11 Encryption required for requested authentication mechanism\r\n")
    }

    @Test("AUTH PLAIN and LOGIN: good and bad credentials, cancel, and no second AUTH (RFC 4954)")
    func auth() {
        var driver = SMTPLabServerTests.server(.smtps)
        driver.send("EHLO me.example")
        // "\0alice\0wrong"
        #expect(driver.send("AUTH PLAIN AGFsaWNlAHdyb25n") == "535 5.7.8 Authentication credentials invalid\r\n")
        #expect(driver.send("AUTH LOGIN") == "334 VXNlcm5hbWU6\r\n")
        #expect(driver.send("*") == "501 5.0.0 Authentication aborted\r\n")
        #expect(driver.send("AUTH LOGIN") == "334 VXNlcm5hbWU6\r\n")
        #expect(driver.send("YWxpY2VAbGFiLnRlc3Q=") == "334 UGFzc3dvcmQ6\r\n")
        #expect(driver.send("d29uZGVybGFuZA==") == "235 2.7.0 Authentication successful\r\n")
        #expect(driver.send("AUTH PLAIN") == "503 5.5.1 Error: already authenticated\r\n")
    }

    @Test("AUTH PLAIN with the response after an empty 334 challenge")
    func authPlainChallenge() {
        var driver = SMTPLabServerTests.server(.smtps)
        driver.send("EHLO me.example")
        #expect(driver.send("AUTH PLAIN") == "334 \r\n")
        #expect(driver.send("AGJvYgBidWlsZGVy") == "235 2.7.0 Authentication successful\r\n")
    }

    @Test("a message for lab.test is delivered with Return-Path and Received (RFC 5321 §4.4), dots unstuffed")
    func delivery() {
        let store = SingleThreadLabStore()
        var driver = SMTPLabServerTests.server(store: store)
        driver.send("EHLO me.example")
        #expect(driver.send("MAIL FROM:<alice@lab.test>") == "250 2.1.0 Ok\r\n")
        #expect(driver.send("RCPT TO:<bob@lab.test>") == "250 2.1.5 Ok\r\n")
        #expect(driver.send("DATA") == "354 End data with <CR><LF>.<CR><LF>\r\n")
        #expect(driver.send("Subject: hi", "", "..a dotted line", "body") == "")
        #expect(driver.send(".") == "250 2.0.0 Ok: delivered to <bob@lab.test>\r\n")
        let stored = String(decoding: store.inbox("bob@lab.test")?.messages.first?.bytes ?? [], as: UTF8.self)
        #expect(stored.hasPrefix("Return-Path: <alice@lab.test>\r\nReceived: from me.example ([127.0.0.1])\r\n"))
        #expect(stored.contains("with ESMTP\r\n"))
        #expect(stored.hasSuffix("Subject: hi\r\n\r\n.a dotted line\r\nbody\r\n"))
    }

    @Test("other domains are refused: 550 5.7.1 Relay access denied (RFC 5321 §3.6.2)")
    func relayRefused() {
        var driver = SMTPLabServerTests.server()
        driver.send("EHLO me.example", "MAIL FROM:<alice@lab.test>")
        #expect(driver.send("RCPT TO:<someone@example.com>")
                    == "550 5.7.1 <someone@example.com>: Relay access denied\r\n")
        #expect(driver.send("RCPT TO:<nobody@lab.test>")
                    == "550 5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown in lab.test\r\n")
        #expect(driver.send("RCPT TO:<Postmaster>") == "250 2.1.5 Ok\r\n")   // RFC 5321 §4.5.1
    }

    @Test("out of sequence: 503; unknown: 500; unimplemented: 502; bad syntax: 501")
    func sequenceAndSyntax() {
        var driver = SMTPLabServerTests.server()
        #expect(driver.send("MAIL FROM:<a@lab.test>") == "503 5.5.1 Error: send HELO/EHLO first\r\n")
        driver.send("HELO me.example")
        #expect(driver.send("RCPT TO:<bob@lab.test>") == "503 5.5.1 Error: need MAIL command\r\n")
        #expect(driver.send("MAIL FROM:alice@lab.test") == "501 5.5.4 Syntax: MAIL FROM:<address>\r\n")
        driver.send("MAIL FROM:<>")
        #expect(driver.send("DATA") == "503 5.5.1 Error: need RCPT command\r\n")
        #expect(driver.send("RSET") == "250 2.0.0 Ok\r\n")
        #expect(driver.send("EXPN staff") == "502 5.5.1 Error: command not implemented\r\n")
        #expect(driver.send("FOO") == "500 5.5.2 Error: command not recognized\r\n")
        #expect(driver.send("NOOP") == "250 2.0.0 Ok\r\n")
        #expect(driver.send("VRFY bob@lab.test") == "250 2.1.5 <bob@lab.test>\r\n")
        #expect(driver.last("QUIT") == LabResponse(lines: ["221 2.0.0 Bye"], next: .close))
    }

    @Test("SIZE: a declared size over the limit is refused at MAIL with 552 5.3.4 (RFC 1870 §6.1)")
    func declaredSize() {
        var driver = SMTPLabServerTests.server()
        driver.send("EHLO me.example")
        #expect(driver.send("MAIL FROM:<alice@lab.test> SIZE=999999999")
                    == "552 5.3.4 Message size exceeds fixed limit\r\n")
        #expect(driver.send("MAIL FROM:<alice@lab.test> SIZE=100 BODY=8BITMIME") == "250 2.1.0 Ok\r\n")
    }

    @Test("a message over the limit is refused after the final dot with 552 5.3.4, and nothing is stored")
    func actualSize() {
        let store = SingleThreadLabStore()
        var driver = SMTPLabServerTests.server(store: store)
        driver.send("EHLO me.example", "MAIL FROM:<alice@lab.test>", "RCPT TO:<bob@lab.test>", "DATA")
        let line = String(repeating: "x", count: 60_000)
        for _ in 0..<200 {
            driver.send(line)
        }
        #expect(driver.send(".") == "552 5.3.4 Message size exceeds fixed maximum message size\r\n")
        #expect(store.inbox("bob@lab.test")?.messages.isEmpty == true)
    }

    @Test("submission: STARTTLS first (530 5.7.0), then AUTH, then only one's own sender (553 5.7.1)")
    func submission() {
        var driver = SMTPLabServerTests.server(.submission)
        driver.send("EHLO me.example")
        #expect(driver.send("MAIL FROM:<alice@lab.test>") == "530 5.7.0 Must issue a STARTTLS command first\r\n")
        driver.send("STARTTLS")
        driver.machine.tlsStarted()
        driver.send("EHLO me.example")
        #expect(driver.send("MAIL FROM:<alice@lab.test>") == "530 5.7.0 Authentication required\r\n")
        driver.send("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=")
        #expect(driver.send("MAIL FROM:<bob@lab.test>")
                    == "553 5.7.1 <bob@lab.test>: Sender address rejected: not owned by user alice@lab.test\r\n")
        #expect(driver.send("MAIL FROM:<alice@lab.test>") == "250 2.1.0 Ok\r\n")
    }

    @Test("too many refusals close the connection with 421")
    func errorLimit() {
        var driver = SMTPLabServerTests.server()
        for _ in 0..<(SMTPLabServer.errorLimit - 1) {
            #expect(driver.last("BOGUS").next == .proceed)
        }
        let last = driver.last("BOGUS")
        #expect(last.next == .close)
        #expect(last.text.hasSuffix("421 4.7.0 lab.test Error: too many errors\r\n"))
    }
}
