/// Base64 as SASL carries it over the wire (RFC 4648 §4): the standard alphabet, with padding.
///
/// SMTP AUTH (RFC 4954 §4), IMAP AUTHENTICATE (RFC 9051 §6.2.2) and POP3 AUTH (RFC 5034 §4) all send challenges and
/// responses this way. Decoding is strict, as RFC 4648 §3.3 asks of a decoder that is not told otherwise: a
/// character outside the alphabet, missing or misplaced padding, or pad bits that are not zero make it fail, so
/// two different texts never decode to the same octets.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ octets: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((octets.count + 2) / 3 * 4)
        var index = 0
        while index < octets.count {
            let count = min(3, octets.count - index)
            let first = UInt32(octets[index])
            let second = count > 1 ? UInt32(octets[index + 1]) : 0
            let third = count > 2 ? UInt32(octets[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            out.append(alphabet[Int(group >> 18 & 0x3F)])
            out.append(alphabet[Int(group >> 12 & 0x3F)])
            out.append(count > 1 ? alphabet[Int(group >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(count > 2 ? alphabet[Int(group & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The octets `text` encodes; nil unless it is canonical padded base64. The empty text is zero octets.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8))
    }

    public static func decode(_ characters: [UInt8]) -> [UInt8]? {
        guard characters.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(characters.count / 4 * 3)
        var index = 0
        while index < characters.count {
            let isLast = index + 4 == characters.count
            var group: UInt32 = 0
            var padding = 0
            for offset in 0..<4 {
                let character = characters[index + offset]
                if character == UInt8(ascii: "=") {
                    // Padding only in the last group, only in its last two places (RFC 4648 §4).
                    guard isLast, offset >= 2 else { return nil }
                    padding += 1
                    group <<= 6
                } else {
                    guard padding == 0, let value = value(of: character) else { return nil }
                    group = group << 6 | value
                }
            }
            // The bits under the padding must be zero (RFC 4648 §3.5), or the text is not canonical.
            if padding == 1 && group & 0xFF != 0 || padding == 2 && group & 0xFFFF != 0 {
                return nil
            }
            out.append(UInt8(truncatingIfNeeded: group >> 16))
            if padding < 2 { out.append(UInt8(truncatingIfNeeded: group >> 8)) }
            if padding < 1 { out.append(UInt8(truncatingIfNeeded: group)) }
            index += 4
        }
        return out
    }

    private static func value(of character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
