import MailCore

/// What a server's refusal means for the check, in plain words, and what to do. The meanings are the cited RFCs';
/// the words providers add (Gmail's "Application-specific password required", Postfix's "Relay access denied")
/// are matched where no code tells them apart.
public struct CheckDiagnosis: Equatable, Sendable {
    public var cause: String
    public var fix: String

    public init(cause: String, fix: String) {
        self.cause = cause
        self.fix = fix
    }

    /// What the reply line says, reduced to what the rules look at.
    struct Reply {
        var code = 0
        var enhanced = ""
        /// IMAP or POP3 response code in brackets, upper-case, without arguments.
        var responseCode = ""
        var text = ""

        init(_ line: [UInt8], mailProtocol: MailProtocol) {
            let string = String(decoding: line, as: UTF8.self)
            text = string.uppercased()
            switch mailProtocol {
            case .smtp:
                if let reply = SMTPReplyLine(line) {
                    code = reply.code
                    let word = reply.text.prefix { $0 != " " }
                    let parts = word.split(separator: ".")
                    if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
                        enhanced = String(word)
                    }
                }
            case .imap, .pop3:
                if let open = string.firstIndex(of: "["), let close = string[open...].firstIndex(of: "]") {
                    responseCode = string[string.index(after: open)..<close].split(separator: " ").first
                        .map { $0.uppercased() } ?? ""
                }
            }
        }

