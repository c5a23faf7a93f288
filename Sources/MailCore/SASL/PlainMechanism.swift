/// PLAIN (RFC 4616): the user name and password in one message, `[authzid] NUL authcid NUL passwd` (§2).
/// Anyone who can read the connection can read the password, so it belongs on TLS only (§4).
public struct PlainMechanism: SASLMechanism {
    public let name = "PLAIN"
    public let exposesSecret = true
    public private(set) var responseShown = ""
    private let credentials: SASLCredentials
    private var sent = false

    public init(credentials: SASLCredentials) {
        self.credentials = credentials
    }

    public mutating func initialResponse() throws(SASLError) -> [UInt8]? {
        try message()
    }

    public mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        // Without an initial response the server sends an empty challenge first (RFC 4422 §5); PLAIN has
        // nothing to say after its one message.
        guard !sent else { throw .unexpectedChallenge(mechanism: name) }
        return try message()
    }

    private mutating func message() throws(SASLError) -> [UInt8] {
        let authzid = Array((credentials.authorizationIdentity ?? "").utf8)
        let authcid = Array(credentials.user.utf8)
        let password = Array(credentials.secret.utf8)
        // §2: authcid and passwd are 1*SAFE, SAFE being any UTF-8 except NUL; authzid may be empty.
        guard !authcid.isEmpty, !password.isEmpty else {
            throw .unusableCredentials(mechanism: name, reason: "the user name and the password must not be empty")
        }
        guard !(authzid + authcid + password).contains(0) else {
            throw .unusableCredentials(mechanism: name, reason: "a NUL character cannot be sent")
        }
        sent = true
        let shownAuthzid = authzid.isEmpty ? "(no authzid)" : SASLText.shown(authzid)
        responseShown = shownAuthzid + " \\0 " + SASLText.shown(authcid) + " \\0 " + Redaction.marker
        return authzid + [0] + authcid + [0] + password
    }
}
