/// What of a secret line may be shown, logged or recorded.
///
/// A secret line keeps the words that say what it is (tag, command, mechanism, user name) and loses the rest:
/// the password, the SASL blob, the token, the digest. The marker stands where they were, so a reader sees that
/// something was sent without seeing it.
public enum Redaction {
    public static let marker = "‹redacted›"

    /// The displayable form of a submission: the wire line without its terminator when it is not secret, and
    /// otherwise its public words followed by the marker.
    public static func shownForm(of submission: Submission) -> [UInt8] {
        let line = Array(submission.wire.dropLast(submission.wire.suffix(2) == [13, 10] ? 2 : 0))
        guard submission.isSecret else { return line }
        let kept = publicWordCount(verb: submission.verb, line: line, hasTag: submission.tag != nil
                                   && line.starts(with: Array((submission.tag ?? "").utf8)))
        let words = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard kept > 0, words.count > kept else { return Array(marker.utf8) }
        return Array(words.prefix(kept).joined(separator: [UInt8(ascii: " ")])) + Array(" \(marker)".utf8)
    }

    /// How many leading words of a secret command are not secret.
    static func publicWordCount(verb: String?, line: [UInt8], hasTag: Bool) -> Int {
        let tagWords = hasTag ? 1 : 0
        switch verb {
        case "AUTH", "AUTHENTICATE":
            // SMTP AUTH mech initial-response (RFC 4954 §4), IMAP AUTHENTICATE mech initial-response (RFC 4959),
            // POP3 AUTH mech initial-response (RFC 5034 §4).
            return tagWords + 2
        case "LOGIN":
            // IMAP LOGIN user password (RFC 9051 §6.2.3): the user name stays visible.
            return tagWords + 2
        case "APOP":
            // APOP name digest (RFC 1939 §7).
            return 2
        case "PASS":
            return 1
        default:
            return 0
        }
    }
}
