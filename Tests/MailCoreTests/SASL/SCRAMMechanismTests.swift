import Testing
@testable import MailCore

/// The SCRAM state machine's messages and checks (RFC 5802). The RFC 5802 §5 and RFC 7677 §3 vectors, which need
/// real cryptography, are in MailNetTests' SASLVectorTests.
@Suite("SCRAM state machine")
struct SCRAMMechanismTests {
    func mechanism(user: String = "user", nonce: String = "fyko+d2lbbFgONRv9qkxdawL") -> SCRAMMechanism {
        SCRAMMechanism(hash: .sha1, credentials: SASLCredentials(user: user, secret: "pencil"), crypto: StubCrypto(),
                       nonce: nonce)
    }

    @Test func clientFirstMessage() throws {
        var scram = mechanism()
        #expect(try scram.initialResponse()?.text == "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")
        #expect(scram.serverVerified == false)
    }

    /// RFC 5802 §5.1: "=" and "," in a user name are sent as "=3D" and "=2C".
    @Test func userNameIsEscaped() throws {
        var scram = mechanism(user: "a=b,c")
        #expect(try scram.initialResponse()?.text == "n,,n=a=3Db=2Cc,r=fyko+d2lbbFgONRv9qkxdawL")
    }

    /// Without an initial response, the first (empty) challenge gets the client-first message.
    @Test func clientFirstAfterAnEmptyChallenge() throws {
        var scram = mechanism()
        #expect(try scram.respond(to: []).text == "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")
    }

    @Test func clientFinalHidesTheProof() throws {
        var scram = mechanism()
        _ = try scram.initialResponse()
        let final = try scram.respond(to: Array("r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=4096".utf8))
        #expect(final.text.hasPrefix("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfc,p="))
        #expect(scram.responseShown == "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfc,p=" + Redaction.marker)
    }

    @Test(arguments: [
        ("r=someoneelse,s=QSXCR+Q6sek8bf92,i=4096", SASLError.nonceMismatch),
        ("r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096", SASLError.nonceMismatch),
        ("r=fyko+d2lbbFgONRv9qkxdawLxyz,s=QSXCR+Q6sek8bf92,i=0", SASLError.iterationCount(0)),
        ("r=fyko+d2lbbFgONRv9qkxdawLxyz,s=QSXCR+Q6sek8bf92,i=99999999", SASLError.iterationCount(99_999_999)),
        ("e=unknown-user", SASLError.serverError("unknown-user")),
    ])
    func refusesABadServerFirstMessage(serverFirst: String, error: SASLError) throws {
        var scram = mechanism()
        _ = try scram.initialResponse()
        #expect(throws: error) { try scram.respond(to: Array(serverFirst.utf8)) }
    }

    @Test(arguments: ["m=ext,r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=4096",
                      "r=fyko+d2lbbFgONRv9qkxdawLx,i=4096", "r=fyko+d2lbbFgONRv9qkxdawLx,s=***,i=4096",
                      "r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=-1", "garbage",
                      "r=fyko+d2lbbFgONRv9qkxdawLx,r=x,s=QSXCR+Q6sek8bf92,i=1"])
    func refusesAMalformedServerFirstMessage(serverFirst: String) throws {
        var scram = mechanism()
        _ = try scram.initialResponse()
        #expect(throws: SASLError.self) { try scram.respond(to: Array(serverFirst.utf8)) }
    }

    /// The stub's HMAC is 0x22 repeated, so that is the signature the client expects; anything else is refused.
    @Test func serverSignatureIsChecked() throws {
        let serverFirst = Array("r=fyko+d2lbbFgONRv9qkxdawLx,s=QSXCR+Q6sek8bf92,i=4096".utf8)
        var good = mechanism()
        _ = try good.initialResponse()
        _ = try good.respond(to: serverFirst)
        let expected = "v=" + Base64.encode([UInt8](repeating: 0x22, count: 20))
        #expect(try good.respond(to: Array(expected.utf8)) == [])
        #expect(good.serverVerified == true)
        #expect(throws: SASLError.self) { try good.respond(to: []) }

        var bad = mechanism()
        _ = try bad.initialResponse()
        _ = try bad.respond(to: serverFirst)
        let wrong = "v=" + Base64.encode([UInt8](repeating: 0x23, count: 20))
        #expect(throws: SASLError.serverSignatureMismatch) { try bad.respond(to: Array(wrong.utf8)) }
        #expect(bad.serverVerified == false)

        var refused = mechanism()
        _ = try refused.initialResponse()
        _ = try refused.respond(to: serverFirst)
        #expect(throws: SASLError.serverError("invalid-proof")) {
            try refused.respond(to: Array("e=invalid-proof".utf8))
        }
    }
}
