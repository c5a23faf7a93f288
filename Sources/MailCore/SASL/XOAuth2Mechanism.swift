/// XOAUTH2, the OAuth 2.0 mechanism Google and Microsoft documented before OAUTHBEARER (RFC 7628) existed; never
/// an RFC. One message, `user=USER ^A auth=Bearer TOKEN ^A ^A` (^A being the octet 0x01), as described in
/// Google's "OAuth 2.0 Mechanism" page for IMAP and SMTP. On failure the server sends a challenge holding a JSON
/// error; the client answers it with an empty response, and the server then fails the command.
public struct XOAuth2Mechanism: SASLMechanism {
    public let name = "XOAUTH2"
    /// A bearer token works for anyone who holds it until it expires.
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
        responseShown = "(empty: acknowledges the error, the server then fails the command)"
        return []
    }

    public func describe(challenge: [UInt8]) -> String {
        guard sent else { return SASLText.shown(challenge) }
        return SASLText.shown(challenge) + "  (the server's error, as JSON: the token was refused)"
    }

    private mutating func message() throws(SASLError) -> [UInt8] {
        try OAuthToken.check(credentials, mechanism: name)
        sent = true
        responseShown = "user=" + SASLText.shown(Array(credentials.user.utf8)) + "^Aauth=Bearer "
            + Redaction.marker + "^A^A"
        return Array("user=\(credentials.user)\u{01}auth=Bearer \(credentials.secret)\u{01}\u{01}".utf8)
    }
}

/// What the OAuth mechanisms require of a user name and token.
enum OAuthToken {
    /// The token is a b64token (RFC 6750 §2.1); the user name and token must not contain the 0x01 separator or
    /// other control characters, which would end a key-value pair early.
    static func check(_ credentials: SASLCredentials, mechanism: String) throws(SASLError) {
        let token = Array(credentials.secret.utf8)
        guard !token.isEmpty else {
            throw .unusableCredentials(mechanism: mechanism, reason: "the access token is empty")
        }
        let tokenIsValid = token.allSatisfy { octet in
            (0x30...0x39).contains(octet) || (0x41...0x5A).contains(octet) || (0x61...0x7A).contains(octet)
                || "-._~+/=".utf8.contains(octet)
        }
        guard tokenIsValid else {
            throw .unusableCredentials(mechanism: mechanism, reason: "an OAuth 2.0 access token consists of "
                                       + "letters, digits and - . _ ~ + / = only (RFC 6750 §2.1)")
        }
        guard !credentials.user.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .unusableCredentials(mechanism: mechanism, reason: "the user name holds a control character")
        }
    }
}
