import MailCore
import Testing
@testable import MailNet

/// The published test vectors, run against libcrypto: they check the mechanisms and the cryptography together.
@Suite("SASL test vectors with libcrypto")
struct SASLVectorTests {
    let crypto = LibCryptoSASL()

    /// RFC 2202 §2, test case 2 (HMAC-MD5), and RFC 6070 §2 (PBKDF2-HMAC-SHA1) cases 1 and 2.
    @Test func primitives() throws {
        let hmac = try crypto.hmac(.md5, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(Hex.lowercase(hmac) == "750c783e6ab0b503eaa86e310a5db738")
        let once = try crypto.pbkdf2(.sha1, password: Array("password".utf8), salt: Array("salt".utf8),
                                     iterations: 1, length: 20)
        #expect(Hex.lowercase(once) == "0c60c80f961f0e71f3a9b524af6012062fe037a6")
        let many = try crypto.pbkdf2(.sha1, password: Array("password".utf8), salt: Array("salt".utf8),
                                     iterations: 4096, length: 20)
        #expect(Hex.lowercase(many) == "4b007901b765489abead49d926f721d065a429c1")
        #expect(Hex.lowercase(try crypto.hash(.sha256, Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try crypto.randomBytes(24).count == 24)
        #expect(try crypto.randomBytes(24) != crypto.randomBytes(24))
    }

    /// RFC 2195 §2: the challenge, user "tim" and password "tanstaaftanstaaf".
    @Test func cramMD5RFC2195Example() throws {
        var cram = CRAMMD5Mechanism(credentials: SASLCredentials(user: "tim", secret: "tanstaaftanstaaf"),
                                    crypto: crypto)
        let challenge = try #require(Base64.decode("PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"))
        #expect(String(decoding: challenge, as: UTF8.self) == "<1896.697170952@postoffice.reston.mci.net>")
        let response = try cram.respond(to: challenge)
        #expect(String(decoding: response, as: UTF8.self) == "tim b913a602c7eda7a495b4e6e7334d3890")
        #expect(Base64.encode(response) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
    }

    /// RFC 1939 §7: APOP for "mrose" with the secret "tanstaaf".
    @Test func apopRFC1939Example() throws {
        let digest = try APOPDigest.digest(timestamp: Array("<1896.697170952@dbc.mtview.ca.us>".utf8),
                                           secret: "tanstaaf", crypto: crypto)
        #expect(digest == "c4c9334bac560ecc979e58001b3e22fb")
    }

    /// RFC 5802 §5: user "user", password "pencil", with the client nonce of the example.
    @Test func scramSHA1RFC5802Example() throws {
        try exchange(hash: .sha1, nonce: "fyko+d2lbbFgONRv9qkxdawL",
                     serverFirst: "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
                     clientFinal: "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
                     serverFinal: "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=")
    }

    /// RFC 7677 §3: the same exchange with SHA-256.
    @Test func scramSHA256RFC7677Example() throws {
        try exchange(hash: .sha256, nonce: "rOprNGfwEbeRWgbNEkqO",
                     serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,"
                        + "i=4096",
                     clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
                     serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    }

    /// A server that does not know the password cannot produce the RFC's signature: one altered character and
    /// the exchange is refused (RFC 5802 §9, mutual authentication).
    @Test func scramRefusesAForgedServerSignature() throws {
        var scram = SCRAMMechanism(hash: .sha256, credentials: SASLCredentials(user: "user", secret: "pencil"),
                                   crypto: crypto, nonce: "rOprNGfwEbeRWgbNEkqO")
        _ = try scram.initialResponse()
        _ = try scram.respond(to: Array(("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                         + "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096").utf8))
        #expect(throws: SASLError.serverSignatureMismatch) {
            try scram.respond(to: Array("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8))
        }
        #expect(scram.serverVerified == false)
    }

    private func exchange(hash: SASLHash, nonce: String, serverFirst: String, clientFinal: String,
                          serverFinal: String) throws {
        var scram = SCRAMMechanism(hash: hash, credentials: SASLCredentials(user: "user", secret: "pencil"),
                                   crypto: crypto, nonce: nonce)
        let first = try #require(try scram.initialResponse())
        #expect(String(decoding: first, as: UTF8.self) == "n,,n=user,r=\(nonce)")
        let final = try scram.respond(to: Array(serverFirst.utf8))
        #expect(String(decoding: final, as: UTF8.self) == clientFinal)
        #expect(scram.serverVerified == false)
        #expect(try scram.respond(to: Array(serverFinal.utf8)) == [])
        #expect(scram.serverVerified == true)
    }
}
