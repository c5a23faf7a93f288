#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// errno values in words: the system's text followed by the symbolic name an expert would search for,
/// e.g. "Connection refused (ECONNREFUSED)".
enum POSIXErrorText {
    static func describe(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        if let name = names[code] {
            return "\(text) (\(name))"
        }
        return "\(text) (errno \(code))"
    }

    private static let names: [Int32: String] = [
        EACCES: "EACCES",
        EADDRINUSE: "EADDRINUSE",
        EADDRNOTAVAIL: "EADDRNOTAVAIL",
        EAFNOSUPPORT: "EAFNOSUPPORT",
        ECONNABORTED: "ECONNABORTED",
        ECONNREFUSED: "ECONNREFUSED",
        ECONNRESET: "ECONNRESET",
        EHOSTDOWN: "EHOSTDOWN",
        EHOSTUNREACH: "EHOSTUNREACH",
        EMFILE: "EMFILE",
        ENETDOWN: "ENETDOWN",
        ENETUNREACH: "ENETUNREACH",
        ENFILE: "ENFILE",
        ENOBUFS: "ENOBUFS",
        ENOTCONN: "ENOTCONN",
        EPERM: "EPERM",
        EPIPE: "EPIPE",
        ETIMEDOUT: "ETIMEDOUT",
    ]
}
