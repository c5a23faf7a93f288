/// Parses the target URL given on the command line.
///
/// Accepted: `scheme://[user@]host[:port][/]` with scheme one of smtp, smtps, imap, imaps, pop3, pop3s (and `pop`,
/// `pops` as RFC 2384 spells it). Host is a name, an IPv4 address or a bracketed IPv6 literal (RFC 3986 §3.2.2).
/// A password in the URL is refused: it would sit in the shell history and in the process list.
public enum MailTargetParser {
    public static func parse(_ text: String) throws(MailTargetError) -> MailTarget {
        guard let schemeEnd = text.firstRange(of: "://") else {
            throw .missingScheme(text)
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let (mailProtocol, security): (MailProtocol, MailTarget.Security)
        switch scheme {
        case "smtp": (mailProtocol, security) = (.smtp, .plain)
        case "smtps": (mailProtocol, security) = (.smtp, .implicitTLS)
        case "imap": (mailProtocol, security) = (.imap, .plain)
        case "imaps": (mailProtocol, security) = (.imap, .implicitTLS)
        case "pop3", "pop": (mailProtocol, security) = (.pop3, .plain)
        case "pop3s", "pops": (mailProtocol, security) = (.pop3, .implicitTLS)
        default: throw .unknownScheme(String(scheme))
        }

        var rest = text[schemeEnd.upperBound...]
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            rest = rest[..<slash]
        }

        var user: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if userInfo.contains(":") {
                throw .passwordInURL
            }
            guard let decoded = percentDecode(userInfo), !decoded.isEmpty else {
                throw .invalidUser(String(userInfo))
            }
            user = decoded
            rest = rest[rest.index(after: at)...]
        }

        var host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw .invalidHost(String(rest)) }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidHost(String(rest))
            }
            guard host.contains(":") else { throw .invalidHost(String(rest)) }
        } else {
            if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest
            }
            if host.contains(":") { throw .invalidHost(String(rest)) }
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw .invalidHost(String(host))
        }

        var port: Int?
        if let portText {
            guard let value = Int(portText), (1...65535).contains(value) else {
                throw .invalidPort(String(portText))
            }
            port = value
        }
        return MailTarget(mailProtocol: mailProtocol, security: security, host: String(host), port: port, user: user)
    }

    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else {
                    return nil
                }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

public enum MailTargetError: Error, Equatable, Sendable {
    case missingScheme(String)
    case unknownScheme(String)
    case passwordInURL
    case invalidUser(String)
    case invalidHost(String)
    case invalidPort(String)
}
