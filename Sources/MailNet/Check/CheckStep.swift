/// One step of a check, as data: what was tried, how it went, how long it took, and on failure why and what to
/// do. The text and JSON reports are made from these.
public struct CheckStep: Equatable, Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// It worked, but something deserves attention (a certificate close to expiry, --insecure).
        case warning
        /// Not tried, because an earlier step failed or nothing asked for it.
        case skipped
    }

    public var stage: CheckStage
    /// What was done, e.g. "EHLO", "AUTH SCRAM-SHA-256 as alice".
    public var title: String
    public var status: Status
    public var elapsed: Duration?
    /// What was seen: the server's line, the facts of a certificate.
    public var detail: [String]
    /// On failure (or warning): what is wrong, in plain words.
    public var cause: String?
    /// What to do about it.
    public var fix: String?
    /// The error behind a failure, when `cause` is not given: the report says it in the words every other
    /// failure of mailrepl is said in.
    public var error: CheckError?

    public init(_ stage: CheckStage, _ title: String, _ status: Status, elapsed: Duration? = nil,
                detail: [String] = [], cause: String? = nil, fix: String? = nil, error: CheckError? = nil) {
        self.stage = stage
        self.title = title
        self.status = status
        self.elapsed = elapsed
        self.detail = detail
        self.cause = cause
        self.fix = fix
        self.error = error
    }
}

/// The whole walk.
public struct CheckReport: Equatable, Sendable {
    /// The URL checked, with the user name but never a password.
    public var url: String
    public var steps: [CheckStep]

    public init(url: String, steps: [CheckStep]) {
        self.url = url
        self.steps = steps
    }

    /// The first failed step, which decides the exit status.
    public var firstFailure: CheckStep? {
        steps.first { $0.status == .failed && $0.stage.exitStatus != 0 }
    }

    public var exitStatus: Int32 {
        firstFailure?.stage.exitStatus ?? 0
    }
}
