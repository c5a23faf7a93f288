#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims

/// TLS on an accepted connection: the server's counterpart of `TLSTransport`, on the same socket, with the same
/// non-blocking reads and SIGPIPE-free writes (`SocketBIO`).
public final class TLSServerTransport: Transport {
    private let socket: AcceptedSocket
    private let connection: OpaquePointer
    private let socketBIO: SocketBIO
    /// Kept alive as long as the connection made from it.
    private let context: TLSServerContext
    private var failed = false
    private var closed = false

    public var fileDescriptor: Int32 { socket.fileDescriptor }
    public var hasBufferedBytes: Bool { !closed && SSL_pending(connection) > 0 }

    /// The version and cipher agreed, e.g. "TLSv1.3", "TLS_AES_256_GCM_SHA384".
    public var protocolVersion: String { SSL_get_version(connection).map { String(cString: $0) } ?? "unknown" }
    public var cipher: String {
        SSL_get_current_cipher(connection).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } ?? "unknown"
    }

    private init(socket: AcceptedSocket, connection: OpaquePointer, socketBIO: SocketBIO, context: TLSServerContext) {
        self.socket = socket
        self.connection = connection
        self.socketBIO = socketBIO
        self.context = context
    }

    deinit {
        close()
        SSL_free(connection)
    }

    static func accept(socket: AcceptedSocket, context: TLSServerContext,
                       timeout: Duration) throws(TransportError) -> TLSServerTransport {
        OpenSSLErrorQueue.clear()
        guard let connection = SSL_new(context.context) else {
            throw .tls(operation: "accept TLS", reason: OpenSSLErrorQueue.drain().joined(separator: "; "))
        }
        guard let socketBIO = SocketBIO(), let bio = socketBIO.makeBIO(fileDescriptor: socket.fileDescriptor) else {
            SSL_free(connection)
            throw .tls(operation: "accept TLS", reason: "cannot attach TLS to the socket")
        }
        SSL_set_bio(connection, bio, bio)
        SSL_set_accept_state(connection)
        let transport = TLSServerTransport(socket: socket, connection: connection, socketBIO: socketBIO,
                                           context: context)
        let deadline = ContinuousClock.now + timeout
        while true {
            OpenSSLErrorQueue.clear()
            let result = SSL_accept(connection)
            if result == 1 {
                return transport
            }
            let status = SSL_get_error(connection, result)
            let events: Int16
            switch status {
            case SSL_ERROR_WANT_READ: events = SocketReadiness.readable
            case SSL_ERROR_WANT_WRITE: events = SocketReadiness.writable
            default:
                transport.failed = true
                transport.close()
                let queued = OpenSSLErrorQueue.drain()
                throw .tlsHandshake(reason: queued.isEmpty ? "the client ended the handshake"
                                        : queued.joined(separator: "; "),
                                    hint: "a client that does not trust the certificate ends the handshake; "
                                        + "give it the CA file mailrepl printed")
            }
            guard try SocketReadiness.wait(socket.fileDescriptor, for: events, until: deadline) else {
                transport.failed = true
                transport.close()
                throw .tlsHandshake(reason: "no TLS handshake from the client within "
                                        + "\(SocketReadiness.seconds(timeout)) s", hint: nil)
            }
        }
    }

    public func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard !closed else { return .endOfStream }
        OpenSSLErrorQueue.clear()
        var buffer = [UInt8](repeating: 0, count: min(max(1, maximum), Int(Int32.max)))
        let (count, status) = buffer.withUnsafeMutableBytes { raw in
            let count = SSL_read(connection, raw.baseAddress, Int32(raw.count))
            return (count, count > 0 ? SSL_ERROR_NONE : SSL_get_error(connection, count))
        }
        if count > 0 {
            return .bytes(Array(buffer.prefix(Int(count))))
        }
        switch status {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .endOfStream
        case SSL_ERROR_SYSCALL where OpenSSLErrorQueue.drain().isEmpty:
            // The client closed the TCP connection without close_notify, as many mail clients do.
            failed = true
            return .endOfStream
        case SSL_ERROR_SSL where OpenSSLErrorQueue.oldestIsUnexpectedEOF():
            OpenSSLErrorQueue.clear()
            failed = true
            return .endOfStream
        default:
            failed = true
            throw .tls(operation: "read", reason: OpenSSLErrorQueue.drain().joined(separator: "; "))
        }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        guard !closed else { throw .tls(operation: "write", reason: "the connection is already closed") }
        try SSLSession.write(bytes, on: connection, fileDescriptor: fileDescriptor, timeout: timeout) { _, _ in
            failed = true
            let queued = OpenSSLErrorQueue.drain()
            return .tls(operation: "write", reason: queued.isEmpty ? "the client closed the connection"
                                                                  : queued.joined(separator: "; "))
        }
    }

    /// Sends close_notify once if the session is healthy, then closes the socket.
    public func close() {
        guard !closed else { return }
        closed = true
        SSLSession.shutdown(connection, healthy: !failed)
        socket.close()
    }
}
