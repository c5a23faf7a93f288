/// SMTP EHLO keywords: every row of the IANA "SMTP Service Extensions" registry, plus VRFY, which servers such as
/// Postfix list although it is a base command (RFC 5321 §3.5.2 allows listing it "as a convenience").
enum SMTPCapabilities {
    static func registry(_ rfc: Int, _ section: String? = nil) -> Citation {
        Citation(registry: Citation.smtpExtensionsRegistry, rfc: rfc, section: section)
    }

    static func keyword(_ name: String, _ summary: String, detail: String? = nil, _ sources: [Citation])
        -> Explanation {
        Explanation(subject: name, summary: summary, detail: detail, sources: sources)
    }

    static let table: [String: Explanation] = Dictionary(uniqueKeysWithValues: entries.map { ($0.subject, $0) })

    static let entries: [Explanation] = [
        keyword("SEND", "Historic: deliver to a user's terminal instead of a mailbox.",
                [registry(821), Citation(rfc: 5321, section: "F.6")]),
        keyword("SOML", "Historic: send to the terminal, or else to the mailbox.",
                [registry(821), Citation(rfc: 5321, section: "F.6")]),
        keyword("SAML", "Historic: send to the terminal and to the mailbox.",
                [registry(821), Citation(rfc: 5321, section: "F.6")]),
        keyword("EXPN", "The server expands mailing lists with EXPN.", [registry(5321, "3.5")]),
        keyword("HELP", "The server answers HELP with human-readable help.", [registry(5321, "4.1.1.8")]),
        keyword("TURN", "Historic: swap client and server roles (unsafe, unauthenticated).",
                [registry(821), Citation(rfc: 5321, section: "F.1")]),
        keyword("8BITMIME", "Message bodies may contain 8-bit data (MAIL FROM:<...> BODY=8BITMIME).",
                [registry(6152)]),
        keyword("SIZE", "Largest message the server accepts, in octets (0 or no number: no fixed limit).",
                detail: "Declare a message's size with MAIL FROM:<...> SIZE=n to get refused early.",
                [registry(1870)]),
        keyword("VERB", "Non-standard verbose mode (Sendmail); not defined in an RFC.", [registry(5321, "2.2")]),
        keyword("ONEX", "Non-standard one-message-only mode (Sendmail); not defined in an RFC.",
                [registry(5321, "2.2")]),
        keyword("CHUNKING", "BDAT is available: send the message in sized chunks instead of DATA.",
                [registry(3030)]),
        keyword("BINARYMIME", "Binary message bodies may be sent (with BDAT, BODY=BINARYMIME).", [registry(3030)]),
        keyword("CHECKPOINT", "An interrupted transfer can resume where it stopped.", [registry(1845)]),
        keyword("DELIVERBY", "The client can ask for delivery within a time limit (BY=).", [registry(2852)]),
        keyword("PIPELINING", "The client may send several commands without waiting for each reply.",
                [registry(2920)]),
        keyword("DSN", "Delivery status notifications can be requested (NOTIFY=, RET=, ENVID=, ORCPT=).",
                [registry(3461)]),
        keyword("ETRN", "A client can ask the server to send mail queued for its domain (ETRN).", [registry(1985)]),
        keyword("ENHANCEDSTATUSCODES", "Replies carry enhanced status codes such as 5.7.8 after the reply code.",
                [registry(2034)]),
        keyword("STARTTLS", "The connection can switch to TLS with the STARTTLS command.", [registry(3207)]),
        keyword("NO-SOLICITING", "The server announces it does not want solicitations of the given kinds.",
                [registry(3865)]),
        keyword("MTRK", "Message tracking can be requested.", [registry(3885)]),
        keyword("ATRN", "Authenticated TURN: after AUTH, receive mail queued for your domains.", [registry(2645)]),
        keyword("AUTH", "Login (SASL) is offered; the words after AUTH are the mechanisms accepted.",
                detail: "Use AUTH <mechanism>. Many servers offer AUTH only after STARTTLS.", [registry(4954)]),
        keyword("BURL", "The message can be fetched by URL from an IMAP server instead of being sent.",
                [registry(4468)]),
        keyword("FUTURERELEASE", "The server can hold a message and release it later (HOLDFOR/HOLDUNTIL).",
                [registry(4865)]),
        keyword("CONPERM", "The sender can say whether content conversion is permitted.", [registry(4141)]),
        keyword("CONNEG", "Content conversion can be negotiated with the recipient's capabilities.",
                [registry(4141)]),
        keyword("SMTPUTF8", "Addresses and headers may be in UTF-8 (MAIL FROM:<...> SMTPUTF8).", [registry(6531)]),
        keyword("MT-PRIORITY", "Messages can carry a priority (MT-PRIORITY=).", [registry(6710)]),
        keyword("RRVS", "The sender can require that the recipient's mailbox existed since a date.",
                [registry(7293)]),
        keyword("REQUIRETLS", "The sender can require TLS for every hop of the message's way (REQUIRETLS).",
                [registry(8689)]),
        keyword("LIMITS", "The server announces its limits, such as RCPTMAX and MAILMAX.", [registry(9422)]),
        keyword("VRFY", "VRFY is available to verify addresses (a base command; listing it is optional).",
                [Citation(rfc: 5321, section: "3.5.2")]),
    ]

    /// Keywords starting with "X" are private, agreed between two parties (RFC 5321 §2.2.2).
    static func privateKeyword(_ name: String) -> Explanation {
        Explanation(subject: name, summary: "A private (X-) extension of this server software, not standardized.",
                    detail: "Keywords beginning with X are for bilateral agreements and are never registered.",
                    sources: [Citation(rfc: 5321, section: "2.2.2")])
    }
}
