import MailCore

/// What is talking on a port, told from the first bytes it sent: the greetings of RFC 5321 §4.2 ("220 "),
/// RFC 9051 §7.1 ("* OK"), RFC 1939 §4 ("+OK"), or something that is no mail server at all.
public enum PortSpeaker: Equatable, Sendable {
    case mail(MailProtocol)
    /// A TLS record (content type 20 to 23, version 3.x; RFC 8446 §5.1): TLS where plaintext was expected.
    case tls
    case ssh
    case http
    /// FTP greets with "220" too (RFC 959 §4.2); its text usually says FTP.
    case ftp
    case unknown

    public init(firstBytes bytes: [UInt8]) {
        if bytes.count >= 2, (0x14...0x17).contains(bytes[0]), bytes[1] == 0x03 {
            self = .tls
            return
        }
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        let upper = text.uppercased()
        if text.hasPrefix("SSH-") {
            self = .ssh
        } else if text.hasPrefix("HTTP/") {
            self = .http
        } else if upper.hasPrefix("* OK") || upper.hasPrefix("* PREAUTH") || upper.hasPrefix("* BYE") {
            self = .mail(.imap)
        } else if upper.hasPrefix("+OK") || upper.hasPrefix("-ERR") {
            self = .mail(.pop3)
        } else if let reply = SMTPReplyLine(Array(bytes.prefix { $0 != 13 && $0 != 10 })) {
            self = upper.contains("FTP") && reply.code == 220 ? .ftp : .mail(.smtp)
        } else {
            self = .unknown
        }
    }

    /// "an IMAP server", "an SSH server": for sentences.
    public var description: String {
        switch self {
        case .mail(let mailProtocol): return "\(mailProtocol.article) server"
        case .tls: return "a TLS server"
        case .ssh: return "an SSH server"
        case .http: return "a web server"
        case .ftp: return "an FTP server"
        case .unknown: return "something that is not a mail server"
        }
    }
}
