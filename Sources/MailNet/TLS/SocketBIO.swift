#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import COpenSSL
import CShims

/// An OpenSSL BIO over our non-blocking socket that writes with `send(MSG_NOSIGNAL)`.
///
/// OpenSSL's own socket BIO writes with write(2), which raises SIGPIPE when the server has gone; that signal
/// would end the whole program. This BIO turns it into EPIPE, as `SocketTransport` does for plain TCP, without
/// changing the process's signal handling.
final class SocketBIO {
    /// Owned: freed in deinit, after the SSL object that uses it.
    let method: OpaquePointer

    init?() {
        guard let method = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "mailrepl socket") else {
            return nil
        }
        BIO_meth_set_write(method, socketBIOWrite)
        BIO_meth_set_read(method, socketBIORead)
        BIO_meth_set_ctrl(method, socketBIOControl)
        self.method = method
    }

    deinit {
        BIO_meth_free(method)
    }

    /// A new BIO reading and writing `fileDescriptor`; the caller hands it to SSL_set_bio, which owns it.
    func makeBIO(fileDescriptor: Int32) -> OpaquePointer? {
        guard let bio = BIO_new(method) else { return nil }
        BIO_set_data(bio, UnsafeMutableRawPointer(bitPattern: Int(fileDescriptor)))
        BIO_set_init(bio, 1)
        return bio
    }
}

private func socketDescriptor(_ bio: OpaquePointer?) -> Int32 {
    Int32(truncatingIfNeeded: Int(bitPattern: BIO_get_data(bio)))
}

private func isRetryable(_ code: Int32) -> Bool {
    code == EAGAIN || code == EWOULDBLOCK || code == EINTR
}

private func socketBIOWrite(_ bio: OpaquePointer?, _ data: UnsafePointer<CChar>?, _ length: Int32) -> Int32 {
    mr_BIO_clear_retry_flags(bio)
    let count = send(socketDescriptor(bio), data, Int(length), SocketTransport.sendFlags)
    if count < 0 && isRetryable(errno) {
        mr_BIO_set_retry_write(bio)
    }
    return Int32(clamping: count)
}

private func socketBIORead(_ bio: OpaquePointer?, _ data: UnsafeMutablePointer<CChar>?, _ length: Int32) -> Int32 {
    mr_BIO_clear_retry_flags(bio)
    let count = recv(socketDescriptor(bio), data, Int(length), 0)
    if count < 0 && isRetryable(errno) {
        mr_BIO_set_retry_read(bio)
    } else if count == 0 {
        // Remembered for BIO_CTRL_EOF: OpenSSL asks it to tell "the peer closed without close_notify"
        // (SSL_R_UNEXPECTED_EOF_WHILE_READING) from other failures.
        BIO_set_flags(bio, BIO_FLAGS_IN_EOF)
    }
    return Int32(clamping: count)
}

private func socketBIOControl(
    _ bio: OpaquePointer?, _ command: Int32, _ argument: Int, _ pointer: UnsafeMutableRawPointer?
) -> Int {
    switch command {
    case BIO_CTRL_FLUSH:
        // Nothing is buffered here: every write goes straight to the socket.
        return 1
    case BIO_CTRL_EOF:
        return BIO_test_flags(bio, BIO_FLAGS_IN_EOF) != 0 ? 1 : 0
    default:
        return 0
    }
}
