import Foundation
import MailTestSupport
import Testing

/// The REPL as a person uses it: a real terminal (tmux), keys typed, the screen read back.
@Suite("The REPL in a terminal", .serialized,
       .enabled(if: TmuxSession.isAvailable && TestServers.isAvailable, "needs tmux and ./project.sh test"))
struct REPLTerminalTests {
    let servers = TestServers.current
    let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-state-\(UUID())")

    func mailrepl(_ arguments: [String], color: Bool = false) throws -> TmuxSession {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        // Explanations are tested on their own; here they would push the lines under test off the screen.
        return try TmuxSession(command: [MailreplProcess.binaryPath] + arguments + ["--explain", "off"]
                                   + (color ? [] : ["--color", "never"]),
                               environment: ["XDG_STATE_HOME": stateDirectory.path])
    }

    var mx: String { "smtp://\(servers?["SMTP_HOST"] ?? ""):\(servers?["SMTP_MX_PORT"] ?? "")" }

    @Test("a typed command gets its reply; Up recalls it; Ctrl-D ends with QUIT and saves history 0600")
    func typeRecallAndQuit() throws {
        let terminal = try mailrepl([mx])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        try terminal.type("EHLO me.example")
        try terminal.press("Enter")
        try terminal.waitFor("S: 250 CHUNKING")
        try terminal.type("NOOP")
        try terminal.press("Enter")
        try terminal.waitFor("S: 250 2.0.0 Ok")
        try terminal.press("Up")
        try terminal.press("Up")
        try terminal.waitUntil("EHLO recalled at the prompt") { $0.hasSuffix("smtp> EHLO me.example") }
        try terminal.press("C-u")
        try terminal.press("C-d")
        let screen = try terminal.waitFor("S: 221 2.0.0 Bye")
        #expect(screen.contains("C: QUIT"))
        #expect(try terminal.waitForExit() == 0)
        let history = stateDirectory.appendingPathComponent("mailrepl/history-smtp")
        let text = try String(contentsOf: history, encoding: .utf8)
        // libedit writes history with spaces encoded (strvis), so look for the words.
        #expect(text.contains("EHLO") && text.contains("me.example") && text.contains("NOOP"))
        let attributes = try FileManager.default.attributesOfItem(atPath: history.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("Ctrl-R searches history backwards; Enter sends the line found")
    func reverseSearch() throws {
        let terminal = try mailrepl([mx])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        for line in ["EHLO search.example", "NOOP", "RSET"] {
            try terminal.type(line)
            try terminal.press("Enter")
        }
        try terminal.waitFor("S: 250 2.0.0 Ok", timeout: .seconds(5))
        try terminal.press("C-r")
        try terminal.type("search")
        try terminal.waitFor("EHLO search.example")
        try terminal.press("Enter")
        try terminal.waitUntil("the EHLO sent a second time") { screen in
            screen.components(separatedBy: "S: 250-mail.example.test").count == 3
        }
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("Tab completes the protocol's commands and mailrepl's dot-commands")
    func tabCompletion() throws {
        let terminal = try mailrepl([mx])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        try terminal.type("EH")
        try terminal.press("Tab")
        try terminal.waitUntil("EHLO completed") { $0.hasSuffix("smtp> EHLO") }
        try terminal.press("C-u")
        try terminal.type(".sta")
        try terminal.press("Tab")
        try terminal.waitUntil(".starttls completed") { $0.hasSuffix("smtp> .starttls") }
        try terminal.press("C-u")
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("after .connect moves to another protocol, Tab completes that protocol's commands")
    func completionFollowsConnect() throws {
        let terminal = try mailrepl([])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>", timeout: .seconds(15))
        try terminal.type(".connect pop3")
        try terminal.press("Enter")
        try terminal.waitFor("pop3>", timeout: .seconds(10))
        try terminal.type("RET")
        try terminal.press("Tab")
        try terminal.waitUntil("RETR completed") { $0.hasSuffix("pop3> RETR") }
        try terminal.press("C-u")
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("colours on a terminal: the reply is painted by meaning")
    func colours() throws {
        let terminal = try mailrepl([mx], color: true)
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        try terminal.type("RCPT TO:<x@example.test>")
        try terminal.press("Enter")
        try terminal.waitFor("S: 503")
        let painted = try terminal.screenWithAttributes()
        // Green greeting (SGR 32) and red refusal (SGR 31), however tmux combines the attributes.
        #expect(painted.range(of: #"\x1B\[32m(\x1B\[[0-9;]*m)*220 "#, options: .regularExpression) != nil,
                "screen:\n\(painted)")
        #expect(painted.range(of: #"\x1B\[31m(\x1B\[[0-9;]*m)*503 "#, options: .regularExpression) != nil)
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("a BYE arriving while a line is half typed appears at once; the line is redrawn intact")
    func asyncOutputKeepsTheLine() throws {
        let server = try ScriptedServer(scenario: "bye-later")
        let terminal = try mailrepl(["imap://127.0.0.1:\(server.port)"])
        defer { terminal.kill() }
        try terminal.waitFor("imap>")
        try terminal.type("a1 NOOP half typ")
        try terminal.press("Left", "Left")
        let screen = try terminal.waitFor("* BYE server shutting down", timeout: .seconds(10))
        let rows = screen.split(separator: "\n").map(String.init)
        let byeRow = try #require(rows.lastIndex { $0.contains("* BYE server shutting down") })
        let promptRow = try #require(rows.lastIndex { $0.contains("a1 NOOP half typ") })
        #expect(promptRow > byeRow, "screen:\n\(screen)")
        // The cursor is still where the user left it: two characters before the end of the line.
        let cursor = try terminal.cursor()
        #expect(cursor.row == promptRow)
        #expect(cursor.column == rows[promptRow].count - 2)
        try terminal.press("End")
        try terminal.type("ed")
        try terminal.press("Enter")
        try terminal.waitFor("not connected: the line was not sent")
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test("Ctrl-C clears the line and the REPL goes on; a password typed raw stays out of history")
    func interruptAndSecrets() throws {
        let imap = "imap://\(servers?["IMAP_LOCAL_HOST"] ?? ""):\(servers?["IMAP_LOCAL_PORT"] ?? "")"
        let terminal = try mailrepl([imap])
        defer { terminal.kill() }
        try terminal.waitFor("imap>")
        try terminal.type("this line is abandoned")
        try terminal.press("C-c")
        try terminal.waitUntil("a fresh prompt") { $0.hasSuffix("imap>") }
        let password = servers?["ALICE_PASSWORD"] ?? ""
        try terminal.type("LOGIN \(servers?["ALICE_USER"] ?? "") \(password)")
        try terminal.press("Enter")
        // No TLS here: mailrepl asks before a password crosses the connection in the clear.
        try terminal.waitFor("send it without TLS?")
        try terminal.press("Enter")
        try terminal.waitFor("(authenticated)>")
        try terminal.type("SELECT INBOX")
        try terminal.press("Enter")
        try terminal.waitFor("(selected INBOX)>")
        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
        let history = try String(contentsOf: stateDirectory.appendingPathComponent("mailrepl/history-imap"),
                                 encoding: .utf8)
        #expect(history.contains("SELECT") && history.contains("INBOX"))
        #expect(!history.contains(password))
        #expect(!history.contains("this line is abandoned"))
    }
}
