import MailCore
import MailNet

/// Every failure, in words: what happened, and what to try. The one place where errors become user text.
public enum UserMessage {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as SessionError: return describe(error)
        case let error as TransportError: return describe(error)
        case let error as MailTargetError: return describe(error)
        case let error as AuthenticationError: return describe(error)
        case let error as SASLError: return describe(error)
        case let error as SecretSource.Problem: return describe(error)
        default: return "\(error)"
        }
    }

    public static func describe(_ error: SessionError) -> String {
        switch error {
        case .transport(let transportError):
            return describe(transportError)
        case .timedOut(let awaiting, let seconds):
            return "no answer: waited \(format(seconds)) s for \(awaiting) and nothing more arrived. "
                + "The server may be slow, or waiting for something else (a literal, a line end). "
                + "Try --timeout SECONDS, or .reconnect."
        case .notConnected:
            return "not connected. Use .reconnect to open the connection again."
        case .closed(let awaiting, let reason):
            return describe(reason) + " (while waiting for \(awaiting))"
        case .startTLSNotOffered(let mailProtocol, let capabilities):
            let command = mailProtocol.startTLSCommand
            return "the server does not offer \(command): its capabilities are "
                + (capabilities.isEmpty ? "(none)" : capabilities.map(TerminalSafeText.escape).joined(separator: ", "))
                + ". Nothing was sent in the clear after this. Try the implicit-TLS form (\(mailProtocol.rawValue)s://, "
                + "port \(mailProtocol.implicitTLSPort)), or ask the server's administrator to enable TLS."
        case .startTLSRefused(let mailProtocol, let reply):
            return "the server refused \(mailProtocol.startTLSCommand): "
                + (reply.isEmpty ? "no answer" : TerminalSafeText.escape(reply))
                + ". The session stays in plaintext; nothing secret was sent."
        case .alreadyTLS:
            return "this connection already uses TLS."
        case .preauthWithoutTLS:
            return "the server greeted with PREAUTH: the session is already logged in, in plaintext, and STARTTLS "
                + "is only allowed before that (RFC 9051 §6.2.1). TLS is required, so nothing more was sent. "
                + "An attacker in the network path can send PREAUTH to keep TLS off; use imaps:// (port 993)."
        case .notInMessageBody:
            return "message content can only be sent after DATA was answered with 354."
        case .greetingRefused(let reply):
            return "the server refused the session in its greeting: \(TerminalSafeText.escape(reply))."
        }
    }

    public static func describe(_ error: TransportError) -> String {
        switch error {
        case .nameResolution(let host, let reason):
            return "cannot resolve \(TerminalSafeText.escape(host)): \(reason). Check the host name for typos."
        case .connectFailed(let host, let port, let attempts):
            let tried = attempts.map { "\($0.address): \($0.reason)" }.joined(separator: "; ")
            return "cannot connect to \(TerminalSafeText.escape(host)) port \(port) (\(tried)). "
                + "Check the port, and that the server is running and reachable."
        case .connectTimedOut(let host, let port, let seconds):
            return "no answer from \(TerminalSafeText.escape(host)) port \(port) within \(format(seconds)) s. "
                + "A firewall may be dropping the connection; try another port or --connect-timeout SECONDS."
        case .socket(let operation, let reason):
            return "the connection failed (\(operation): \(reason))."
        case .writeTimedOut(let seconds):
            return "the server stopped accepting data for \(format(seconds)) s."
        case .tlsHandshake(let reason, let hint):
            return "the TLS handshake failed: \(reason)." + (hint.map { " \($0)" } ?? "")
        case .certificateRejected(let problem):
            return describe(problem)
        case .tls(let operation, let reason):
            return "TLS failed (\(operation): \(reason))."
        }
    }

    public static func describe(_ problem: CertificateProblem) -> String {
        let host = TerminalSafeText.escape(problem.host)
        let cause: String
        switch problem.kind {
        case .expired:
            cause = "the server's certificate has expired"
        case .notYetValid:
            cause = "the server's certificate is not valid yet (or this machine's clock is wrong)"
        case .selfSigned:
            cause = "the certificate is self-signed: nobody vouches for it. If you trust this server, pass its "
                + "certificate with --cafile FILE"
        case .unknownIssuer:
            cause = "the certificate was issued by a CA this machine does not trust. Pass the CA's certificate "
                + "with --cafile FILE"
        case .nameMismatch:
            let names = problem.subjectAlternativeNames.map(TerminalSafeText.escape).joined(separator: ", ")
            cause = "the certificate is not for \(host)"
                + (names.isEmpty ? "" : " (it names \(names))") + ". Connect with a name the certificate lists"
        case .other:
            cause = "the certificate could not be verified"
        }
        var text = "refused the server's certificate: \(cause) (OpenSSL: \(problem.verifyText), code \(problem.verifyCode))."
        for (depth, line) in problem.chain.enumerated() {
            text += "\n   \(depth): \(TerminalSafeText.escape(line))"
        }
        text += "\n   Nothing was sent over this connection. --insecure skips the check (anyone in the path can then "
            + "read the session)."
        return text
    }

    public static func describe(_ reason: CloseReason) -> String {
        switch reason {
        case .byClient:
            return "connection closed."
        case .byServerAsAnnounced:
            return "the server closed the connection, as it said it would."
        case .byServerUnexpectedly(let midResponse):
            return "the server closed the connection" + (midResponse ? " in the middle of a response" : "")
                + " without saying goodbye."
        case .failed(let error):
            // A refused certificate or a failed handshake is a decision, not a loss: say it as it is.
            switch error {
            case .certificateRejected, .tlsHandshake: return describe(error)
            default: return "connection lost: " + describe(error)
            }
        case .replyTooLong(let lines):
            return "closed the connection: the server sent \(lines) lines of one reply without ending it "
                + "(the last line of a reply has a space after its code, RFC 5321 §4.2.1)."
        }
    }

    public static func describe(_ error: MailTargetError) -> String {
        switch error {
        case .missingScheme(let text):
            return "'\(TerminalSafeText.escape(text))' is not a URL: write it as smtp://host, imaps://host:993, "
                + "pop3://user@host …"
        case .unknownScheme(let scheme):
            return "unknown scheme '\(TerminalSafeText.escape(scheme))': use smtp, smtps, imap, imaps, pop3 or pop3s."
        case .passwordInURL:
            return "a password in the URL would be visible in the process list and your shell history; "
                + "give only the user (imap://alice@host) and " + passwordPlaces + "."
        case .invalidUser(let user):
            return "'\(TerminalSafeText.escape(user))' is not a valid user name (check its %-encoding)."
        case .invalidHost(let host):
            return "'\(TerminalSafeText.escape(host))' is not a valid host: use a name, an IPv4 address, "
                + "or an IPv6 address in brackets ([::1])."
        case .invalidPort(let port):
            return "'\(TerminalSafeText.escape(port))' is not a port number (1 to 65535)."
        }
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
