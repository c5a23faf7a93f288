import Foundation
import MailTestSupport
import Testing

/// `mailrepl explain` from the shell: what a script or a person reading a bounce gets, and the exit status.
@Suite("Explain: the explain subcommand",
       .enabled(if: FileManager.default.isExecutableFile(atPath: MailreplProcess.binaryPath), "needs the binary"))
struct ExplainCommandTests {
    @Test("found: exit 0, the entries in full with their sources", arguments: [
        (["5.7.8"], "5.7.8: Permanent failure, security/policy: authentication credentials invalid."),
        (["535"], "535: Authentication credentials invalid."),
        (["imap", "ALERT"], "[ALERT]: An alert the server wants shown to the person, as it is. Read the text."),
        (["pop3", "CAPA"], "POP3 CAPA: List the server's capabilities."),
        (["-ERR", "RETR"], "-ERR after RETR: No such message (wrong number, or already marked deleted)."),
        (["550-5.1.1"], "550: Requested action not taken: mailbox unavailable, no access, or refused by policy."),
    ])
    func found(query: [String], firstLine: String) throws {
        let result = try MailreplProcess.run(["explain"] + query)
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.split(separator: "\n").first.map(String.init) == firstLine)
        #expect(result.output.contains("  Sources: RFC "))
        #expect(result.errorOutput.isEmpty)
    }

    @Test("a bounce's reply with its enhanced code: both explained, and what to try")
    func bounce() throws {
        let result = try MailreplProcess.run(["explain", "550", "5.1.1"])
        #expect(result.status == 0)
        #expect(result.output.contains("5.1.1: Permanent failure, addressing: bad destination mailbox address."))
        #expect(result.output.contains("  Try: Check the spelling"))
    }

    @Test("nothing matched: exit 1 and a suggestion on standard error")
    func nothing() throws {
        let result = try MailreplProcess.run(["explain", "frobnicate"])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("nothing known about \"frobnicate\". Try a reply code (535)"))
    }

    @Test("nothing asked: a usage error")
    func empty() throws {
        let result = try MailreplProcess.run(["explain"])
        #expect(result.status == 64)
        #expect(result.errorOutput.contains("name something to explain"))
    }
}
