#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import MailNet

// Verify codes are OpenSSL's X509_V_ERR_* values (openssl-verify(1)): 9 not yet valid, 10 expired,
// 18 self-signed leaf, 20 issuer not in the trust store, 62 host name mismatch, 64 IP address mismatch.

/// TLS against a real peer: `openssl s_server` on loopback, with certificates made by the test run.
@Suite("TLS transport")
struct TLSTransportTests {
    let certificates: TLSTestCertificates

    init() throws {
        certificates = try TLSTestCertificates.get()
    }

    /// Connects to `port` on 127.0.0.1 and runs the handshake.
    static func handshake(
        port: Int, serverName: String, caFile: String?, insecure: Bool = false
    ) throws -> (TLSTransport, TLSSummary) {
        let (socket, _) = try SocketTransport.connect(host: "127.0.0.1", port: port, timeout: .seconds(5))
        return try TLSTransport.handshake(
            over: socket,
            configuration: TLSConfiguration(serverName: serverName, caFile: caFile, insecure: insecure),
            timeout: .seconds(5))
    }

    /// Expects the handshake to be refused for `kind` with OpenSSL's verify `code`, and the chain shown.
    func expectRejection(
        _ identity: TLSTestCertificates.Identity, serverName: String = "localhost", caFile: String?,
        kind: CertificateProblem.Kind, code: Int, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let server = try OpenSSLTestServer(certificate: identity)
        defer { server.stop() }
        do {
            _ = try Self.handshake(port: server.port, serverName: serverName, caFile: caFile)
            Issue.record("the handshake was accepted", sourceLocation: sourceLocation)
        } catch let TransportError.certificateRejected(problem) {
            #expect(problem.kind == kind, sourceLocation: sourceLocation)
            #expect(problem.verifyCode == code, sourceLocation: sourceLocation)
            #expect(!problem.verifyText.isEmpty, sourceLocation: sourceLocation)
            #expect(problem.host == serverName, sourceLocation: sourceLocation)
            #expect(problem.chain.count == 1, sourceLocation: sourceLocation)
            #expect(problem.chain.first?.hasPrefix("CN = ") == true, sourceLocation: sourceLocation)
        }
    }

    @Test("TLS verifies a server certificate issued by the --cafile CA")
    func verified() throws {
        let server = try OpenSSLTestServer(certificate: certificates.server)
        defer { server.stop() }
        let (transport, summary) = try Self.handshake(
            port: server.port, serverName: "localhost", caFile: certificates.caFile)
        defer { transport.close() }
        #expect(summary.verified)
        #expect(summary.verifyCode == 0)
        #expect(summary.verifyText == "ok")
        #expect(summary.protocolVersion == "TLSv1.3")
        #expect(!summary.cipher.isEmpty && summary.cipher != "unknown")
        #expect(summary.subject == "CN = localhost")
        #expect(summary.issuer == "CN = mailrepl test CA")
        #expect(summary.subjectAlternativeNames == ["DNS:localhost", "IP:127.0.0.1"])
        #expect(summary.notBefore.hasSuffix(" UTC") && summary.notAfter.hasSuffix(" UTC"))
        #expect(summary.chain.count == 1)
        #expect(summary.problem == nil)
        #expect(summary.lines.contains("verified: trusted chain, matches localhost"))
        #expect(!summary.lines.contains { $0.contains("NOT VERIFIED") })
    }

    @Test("TLS checks an IP literal against the certificate's IP addresses")
    func verifiedAddress() throws {
        let server = try OpenSSLTestServer(certificate: certificates.server)
        defer { server.stop() }
        let (transport, summary) = try Self.handshake(
            port: server.port, serverName: "127.0.0.1", caFile: certificates.caFile)
        defer { transport.close() }
        #expect(summary.verified)
    }

