/// The failures people hit most, and what to try. The first matching diagnosis wins, so specific ones come first.
enum Diagnoses {
    static let auth6 = Citation(rfc: 4954, section: "6")
    static let tls4 = Citation(rfc: 3207, section: "4")

    static let all: [Diagnosis] = smtp + imap + pop3

    static let smtp: [Diagnosis] = [
        Diagnosis(.smtp, "530 STARTTLS first", "The server wants TLS before this command.",
                  advice: "Run .starttls (or send STARTTLS), then EHLO again, then repeat the command. "
                      + "Or connect with smtps:// on port 465.",
                  [tls4]) { $0.code == 530 && $0.text.contains("STARTTLS") },
        Diagnosis(.smtp, "530 5.7.0", "Authentication required: log in before sending.",
                  advice: "Log in first: EHLO, STARTTLS if offered, EHLO again, then .auth plain USER. "
                      + "Port 25 rarely offers AUTH; use 587 (STARTTLS) or 465 (TLS) to submit mail.",
                  [auth6]) { $0.code == 530 && $0.enhancedIsAbsentOr("5.7.0") },
        Diagnosis(.smtp, "534 5.7.9", "The server refuses this login method for your account as too weak.",
                  advice: "Pick another mechanism from the EHLO AUTH line, over TLS. Providers that say this "
                      + "often want an app password or OAuth (XOAUTH2/OAUTHBEARER) instead of your password.",
                  [auth6]) { $0.code == 534 || $0.enhancedIs("5.7.9") },
        Diagnosis(.smtp, "535 5.7.8", "Login failed: the server rejected the user name or password.",
                  advice: "Check the user name form (often the full address), retype the password, and use an "
                      + "app password if the account has two-step login. For AUTH PLAIN the base64 must encode "
                      + "\\0user\\0password.",
                  [auth6]) { $0.code == 535 || $0.enhancedIs("5.7.8") },
        Diagnosis(.smtp, "538 5.7.11", "This login method is only allowed on an encrypted connection.",
                  advice: "Run .starttls, EHLO again, then authenticate; or connect with smtps:// on port 465.",
                  [auth6]) { $0.code == 538 || $0.enhancedIs("5.7.11") },
        Diagnosis(.smtp, "454 after STARTTLS", "The server cannot start TLS right now; the session stays plaintext.",
                  advice: "Do not send a password on this connection. Try again later or use smtps:// on port 465; "
                      + "if it persists, the server's TLS setup (certificate, key) is broken.",
                  [tls4]) { $0.code == 454 && $0.context == .starttls },
        Diagnosis(.smtp, "454 4.7.0", "Temporary authentication failure on the server side.",
                  advice: "Nothing is wrong with what you typed as far as the server says: wait a minute and retry. "
                      + "If it persists, the server's authentication backend is down; tell its admin.",
                  [auth6]) { $0.code == 454 && $0.enhancedIsAbsentOr("4.7.0") },
        Diagnosis(.smtp, "5.7.1 relaying denied", "The server will not relay this mail for you to that domain.",
                  advice: "A server only takes mail for its own domains from strangers. Log in with AUTH first "
                      + "(on port 587), or send through your own provider's submission server.",
                  [Citation(rfc: 5321, section: "3.6.2"), Citation(rfc: 3463, section: "3.8")]) { facts in
                      // No context: looked up by code alone, where RCPT is the likely command.
                      (facts.code == 550 || facts.code == 554) && (facts.context == .rcpt || facts.context == nil)
                          && (facts.enhancedIs("5.7.1") || facts.text.contains("RELAY"))
                  },
        Diagnosis(.smtp, "553 5.7.1 sender not allowed", "You may not send with this MAIL FROM address.",
                  advice: "Use the address that belongs to the account you logged in with (or one the provider "
                      + "lets you use as an alias); the MAIL FROM must match your login.",
                  [Citation(rfc: 5321, section: "4.2.3"), Citation(rfc: 3463, section: "3.8")]) { facts in
                      facts.code == 553 && (facts.context == .mail || facts.enhancedIs("5.7.1"))
                  },
        Diagnosis(.smtp, "552 message too big", "The message (or its declared SIZE) is larger than allowed.",
                  advice: "Compare its size with the SIZE number in the EHLO reply; shrink or drop attachments, "
                      + "or send a link instead.",
                  [Citation(rfc: 5321, section: "4.2.3"), Citation(rfc: 1870)]) { facts in
                      (facts.code == 552 && !facts.enhancedIs("5.2.2")) || facts.enhancedIs("5.3.4")
                          || facts.enhancedIs("5.2.3")
                  },
        Diagnosis(.smtp, "421", "The server is closing the connection.",
                  advice: "Reconnect later. Right after connecting it usually means overload, too many "
                      + "connections from you, or your IP address is blocked; after a pause, a timeout.",
                  [Citation(rfc: 5321, section: "4.2.3")]) { $0.code == 421 },
        Diagnosis(.smtp, "550 5.1.1", "No such mailbox at that domain.",
                  advice: "Check the spelling of the address left of \"@\"; the recipient may have left.",
                  [Citation(rfc: 3463, section: "3.2")]) { $0.enhancedIs("5.1.1") },
    ]

