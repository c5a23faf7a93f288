import MailCore

/// Warnings before a typed line goes to the server, for the two mistakes the wire does not forgive: a password
/// crossing a connection without TLS, and SMTP commands sent while a reply is still due to a server that did not
/// offer PIPELINING.
///
/// At a terminal a password line waits for confirmation (Enter on an empty line, or y); in a script the warning
/// is printed and the line is sent, since a script says exactly what it means.
public final class SubmissionGuard {
    /// The line waiting for the person's yes.
    private var awaitingConfirmation: [UInt8]?
    /// Set once the current burst of pipelined lines has been warned about.
    private var warnedPipelining = false

    public init() {}

    public var isAwaitingConfirmation: Bool { awaitingConfirmation != nil }

    /// Holds a line until the person confirms it.
    func hold(_ line: [UInt8]) {
        awaitingConfirmation = line
    }

    /// The held line, which is no longer held.
    func takeHeld() -> [UInt8]? {
        defer { awaitingConfirmation = nil }
        return awaitingConfirmation
    }

    /// Whether an answer to the confirmation question means yes: Enter alone, y or yes.
    static func isYes(_ answer: [UInt8]) -> Bool {
        ["", "y", "yes"].contains(String(decoding: answer, as: UTF8.self).trimmingSpaces.lowercased())
    }

    // MARK: - A password without TLS

    /// SASL mechanisms that put the password (or a bearer token) on the wire as it is, base64 being no
    /// encryption: PLAIN (RFC 4616), LOGIN, and the OAuth tokens (RFC 7628 §3, and XOAUTH2).
    static let readableMechanisms = Set(["PLAIN", "LOGIN"]).union(tokenMechanisms)
    static let tokenMechanisms: Set<String> = ["XOAUTH2", "OAUTHBEARER"]

    /// What a command line would expose if sent without TLS, in words ("the password of LOGIN"), or nil.
    public static func exposedSecret(in line: [UInt8], mailProtocol: MailProtocol) -> String? {
        var words = String(decoding: line, as: UTF8.self).split(separator: " ").map { $0.uppercased() }
        if mailProtocol == .imap, words.count > 1, !IMAPCommandName.isCommand(Substring(words[0])) {
            words.removeFirst()
        }
        guard let verb = words.first else { return nil }
        let mechanism = words.count > 1 ? words[1] : nil
        switch (mailProtocol, verb) {
        case (.imap, "LOGIN"):
            return "the password of LOGIN"
        case (.pop3, "PASS"):
            return "the password of PASS"
        case (.smtp, "AUTH"), (.pop3, "AUTH"), (.imap, "AUTHENTICATE"):
            guard let mechanism, readableMechanisms.contains(mechanism) else { return nil }
            return tokenMechanisms.contains(mechanism)
                ? "the token of \(verb) \(mechanism)"
                : "the password of \(verb) \(mechanism) (base64 is an encoding, not encryption)"
        default:
            return nil
        }
    }

    /// The warning for a line about to expose a secret without TLS, or nil.
    static func cleartextWarning(for line: [UInt8], mailProtocol: MailProtocol, isTLS: Bool,
                                 interactive: Bool) -> String? {
        guard !isTLS, let secret = exposedSecret(in: line, mailProtocol: mailProtocol) else { return nil }
        let risk = "this connection has no TLS: \(secret) would cross it readable by anyone in the network path."
        if interactive {
            return risk + " Press Enter (or y) to send it anyway, anything else to cancel; "
                + ".starttls encrypts the connection first."
        }
        return risk + " Sent anyway, as the script says; put .starttls before it to encrypt first."
    }

    // MARK: - Pipelining

    /// The warning for an SMTP command sent while a reply is still due, when the server did not list PIPELINING
    /// in its EHLO reply (RFC 2920: without it the client waits for each reply). Said once per burst.
    func pipeliningWarning(mailProtocol: MailProtocol, dialect: any Dialect) -> String? {
        guard mailProtocol == .smtp, dialect.inputMode == .command else { return nil }
        guard dialect.isAwaitingServer, !dialect.holdsInput else {
            warnedPipelining = false
            return nil
        }
        let offered = dialect.capabilities.contains { $0.split(separator: " ").first?.uppercased() == "PIPELINING" }
        guard !offered, !warnedPipelining else { return nil }
        warnedPipelining = true
        return "sent before the server answered the previous command, and it did not offer PIPELINING "
            + "(RFC 2920): many servers refuse this (\"improper command pipelining\") or hang up. "
            + "Send one command at a time, each after its reply."
    }
}
