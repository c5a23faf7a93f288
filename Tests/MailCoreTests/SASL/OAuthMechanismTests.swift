import Testing
@testable import MailCore

@Suite("SASL XOAUTH2 and OAUTHBEARER")
struct OAuthMechanismTests {
    /// The example of Google's "OAuth 2.0 Mechanism" page (XOAUTH2 is documented there, not in an RFC).
    @Test func xoauth2GoogleExample() throws {
        var mechanism = OAuthMechanism(form: .xoauth2, credentials: SASLCredentials(
            user: "someuser@example.com", secret: "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg=="))
        let response = try #require(try mechanism.initialResponse())
        #expect(Base64.encode(response) == "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRj"
                + "Mk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2c9PQEB")
        #expect(mechanism.responseShown == "user=someuser@example.com^Aauth=Bearer \(Redaction.marker)^A^A")
        // An error arrives as a JSON challenge; the client answers with an empty response.
        #expect(try mechanism.respond(to: Array(#"{"status":"401"}"#.utf8)) == [])
    }

    /// RFC 7628 §4.1: the successful IMAP example, with host and port.
    @Test func oauthBearerRFC7628Example() throws {
        var mechanism = OAuthMechanism(form: .oauthBearer, credentials: SASLCredentials(
            user: "user@example.com", secret: "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
            host: "server.example.com", port: 143))
        let response = try #require(try mechanism.initialResponse())
        #expect(Base64.encode(response) == "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAW"
                + "F1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB")
        #expect(!mechanism.responseShown.contains("vF9dft4q"))
    }

    /// RFC 7628 §3.2.3: after the server's error challenge the client sends a single 0x01.
    @Test func oauthBearerAcknowledgesAnError() throws {
        var mechanism = OAuthMechanism(form: .oauthBearer, credentials: SASLCredentials(user: "u", secret: "token"))
        _ = try mechanism.initialResponse()
        #expect(try mechanism.respond(to: Array(#"{"status":"invalid_token"}"#.utf8)) == [0x01])
        #expect(throws: SASLError.self) { try mechanism.respond(to: []) }
    }

    /// A token outside RFC 6750's b64token characters would break the key-value framing.
    @Test func refusesATokenWithASeparator() {
        var mechanism = OAuthMechanism(form: .oauthBearer,
                                       credentials: SASLCredentials(user: "u", secret: "abc\u{01}def"))
        #expect(throws: SASLError.self) { try mechanism.initialResponse() }
    }
}
