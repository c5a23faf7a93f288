/// POP3 CAPA tags: every row of the IANA "POP3 Capabilities" registry (POP3 Extension Mechanism registry group).
enum POP3Capabilities {
    static func registry(_ rfc: Int, _ section: String? = nil) -> Citation {
        Citation(registry: Citation.pop3Registry, rfc: rfc, section: section)
    }

    static func tag(_ name: String, _ summary: String, detail: String? = nil, _ sources: [Citation]) -> Explanation {
        Explanation(subject: name, summary: summary, detail: detail, sources: sources)
    }

    static let table: [String: Explanation] = Dictionary(uniqueKeysWithValues: entries.map { ($0.subject, $0) })

    static let entries: [Explanation] = [
        tag("TOP", "TOP is available: fetch headers and the first lines of a message.", [registry(2449, "6.1")]),
        tag("USER", "Login with USER and PASS is available (plain password).", [registry(2449, "6.2")]),
        tag("SASL", "AUTH is available; the words after SASL are the mechanisms offered.",
            [registry(2449, "6.3"), registry(5034)]),
        tag("RESP-CODES", "-ERR replies may carry bracketed codes such as [IN-USE].", [registry(2449, "6.4")]),
        tag("LOGIN-DELAY", "The least number of seconds between two logins.", [registry(2449, "6.5")]),
        tag("PIPELINING", "The client may send several commands without waiting for each reply.",
            [registry(2449, "6.6")]),
        tag("EXPIRE", "How many days the server keeps messages (NEVER: forever; 0: deleted once read).",
            [registry(2449, "6.7")]),
        tag("UIDL", "UIDL is available: stable unique IDs for messages.", [registry(2449, "6.8")]),
        tag("IMPLEMENTATION", "The server software's name and version, for information only.",
            [registry(2449, "6.9")]),
        tag("STLS", "The connection can switch to TLS with STLS.", [registry(2595, "4")]),
        tag("AUTH-RESP-CODE", "Login failures carry [AUTH] or [SYS/...] so you know whose fault it is.",
            [registry(3206)]),
        tag("UTF8", "UTF-8 mode: the UTF8 command allows UTF-8 user names, passwords and headers.",
            [registry(6856)]),
        tag("LANG", "The LANG command chooses the language of the server's text.", [registry(6856)]),
    ]
}
