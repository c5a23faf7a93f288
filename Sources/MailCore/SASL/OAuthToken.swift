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
