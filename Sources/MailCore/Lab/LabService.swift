/// The services of the practice lab: the three protocols, each the way real providers run them.
///
/// `smtp` is the relay port (25, RFC 5321): it takes mail for the lab's own domain from anyone, offers STARTTLS,
/// and offers AUTH only once TLS is up. `submission` is the port for mail programs (587, RFC 6409): STARTTLS and
/// AUTH come before any mail. `smtps`, `imaps` and `pop3s` are TLS from the first byte (RFC 8314).
public enum LabService: String, CaseIterable, Sendable {
    case smtp, submission, smtps, imap, imaps, pop3, pop3s

    public var mailProtocol: MailProtocol {
        switch self {
        case .smtp, .submission, .smtps: return .smtp
        case .imap, .imaps: return .imap
        case .pop3, .pop3s: return .pop3
        }
    }

    public var security: MailTarget.Security {
        switch self {
        case .smtps, .imaps, .pop3s: return .implicitTLS
        case .smtp, .submission, .imap, .pop3: return .plain
        }
    }

    /// The URL scheme clients such as curl use for this service (submission is smtp:// with STARTTLS).
    public var scheme: String {
        mailProtocol.rawValue + (security == .implicitTLS ? "s" : "")
    }

    /// The well-known port this service stands in for; the lab listens on a free high port instead.
    public var wellKnownPort: Int {
        switch self {
        case .smtp: return 25          // RFC 5321 §4.5.4.2
        case .submission: return 587   // RFC 6409 §3.1
        case .smtps: return 465        // RFC 8314 §7.3
        case .imap: return 143         // RFC 9051 §1
        case .imaps: return 993        // RFC 8314 §7.3
        case .pop3: return 110         // RFC 1939 §3
        case .pop3s: return 995        // RFC 8314 §7.3
        }
    }

    /// One line on what the service is for, as `lab --serve` and `.connect` list it.
    public var role: String {
        switch self {
        case .smtp: return "relay port (like 25): mail for lab.test from anyone; STARTTLS; AUTH after TLS"
        case .submission: return "submission (like 587): STARTTLS, then AUTH, before any mail"
        case .smtps: return "submission over TLS from the first byte (like 465)"
        case .imap: return "IMAP (like 143): read mail where it stays; STARTTLS offered"
        case .imaps: return "IMAP over TLS from the first byte (like 993)"
        case .pop3: return "POP3 (like 110): download and delete; STLS offered"
        case .pop3s: return "POP3 over TLS from the first byte (like 995)"
        }
    }

    /// Looks a service up by the name a person types (`.connect imap`), also by its well-known port.
    public init?(name: String) {
        let lowered = name.lowercased()
        if let service = LabService(rawValue: lowered) {
            self = service
            return
        }
        guard let port = Int(lowered), let service = LabService.allCases.first(where: { $0.wellKnownPort == port })
        else { return nil }
        self = service
    }
}
