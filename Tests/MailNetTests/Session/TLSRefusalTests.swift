import MailCore
import MailNet
import MailTestSupport
import Testing

@Suite("Certificates refused and STARTTLS injection detected",
       .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct TLSRefusalTests {
    @Test("a certificate from a CA we were not told to trust is refused with its reason")
    func unknownIssuer() throws {
        let recorder = SessionRecorder(.imap, security: .implicitTLS, hostKey: "IMAP_HOST", portKey: "IMAPS_PORT",
                                       caKey: "OTHER_CA_FILE")
        #expect(throws: SessionError.self) { try recorder.session.open() }
        guard case .failed(.certificateRejected(let problem)) = recorder.session.closeReason else {
            Issue.record("expected a certificate refusal, got \(String(describing: recorder.session.closeReason))")
            return
        }
        #expect(problem.kind == .unknownIssuer)
        #expect(!problem.chain.isEmpty)
        #expect(recorder.receivedLines.isEmpty)
    }

    @Test("certificate problems are named", arguments: [
        ("WRONGNAME_CERT", "WRONGNAME_KEY", CertificateProblem.Kind.nameMismatch),
        ("EXPIRED_CERT", "EXPIRED_KEY", .expired),
        ("SELFSIGNED_CERT", "SELFSIGNED_KEY", .selfSigned),
    ])
    func namedProblems(certificate: String, key: String, kind: CertificateProblem.Kind) throws {
        let server = try ScriptedServer(scenario: "tls-only", certificate: certificate, key: key)
        let target = MailTarget(mailProtocol: .smtp, security: .implicitTLS, host: "127.0.0.1", port: server.port)
        let recorder = SessionRecorder(target: target, caFile: TestServers.current?["CA_FILE"])
        #expect(throws: SessionError.self) { try recorder.session.open() }
        guard case .failed(.certificateRejected(let problem)) = recorder.session.closeReason else {
            Issue.record("expected a certificate refusal, got \(String(describing: recorder.session.closeReason))")
            return
        }
        #expect(problem.kind == kind)
    }

    @Test("bytes pipelined after a STARTTLS go-ahead are discarded and reported, never acted on",
          arguments: [("smtp-starttls-injection", MailProtocol.smtp, "250 INJECTED"),
                      ("imap-starttls-injection", .imap, "* OK [ALERT] INJECTED"),
                      ("pop3-starttls-injection", .pop3, "+OK INJECTED")])
    func injection(scenario: String, mailProtocol: MailProtocol, injectedLine: String) throws {
        let server = try ScriptedServer(scenario: scenario, certificate: "SERVER_CERT", key: "SERVER_KEY")
        let target = MailTarget(mailProtocol: mailProtocol, security: .plain, host: "127.0.0.1", port: server.port)
        let recorder = SessionRecorder(target: target, caFile: TestServers.current?["CA_FILE"])
        try recorder.session.open()
        try recorder.session.startTLS(requireAdvertised: true)
        try recorder.session.waitForServer()
        #expect(recorder.session.isTLS)
        let injected = try #require(recorder.injected)
        #expect(String(decoding: injected, as: UTF8.self) == injectedLine + "\r\n")
        #expect(!recorder.receivedLines.contains(injectedLine))
        recorder.session.quit()
    }
}
