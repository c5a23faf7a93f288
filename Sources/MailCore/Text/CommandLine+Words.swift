/// Small helpers for reading protocol lines: commands and keywords are ASCII (RFC 5321 §2.4, RFC 9051 §9,
/// RFC 1939 §3), so splitting on spaces is safe even when arguments carry UTF-8.
extension Array where Element == UInt8 {
    /// The line's space-separated words, at most `limit` of them (the last one keeps the rest of the line, without
    /// the spaces that separate it from the word before).
    func words(limit: Int = .max) -> [Substring] {
        let maxSplits = Swift.max(limit, 1) - 1
        var words: [Substring]
        if allSatisfy({ $0 < 0x80 }) {
            // In ASCII every Character is one byte (CR LF aside, which holds no space), so splitting the bytes
            // gives the same words without walking grapheme clusters: that walk was most of an IMAP line's cost.
            words = withUnsafeBufferPointer { bytes in
                ByteScan.spaceSeparatedRanges(bytes, maxSplits: maxSplits).map {
                    Substring(String(decoding: bytes[$0], as: UTF8.self))
                }
            }
        } else {
            words = String(decoding: self, as: UTF8.self)
                .split(separator: " ", maxSplits: maxSplits, omittingEmptySubsequences: true)
        }
        if words.count == limit, let last = words.last {
            words[words.count - 1] = last.drop { $0 == " " }
        }
        return words
    }

    func hasCaseInsensitivePrefix(_ prefix: String) -> Bool {
        let expected = Array<UInt8>(prefix.utf8)
        guard count >= expected.count else { return false }
        for (byte, want) in zip(self, expected) where lowercased(byte) != lowercased(want) {
            return false
        }
        return true
    }

    private func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}

extension Array where Element == UInt8 {
    static let crlf: [UInt8] = [13, 10]
}
