/// The stages of `mailrepl check`, in the order they are walked. A failing stage decides the exit status, so a
/// script can tell "wrong port" from "wrong password" without reading the text.
public enum CheckStage: String, Sendable, CaseIterable {
    case resolve
    case connect
    case greeting
    /// TLS spoken to a plaintext port, or plaintext to an implicit-TLS port (RFC 8314 §3.3).
    case tlsMode = "tls-mode"
    /// EHLO, CAPABILITY, CAPA.
    case capabilities
    case startTLS = "starttls"
    case tlsHandshake = "tls"
    case certificate
    /// Is AUTH (the requested mechanism) offered at all.
    case authOffered = "auth-offered"
    case authentication = "auth"
    case sender
    case recipient
    /// IMAP SELECT INBOX, POP3 STAT.
    case mailbox
    case quit

    /// The exit status when this stage fails. QUIT failing is only a warning.
    public var exitStatus: Int32 {
        switch self {
        case .resolve: return 10
        case .connect: return 11
        case .greeting: return 12
        case .tlsMode: return 13
        case .capabilities: return 14
        case .startTLS: return 15
        case .tlsHandshake: return 16
        case .certificate: return 17
        case .authOffered: return 18
        case .authentication: return 19
        case .sender: return 20
        case .recipient: return 21
        case .mailbox: return 22
        case .quit: return 0
        }
    }

    /// The exit statuses in words, for `--help`.
    public static let helpText = """
        Exit status: 0 every step passed; 2 the check could not run (no password available, a file that \
        cannot be written); 10 the name does not resolve; 11 no TCP connection; 12 no greeting, a refusal, or \
        not a mail server; 13 TLS spoken to a plaintext port or plaintext to a TLS port; 14 EHLO, CAPABILITY \
        or CAPA failed; 15 STARTTLS not offered or refused; 16 the TLS handshake failed; 17 the certificate is \
        not trusted; 18 AUTH or the mechanism asked for is not offered; 19 the login was refused; 20 the sender \
        (--from) was refused; 21 the recipient (--to) was refused, e.g. relaying denied; 22 SELECT INBOX or \
        STAT failed. With several failures, the first decides. `check HOST` exits 0 when any port answered as \
        a mail server, 11 when none did.
        """
}
