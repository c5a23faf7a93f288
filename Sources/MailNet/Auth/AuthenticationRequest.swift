import MailCore

/// One login to carry out on a session.
public struct AuthenticationRequest: Sendable {
    public var method: AuthMethod
    public var credentials: SASLCredentials
    /// Send a SASL mechanism's first response with the command, where the protocol allows it (RFC 4954 §4,
    /// RFC 4959, RFC 5034 §4). Off, the client waits for the server's empty challenge first: some servers
    /// mishandle the initial response.
    public var initialResponse: Bool

    public init(method: AuthMethod, credentials: SASLCredentials, initialResponse: Bool = true) {
        self.method = method
        self.credentials = credentials
        self.initialResponse = initialResponse
    }
}

/// How a login ended, when the exchange ran to the server's final answer.
public struct AuthenticationOutcome: Equatable, Sendable {
    public var method: AuthMethod
    /// The server said yes (235, OK, +OK).
    public var accepted: Bool
    /// The server's final line, e.g. `535 5.7.8 Error: authentication failed`.
    public var reply: [UInt8]
    /// SCRAM: whether the server proved it knows the password; nil for the other methods.
    public var serverVerified: Bool?
    /// From the first command sent to the final answer.
    public var elapsed: Duration
}

/// Why a login did not reach the server's final answer, or was not tried.
public enum AuthenticationError: Error, Equatable, Sendable {
    case session(SessionError)
    /// The client could not go on and cancelled the exchange with "*"; `reply` is the server's last line.
    case mechanism(SASLError, reply: [UInt8])
    /// The method is another protocol's (APOP in IMAP, say).
    case methodNotInProtocol(AuthMethod, MailProtocol)
    /// IMAP: the server advertises LOGINDISABLED, so LOGIN would only expose the password (RFC 9051 §6.2.3).
    case loginDisabled
    /// POP3: the greeting has no `<timestamp>`, so the server does not offer APOP (RFC 1939 §7).
    case noAPOPTimestamp
    /// The user name or secret holds a character the command cannot carry (NUL, CR, LF).
    case unsendable(what: String)
}
