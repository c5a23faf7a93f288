import MailCore

/// The parts of an IMAP status response the annotator looks at: `tag|* STATUS [CODE args] text`
/// (RFC 9051 §7.1, `resp-cond-state`, `resp-text`).
enum IMAPResponseText {
    private static let statuses: Set<String> = ["OK", "NO", "BAD", "BYE", "PREAUTH"]

    /// The human-readable text of a response whose code is ALERT, or nil.
    static func alertText(of bytes: [UInt8]) -> ArraySlice<UInt8>? {
        guard let (code, text) = codeAndText(of: bytes), code.uppercased() == "ALERT" else { return nil }
        return text
    }

    /// The capability atoms of a `* CAPABILITY` response, or of a `[CAPABILITY ...]` code (RFC 9051 §7.2.2, §7.1).
    static func capabilityAtoms(in text: String) -> [String] {
        // Called for every server line: splitting each into words cost more than showing it. A plain ASCII line
        // that has no "[" and does not start "* CAPABILITY " can hold none.
        guard mayHoldCapabilities(text) else { return [] }
        let words = text.split(separator: " ")
        if words.count > 2, words[0] == "*", words[1].uppercased() == "CAPABILITY" {
            return words.dropFirst(2).map(String.init)
        }
        guard let (code, _) = codeAndText(of: Array(text.utf8)) else { return [] }
        let parts = code.split(separator: " ")
        guard parts.first?.uppercased() == "CAPABILITY" else { return [] }
        return parts.dropFirst().map(String.init)
    }

    /// False only for a line of ASCII without "[" whose first two words are not "*" and "CAPABILITY": such a line
    /// has neither form `capabilityAtoms` looks for.
    private static func mayHoldCapabilities(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "[") }) { return true }
        let words = bytes.withUnsafeBufferPointer { ByteScan.spaceSeparatedRanges($0, maxSplits: 2) }
        return words.count == 3 && bytes[words[0]].elementsEqual("*".utf8)
            && bytes[words[1]].count == 10 && bytes[words[1]].lazy.map { $0 & 0xDF }.elementsEqual("CAPABILITY".utf8)
    }

    /// The bracketed code (name and arguments, without the brackets) and the text after it.
    private static func codeAndText(of bytes: [UInt8]) -> (String, ArraySlice<UInt8>)? {
        let space = UInt8(ascii: " ")
        guard let firstSpace = bytes.firstIndex(of: space) else { return nil }
        let afterTag = bytes[(firstSpace + 1)...]
        guard let secondSpace = afterTag.firstIndex(of: space),
              statuses.contains(String(decoding: afterTag[..<secondSpace], as: UTF8.self).uppercased()) else {
            return nil
        }
        let rest = bytes[(secondSpace + 1)...]
        guard rest.first == UInt8(ascii: "["), let close = rest.firstIndex(of: UInt8(ascii: "]")) else { return nil }
        let code = String(decoding: rest[(rest.startIndex + 1)..<close], as: UTF8.self)
        var text = bytes[(close + 1)...]
        if text.first == space { text = text.dropFirst() }
        return (code, text)
    }
}
