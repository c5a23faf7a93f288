import MailCore

/// A login refused because the connection is not encrypted, recognised from the server's own words when no code
/// in the reply says so. Dovecot's POP3, for one, answers a password before TLS with
/// `-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.`: the [AUTH] code alone
/// would point at the credentials (RFC 3206 §5), while the way out is TLS.
enum TLSRequiredDiagnosis {
    static let loginVerbs: Set<String> = ["AUTH", "AUTHENTICATE", "LOGIN", "USER", "PASS", "APOP"]
    static let words = ["PLAINTEXT", "SSL", "TLS", "ENCRYPT"]

    /// The diagnosis for a refusal of a login command on a connection without TLS whose text speaks of TLS or
    /// plaintext, unless a diagnosis the knowledge base found already points to TLS.
    static func explanation(for reply: String, after verb: String?, in p: MailProtocol, isTLS: Bool,
                            diagnoses: [Explanation]) -> Explanation? {
        guard !isTLS, let verb, loginVerbs.contains(verb) else { return nil }
        guard !diagnoses.contains(where: { $0.advice?.contains(".starttls") == true }) else { return nil }
        let upper = reply.uppercased()
        guard words.contains(where: { upper.contains($0) }) else { return nil }
        return Explanation(subject: "TLS required for login",
                           summary: "The server takes passwords only over TLS, and this connection has none.",
                           advice: advice(p), sources: sources(p))
    }

    private static func advice(_ p: MailProtocol) -> String {
        let implicit = "\(p.rawValue)s:// (port \(p.implicitTLSPort))"
        switch p {
        case .smtp:
            return "Run .starttls (EHLO is repeated for you), then authenticate again; or connect with \(implicit)."
        case .imap:
            return "Run .starttls, then log in again; or connect with \(implicit)."
        case .pop3:
            return "Run .starttls (it sends STLS), then log in again; or connect with \(implicit)."
        }
    }

    private static func sources(_ p: MailProtocol) -> [Citation] {
        let implicitTLS = Citation(rfc: 8314, section: "3")
        switch p {
        case .smtp: return [Citation(rfc: 3207, section: "4"), implicitTLS]
        case .imap: return [Citation(rfc: 9051, section: "6.2.1"), implicitTLS]
        case .pop3: return [Citation(rfc: 2595, section: "4"), implicitTLS]
        }
    }
}
