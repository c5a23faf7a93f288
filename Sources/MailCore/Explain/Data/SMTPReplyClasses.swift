/// The theory of SMTP reply codes (RFC 5321 §4.2.1): the first digit says whether the reply is good, bad or
/// incomplete; the second says roughly what it is about. Used to explain a code the tables do not know.
enum SMTPReplyClasses {
    static let theory = Citation(rfc: 5321, section: "4.2.1")

    static func firstDigit(_ digit: Int) -> String? {
        switch digit {
        case 2: return "Positive completion: the command succeeded."
        case 3: return "Positive intermediate: accepted so far; the server waits for more (e.g. after DATA)."
        case 4: return "Transient failure: not done now, but the same command may work later."
        case 5: return "Permanent failure: not done; do not repeat the same command unchanged."
        default: return nil
        }
    }

    static func secondDigit(_ digit: Int) -> String? {
        switch digit {
        case 0: return "about syntax, or a command that fits no other group"
        case 1: return "information (status or help)"
        case 2: return "the connection (transmission channel)"
        case 3, 4: return "a category RFC 5321 leaves unspecified"
        case 5: return "the mail system (the requested mail action)"
        default: return nil
        }
    }

    /// An explanation built from the digits alone, for codes without an entry of their own.
    static func explain(_ code: Int) -> Explanation? {
        guard (200...599).contains(code), let first = firstDigit(code / 100) else { return nil }
        let second = secondDigit((code / 10) % 10).map { " The second digit says it is \($0)." } ?? ""
        return Explanation(subject: String(code), summary: first,
                           detail: "No RFC defines \(code) itself; this is what its digits mean." + second,
                           sources: [theory])
    }
}
