#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims

/// TLS on an accepted lab connection, the server's side of what `TLSTransport` is for the client: same socket,
/// same non-blocking reads, writes through the SIGPIPE-free `SocketBIO`.
final class LabTLSTransport: Transport {
    private let socket: LabSocket
    private let connection: OpaquePointer
    private let socketBIO: SocketBIO
    private var failed = false
    private var closed = false

    var fileDescriptor: Int32 { socket.fileDescriptor }
    var hasBufferedBytes: Bool { !closed && SSL_pending(connection) > 0 }

    private init(socket: LabSocket, connection: OpaquePointer, socketBIO: SocketBIO) {
        self.socket = socket
        self.connection = connection
        self.socketBIO = socketBIO
    }

    deinit {
        close()
        SSL_free(connection)
    }

    static func accept(socket: LabSocket, context: OpaquePointer, timeout: Duration) throws(TransportError)
        -> LabTLSTransport {
        OpenSSLErrorQueue.clear()
        guard let connection = SSL_new(context) else {
            throw .tls(operation: "accept TLS", reason: OpenSSLErrorQueue.drain().joined(separator: "; "))
        }
        guard let socketBIO = SocketBIO(), let bio = socketBIO.makeBIO(fileDescriptor: socket.fileDescriptor) else {
            SSL_free(connection)
            throw .tls(operation: "accept TLS", reason: "cannot attach TLS to the socket")
        }
        SSL_set_bio(connection, bio, bio)
        SSL_set_accept_state(connection)
        let transport = LabTLSTransport(socket: socket, connection: connection, socketBIO: socketBIO)
        let deadline = ContinuousClock.now + timeout
        while true {
            OpenSSLErrorQueue.clear()
            let result = SSL_accept(connection)
            if result == 1 { return transport }
            let status = SSL_get_error(connection, result)
            let events: Int16
            switch status {
            case SSL_ERROR_WANT_READ: events = SocketReadiness.readable
            case SSL_ERROR_WANT_WRITE: events = SocketReadiness.writable
            default:
                transport.failed = true
                let queued = OpenSSLErrorQueue.drain()
                throw .tlsHandshake(reason: queued.isEmpty ? "the client ended the handshake" : queued.joined(separator: "; "),
                                    hint: nil)
            }
            guard try SocketReadiness.wait(socket.fileDescriptor, for: events, until: deadline) else {
                transport.failed = true
                throw .tlsHandshake(reason: "no TLS handshake from the client in time", hint: nil)
            }
        }
    }

    func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard !closed else { return .endOfStream }
        OpenSSLErrorQueue.clear()
        var buffer = [UInt8](repeating: 0, count: max(1, min(maximum, Int(Int32.max))))
        let (count, status) = buffer.withUnsafeMutableBytes { raw in
            let count = SSL_read(connection, raw.baseAddress, Int32(raw.count))
            return (count, count > 0 ? SSL_ERROR_NONE : SSL_get_error(connection, count))
        }
        if count > 0 { return .bytes(Array(buffer.prefix(Int(count)))) }
        switch status {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .wouldBlock
        case SSL_ERROR_ZERO_RETURN:
            return .endOfStream
        default:
            // A client that closes without close_notify (most mail clients after QUIT) ends up here too.
            failed = true
            OpenSSLErrorQueue.clear()
            return .endOfStream
        }
    }

    func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        guard !closed else { throw .tls(operation: "write", reason: "the connection is closed") }
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            OpenSSLErrorQueue.clear()
            let (count, status) = bytes.withUnsafeBytes { raw in
                let chunk = min(raw.count - offset, Int(Int32.max))
                let count = SSL_write(connection, raw.baseAddress.map { $0 + offset }, Int32(chunk))
                return (count, count > 0 ? SSL_ERROR_NONE : SSL_get_error(connection, count))
            }
            if count > 0 {
                offset += Int(count)
                continue
            }
            switch status {
            case SSL_ERROR_WANT_WRITE, SSL_ERROR_WANT_READ:
                let events = status == SSL_ERROR_WANT_WRITE ? SocketReadiness.writable : SocketReadiness.readable
                guard try SocketReadiness.wait(fileDescriptor, for: events, until: deadline) else {
                    throw .writeTimedOut(seconds: SocketReadiness.seconds(timeout))
                }
            default:
                failed = true
                throw .tls(operation: "write", reason: OpenSSLErrorQueue.drain().joined(separator: "; "))
            }
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        if !failed && SSL_is_init_finished(connection) == 1 {
            OpenSSLErrorQueue.clear()
            _ = SSL_shutdown(connection)
        }
        OpenSSLErrorQueue.clear()
        socket.close()
    }
}
