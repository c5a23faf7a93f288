/// An enhanced status code as written in a reply: `class "." subject "." detail` (RFC 3463 §2), where class is
/// 2, 4 or 5 and subject and detail are numbers of up to three digits. In replies it follows the reply code and a
/// space (RFC 2034); `X.7.8` names a code without its class, as the registry does.
struct EnhancedCode: Hashable, Sendable {
    /// Nil for the registry's "X" form.
    let classDigit: Int?
    let subject: Int
    let detail: Int

    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let subject = EnhancedCode.number(parts[1]), let detail = EnhancedCode.number(parts[2]) else {
            return nil
        }
        if parts[0] == "X" || parts[0] == "x" {
            classDigit = nil
        } else if parts[0].count == 1, let digit = Int(parts[0]), [2, 4, 5].contains(digit) {
            classDigit = digit
        } else {
            return nil
        }
        self.subject = subject
        self.detail = detail
    }

    /// The enhanced code at the start of a reply line's text ("5.7.8 Error: ..."), if there is one.
    init?(leading text: some StringProtocol) {
        let word = text.trimmingSpaces.firstWord
        guard let code = EnhancedCode(word), code.classDigit != nil else { return nil }
        self = code
    }

    var text: String { "\(classDigit.map(String.init) ?? "X").\(subject).\(detail)" }

    /// RFC 3463 §2 allows one to three digits for subject and detail.
    private static func number(_ part: some StringProtocol) -> Int? {
        guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(String(part))
    }
}
