#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waiting on one socket with `poll(2)` until a deadline, for the transports' non-blocking connect, write and
/// TLS handshake. The session engine does its own polling for reads.
enum SocketReadiness {
    static let readable = Int16(POLLIN)
    static let writable = Int16(POLLOUT)

    /// Waits until `fileDescriptor` is ready for `events`, or has an error or hang-up to report.
    /// - Returns: false when the deadline passed first.
    static func wait(
        _ fileDescriptor: Int32, for events: Int16, until deadline: ContinuousClock.Instant
    ) throws(TransportError) -> Bool {
        while true {
            let left = milliseconds(deadline - ContinuousClock.now)
            var entry = pollfd(fd: fileDescriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, left)
            if ready > 0 {
                return true
            }
            if ready == 0 {
                return false
            }
            let code = errno
            if code != EINTR {
                throw .socket(operation: "poll", reason: POSIXErrorText.describe(code))
            }
        }
    }

    /// A duration as poll's milliseconds, rounded up so a short wait is not a busy loop; never negative.
    static func milliseconds(_ duration: Duration) -> Int32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        let total = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: total)
    }

    /// A duration in seconds, for error messages.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
