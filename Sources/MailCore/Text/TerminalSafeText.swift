/// Turns bytes from a server into text that cannot drive a terminal.
///
/// Server bytes are untrusted: an escape sequence (`ESC ] 0;title BEL`, `ESC [ 2J`, OSC 52 clipboard writes) or a
/// C1 control would act on the user's terminal if printed as is. Every control character, every byte that is not
/// part of valid UTF-8, and the Unicode format characters that reorder text (bidi overrides) are shown escaped;
/// the escapes are reversible (`\xNN`, `\u{NNNN}`, and `\\` for a backslash itself).
public enum TerminalSafeText {
    /// Escapes `bytes` for display. Tab is kept: it moves the cursor only forward and keeps folded headers readable.
    public static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte < 0x80 {
                appendASCII(byte, to: &out)
                index += 1
            } else if let (scalar, length) = decodeScalar(bytes, at: index) {
                if isUnsafe(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
                index += length
            } else {
                out += hex(byte)
                index += 1
            }
        }
        return out
    }

    public static func escape(_ bytes: [UInt8]) -> String {
        escape(bytes[...])
    }

    /// Escapes a string (for example a line typed by the user and echoed back) the same way.
    public static func escape(_ text: String) -> String {
        escape(Array(text.utf8))
    }

    private static func appendASCII(_ byte: UInt8, to out: inout String) {
        switch byte {
        case UInt8(ascii: "\t"): out += "\t"
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "\r"): out += "\\r"
        case UInt8(ascii: "\n"): out += "\\n"
        case 0x00..<0x20, 0x7F: out += hex(byte)
        default: out.unicodeScalars.append(Unicode.Scalar(byte))
        }
    }

    private static func hex(_ byte: UInt8) -> String {
        "\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
    }

    /// C1 controls (U+0080–U+009F: U+009B is a one-byte CSI on some terminals), bidi controls (every character
    /// with the Unicode Bidi_Control property, U+061C ARABIC LETTER MARK included), line/paragraph separators and
    /// other invisible format characters.
    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0x061C, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF, 0xFFF9...0xFFFB:
            return true
        default:
            return false
        }
    }

    /// Decodes one UTF-8 scalar strictly (no overlongs, no surrogates), or nil.
    private static func decodeScalar(_ bytes: ArraySlice<UInt8>, at start: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[start]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard start + length <= bytes.endIndex else { return nil }
        for offset in 1..<length {
            let next = bytes[start + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(next & 0x3F)
        }
        // Reject overlong forms and values beyond U+10FFFF; Unicode.Scalar rejects surrogates.
        let minimum: UInt32 = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000
        guard value >= minimum, value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
