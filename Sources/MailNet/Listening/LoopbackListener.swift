#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening TCP socket on a loopback address only (127.0.0.1 or ::1): servers mailrepl plays for a client
/// on this machine are never reachable from another one.
public final class LoopbackListener {
    public enum Address: String, Sendable {
        case ipv4 = "127.0.0.1"
        case ipv6 = "::1"
    }

    public let address: Address
    /// The port listened on; the one the system chose when asked for port 0.
    public let port: Int
    private var descriptor: Int32

    public init(address: Address = .ipv4, port: Int = 0) throws(ListenerError) {
        guard (0...65_535).contains(port) else { throw .badPort(port) }
        self.address = address
        let family = address == .ipv4 ? AF_INET : AF_INET6
        #if canImport(Glibc)
        let descriptor = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw .cannotListen(reason: POSIXErrorText.describe(errno)) }
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        // A client poll(2) reported can be gone by the time accept(2) runs; non-blocking, accept then says EAGAIN
        // instead of waiting for the next one.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
        let bound: Int32
        if address == .ipv4 {
            var name = sockaddr_in()
            name.sin_family = sa_family_t(AF_INET)
            name.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
            name.sin_port = in_port_t(UInt16(port)).bigEndian
            bound = withUnsafePointer(to: &name) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        } else {
            var name = sockaddr_in6()
            name.sin6_family = sa_family_t(AF_INET6)
            name.sin6_addr = in6addr_loopback
            name.sin6_port = in_port_t(UInt16(port)).bigEndian
            bound = withUnsafePointer(to: &name) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
        }
        // Room for a burst of clients: the practice lab serves up to 32 at once.
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let code = errno
            _ = systemClose(descriptor)
            throw code == EADDRINUSE ? .portInUse(port) : .cannotListen(reason: POSIXErrorText.describe(code))
        }
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let actual = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { name in
                getsockname(descriptor, name, &length) == 0 ? ResolvedAddress.numericName(name, length).port : port
            }
        }
        self.descriptor = descriptor
        self.port = actual
    }

    deinit {
        close()
    }

    /// For poll(2) over several listeners at once; `accept(timeout: .zero)` then takes what waits.
    var fileDescriptor: Int32 { descriptor }

    /// `127.0.0.1:2525` or `[::1]:2525`.
    public var authority: String {
        address == .ipv4 ? "\(address.rawValue):\(port)" : "[\(address.rawValue)]:\(port)"
    }

    /// Waits for a client at most `timeout` (for ever when nil); nil when none came in time.
    public func accept(timeout: Duration?) throws(TransportError) -> AcceptedSocket? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            guard descriptor >= 0 else { throw .socket(operation: "accept", reason: "the listener is closed") }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let wait = deadline.map { SocketReadiness.milliseconds($0 - ContinuousClock.now) } ?? -1
            let ready = poll(&entry, 1, wait)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .socket(operation: "poll", reason: POSIXErrorText.describe(errno))
            }
            if ready == 0 {
                return nil
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let accepted = withUnsafeMutablePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { name in
                    #if canImport(Glibc)
                    Glibc.accept(descriptor, name, &length)
                    #else
                    Darwin.accept(descriptor, name, &length)
                    #endif
                }
            }
            if accepted < 0 {
                if errno == EINTR || errno == EAGAIN || errno == ECONNABORTED { continue }
                throw .socket(operation: "accept", reason: POSIXErrorText.describe(errno))
            }
            let peer = withUnsafePointer(to: &storage) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    ResolvedAddress.numericName($0, length).host
                }
            }
            return AcceptedSocket(descriptor: accepted, peerAddress: peer)
        }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        _ = systemClose(descriptor)
        descriptor = -1
    }
}

/// Why a listener could not be opened. Turned into words in MailREPL's `UserMessage`.
public enum ListenerError: Error, Equatable, Sendable {
    case badPort(Int)
    case portInUse(Int)
    case cannotListen(reason: String)
}

func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(descriptor)
    #else
    Darwin.close(descriptor)
    #endif
}
