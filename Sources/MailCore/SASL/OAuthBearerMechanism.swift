/// OAUTHBEARER (RFC 7628): an OAuth 2.0 bearer token in a GS2 header and key-value pairs separated by 0x01 (§3.1):
/// `n,a=USER,^Ahost=HOST^Aport=PORT^Aauth=Bearer TOKEN^A^A`. When the server refuses the token it sends a JSON
/// error as a challenge (§3.2.2) and the client must answer with a single 0x01 (§3.2.3); the server then fails.
public struct OAuthBearerMechanism: SASLMechanism {
    public let name = "OAUTHBEARER"
    public let exposesSecret = true
    public private(set) var responseShown = ""
    private let credentials: SASLCredentials
    private var sent = false
    private var errorAcknowledged = false

    public init(credentials: SASLCredentials) {
        self.credentials = credentials
    }

    public mutating func initialResponse() throws(SASLError) -> [UInt8]? {
        try message()
    }

    public mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        if !sent {
            return try message()
        }
        guard !errorAcknowledged else { throw .unexpectedChallenge(mechanism: name) }
        errorAcknowledged = true
        responseShown = "^A  (acknowledges the error, RFC 7628 §3.2.3; the server then fails the command)"
        return [0x01]
    }

    public func describe(challenge: [UInt8]) -> String {
        guard sent else { return SASLText.shown(challenge) }
        return SASLText.shown(challenge) + "  (the server's error, as JSON: status, scope, openid-configuration; "
            + "RFC 7628 §3.2.2)"
    }

    private mutating func message() throws(SASLError) -> [UInt8] {
        try OAuthToken.check(credentials, mechanism: name)
        // The GS2 header names the user as authzid (§3.1: "a=" is how the user is identified).
        let header = "n,a=" + SCRAMName.escape(credentials.authorizationIdentity ?? credentials.user) + ","
        var pairs = ""
        if let host = credentials.host {
            pairs += "host=\(host)\u{01}"
        }
        if let port = credentials.port {
            pairs += "port=\(port)\u{01}"
        }
        sent = true
        responseShown = SASLText.shown(Array((header + "\u{01}" + pairs + "auth=Bearer ").utf8)) + Redaction.marker
            + "^A^A"
        return Array((header + "\u{01}" + pairs + "auth=Bearer \(credentials.secret)\u{01}\u{01}").utf8)
    }
}
