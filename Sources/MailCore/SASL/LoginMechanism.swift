/// LOGIN (draft-murchison-sasl-login, never an RFC but offered by most servers): the server asks for the user
/// name, then the password, and the client answers each in turn. The prompts ("Username:", "Password:") are
/// informational and vary between servers, so the answers follow the order of the challenges, not their text.
/// Like PLAIN it sends the password readable by anyone on a connection without TLS.
public struct LoginMechanism: SASLMechanism {
    public let name = "LOGIN"
    public let exposesSecret = true
    public private(set) var responseShown = ""
    private let credentials: SASLCredentials
    private var answered = 0

    public init(credentials: SASLCredentials) {
        self.credentials = credentials
    }

    /// The draft allows the user name as an initial response, but servers differ in whether they accept it;
    /// waiting for the first prompt works everywhere.
    public mutating func initialResponse() throws(SASLError) -> [UInt8]? {
        nil
    }

    public mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        switch answered {
        case 0:
            answered = 1
            responseShown = "user name: " + SASLText.shown(Array(credentials.user.utf8))
            return Array(credentials.user.utf8)
        case 1:
            answered = 2
            responseShown = "password: " + Redaction.marker
            return Array(credentials.secret.utf8)
        default:
            throw .unexpectedChallenge(mechanism: name)
        }
    }
}
