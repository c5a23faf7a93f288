/// POP3 status indicators (RFC 1939 §3) and the "+" SASL continuation (RFC 5034 §4), with their meaning after
/// particular commands.
enum POP3Statuses {
    static let basics = Citation(rfc: 1939, section: "3")
    static func pop3(_ section: String) -> Citation { Citation(rfc: 1939, section: section) }

    static let ok = Explanation(subject: "+OK", summary: "Success: the command worked.", sources: [basics])
    static let err = Explanation(subject: "-ERR", summary: "Failure: the command did not work; the text says why.",
                                 detail: "A bracketed code right after -ERR, such as [IN-USE], says why in a "
                                     + "machine-readable way (RFC 2449 §8).",
                                 sources: [basics, Citation(rfc: 2449, section: "8")])
    static let continuation = Explanation(
        subject: "+", summary: "SASL challenge during AUTH: answer with one base64 line, or \"*\" to cancel.",
        sources: [Citation(rfc: 5034, section: "4")])

    /// Meanings of +OK after a command (upper-cased verb; "" for the greeting).
    static let okAfter: [String: (String, [Citation])] = [
        "": ("Greeting: the server is ready. Log in with USER/PASS, APOP or AUTH.", [pop3("4")]),
        "USER": ("User name noted; send PASS next.", [pop3("7")]),
        "PASS": ("Logged in: the mailbox is locked for you (TRANSACTION state).", [pop3("7"), pop3("4")]),
        "APOP": ("Logged in: the mailbox is locked for you (TRANSACTION state).", [pop3("7")]),
        "AUTH": ("Logged in: the mailbox is locked for you (TRANSACTION state).", [Citation(rfc: 5034, section: "4")]),
        "STAT": ("Message count and total size in octets follow on this line.", [pop3("5")]),
        "LIST": ("Message number and size; without an argument a list follows, ending with \".\".", [pop3("5")]),
        "RETR": ("The whole message follows, ending with a line holding only \".\".", [pop3("5")]),
        "TOP": ("Headers and the first lines of the body follow, ending with \".\".", [pop3("7")]),
        "UIDL": ("Unique IDs follow (one, or a list ending with \".\").", [pop3("7")]),
        "DELE": ("Marked for deletion; it is removed only when you QUIT.", [pop3("5")]),
        "RSET": ("Deletion marks removed: nothing will be deleted.", [pop3("5")]),
        "NOOP": ("OK: the server is alive.", [pop3("5")]),
        "QUIT": ("Goodbye: messages marked with DELE are now removed (UPDATE state).", [pop3("6")]),
        "CAPA": ("The capability list follows, one per line, ending with \".\".", [Citation(rfc: 2449, section: "5")]),
        "STLS": ("Go ahead with TLS: the TLS handshake must start now.", [Citation(rfc: 2595, section: "4")]),
        "UTF8": ("UTF-8 mode is on.", [Citation(rfc: 6856)]),
    ]

    /// Meanings of -ERR after a command.
    static let errAfter: [String: (String, [Citation])] = [
        "": ("The server refuses the session.", [pop3("4")]),
        "USER": ("User name refused (some servers accept any name and fail at PASS).", [pop3("7")]),
        "PASS": ("Login failed: wrong password, or the mailbox could not be locked.", [pop3("7")]),
        "APOP": ("Login failed: wrong digest or user, or the mailbox could not be locked.", [pop3("7")]),
        "AUTH": ("Authentication failed or was cancelled.", [Citation(rfc: 5034, section: "4")]),
        "RETR": ("No such message (wrong number, or already marked deleted).", [pop3("5")]),
        "DELE": ("No such message, or it is already marked deleted.", [pop3("5")]),
        "LIST": ("No such message.", [pop3("5")]),
        "TOP": ("No such message.", [pop3("7")]),
        "UIDL": ("No such message.", [pop3("7")]),
        "QUIT": ("Some messages marked for deletion could not be removed.", [pop3("6")]),
        "STLS": ("TLS cannot be started now.", [Citation(rfc: 2595, section: "4")]),
    ]
}
