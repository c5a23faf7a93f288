import MailCore

/// What the session engine reports to its observers (the renderer, the transcript recorder). Observers only
/// receive; they never reach into the engine.
public enum SessionEvent: Sendable {
    case connecting(MailTarget)
    case connected(ConnectionInfo)
    /// A line went to the server. `shown` is what may be displayed or recorded: the wire bytes without the line
    /// terminator, with any secret replaced by `Redaction.marker`.
    case sent(Submission, shown: [UInt8])
    /// A typed line waits until the server has answered (before the greeting, after DATA, before a literal's `+`).
    case held(count: Int)
    case received(ServerLine, Reception)
    /// Bytes of a server literal (IMAP), in the order received.
    case literal([UInt8], isLast: Bool)
    /// A server line has passed the length bound; the rest of it is dropped.
    case lineTooLong(limit: Int)
    case tlsStarted(TLSSummary)
    /// Bytes that arrived after a STARTTLS go-ahead but before the handshake: discarded unread, since an attacker
    /// in the path can insert them (CVE-2021-22947 class; RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
    case injectionDiscarded([UInt8])
    /// The engine did something on its own, said in words (asked for capabilities again after TLS, …).
    case notice(String)
    case closed(CloseReason)
}

public enum CloseReason: Equatable, Sendable {
    /// The client closed (after QUIT/LOGOUT or on request).
    case byClient
    /// The server closed after saying it would (221, BYE, QUIT's +OK).
    case byServerAsAnnounced
    /// The server closed without warning; `midResponse` when a response was still arriving.
    case byServerUnexpectedly(midResponse: Bool)
    /// A read or write failed.
    case failed(TransportError)
    /// The client closed because an SMTP reply went on past `Session.Options.maximumReplyLines` lines.
    case replyTooLong(lines: Int)
}
