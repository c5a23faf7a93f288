import MailCore
import MailNet

/// Logins and their secrets, in words.
extension UserMessage {
    public static func describe(_ error: AuthenticationError) -> String {
        switch error {
        case .session(let sessionError):
            return describe(sessionError)
        case .mechanism(let saslError, let reply):
            return describe(saslError) + (reply.isEmpty ? "" : " The server's last word: "
                                          + TerminalSafeText.escape(reply))
        case .methodNotInProtocol(let method, let mailProtocol):
            return "\(method.name) does not exist in \(mailProtocol.displayName)."
        case .loginDisabled:
            return "the server advertises LOGINDISABLED: it refuses LOGIN on this connection (RFC 9051 §6.2.3), so "
                + "the password was not sent. Run .starttls first, or use a mechanism it offers (AUTH=…)."
        case .noAPOPTimestamp:
            return "the server's greeting carries no <timestamp>, so it does not offer APOP (RFC 1939 §7); "
                + "use +USER or a SASL mechanism."
        case .unsendable(let what):
            return "\(what) holds a NUL, CR or LF, which this command cannot carry; nothing was sent."
        }
    }

    public static func describe(_ error: SASLError) -> String {
        switch error {
        case .challengeNotBase64(let text):
            return "the server's challenge is not base64 (\(text)), so it cannot be answered; the exchange was "
                + "cancelled."
        case .unexpectedChallenge(let mechanism):
            return "the server sent another challenge, but \(mechanism) has nothing more to say; the exchange was "
                + "cancelled."
        case .malformedChallenge(let mechanism, let reason):
            return "the server's \(mechanism) challenge is malformed: \(reason). The exchange was cancelled."
        case .nonceMismatch:
            return "the server's SCRAM nonce does not start with the one this client sent (RFC 5802 §5.1): the "
                + "exchange was cancelled, since a reply to another exchange is being replayed or mixed in."
        case .serverSignatureMismatch:
            return "the server could not prove that it knows the password: its SCRAM signature (v=) is wrong. It is "
                + "not the server your account belongs to, or someone in the path altered the exchange "
                + "(RFC 5802 §9). The exchange was cancelled; the password itself was never sent."
        case .serverError(let value):
            return "the server ended the SCRAM exchange with the error \"\(TerminalSafeText.escape(value))\""
                + scramErrorMeaning(value) + " (RFC 5802 §7)."
        case .iterationCount(let count):
            return "the server asks for \(count) SCRAM iterations, outside 1 to "
                + "\(SCRAMMechanism.maximumIterations); the exchange was cancelled."
        case .unusableCredentials(let mechanism, let reason):
            return "\(mechanism) cannot send these credentials: \(reason)."
        case .cryptography(let reason):
            return "the cryptography library failed: \(reason)."
        case .unsupportedMechanism(let name):
            return "\(TerminalSafeText.escape(name)) is not a mechanism mailrepl speaks; it speaks "
                + AuthMethod.names.joined(separator: ", ") + "."
        }
    }

    /// RFC 5802 §7, server-error-value.
    private static func scramErrorMeaning(_ value: String) -> String {
        switch value {
        case "invalid-proof": return ": the password is wrong"
        case "unknown-user": return ": the server knows no such user"
        case "invalid-encoding", "extensions-not-supported", "invalid-username-encoding":
            return ": the server could not read this client's message"
        case "channel-bindings-dont-match", "server-does-support-channel-binding",
             "channel-binding-not-supported", "unsupported-channel-binding-type":
            return ": the two ends disagree about channel binding"
        case "no-resources": return ": the server is short of resources; try again later"
        default: return ""
        }
    }

    public static func describe(_ problem: SecretSource.Problem) -> String {
        switch problem {
        case .unreadableFile(let path, let reason):
            return "cannot read the password file \(TerminalSafeText.escape(path)): \(reason)."
        case .emptyFile(let path):
            return "the password file \(TerminalSafeText.escape(path)) is empty."
        case .noSource:
            return "no password: there is no terminal to ask on. Set \(SecretSource.environmentVariable), pass "
                + "--password-file FILE, or add the host to ~/.netrc (machine HOST login USER password …)."
        case .cancelled:
            return "cancelled: nothing was sent."
        }
    }

    /// Where a password goes instead of the URL.
    public static let passwordPlaces = "put it in a file named with --password-file FILE, in the environment "
        + "variable \(SecretSource.environmentVariable), or in ~/.netrc (machine HOST login USER password …); "
        + "otherwise mailrepl asks for it without echo"
}
