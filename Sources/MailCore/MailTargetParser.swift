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
            // An IPv6 address (RFC 3986 §3.2.2, `IPv6address`): hex digits, colons, and dots for an IPv4 tail.
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw .invalidHost(String(rest))
            }
        } else {
            if let colon = rest.lastIndex(of: ":") {
                host = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            } else {
                host = rest
            }
            // A DNS name or an IPv4 address: letters, digits, "-", "." and the "_" some internal names use.
            // Anything else (a control character, a space, a colon, a stray "%") would reach the resolver and the
            // screen as is.
            guard !host.isEmpty,
                  host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
                throw .invalidHost(String(rest))
            }
        }

        var port: Int?
        if let portText {
            // Digits only (RFC 3986 §3.2.3): Int() would also take a sign.
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(portText),
                  (1...65535).contains(value) else {
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
                // Exactly two hex digits (RFC 3986 §2.1); UInt8(_:radix:) would also take a sign.
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
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

public enum MailTargetError: Error, Equatable, Sendable {
    case missingScheme(String)
    case unknownScheme(String)
    case passwordInURL
    case invalidUser(String)
    case invalidHost(String)
    case invalidPort(String)
}
