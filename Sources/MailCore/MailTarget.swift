/// Where to connect and how: parsed from a URL such as `imaps://alice@[::1]:9993`.
///
/// The schemes are those of RFC 5092 (imap), RFC 2384 (pop) and the common smtp/smtps forms used by curl;
/// the `s` variants mean implicit TLS (RFC 8314 §3).
public struct MailTarget: Equatable, Sendable {
    public enum Security: Equatable, Sendable {
        /// Plaintext, optionally upgraded later with STARTTLS/STLS.
        case plain
        /// TLS from the first byte.
        case implicitTLS
    }

    public var mailProtocol: MailProtocol
    public var security: Security
    /// Host name or IP literal, without brackets.
    public var host: String
    public var port: Int
    public var user: String?

    public init(mailProtocol: MailProtocol, security: Security, host: String, port: Int? = nil, user: String? = nil) {
        self.mailProtocol = mailProtocol
        self.security = security
        self.host = host
        self.port = port ?? (security == .implicitTLS ? mailProtocol.implicitTLSPort : mailProtocol.plainPort)
        self.user = user
    }

    /// `host:port`, with brackets around an IPv6 literal.
    public var authority: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public var scheme: String {
        mailProtocol.rawValue + (security == .implicitTLS ? "s" : "")
    }

    public var url: String {
        let userPart = user.map { "\(MailTarget.percentEncode($0))@" } ?? ""
        return "\(scheme)://\(userPart)\(authority)"
    }

    /// Whether the host is an IP literal; SNI is not sent for those (RFC 6066 §3).
    public var hostIsIPLiteral: Bool {
        host.contains(":") || host.split(separator: ".").count == 4
            && host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if byte == UInt8(ascii: "@") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "%") || byte < 0x21 || byte > 0x7E {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
