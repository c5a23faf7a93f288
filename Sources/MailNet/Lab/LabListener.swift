#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A listening TCP socket on 127.0.0.1 at a port the system chooses: the lab is reachable from this machine only.
final class LabListener {
    let fileDescriptor: Int32
    let port: Int

    init(service: String) throws(LabError) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw .cannotListen(service: service, reason: POSIXErrorText.describe(errno))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        address.sin_port = 0
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            let reason = POSIXErrorText.describe(errno)
            _ = Glibc.close(descriptor)
            throw .cannotListen(service: service, reason: reason)
        }
        var actual = sockaddr_in()
        var actualLength = length
        _ = withUnsafeMutablePointer(to: &actual) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &actualLength) }
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL, 0) | O_NONBLOCK)
        fileDescriptor = descriptor
        port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// The next waiting connection as a non-blocking socket, with the peer's numeric address; nil when none waits.
    func accept() -> (LabSocket, String)? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let descriptor = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                #if canImport(Glibc)
                Glibc.accept(fileDescriptor, address, &length)
                #else
                Darwin.accept(fileDescriptor, address, &length)
                #endif
            }
        }
        guard descriptor >= 0 else { return nil }
        let peer = withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { ResolvedAddress.numericName($0, length).host }
        }
        return (LabSocket(descriptor), peer)
    }

    func close() {
        #if canImport(Glibc)
        _ = Glibc.close(fileDescriptor)
        #else
        _ = Darwin.close(fileDescriptor)
        #endif
    }
}
