#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A blocking TCP listener on 127.0.0.1 with an ephemeral port, playing the server in socket tests.
///
/// The client side connects non-blocking, so a test can connect, then `accept`, on one thread: the kernel
/// completes the TCP handshake from the listen queue.
final class LoopbackListener {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let descriptor: Int32
    let port: Int

    init(backlog: Int32 = 8) throws {
        let streamType: Int32
        #if canImport(Glibc)
        // Close-on-exec, so s_server processes started by other tests do not keep these sockets open.
        streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #else
        streamType = SOCK_STREAM
        #endif
        let descriptor = socket(AF_INET, streamType, 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, backlog) == 0 else {
            Self.closeDescriptor(descriptor)
            throw Failure(description: "bind/listen: errno \(errno)")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        Self.closeDescriptor(descriptor)
    }

    /// Accepts one connection, waiting at most two seconds.
    func accept() throws -> AcceptedConnection {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 2000) == 1 else { throw Failure(description: "no connection to accept") }
        #if canImport(Glibc)
        let client = Glibc.accept(descriptor, nil, nil)
        #else
        let client = Darwin.accept(descriptor, nil, nil)
        #endif
        guard client >= 0 else { throw Failure(description: "accept: errno \(errno)") }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        return AcceptedConnection(descriptor: client)
    }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    static func closeDescriptor(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// A free port on 127.0.0.1 with nothing listening: bound once, then released.
    static func closedPort() throws -> Int {
        let listener = try LoopbackListener()
        return listener.port
    }
}

/// The server's end of one accepted connection, blocking.
final class AcceptedConnection {
    let descriptor: Int32
    private var closed = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close()
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { raw in
            #if canImport(Glibc)
            Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL))
            #else
            Darwin.send(descriptor, raw.baseAddress, raw.count, 0)
            #endif
        }
    }

    /// Reads until `count` bytes arrived or two seconds passed.
    func receive(count: Int) -> [UInt8] {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: count)
        while received.count < count {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 2000) == 1 else { break }
            let got = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, count - received.count, 0) }
            guard got > 0 else { break }
            received += buffer.prefix(got)
        }
        return received
    }

    /// Closes with a TCP reset instead of a FIN: SO_LINGER with a zero time-out.
    func reset() {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close()
    }

    func close() {
        guard !closed else { return }
        closed = true
        LoopbackListener.closeDescriptor(descriptor)
    }
}
