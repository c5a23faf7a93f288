/// How the bytes of a transcript line are written as text, reversibly.
///
/// Printable ASCII and safe UTF-8 stand for themselves, so a transcript reads like the RFCs' examples; every other
/// byte is written `\xNN`. A backslash stands for itself too — IMAP flags (`\Seen`) stay readable and an RFC
/// example keeps its meaning — except where it would be read as an escape (before `x` and two hex digits) or as
/// the no-line-end mark (last on the line): there it is written `\x5C`. Escaped as well, so that nothing in a
/// file misleads a reader or an editor: C0 and C1 controls, DEL, bytes that are not valid UTF-8, the invisible
/// format characters that reorder or hide text, `‹` in a line (it begins the redaction marker), and a space that
/// would end the line (editors strip trailing spaces).
enum TranscriptEscaping {
    /// The text for `bytes`. `atLineEnd` protects a last space or backslash; `inQuotes` also escapes `"`.
    /// Built as UTF-8 bytes and made a String once: recording a large body writes every line of it through here.
    static func encode(_ bytes: ArraySlice<UInt8>, atLineEnd: Bool, inQuotes: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        encode(bytes, atLineEnd: atLineEnd, inQuotes: inQuotes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `encode` appending to `out`, for a writer that builds whole lines as bytes.
    static func encode(_ bytes: ArraySlice<UInt8>, atLineEnd: Bool, inQuotes: Bool = false, to out: inout [UInt8]) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            let isLast = index == bytes.endIndex - 1
            if !inQuotes && byte >= 0x20 && byte < 0x7F && byte != backslash {
                // A run of printable ASCII without a backslash stands for itself, copied whole; only a space that
                // ends the line is left to the escaping below.
                var run = ByteScan.plainPrefixLength(bytes[index...], excluding: backslash) {
                    $0 >= 0x20 && $0 < 0x7F && $0 != backslash
                }
                if atLineEnd && index + run == bytes.endIndex && bytes[index + run - 1] == UInt8(ascii: " ") {
                    run -= 1
                }
                if run > 0 {
                    out.append(contentsOf: bytes[index..<(index + run)])
                    index += run
                    continue
                }
            }
            if byte < 0x80 {
                if needsEscape(ascii: byte, at: index, in: bytes, isLast: isLast && atLineEnd, inQuotes: inQuotes) {
                    appendHex(byte, to: &out)
                } else {
                    out.append(byte)
                }
                index += 1
            } else if let (scalar, length) = UTF8Scalar.decode(bytes, at: index),
                      isSafe(scalar) && (inQuotes || scalar != markerStart) {
                // Decoded strictly, so its bytes are its UTF-8.
                out.append(contentsOf: bytes[index..<(index + length)])
                index += length
            } else {
                // Invalid UTF-8 is escaped byte by byte; a valid but unsafe character all of its bytes.
                let length = UTF8Scalar.decode(bytes, at: index)?.length ?? 1
                for offset in 0..<length {
                    appendHex(bytes[index + offset], to: &out)
                }
                index += length
            }
        }
    }

    /// The bytes `text` stands for: `\xNN` (either case) is one byte, everything else its own UTF-8.
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        guard ByteScan.firstIndex(of: backslash, in: text) != nil else {
            return Array(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            // The bytes up to the next backslash are themselves: copied as one run.
            let next = ByteScan.firstIndex(of: backslash, in: text[index...]) ?? text.endIndex
            out.append(contentsOf: text[index..<next])
            index = next
            guard index < text.endIndex else { break }
            if let byte = escapedByte(in: text, at: index) {
                out.append(byte)
                index += 4
            } else {
                out.append(backslash)
                index += 1
            }
        }
        return out
    }

    /// The byte a `\xNN` escape at `index` stands for, or nil when there is no escape there.
    static func escapedByte(in text: ArraySlice<UInt8>, at index: Int) -> UInt8? {
        guard text[index] == backslash, index + 3 < text.endIndex,
              text[index + 1] == UInt8(ascii: "x") || text[index + 1] == UInt8(ascii: "X"),
              let high = hexValue(text[index + 2]), let low = hexValue(text[index + 3]) else { return nil }
        return high << 4 | low
    }

    static let backslash = UInt8(ascii: "\\")

    private static func needsEscape(ascii byte: UInt8, at index: Int, in bytes: ArraySlice<UInt8>, isLast: Bool,
                                    inQuotes: Bool) -> Bool {
        switch byte {
        case 0x00..<0x20, 0x7F:
            return true
        case UInt8(ascii: " "):
            return isLast
        case UInt8(ascii: "\""):
            return inQuotes
        case backslash:
            return isLast || startsEscapeLook(bytes, at: index)
        default:
            return false
        }
    }

    /// Whether a backslash at `index` is followed by what a reader would take for an escape.
    private static func startsEscapeLook(_ bytes: ArraySlice<UInt8>, at index: Int) -> Bool {
        guard index + 3 < bytes.endIndex else { return false }
        let next = bytes[index + 1]
        return (next == UInt8(ascii: "x") || next == UInt8(ascii: "X"))
            && hexValue(bytes[index + 2]) != nil && hexValue(bytes[index + 3]) != nil
    }

    /// U+2039, the first character of `Redaction.marker`: escaped in line data, where the marker means a
    /// redaction; an event's quoted value holds no redactions, so there it stays itself.
    private static let markerStart: Unicode.Scalar = "\u{2039}"

    /// Characters written as themselves: everything but C1 controls, bidi and other invisible format characters,
    /// and line and paragraph separators.
    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x80...0x9F, 0xAD, 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x206F, 0xFEFF,
             0xFFF9...0xFFFB:
            return false
        default:
            return true
        }
    }

    private static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(backslash)
        out.append(UInt8(ascii: "x"))
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0xF))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
