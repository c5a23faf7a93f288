/// The PLAIN mechanism's one message: `[authzid] NUL authcid NUL passwd` (RFC 4616 §2).
struct SASLPlainMessage: Equatable, Sendable {
    var authorizationIdentity: String?
    var user: String
    var password: String

    init?(_ octets: [UInt8]) {
        let parts = octets.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty else { return nil }
        authorizationIdentity = parts[0].isEmpty ? nil : String(decoding: parts[0], as: UTF8.self)
        user = String(decoding: parts[1], as: UTF8.self)
        password = String(decoding: parts[2], as: UTF8.self)
    }
}
