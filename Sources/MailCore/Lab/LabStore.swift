/// Where the lab's servers find the maildrop. Several connections share one store, each from its own thread, so
/// an implementation runs `withMaildrop` bodies one at a time; a server does a whole command inside one body, so
/// what a client sees is never half of another connection's change.
public protocol LabStore: AnyObject, Sendable {
    func withMaildrop<Result>(_ body: (inout LabMaildrop) -> Result) -> Result
    /// Seconds since 1970-01-01 UTC, for trace headers and INTERNALDATE.
    var now: Int64 { get }
}
