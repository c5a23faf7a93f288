/// IMAP response codes, the bracketed atom after OK, NO, BAD, PREAUTH or BYE (RFC 9051 §7.1): every row of the
/// IANA "IMAP Response Codes" registry (RFC 5530 §5), plus CAPABILITY, which RFC 3501 and RFC 9051 define too.
enum IMAPResponseCodes {
    static let rev2 = Citation(rfc: 9051, section: "7.1")
    static let rev1 = Citation(rfc: 3501, section: "7.1")
    static let codes5530 = Citation(rfc: 5530, section: "3")

    static func registry(_ rfc: Int, _ section: String? = nil) -> Citation {
        Citation(registry: Citation.imapResponseCodesRegistry, rfc: rfc, section: section)
    }

    static func code(_ name: String, _ summary: String, detail: String? = nil, _ sources: [Citation])
        -> Explanation {
        Explanation(subject: "[\(name)]", summary: summary, detail: detail, sources: sources)
    }

    static let table: [String: Explanation] = Dictionary(
        uniqueKeysWithValues: entries.map { (String($0.subject.dropFirst().dropLast()), $0) })

    static let entries: [Explanation] = [
        code("NEWNAME", "Obsolete: once told the client a mailbox had been renamed.",
             detail: "Defined by RFC 2060 and dropped since; servers should not send it.", [registry(2060)]),
        code("REFERRAL", "Use another server: the reply carries an IMAP URL to go to instead.",
             detail: "Login and mailbox referrals send the client to the server that holds the account or "
                 + "mailbox.", [registry(2221), Citation(rfc: 2193)]),
        code("ALERT", "An alert the server wants shown to the person, as it is. Read the text.", [rev2, rev1]),
        code("BADCHARSET", "SEARCH failed: the charset is not supported; the code may list those that are.",
             [rev2, rev1]),
        code("CAPABILITY", "The server's capability list, given inline so no CAPABILITY command is needed.",
             detail: "Often sent in the greeting or after login; it replaces what the client knew before.",
             [rev2, rev1]),
        code("PARSE", "The server could not parse a message's header or MIME structure.", [rev2, rev1]),
        code("PERMANENTFLAGS", "The flags the client may change for good in this mailbox.",
             detail: "\\* in the list means new keywords can be created too. Flags not listed are kept only "
                 + "for this session.", [rev2, rev1]),
        code("READ-ONLY", "The mailbox is selected read-only: no flag changes or expunges.", [rev2, rev1]),
        code("READ-WRITE", "The mailbox is selected read-write: changes are allowed.", [rev2, rev1]),
        code("TRYCREATE", "The target mailbox does not exist; CREATE it, then try again.",
             detail: "Sent with NO to APPEND, COPY or MOVE.", [rev2, rev1]),
        code("UIDNEXT", "The UID the next new message will get (a hint, not a promise).", [rev2, rev1]),
        code("UIDVALIDITY", "The mailbox's UID validity value; if it changes, cached UIDs are worthless.",
             detail: "A client that caches messages by UID must discard its cache when this number changes.",
             [rev2, rev1]),
        code("UNSEEN", "Number of the first message without \\Seen (IMAP4rev1 only).",
             detail: "IMAP4rev2 no longer sends it; use SEARCH UNSEEN.", [rev1, registry(9051)]),
        code("UNKNOWN-CTE", "The server cannot decode this part's content transfer encoding (BINARY fetch).",
             [rev2, registry(3516)]),
        code("UIDNOTSTICKY", "This mailbox cannot keep UIDs across sessions.", [rev2, registry(4315, "3")]),
        code("APPENDUID", "APPEND succeeded: gives the mailbox's UIDVALIDITY and the new message's UID.",
             [rev2, registry(4315, "3")]),
        code("COPYUID", "COPY or MOVE succeeded: gives UIDVALIDITY, the source UIDs and their new UIDs.",
             [rev2, registry(4315, "3")]),
        code("URLMECH", "Lists the URL authorization mechanisms the server supports (URLAUTH).",
             [registry(4467)]),
        code("TOOBIG", "The message is too big for the server to accept.", [registry(4469), Citation(rfc: 7889)]),
        code("BADURL", "A URL in APPEND CATENATE could not be resolved.", [registry(4469)]),
        code("HIGHESTMODSEQ", "The highest mod-sequence in the mailbox (CONDSTORE).",
             [registry(4551), Citation(rfc: 7162)]),
        code("NOMODSEQ", "This mailbox does not keep mod-sequences (CONDSTORE unavailable here).",
             [registry(4551), Citation(rfc: 7162)]),
        code("MODIFIED", "Conditional STORE skipped the listed messages: they changed since UNCHANGEDSINCE.",
             [registry(4551), Citation(rfc: 7162)]),
        code("COMPRESSIONACTIVE", "Compression is already active on this connection.", [registry(4978)]),
        code("CLOSED", "The previously selected mailbox is now closed (another one is being selected).",
             [rev2, registry(5162), Citation(rfc: 7162)]),
        code("NOTSAVED", "The search result could not be saved for later use as $ (SEARCHRES).",
             [registry(5182)]),
        code("BADCOMPARATOR", "The comparator asked for is not supported.", [registry(5255)]),
        code("ANNOTATE", "A message annotation was refused (too big, or too many).", [registry(5257)]),
        code("ANNOTATIONS", "Tells which message annotations this mailbox supports.", [registry(5257)]),
        code("TEMPFAIL", "The conversion failed for a temporary reason (CONVERT); try again later.",
             [registry(5259)]),
        code("MAXCONVERTMESSAGES", "Too many messages in one CONVERT; the code gives the maximum.",
             [registry(5259)]),
        code("MAXCONVERTPARTS", "Too many body parts to convert in one request; the code gives the maximum.",
             [registry(5259)]),
        code("NOUPDATE", "The server will not send updates for this search or sort context.", [registry(5267)]),
        code("NOTIFICATIONOVERFLOW", "Too many events: the server stopped sending NOTIFY notifications.",
             [registry(5465)]),
        code("BADEVENT", "NOTIFY asked for an event the server does not support.", [registry(5465)]),
        code("UNDEFINED-FILTER", "The named search filter does not exist.", [registry(5466)]),
        code("METADATA", "A metadata limit was hit (entry too long, too many, or no private entries).",
             [registry(5464)]),
        code("UNAVAILABLE", "Temporary failure: a subsystem the server needs is down. Try again later.",
             detail: "Not a problem with what you sent; for example the authentication backend is unreachable.",
             [codes5530, rev2]),
        code("AUTHENTICATIONFAILED", "Authentication failed: credentials rejected (the server won't say why).",
             detail: "Wrong user name or password, an unknown user, or similar; servers hide which on purpose.",
             [codes5530, rev2]),
        code("AUTHORIZATIONFAILED", "Credentials were fine, but you may not act as the identity you asked for.",
             [codes5530, rev2]),
        code("EXPIRED", "The credentials (password or certificate) have expired.", [codes5530, rev2]),
        code("PRIVACYREQUIRED", "Not allowed without encryption: use TLS first.", [codes5530, rev2]),
        code("CONTACTADMIN", "The person should contact the system administrator or support desk.",
             [codes5530, rev2]),
        code("NOPERM", "Access control (ACL) does not allow this operation.", [codes5530, rev2]),
        code("INUSE", "Someone else is using the object (e.g. a locked mailbox); try later.", [codes5530, rev2]),
        code("EXPUNGEISSUED", "Someone else expunged messages, so not all requested data could be returned.",
             [codes5530, rev2]),
        code("CORRUPTION", "The server found corrupted data.", [codes5530, rev2]),
        code("SERVERBUG", "The server hit a bug of its own.", [codes5530, rev2]),
        code("CLIENTBUG", "The server thinks the client made a mistake, though the command may have worked.",
             [codes5530, rev2]),
        code("CANNOT", "This operation can never succeed here (it breaks a rule of this server).",
             [codes5530, rev2]),
        code("LIMIT", "The operation hit an implementation limit (e.g. too many of something).",
             [codes5530, rev2]),
        code("OVERQUOTA", "The user would be over quota; delete or expunge mail to make room.", [codes5530, rev2]),
        code("ALREADYEXISTS", "A mailbox with that name already exists.", [codes5530, rev2]),
        code("NONEXISTENT", "The mailbox (or other object) does not exist.", [codes5530, rev2]),
        code("USEATTR", "The special-use attribute given to CREATE is not supported or not allowed.",
             [registry(6154)]),
        code("MAILBOXID", "The mailbox's permanent, unique ID (OBJECTID), sent after CREATE.", [registry(8474)]),
        code("HASCHILDREN", "DELETE refused: the mailbox has child mailboxes; delete those first.",
             [rev2, registry(9051)]),
        code("INPROGRESS", "Progress report of a long-running command: how far it is, and of how much.",
             [registry(9585)]),
        code("UIDREQUIRED", "UIDONLY is on: use UID commands, message sequence numbers are not allowed.",
             [registry(9586)]),
    ]
}
