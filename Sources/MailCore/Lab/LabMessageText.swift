/// Splitting a stored message (CRLF line ends) into lines and parts, for POP3 TOP and IMAP sections.
enum LabMessageText {
    /// The lines without their CRLF; a final line without CRLF is kept too.
    static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 {
                lines.append(current)
                current = []
                index += 2
                continue
            }
            current.append(bytes[index])
            index += 1
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }

    /// Where the header ends: the offset of the body, after the empty line (RFC 5322 §2.1); the whole message when
    /// there is no body.
    static func bodyOffset(of bytes: [UInt8]) -> Int {
        if bytes.starts(with: [13, 10]) { return 2 }
        var index = 0
        while index + 3 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return bytes.count
    }

    /// The header fields, unfolded: (name, value) in order (RFC 5322 §2.2, §2.2.3).
    static func headerFields(of bytes: [UInt8]) -> [(name: String, value: String, raw: [UInt8])] {
        let header = Array(bytes[0..<bodyOffset(of: bytes)])
        var fields: [(name: String, value: String, raw: [UInt8])] = []
        for line in lines(of: header) where !line.isEmpty {
            if (line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")), !fields.isEmpty {
                fields[fields.count - 1].value += String(decoding: line, as: UTF8.self)
                fields[fields.count - 1].raw += [13, 10] + line
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            var value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            while value.first == " " { value.removeFirst() }
            fields.append((name, value, line))
        }
        return fields
    }
}
