#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection a `LoopbackListener` accepted: plain TCP, non-blocking, SIGPIPE-free, like the client's
/// `SocketTransport`; `TLSServerContext.accept` upgrades it in place.
///
/// Sendable so that the thread that accepts can hand it to the one that serves it; one thread uses it at a time.
public final class AcceptedSocket: Transport, @unchecked Sendable {
    public private(set) var fileDescriptor: Int32
    /// The client's numeric address.
    public let peerAddress: String
    public var hasBufferedBytes: Bool { false }

    init(descriptor: Int32, peerAddress: String) {
        fileDescriptor = descriptor
        self.peerAddress = peerAddress
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        #if canImport(Darwin)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }

    deinit {
        close()
    }

    public func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard fileDescriptor >= 0 else { return .endOfStream }
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .bytes(Array(buffer.prefix(count))) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: throw .socket(operation: "read", reason: SocketTransport.failureText(code))
            }
        }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            guard fileDescriptor >= 0 else {
                throw .socket(operation: "write", reason: "the connection is already closed")
            }
            let count = bytes.withUnsafeBytes { raw in
                send(fileDescriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset,
                     SocketTransport.sendFlags)
            }
            if count >= 0 {
                offset += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard try SocketReadiness.wait(fileDescriptor, for: SocketReadiness.writable, until: deadline) else {
                    throw .writeTimedOut(seconds: SocketReadiness.seconds(timeout))
                }
            case let code: throw .socket(operation: "write", reason: SocketTransport.failureText(code))
            }
        }
    }

    public func close() {
        guard fileDescriptor >= 0 else { return }
        _ = systemClose(fileDescriptor)
        fileDescriptor = -1
    }
}