    static let imap: [Diagnosis] = [
        Diagnosis(.imap, "NO [AUTHENTICATIONFAILED]", "Login failed: credentials rejected.",
                  advice: "Check the user name (full address?), the password, and whether the account needs an "
                      + "app password. Quote a password containing spaces or \"\\\": LOGIN user \"pass word\".",
                  [Citation(rfc: 5530, section: "3")]) { $0.responseCode == "AUTHENTICATIONFAILED" },
        Diagnosis(.imap, "NO [UNAVAILABLE]", "Temporary failure on the server side.",
                  advice: "Not your credentials: a part of the server is down. Wait and try again.",
                  [Citation(rfc: 5530, section: "3")]) { $0.responseCode == "UNAVAILABLE" },
        Diagnosis(.imap, "NO [PRIVACYREQUIRED]", "Refused because the connection is not encrypted.",
                  advice: "Run .starttls (or a STARTTLS command) and log in again, or connect with imaps:// on 993.",
                  [Citation(rfc: 5530, section: "3")]) { $0.responseCode == "PRIVACYREQUIRED" },
        Diagnosis(.imap, "NO [EXPIRED]", "Your password or certificate has expired.",
                  advice: "Renew the password with the provider (often on its web page), then log in again.",
                  [Citation(rfc: 5530, section: "3")]) { $0.responseCode == "EXPIRED" },
        Diagnosis(.imap, "BYE at login", "The server hung up during login.",
                  advice: "Read the text: too many failed attempts, a disabled account, or a server shutdown. "
                      + "Wait before retrying, so you are not locked out for longer.",
                  [Citation(rfc: 9051, section: "7.1.5")]) { facts in
                      facts.status == "BYE" && (facts.verb == "LOGIN" || facts.verb == "AUTHENTICATE")
                  },
        Diagnosis(.imap, "NO after LOGIN", "Login failed.",
                  advice: "Check user name and password; if LOGINDISABLED is advertised, start TLS first.",
                  [Citation(rfc: 9051, section: "6.2.3")]) { facts in
                      facts.status == "NO" && (facts.verb == "LOGIN" || facts.verb == "AUTHENTICATE")
                          && facts.responseCode == nil
                  },
    ]

    static let pop3: [Diagnosis] = [
        Diagnosis(.pop3, "-ERR [IN-USE]", "The mailbox is locked by another POP3 session.",
                  advice: "Close other mail programs and phones checking this account, or wait until their "
                      + "session ends, then log in again.",
                  [Citation(rfc: 2449, section: "8.1.2")]) { $0.responseCode == "IN-USE" },
        Diagnosis(.pop3, "-ERR [LOGIN-DELAY]", "You must wait longer between logins.",
                  advice: "Wait at least the seconds given by LOGIN-DELAY in CAPA, then log in again; "
                      + "poll less often.",
                  [Citation(rfc: 2449, section: "8.1.1")]) { $0.responseCode == "LOGIN-DELAY" },
        Diagnosis(.pop3, "-ERR [AUTH]", "Your credentials were rejected.",
                  advice: "Check user name and password; the account may be locked or need an app password. "
                      + "Retrying with the same password will not help.",
                  [Citation(rfc: 3206, section: "5")]) { $0.responseCode == "AUTH" },
        Diagnosis(.pop3, "-ERR [SYS/TEMP]", "A temporary problem on the server.",
                  advice: "Not your fault: try again in a few minutes.",
                  [Citation(rfc: 3206, section: "4")]) { $0.responseCode == "SYS/TEMP" },
        Diagnosis(.pop3, "-ERR [SYS/PERM]", "A lasting problem on the server.",
                  advice: "Retrying will not help: contact the provider's support and quote the text.",
                  [Citation(rfc: 3206, section: "4")]) { $0.responseCode == "SYS/PERM" },
    ]

    static func first(for facts: Diagnosis.Facts, in mailProtocol: MailProtocol) -> Explanation? {
        all.first { $0.mailProtocol == mailProtocol && $0.matches(facts) }?.explanation
    }
}