        func says(_ words: String...) -> Bool {
            words.contains { text.contains($0.uppercased()) }
        }
    }

    // MARK: - Logins

    /// A refused login (SMTP 5xx/4xx after AUTH, IMAP NO/BAD, POP3 -ERR).
    public static func loginRefused(_ line: [UInt8], mailProtocol: MailProtocol,
                                    user: String) -> CheckDiagnosis {
        let reply = Reply(line, mailProtocol: mailProtocol)
        if reply.says("application-specific password", "app password", "app-specific password",
                      "application specific password") {
            return CheckDiagnosis(
                cause: "the account needs an app password: the provider refuses the account's own password from "
                    + "mail programs (two-step verification is on)",
                fix: "create an app password in the account's security settings and use it instead of the account "
                    + "password, or log in with OAuth (--mech XOAUTH2 or OAUTHBEARER with a token)")
        }
        if reply.code == 534 || reply.enhanced == "5.7.9" {
            return CheckDiagnosis(
                cause: "the server refuses this mechanism for this account as too weak (RFC 4954 §6, 534 5.7.9)",
                fix: "try a stronger mechanism the server offers (--mech), over TLS; providers that say this often "
                    + "want an app password or OAuth")
        }
        if reply.code == 530 && reply.says("STARTTLS") {
            return CheckDiagnosis(
                cause: "the server takes AUTH only after STARTTLS (RFC 3207 §4)",
                fix: "let the check run STARTTLS (leave out --no-starttls), or use the implicit-TLS port 465")
        }
        if reply.code == 538 || reply.enhanced == "5.7.11" || reply.responseCode == "PRIVACYREQUIRED"
            || reply.says("plaintext authentication disallowed", "plaintext authentication not allowed") {
            return CheckDiagnosis(
                cause: "the server refuses this login without TLS, to keep the password off the wire in clear "
                    + "(RFC 4954 §6 538 5.7.11, RFC 5530 PRIVACYREQUIRED)",
                fix: "log in after STARTTLS (leave out --no-starttls) or on the implicit-TLS port, or use a "
                    + "mechanism that does not send the password (SCRAM-SHA-256, CRAM-MD5)")
        }
        if reply.code == 454 || reply.enhanced.hasPrefix("4.") || reply.responseCode == "UNAVAILABLE"
            || reply.responseCode == "SYS/TEMP" {
            return CheckDiagnosis(
                cause: "a temporary failure on the server's side, not a verdict on the password (RFC 4954 §6 454, "
                    + "RFC 5530 UNAVAILABLE, RFC 3206 SYS/TEMP)",
                fix: "wait a minute and run the check again; if it persists, the server's authentication back end "
                    + "is down: tell its administrator")
        }
        if reply.responseCode == "EXPIRED" {
            return CheckDiagnosis(cause: "the password has expired (RFC 5530 EXPIRED)",
                                  fix: "renew it with the provider, then log in again")
        }
        if reply.code == 503 && reply.says("not enabled", "not supported", "not available") {
            return CheckDiagnosis(
                cause: "the server does not take AUTH on this port or at this point",
                fix: "submit on port 587 (STARTTLS) or 465 (implicit TLS); port 25 is for mail between servers")
        }
        if reply.code == 504 || reply.says("unrecognized authentication type", "unsupported mechanism",
                                          "unsupported authentication mechanism") {
            return CheckDiagnosis(cause: "the server does not know this mechanism (RFC 4954 §4, 504)",
                                  fix: "pick one it lists on its AUTH line (--mech)")
        }
        if reply.code == 535 || reply.enhanced == "5.7.8" || reply.responseCode == "AUTHENTICATIONFAILED"
            || reply.responseCode == "AUTH" || reply.text.hasPrefix("-ERR") || reply.says(" NO ") {
            let form = user.contains("@") ? "" : " (many servers want the whole e-mail address, not \(user) alone)"
            let source: String
            switch mailProtocol {
            case .smtp: source = "535 5.7.8, RFC 4954 §6"
            case .imap: source = "AUTHENTICATIONFAILED, RFC 5530 §3"
            case .pop3: source = "-ERR [AUTH], RFC 3206 §5"
            }
            return CheckDiagnosis(
                cause: "the server rejected the user name or the password (\(source))",
                fix: "check the user name\(form), retype the password, and see whether the account needs an app "
                    + "password; retrying the same password only delays you further")
        }
        return CheckDiagnosis(cause: "the server refused the login",
                              fix: "read the server's reply above; --record FILE keeps the whole exchange")
    }

    // MARK: - Envelope

    /// A refused MAIL FROM.
    public static func senderRefused(_ line: [UInt8], sender: String, authenticated: Bool,
                                     user: String?) -> CheckDiagnosis {
        let reply = Reply(line, mailProtocol: .smtp)
        if reply.says("not owned", "sender address rejected", "not allowed to send", "sender not authorized",
                      "not authorized to send", "sender mismatch") || (reply.code == 553 && authenticated) {
            return CheckDiagnosis(
                cause: "the sender <\(sender)> does not belong to the account"
                    + (user.map { " \($0)" } ?? "") + ": the server lets an account send only from its own "
                    + "addresses (RFC 5321 §4.2.3 553, RFC 3463 5.7.1)",
                fix: "use the account's own address (or an alias the provider lets you use) in MAIL FROM; the "
                    + "From: header usually has to match too")
        }
        return envelopeCommon(reply, authenticated: authenticated)
            ?? CheckDiagnosis(cause: "the server refused the sender <\(sender)>",
                              fix: "read the server's reply above")
    }

    /// A refused RCPT TO.
    public static func recipientRefused(_ line: [UInt8], recipient: String, authenticated: Bool,
                                        port: Int) -> CheckDiagnosis {
        let reply = Reply(line, mailProtocol: .smtp)
        if reply.says("relay access denied", "relaying denied", "relay not permitted", "relaying not allowed",
                      "unable to relay", "relay denied") || (reply.enhanced == "5.7.1" && !authenticated) {
            if authenticated {
                return CheckDiagnosis(
                    cause: "relaying denied even after logging in: this account may not send to other domains "
                        + "through this server (RFC 5321 §3.6.2)",
                    fix: "ask the provider whether this account may relay, or submit through the account's own "
                        + "provider")
            }
            return CheckDiagnosis(
                cause: "relaying denied: without logging in, the server takes mail only for its own domains "
                    + "(RFC 5321 §3.6.2, RFC 3463 5.7.1)",
                fix: port == 25
                    ? "port 25 is for mail between servers; submit on 587 or 465 and log in: add user@ to the URL"
                    : "log in first: add user@ to the URL (e.g. smtp://alice@host:587)")
        }
        if reply.enhanced == "5.1.1" || reply.says("user unknown", "no such user", "mailbox unavailable",
                                                   "recipient address rejected: user unknown") {
            return CheckDiagnosis(cause: "the server knows no such recipient <\(recipient)> (RFC 3463 5.1.1)",
                                  fix: "check the address")
        }
        if reply.code / 100 == 4 {
            return CheckDiagnosis(
                cause: "the server deferred the recipient: a temporary refusal (greylisting, a full queue, a "
                    + "lookup that failed)",
                fix: "a real client would retry later; run the check again in a few minutes")
        }
        return envelopeCommon(reply, authenticated: authenticated)
            ?? CheckDiagnosis(cause: "the server refused the recipient <\(recipient)>",
                              fix: "read the server's reply above")
    }

    private static func envelopeCommon(_ reply: Reply, authenticated: Bool) -> CheckDiagnosis? {
        if reply.code == 530 && reply.says("STARTTLS") {
            return CheckDiagnosis(cause: "the server takes no mail before STARTTLS (RFC 3207 §4)",
                                  fix: "leave out --no-starttls, so that the check runs STARTTLS first")
        }
        if reply.code == 530 || (reply.enhanced == "5.7.0" && !authenticated) {
            return CheckDiagnosis(cause: "the server wants a login before it takes mail (RFC 4954 §6 530 5.7.0)",
                                  fix: "add user@ to the URL so that the check logs in first")
        }
        return nil
    }
}
