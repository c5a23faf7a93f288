import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

/// RFC 6125 name rules, checked by OpenSSL (X509_check_host through SSL_set1_host) against a certificate for
/// `*.example.com`, the name to verify given apart from the host connected to (`Session.Options.tlsServerName`).
@Suite("Hostile servers: certificate names", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileCertificateTests {
    @Test("*.example.com matches one whole left-most label, in any case, with or without a final dot",
          arguments: ["a.example.com", "mail.example.com", "A.EXAMPLE.com", "a.example.com."])
    func wildcardMatches(name: String) throws {
        let certificates = try HostileCertificates.get()
        let connection = try HostileConnection("imap-tls-only", .imap, security: .implicitTLS,
                                               identity: certificates.wildcard, tlsServerName: name)
        try connection.session.open()
        #expect(connection.session.tlsSummary?.verified == true)
        connection.session.quit()
    }

    @Test("*.example.com does not match the bare domain, two labels, or a name that only ends the same way",
          arguments: ["example.com", "a.b.example.com", "aexample.com", "a.example.com.evil"])
    func wildcardRefuses(name: String) throws {
        let certificates = try HostileCertificates.get()
        let connection = try HostileConnection("imap-tls-only", .imap, security: .implicitTLS,
                                               identity: certificates.wildcard, tlsServerName: name)
        #expect(throws: SessionError.self) { try connection.session.open() }
        guard case .failed(.certificateRejected(let problem)) = connection.session.closeReason else {
            Issue.record("expected a refusal, got \(String(describing: connection.session.closeReason))")
            return
        }
        #expect(problem.kind == .nameMismatch)
        #expect(problem.host == name)
        #expect(problem.subjectAlternativeNames == ["DNS:*.example.com"])
        #expect(connection.recorder.receivedLines.isEmpty)
    }

    @Test("a partial-label wildcard (f*.example.com) is not accepted (RFC 6125 §6.4.3 leaves it optional)")
    func partialWildcard() throws {
        let certificates = try HostileCertificates.get()
        let connection = try HostileConnection("imap-tls-only", .imap, security: .implicitTLS,
                                               identity: certificates.partialWildcard,
                                               tlsServerName: "foo.example.com")
        #expect(throws: SessionError.self) { try connection.session.open() }
        guard case .failed(.certificateRejected(let problem)) = connection.session.closeReason else {
            Issue.record("expected a refusal, got \(String(describing: connection.session.closeReason))")
            return
        }
        #expect(problem.kind == .nameMismatch)
    }

    @Test("without a separate name, the host connected to is what the certificate must match")
    func hostIsTheDefaultName() throws {
        let certificates = try HostileCertificates.get()
        let connection = try HostileConnection("imap-tls-only", .imap, security: .implicitTLS,
                                               identity: certificates.wildcard)
        #expect(throws: SessionError.self) { try connection.session.open() }
        guard case .failed(.certificateRejected(let problem)) = connection.session.closeReason else {
            Issue.record("expected a refusal, got \(String(describing: connection.session.closeReason))")
            return
        }
        #expect(problem.host == "127.0.0.1")
        #expect(problem.kind == .nameMismatch)
    }
}
