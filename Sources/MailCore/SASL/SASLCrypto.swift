/// The hash functions SASL mechanisms are built on.
public enum SASLHash: String, Sendable, CaseIterable {
    /// CRAM-MD5 (RFC 2195) and APOP (RFC 1939 §7).
    case md5 = "MD5"
    /// SCRAM-SHA-1 (RFC 5802).
    case sha1 = "SHA-1"
    /// SCRAM-SHA-256 (RFC 7677).
    case sha256 = "SHA-256"

    /// Output length in octets.
    public var length: Int {
        switch self {
        case .md5: return 16
        case .sha1: return 20
        case .sha256: return 32
        }
    }
}

/// The cryptography the mechanisms need, supplied from outside: MailCore does no I/O and links no library, and
/// hand-written cryptography has no place here. MailNet implements this with OpenSSL's libcrypto.
public protocol SASLCrypto: Sendable {
    /// H(data).
    func hash(_ algorithm: SASLHash, _ data: [UInt8]) throws(SASLError) -> [UInt8]
    /// HMAC(key, data) (RFC 2104).
    func hmac(_ algorithm: SASLHash, key: [UInt8], data: [UInt8]) throws(SASLError) -> [UInt8]
    /// PBKDF2 with HMAC-`algorithm` (RFC 8018 §5.2), `length` octets: SCRAM's Hi() (RFC 5802 §2.2) is this with
    /// the hash's own output length.
    func pbkdf2(_ algorithm: SASLHash, password: [UInt8], salt: [UInt8], iterations: Int,
                length: Int) throws(SASLError) -> [UInt8]
    /// Octets from a cryptographically secure generator, for client nonces.
    func randomBytes(_ count: Int) throws(SASLError) -> [UInt8]
}
