import MailCore

/// What `.explain X` and `mailrepl explain X` print: everything the knowledge base knows about X, in full.
public enum ExplainReport {
    /// The entries for a query. With a preferred protocol (the session's), its entries when it has any, else
    /// those of all three: `.explain LIST` in IMAP means IMAP's LIST, `.explain STAT` there still finds POP3's.
    /// A query copied from a bounce ("550-5.1.1", "(5.7.1)") is tried again without its punctuation.
    public static func explanations(for query: String, preferring p: MailProtocol? = nil) -> [Explanation] {
        for candidate in [query, tidied(query)] {
            if let p {
                let scoped = KnowledgeBase.lookup(candidate, in: p)
                if !scoped.isEmpty { return scoped }
            }
            let found = KnowledgeBase.lookup(candidate, in: nil)
            if !found.isEmpty { return found }
        }
        return []
    }

    /// The lines to print for a query, or nil when nothing matched.
    public static func lines(for query: String, preferring p: MailProtocol? = nil) -> [String]? {
        let found = explanations(for: query, preferring: p)
        guard !found.isEmpty else { return nil }
        return found.flatMap(ExplanationText.described)
    }

    /// What to say when nothing matched.
    public static func suggestion(for query: String) -> String {
        "nothing known about \"\(TerminalSafeText.escape(Array(query.utf8)))\". Try a reply code (535), an "
            + "enhanced status code (5.7.8), a reply with its code (550 5.1.1), a response code ([ALERT], IN-USE), "
            + "a capability or a command (STARTTLS, IDLE, RETR), optionally after smtp, imap or pop3."
    }

    /// The query with the punctuation of quoted replies removed: "550-5.1.1" → "550 5.1.1", "(5.7.1)" → "5.7.1".
    static func tidied(_ query: String) -> String {
        let punctuation: Set<Character> = ["(", ")", "<", ">", ",", ";", ":", "\"", "'", "."]
        return query.split(separator: " ").map { word -> String in
            var word = Substring(word)
            while let last = word.last, punctuation.contains(last) { word = word.dropLast() }
            while let first = word.first, punctuation.contains(first), first != "." { word = word.dropFirst() }
            // "550-5.1.1": a reply code joined to its enhanced code by a continuation hyphen.
            if word.count > 4, word.prefix(3).allSatisfy(\.isNumber), word.dropFirst(3).first == "-" {
                return word.prefix(3) + " " + word.dropFirst(4)
            }
            return String(word)
        }.joined(separator: " ")
    }
}
