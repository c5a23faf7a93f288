#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file with POSIX calls, bounded in size.
enum FileBytes {
    struct Problem: Error {
        var reason: String
    }

    /// Message files larger than this are refused rather than read into memory.
    static let limit = 256 * 1024 * 1024

    static func read(_ path: String) -> Result<[UInt8], Problem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Problem(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        return read(descriptor, after: [])
    }

    /// The rest of an open file after the `prefix` already read from it (a pipe cannot be read twice).
    static func read(_ descriptor: Int32, after prefix: [UInt8]) -> Result<[UInt8], Problem> {
        var bytes = prefix
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(Problem(reason: String(cString: strerror(errno))))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
            if bytes.count > limit {
                return .failure(Problem(reason: "larger than \(limit / 1024 / 1024) MiB"))
            }
        }
    }
}
