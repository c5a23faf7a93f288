#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP connection. The socket is non-blocking from creation to close, so reads answer `.wouldBlock`
/// instead of waiting; the session engine polls `fileDescriptor`.
///
/// A `TLSTransport` upgrades one of these in place (implicit TLS or STARTTLS) and owns it from then on.
public final class SocketTransport: Transport {
    /// -1 once closed.
    public private(set) var fileDescriptor: Int32

    /// Plain TCP keeps nothing back from `poll(2)`.
    public var hasBufferedBytes: Bool { false }

    private init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit {
        close()
    }

    /// Resolves `host` and connects to its addresses in the order getaddrinfo gives them, until one answers.
    ///
    /// `timeout` bounds the whole call. While more than one address is left, an attempt gets half of the
    /// remaining time, so one silent address cannot use it all.
    public static func connect(
        host: String, port: Int, timeout: Duration
    ) throws(TransportError) -> (SocketTransport, ConnectionInfo) {
        guard (1...65_535).contains(port) else {
            throw .connectFailed(host: host, port: port, attempts: [
                ConnectAttempt(address: host, reason: "port \(port) is outside 1-65535"),
            ])
        }
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start.advanced(by: timeout)
        let addresses = try ResolvedAddress.resolve(host: host, port: port)

        var attempts: [ConnectAttempt] = []
        var timedOut = 0
        for (index, address) in addresses.enumerated() {
            let remaining = deadline - clock.now
            let numeric = address.numericHost
            guard remaining > .zero else {
                attempts.append(ConnectAttempt(address: numeric, reason: "not tried: the time-out had passed"))
                timedOut += 1
                continue
            }
            let share = index < addresses.count - 1 ? remaining / 2 : remaining
            switch try attempt(address, until: clock.now.advanced(by: share)) {
            case .connected(let descriptor):
                let transport = SocketTransport(fileDescriptor: descriptor)
                let local = transport.localName()
                let info = ConnectionInfo(
                    host: host, remoteAddress: numeric, port: port,
                    localAddress: local.host, localPort: local.port,
                    elapsed: clock.now - start, failedAttempts: attempts)
                return (transport, info)
            case .failed(let reason):
                attempts.append(ConnectAttempt(address: numeric, reason: reason))
            case .timedOut:
                let seconds = SocketReadiness.seconds(share)
                attempts.append(ConnectAttempt(
                    address: numeric, reason: "no answer within \(secondsText(seconds)) s"))
                timedOut += 1
            }
        }
        if timedOut == attempts.count {
            throw .connectTimedOut(host: host, port: port, seconds: SocketReadiness.seconds(timeout))
        }
        throw .connectFailed(host: host, port: port, attempts: attempts)
    }

