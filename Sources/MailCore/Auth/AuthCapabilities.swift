/// What a server's capabilities say about logging in.
///
/// SMTP lists mechanisms on the EHLO keyword line `AUTH PLAIN LOGIN` (RFC 4954 §3; some old servers also send
/// `AUTH=PLAIN LOGIN`), IMAP as `AUTH=PLAIN` atoms (RFC 9051 §6.1.1), POP3 on the CAPA line `SASL PLAIN LOGIN`
/// (RFC 5034 §5). IMAP's `LOGINDISABLED` forbids LOGIN (§6.2.3); POP3's `USER` offers USER/PASS (RFC 2449 §6.8).
public struct AuthCapabilities: Equatable, Sendable {
    /// SASL mechanism names offered, upper-case, in the server's order.
    public var mechanisms: [String]
    /// IMAP: LOGIN is refused (LOGINDISABLED).
    public var loginDisabled: Bool
    /// POP3: USER/PASS is offered.
    public var userPass: Bool
    /// STARTTLS (STLS in POP3) is offered.
    public var startTLS: Bool
    /// IMAP SASL-IR (RFC 4959): AUTHENTICATE may carry the initial response.
    public var initialResponse: Bool
    /// IMAP LITERAL+ or LITERAL- (RFC 7888): literals need not wait for the server's "+".
    public var nonSynchronizingLiterals: Bool

    public init(_ capabilities: [String], mailProtocol: MailProtocol) {
        var mechanisms: [String] = []
        var loginDisabled = false
        var userPass = false
        var startTLS = false
        var initialResponse = false
        var literalPlus = false
        for capability in capabilities {
            let words = capability.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch mailProtocol {
            case .smtp:
                if keyword == "AUTH" || keyword.hasPrefix("AUTH=") {
                    let first = keyword.hasPrefix("AUTH=") ? [String(keyword.dropFirst(5))] : []
                    mechanisms += (first + words.dropFirst()).filter { !$0.isEmpty && !mechanisms.contains($0) }
                }
                startTLS = startTLS || keyword == "STARTTLS"
            case .imap:
                for atom in words {
                    if atom.hasPrefix("AUTH="), !mechanisms.contains(String(atom.dropFirst(5))) {
                        mechanisms.append(String(atom.dropFirst(5)))
                    }
                    loginDisabled = loginDisabled || atom == "LOGINDISABLED"
                    startTLS = startTLS || atom == "STARTTLS"
                    initialResponse = initialResponse || atom == "SASL-IR"
                    literalPlus = literalPlus || atom == "LITERAL+" || atom == "LITERAL-"
                }
            case .pop3:
                if keyword == "SASL" {
                    mechanisms += words.dropFirst().filter { !mechanisms.contains($0) }
                }
                userPass = userPass || keyword == "USER"
                startTLS = startTLS || keyword == "STLS"
            }
        }
        self.mechanisms = mechanisms
        self.loginDisabled = loginDisabled
        self.userPass = userPass
        self.startTLS = startTLS
        self.initialResponse = initialResponse
        self.nonSynchronizingLiterals = literalPlus
    }

    /// Whether the server says it takes `method`: nil when it cannot be told from capabilities (APOP shows in
    /// the greeting; USER is often not listed by servers that take it).
    public func offers(_ method: AuthMethod) -> Bool? {
        switch method {
        case .sasl(let kind): return mechanisms.contains(kind.name)
        case .imapLogin: return !loginDisabled
        case .pop3UserPass: return userPass ? true : nil
        case .apop: return nil
        }
    }

    /// The password mechanism to use when the user names none: the first of `SASLMechanismKind.passwordPreference`
    /// the server offers.
    public var preferredPasswordMechanism: SASLMechanismKind? {
        SASLMechanismKind.passwordPreference.first { mechanisms.contains($0.name) }
    }
}
