/// SASL mechanisms that appear after AUTH (SMTP), AUTH= (IMAP) and SASL (POP3), from the IANA "SASL Mechanisms"
/// registry and the RFCs that define them.
enum SASLMechanisms {
    static let table: [String: (String, Int?)] = [
        "PLAIN": ("user name and password, readable by anyone without TLS", 4616),
        "LOGIN": ("user name and password in two steps, readable without TLS; never made an RFC", nil),
        "CRAM-MD5": ("challenge-response with an MD5 digest; old and weak", 2195),
        "DIGEST-MD5": ("challenge-response digest; declared historic", 6331),
        "SCRAM-SHA-1": ("salted challenge-response; the password is not sent", 5802),
        "SCRAM-SHA-256": ("salted challenge-response with SHA-256; the password is not sent", 7677),
        "OAUTHBEARER": ("an OAuth 2.0 bearer token instead of a password", 7628),
        "XOAUTH2": ("an OAuth 2.0 token, Google's and Microsoft's older form; never made an RFC", nil),
        "EXTERNAL": ("identity from outside SASL, e.g. the TLS client certificate", 4422),
        "ANONYMOUS": ("no credentials; a trace string at most", 4505),
        "GSSAPI": ("Kerberos", 4752),
        "NTLM": ("Microsoft's Windows login; never made an RFC", nil),
    ]

    /// A sentence naming the known mechanisms in a space-separated list, or nil if none is known.
    static func describe(_ list: String) -> String? {
        let names = list.split(separator: " ").map { $0.uppercased() }
        let known = names.compactMap { name -> String? in
            guard let (meaning, rfc) = table[name] else { return nil }
            return "\(name): \(meaning)" + (rfc.map { " (RFC \($0))" } ?? "")
        }
        guard !known.isEmpty else { return nil }
        return "Mechanisms offered. " + known.joined(separator: "; ") + "."
    }
}
