import Testing
@testable import MailCore

@Suite("SASL PLAIN and LOGIN")
struct PasswordMechanismTests {
    /// RFC 4616 §4, the examples: "tim" with "tanstaaftanstaaf", and "Kurt" acting as "Ursel".
    @Test func plainRFC4616Examples() throws {
        var tim = PlainMechanism(credentials: SASLCredentials(user: "tim", secret: "tanstaaftanstaaf"))
        #expect(try tim.initialResponse() == Array("\0tim\0tanstaaftanstaaf".utf8))
        var kurt = PlainMechanism(credentials: SASLCredentials(user: "Kurt", secret: "xipj3plmq",
                                                               authorizationIdentity: "Ursel"))
        #expect(try kurt.initialResponse() == Array("Ursel\0Kurt\0xipj3plmq".utf8))
        #expect(!kurt.responseShown.contains("xipj3plmq"))
        #expect(kurt.responseShown.contains(Redaction.marker))
    }

    /// Without an initial response the server's empty challenge asks for the message (RFC 4422 §5); a second
    /// challenge has no answer.
    @Test func plainAnswersTheEmptyChallengeOnce() throws {
        var plain = PlainMechanism(credentials: SASLCredentials(user: "alice", secret: "wonderland"))
        #expect(try plain.respond(to: []) == Array("\0alice\0wonderland".utf8))
        #expect(throws: SASLError.unexpectedChallenge(mechanism: "PLAIN")) { try plain.respond(to: []) }
    }

    @Test func plainRefusesANulAndAnEmptyPassword() {
        var withNul = PlainMechanism(credentials: SASLCredentials(user: "al\0ice", secret: "x"))
        #expect(throws: SASLError.self) { try withNul.initialResponse() }
        var empty = PlainMechanism(credentials: SASLCredentials(user: "alice", secret: ""))
        #expect(throws: SASLError.self) { try empty.initialResponse() }
    }

    /// LOGIN answers by turn, whatever the prompts say ("Username:", "Password:" are the usual ones).
    @Test func loginAnswersUserThenPassword() throws {
        var login = LoginMechanism(credentials: SASLCredentials(user: "alice", secret: "wonderland"))
        #expect(try login.initialResponse() == nil)
        #expect(try login.respond(to: Array("Username:".utf8)) == Array("alice".utf8))
        #expect(login.responseShown == "user name: alice")
        #expect(try login.respond(to: Array("Password:".utf8)) == Array("wonderland".utf8))
        #expect(login.responseShown == "password: " + Redaction.marker)
        #expect(throws: SASLError.self) { try login.respond(to: []) }
        #expect(login.exposesSecret)
    }

    /// CRAM-MD5 needs the server's string; an empty challenge cannot be answered (RFC 2195 §2).
    @Test func cramMD5NeedsAChallenge() throws {
        var cram = CRAMMD5Mechanism(credentials: SASLCredentials(user: "tim", secret: "x"), crypto: StubCrypto())
        #expect(try cram.initialResponse() == nil)
        #expect(throws: SASLError.self) { try cram.respond(to: []) }
        let answer = try cram.respond(to: Array("<1.2@host>".utf8))
        #expect(answer == Array(("tim " + String(repeating: "22", count: 16)).utf8))
        #expect(cram.responseShown == "tim " + Redaction.marker)
        #expect(!cram.exposesSecret)
    }

    @Test func mechanismNamesAreCaseInsensitive() {
        #expect(SASLMechanismKind(name: "scram-sha-256") == .scramSHA256)
        #expect(SASLMechanismKind(name: "Cram-MD5") == .cramMD5)
        #expect(SASLMechanismKind(name: "DIGEST-MD5") == nil)
    }
}
