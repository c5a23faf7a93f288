#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import MailNet

@Suite("Socket transport")
struct SocketTransportTests {
    /// Reads until `count` bytes arrived, polling the transport like the session engine does.
    static func read(_ transport: any Transport, count: Int) throws -> [UInt8] {
        var received: [UInt8] = []
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while received.count < count && ContinuousClock.now < deadline {
            switch try transport.read(maximum: count - received.count) {
            case .bytes(let bytes):
                received += bytes
            case .wouldBlock:
                if !transport.hasBufferedBytes {
                    var entry = pollfd(fd: transport.fileDescriptor, events: Int16(POLLIN), revents: 0)
                    _ = poll(&entry, 1, 100)
                }
            case .endOfStream:
                return received
            }
        }
        return received
    }

    /// Reads until the transport reports `.endOfStream`, or five seconds passed.
    static func readUntilEnd(_ transport: any Transport) throws -> ReadResult {
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        while ContinuousClock.now < deadline {
            let result = try transport.read(maximum: 4096)
            if result != .wouldBlock {
                return result
            }
            var entry = pollfd(fd: transport.fileDescriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&entry, 1, 100)
        }
        return .wouldBlock
    }

    @Test("a closed port is refused, with the errno in words")
    func refused() throws {
        let port = try LoopbackListener.closedPort()
        #expect {
            _ = try SocketTransport.connect(host: "127.0.0.1", port: port, timeout: .seconds(2))
        } throws: { error in
            guard case .connectFailed(let host, let failedPort, let attempts) = error as? TransportError else {
                return false
            }
            return host == "127.0.0.1" && failedPort == port && attempts.count == 1
                && attempts[0].address == "127.0.0.1"
                && attempts[0].reason == "Connection refused (ECONNREFUSED)"
        }
    }

    /// With a listen backlog of 0 and one connection already queued, Linux drops further SYNs, so a connect
    /// gets no answer at all — a silent host, without leaving loopback.
    @Test("a connect nobody answers times out")
    func timeout() throws {
        let listener = try LoopbackListener(backlog: 0)
        var fillers: [SocketTransport] = []
        for _ in 0..<2 {
            if let (filler, _) = try? SocketTransport.connect(
                host: "127.0.0.1", port: listener.port, timeout: .milliseconds(300)) {
                fillers.append(filler)
            }
        }
        let start = ContinuousClock.now
        #expect(throws: TransportError.connectTimedOut(host: "127.0.0.1", port: listener.port, seconds: 0.4)) {
            _ = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .milliseconds(400))
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(350) && elapsed < .seconds(2))
        #expect(!fillers.isEmpty)
    }

    @Test("connection info names the numeric addresses and ports")
    func connectionInfo() throws {
        let listener = try LoopbackListener()
        let (transport, info) = try SocketTransport.connect(
            host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        #expect(info.host == "127.0.0.1")
        #expect(info.remoteAddress == "127.0.0.1")
        #expect(info.port == listener.port)
        #expect(info.localAddress == "127.0.0.1")
        #expect(info.localPort > 0 && info.localPort != listener.port)
        #expect(info.elapsed < .seconds(2))
        #expect(info.failedAttempts.isEmpty)
        #expect(transport.fileDescriptor >= 0)
        #expect(!transport.hasBufferedBytes)
        let flags = fcntl(transport.fileDescriptor, F_GETFL, 0)
        #expect(flags & O_NONBLOCK != 0)
    }

    @Test("a host name resolves and connects")
    func hostName() throws {
        let listener = try LoopbackListener()
        let (transport, info) = try SocketTransport.connect(
            host: "localhost", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        // localhost may resolve to ::1 first, which refuses here: then that attempt is listed.
        #expect(info.remoteAddress == "127.0.0.1")
        #expect(info.failedAttempts.allSatisfy { $0.address == "::1" })
    }

    @Test("bare ::1 is accepted as an IPv6 address")
    func ipv6Literal() throws {
        let v6 = socket(AF_INET6, SocketTransportTests.streamType, 0)
        defer { LoopbackListener.closeDescriptor(v6) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(v6, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
            }
        }
        // Without IPv6 on loopback there is nothing to test.
        guard bound == 0, listen(v6, 4) == 0 else { return }
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(v6, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin6_port))
        let (transport, info) = try SocketTransport.connect(host: "::1", port: port, timeout: .seconds(2))
        defer { transport.close() }
        #expect(info.remoteAddress == "::1")
        #expect(info.localAddress == "::1")
    }

    @Test("bytes go both ways; an empty socket would block; a FIN is the end of the stream")
    func roundTrip() throws {
        let listener = try LoopbackListener()
        let (transport, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        let server = try listener.accept()
        #expect(try transport.read(maximum: 100) == .wouldBlock)

        try transport.write(Array("EHLO client\r\n".utf8), timeout: .seconds(2))
        #expect(server.receive(count: 13) == Array("EHLO client\r\n".utf8))

        server.send("250 ok\r\n")
        #expect(try Self.read(transport, count: 8) == Array("250 ok\r\n".utf8))

        server.close()
        #expect(try Self.readUntilEnd(transport) == .endOfStream)
    }

    @Test("a reset is a socket error that says so")
    func reset() throws {
        let listener = try LoopbackListener()
        let (transport, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        let server = try listener.accept()
        server.reset()
        #expect {
            _ = try Self.readUntilEnd(transport)
        } throws: { error in
            guard case .socket(let operation, let reason) = error as? TransportError else { return false }
            return operation == "read" && reason.contains("reset") && reason.contains("ECONNRESET")
        }
    }

    @Test("writing to a closed peer fails with an error, not SIGPIPE")
    func writeAfterPeerClosed() throws {
        let listener = try LoopbackListener()
        let (transport, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        let server = try listener.accept()
        server.reset()
        usleep(50_000)
        var failure: TransportError?
        // The first write may still be accepted locally; a later one must fail.
        for _ in 0..<10 where failure == nil {
            do {
                try transport.write(Array("NOOP\r\n".utf8), timeout: .seconds(1))
                usleep(20_000)
            } catch {
                failure = error
            }
        }
        guard case .socket(operation: "write", _) = failure else {
            Issue.record("expected a write error, got \(String(describing: failure))")
            return
        }
    }

    @Test("a write the peer does not read times out")
    func writeTimeout() throws {
        let listener = try LoopbackListener()
        let (transport, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        defer { transport.close() }
        let server = try listener.accept()
        defer { server.close() }
        let big = [UInt8](repeating: 0x41, count: 64 * 1024 * 1024)
        #expect(throws: TransportError.writeTimedOut(seconds: 0.3)) {
            try transport.write(big, timeout: .milliseconds(300))
        }
    }

    @Test("close is idempotent and later use is an error")
    func closeTwice() throws {
        let listener = try LoopbackListener()
        let (transport, _) = try SocketTransport.connect(host: "127.0.0.1", port: listener.port, timeout: .seconds(2))
        transport.close()
        transport.close()
        #expect(transport.fileDescriptor == -1)
        #expect(throws: TransportError.self) { _ = try transport.read(maximum: 10) }
        #expect(throws: TransportError.self) { try transport.write([1], timeout: .seconds(1)) }
    }

    #if canImport(Glibc)
    static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
    static let streamType = SOCK_STREAM
    #endif
}
