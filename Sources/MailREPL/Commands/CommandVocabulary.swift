import MailCore

/// The commands of each protocol, for Tab completion: RFC 5321 §4.1 with RFC 3207, RFC 4954 and RFC 3030;
/// RFC 1939 with RFC 2449, RFC 2595, RFC 5034 and RFC 6856; IMAP from `IMAPCommandName`.
public enum CommandVocabulary {
    public static func commands(for mailProtocol: MailProtocol) -> [String] {
        switch mailProtocol {
        case .smtp:
            return ["EHLO", "HELO", "MAIL FROM:<", "RCPT TO:<", "DATA", "RSET", "VRFY", "EXPN", "HELP", "NOOP",
                    "QUIT", "STARTTLS", "AUTH", "BDAT"]
        case .imap:
            return IMAPCommandName.all
        case .pop3:
            return ["USER", "PASS", "APOP", "STAT", "LIST", "RETR", "DELE", "NOOP", "RSET", "QUIT", "TOP", "UIDL",
                    "CAPA", "STLS", "AUTH", "UTF8", "LANG"]
        }
    }

    /// Candidates for the word being typed: dot-commands at the start of a line, protocol commands otherwise
    /// (after an IMAP tag too), matched case-insensitively and offered in the case the user started with.
    /// `capabilities` are those the server advertised (CommandVocabulary+Advertised).
    public static func completions(line: String, word: String, mailProtocol: MailProtocol,
                                   capabilities: [String] = []) -> [String] {
        let before = line.dropLast(word.count).split(separator: " ")
        if word.hasPrefix(".") && before.isEmpty {
            return MetaCommand.catalog.map(\.name).filter { $0.hasPrefix(word.lowercased()) }
        }
        if let advertised = advertisedCompletions(before: before, word: word, mailProtocol: mailProtocol,
                                                  capabilities: capabilities) {
            return advertised
        }
        let isCommandPosition = before.isEmpty
            || (mailProtocol == .imap && before.count == 1 && !IMAPCommandName.isCommand(before[0]))
            || (before.count == 1 && before[0].uppercased() == "UID")
        guard isCommandPosition else { return [] }
        let lowercase = word.first?.isLowercase == true
        return commands(for: mailProtocol)
            .filter { $0.hasPrefix(word.uppercased()) }
            .filter { isOffered($0, mailProtocol: mailProtocol, capabilities: capabilities) }
            .map { lowercase ? $0.lowercased() : $0 }
    }
}
