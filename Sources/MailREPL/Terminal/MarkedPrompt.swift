/// A prompt in the form libedit draws: every terminal escape sequence in it (a colour, a title) is bracketed by
/// `marker`, so libedit sends it to the terminal but does not count it as columns (EL_PROMPT_ESC in editline(3)).
/// Without the markers libedit would think a coloured prompt is wider than it is and put the cursor in the
/// wrong column.
///
/// Prompts written for readline, with `\u{01}`…`\u{02}` (RL_PROMPT_START_IGNORE/END_IGNORE) around their escapes,
/// are taken as they are marked.
struct MarkedPrompt: Equatable {
    static let marker: UInt8 = 0x01
    private static let readlineEnd: UInt8 = 0x02
    private static let escape: UInt8 = 0x1B

    /// The prompt with markers, for libedit.
    let marked: [UInt8]
    /// The prompt as the terminal shows it (escapes kept, markers gone), for echoing a finished line.
    let shown: String
    /// The characters that take columns on screen: the prompt without its marked escapes.
    var visible: String {
        var outside = true
        var bytes: [UInt8] = []
        for byte in marked {
            if byte == Self.marker {
                outside.toggle()
            } else if outside {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    init(_ prompt: String) {
        let bytes = Array(prompt.utf8)
        shown = String(decoding: bytes.filter { $0 != Self.marker && $0 != Self.readlineEnd }, as: UTF8.self)
        if bytes.contains(Self.marker) || bytes.contains(Self.readlineEnd) {
            marked = bytes.map { $0 == Self.readlineEnd ? Self.marker : $0 }
        } else {
            marked = Self.markEscapes(bytes)
        }
    }

    private static func markEscapes(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == escape else {
                out.append(bytes[index])
                index += 1
                continue
            }
            let end = sequenceEnd(bytes, from: index)
            // Two sequences in a row share one pair of markers.
            if out.last == marker {
                out.removeLast()
            } else {
                out.append(marker)
            }
            out.append(contentsOf: bytes[index..<end])
            out.append(marker)
            index = end
        }
        return out
    }

    /// The index just past the escape sequence that starts at `start` (ECMA-48 §5.4: CSI, parameter bytes
    /// 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E; OSC strings end with BEL or ST; other
    /// escapes are ESC, intermediates, one final byte). An unfinished sequence runs to the end of the prompt.
    private static func sequenceEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        guard index < bytes.count else { return index }
        switch bytes[index] {
        case UInt8(ascii: "["):
            index += 1
            while index < bytes.count, (0x20...0x3F).contains(bytes[index]) {
                index += 1
            }
            return min(index + 1, bytes.count)
        case UInt8(ascii: "]"):
            index += 1
            while index < bytes.count {
                if bytes[index] == 0x07 {
                    return index + 1
                }
                if bytes[index] == escape, index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\") {
                    return index + 2
                }
                index += 1
            }
            return index
        default:
            while index < bytes.count, (0x20...0x2F).contains(bytes[index]) {
                index += 1
            }
            return min(index + 1, bytes.count)
        }
    }
}
