#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims

/// TLS over an already connected `SocketTransport`, on the same file descriptor: implicit TLS right after
/// connect (smtps, imaps, pop3s) or after a STARTTLS go-ahead (RFC 3207, RFC 3501 §6.2.1, RFC 2595 §4).
///
/// The certificate is checked before `handshake` returns, and nothing of the application is written before
/// that: a rejected server never receives a byte of the session.
public final class TLSTransport: Transport {
    private let socket: SocketTransport
    private let context: OpaquePointer
    private let connection: OpaquePointer
    private let socketBIO: SocketBIO
    /// Set after a fatal TLS error; OpenSSL forbids SSL_shutdown then.
    private var failed = false
    private var closed = false
    /// The last read filled the caller's buffer with records still waiting inside OpenSSL.
    private var stoppedWithBytesLeft = false
    /// What ended the last read after it had already got bytes (end of stream, an error): the next read reports it.
    private var deferredOutcome: Result<ReadResult, TransportError>?

    /// True once the server closed the TCP connection without a TLS close_notify alert first. Mail servers
    /// commonly do that after QUIT/LOGOUT; the read reports `.endOfStream` and this records the difference.
    public private(set) var endedWithoutCloseNotify = false

    public var fileDescriptor: Int32 { socket.fileDescriptor }

    /// Bytes OpenSSL holds from records already read off the socket (or an ending still to report), which poll(2)
    /// cannot see.
    public var hasBufferedBytes: Bool {
        !closed && (stoppedWithBytesLeft || deferredOutcome != nil || SSL_pending(connection) > 0)
    }

    private init(socket: SocketTransport, context: OpaquePointer, connection: OpaquePointer, socketBIO: SocketBIO) {
        self.socket = socket
        self.context = context
        self.connection = connection
        self.socketBIO = socketBIO
    }

    deinit {
        close()
        SSL_free(connection)
        SSL_CTX_free(context)
    }

    /// Runs the TLS handshake over `socket`, which this transport owns from then on, and checks the
    /// server's certificate against `configuration`.
    ///
    /// On any failure the connection is closed: the socket is in an unknown TLS state and cannot go back to
    /// plaintext. A certificate that does not verify is refused after a close_notify, unless
    /// `configuration.insecure`, in which case the summary records the failure.
    public static func handshake(
        over socket: SocketTransport, configuration: TLSConfiguration, timeout: Duration
    ) throws(TransportError) -> (TLSTransport, TLSSummary) {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let transport: TLSTransport
        do {
            transport = try prepare(socket: socket, configuration: configuration)
        } catch {
            socket.close()
            throw error
        }
        do {
            try transport.runHandshake(until: deadline, timeout: timeout, serverName: configuration.serverName)
        } catch {
            transport.failed = true
            transport.close()
            throw error
        }
        let summary = transport.summarize(serverName: configuration.serverName)
        if let problem = summary.problem, !configuration.insecure {
            // The handshake is complete, so close_notify is a clean goodbye (RFC 8446 §6.1); no
            // application data has been or will be sent.
            transport.close()
            throw .certificateRejected(problem)
        }
        return (transport, summary)
    }

