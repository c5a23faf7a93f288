#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One address getaddrinfo returned for a host, copied out of the C list so the list can be freed at once.
struct ResolvedAddress {
    var family: Int32
    var socketType: Int32
    var socketProtocol: Int32
    var storage: sockaddr_storage
    var length: socklen_t

    var numericHost: String {
        withSocketAddress { address, length in
            ResolvedAddress.numericName(address, length).host
        }
    }

    func withSocketAddress<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }

    /// Resolves `host` (a name, or a numeric IPv4/IPv6 address without brackets) for a TCP connection.
    static func resolve(host: String, port: Int) throws(TransportError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamSocketType
        // No AI_ADDRCONFIG: on a machine with loopback only it would hide ::1.
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        if status != 0 {
            let reason = status == EAI_SYSTEM
                ? POSIXErrorText.describe(errno)
                : String(cString: gai_strerror(status))
            throw .nameResolution(host: host, reason: reason)
        }
        defer { freeaddrinfo(list) }
        var addresses: [ResolvedAddress] = []
        var entry = list
        while let current = entry {
            let info = current.pointee
            if let socketAddress = info.ai_addr,
               info.ai_addrlen > 0, Int(info.ai_addrlen) <= MemoryLayout<sockaddr_storage>.size {
                var storage = sockaddr_storage()
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: socketAddress, count: Int(info.ai_addrlen)))
                }
                let address = ResolvedAddress(
                    family: info.ai_family, socketType: info.ai_socktype,
                    socketProtocol: info.ai_protocol, storage: storage, length: info.ai_addrlen)
                // getaddrinfo may list an address once per protocol; one connect attempt each is enough.
                if !addresses.contains(where: { $0.numericHost == address.numericHost }) {
                    addresses.append(address)
                }
            }
            entry = info.ai_next
        }
        if addresses.isEmpty {
            throw .nameResolution(host: host, reason: "no address for this name")
        }
        return addresses
    }

    /// getnameinfo in numeric form: "127.0.0.1" or "::1" and the port.
    static func numericName(_ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> (host: String, port: Int) {
        var host = [CChar](repeating: 0, count: 1025)
        var service = [CChar](repeating: 0, count: 32)
        let status = getnameinfo(
            address, length,
            &host, socklen_t(host.count), &service, socklen_t(service.count),
            NI_NUMERICHOST | NI_NUMERICSERV)
        guard status == 0 else { return ("?", 0) }
        return (cText(host), Int(cText(service)) ?? 0)
    }

    static func cText(_ buffer: [CChar]) -> String {
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `host` is an IPv4 or IPv6 literal rather than a name (no brackets).
    static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    #if canImport(Glibc)
    static let streamSocketType = Int32(SOCK_STREAM.rawValue)
    #else
    static let streamSocketType = SOCK_STREAM
    #endif
}