    /// s_server answers with the second certificate only to clients that send SNI "localhost", so this
    /// tells whether SNI went out: for a name yes, for an IP literal no (RFC 6066 §3).
    @Test("TLS sends SNI for host names only")
    func serverNameIndication() throws {
        let server = try OpenSSLTestServer(
            certificate: certificates.wrongName,
            extraArguments: ["-servername", "localhost",
                             "-cert2", certificates.server.certificate, "-key2", certificates.server.key])
        defer { server.stop() }
        let (named, summary) = try Self.handshake(
            port: server.port, serverName: "localhost", caFile: certificates.caFile)
        named.close()
        #expect(summary.subject == "CN = localhost")

        do {
            _ = try Self.handshake(port: server.port, serverName: "127.0.0.1", caFile: certificates.caFile)
            Issue.record("the default certificate does not name 127.0.0.1 and must be refused")
        } catch let TransportError.certificateRejected(problem) {
            #expect(problem.kind == .nameMismatch)
            #expect(problem.verifyCode == 64)
            #expect(problem.subjectAlternativeNames == ["DNS:other.example"])
        }
    }

    @Test("TLS refuses an unknown issuer when only the system trust store is used")
    func unknownIssuer() throws {
        try expectRejection(
            certificates.server, caFile: nil, kind: .unknownIssuer,
            code: 20)
    }

    @Test("TLS refuses a certificate for another name")
    func nameMismatch() throws {
        try expectRejection(
            certificates.wrongName, caFile: certificates.caFile, kind: .nameMismatch,
            code: 62)
    }

    @Test("TLS refuses an expired certificate")
    func expired() throws {
        try expectRejection(
            certificates.expired, caFile: certificates.caFile, kind: .expired, code: 10)
    }

    @Test("TLS refuses a certificate that is not valid yet")
    func notYetValid() throws {
        try expectRejection(
            certificates.notYetValid, caFile: certificates.caFile, kind: .notYetValid,
            code: 9)
    }

    @Test("TLS refuses a self-signed certificate")
    func selfSigned() throws {
        try expectRejection(
            certificates.selfSigned, caFile: certificates.caFile, kind: .selfSigned,
            code: 18)
    }

    @Test("TLS with --insecure goes on, records the failure, and carries data")
    func insecure() throws {
        let server = try OpenSSLTestServer(certificate: certificates.selfSigned)
        defer { server.stop() }
        let (transport, summary) = try Self.handshake(
            port: server.port, serverName: "localhost", caFile: nil, insecure: true)
        defer { transport.close() }
        #expect(!summary.verified)
        #expect(summary.verifyCode == 18)
        #expect(summary.problem?.kind == .selfSigned)
        #expect(summary.lines.contains { $0.hasPrefix("NOT VERIFIED: ") && $0.contains("--insecure") })
        #expect(summary.lines.contains { $0.hasPrefix("  0: CN = localhost; issuer CN = localhost") })

        try transport.write(Array("NOOP\n".utf8), timeout: .seconds(5))
        #expect(try SocketTransportTests.read(transport, count: 5) == Array("POON\n".utf8))
    }

    @Test("TLS carries data both ways, buffers what was not read, and ends on close_notify")
    func roundTrip() throws {
        let server = try OpenSSLTestServer(certificate: certificates.server)
        defer { server.stop() }
        let (transport, _) = try Self.handshake(port: server.port, serverName: "localhost", caFile: certificates.caFile)
        defer { transport.close() }
        #expect(try transport.read(maximum: 100) == .wouldBlock)

        try transport.write(Array("a1 CAPABILITY\n".utf8), timeout: .seconds(5))
        #expect(try SocketTransportTests.read(transport, count: 2) == Array("YT".utf8))
        // The rest of the record is decrypted and held by OpenSSL, where poll(2) cannot see it.
        #expect(transport.hasBufferedBytes)
        #expect(try SocketTransportTests.read(transport, count: 12) == Array("ILIBAPAC 1a\n".utf8))
        #expect(!transport.hasBufferedBytes)

        try transport.write(Array("CLOSE\n".utf8), timeout: .seconds(5))
        #expect(try SocketTransportTests.readUntilEnd(transport) == .endOfStream)
        transport.close()
        transport.close()
        #expect(transport.fileDescriptor == -1)
        #expect(throws: TransportError.self) { _ = try transport.read(maximum: 10) }
    }

