import MailCore

/// How `mailrepl check` walks a server.
public struct CheckOptions: Sendable {
    /// Time-outs, CA file, --insecure.
    public var session = Session.Options()
    /// The login methods to try, in order; empty tries the strongest password mechanism the server offers.
    public var methods: [AuthMethod] = []
    /// `--mech all`: every method the server offers that mailrepl speaks.
    public var allMethods = false
    /// `--from`, `--to`: tried with MAIL FROM and RCPT TO, then RSET; nothing is sent.
    public var sender: String?
    public var recipient: String?
    /// `--no-starttls`: do not upgrade a plaintext connection (to see what the server allows without TLS). A
    /// login then sends its password in clear.
    public var skipStartTLS = false
    /// Send a SASL initial response with the command (RFC 4954 §4, RFC 4959, RFC 5034 §4).
    public var initialResponse = true
    /// How long a plaintext port may stay silent before the check tries whether it speaks TLS instead: mail
    /// servers greet at once (RFC 5321 §3.1, RFC 9051 §7.1.1, RFC 1939 §4), a TLS server waits for the client.
    public var greetingWait: Duration = .milliseconds(1500)

    public init() {}
}
