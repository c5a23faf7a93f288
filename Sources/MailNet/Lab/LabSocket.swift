#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An accepted connection to the lab, plain TCP, non-blocking like the client's `SocketTransport`.
final class LabSocket: Transport, @unchecked Sendable {
    private(set) var fileDescriptor: Int32
    var hasBufferedBytes: Bool { false }

    init(_ descriptor: Int32) {
        fileDescriptor = descriptor
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
        var on: Int32 = 1
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close()
    }

    func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard fileDescriptor >= 0 else { return .endOfStream }
        var buffer = [UInt8](repeating: 0, count: max(1, maximum))
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fileDescriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 { return .bytes(Array(buffer.prefix(count))) }
            if count == 0 { return .endOfStream }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: throw .socket(operation: "read", reason: POSIXErrorText.describe(code))
            }
        }
    }

    func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            guard fileDescriptor >= 0 else { throw .socket(operation: "write", reason: "closed") }
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
            case let code: throw .socket(operation: "write", reason: POSIXErrorText.describe(code))
            }
        }
    }

    func close() {
        guard fileDescriptor >= 0 else { return }
        #if canImport(Glibc)
        _ = Glibc.close(fileDescriptor)
        #else
        _ = Darwin.close(fileDescriptor)
        #endif
        fileDescriptor = -1
    }
}
