/// What a `* tls` event records of a handshake: enough to show it again as it was shown live.
public struct TranscriptTLS: Equatable, Sendable {
    public var version: String
    public var cipher: String
    public var subject: String?
    public var issuer: String?
    public var notBefore: String?
    public var notAfter: String?
    /// "DNS:mail.example.com", "IP:192.0.2.1", …
    public var names: [String]
    /// Whether the certificate was verified; nil when the recording does not say.
    public var verified: Bool?
    /// The verification result in OpenSSL's words ("ok", "self-signed certificate", …) and its X509_V_ code.
    public var verifyResult: String?
    public var verifyCode: Int?
    /// The name the certificate was checked against.
    public var host: String?

    public init(version: String, cipher: String, subject: String? = nil, issuer: String? = nil,
                notBefore: String? = nil, notAfter: String? = nil, names: [String] = [], verified: Bool? = nil,
                verifyResult: String? = nil, verifyCode: Int? = nil, host: String? = nil) {
        self.version = version
        self.cipher = cipher
        self.subject = subject
        self.issuer = issuer
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.names = names
        self.verified = verified
        self.verifyResult = verifyResult
        self.verifyCode = verifyCode
        self.host = host
    }

    var attributes: [TranscriptAttribute] {
        var out = [TranscriptAttribute("version", version), TranscriptAttribute("cipher", cipher)]
        let optional: [(String, String?)] = [
            ("subject", subject), ("issuer", issuer), ("not-before", notBefore), ("not-after", notAfter),
            ("names", names.isEmpty ? nil : names.joined(separator: ", ")),
            ("verified", verified.map { $0 ? "yes" : "no" }), ("verify-result", verifyResult),
            ("verify-code", verifyCode.map { String($0) }), ("host", host),
        ]
        for case (let key, let value?) in optional {
            out.append(TranscriptAttribute(key, value))
        }
        return out
    }

    static func make(_ values: (String) -> String?) -> Result<TranscriptTLS, TranscriptEvent.Problem> {
        guard let version = values("version"), let cipher = values("cipher") else {
            return .failure(.init(expected: "version= and cipher= in a tls event"))
        }
        let verified: Bool?
        switch values("verified") {
        case nil: verified = nil
        case "yes": verified = true
        case "no": verified = false
        default: return .failure(.init(expected: "verified=yes or verified=no in a tls event"))
        }
        let code = values("verify-code")
        guard code == nil || Int(code ?? "") != nil else {
            return .failure(.init(expected: "verify-code=NUMBER in a tls event"))
        }
        let names = values("names").map { $0.split(separator: ",").map { String($0.drop { $0 == " " }) } } ?? []
        return .success(TranscriptTLS(
            version: version, cipher: cipher, subject: values("subject"), issuer: values("issuer"),
            notBefore: values("not-before"), notAfter: values("not-after"), names: names, verified: verified,
            verifyResult: values("verify-result"), verifyCode: code.flatMap { Int($0) }, host: values("host")))
    }
}
