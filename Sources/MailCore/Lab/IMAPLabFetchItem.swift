/// One FETCH data item the lab answers (RFC 3501 §6.4.5, §7.4.2).
enum IMAPLabFetchItem: Equatable, Sendable {
    case flags
    case uid
    case internalDate
    case size
    case envelope
    /// BODY[section]<partial>, BODY.PEEK[...], and the RFC822 forms, which are BODY sections under other names.
    case section(IMAPLabSection)

    /// Parses the items after the sequence set: one item or a parenthesized list; macros expanded.
    static func parse(_ tokens: [IMAPLabToken]) -> [IMAPLabFetchItem]? {
        var words: [String] = []
        for token in tokens {
            switch token {
            case .open, .close: continue
            case .atom(let word): words.append(word)
            case .quoted, .literal: return nil
            }
        }
        guard !words.isEmpty else { return nil }
        var items: [IMAPLabFetchItem] = []
        for word in words {
            switch word.uppercased() {
            case "ALL": items += [.flags, .internalDate, .size, .envelope]
            case "FAST": items += [.flags, .internalDate, .size]
            case "FULL": items += [.flags, .internalDate, .size, .envelope]
            case "FLAGS": items.append(.flags)
            case "UID": items.append(.uid)
            case "INTERNALDATE": items.append(.internalDate)
            case "RFC822.SIZE": items.append(.size)
            case "ENVELOPE": items.append(.envelope)
            case "RFC822": items.append(.section(IMAPLabSection(name: "RFC822", part: .whole, peek: false)))
            case "RFC822.HEADER": items.append(.section(IMAPLabSection(name: "RFC822.HEADER", part: .header, peek: true)))
            case "RFC822.TEXT": items.append(.section(IMAPLabSection(name: "RFC822.TEXT", part: .text, peek: false)))
            default:
                guard let section = IMAPLabSection(word) else { return nil }
                items.append(.section(section))
            }
        }
        return items
    }

    var setsSeen: Bool {
        if case .section(let section) = self { return !section.peek }
        return false
    }

    func render(_ message: LabMessage) -> [UInt8] {
        switch self {
        case .flags: return Array("FLAGS \(message.flags.imapList)".utf8)
        case .uid: return Array("UID \(message.uid)".utf8)
        case .internalDate: return Array("INTERNALDATE \"\(LabDate(secondsSince1970: message.internalDate).imap)\"".utf8)
        case .size: return Array("RFC822.SIZE \(message.size)".utf8)
        case .envelope: return Array("ENVELOPE \(IMAPLabEnvelope.render(message.bytes))".utf8)
        case .section(let section):
            let content = section.content(of: message.bytes)
            return Array("\(section.responseName) {\(content.count)}\r\n".utf8) + content
        }
    }
}

/// A body section: `BODY[HEADER.FIELDS (FROM)]<0.100>` and its parts (RFC 3501 §6.4.5).
struct IMAPLabSection: Equatable, Sendable {
    enum Part: Equatable, Sendable {
        case whole
        case header
        case text
        case fields([String], not: Bool)
    }

    /// The name in the response: `BODY[HEADER]`, `RFC822`, `BODY[]<10>`.
    var name: String
    var part: Part
    var peek: Bool
    var partial: (start: Int, length: Int)?

    static func == (first: IMAPLabSection, second: IMAPLabSection) -> Bool {
        first.name == second.name && first.part == second.part && first.peek == second.peek
            && first.partial?.start == second.partial?.start && first.partial?.length == second.partial?.length
    }

    init(name: String, part: Part, peek: Bool) {
        self.name = name
        self.part = part
        self.peek = peek
    }

    init?(_ word: String) {
        let upper = word.uppercased()
        let prefix: String
        if upper.hasPrefix("BODY.PEEK[") {
            prefix = "BODY.PEEK["
            peek = true
        } else if upper.hasPrefix("BODY[") {
            prefix = "BODY["
            peek = false
        } else {
            return nil
        }
        guard let close = upper.lastIndex(of: "]") else { return nil }
        let spec = String(upper[upper.index(upper.startIndex, offsetBy: prefix.count)..<close]).trimmingLabSpaces
        let after = String(upper[upper.index(after: close)...])
        switch spec {
        case "": part = .whole
        case "HEADER", "0": part = .header
        case "TEXT", "1": part = .text   // a message that is not multipart has one part: its body (§6.4.5)
        default:
            let isNot = spec.hasPrefix("HEADER.FIELDS.NOT")
            guard spec.hasPrefix("HEADER.FIELDS"), let open = spec.firstIndex(of: "("),
                  let end = spec.lastIndex(of: ")"), open < end else { return nil }
            let fields = spec[spec.index(after: open)..<end].split(separator: " ").map(String.init)
            guard !fields.isEmpty else { return nil }
            part = .fields(fields, not: isNot)
        }
        name = "BODY[" + spec + "]"
        if !after.isEmpty {
            // <start.length>: the response names only the start (RFC 3501 §7.4.2).
            let inner = after.dropFirst().dropLast()
            let numbers = inner.split(separator: ".").compactMap { Int($0) }
            guard after.hasPrefix("<"), after.hasSuffix(">"), numbers.count == 2, numbers[0] >= 0, numbers[1] >= 0
            else { return nil }
            partial = (numbers[0], numbers[1])
            name += "<\(numbers[0])>"
        }
    }

    var responseName: String { name }

    func content(of bytes: [UInt8]) -> [UInt8] {
        let bodyOffset = LabMessageText.bodyOffset(of: bytes)
        var content: [UInt8]
        switch part {
        case .whole: content = bytes
        case .header: content = Array(bytes[0..<bodyOffset])
        case .text: content = Array(bytes[bodyOffset...])
        case .fields(let names, let not):
            let wanted = Set(names.map { $0.lowercased() })
            content = []
            for field in LabMessageText.headerFields(of: bytes) where wanted.contains(field.name.lowercased()) != not {
                content += field.raw + [13, 10]
            }
            content += [13, 10]
        }
        if let partial {
            let start = min(partial.start, content.count)
            content = Array(content[start..<min(content.count, start + partial.length)])
        }
        return content
    }
}
