import Foundation
import MailTestSupport
import Testing

/// Folding is for a person at the prompt: scripts and pipes get every line whatever `--fold` and `.fold` say.
@Suite("Folding never touches script mode", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct BodyFoldScriptTests {
    let servers = TestServers.current

    func env(_ key: String) -> String { servers?[key] ?? "" }

    @Test("--fold 2 and .fold 3 in a script: the literal is printed whole, .body says nothing was folded")
    func scriptGetsEveryLine() throws {
        let url = "imap://\(env("IMAP_LOCAL_HOST")):\(env("IMAP_LOCAL_PORT"))"
        let lines = "LOGIN \(env("ALICE_USER")) \(env("ALICE_PASSWORD"))\nEXAMINE INBOX\n"
        let folded = try MailreplProcess.run([url, "--fold", "2"],
                                             input: lines + ".fold 3\nFETCH 1 BODY.PEEK[]\n.body\nLOGOUT\n")
        #expect(folded.status == 0, "\(folded.combined)")
        let message = try String(contentsOfFile: env("MSG1_FILE"), encoding: .utf8)
        let expected = message.split(separator: "\r\n", omittingEmptySubsequences: false).dropLast()
            .map { "S: " + $0 }.joined(separator: "\n")
        #expect(folded.output.contains(expected + "\nS: )\n"), "\(folded.output)")
        #expect(folded.output.contains("* no body folded: scripts get every line"))
        #expect(folded.output.contains("(scripts always get every line)"))
        #expect(!folded.output.contains("not shown"))
    }

    @Test("--fold takes a number of lines or off; anything else is refused in words")
    func badFold() throws {
        let result = try MailreplProcess.run(["imap://127.0.0.1:1", "--fold", "lots"])
        #expect(result.status == 64)
        #expect(result.combined.contains("--fold takes a number of lines (0 to 1000000; 0 is off) or off"))
    }
}
