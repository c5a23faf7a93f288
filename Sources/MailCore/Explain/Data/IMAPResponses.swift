/// IMAP server responses: the status responses, the untagged data responses and the "+" continuation request
/// (RFC 9051 §7, RFC 3501 §7, and the extensions that add responses).
enum IMAPResponses {
    static func rev2(_ section: String) -> Citation { Citation(rfc: 9051, section: section) }
    static func rev1(_ section: String) -> Citation { Citation(rfc: 3501, section: section) }

    static func response(_ keyword: String, _ summary: String, detail: String? = nil, _ sources: [Citation])
        -> Explanation {
        Explanation(subject: keyword, summary: summary, detail: detail, sources: sources)
    }

    static let table: [String: Explanation] = Dictionary(uniqueKeysWithValues: entries.map { ($0.subject, $0) })

    static let entries: [Explanation] = [
        response("OK", "Success. Tagged: the command finished. Untagged: information, often with a [CODE].",
                 detail: "As the greeting (\"* OK\") it means: not yet logged in, LOGIN or AUTHENTICATE next.",
                 [rev2("7.1.1"), rev1("7.1.1")]),
        response("NO", "Failure: the command was understood but could not be done. Untagged: a warning.",
                 [rev2("7.1.2"), rev1("7.1.2")]),
        response("BAD", "Protocol error: the command was not understood (unknown, bad syntax, wrong state).",
                 detail: "Untagged BAD reports an error the server cannot tie to a command.",
                 [rev2("7.1.3"), rev1("7.1.3")]),
        response("PREAUTH", "Greeting: you are already logged in (authenticated state) without LOGIN.",
                 [rev2("7.1.4"), rev1("7.1.4")]),
        response("BYE", "The server is about to close the connection.",
                 detail: "Normal as part of LOGOUT; otherwise the server is shutting down, timed out the idle "
                     + "session, or refuses the client.", [rev2("7.1.5"), rev1("7.1.5")]),
        response("CAPABILITY", "The list of capabilities the server supports now (they can change at login).",
                 [rev2("7.2.2"), rev1("7.2.1")]),
        response("ENABLED", "Lists the extensions the ENABLE command switched on.",
                 [rev2("7.2.1"), Citation(rfc: 5161, section: "3.2")]),
        response("LIST", "One mailbox: its attributes, hierarchy delimiter and name.", [rev2("7.3.1"), rev1("7.2.2")]),
        response("LSUB", "One subscribed mailbox (IMAP4rev1; IMAP4rev2 uses LIST (SUBSCRIBED)).", [rev1("7.2.3")]),
        response("NAMESPACE", "The personal, other users' and shared namespaces (mailbox name prefixes).",
                 [rev2("7.3.2"), Citation(rfc: 2342, section: "5")]),
        response("STATUS", "Counts for a mailbox that is not selected (MESSAGES, UNSEEN, UIDNEXT, ...).",
                 [rev2("7.3.3"), rev1("7.2.4")]),
        response("SEARCH", "Numbers of the messages that matched SEARCH (IMAP4rev1 form).", [rev1("7.2.5")]),
        response("ESEARCH", "Extended SEARCH result: MIN, MAX, COUNT or ALL of the matching messages.",
                 [rev2("7.3.4"), Citation(rfc: 4731)]),
        response("FLAGS", "The flags defined in the selected mailbox.", [rev2("7.3.5"), rev1("7.2.6")]),
        response("EXISTS", "How many messages the mailbox now holds (sent at SELECT and when mail arrives).",
                 [rev2("7.4.1"), rev1("7.3.1")]),
        response("RECENT", "How many messages are new since the last session (IMAP4rev1 only).",
                 [rev1("7.3.2")]),
        response("EXPUNGE", "The message with this sequence number is gone; later numbers shift down by one.",
                 [rev2("7.5.1"), rev1("7.4.1")]),
        response("FETCH", "Data about one message: flags, size, envelope, body parts, as asked by FETCH.",
                 detail: "Also sent unasked when a message's flags change.", [rev2("7.5.2"), rev1("7.4.2")]),
        response("VANISHED", "These UIDs were expunged (QRESYNC replaces EXPUNGE with this).",
                 [Citation(rfc: 7162, section: "3.2.10")]),
        response("ID", "The server's name, version and similar facts, in answer to ID.",
                 [Citation(rfc: 2971, section: "3.2")]),
        response("QUOTA", "Usage and limits of a quota root (e.g. STORAGE in KiB, MESSAGE count).",
                 [Citation(rfc: 9208)]),
        response("QUOTAROOT", "Which quota roots apply to a mailbox.", [Citation(rfc: 9208)]),
        response("ACL", "Access control list of a mailbox: identifiers and their rights.", [Citation(rfc: 4314)]),
        response("LISTRIGHTS", "Rights that can be granted to an identifier on a mailbox.", [Citation(rfc: 4314)]),
        response("MYRIGHTS", "Your own rights on a mailbox.", [Citation(rfc: 4314)]),
        response("METADATA", "Annotations (metadata entries) of a mailbox or of the server.",
                 [Citation(rfc: 5464)]),
        response("SORT", "Message numbers in the order SORT asked for.", [Citation(rfc: 5256)]),
        response("THREAD", "Messages grouped into conversation threads.", [Citation(rfc: 5256)]),
        response("+", "Continuation request: the server waits for more from the client.",
                 detail: "After a literal {n}: send the n bytes now. During AUTHENTICATE: the rest is a base64 "
                     + "challenge; answer with one base64 line or \"*\" to cancel. During IDLE: idling, send DONE "
                     + "to stop.", [rev2("7.6"), rev1("7.5")]),
    ]
}
