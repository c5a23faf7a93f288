import Foundation
import Testing
@testable import MailREPL

@Suite("Secret sources and .auth parsing")
struct SecretSourceTests {
    /// The format ftp(1) and curl read: tokens across lines, quoted passwords, macdef bodies skipped, default last.
    @Test func netrcEntries() {
        let netrc = NetrcFile("""
            machine mail.example.com login alice password "pass word"
            macdef init
            cd /pub
            password not-this

            machine MAIL.example.com
              login bob
              password builder
            default login anonymous password guest
            """)
        #expect(netrc.entry(host: "mail.example.com", user: nil)?.password == "pass word")
        #expect(netrc.entry(host: "mail.example.com", user: "bob")?.password == "builder")
        #expect(netrc.entry(host: "other.example", user: nil)?.login == "anonymous")
        #expect(netrc.entry(host: "other.example", user: "carol") == nil)
        #expect(!netrc.entries.contains { $0.password == "not-this" })
    }

    @Test func passwordFileLosesOnlyItsLineEnd() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try " spaced secret \r\n".write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let secret = try SecretSource(passwordFile: file.path).secret(host: "h", user: "u", prompt: nil)
        #expect(secret.value == " spaced secret ")
        #expect(secret.origin == .file(file.path))
        #expect(secret.caution == nil)
        #expect(throws: SecretSource.Problem.self) {
            try SecretSource(passwordFile: file.path + ".missing").secret(host: "h", user: "u", prompt: nil)
        }
    }

    @Test func authCommandParsing() throws {
        #expect(try AuthCommand.parse("scram-sha-256 alice") == AuthCommand(method: .sasl(.scramSHA256), user: "alice",
                                                                           initialResponse: true))
        #expect(try AuthCommand.parse("plain --no-ir") == AuthCommand(method: .sasl(.plain), user: nil,
                                                                     initialResponse: false))
        #expect(try AuthCommand.parse("+login") == AuthCommand(method: .imapLogin, user: nil, initialResponse: true))
        #expect(throws: MetaCommandError.self) { try AuthCommand.parse(nil) }
        #expect(throws: MetaCommandError.self) { try AuthCommand.parse("digest-md5 alice") }
        // A password typed on the line is refused rather than sent or kept in history.
        #expect(throws: MetaCommandError.self) { try AuthCommand.parse("plain alice wonderland") }
        #expect(try MetaCommand.parse(".auth login bob") == .auth(AuthCommand(method: .sasl(.login), user: "bob",
                                                                             initialResponse: true)))
    }
}
