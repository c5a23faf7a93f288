import Foundation
import MailTestSupport
import Testing

/// The binary driven as automation drives it: lines on standard input, output and exit status checked.
@Suite("Script mode against real servers", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct ScriptModeTests {
    let servers = TestServers.current

    func env(_ key: String) -> String { servers?[key] ?? "" }

    @Test("SMTP with --starttls: message sent with a dot-stuffed line, no colours in a pipe, exit 0")
    func smtpStartTLS() throws {
        let result = try MailreplProcess.run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))", "--starttls", "--cafile", env("CA_FILE")],
            input: "EHLO me.example\nMAIL FROM:<a@example.org>\nRCPT TO:<\(env("BOB_USER"))>\nDATA\n"
                + "Subject: script\n\n.starts with a dot\n.\nQUIT\n")
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("* verified:"))
        #expect(result.output.contains("C: ..starts with a dot"))
        #expect(result.output.contains("S: 250 2.0.0 Ok: queued"))
        #expect(result.output.contains("S: 221 "))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test("--color always paints, NO_COLOR is honoured under auto")
    func colours() throws {
        let url = "smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"
        let always = try MailreplProcess.run([url, "--color", "always"], input: "QUIT\n")
        #expect(always.output.contains("\u{1B}[32m220 "))
        let auto = try MailreplProcess.run([url], input: "QUIT\n", environment: ["NO_COLOR": "1"])
        #expect(!auto.output.contains("\u{1B}"))
    }

    @Test("IMAP over implicit TLS: tags added, a FETCH literal shown line by line, LOGOUT")
    func imapsFetch() throws {
        let result = try MailreplProcess.run(
            ["imaps://\(env("IMAP_HOST")):\(env("IMAPS_PORT"))", "--cafile", env("CA_FILE")],
            input: "LOGIN \(env("ALICE_USER")) \(env("ALICE_PASSWORD"))\nSELECT INBOX\nFETCH 1 BODY[]\nLOGOUT\n")
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("C: a001 LOGIN \(env("ALICE_USER")) ‹redacted›"))
        #expect(!result.output.contains(env("ALICE_PASSWORD")))
        #expect(result.output.contains("(tagged a003)"))
        #expect(result.output.contains("S: a001 OK 1 LOGIN completed") || result.output.contains("S: a001 OK"))
        // A body line that looks like a tagged response is shown as data and did not end the FETCH.
        #expect(result.output.contains("S: a001 OK LOGIN completed"))
        #expect(result.output.contains("S: a003 OK"))
        #expect(result.output.contains("S: a004 OK"))
    }

    @Test("POP3 with STLS: RETR's body ends at the lone dot")
    func pop3Retr() throws {
        let result = try MailreplProcess.run(
            ["pop3://\(env("POP3_HOST")):\(env("POP3_PORT"))", "--starttls", "--cafile", env("CA_FILE")],
            input: "USER \(env("ALICE_USER"))\nPASS \(env("ALICE_PASSWORD"))\nRETR 1\nQUIT\n")
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("C: PASS ‹redacted›"))
        #expect(!result.output.contains(env("ALICE_PASSWORD")))
        #expect(result.output.contains("S: .."))
        #expect(result.output.contains("S: +OK Logging out"))
    }

    @Test(".send FILE sends DATA with CRLF line ends, stuffed dots and the terminator")
    func sendFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-send-\(UUID()).eml")
        try Data("Subject: from a file\n\nline one\n.\n..two dots\nlast line without newline".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try MailreplProcess.run(
            ["smtp://\(env("SMTP_HOST")):\(env("SMTP_MX_PORT"))"],
            input: "EHLO me.example\nMAIL FROM:<a@example.org>\nRCPT TO:<\(env("BOB_USER"))>\n.send \(file.path)\nQUIT\n")
        #expect(result.status == 0, "\(result.combined)")
        #expect(result.output.contains("C: DATA"))
        #expect(result.output.contains("C: ..\n") || result.output.contains("C: ..   (leading dot doubled"))
        #expect(result.output.contains("C: ...two dots"))
        #expect(result.output.contains("C: last line without newline"))
        #expect(result.output.contains("S: 250 2.0.0 Ok: queued"))
    }

    @Test("a closed port exits 3 with the reason")
    func connectionRefused() throws {
        let result = try MailreplProcess.run(["smtp://127.0.0.1:1"], input: "QUIT\n")
        #expect(result.status == 3)
        #expect(result.combined.contains("cannot connect to 127.0.0.1 port 1"))
    }

    @Test("an untrusted certificate exits 4 and explains")
    func certificateRefused() throws {
        let result = try MailreplProcess.run(
            ["imaps://\(env("IMAP_HOST")):\(env("IMAPS_PORT"))", "--cafile", env("OTHER_CA_FILE")],
            input: "LOGIN a b\n")
        #expect(result.status == 4)
        #expect(result.combined.contains("refused the server's certificate"))
        #expect(!result.combined.contains("C: "))
    }

    @Test("--starttls where the server does not offer it aborts before any login is sent")
    func startTLSNotOffered() throws {
        let server = try ScriptedServer(scenario: "bye-later")
        let result = try MailreplProcess.run(["imap://127.0.0.1:\(server.port)", "--starttls"],
                                             input: "LOGIN alice secret\n")
        #expect(result.status == 4)
        #expect(result.combined.contains("does not offer STARTTLS"))
        #expect(!result.combined.contains("LOGIN"))
    }

    @Test("a server that never greets: the response time-out ends the wait, exit 5")
    func greetingTimeout() throws {
        let listener = try SilentListener()
        let start = Date()
        let result = try MailreplProcess.run(["smtp://127.0.0.1:\(listener.port)", "--timeout", "1"],
                                             input: "EHLO x\n", timeout: 20)
        #expect(result.status == 5)
        #expect(result.combined.contains("waited 1 s for the greeting"))
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("a password in the URL is refused with where to put it instead")
    func passwordInURL() throws {
        let result = try MailreplProcess.run(["imap://alice:secret@127.0.0.1"], input: "")
        #expect(result.status == 64)
        #expect(result.combined.contains("password in the URL"))
    }
}
