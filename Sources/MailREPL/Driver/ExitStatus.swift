import MailNet

/// The process exit codes, documented in `mailrepl --help`.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// A line of a script could not be carried out (unknown dot-command, unreadable file).
    case scriptError = 2
    /// Name resolution or the TCP connection failed.
    case connectionFailed = 3
    /// TLS failed: handshake, certificate, or STARTTLS not offered or refused.
    case tlsFailed = 4
    /// The server stopped answering within the time-out.
    case timedOut = 5
    /// The server refused the session or closed the connection unexpectedly.
    case sessionFailed = 6
    /// `.auth`: the server refused the login, or the exchange could not be completed.
    case authenticationFailed = 7

    public static func of(_ error: SessionError) -> ExitStatus {
        switch error {
        case .transport(let transportError): return of(transportError)
        case .timedOut: return .timedOut
        case .startTLSNotOffered, .startTLSRefused, .alreadyTLS, .preauthWithoutTLS: return .tlsFailed
        case .notInMessageBody: return .scriptError
        case .closed(_, .failed(let transportError)): return of(transportError)
        case .closed, .notConnected, .greetingRefused: return .sessionFailed
        }
    }

    public static func of(_ error: TransportError) -> ExitStatus {
        switch error {
        case .nameResolution, .connectFailed, .connectTimedOut, .socket: return .connectionFailed
        case .writeTimedOut: return .timedOut
        case .tlsHandshake, .certificateRejected, .tls: return .tlsFailed
        }
    }

    /// One line per code, for `--help`.
    public static let helpText = """
        Exit status: 0 the session ran to its end; 2 a script line could not be carried out; 3 the connection \
        could not be made; 4 TLS failed (handshake, certificate, STARTTLS refused or not offered); 5 the server \
        stopped answering within the time-out; 6 the server refused the session or closed it unexpectedly; \
        7 a login (.auth) was refused; 64 the command line is wrong.
        """
}
