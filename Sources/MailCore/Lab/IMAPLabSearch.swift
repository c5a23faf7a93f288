/// SEARCH criteria (RFC 3501 §6.4.4), as far as a learner meets them: flags, header and body text, size, dates of
/// arrival, message numbers and UIDs, and NOT, OR and parentheses. String matches ignore case.
indirect enum IMAPLabSearch: Equatable, Sendable {
    case all
    case none
    case flag(String, set: Bool)
    case header(String, String)
    case body(String)
    case text(String)
    case larger(Int)
    case smaller(Int)
    /// Days since 1970 of the internal date: before, on, since.
    case before(Int)
    case on(Int)
    case since(Int)
    case numbers(IMAPSequenceSet)
    case uids(IMAPSequenceSet)
    case not(IMAPLabSearch)
    case or(IMAPLabSearch, IMAPLabSearch)
    case and([IMAPLabSearch])

    static func parse(_ tokens: [IMAPLabToken]) -> IMAPLabSearch? {
        var rest = tokens[...]
        // CHARSET: only US-ASCII and UTF-8, both of which the comparison already reads.
        if rest.first?.atom?.uppercased() == "CHARSET" {
            guard rest.count >= 2, let charset = rest.dropFirst().first?.string?.uppercased(),
                  ["US-ASCII", "UTF-8"].contains(charset) else { return nil }
            rest = rest.dropFirst(2)
        }
        var keys: [IMAPLabSearch] = []
        while !rest.isEmpty {
            guard let key = parseKey(&rest) else { return nil }
            keys.append(key)
        }
        return keys.isEmpty ? nil : (keys.count == 1 ? keys[0] : .and(keys))
    }

    private static func parseKey(_ tokens: inout ArraySlice<IMAPLabToken>) -> IMAPLabSearch? {
        guard let first = tokens.popFirst() else { return nil }
        if first == .open {
            var keys: [IMAPLabSearch] = []
            while let next = tokens.first, next != .close {
                guard let key = parseKey(&tokens) else { return nil }
                keys.append(key)
            }
            guard tokens.popFirst() == .close, !keys.isEmpty else { return nil }
            return .and(keys)
        }
        guard let word = first.atom else { return nil }
        func string() -> String? { tokens.popFirst()?.string }
        func number() -> Int? { string().flatMap { Int($0) } }
        func day() -> Int? { string().flatMap(IMAPLabSearch.dayNumber) }
        switch word.uppercased() {
        case "ALL": return .all
        case "ANSWERED": return .flag("\\Answered", set: true)
        case "UNANSWERED": return .flag("\\Answered", set: false)
        case "DELETED": return .flag("\\Deleted", set: true)
        case "UNDELETED": return .flag("\\Deleted", set: false)
        case "FLAGGED": return .flag("\\Flagged", set: true)
        case "UNFLAGGED": return .flag("\\Flagged", set: false)
        case "SEEN": return .flag("\\Seen", set: true)
        case "UNSEEN": return .flag("\\Seen", set: false)
        case "DRAFT": return .flag("\\Draft", set: true)
        case "UNDRAFT": return .flag("\\Draft", set: false)
        // The lab never sets \Recent (RFC 9051 dropped it), so NEW and RECENT find nothing and OLD finds all.
        case "NEW", "RECENT": return IMAPLabSearch.none
        case "OLD": return .all
        case "KEYWORD": return string().map { .flag($0, set: true) }
        case "UNKEYWORD": return string().map { .flag($0, set: false) }
        case "FROM", "TO", "CC", "BCC", "SUBJECT": return string().map { .header(word.lowercased(), $0) }
        case "HEADER":
            guard let field = string(), let value = string() else { return nil }
            return .header(field.lowercased(), value)
        case "BODY": return string().map { .body($0) }
        case "TEXT": return string().map { .text($0) }
        case "LARGER": return number().map { .larger($0) }
        case "SMALLER": return number().map { .smaller($0) }
        case "BEFORE": return day().map { .before($0) }
        case "ON": return day().map { .on($0) }
        case "SINCE": return day().map { .since($0) }
        case "UID": return string().flatMap(IMAPSequenceSet.init).map { .uids($0) }
        case "NOT": return parseKey(&tokens).map { .not($0) }
        case "OR":
            guard let first = parseKey(&tokens), let second = parseKey(&tokens) else { return nil }
            return .or(first, second)
        default:
            return IMAPSequenceSet(word).map { .numbers($0) }
        }
    }

    /// `1-Feb-1994` (RFC 3501 §9 date) as days since 1970-01-01.
    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]),
              let month = LabDate.monthNames.firstIndex(where: { $0.lowercased() == parts[1].lowercased() })
        else { return nil }
        // Days from the civil date (the inverse of LabDate's conversion).
        let shiftedYear = month + 1 <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthIndex = (month + 1 + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    func matches(_ message: LabMessage, number: UInt32, count: UInt32, largestUID: UInt32) -> Bool {
        let day = Int(message.internalDate >= 0 ? message.internalDate / 86_400 : (message.internalDate - 86_399) / 86_400)
        switch self {
        case .all: return true
        case .none: return false
        case .flag(let name, let set): return message.flags.contains(name) == set
        case .header(let field, let value):
            return LabMessageText.headerFields(of: message.bytes).contains { header in
                header.name.lowercased() == field && (value.isEmpty || header.value.lowercased().contains(value.lowercased()))
            }
        case .body(let value):
            let body = message.bytes[LabMessageText.bodyOffset(of: message.bytes)...]
            return String(decoding: body, as: UTF8.self).lowercased().contains(value.lowercased())
        case .text(let value):
            return String(decoding: message.bytes, as: UTF8.self).lowercased().contains(value.lowercased())
        case .larger(let size): return message.size > size
        case .smaller(let size): return message.size < size
        case .before(let limit): return day < limit
        case .on(let date): return day == date
        case .since(let limit): return day >= limit
        case .numbers(let set): return set.contains(number, largest: count)
        case .uids(let set): return set.contains(message.uid, largest: largestUID)
        case .not(let key): return !key.matches(message, number: number, count: count, largestUID: largestUID)
        case .or(let first, let second):
            return first.matches(message, number: number, count: count, largestUID: largestUID)
                || second.matches(message, number: number, count: count, largestUID: largestUID)
        case .and(let keys):
            return keys.allSatisfy { $0.matches(message, number: number, count: count, largestUID: largestUID) }
        }
    }
}