    public func read(maximum: Int) throws(TransportError) -> ReadResult {
        guard fileDescriptor >= 0 else {
            throw .socket(operation: "read", reason: "the connection is already closed")
        }
        while true {
            var count = 0
            var code: Int32 = 0
            // Filled in place: no zeroing of the whole buffer first, no copy of what arrived afterwards.
            let buffer = [UInt8](unsafeUninitializedCapacity: max(1, maximum)) { raw, initialized in
                count = recv(fileDescriptor, raw.baseAddress, raw.count, 0)
                code = errno
                initialized = max(0, count)
            }
            if count > 0 {
                return .bytes(buffer)
            }
            if count == 0 {
                return .endOfStream
            }
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                return .wouldBlock
            default:
                throw .socket(operation: "read", reason: Self.failureText(code))
            }
        }
    }

    public func write(_ bytes: [UInt8], timeout: Duration) throws(TransportError) {
        guard fileDescriptor >= 0 else {
            throw .socket(operation: "write", reason: "the connection is already closed")
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var offset = 0
        while offset < bytes.count {
            let (count, code) = bytes.withUnsafeBytes { raw in
                let count = send(fileDescriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset,
                                 Self.sendFlags)
                return (count, errno)
            }
            if count >= 0 {
                offset += count
                continue
            }
            switch code {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                guard try SocketReadiness.wait(fileDescriptor, for: SocketReadiness.writable, until: deadline) else {
                    throw .writeTimedOut(seconds: SocketReadiness.seconds(timeout))
                }
            default:
                throw .socket(operation: "write", reason: Self.failureText(code))
            }
        }
    }

    public func close() {
        guard fileDescriptor >= 0 else { return }
        Self.closeDescriptor(fileDescriptor)
        fileDescriptor = -1
    }

    // MARK: - Connecting

    private enum AttemptResult {
        case connected(Int32)
        case failed(String)
        case timedOut
    }

    private static func attempt(
        _ address: ResolvedAddress, until deadline: ContinuousClock.Instant
    ) throws(TransportError) -> AttemptResult {
        let descriptor = socket(address.family, address.socketType | socketCreationFlags, address.socketProtocol)
        guard descriptor >= 0 else {
            return .failed(POSIXErrorText.describe(errno))
        }
        var keep = false
        defer {
            if !keep {
                closeDescriptor(descriptor)
            }
        }
        if let problem = prepare(descriptor) {
            return .failed(problem)
        }
        let result = address.withSocketAddress { pointer, length in
            systemConnect(descriptor, pointer, length) == 0 ? 0 : errno
        }
        // EINTR on a non-blocking connect leaves the connection in progress, like EINPROGRESS.
        if result != 0 && result != EINPROGRESS && result != EINTR {
            return .failed(POSIXErrorText.describe(result))
        }
        if result != 0 {
            guard try SocketReadiness.wait(descriptor, for: SocketReadiness.writable, until: deadline) else {
                return .timedOut
            }
            var pending: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &pending, &size) != 0 {
                return .failed(POSIXErrorText.describe(errno))
            }
            if pending != 0 {
                return .failed(POSIXErrorText.describe(pending))
            }
        }
        keep = true
        return .connected(descriptor)
    }

    /// Non-blocking, closed on exec, no SIGPIPE where the platform has a socket option for it, and no Nagle
    /// delay: commands are short lines typed by a person.
    private static func prepare(_ descriptor: Int32) -> String? {
        let flags = fcntl(descriptor, F_GETFL, 0)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) == 0 else {
            return POSIXErrorText.describe(errno)
        }
        #if !canImport(Glibc)
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        #endif
        var on: Int32 = 1
        let size = socklen_t(MemoryLayout<Int32>.size)
        _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, size)
        #if canImport(Darwin)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, size)
        #endif
        return nil
    }

    private static func systemConnect(
        _ descriptor: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t
    ) -> Int32 {
        #if canImport(Glibc)
        Glibc.connect(descriptor, address, length)
        #else
        Darwin.connect(descriptor, address, length)
        #endif
    }

    private static func closeDescriptor(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    private func localName() -> (host: String, port: Int) {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        return withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                guard getsockname(fileDescriptor, address, &length) == 0 else { return ("?", 0) }
                return ResolvedAddress.numericName(address, length)
            }
        }
    }

    // MARK: - Errors in words

    /// A reset or a broken pipe is the server going away, which deserves plainer words than errno's.
    static func failureText(_ code: Int32) -> String {
        switch code {
        case ECONNRESET:
            return "the server reset the connection: \(POSIXErrorText.describe(code))"
        case EPIPE:
            return "the server closed the connection: \(POSIXErrorText.describe(code))"
        default:
            return POSIXErrorText.describe(code)
        }
    }

    private static func secondsText(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    #if canImport(Glibc)
    /// Closed on exec from the start, so a program started meanwhile by another thread cannot inherit it.
    private static let socketCreationFlags = Int32(SOCK_CLOEXEC.rawValue)
    /// MSG_NOSIGNAL: a write to a connection the server closed fails with EPIPE instead of killing the process.
    static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let socketCreationFlags: Int32 = 0
    static let sendFlags: Int32 = 0
    #endif
}
