/// POP3 APOP (RFC 1939 §7): the digest is MD5 of the greeting's timestamp (the `<...>` msg-id, brackets
/// included) followed by the shared secret, as 32 lower-case hex digits.
///
///     S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
///     C: APOP mrose c4c9334bac560ecc979e58001b3e22fb          (secret "tanstaaf")
public enum APOPDigest {
    /// The timestamp of a greeting, or nil when the server offers no APOP.
    public static func timestamp(inGreeting greeting: [UInt8]) -> [UInt8]? {
        guard let open = greeting.firstIndex(of: UInt8(ascii: "<")),
              let close = greeting[open...].firstIndex(of: UInt8(ascii: ">")),
              greeting[open..<close].contains(UInt8(ascii: "@")) else { return nil }
        return Array(greeting[open...close])
    }

    public static func digest(timestamp: [UInt8], secret: String, crypto: any SASLCrypto) throws(SASLError) -> String {
        Hex.lowercase(try crypto.hash(.md5, timestamp + Array(secret.utf8)))
    }
}
