/// How to log in: a SASL mechanism, or one of the protocols' own commands.
///
/// The protocols' own commands are written with a "+" in front, as curl's login options write them, since IMAP's
/// LOGIN command and the SASL mechanism LOGIN share a name: `+LOGIN` is IMAP LOGIN, `+USER` is POP3 USER/PASS,
/// `+APOP` is POP3 APOP. `USER` and `APOP` are accepted without the "+", as they name nothing else.
public enum AuthMethod: Equatable, Sendable {
    case sasl(SASLMechanismKind)
    /// IMAP `LOGIN user password` (RFC 9051 §6.2.3).
    case imapLogin
    /// POP3 `USER name` then `PASS string` (RFC 1939 §7).
    case pop3UserPass
    /// POP3 `APOP name digest`: MD5 of the greeting's timestamp and the password (RFC 1939 §7).
    case apop

    public init?(name: some StringProtocol) {
        switch name.uppercased() {
        case "+LOGIN": self = .imapLogin
        case "+USER", "USER": self = .pop3UserPass
        case "+APOP", "APOP": self = .apop
        default:
            guard let kind = SASLMechanismKind(name: name) else { return nil }
            self = .sasl(kind)
        }
    }

    public var name: String {
        switch self {
        case .sasl(let kind): return kind.name
        case .imapLogin: return "+LOGIN"
        case .pop3UserPass: return "+USER"
        case .apop: return "+APOP"
        }
    }

    /// What is typed on the wire, for the step names in a report: "AUTH PLAIN", "AUTHENTICATE SCRAM-SHA-1",
    /// "LOGIN", "USER/PASS", "APOP".
    public func commandName(in mailProtocol: MailProtocol) -> String {
        switch self {
        case .sasl(let kind): return (mailProtocol == .imap ? "AUTHENTICATE " : "AUTH ") + kind.name
        case .imapLogin: return "LOGIN"
        case .pop3UserPass: return "USER/PASS"
        case .apop: return "APOP"
        }
    }

    /// Whether the protocol has this command at all.
    public func exists(in mailProtocol: MailProtocol) -> Bool {
        switch self {
        case .sasl: return true
        case .imapLogin: return mailProtocol == .imap
        case .pop3UserPass, .apop: return mailProtocol == .pop3
        }
    }

    /// True when the password or token itself crosses the wire.
    public var exposesSecret: Bool {
        switch self {
        case .sasl(let kind): return [.plain, .login, .xoauth2, .oauthBearer].contains(kind)
        case .imapLogin, .pop3UserPass: return true
        case .apop: return false
        }
    }

    /// Every name `init(name:)` takes, for help texts.
    public static let names = SASLMechanismKind.allCases.map(\.name) + ["+LOGIN", "+USER", "+APOP"]
}

extension MailProtocol {
    /// "an SMTP", "an IMAP", "a POP3": the name with its article, for sentences.
    public var article: String {
        self == .pop3 ? "a POP3" : "an \(displayName)"
    }
}
