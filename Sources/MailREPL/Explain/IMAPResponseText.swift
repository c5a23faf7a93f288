import MailCore

/// The parts of an IMAP status response the annotator looks at: `tag|* STATUS [CODE args] text`
/// (RFC 9051 §7.1, `resp-cond-state`, `resp-text`).
enum IMAPResponseText {
    private static let statuses: Set<String> = ["OK", "NO", "BAD", "BYE", "PREAUTH"]

    /// The keyword of untagged data that is neither a status response nor CAPABILITY, upper-cased: FETCH in
    /// `* 12 FETCH (...)`, EXISTS in `* 3 EXISTS`, LIST in `* LIST ...` (RFC 9051 §7: `"*" SP [number SP] keyword`).
    /// Nil for anything else, which the annotator looks at in full.
    static func dataKeyword(of bytes: [UInt8]) -> String? {
        guard let range = keywordRange(of: bytes) else { return nil }
        let keyword = String(decoding: bytes[range], as: UTF8.self).uppercased()
        guard keyword != "CAPABILITY", !statuses.contains(keyword) else { return nil }
        return keyword
    }

    /// Whether the keyword of `* [number] keyword ...` is `keyword` (upper-case ASCII), in any case.
    static func hasDataKeyword(_ bytes: [UInt8], _ keyword: [UInt8]) -> Bool {
        guard !keyword.isEmpty, let range = keywordRange(of: bytes), range.count == keyword.count else { return false }
        return zip(bytes[range], keyword).allSatisfy { byte, upper in
            byte == upper || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") && byte - 32 == upper)
        }
    }

    /// Where the keyword of an untagged response is: after `* ` and an optional number (RFC 9051 §7:
    /// `"*" SP [number SP] keyword`); nil when there is no such word of printable ASCII.
    private static func keywordRange(of bytes: [UInt8]) -> Range<Int>? {
        let space = UInt8(ascii: " ")
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "*"), bytes[1] == space else { return nil }
        var start = 2
        var index = start
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        if index > start {
            guard index < bytes.count, bytes[index] == space else { return nil }
            start = index + 1
        }
        index = start
        while index < bytes.count, bytes[index] != space {
            guard bytes[index] > 0x20, bytes[index] < 0x7F, index - start < 32 else { return nil }
            index += 1
        }
        return index > start ? start..<index : nil
    }

    /// The human-readable text of a response whose code is ALERT, or nil.
    static func alertText(of bytes: [UInt8]) -> ArraySlice<UInt8>? {
        // Asked of every line, most of which have no code at all.
        guard ByteScan.firstIndex(of: UInt8(ascii: "["), in: bytes[...]) != nil, let (code, text) = codeAndText(of: bytes), code.uppercased() == "ALERT" else { return nil }
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
