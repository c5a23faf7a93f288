/// The two OAuth 2.0 bearer-token mechanisms. Both send the token in one message of key-value pairs separated by
/// 0x01; when the server refuses the token it sends a JSON error as a challenge, the client acknowledges it once,
/// and the server then fails the command.
///
/// - `OAUTHBEARER` (RFC 7628): a GS2 header and the pairs (§3.1),
///   `n,a=USER,^Ahost=HOST^Aport=PORT^Aauth=Bearer TOKEN^A^A`; the error is acknowledged with a single 0x01
///   (§3.2.3).
/// - `XOAUTH2`, which Google and Microsoft documented before RFC 7628 existed, never an RFC:
///   `user=USER^Aauth=Bearer TOKEN^A^A`, as Google's "OAuth 2.0 Mechanism" page for IMAP and SMTP describes it;
///   the error is acknowledged with an empty response.
public struct OAuthMechanism: SASLMechanism {
    public enum Form: Sendable {
        case oauthBearer
        case xoauth2
    }

    public let form: Form
    /// A bearer token works for anyone who holds it until it expires.
    public let exposesSecret = true
    public private(set) var responseShown = ""
    private let credentials: SASLCredentials
    private var sent = false
    private var errorAcknowledged = false

    public init(form: Form, credentials: SASLCredentials) {
        self.form = form
        self.credentials = credentials
    }

    public var name: String {
        switch form {
        case .oauthBearer: return "OAUTHBEARER"
        case .xoauth2: return "XOAUTH2"
        }
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
        switch form {
        case .oauthBearer:
            responseShown = "^A  (acknowledges the error, RFC 7628 §3.2.3; the server then fails the command)"
            return [0x01]
        case .xoauth2:
            responseShown = "(empty: acknowledges the error, the server then fails the command)"
            return []
        }
    }

    public func describe(challenge: [UInt8]) -> String {
        guard sent else { return SASLText.shown(challenge) }
        switch form {
        case .oauthBearer:
            return SASLText.shown(challenge) + "  (the server's error, as JSON: status, scope, openid-configuration; "
                + "RFC 7628 §3.2.2)"
        case .xoauth2:
            return SASLText.shown(challenge) + "  (the server's error, as JSON: the token was refused)"
        }
    }

    /// The message with the token; `responseShown` gets it with the token replaced by the redaction marker.
    private mutating func message() throws(SASLError) -> [UInt8] {
        try OAuthToken.check(credentials, mechanism: name)
        let before: String
        switch form {
        case .oauthBearer:
            // The GS2 header names the user as authzid (§3.1: "a=" is how the user is identified).
            var pairs = ""
            if let host = credentials.host {
                pairs += "host=\(host)\u{01}"
            }
            if let port = credentials.port {
                pairs += "port=\(port)\u{01}"
            }
            before = "n,a=" + SCRAMName.escape(credentials.authorizationIdentity ?? credentials.user) + ",\u{01}"
                + pairs + "auth=Bearer "
        case .xoauth2:
            before = "user=\(credentials.user)\u{01}auth=Bearer "
        }
        sent = true
        responseShown = SASLText.shown(Array(before.utf8)) + Redaction.marker + "^A^A"
        return Array((before + credentials.secret + "\u{01}\u{01}").utf8)
    }
}
