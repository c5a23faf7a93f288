/// The three mail protocols mailrepl speaks.
///
/// SMTP sends and relays mail (RFC 5321); IMAP reads it where it stays on the server (RFC 9051, RFC 3501);
/// POP3 downloads it to one device (RFC 1939).
public enum MailProtocol: String, CaseIterable, Sendable {
    case smtp, imap, pop3

    /// The well-known port for plaintext (or STARTTLS) connections.
    public var plainPort: Int {
        switch self {
        case .smtp: return 25      // RFC 5321 §4.5.4.2; submission is 587 (RFC 6409 §3.1)
        case .imap: return 143     // RFC 9051 §1
        case .pop3: return 110     // RFC 1939 §3
        }
    }

    /// The well-known port for implicit TLS (RFC 8314 §7.3).
    public var implicitTLSPort: Int {
        switch self {
        case .smtp: return 465
        case .imap: return 993
        case .pop3: return 995
        }
    }

    /// The command that asks the server to switch the connection to TLS.
    public var startTLSCommand: String {
        switch self {
        case .smtp: return "STARTTLS"   // RFC 3207 §4
        case .imap: return "STARTTLS"   // RFC 9051 §6.2.1
        case .pop3: return "STLS"       // RFC 2595 §4
        }
    }

    public var displayName: String { rawValue.uppercased() }
}
