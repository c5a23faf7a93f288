/// The SMTP reply codes: every code of RFC 5321 §4.2.2/§4.2.3, the AUTH codes of RFC 4954, and 521/556 of
/// RFC 7504, each with its meaning after the commands that can draw it (RFC 5321 §4.3.2).
///
/// 523, 524 and 525 are not here: no RFC defines them as reply codes. They appear only as the "associated basic
/// status code" of X.7.10, X.7.11 and X.7.13 in the enhanced status code registry (RFC 5248 §2.4), so an unknown
/// code falls back to the first- and second-digit meanings of RFC 5321 §4.2.1.
enum SMTPReplyCodes {
    static func rfc5321(_ section: String) -> Citation { Citation(rfc: 5321, section: section) }
    static let auth4 = Citation(rfc: 4954, section: "4")
    static let auth6 = Citation(rfc: 4954, section: "6")
    static let tls = Citation(rfc: 3207, section: "4")
    static let numeric = rfc5321("4.2.3")
    static let sequences = rfc5321("4.3.2")

    static let table: [Int: SMTPReplyCodeEntry] = Dictionary(
        uniqueKeysWithValues: entries.map { ($0.code, $0) })

    static let entries: [SMTPReplyCodeEntry] = [
        .init(211, "System status, or a reply to HELP about the system.", [numeric],
              after: [(.help, "Status or help information about the server follows.", nil, [sequences])]),
        .init(214, "Help message, meant for a human reader.",
              detail: "Information on how to use the server or on a non-standard command.", [numeric],
              after: [(.help, "The server's help text; read it, it is not for programs.", nil, [sequences])]),
        .init(220, "Service ready.",
              detail: "The first word after the code is the server's own domain name (RFC 5321 §4.3.1).",
              [numeric],
              after: [
                (.greeting, "Ready: the server greets you. Say EHLO next.",
                 "The server is ready for a session. Introduce yourself with EHLO (or HELO for plain old SMTP).",
                 [rfc5321("4.3.1"), rfc5321("3.1")]),
                (.starttls, "Go ahead with TLS: the TLS handshake must start now.",
                 "Nothing more is sent in plaintext. After the handshake everything learned before it is "
                     + "forgotten, so send EHLO again (RFC 3207 §4.2).",
                 [tls, Citation(rfc: 3207, section: "4.2")]),
              ]),
        .init(221, "Service closing the connection; goodbye.", [numeric],
              after: [(.quit, "Goodbye: the server closes the connection as you asked.", nil, [rfc5321("4.1.1.10")])]),
        .init(235, "Authentication succeeded.", [auth6, auth4],
              after: [(.auth, "Logged in: the server accepted your credentials. MAIL FROM may follow.", nil,
                       [auth6])]),
        .init(250, "Requested mail action okay, completed.", [numeric],
              after: [
                (.hello, "Hello accepted; any further lines list the extensions the server offers.",
                 "The first line names the server; each following line is one EHLO keyword such as "
                     + "STARTTLS, AUTH or SIZE.", [rfc5321("4.1.1.1")]),
                (.mail, "Sender accepted: a mail transaction has started. Give recipients with RCPT TO.",
                 nil, [rfc5321("4.1.1.2")]),
                (.rcpt, "Recipient accepted. Add more with RCPT TO, or send DATA.", nil, [rfc5321("4.1.1.3")]),
                (.endOfData, "Message accepted for delivery: the server is now responsible for it.",
                 "From now on the server must deliver the message, or send a bounce to the MAIL FROM address "
                     + "if it cannot.", [rfc5321("4.2.5")]),
                (.bdat, "Chunk accepted.", "After BDAT ... LAST, this accepts the whole message.",
                 [Citation(rfc: 3030)]),
                (.rset, "Transaction cleared: sender, recipients and data are forgotten.", nil,
                 [rfc5321("4.1.1.5")]),
                (.noop, "OK: the server is alive. NOOP changes nothing.", nil, [rfc5321("4.1.1.9")]),
                (.vrfy, "The address exists; the reply shows the mailbox.", nil, [rfc5321("3.5.3")]),
                (.expn, "The mailing list's members follow, one per line.", nil, [rfc5321("3.5.1")]),
              ]),
        .init(251, "User not local; the server will forward to the address it gives.", [numeric, rfc5321("3.4")],
              after: [(.rcpt, "Recipient accepted, but it will be forwarded to the address shown.", nil,
                       [rfc5321("3.4")])]),
        .init(252, "Cannot verify the user, but the server will accept mail and try to deliver.",
              [numeric, rfc5321("3.5.3")],
              after: [(.vrfy, "Cannot verify this address now, but mail to it would be accepted.", nil,
                       [rfc5321("3.5.3")])]),
        .init(334, "Server challenge: a base64 text the client must answer (AUTH in progress).",
              detail: "Answer with one base64 line, or \"*\" to cancel the authentication.", [auth4],
              after: [(.auth, "Server challenge: answer with one base64 line, or \"*\" to cancel.", nil, [auth4])]),
        .init(354, "Start mail input; end with a line holding only \".\".", [numeric],
              after: [(.data, "Send the message now: header fields, a blank line, the body, then \".\" alone.",
                       "Lines starting with \".\" must be doubled (dot-stuffing, RFC 5321 §4.5.2).",
                       [rfc5321("4.1.1.4"), rfc5321("4.5.2")])]),
        .init(421, "Service not available; the server is closing the connection.",
              detail: "This may answer any command when the server must shut the session down.", [numeric],
              after: [(.greeting, "The server will not talk to you now and is hanging up.", nil,
                       [rfc5321("3.1")])]),
        .init(432, "A password transition is needed before this mechanism can be used.",
              detail: "Log in once with PLAIN (over TLS); the chosen mechanism should work afterwards.", [auth6]),
        .init(450, "Mailbox unavailable for now (busy, or temporarily blocked by policy); try later.", [numeric],
              after: [
                (.mail, "Sender temporarily refused (often greylisting or a policy check); retry later.", nil,
                 [sequences]),
                (.rcpt, "Recipient temporarily unavailable (busy mailbox or greylisting); retry later.", nil,
                 [sequences]),
                (.endOfData, "Message temporarily refused for policy reasons; the client keeps it.", nil,
                 [sequences, rfc5321("4.2.5")]),
              ]),
        .init(451, "Requested action aborted: local error in processing; try again later.", [numeric],
              after: [(.endOfData, "The server failed while taking the message; it will not deliver it.",
                       "After a 4xx to the final \".\", the client keeps responsibility and should retry later.",
                       [rfc5321("4.2.5")])]),
        .init(452, "Requested action not taken: insufficient system storage.", [numeric],
              after: [
                (.rcpt, "Too many recipients, or no room: send the remaining recipients in a later message.",
                 nil, [rfc5321("4.5.3.1.10")]),
                (.endOfData, "No room to store the message right now; try again later.", nil, [sequences]),
              ]),
        .init(454, "Temporary failure: TLS or authentication is not possible right now.", [tls, auth6],
              after: [
                (.starttls, "TLS not available for a temporary reason; the session stays plaintext.", nil, [tls]),
                (.auth, "Temporary authentication failure on the server side; try again later.", nil, [auth6]),
              ]),
        .init(455, "Server unable to accommodate the parameters given now; try later.", [numeric]),
        .init(500, "Syntax error, command unrecognized (or the command line was too long).", [numeric],
              after: [(.auth, "Authentication line too long for the server's buffer.", nil, [auth6])]),
        .init(501, "Syntax error in parameters or arguments.", [numeric],
              after: [
                (.auth, "Authentication cancelled, or your answer was not valid base64.", nil, [auth4]),
                (.starttls, "STARTTLS takes no parameters.", nil, [tls]),
                (.hello, "Bad EHLO/HELO argument: give your host's domain name or an address literal.", nil,
                 [rfc5321("4.1.1.1")]),
              ]),
        .init(502, "Command not implemented: recognized but not offered here.", [numeric, rfc5321("4.2.4")]),
        .init(503, "Bad sequence of commands: this command is not allowed at this point.",
              detail: "Typical causes: MAIL before EHLO, RCPT before MAIL, DATA without recipients, or AUTH "
                  + "when already logged in.", [numeric],
              after: [(.auth, "AUTH not allowed now (already authenticated, or inside a mail transaction).", nil,
                       [auth4])]),
        .init(504, "Command parameter not implemented.", [numeric],
              after: [(.auth, "The server does not support that authentication mechanism.", nil, [auth4])]),
        .init(521, "This host does not accept mail at all.", [Citation(rfc: 7504)],
              after: [(.greeting, "This host never accepts mail; it says so instead of a greeting.", nil,
                       [Citation(rfc: 7504)])]),
        .init(530, "Authentication required: log in (AUTH) before this command.",
              detail: "RFC 3207 §4 also uses 530 for \"Must issue a STARTTLS command first\".", [auth6, tls]),
        .init(534, "Authentication mechanism is too weak for this user; choose a stronger one.", [auth6]),
        .init(535, "Authentication credentials invalid.", [auth6],
              after: [(.auth, "Login failed: user name or password (or token) not accepted.", nil, [auth6])]),
        .init(538, "Encryption required for this authentication mechanism; start TLS first.", [auth6]),
        .init(550, "Requested action not taken: mailbox unavailable, no access, or refused by policy.", [numeric],
              after: [
                (.mail, "Sender refused (policy, or the address is not allowed from this client).", nil,
                 [sequences]),
                (.rcpt, "Recipient refused: no such mailbox, or the server will not relay for you.",
                 "A server that declines to relay mail to another domain for policy reasons answers 550 "
                     + "(RFC 5321 §3.6.2).", [sequences, rfc5321("3.6.2")]),
                (.endOfData, "Message refused for policy reasons (content, spam check); it will not be delivered.",
                 nil, [sequences, rfc5321("4.2.5")]),
                (.vrfy, "No such user, or the server will not tell.", nil, [rfc5321("3.5.1")]),
                (.expn, "Not a list, or access to it is denied.", nil, [rfc5321("3.5.1")]),
              ]),
        .init(551, "User not local; please try the address the server gives.", [numeric, rfc5321("3.4")],
              after: [(.rcpt, "Recipient refused here; the reply may name the right address to use.", nil,
                       [rfc5321("3.4")])]),
        .init(552, "Requested mail action aborted: exceeded storage allocation.", [numeric],
              after: [
                (.mail, "The declared SIZE is larger than the server accepts.", nil,
                 [Citation(rfc: 1870, section: "6")]),
                (.rcpt, "Recipient's storage is exceeded (or too many recipients, in older servers).", nil,
                 [sequences, rfc5321("4.5.3.1.10")]),
                (.endOfData, "Message refused: too big, or the mailbox is over its storage limit.", nil,
                 [sequences]),
              ]),
        .init(553, "Requested action not taken: mailbox name not allowed (e.g. bad syntax).", [numeric],
              after: [
                (.mail, "Sender address not allowed (bad syntax, or not yours to use).", nil, [sequences]),
                (.rcpt, "Recipient address not allowed (bad syntax or refused name).", nil, [sequences]),
                (.vrfy, "The name is ambiguous; the reply may list the possible mailboxes.", nil,
                 [rfc5321("3.5.1")]),
              ]),
        .init(554, "Transaction failed (at connection time: \"No SMTP service here\").", [numeric],
              after: [
                (.greeting, "No SMTP service here for you: the server refuses this connection.", nil,
                 [numeric, rfc5321("3.1")]),
                (.data, "No valid recipients: DATA refused, do not send the message.", nil, [rfc5321("3.3")]),
                (.endOfData, "Message refused: the transaction failed and the message will not be delivered.",
                 nil, [sequences, rfc5321("4.2.5")]),
              ]),
        .init(555, "MAIL FROM/RCPT TO parameters not recognized or not implemented.", [numeric]),
        .init(556, "The recipient's domain does not accept mail.",
              detail: "Typically the domain publishes a \"null MX\" saying it receives no mail (RFC 7505).",
              [Citation(rfc: 7504), Citation(rfc: 7505)],
              after: [(.rcpt, "That domain does not accept mail at all (it has a null MX).", nil,
                       [Citation(rfc: 7504), Citation(rfc: 7505)])]),
    ]
}
