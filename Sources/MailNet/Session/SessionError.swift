import MailCore

/// Why a session operation failed. Turned into words for the user in one place (MailREPL's `UserMessage`).
public enum SessionError: Error, Equatable, Sendable {
    case transport(TransportError)
    /// Waited `seconds` for `awaiting` (the greeting, a reply to a command) and nothing more arrived.
    case timedOut(awaiting: String, seconds: Double)
    /// There is no open connection.
    case notConnected
    /// The connection closed while waiting for `awaiting`.
    case closed(awaiting: String, reason: CloseReason)
    /// The server did not advertise STARTTLS/STLS in its capabilities.
    case startTLSNotOffered(MailProtocol, capabilities: [String])
    /// The server answered STARTTLS/STLS with something other than a go-ahead; `reply` is that line.
    case startTLSRefused(MailProtocol, reply: [UInt8])
    case alreadyTLS
    /// TLS is required, but the IMAP server greeted with PREAUTH: the session is authenticated in plaintext and
    /// STARTTLS is no longer allowed (RFC 9051 §6.2.1, §7.1.4).
    case preauthWithoutTLS
    /// Message content can only be sent after DATA was answered with 354.
    case notInMessageBody
    /// The greeting was a refusal (SMTP 554, IMAP BYE, POP3 -ERR).
    case greetingRefused(reply: [UInt8])
}