    @Test("TLS to a plaintext server explains that the port does not speak implicit TLS")
    func plaintextServer() throws {
        let listener = try LoopbackListener()
        let (socket, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let server = try listener.accept()
        defer { server.close() }
        server.send("220 mail.example ESMTP ready\r\n")
        do {
            _ = try TLSTransport.handshake(
                over: socket, configuration: TLSConfiguration(serverName: "localhost"), timeout: .seconds(5))
            Issue.record("the handshake succeeded against a plaintext server")
        } catch let TransportError.tlsHandshake(reason, hint) {
            #expect(reason.contains("wrong version number") || reason.contains("packet length too long"))
            #expect(hint?.contains("plaintext") == true)
            #expect(hint?.contains("STARTTLS") == true)
        }
        #expect(socket.fileDescriptor == -1)
    }

    @Test("TLS to a server that hangs up during the handshake says so")
    func closedDuringHandshake() throws {
        let listener = try LoopbackListener()
        let (socket, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let server = try listener.accept()
        server.close()
        do {
            _ = try TLSTransport.handshake(
                over: socket, configuration: TLSConfiguration(serverName: "localhost"), timeout: .seconds(5))
            Issue.record("the handshake succeeded with nobody there")
        } catch let TransportError.tlsHandshake(_, hint) {
            #expect(hint?.contains("closed during the handshake") == true)
        }
    }

    @Test("TLS gives up on a server that never answers the hello")
    func handshakeTimeout() throws {
        let listener = try LoopbackListener()
        let (socket, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        let server = try listener.accept()
        defer { server.close() }
        let start = ContinuousClock.now
        #expect {
            _ = try TLSTransport.handshake(
                over: socket, configuration: TLSConfiguration(serverName: "localhost"), timeout: .milliseconds(300))
        } throws: { error in
            guard case .tlsHandshake(let reason, _) = error as? TransportError else { return false }
            return reason.contains("no TLS handshake within")
        }
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test("TLS refuses a server that offers only TLS 1.1")
    func oldProtocol() throws {
        let server = try OpenSSLTestServer(
            certificate: certificates.server, extraArguments: ["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"])
        defer { server.stop() }
        do {
            _ = try Self.handshake(port: server.port, serverName: "localhost", caFile: certificates.caFile)
            Issue.record("a TLS 1.1 handshake was accepted")
        } catch let TransportError.tlsHandshake(reason, hint) {
            #expect(hint?.contains("older than 1.2") == true, "reason: \(reason)")
        }
    }

    @Test("TLS reports an unreadable --cafile before connecting anything")
    func missingCAFile() throws {
        let listener = try LoopbackListener()
        let (socket, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        #expect {
            _ = try TLSTransport.handshake(
                over: socket,
                configuration: TLSConfiguration(serverName: "localhost", caFile: "/nonexistent/ca.pem"),
                timeout: .seconds(1))
        } throws: { error in
            guard case .tls(let operation, _) = error as? TransportError else { return false }
            return operation.contains("/nonexistent/ca.pem")
        }
        #expect(socket.fileDescriptor == -1)
    }

    @Test("TLS reports a server that vanishes without close_notify as the end of the stream")
    func endWithoutCloseNotify() throws {
        let server = try OpenSSLTestServer(certificate: certificates.server)
        let (transport, _) = try Self.handshake(port: server.port, serverName: "localhost", caFile: certificates.caFile)
        defer { transport.close() }
        // One exchange first, so the server has read everything: a process killed with unread input resets
        // the connection instead of closing it.
        try transport.write(Array("ok\n".utf8), timeout: .seconds(5))
        #expect(try SocketTransportTests.read(transport, count: 3) == Array("ko\n".utf8))
        server.stop()
        #expect(try SocketTransportTests.readUntilEnd(transport) == .endOfStream)
        #expect(transport.endedWithoutCloseNotify)
    }
}
