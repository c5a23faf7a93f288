/// Why a SASL exchange cannot go on from the client's side. The client then cancels with "*" (RFC 4954 §4,
/// RFC 9051 §6.2.2, RFC 5034 §4); words for the user are made in MailREPL's `UserMessage`.
public enum SASLError: Error, Equatable, Sendable {
    /// A challenge is not valid base64 (RFC 4648), so it cannot be answered.
    case challengeNotBase64(String)
    /// The server sent a challenge where the mechanism has nothing more to say.
    case unexpectedChallenge(mechanism: String)
    /// A challenge does not have the form the mechanism defines; `reason` says what is wrong.
    case malformedChallenge(mechanism: String, reason: String)
    /// SCRAM: the server's nonce does not begin with the client's (RFC 5802 §5.1, `r=`).
    case nonceMismatch
    /// SCRAM: the server's signature (`v=`) is not the one the password gives: the server does not know the
    /// password, so it is not the server the account belongs to, or the exchange was tampered with (RFC 5802 §9).
    case serverSignatureMismatch
    /// SCRAM: the server ended with `e=` (RFC 5802 §7, `server-error-value`).
    case serverError(String)
    /// SCRAM: an iteration count out of the range this client accepts.
    case iterationCount(Int)
    /// The user name or secret cannot be sent with this mechanism (e.g. a NUL in PLAIN, RFC 4616 §2).
    case unusableCredentials(mechanism: String, reason: String)
    /// libcrypto failed.
    case cryptography(String)
    /// The mechanism name is not one this program implements.
    case unsupportedMechanism(String)
}
