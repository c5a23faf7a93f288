/// Decoding of the base64 in SASL challenges (RFC 4648 §4, the encoding RFC 4954 §4, RFC 9051 §6.2.2 and
/// RFC 5034 §4 use). MailCore does no I/O and uses no Foundation, so the few lines are here.
enum Base64Text {
    /// The decoded octets, or nil when the text is not canonical padded base64.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard !chars.isEmpty, chars.count % 4 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(chars.count / 4 * 3)
        var index = 0
        while index < chars.count {
            let isLastGroup = index + 4 == chars.count
            var values: [UInt32] = []
            var padding = 0
            for offset in 0..<4 {
                let char = chars[index + offset]
                if char == UInt8(ascii: "=") {
                    // Padding only at the end of the last group, and at most two of it.
                    guard isLastGroup, offset >= 2 else { return nil }
                    padding += 1
                    values.append(0)
                } else {
                    guard padding == 0, let value = value(of: char) else { return nil }
                    values.append(value)
                }
            }
            let group = values[0] << 18 | values[1] << 12 | values[2] << 6 | values[3]
            output.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { output.append(UInt8(truncatingIfNeeded: group)) }
            index += 4
        }
        return output
    }

    private static func value(of char: UInt8) -> UInt32? {
        switch char {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(char - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(char - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(char - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// The octets as text when they are UTF-8 without control characters (tab allowed), else nil.
    static func printableText(_ octets: [UInt8]) -> String? {
        guard !octets.isEmpty else { return nil }
        let text = String(decoding: octets, as: UTF8.self)
        // String(decoding:) repairs invalid UTF-8 with U+FFFD; re-encoding tells whether it had to.
        guard Array(text.utf8) == octets,
              text.unicodeScalars.allSatisfy({ $0 == "\t" || !isControl($0) }) else { return nil }
        return text
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
