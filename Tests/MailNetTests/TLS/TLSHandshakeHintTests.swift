import Testing
@testable import MailNet

@Suite("TLS handshake hints and certificate kinds")
struct TLSHandshakeHintTests {
    @Test("TLS hints recognise OpenSSL's reason texts", arguments: [
        ("error:0A00010B:SSL routines::wrong version number", "plaintext"),
        ("error:0A0000C6:SSL routines::packet length too long", "plaintext"),
        ("error:0A000139:SSL routines::record layer failure", "plaintext"),
        ("error:0A000126:SSL routines::unexpected eof while reading", "closed during the handshake"),
        ("the server reset the connection: Connection reset by peer (ECONNRESET)", "closed during the handshake"),
        ("error:0A00042E:SSL routines::tlsv1 alert protocol version", "older than 1.2"),
        ("error:0A000102:SSL routines::unsupported protocol", "older than 1.2"),
        ("error:0A000458:SSL routines::tlsv1 unrecognized name", "SNI"),
        ("error:0A000410:SSL routines::sslv3 alert handshake failure", "cipher suite"),
    ])
    func hint(reason: String, expected: String) {
        #expect(TLSHandshakeHint.hint(for: reason, serverName: "mail.example")?.contains(expected) == true)
    }

    @Test("TLS hints stay silent about causes they do not know")
    func unknownReason() {
        #expect(TLSHandshakeHint.hint(for: "error:0A000086:SSL routines::certificate verify failed",
                                      serverName: "mail.example") == nil)
    }

    @Test("TLS verify codes map to the kinds a person acts on", arguments: [
        (9, CertificateProblem.Kind.notYetValid), (10, .expired), (18, .selfSigned), (19, .selfSigned),
        (2, .unknownIssuer), (20, .unknownIssuer), (21, .unknownIssuer), (62, .nameMismatch), (64, .nameMismatch),
        (23, .other), (1, .other),
    ])
    func kind(code: Int, expected: CertificateProblem.Kind) {
        #expect(CertificateProblem.Kind(verifyCode: code) == expected)
    }
}
