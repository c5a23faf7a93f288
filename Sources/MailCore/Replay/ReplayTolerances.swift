/// What may differ between the client line a transcript recorded and the one a served client sends, and still
/// count as the same. The defaults let a real client replay a session recorded by another; `strict` turns every
/// one of them off.
public struct ReplayTolerances: Equatable, Sendable {
    /// IMAP: a client picks its own tags (RFC 9051 §2.2.1); responses are sent back with the client's tag.
    public var imapTags = true
    /// SMTP: the EHLO/HELO argument names the client (RFC 5321 §4.1.1.1), so any name will do.
    public var greetingArgument = true
    /// A secret recorded as `‹redacted›` matches whatever the client sends there.
    public var secrets = true
    /// Command names, and SMTP's FROM:/TO:, in any case: the protocols say they are case-insensitive
    /// (RFC 5321 §2.4, RFC 9051 §9 note 3, RFC 1939 §3).
    public var commandCase = true
    /// The client may close the connection where the transcript's client sent QUIT or LOGOUT.
    public var closeInsteadOfQuit = true

    public init() {}

    public static let lenient = ReplayTolerances()

    public static let strict: ReplayTolerances = {
        var strict = ReplayTolerances()
        strict.imapTags = false
        strict.greetingArgument = false
        strict.secrets = false
        strict.commandCase = false
        strict.closeInsteadOfQuit = false
        return strict
    }()
}
