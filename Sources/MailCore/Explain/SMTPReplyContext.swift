/// The command an SMTP reply answers. The same code means different things after different commands: 250 after
/// RCPT accepts one recipient, 250 after the final "." accepts the whole message (RFC 5321 §4.3.2).
enum SMTPReplyContext: String, Hashable, Sendable, CaseIterable {
    case greeting, hello, mail, rcpt, data, endOfData, bdat, auth, starttls, quit, rset, noop, vrfy, expn, help

    /// The context for a command as typed ("RCPT TO:<a@b>", "rcpt", "." for the end of data, nil for the greeting).
    /// Nil when the command is one this table has no special meanings for.
    init?(command: String?) {
        guard let command else {
            self = .greeting
            return
        }
        let trimmed = command.trimmingSpaces
        if trimmed == "." {
            self = .endOfData
            return
        }
        let verb = trimmed.firstWord.uppercased()
        switch verb {
        case "EHLO", "HELO", "LHLO": self = .hello
        case "MAIL": self = .mail
        case "RCPT": self = .rcpt
        case "DATA": self = .data
        case "BDAT": self = .bdat
        case "AUTH": self = .auth
        case "STARTTLS": self = .starttls
        case "QUIT": self = .quit
        case "RSET": self = .rset
        case "NOOP": self = .noop
        case "VRFY": self = .vrfy
        case "EXPN": self = .expn
        case "HELP": self = .help
        default: return nil
        }
    }

    /// How the context reads in a subject line: "250 after RCPT".
    var label: String {
        switch self {
        case .greeting: return "greeting"
        case .hello: return "EHLO/HELO"
        case .endOfData: return "end of data"
        case .mail, .rcpt, .data, .bdat, .auth, .starttls, .quit, .rset, .noop, .vrfy, .expn, .help:
            return rawValue.uppercased()
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space, CR and LF included.
    var trimmingSpaces: String {
        // Character.isWhitespace also covers "\r\n", which Swift reads as one character.
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }

    /// The first space-separated word.
    var firstWord: String {
        guard let space = firstIndex(where: { $0 == " " || $0 == "\t" }) else { return String(self) }
        return String(self[..<space])
    }
}