    /// Reads every record that is ready, up to `maximum` bytes. With read-ahead one recv(2) takes many records, so
    /// a large body costs one call here per socket read rather than one per record (servers often send 4 KiB ones).
    public func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard !closed else {
            throw .tls(operation: "read", reason: "the connection is already closed")
        }
        if let outcome = deferredOutcome {
            deferredOutcome = nil
            return try outcome.get()
        }
        var stoppedShort = false
        var ended: ReadResult?
        var failure: TransportError?
        let bytes = [UInt8](unsafeUninitializedCapacity: min(max(1, maximum), Int(Int32.max))) { raw, initialized in
            initialized = 0
            while initialized < raw.count {
                OpenSSLErrorQueue.clear()
                let count = SSL_read(connection, raw.baseAddress.map { $0 + initialized },
                                     Int32(raw.count - initialized))
                if count > 0 {
                    initialized += Int(count)
                    continue
                }
                let status = SSL_get_error(connection, count)
                let code = errno
                stoppedShort = true
                // The reason must be read now, while OpenSSL's error queue still holds it.
                do throws(TransportError) {
                    ended = try outcome(status: status, code: code)
                } catch {
                    failure = error
                }
                break
            }
        }
        stoppedWithBytesLeft = !stoppedShort && SSL_has_pending(connection) == 1
        if bytes.isEmpty {
            if let failure { throw failure }
            return ended ?? .wouldBlock
        }
        if let failure {
            deferredOutcome = .failure(failure)
        } else if let ended, ended != .wouldBlock {
            deferredOutcome = .success(ended)
        }
        return .bytes(bytes)
    }

    /// What a read that got no bytes means: more to wait for, the end of the stream, or a failure.
    private func outcome(status: Int32, code: Int32) throws(TransportError) -> ReadResult {
        switch status {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            // A record is incomplete, or a post-handshake message (a TLS 1.3 session ticket) was consumed.
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .endOfStream
        case SSL_ERROR_SSL where OpenSSLErrorQueue.oldestIsUnexpectedEOF():
            OpenSSLErrorQueue.clear()
            failed = true
            endedWithoutCloseNotify = true
            return .endOfStream
        case SSL_ERROR_SYSCALL:
            failed = true
            let queued = OpenSSLErrorQueue.drain()
            if code == 0 && queued.isEmpty {
                endedWithoutCloseNotify = true
                return .endOfStream
            }
            throw .socket(operation: "read", reason: queued.isEmpty
                ? SocketTransport.failureText(code) : queued.joined(separator: "; "))
        default:
            failed = true
            throw .tls(operation: "read", reason: Self.describe(OpenSSLErrorQueue.drain(), status: status))
        }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        guard !closed else {
            throw .tls(operation: "write", reason: "the connection is already closed")
        }
        try SSLSession.write(bytes, on: connection, fileDescriptor: fileDescriptor, timeout: timeout) { status, code in
            switch status {
            case SSL_ERROR_ZERO_RETURN:
                return .tls(operation: "write", reason: "the server has closed the TLS session (close_notify)")
            case SSL_ERROR_SYSCALL:
                failed = true
                let queued = OpenSSLErrorQueue.drain()
                return .socket(operation: "write", reason: queued.isEmpty
                    ? SocketTransport.failureText(code) : queued.joined(separator: "; "))
            default:
                failed = true
                return .tls(operation: "write", reason: Self.describe(OpenSSLErrorQueue.drain(), status: status))
            }
        }
    }

    /// Sends close_notify once if the session is healthy (without waiting for the server's), then closes
    /// the socket.
    public func close() {
        guard !closed else { return }
        closed = true
        SSLSession.shutdown(connection, healthy: !failed)
        socket.close()
    }

    // MARK: - Handshake

    private static func prepare(
        socket: SocketTransport, configuration: TLSConfiguration
    ) throws(TransportError) -> TLSTransport {
        OpenSSLErrorQueue.clear()
        // A trailing dot is legal in DNS but not in SNI (RFC 6066 §3) nor in certificate names.
        var serverName = configuration.serverName
        if serverName.hasSuffix(".") {
            serverName.removeLast()
        }
        guard !serverName.isEmpty else {
            throw .tls(operation: "configure TLS", reason: "no server name to check the certificate against")
        }
        guard socket.fileDescriptor >= 0 else {
            throw .tls(operation: "configure TLS", reason: "the connection is already closed")
        }
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw configurationError("create the TLS context")
        }
        var contextOwned = false
        defer {
            if !contextOwned {
                SSL_CTX_free(context)
            }
        }
        guard mr_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw configurationError("require TLS 1.2 or newer")
        }
        _ = mr_SSL_CTX_set_mode(context, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        if let caFile = configuration.caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                throw configurationError("load the CA file \(caFile)")
            }
        } else if SSL_CTX_set_default_verify_paths(context) != 1 {
            throw configurationError("load the system trust store")
        }
        // Verification runs during the handshake either way; SSL_VERIFY_NONE keeps the handshake going on a
        // failure so that the chain can be read and shown, and the decision is taken in `handshake` before
        // anything is sent.
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)

        guard let connection = SSL_new(context) else {
            throw configurationError("create the TLS connection")
        }
        guard let socketBIO = SocketBIO(), let bio = socketBIO.makeBIO(fileDescriptor: socket.fileDescriptor) else {
            SSL_free(connection)
            throw configurationError("attach TLS to the socket")
        }
        SSL_set_bio(connection, bio, bio)
        // Read as many records as the socket holds in one recv(2), instead of a header and then a body per record.
        SSL_set_read_ahead(connection, 1)
        SSL_set_default_read_buffer_len(connection, 65_536)
        contextOwned = true
        let transport = TLSTransport(
            socket: socket, context: context, connection: connection, socketBIO: socketBIO)

        if ResolvedAddress.isIPLiteral(serverName) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(connection), serverName) == 1 else {
                transport.failed = true
                throw configurationError("check the certificate against address \(serverName)")
            }
        } else {
            SSL_set_hostflags(connection, UInt32(X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS))
            guard mr_SSL_set_tlsext_host_name(connection, serverName) == 1,
                  SSL_set1_host(connection, serverName) == 1 else {
                transport.failed = true
                throw configurationError("check the certificate against name \(serverName)")
            }
        }
        SSL_set_connect_state(connection)
        return transport
    }

    private func runHandshake(
        until deadline: ContinuousClock.Instant, timeout: Duration, serverName: String
    ) throws(TransportError) {
        while true {
            OpenSSLErrorQueue.clear()
            let result = SSL_connect(connection)
            if result == 1 {
                return
            }
            let status = SSL_get_error(connection, result)
            let code = errno
            let events: Int16
            switch status {
            case SSL_ERROR_WANT_READ:
                events = SocketReadiness.readable
            case SSL_ERROR_WANT_WRITE:
                events = SocketReadiness.writable
            default:
                let reason = Self.handshakeReason(status: status, errno: code)
                throw .tlsHandshake(reason: reason, hint: TLSHandshakeHint.hint(for: reason, serverName: serverName))
            }
            guard try SocketReadiness.wait(fileDescriptor, for: events, until: deadline) else {
                let seconds = SocketReadiness.seconds(timeout)
                throw .tlsHandshake(
                    reason: "no TLS handshake within \(seconds) s",
                    hint: "the server did not answer the TLS hello; it may be waiting for something else, "
                        + "or be too slow")
            }
        }
    }

    private static func handshakeReason(status: Int32, errno code: Int32) -> String {
        let queued = OpenSSLErrorQueue.drain()
        if !queued.isEmpty {
            return queued.joined(separator: "; ")
        }
        if status == SSL_ERROR_SYSCALL {
            // OpenSSL 1.1 reports a TCP close during the handshake as SYSCALL with errno 0.
            return code == 0 ? "unexpected EOF: the connection closed" : SocketTransport.failureText(code)
        }
        return describe([], status: status)
    }

    private static func describe(_ queued: [String], status: Int32) -> String {
        queued.isEmpty ? "TLS failure (SSL_get_error \(status))" : queued.joined(separator: "; ")
    }

    private static func configurationError(_ operation: String) -> TransportError {
        let queued = OpenSSLErrorQueue.drain()
        return .tls(operation: operation, reason: queued.isEmpty ? "OpenSSL failed" : queued.joined(separator: "; "))
    }

    // MARK: - What was agreed

    private func summarize(serverName: String) -> TLSSummary {
        let version = SSL_get_version(connection).map { String(cString: $0) } ?? "unknown"
        let cipher = SSL_get_current_cipher(connection).flatMap { SSL_CIPHER_get_name($0) }
            .map { String(cString: $0) } ?? "unknown"
        var chain: [String] = []
        if let stack = SSL_get_peer_cert_chain(connection) {
            for depth in 0..<mr_sk_X509_num(stack) {
                if let certificate = mr_sk_X509_value(stack, depth) {
                    chain.append(PeerCertificate(certificate).chainLine)
                }
            }
        }
        guard let leafPointer = SSL_get1_peer_certificate(connection) else {
            // Without a certificate SSL_get_verify_result still says X509_V_OK; that must not pass as verified.
            return TLSSummary(
                protocolVersion: version, cipher: cipher, subject: "(none)", issuer: "(none)",
                notBefore: "(none)", notAfter: "(none)", subjectAlternativeNames: [], verified: false,
                verifyCode: Int(X509_V_ERR_UNSPECIFIED), verifyText: "the server sent no certificate",
                chain: chain, serverName: serverName)
        }
        defer { X509_free(leafPointer) }
        let leaf = PeerCertificate(leafPointer)
        let verifyCode = SSL_get_verify_result(connection)
        let verifyText = X509_verify_cert_error_string(verifyCode).map { String(cString: $0) } ?? "unknown error"
        return TLSSummary(
            protocolVersion: version, cipher: cipher, subject: leaf.subject, issuer: leaf.issuer,
            notBefore: leaf.notBefore, notAfter: leaf.notAfter,
            subjectAlternativeNames: leaf.subjectAlternativeNames,
            verified: verifyCode == Int(X509_V_OK), verifyCode: verifyCode, verifyText: verifyText,
            chain: chain, serverName: serverName)
    }
}
