import Foundation
import MailTestSupport
import Testing

/// The password, and the base64 forms it takes on the wire (the AUTH PLAIN blob, LOGIN's base64, any alignment of
/// it inside base64), appear nowhere mailrepl writes: not on the screen or in its output, not in transcripts
/// (--record), not in the history file. Sessions log in every way the servers allow, in script mode and at a
/// terminal, with the secret from the environment and typed at the no-echo prompt; then every file under the
/// sessions' home and state directories is searched.
@Suite("Secrets are never written", .serialized,
       .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct SecretsNeverWrittenTests {
    let servers: TestServers
    let home: URL

    init() throws {
        servers = try #require(TestServers.current)
        home = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-secrets-\(UUID())")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("state"),
                                                withIntermediateDirectories: true)
    }

    var environment: [String: String] {
        ["HOME": home.path, "XDG_STATE_HOME": home.appendingPathComponent("state").path,
         "MAILREPL_PASSWORD": servers["BOB_PASSWORD"]]
    }

    var user: String { servers["BOB_USER"] }
    var encodedUser: String { user.replacingOccurrences(of: "@", with: "%40") }

    func record(_ name: String) -> String {
        home.appendingPathComponent("\(name).transcript").path
    }

    @Test("script mode, check and the terminal: the password is in no output, transcript or history")
    func nowhere() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        var outputs: [String] = []
        let ca = servers["CA_FILE"]
        let submission = "smtp://\(servers["SMTP_HOST"]):\(servers["SMTP_SUBMISSION_PORT"])"
        let imaps = "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])"
        let pop3 = "pop3://\(servers["POP3_HOST"]):\(servers["POP3_PORT"])"
        let scripts: [(String, String, String)] = [
            ("smtp-plain", submission, "EHLO client.example\n.starttls\n.auth plain \(user)\n"),
            ("smtp-login", submission, "EHLO client.example\n.starttls\n.auth login \(user) --no-ir\n"),
            ("imap-login", imaps, ".auth +login \(user)\n"),
            ("imap-plain", imaps, ".auth plain \(user) --no-ir\n"),
            ("pop3-user", pop3, ".starttls\n.auth +user \(user)\n"),
            ("pop3-plain", pop3, ".starttls\n.auth plain \(user)\n"),
        ]
        for (name, url, script) in scripts {
            let result = try MailreplProcess.run([url, "--cafile", ca, "--record", record(name)], input: script,
                                                 environment: environment)
            #expect(result.status == 0, "\(name): \(result.combined)")
            #expect(result.output.contains("* logged in as"), "\(name)")
            outputs.append(result.combined)
        }
        for (name, url) in [("check-smtp", "smtp://\(encodedUser)@\(servers["SMTP_HOST"]):"
                                + servers["SMTP_SUBMISSION_PORT"]),
                            ("check-imap", "imaps://\(encodedUser)@\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])")] {
            for json in [false, true] {
                let result = try MailreplProcess.run(
                    ["check", url, "--cafile", ca, "--mech", "all", "--record", record(name + (json ? "-json" : ""))]
                        + (json ? ["--json"] : []), environment: environment)
                #expect(result.status == 0, "\(name): \(result.combined)")
                outputs.append(result.combined)
            }
        }
        if TmuxSession.isAvailable {
            outputs += try terminalSessions()
        }

        let forms = SecretForms.of(password: servers["BOB_PASSWORD"], user: user)
        for (index, output) in outputs.enumerated() {
            for form in forms {
                #expect(!output.contains(form), "output \(index) contains \(form)")
            }
        }
        let files = try everyFile(under: home)
        #expect(files.count >= scripts.count + 4, "transcripts and history were written: \(files)")
        #expect(files.contains { $0.lastPathComponent == "history-smtp" } || !TmuxSession.isAvailable)
        for file in files {
            let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            for form in forms {
                #expect(!text.contains(form), "\(file.path) contains \(form)")
            }
        }
    }

    /// Two sessions at a terminal: `.auth` with the environment's password, and `.auth` with the password typed at
    /// the prompt, which must not echo. Returns what the terminals showed.
    private func terminalSessions() throws -> [String] {
        let ca = servers["CA_FILE"]
        var shown: [String] = []
        let smtp = try TmuxSession(
            command: [MailreplProcess.binaryPath, "smtp://\(servers["SMTP_HOST"]):\(servers["SMTP_SUBMISSION_PORT"])",
                      "--cafile", ca, "--color", "never", "--record", record("terminal-smtp")],
            environment: environment)
        defer { smtp.kill() }
        try smtp.waitFor("smtp>", timeout: .seconds(30))
        for line in ["EHLO client.example", ".starttls", ".auth plain \(user)"] {
            try smtp.type(line)
            try smtp.press("Enter")
        }
        try smtp.waitFor("* logged in as", timeout: .seconds(30))
        try smtp.waitUntil("the prompt back", timeout: .seconds(30)) { $0.hasSuffix(">") }
        try smtp.type(".quit")
        try smtp.press("Enter")
        try waitForHistory("smtp")
        shown.append(try smtp.transcript())

        var typing = environment
        typing["MAILREPL_PASSWORD"] = nil
        let imap = try TmuxSession(
            command: [MailreplProcess.binaryPath, "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])",
                      "--cafile", ca, "--color", "never", "--record", record("terminal-imap")],
            environment: typing)
        defer { imap.kill() }
        try imap.waitFor("imap/tls>", timeout: .seconds(30))
        try imap.type(".auth scram-sha-256 \(user)")
        try imap.press("Enter")
        try imap.waitFor("Password for \(user)@\(servers["IMAP_HOST"]):", timeout: .seconds(30))
        try imap.type(servers["BOB_PASSWORD"])
        try imap.press("Enter")
        try imap.waitFor("* password typed at the prompt", timeout: .seconds(30))
        try imap.waitFor("* logged in as", timeout: .seconds(30))
        try imap.waitUntil("the prompt back", timeout: .seconds(30)) { $0.hasSuffix(">") }
        try imap.type(".quit")
        try imap.press("Enter")
        try waitForHistory("imap")
        shown.append(try imap.transcript())
        return shown
    }

    @Test("a secret typed on the line itself is sent (redacted on screen) but kept out of the history file")
    func typedSecretNotInHistory() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        guard TmuxSession.isAvailable else { return }
        let typed = "typed-secret-\(UInt32.random(in: 100_000...999_999))"
        let terminal = try TmuxSession(
            command: [MailreplProcess.binaryPath, "imaps://\(servers["IMAP_HOST"]):\(servers["IMAPS_PORT"])",
                      "--cafile", servers["CA_FILE"], "--color", "never"],
            environment: environment)
        defer { terminal.kill() }
        try terminal.waitFor("imap/tls>", timeout: .seconds(30))
        for line in ["CAPABILITY", "LOGIN \(user) \(typed)"] {
            try terminal.type(line)
            try terminal.press("Enter")
        }
        try terminal.waitFor("NO [AUTHENTICATIONFAILED]", timeout: .seconds(30))
        #expect(try terminal.screen().contains("C: a002 LOGIN \(user) ‹redacted›"))
        try terminal.type(".quit")
        try terminal.press("Enter")
        try waitForHistory("imap")
        let history = home.appendingPathComponent("state/mailrepl/history-imap")
        let text = try String(contentsOf: history, encoding: .utf8)
        #expect(text.contains("CAPABILITY"))
        #expect(!text.contains(typed))
        #expect(!text.contains("LOGIN"))
    }

    /// The history file is written when the line editor stops, as the program ends. Its appearance is waited for
    /// rather than the exit status, which tmux sometimes does not report for a program that exits at once.
    private func waitForHistory(_ mailProtocol: String) throws {
        let path = home.appendingPathComponent("state/mailrepl/history-\(mailProtocol)").path
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: path) {
            guard ContinuousClock.now < deadline else {
                Issue.record("no history file \(path) after the session ended")
                return
            }
            usleep(50_000)
        }
        usleep(100_000)
    }

    private func everyFile(under directory: URL) throws -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: keys) else {
            return []
        }
        return walker.compactMap { item -> URL? in
            guard let url = item as? URL,
                  (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return url
        }
    }
}
