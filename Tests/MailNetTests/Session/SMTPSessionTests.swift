import MailCore
import MailNet
import MailTestSupport
import Testing

@Suite("SMTP sessions against real Postfix", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct SMTPSessionTests {
    @Test("port-25 style: plaintext greeting, STARTTLS offered, upgrade, EHLO again, mail accepted, QUIT")
    func mxWithStartTLS() throws {
        let recorder = SessionRecorder(.smtp, hostKey: "SMTP_HOST", portKey: "SMTP_MX_PORT")
        try recorder.session.open()
        #expect(recorder.receivedLines.first?.hasPrefix("220 ") == true)
        try recorder.send("EHLO client.example.test")
        #expect(recorder.session.dialect.capabilities.contains("STARTTLS"))
        #expect(!recorder.session.dialect.capabilities.contains { $0.hasPrefix("AUTH") })

        try recorder.session.startTLS(requireAdvertised: true)
        try recorder.session.waitForServer()
        let summary = try #require(recorder.session.tlsSummary)
        #expect(summary.verified)
        #expect(summary.protocolVersion.hasPrefix("TLSv1.")
                && summary.protocolVersion != "TLSv1" && summary.protocolVersion != "TLSv1.1")
        // After TLS the client asked again, with the same EHLO it used before (RFC 3207 §4.2).
        #expect(recorder.sentLines.filter { $0 == "EHLO client.example.test" }.count == 2)
        #expect(!recorder.session.dialect.capabilities.contains("STARTTLS"))

        let servers = try #require(TestServers.current)
        #expect(try recorder.send("MAIL FROM:<sender@example.org>").last?.hasPrefix("250") == true)
        #expect(try recorder.send("RCPT TO:<\(servers["BOB_USER"])>").last?.hasPrefix("250") == true)
        #expect(try recorder.send("DATA").last?.hasPrefix("354") == true)
        #expect(recorder.session.dialect.inputMode == .messageBody)
        try recorder.session.enter(Array("Subject: dots".utf8))
        try recorder.session.enter([])
        try recorder.session.enter(Array(".leading dot".utf8))
        #expect(recorder.sentLines.last == "..leading dot")
        #expect(try recorder.send(".").last?.hasPrefix("250 2.0.0 Ok: queued") == true)
        try recorder.send("QUIT")
        #expect(!recorder.session.isConnected)
        #expect(recorder.session.closeReason == .byServerAsAnnounced)
    }

    @Test("relaying to another domain is refused without authentication")
    func relayDenied() throws {
        let recorder = SessionRecorder(.smtp, hostKey: "SMTP_HOST", portKey: "SMTP_MX_PORT")
        try recorder.session.open()
        try recorder.send("EHLO client.example.test")
        try recorder.send("MAIL FROM:<someone@example.org>")
        let reply = try recorder.send("RCPT TO:<victim@elsewhere.example>")
        #expect(reply.last?.hasPrefix("554 5.7.1") == true)
        #expect(reply.last?.contains("Relay access denied") == true)
        #expect(recorder.lastReception?.kind == .permanentFailure)
        recorder.session.quit()
    }

    @Test("submission refuses mail before STARTTLS; after --starttls it offers AUTH")
    func submissionRequiresStartTLS() throws {
        let recorder = SessionRecorder(.smtp, hostKey: "SMTP_HOST", portKey: "SMTP_SUBMISSION_PORT")
        try recorder.session.open()
        try recorder.send("EHLO client.example.test")
        #expect(!recorder.session.dialect.capabilities.contains { $0.hasPrefix("AUTH") })
        let refusal = try recorder.send("MAIL FROM:<alice@example.test>")
        #expect(refusal.last?.hasPrefix("530 5.7.0 Must issue a STARTTLS command first") == true)
        try recorder.session.startTLS(requireAdvertised: true)
        try recorder.session.waitForServer()
        #expect(recorder.session.dialect.capabilities.contains { $0.hasPrefix("AUTH") })
        recorder.session.quit()
    }

    @Test("implicit TLS submission: handshake first, then the greeting")
    func smtps() throws {
        let recorder = SessionRecorder(.smtp, security: .implicitTLS, hostKey: "SMTP_HOST", portKey: "SMTP_SMTPS_PORT")
        try recorder.session.open()
        #expect(recorder.session.tlsSummary?.verified == true)
        #expect(recorder.receivedLines.first?.hasPrefix("220 ") == true)
        try recorder.send("EHLO client.example.test")
        #expect(recorder.session.dialect.capabilities.contains { $0.hasPrefix("AUTH") })
        try recorder.send("QUIT")
        #expect(recorder.session.closeReason == .byServerAsAnnounced)
    }

    @Test("implicit TLS to a plaintext port fails fast with a hint, not a time-out")
    func implicitTLSOnPlaintextPort() throws {
        let recorder = SessionRecorder(.smtp, security: .implicitTLS, hostKey: "SMTP_HOST", portKey: "SMTP_MX_PORT")
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: SessionError.self) { try recorder.session.open() }
        #expect(clock.now - start < .seconds(10))
        guard case .failed(.tlsHandshake(_, let hint)) = recorder.session.closeReason else {
            Issue.record("expected a TLS handshake failure, got \(String(describing: recorder.session.closeReason))")
            return
        }
        #expect(hint?.contains("plaintext") == true)
    }
}
