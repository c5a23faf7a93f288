/// A piece of an IMAP command as the lab's server reads it (RFC 9051 §4: atoms, quoted strings, literals and
/// parenthesized lists).
enum IMAPLabToken: Equatable, Sendable {
    /// An atom, also a section spec with its brackets kept whole (`BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>`).
    case atom(String)
    case quoted(String)
    case literal([UInt8])
    case open
    case close

    /// The value of an astring (RFC 9051 §9: atom, quoted or literal).
    var string: String? {
        switch self {
        case .atom(let text), .quoted(let text): return text
        case .literal(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .open, .close: return nil
        }
    }

    var atom: String? {
        if case .atom(let text) = self { return text }
        return nil
    }

    /// Splits one line of a command. When the line ends in a literal announcement `{n}` or `{n+}` (RFC 9051 §4.3,
    /// RFC 7888), its length and whether the client waits for a `+` come back too. Nil on a syntax error.
    static func tokenize(_ bytes: [UInt8]) -> (tokens: [IMAPLabToken], literal: (length: Int, synchronizing: Bool)?)? {
        var tokens: [IMAPLabToken] = []
        var index = 0
        let space = UInt8(ascii: " ")
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case space:
                index += 1
            case UInt8(ascii: "("):
                tokens.append(.open)
                index += 1
            case UInt8(ascii: ")"):
                tokens.append(.close)
                index += 1
            case UInt8(ascii: "\""):
                var value: [UInt8] = []
                index += 1
                var closed = false
                while index < bytes.count {
                    let character = bytes[index]
                    if character == UInt8(ascii: "\\") && index + 1 < bytes.count {
                        value.append(bytes[index + 1])
                        index += 2
                        continue
                    }
                    index += 1
                    if character == UInt8(ascii: "\"") {
                        closed = true
                        break
                    }
                    value.append(character)
                }
                guard closed else { return nil }
                tokens.append(.quoted(String(decoding: value, as: UTF8.self)))
            case UInt8(ascii: "{"):
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")), close == bytes.count - 1 else {
                    return nil
                }
                var digits = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
                let synchronizing = !digits.hasSuffix("+")
                if !synchronizing {
                    digits.removeLast()
                }
                guard let length = Int(digits), length >= 0 else { return nil }
                return (tokens, (length, synchronizing))
            default:
                var atom: [UInt8] = []
                var depth = 0
                while index < bytes.count {
                    let character = bytes[index]
                    if depth == 0 && (character == space || character == UInt8(ascii: "(")
                                      || character == UInt8(ascii: ")") || character == UInt8(ascii: "{")
                                      || character == UInt8(ascii: "\"")) {
                        break
                    }
                    if character == UInt8(ascii: "[") { depth += 1 }
                    if character == UInt8(ascii: "]") { depth = max(0, depth - 1) }
                    atom.append(character)
                    index += 1
                }
                tokens.append(.atom(String(decoding: atom, as: UTF8.self)))
            }
        }
        return (tokens, nil)
    }
}

extension Array where Element == IMAPLabToken {
    /// A flag list: `(\Seen \Flagged)` or bare flags, as STORE and APPEND take them.
    func flagNames() -> [String]? {
        var names: [String] = []
        for token in self {
            switch token {
            case .open, .close: continue
            case .atom(let name): names.append(name)
            case .quoted, .literal: return nil
            }
        }
        return names
    }
}
