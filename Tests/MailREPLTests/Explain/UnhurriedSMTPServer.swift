import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An SMTP server on 127.0.0.1 that does not offer PIPELINING and takes its time over every reply, so that lines
/// pasted at the prompt reach it before the reply to the first: the situation RFC 2920 forbids a client to create
/// with such a server. It serves one connection, then stops.
final class UnhurriedSMTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let delay: useconds_t

    init(delay: Duration = .milliseconds(400)) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 1) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        self.delay = useconds_t(delay.components.seconds * 1_000_000
                                + delay.components.attoseconds / 1_000_000_000_000)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    deinit {
        close(listener)
    }

    private func serve() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        send("220 unhurried.example ESMTP\r\n", on: connection)
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { return }
            pending += buffer[0..<count]
            while let end = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces
                    .union(.newlines))
                pending.removeSubrange(...end)
                usleep(delay)
                let verb = line.split(separator: " ").first?.uppercased() ?? ""
                switch verb {
                case "EHLO": send("250-unhurried.example\r\n250 8BITMIME\r\n", on: connection)
                case "QUIT":
                    send("221 Bye\r\n", on: connection)
                    return
                default: send("250 OK\r\n", on: connection)
                }
            }
        }
    }

    private func send(_ text: String, on connection: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}
