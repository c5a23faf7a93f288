/// CRAM-MD5 (RFC 2195): the server sends a unique challenge string; the client answers with its user name, a
/// space, and HMAC-MD5(password, challenge) as 32 lower-case hex digits (§2). The password does not cross the
/// wire, but someone who reads the exchange can try passwords against it offline, and the server must keep the
/// password (or its HMAC state) in a form that logs in by itself.
public struct CRAMMD5Mechanism: SASLMechanism {
    public let name = "CRAM-MD5"
    public let exposesSecret = false
    public private(set) var responseShown = ""
    private let credentials: SASLCredentials
    private let crypto: any SASLCrypto
    private var answered = false

    public init(credentials: SASLCredentials, crypto: any SASLCrypto) {
        self.credentials = credentials
        self.crypto = crypto
    }

    /// The server speaks first (§2).
    public mutating func initialResponse() throws(SASLError) -> [UInt8]? {
        nil
    }

    public mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        guard !answered else { throw .unexpectedChallenge(mechanism: name) }
        guard !challenge.isEmpty else {
            throw .malformedChallenge(mechanism: name, reason: "the challenge is empty; CRAM-MD5 needs the "
                                      + "server's unique string, such as <1896.697170952@host>")
        }
        answered = true
        let digest = try crypto.hmac(.md5, key: Array(credentials.secret.utf8), data: challenge)
        responseShown = SASLText.shown(Array(credentials.user.utf8)) + " " + Redaction.marker
        return Array(credentials.user.utf8) + [UInt8(ascii: " ")] + Array(Hex.lowercase(digest).utf8)
    }

    public func describe(challenge: [UInt8]) -> String {
        SASLText.shown(challenge) + "  (the server's one-time string; the answer is an HMAC-MD5 of it)"
    }
}

/// Octets as hexadecimal digits.
public enum Hex {
    public static func lowercase(_ octets: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(octets.count * 2)
        for octet in octets {
            out.append(digits[Int(octet >> 4)])
            out.append(digits[Int(octet & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
