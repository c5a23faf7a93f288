import Foundation
import MailTestSupport
import Testing

/// Certificates refused through the binary: after a STARTTLS go-ahead, each with its reason and before any
/// credential leaves; and the name checked apart from the host connected to (`--servername`).
@Suite("Hostile certificates through the binary", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileCertificateScriptTests {
    static let plainCredentials = "AUTH PLAIN AGFsaWNlAHNlY3JldA=="

    @Test("expired, self-signed, wrong name, unknown CA after STARTTLS: exit 4 with the reason, no credential sent",
          .enabled(if: TestServers.isAvailable, "needs ./project.sh test for the test CA's certificates"),
          arguments: [("EXPIRED_CERT", "EXPIRED_KEY", "CA_FILE", "the server's certificate has expired"),
                      ("SELFSIGNED_CERT", "SELFSIGNED_KEY", "CA_FILE", "the certificate is self-signed"),
                      ("WRONGNAME_CERT", "WRONGNAME_KEY", "CA_FILE",
                       "the certificate is not for 127.0.0.1 (it names DNS:wrong.example)"),
                      ("SERVER_CERT", "SERVER_KEY", "OTHER_CA_FILE",
                       "the certificate was issued by a CA this machine does not trust")])
    func refusedAfterStartTLS(certificate: String, key: String, caFile: String, reason: String) throws {
        let servers = try #require(TestServers.current)
        let server = try HostileServer("smtp-starttls", certificate: servers[certificate], key: servers[key])
        let run = try HostileRun(["smtp://127.0.0.1:\(server.port)", "--starttls", "--cafile", servers[caFile]],
                                 input: Self.plainCredentials + "\nQUIT\n")
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains("refused the server's certificate: \(reason)"), "\(run.output)")
        #expect(run.output.contains("Nothing was sent over this connection"))
        #expect(!server.received.contains("AGFsaWNl"), "\(server.received)")
        #expect(!run.output.contains("C: AUTH"))
    }

    @Test("--servername: a *.example.com certificate verifies for a.example.com reached at 127.0.0.1")
    func servernameMatches() throws {
        let certificates = try HostileCertificates.get()
        let server = try HostileServer("imap-tls-only", certificate: certificates.wildcard.certificate,
                                       key: certificates.wildcard.key)
        let run = try HostileRun(["imaps://127.0.0.1:\(server.port)", "--servername", "a.example.com",
                                  "--cafile", certificates.caFile], input: "LOGOUT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("* verified: trusted chain, matches a.example.com"))
    }

    @Test("--servername: a *.example.com certificate is refused for a.b.example.com and for example.com",
          arguments: ["a.b.example.com", "example.com"])
    func servernameRefused(name: String) throws {
        let certificates = try HostileCertificates.get()
        let server = try HostileServer("imap-tls-only", certificate: certificates.wildcard.certificate,
                                       key: certificates.wildcard.key)
        let run = try HostileRun(["imaps://127.0.0.1:\(server.port)", "--servername", name,
                                  "--cafile", certificates.caFile], input: "LOGIN alice secret\nLOGOUT\n")
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains("the certificate is not for \(name) (it names DNS:*.example.com)"))
        #expect(!server.received.contains("secret"))
    }
}
