/// What was agreed in a TLS handshake and what the server's certificate says, for the "TLS started" event.
public struct TLSSummary: Equatable, Sendable {
    /// "TLSv1.3", "TLSv1.2".
    public var protocolVersion: String
    /// OpenSSL's name of the cipher suite, e.g. "TLS_AES_256_GCM_SHA384".
    public var cipher: String
    /// The server certificate's subject and issuer in one-line form ("CN = mail.example.com").
    public var subject: String
    public var issuer: String
    /// Validity period, "2026-01-31 12:00:00 UTC".
    public var notBefore: String
    public var notAfter: String
    /// "DNS:mail.example.com", "IP:192.0.2.1", …
    public var subjectAlternativeNames: [String]
    /// True when the chain is trusted and the certificate matches the host.
    public var verified: Bool
    /// OpenSSL's verify result: 0 and "ok" when verified.
    public var verifyCode: Int
    public var verifyText: String
    /// The chain as the server sent it, leaf first, one line per certificate.
    public var chain: [String]
    /// The host the certificate was checked against.
    public var serverName: String

    public init(
        protocolVersion: String, cipher: String, subject: String, issuer: String, notBefore: String,
        notAfter: String, subjectAlternativeNames: [String], verified: Bool, verifyCode: Int, verifyText: String,
        chain: [String], serverName: String
    ) {
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.subjectAlternativeNames = subjectAlternativeNames
        self.verified = verified
        self.verifyCode = verifyCode
        self.verifyText = verifyText
        self.chain = chain
        self.serverName = serverName
    }

    /// The certificate failure, when the handshake went on only because of --insecure.
    public var problem: CertificateProblem? {
        guard !verified else { return nil }
        return CertificateProblem(
            kind: CertificateProblem.Kind(verifyCode: verifyCode), verifyCode: verifyCode,
            verifyText: verifyText, chain: chain, host: serverName,
            subjectAlternativeNames: subjectAlternativeNames)
    }

    /// The few lines to print when TLS starts; the chain only when verification failed, since then it is
    /// what the user needs to judge the certificate.
    public var lines: [String] {
        var lines = [
            "\(protocolVersion), cipher \(cipher)",
            "certificate: \(subject)",
            "issued by: \(issuer)",
            "valid: \(notBefore) to \(notAfter)",
        ]
        if !subjectAlternativeNames.isEmpty {
            lines.append("names: \(subjectAlternativeNames.joined(separator: ", "))")
        }
        if verified {
            lines.append("verified: trusted chain, matches \(serverName)")
        } else {
            lines.append("NOT VERIFIED: \(verifyText) (X509 verify error \(verifyCode)); "
                + "continuing only because of --insecure")
            lines.append("chain as sent by the server:")
            lines += chain.enumerated().map { depth, line in "  \(depth): \(line)" }
        }
        return lines
    }
}
