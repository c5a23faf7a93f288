/// One line of an SMTP reply: `Reply-code [ SP / "-" ] textstring` (RFC 5321 §4.2).
///
///     S: 250-mail.example.com
///     S: 250 STARTTLS
///
/// A hyphen after the code means more lines follow; a space (or nothing) marks the last line (§4.2.1).
public struct SMTPReplyLine: Equatable, Sendable {
    public var code: Int
    public var isLast: Bool
    public var text: Substring

    /// Nil when the line does not start with a three-digit code whose first digit is 2 to 5 (§4.2).
    public init?(_ line: [UInt8]) {
        guard line.count >= 3,
              (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(line[0]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[1]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[2]) else {
            return nil
        }
        code = Int(line[0] - 48) * 100 + Int(line[1] - 48) * 10 + Int(line[2] - 48)
        if line.count == 3 {
            isLast = true
            text = ""
            return
        }
        switch line[3] {
        case UInt8(ascii: "-"): isLast = false
        case UInt8(ascii: " "): isLast = true
        default: return nil
        }
        text = String(decoding: line[4...], as: UTF8.self)[...]
    }

    /// The line kind by the first digit (§4.2.1): 2 positive completion, 3 positive intermediate, 4 transient
    /// negative, 5 permanent negative.
    public var kind: LineKind {
        switch code / 100 {
        case 2: return .success
        case 3: return .continuation
        case 4: return .transientFailure
        default: return .permanentFailure
        }
    }
}
