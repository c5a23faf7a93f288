import Foundation
import MailTestSupport
import Testing

/// Explanations and warnings as a person meets them at the prompt: a real terminal (tmux), real servers.
@Suite("Explain: at the prompt", .serialized,
       .enabled(if: TmuxSession.isAvailable && TestServers.isAvailable, "needs tmux and ./project.sh test"))
struct ExplainTerminalTests {
    let servers = TestServers.current
    let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-state-\(UUID())")

    func env(_ key: String) -> String { servers?[key] ?? "" }

    func mailrepl(_ arguments: [String]) throws -> TmuxSession {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        return try TmuxSession(command: [MailreplProcess.binaryPath] + arguments + ["--color", "never"],
                               width: 200, height: 50, environment: ["XDG_STATE_HOME": stateDirectory.path])
    }

    @Test("brief is the default at a terminal; .explain full and .explain X work at the prompt")
    func briefByDefault() throws {
        let terminal = try mailrepl(["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"])
        defer { terminal.kill() }
        try terminal.waitFor("   220 after greeting: Ready: the server greets you. Say EHLO next.")
        try terminal.type(".explain 5.7.8")
        try terminal.press("Enter")
        try terminal.waitFor("5.7.8: Permanent failure, security/policy: authentication credentials invalid.")
        try terminal.type(".explain full")
        try terminal.press("Enter")
        try terminal.waitFor("* explanations: full")
        try terminal.type("RCPT TO:<bob@example.test>")
        try terminal.press("Enter")
        let screen = try terminal.waitFor("S: 503 5.5.1 Error: need MAIL command")
        #expect(try terminal.waitFor("     Sources: RFC 5321 §4.2.3").contains("   503: Bad sequence of commands"))
        try terminal.type(".quit")
        try terminal.press("Enter")
        try terminal.waitFor("the server closed the connection")
    }

    @Test("a password without TLS waits for Enter; anything else cancels it; over TLS no question is asked")
    func cleartextConfirmation() throws {
        let terminal = try mailrepl(["imap://\(env("IMAP_HOST")):\(env("IMAP_PORT"))", "--cafile", env("CA_FILE")])
        defer { terminal.kill() }
        try terminal.waitFor("imap>")
        let login = "LOGIN \(env("BOB_USER")) \(env("BOB_PASSWORD"))"
        try terminal.type(login)
        try terminal.press("Enter")
        var screen = try terminal.waitFor("send it without TLS? (Enter or y, else cancel)>")
        #expect(screen.contains("! this connection has no TLS: the password of LOGIN would cross it"))
        #expect(!screen.contains("C: a001"))
        try terminal.press("Enter")
        screen = try terminal.waitFor("S: a001 NO [PRIVACYREQUIRED]")
        #expect(screen.contains("C: a001 LOGIN \(env("BOB_USER")) ‹redacted›"))
        #expect(screen.contains("Refused because the connection is not encrypted."))

        try terminal.type(login)
        try terminal.press("Enter")
        try terminal.waitFor("send it without TLS?")
        try terminal.type(".starttls")
        try terminal.press("Enter")
        screen = try terminal.waitFor("* not sent.")
        screen = try terminal.waitFor("imap/tls>")
        #expect(!screen.contains("C: a002 LOGIN"))
        try terminal.type(login)
        try terminal.press("Enter")
        try terminal.waitFor("Logged in")
        let transcript = try terminal.transcript()
        #expect(transcript.components(separatedBy: "has no TLS").count == 3)
        // The terminal echoes what was typed; what mailrepl itself shows never holds the password.
        let shown = transcript.split(separator: "\n").filter { !$0.hasPrefix("imap") && !$0.hasPrefix("send it") }
        #expect(!shown.contains { $0.contains(env("BOB_PASSWORD")) })
        try terminal.type(".quit")
        try terminal.press("Enter")
        try terminal.waitFor("the server closed the connection")
    }

    @Test("Tab offers the mechanisms the server advertised after AUTH, and STARTTLS only while it is offered")
    func advertisedCompletion() throws {
        let terminal = try mailrepl(["smtp://\(env("SMTP_HOST")):\(env("SMTP_SUBMISSION_PORT"))",
                                     "--cafile", env("CA_FILE")])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        try terminal.type("EHLO me.example")
        try terminal.press("Enter")
        try terminal.waitFor("S: 250 CHUNKING")
        try terminal.type("STA")
        try terminal.press("Tab")
        try terminal.waitUntil("STARTTLS completed") { $0.hasSuffix("smtp> STARTTLS") }
        try terminal.press("C-u")
        try terminal.type(".starttls")
        try terminal.press("Enter")
        try terminal.waitFor("AUTH PLAIN LOGIN CRAM-MD5")
        try terminal.waitFor("smtp/tls>")
        try terminal.type("AUTH SC")
        try terminal.press("Tab")
        try terminal.waitUntil("completed as far as the mechanisms agree") { $0.hasSuffix("smtp/tls> AUTH SCRAM-SHA-") }
        try terminal.press("Tab")
        try terminal.waitUntil("the mechanisms listed") { screen in
            screen.split(separator: "\n").contains { $0.hasPrefix("SCRAM-SHA-1 ") && $0.hasSuffix(" SCRAM-SHA-256") }
        }
        try terminal.press("C-u")
        try terminal.type("STA")
        try terminal.press("Tab")
        _ = try terminal.waitUntil("nothing completed") { $0.hasSuffix("smtp/tls> STA") }
        try terminal.press("C-u")
        try terminal.type(".quit")
        try terminal.press("Enter")
        try terminal.waitFor("the server closed the connection")
    }

    @Test("lines pasted to an SMTP server without PIPELINING draw one warning (RFC 2920)")
    func pipeliningWarning() throws {
        let server = try UnhurriedSMTPServer()
        let terminal = try mailrepl(["smtp://127.0.0.1:\(server.port)"])
        defer { terminal.kill() }
        try terminal.waitFor("smtp>")
        try terminal.type("EHLO me.example")
        try terminal.press("Enter")
        try terminal.waitFor("S: 250 8BITMIME")
        try terminal.type("MAIL FROM:<a@example.test>\rRCPT TO:<b@example.test>\rRCPT TO:<c@example.test>\r")
        let screen = try terminal.waitUntil("three replies", timeout: .seconds(10)) { screen in
            screen.components(separatedBy: "S: 250 OK").count == 4
        }
        #expect(screen.contains("did not offer PIPELINING (RFC 2920)"))
        #expect(try terminal.transcript().components(separatedBy: "did not offer PIPELINING").count == 2)
        try terminal.type(".quit")
        try terminal.press("Enter")
        try terminal.waitFor("the server closed the connection")
    }
}
