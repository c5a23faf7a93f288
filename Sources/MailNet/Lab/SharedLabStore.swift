#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// The lab's one maildrop, shared by every connection: each `withMaildrop` body runs alone, so a command sees and
/// leaves the store whole.
public final class SharedLabStore: LabStore, @unchecked Sendable {
    private let lock = LabLock()
    private var maildrop: LabMaildrop

    public init(maildrop: LabMaildrop) {
        self.maildrop = maildrop
    }

    public func withMaildrop<Result>(_ body: (inout LabMaildrop) -> Result) -> Result {
        lock.withLock { body(&maildrop) }
    }

    public var now: Int64 { Int64(time(nil)) }
}
