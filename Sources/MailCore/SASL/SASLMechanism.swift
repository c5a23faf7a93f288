/// One SASL mechanism on the client side (RFC 4422), as a pure state machine: challenges in, responses out, both
/// as raw octets. The protocol framing (AUTH, AUTHENTICATE, base64, "334"/"+") is the session's business.
///
/// A client-first mechanism (PLAIN, SCRAM, XOAUTH2, OAUTHBEARER) has an initial response. Where the protocol
/// allows it, it goes with the command (RFC 4422 §5, RFC 4959); where it does not, the server sends an empty
/// challenge and `respond(to:)` gives the initial response then.
public protocol SASLMechanism: Sendable {
    /// The name in the IANA "SASL Mechanisms" registry, upper-case.
    var name: String { get }

    /// True when the secret itself crosses the wire (PLAIN, LOGIN, the OAuth tokens): anyone who can read the
    /// connection can read it unless TLS protects it.
    var exposesSecret: Bool { get }

    /// The response that may go with the command, or nil when the server speaks first (LOGIN, CRAM-MD5).
    /// Call it only when the response will be sent; afterwards the mechanism expects the server's next step.
    mutating func initialResponse() throws(SASLError) -> [UInt8]?

    /// The answer to one server challenge, already base64-decoded.
    mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8]

    /// The last response produced, as it may be shown, logged or recorded: every secret (password, token,
    /// digest, proof) replaced by `Redaction.marker`.
    var responseShown: String { get }

    /// A challenge in words: its text made safe to print, and what its parts are.
    func describe(challenge: [UInt8]) -> String

    /// Whether the server proved that it knows the password: nil when the mechanism cannot tell (all but SCRAM),
    /// false until the proof has arrived and checked out.
    var serverVerified: Bool? { get }
}

extension SASLMechanism {
    public var serverVerified: Bool? { nil }

    public func describe(challenge: [UInt8]) -> String {
        SASLText.shown(challenge)
    }
}

/// What the user name and secret of one exchange are.
public struct SASLCredentials: Sendable {
    /// The authentication identity: the login name.
    public var user: String
    /// The password, or for XOAUTH2 and OAUTHBEARER the OAuth 2.0 access token.
    public var secret: String
    /// Act as this identity instead of `user` (RFC 4616 §2 authzid, RFC 5802 §5.1 `a=`); rarely needed.
    public var authorizationIdentity: String?
    /// For OAUTHBEARER's optional host and port keys (RFC 7628 §3.1).
    public var host: String?
    public var port: Int?

    public init(user: String, secret: String, authorizationIdentity: String? = nil, host: String? = nil,
                port: Int? = nil) {
        self.user = user
        self.secret = secret
        self.authorizationIdentity = authorizationIdentity
        self.host = host
        self.port = port
    }
}

/// Turning octets of an exchange into text a terminal can show.
public enum SASLText {
    /// UTF-8 text made terminal-safe (control characters as escapes, ^A for the 0x01 separators of the OAuth
    /// mechanisms, \0 for PLAIN's NUL); "(empty)" for nothing.
    public static func shown(_ octets: [UInt8]) -> String {
        guard !octets.isEmpty else { return "(empty)" }
        var out = ""
        var run: [UInt8] = []
        func flush() {
            if !run.isEmpty {
                out += TerminalSafeText.escape(run)
                run.removeAll()
            }
        }
        for octet in octets {
            switch octet {
            case 0x00:
                flush()
                out += "\\0"
            case 0x01:
                flush()
                out += "^A"
            default:
                run.append(octet)
            }
        }
        flush()
        return out
    }
}
