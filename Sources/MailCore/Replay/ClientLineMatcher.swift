/// Compares a line a served client sent with the line the transcript expects there.
public enum ClientLineMatcher {
    public enum Outcome: Equatable, Sendable {
        /// The same, within the tolerances; `tag` is the client's own tag for the recorded one (IMAP).
        case match(tag: String?)
        /// Different: why, in words.
        case mismatch(String)
    }

    /// - Parameter actual: the bytes the client sent, line end included.
    public static func match(_ actual: [UInt8], expected: ClientExpectation, in mailProtocol: MailProtocol,
                             tolerances: ReplayTolerances) -> Outcome {
        if let wire = expected.line.wire, wire == actual {
            return .match(tag: expected.tag)
        }
        var rest = actual[...]
        if expected.line.endsWithCRLF {
            guard rest.suffix(2).elementsEqual([13, 10]) else {
                return .mismatch(rest.last == 10 ? "the line ended with a bare LF; the transcript has CRLF"
                                                 : "the line did not end with CRLF")
            }
            rest = rest.dropLast(2)
        }
        var pattern = expected.line.pieces
        var tag = expected.tag
        if let recordedTag = expected.tag, mailProtocol == .imap {
            guard tolerances.imapTags else { return .mismatch("a different line (tags must match under --strict)") }
            guard let actualTag = firstWord(of: rest), dropWord(&pattern, Array(recordedTag.utf8)) else {
                return .mismatch("expected a tagged command")
            }
            tag = String(decoding: actualTag, as: UTF8.self)
            rest = rest.dropFirst(actualTag.count + 1)
        }
        if let verb = expected.verb {
            guard let sent = firstWord(of: rest), let recorded = recordedFirstWord(of: pattern),
                  sameWord(sent, recorded, tolerances) else {
                return .mismatch("a different command; expected \(verb)")
            }
            if mailProtocol == .smtp, verb == "EHLO" || verb == "HELO", tolerances.greetingArgument {
                return .match(tag: tag)
            }
            _ = dropPrefix(&pattern, recorded)
            rest = rest.dropFirst(sent.count)
            if mailProtocol == .smtp, verb == "MAIL" || verb == "RCPT" {
                // The keyword after the verb is case-insensitive too (RFC 5321 §2.4: "TO:" or "to:").
                let length = verb == "MAIL" ? " FROM:".utf8.count : " TO:".utf8.count
                if let keyword = leadingBytes(of: pattern, count: length), rest.count >= length,
                   sameWord(rest.prefix(length), keyword, tolerances) {
                    _ = dropPrefix(&pattern, keyword)
                    rest = rest.dropFirst(length)
                }
            }
        }
        if !tolerances.secrets && pattern.contains(.redacted) {
            return .mismatch("the transcript has \(Redaction.marker) here, which matches nothing under --strict")
        }
        return glob(pattern[...], rest) ? .match(tag: tag) : .mismatch("a different line")
    }

    /// Whether `bytes` is what `pattern` describes, a redaction standing for any bytes.
    static func glob(_ pattern: ArraySlice<TranscriptLine.Piece>, _ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = pattern.first else { return bytes.isEmpty }
        switch first {
        case .bytes(let literal):
            guard bytes.starts(with: literal) else { return false }
            return glob(pattern.dropFirst(), bytes.dropFirst(literal.count))
        case .redacted:
            var start = bytes.startIndex
            while true {
                if glob(pattern.dropFirst(), bytes[start...]) { return true }
                if start == bytes.endIndex { return false }
                start += 1
            }
        }
    }

    private static func firstWord(of bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let word = bytes.prefix { $0 != UInt8(ascii: " ") }
        return word.isEmpty ? nil : word
    }

    private static func sameWord(_ sent: ArraySlice<UInt8>, _ recorded: [UInt8], _ tolerances: ReplayTolerances)
        -> Bool {
        guard tolerances.commandCase else { return sent.elementsEqual(recorded) }
        return sent.count == recorded.count && zip(sent, recorded).allSatisfy { lowered($0) == lowered($1) }
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// The recorded line's first word, when the pattern begins with plain bytes.
    private static func recordedFirstWord(of pattern: [TranscriptLine.Piece]) -> [UInt8]? {
        guard case .bytes(let bytes)? = pattern.first else { return nil }
        let word = bytes.prefix { $0 != UInt8(ascii: " ") }
        return word.isEmpty ? nil : Array(word)
    }

    /// The first `count` bytes of the pattern, when they are plain bytes.
    private static func leadingBytes(of pattern: [TranscriptLine.Piece], count: Int) -> [UInt8]? {
        guard case .bytes(let bytes)? = pattern.first, bytes.count >= count else { return nil }
        return Array(bytes.prefix(count))
    }

    private static func dropPrefix(_ pattern: inout [TranscriptLine.Piece], _ prefix: [UInt8]) -> Bool {
        guard case .bytes(let bytes)? = pattern.first, bytes.starts(with: prefix) else { return false }
        let rest = Array(bytes.dropFirst(prefix.count))
        if rest.isEmpty {
            pattern.removeFirst()
        } else {
            pattern[0] = .bytes(rest)
        }
        return true
    }

    /// Drops `word` and the space after it from the start of the pattern.
    private static func dropWord(_ pattern: inout [TranscriptLine.Piece], _ word: [UInt8]) -> Bool {
        dropPrefix(&pattern, word + [UInt8(ascii: " ")])
    }
}
