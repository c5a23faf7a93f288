#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims

/// The server side of TLS for every lab service: one OpenSSL context with the lab's server certificate, TLS 1.2
/// or newer, shared by the connection threads (an SSL_CTX may be used from several threads once set up).
final class LabTLSContext: LabServerTLS, @unchecked Sendable {
    private let context: OpaquePointer
    /// Keeps the certificate and key alive as long as the context.
    private let authority: LabCertificateAuthority

    init(authority: LabCertificateAuthority) throws(LabError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .tls(reason: "cannot create the server TLS context: " + OpenSSLErrorQueue.drain().joined(separator: "; "))
        }
        guard mr_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              SSL_CTX_use_certificate(context, authority.serverCertificate) == 1,
              SSL_CTX_use_PrivateKey(context, authority.serverKey) == 1,
              SSL_CTX_check_private_key(context) == 1 else {
            let reason = OpenSSLErrorQueue.drain().joined(separator: "; ")
            SSL_CTX_free(context)
            throw .tls(reason: "cannot load the lab certificate: " + reason)
        }
        _ = mr_SSL_CTX_set_mode(context, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        self.context = context
        self.authority = authority
    }

    deinit {
        SSL_CTX_free(context)
    }

    func accept(_ socket: LabSocket, timeout: Duration) throws(TransportError) -> any Transport {
        try LabTLSTransport.accept(socket: socket, context: context, timeout: timeout)
    }
}
