/// SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding ("n,,", not the -PLUS forms).
///
///     C: n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL                         client-first (the initial response)
///     S: r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096
///     C: c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=
///     S: v=rmF9pqV8S7suAoZWja4dJRkFsKQ=                               server-final: checked, then
///     C: (empty)
///
/// The password never crosses the wire, and the server proves with `v=` that it knows it (§3): a signature that
/// does not match means the other end is not the account's server, and the exchange is cancelled.
/// The password is used as its UTF-8 octets; SASLprep (RFC 4013) would change only non-ASCII passwords.
public struct SCRAMMechanism: SASLMechanism {
    /// Iteration counts above this are refused: a hostile server could otherwise make the client spin for
    /// minutes. RFC 7677 §4 asks for at least 4096; real servers use 4096 to a few hundred thousand.
    public static let maximumIterations = 10_000_000

    enum Step: Equatable, Sendable {
        case start
        case sentClientFirst
        case sentClientFinal
        case done
    }

    public let name: String
    public let exposesSecret = false
    public private(set) var responseShown = ""
    public private(set) var serverVerified: Bool? = false
    private let hash: SASLHash
    private let credentials: SASLCredentials
    private let crypto: any SASLCrypto
    private var step = Step.start
    private let fixedNonce: String?
    private var clientNonce = ""
    private var gs2Header = ""
    private var clientFirstBare = ""
    private var expectedServerSignature: [UInt8] = []

    /// - Parameter nonce: the client nonce to use instead of a random one: for the RFC test vectors only.
    public init(hash: SASLHash, credentials: SASLCredentials, crypto: any SASLCrypto, nonce: String? = nil) {
        self.hash = hash
        self.name = hash == .sha1 ? "SCRAM-SHA-1" : "SCRAM-SHA-256"
        self.credentials = credentials
        self.crypto = crypto
        self.fixedNonce = nonce
    }

    public mutating func initialResponse() throws(SASLError) -> [UInt8]? {
        try clientFirst()
    }

    public mutating func respond(to challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        switch step {
        case .start:
            // No initial response was sent: the server's empty challenge asks for it (RFC 4422 §5).
            return try clientFirst()
        case .sentClientFirst:
            return try clientFinal(serverFirst: challenge)
        case .sentClientFinal:
            try verify(serverFinal: challenge)
            step = .done
            responseShown = "(empty: the client has checked the server's signature and has nothing more to say)"
            return []
        case .done:
            throw .unexpectedChallenge(mechanism: name)
        }
    }

    public func describe(challenge: [UInt8]) -> String {
        let text = SASLText.shown(challenge)
        switch step {
        case .sentClientFirst:
            return text + "  (r= our nonce with the server's appended, s= the salt, i= the iteration count)"
        case .sentClientFinal:
            return text + "  (v= the server's signature, proving it knows the password; e= an error)"
        case .start, .done:
            return text
        }
    }

    // MARK: - Messages

    /// client-first-message (RFC 5802 §7): gs2-header "n,," (no channel binding), then "n=user,r=nonce".
    private mutating func clientFirst() throws(SASLError) -> [UInt8] {
        guard step == .start else { throw .unexpectedChallenge(mechanism: name) }
        guard !credentials.user.isEmpty else {
            throw .unusableCredentials(mechanism: name, reason: "the user name is empty")
        }
        if let fixedNonce {
            clientNonce = fixedNonce
        } else {
            // 24 random octets as base64: printable, and without the "," that would end the attribute (§7).
            clientNonce = Base64.encode(try crypto.randomBytes(24))
        }
        gs2Header = "n," + (credentials.authorizationIdentity.map { "a=" + SCRAMName.escape($0) } ?? "") + ","
        clientFirstBare = "n=" + SCRAMName.escape(credentials.user) + ",r=" + clientNonce
        step = .sentClientFirst
        let message = gs2Header + clientFirstBare
        responseShown = SASLText.shown(Array(message.utf8))
        return Array(message.utf8)
    }

