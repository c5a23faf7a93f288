/// POP3 extended response codes, the bracketed word after -ERR (RFC 2449 §8): every row of the IANA "POP3
/// Extended Response Codes" registry (POP3 Extension Mechanism registry group).
enum POP3ResponseCodes {
    static func registry(_ rfc: Int, _ section: String? = nil) -> Citation {
        Citation(registry: Citation.pop3Registry, rfc: rfc, section: section)
    }

    static func code(_ name: String, _ summary: String, detail: String? = nil, _ sources: [Citation])
        -> Explanation {
        Explanation(subject: "[\(name)]", summary: summary, detail: detail, sources: sources)
    }

    static let table: [String: Explanation] = Dictionary(
        uniqueKeysWithValues: entries.map { (String($0.subject.dropFirst().dropLast()), $0) })

    static let entries: [Explanation] = [
        code("LOGIN-DELAY", "You logged in too recently; wait before logging in again.",
             detail: "The minimum delay is announced by the LOGIN-DELAY capability in CAPA.",
             [registry(2449, "8.1.1")]),
        code("IN-USE", "Login worked, but the mailbox is in use, probably by another POP3 client.",
             [registry(2449, "8.1.2")]),
        code("SYS/TEMP", "A temporary system error on the server; it should go away, so retry later.",
             [registry(3206, "4")]),
        code("SYS/PERM", "A system error that needs someone to fix it; tell the provider's support.",
             [registry(3206, "4")]),
        code("SYS", "A system error, not a problem with your credentials.", [registry(3206, "4")]),
        code("AUTH", "A problem with your credentials: wrong password, unknown user, or a policy refusal.",
             [registry(3206, "5")]),
        code("UTF8", "This message needs UTF-8 mode; send the UTF8 command first.",
             detail: "The message has internationalized headers the server will not show to a client that has "
                 + "not enabled UTF8.", [registry(6856)]),
    ]
}
