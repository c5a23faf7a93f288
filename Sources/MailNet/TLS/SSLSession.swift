#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL

/// What both ends of an established TLS session do alike: the client's `TLSTransport` and the server's
/// `TLSServerTransport` differ in the handshake and in how they name a failure, not in these steps.
enum SSLSession {
    /// Writes every byte with SSL_write, waiting for the socket as OpenSSL asks (a key update can want a read
    /// during a write), until `timeout`. Any other status goes to `failure`, with errno as it was, for the
    /// caller's words.
    static func write(_ bytes: [UInt8], on connection: OpaquePointer, fileDescriptor: Int32, timeout: Duration,
                      failure: (_ status: Int32, _ code: Int32) -> TransportError) throws(TransportError) {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            OpenSSLErrorQueue.clear()
            let (count, status, code) = bytes.withUnsafeBytes { raw in
                let chunk = min(raw.count - offset, Int(Int32.max))
                let count = SSL_write(connection, raw.baseAddress.map { $0 + offset }, Int32(chunk))
                let status = count > 0 ? SSL_ERROR_NONE : SSL_get_error(connection, count)
                return (count, status, errno)
            }
            if count > 0 {
                offset += Int(count)
                continue
            }
            guard status == SSL_ERROR_WANT_WRITE || status == SSL_ERROR_WANT_READ else {
                throw failure(status, code)
            }
            let events = status == SSL_ERROR_WANT_WRITE ? SocketReadiness.writable : SocketReadiness.readable
            guard try SocketReadiness.wait(fileDescriptor, for: events, until: deadline) else {
                throw .writeTimedOut(seconds: SocketReadiness.seconds(timeout))
            }
        }
    }

    /// Sends close_notify when the session is healthy, without waiting for the peer's (OpenSSL forbids
    /// SSL_shutdown after a fatal error), and leaves the error queue empty.
    static func shutdown(_ connection: OpaquePointer, healthy: Bool) {
        if healthy && SSL_is_init_finished(connection) == 1 {
            OpenSSLErrorQueue.clear()
            _ = SSL_shutdown(connection)
        }
        OpenSSLErrorQueue.clear()
    }
}