    /// client-final-message (RFC 5802 §3, §7) from the server-first-message.
    private mutating func clientFinal(serverFirst challenge: [UInt8]) throws(SASLError) -> [UInt8] {
        let serverFirst = String(decoding: challenge, as: UTF8.self)
        let attributes = try SCRAMAttributes(serverFirst, mechanism: name)
        if attributes["m"] != nil {
            throw .malformedChallenge(mechanism: name, reason: "the server requires an extension (m=) this client "
                                      + "does not know (RFC 5802 §5.1)")
        }
        if let error = attributes["e"] {
            throw .serverError(error)
        }
        guard let nonce = attributes["r"], let saltText = attributes["s"], let iterationText = attributes["i"] else {
            throw .malformedChallenge(mechanism: name, reason: "the server-first-message needs r=, s= and i= "
                                      + "(RFC 5802 §7)")
        }
        // §5.1: the server's nonce is the client's with more printable characters appended.
        guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else { throw .nonceMismatch }
        guard let salt = Base64.decode(saltText), !salt.isEmpty else {
            throw .malformedChallenge(mechanism: name, reason: "the salt (s=) is not base64")
        }
        guard iterationText.allSatisfy({ $0.isASCII && $0.isNumber }), let iterations = Int(iterationText) else {
            throw .malformedChallenge(mechanism: name, reason: "the iteration count (i=) is not a number")
        }
        guard (1...SCRAMMechanism.maximumIterations).contains(iterations) else {
            throw .iterationCount(iterations)
        }

        // RFC 5802 §3.
        let saltedPassword = try crypto.pbkdf2(hash, password: Array(credentials.secret.utf8), salt: salt,
                                               iterations: iterations, length: hash.length)
        let clientKey = try crypto.hmac(hash, key: saltedPassword, data: Array("Client Key".utf8))
        let storedKey = try crypto.hash(hash, clientKey)
        let withoutProof = "c=" + Base64.encode(Array(gs2Header.utf8)) + ",r=" + nonce
        let authMessage = Array((clientFirstBare + "," + serverFirst + "," + withoutProof).utf8)
        let clientSignature = try crypto.hmac(hash, key: storedKey, data: authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverKey = try crypto.hmac(hash, key: saltedPassword, data: Array("Server Key".utf8))
        expectedServerSignature = try crypto.hmac(hash, key: serverKey, data: authMessage)

        step = .sentClientFinal
        responseShown = SASLText.shown(Array(withoutProof.utf8)) + ",p=" + Redaction.marker
        return Array((withoutProof + ",p=" + Base64.encode(proof)).utf8)
    }

    /// server-final-message (RFC 5802 §7): "v=" the server signature, or "e=" an error.
    private mutating func verify(serverFinal challenge: [UInt8]) throws(SASLError) {
        let attributes = try SCRAMAttributes(String(decoding: challenge, as: UTF8.self), mechanism: name)
        if let error = attributes["e"] {
            throw .serverError(error)
        }
        guard let signatureText = attributes["v"], let signature = Base64.decode(signatureText) else {
            throw .malformedChallenge(mechanism: name, reason: "the server-final-message needs v= with a base64 "
                                      + "signature (RFC 5802 §7)")
        }
        // Compared without an early exit, out of habit: the difference in timing would tell nothing here.
        var difference = UInt8(signature.count == expectedServerSignature.count ? 0 : 1)
        for (left, right) in zip(signature, expectedServerSignature) {
            difference |= left ^ right
        }
        guard difference == 0 else {
            serverVerified = false
            throw .serverSignatureMismatch
        }
        serverVerified = true
    }
}

/// SCRAM's `saslname` (RFC 5802 §5.1): "=" and "," in a user name are sent as "=3D" and "=2C". OAUTHBEARER's GS2
/// header uses the same form (RFC 7628 §3.1, via RFC 5801).
enum SCRAMName {
    static func escape(_ name: String) -> String {
        var out = ""
        for character in name {
            switch character {
            case "=": out += "=3D"
            case ",": out += "=2C"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The `a=value` attributes of a SCRAM message, in order; a later duplicate is an error.
struct SCRAMAttributes {
    private var values: [Character: String] = [:]

    init(_ message: String, mechanism: String) throws(SASLError) {
        for part in message.split(separator: ",", omittingEmptySubsequences: false) {
            guard part.count >= 2, let key = part.first, key.isASCII, key.isLetter,
                  part[part.index(after: part.startIndex)] == "=" else {
                throw .malformedChallenge(mechanism: mechanism, reason: "\"\(TerminalSafeText.escape(String(part)))\""
                                          + " is not an attribute of the form x=value (RFC 5802 §7)")
            }
            guard values[key] == nil else {
                throw .malformedChallenge(mechanism: mechanism, reason: "the attribute \(key)= appears twice")
            }
            values[key] = String(part.dropFirst(2))
        }
    }

    subscript(_ key: Character) -> String? {
        values[key]
    }
}
