import COpenSSL
import CShims

/// The server side of TLS: one OpenSSL context holding a certificate and its key, TLS 1.2 or newer
/// (RFC 8996 retires 1.0 and 1.1), from which each accepted connection starts its handshake.
public final class TLSServerContext: @unchecked Sendable {
    let context: OpaquePointer
    /// Keeps the certificate and key alive as long as the context uses them.
    public let certificate: GeneratedCertificate

    public init(certificate: GeneratedCertificate) throws(ServerTLSError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .openSSL(step: "make the server TLS context",
                           reason: OpenSSLErrorQueue.drain().joined(separator: "; "))
        }
        guard mr_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              SSL_CTX_use_certificate(context, certificate.certificate) == 1,
              SSL_CTX_use_PrivateKey(context, certificate.privateKey) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            let reason = OpenSSLErrorQueue.drain().joined(separator: "; ")
            SSL_CTX_free(context)
            throw .openSSL(step: "load the server certificate", reason: reason)
        }
        _ = mr_SSL_CTX_set_mode(context, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        self.context = context
        self.certificate = certificate
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// Runs the server's side of the handshake on `socket`, which the returned transport then owns.
    public func accept(_ socket: AcceptedSocket, timeout: Duration) throws(TransportError) -> TLSServerTransport {
        try TLSServerTransport.accept(socket: socket, context: self, timeout: timeout)
    }
}
