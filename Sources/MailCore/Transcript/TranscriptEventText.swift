/// The text of an event line after `* `: a name, then `key=value` attributes, a value bare or in quotes.
///
///     tls version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 subject="CN = mail.example.test"
enum TranscriptEventText {
    static func parse(_ text: ArraySlice<UInt8>) -> Result<TranscriptEvent, TranscriptEvent.Problem> {
        let name = text.prefix(while: isNameByte)
        guard !name.isEmpty else {
            return .failure(.init(expected: "an event name (letters, digits, -) after *"))
        }
        var attributes: [TranscriptAttribute] = []
        var index = name.endIndex
        while index < text.endIndex {
            guard text[index] == UInt8(ascii: " ") else {
                return .failure(.init(expected: "a space before the next attribute of the \(ascii(name)) event"))
            }
            while index < text.endIndex && text[index] == UInt8(ascii: " ") { index += 1 }
            if index == text.endIndex { break }
            let key = text[index...].prefix(while: isNameByte)
            guard !key.isEmpty, key.endIndex < text.endIndex, text[key.endIndex] == UInt8(ascii: "=") else {
                return .failure(.init(expected: "key=value attributes in the \(ascii(name)) event"))
            }
            index = key.endIndex + 1
            let value: [UInt8]
            if index < text.endIndex && text[index] == UInt8(ascii: "\"") {
                guard let close = text[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) else {
                    return .failure(.init(expected: "a closing \" after \(ascii(key))=\""))
                }
                value = TranscriptEscaping.decode(text[(index + 1)..<close])
                index = close + 1
            } else {
                let bare = text[index...].prefix { $0 != UInt8(ascii: " ") }
                guard !bare.isEmpty else {
                    return .failure(.init(expected: "a value after \(ascii(key))="))
                }
                value = Array(bare)
                index = bare.endIndex
            }
            attributes.append(TranscriptAttribute(key: ascii(key), value: value))
        }
        return TranscriptEvent.make(name: ascii(name), attributes: attributes)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "-") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func ascii(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
