/// The SASL mechanisms this program speaks, by their IANA names.
public enum SASLMechanismKind: String, Sendable, CaseIterable {
    case scramSHA256 = "SCRAM-SHA-256"
    case scramSHA1 = "SCRAM-SHA-1"
    case cramMD5 = "CRAM-MD5"
    case plain = "PLAIN"
    case login = "LOGIN"
    case oauthBearer = "OAUTHBEARER"
    case xoauth2 = "XOAUTH2"

    /// Case-insensitive, as mechanism names are compared (RFC 4422 §3.1 names are upper-case; people type
    /// them in any case).
    public init?(name: some StringProtocol) {
        self.init(rawValue: name.uppercased())
    }

    public var name: String { rawValue }

    /// True for the OAuth mechanisms, whose secret is an access token rather than a password.
    public var usesToken: Bool { self == .oauthBearer || self == .xoauth2 }

    /// The order in which to pick a password mechanism when the user names none: those that keep the password
    /// off the wire first, the strongest first (the order curl uses, with SCRAM ahead of CRAM-MD5).
    public static let passwordPreference: [SASLMechanismKind] = [.scramSHA256, .scramSHA1, .cramMD5, .plain, .login]

    public func make(credentials: SASLCredentials, crypto: any SASLCrypto) -> any SASLMechanism {
        switch self {
        case .plain: return PlainMechanism(credentials: credentials)
        case .login: return LoginMechanism(credentials: credentials)
        case .cramMD5: return CRAMMD5Mechanism(credentials: credentials, crypto: crypto)
        case .xoauth2: return OAuthMechanism(form: .xoauth2, credentials: credentials)
        case .oauthBearer: return OAuthMechanism(form: .oauthBearer, credentials: credentials)
        case .scramSHA1: return SCRAMMechanism(hash: .sha1, credentials: credentials, crypto: crypto)
        case .scramSHA256: return SCRAMMechanism(hash: .sha256, credentials: credentials, crypto: crypto)
        }
    }
}
