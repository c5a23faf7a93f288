/// Turns bytes from a server into text that cannot drive a terminal.
///
/// Server bytes are untrusted: an escape sequence (`ESC ] 0;title BEL`, `ESC [ 2J`, OSC 52 clipboard writes) or a
/// C1 control would act on the user's terminal if printed as is. Every control character, every byte that is not
/// part of valid UTF-8, and the Unicode format characters that reorder text (bidi overrides) are shown escaped;
/// the escapes are reversible (`\xNN`, `\u{NNNN}`, `\r`, `\n`). A backslash is shown as itself — IMAP flags such as
/// `\Seen` must read as the server wrote them — except before one of the letters that start an escape (or another
/// backslash), where it is doubled, so the output still decodes to exactly one input.
public enum TerminalSafeText {
    /// Escapes `bytes` for display. Tab is kept: it moves the cursor only forward and keeps folded headers readable.
    ///
    /// Built as UTF-8 bytes and turned into a String once: most lines are plain ASCII and are copied whole, and
    /// a body of many megabytes passes through here line by line.
    public static func escape(_ bytes: ArraySlice<UInt8>) -> String {
        let plain = plainPrefixLength(bytes)
        if plain == bytes.count {
            return String(decoding: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        appendEscaped(bytes, plainPrefix: plain, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of `escape(bytes)` to `out`.
    public static func append(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        appendEscaped(bytes, plainPrefix: plainPrefixLength(bytes), to: &out)
    }

    /// Appends `bytes` escaped, the first `plainPrefix` of them known to need nothing; runs of plain bytes are
    /// copied whole.
    private static func appendEscaped(_ bytes: ArraySlice<UInt8>, plainPrefix: Int, to out: inout [UInt8]) {
        out.append(contentsOf: bytes.prefix(plainPrefix))
        var index = bytes.startIndex + plainPrefix
        while index < bytes.endIndex {
            let byte = bytes[index]
            if isPlain(byte) {
                let run = plainPrefixLength(bytes[index...])
                out.append(contentsOf: bytes[index..<(index + run)])
                index += run
            } else if byte == UInt8(ascii: "\\") {
                let next = index + 1 < bytes.endIndex ? bytes[index + 1] : 0
                if next == UInt8(ascii: "\\") || next == UInt8(ascii: "x") || next == UInt8(ascii: "u")
                    || next == UInt8(ascii: "r") || next == UInt8(ascii: "n") {
                    appendEscape(UInt8(ascii: "\\"), to: &out)
                } else {
                    out.append(byte)
                }
                index += 1
            } else if byte < 0x80 {
                appendASCII(byte, to: &out)
                index += 1
            } else if let (scalar, length) = UTF8Scalar.decode(bytes, at: index) {
                if isUnsafe(scalar) {
                    out.append(contentsOf: "\\u{".utf8)
                    out.append(contentsOf: String(scalar.value, radix: 16, uppercase: true).utf8)
                    out.append(UInt8(ascii: "}"))
                } else {
                    out.append(contentsOf: bytes[index..<(index + length)])
                }
                index += length
            } else {
                appendHex(byte, to: &out)
                index += 1
            }
        }
    }

    public static func escape(_ bytes: [UInt8]) -> String {
        escape(bytes[...])
    }

    /// `prefix + escape(bytes) + suffix`, made in one piece.
    public static func escape(_ bytes: ArraySlice<UInt8>, prefix: String, suffix: String = "") -> String {
        let plain = plainPrefixLength(bytes)
        guard plain == bytes.count else {
            var out: [UInt8] = []
            out.reserveCapacity(prefix.utf8.count + bytes.count + suffix.utf8.count + 16)
            out.append(contentsOf: prefix.utf8)
            appendEscaped(bytes, plainPrefix: plain, to: &out)
            out.append(contentsOf: suffix.utf8)
            return String(decoding: out, as: UTF8.self)
        }
        var prefix = prefix
        var suffix = suffix
        return prefix.withUTF8 { head in
            suffix.withUTF8 { tail in
                bytes.withUnsafeBufferPointer { body in
                    String(unsafeUninitializedCapacity: head.count + body.count + tail.count) { out in
                        var at = out.initialize(fromContentsOf: head)
                        at = out[at...].initialize(fromContentsOf: body)
                        return out[at...].initialize(fromContentsOf: tail)
                    }
                }
            }
        }
    }

    /// Escapes a string (for example a line typed by the user and echoed back) the same way.
    public static func escape(_ text: String) -> String {
        escape(Array(text.utf8))
    }

    /// Printable ASCII other than the backslash, and tab: shown as they are.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\\")) || byte == UInt8(ascii: "\t")
    }

    /// How many bytes at the start need no escaping.
    private static func plainPrefixLength(_ bytes: ArraySlice<UInt8>) -> Int {
        ByteScan.plainPrefixLength(bytes, excluding: UInt8(ascii: "\\"), isPlain: isPlain)
    }

    private static func appendASCII(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\r"): appendEscape(UInt8(ascii: "r"), to: &out)
        case UInt8(ascii: "\n"): appendEscape(UInt8(ascii: "n"), to: &out)
        default: appendHex(byte, to: &out)
        }
    }

    private static func appendEscape(_ letter: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\\"))
        out.append(letter)
    }

    /// `\xNN`, two upper-case hex digits.
    private static func appendHex(_ byte: UInt8, to out: inout [UInt8]) {
        appendEscape(UInt8(ascii: "x"), to: &out)
        out.append(hexDigit(byte >> 4))
        out.append(hexDigit(byte & 0x0F))
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "A") + value - 10
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
}
