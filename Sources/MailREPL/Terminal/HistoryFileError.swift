#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The history could not be written to its file; the lines typed in this session are lost, nothing else.
public struct HistoryFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    /// The system call that failed, e.g. "mkstemp" or "rename".
    public let operation: String
    public let code: Int32

    public var description: String {
        "could not save history to \(path): \(operation): \(String(cString: strerror(code)))"
    }
}
