import Foundation
import MailTestSupport
import Testing

/// Long bodies at a real terminal against the real Dovecot: the head shown and the rest folded, `.body` to see
/// it whole, `.fold` to change it, and nothing left in $TMPDIR afterwards.
@Suite("Folding long bodies at the prompt", .serialized,
       .enabled(if: TmuxSession.isAvailable && TestServers.isAvailable, "needs tmux and ./project.sh test"))
struct BodyFoldTerminalTests {
    let servers = TestServers.current
    /// $TMPDIR for mailrepl: the spool's private directory is made here and must be gone at the end.
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-fold-\(UUID())")

    func env(_ key: String) -> String { servers?[key] ?? "" }

    func mailrepl(_ arguments: [String], pager: String) throws -> TmuxSession {
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false,
                                                attributes: [.posixPermissions: 0o700])
        // Wide enough that the fold note stays on one row.
        return try TmuxSession(command: [MailreplProcess.binaryPath] + arguments
                                   + ["--explain", "off", "--color", "never"],
                               width: 130, height: 40,
                               environment: ["TMPDIR": temporary.path, "PAGER": pager,
                                             "XDG_STATE_HOME": temporary.path + "-state"])
    }

    func entries(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }

    func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    /// mailrepl at a POP3 prompt, logged in as alice over plain POP3 (the cleartext question answered).
    func loggedInPOP3(fold: Int, pager: String) throws -> TmuxSession {
        let terminal = try mailrepl(["pop3://\(env("POP3_LOCAL_HOST")):\(env("POP3_LOCAL_PORT"))", "--fold",
                                     String(fold)], pager: pager)
        do {
            try terminal.waitFor("pop3>", timeout: .seconds(10))
            try terminal.type("USER \(env("ALICE_USER"))")
            try terminal.press("Enter")
            try terminal.waitFor("S: +OK")
            try terminal.type("PASS \(env("ALICE_PASSWORD"))")
            try terminal.press("Enter")
            try terminal.waitFor("send it without TLS?")
            try terminal.press("Enter")
            try terminal.waitFor("Logged in")
        } catch {
            terminal.kill()
            throw error
        }
        return terminal
    }

    /// The rows after the last one containing `text`.
    func rows(after text: String, in screen: String) -> [String] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let index = rows.lastIndex(where: { $0.contains(text) }) else { return [] }
        return Array(rows[(index + 1)...])
    }

    @Test("IMAP FETCH: the head and a note, not the tail; .body pages it whole; .fold off shows a body whole")
    func imapLiteral() throws {
        defer {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(atPath: temporary.path + "-state")
        }
        let terminal = try mailrepl(["imap://\(env("IMAP_LOCAL_HOST")):\(env("IMAP_LOCAL_PORT"))"], pager: "cat")
        defer { terminal.kill() }
        try terminal.waitFor("imap>", timeout: .seconds(10))
        try terminal.type("LOGIN \(env("ALICE_USER")) \(env("ALICE_PASSWORD"))")
        try terminal.press("Enter")
        try terminal.waitFor("send it without TLS?")
        try terminal.press("Enter")
        try terminal.waitFor("(authenticated)>")
        // EXAMINE and BODY.PEEK: reading changes no flag for the suites that run after this one.
        try terminal.type("EXAMINE INBOX")
        try terminal.press("Enter")
        try terminal.waitFor("(examined INBOX)>")

        // Message 4 is 5,009 lines: 20 are shown (8 of header, a blank, 11 of text).
        try terminal.type("FETCH 4 BODY.PEEK[]")
        try terminal.press("Enter")
        var screen = try terminal.waitFor("a003 OK Fetch completed", timeout: .seconds(10))
        let after = rows(after: "C: a003 FETCH 4", in: screen)
        let note = try #require(after.firstIndex { $0.hasPrefix("* 4,989 more lines (") })
        #expect(after[note].hasSuffix("of this literal not shown: .body shows it whole, .fold off stops folding"))
        #expect(after[note - 1].hasPrefix("S: Line 00011 of a large message"))
        #expect(after[note + 1] == "S: )")
        #expect(!(try terminal.transcript()).contains("Line 00012"))

        // The spool: a private directory of mode 0700 with the body in a file of mode 0600.
        let spools = entries(temporary.path)
        #expect(spools.count == 1 && spools.first?.hasPrefix("mailrepl-body-") == true)
        let directory = temporary.appendingPathComponent(spools.first ?? "").path
        #expect(try mode(directory) == 0o700)
        let files = entries(directory)
        #expect(files.count == 1)
        #expect(try mode(directory + "/" + (files.first ?? "")) == 0o600)

        // .body with PAGER=cat: the whole body, tail included, then the prompt again.
        try terminal.type(".body")
        try terminal.press("Enter")
        screen = try terminal.waitUntil("the tail and the prompt", timeout: .seconds(10)) {
            $0.contains("S: Line 05000 of a large message") && $0.hasSuffix("(examined INBOX)>")
        }
        #expect(rows(after: "S: Line 05000", in: screen) == ["imap (examined INBOX)>"])

        // Message 1 is 22 lines: two more than shown by default, its own ")" line among them.
        try terminal.type("FETCH 1 BODY.PEEK[]")
        try terminal.press("Enter")
        screen = try terminal.waitFor("a004 OK Fetch completed")
        var shown = rows(after: "C: a004 FETCH 1", in: screen)
        #expect(shown.starts(with: ["S: * 1 FETCH (BODY[] {\(env("MSG1_SIZE"))}",
                                    "S: Return-Path: <bob@example.test>"]))
        #expect(shown.contains("* 2 more lines (18 bytes) of this literal not shown: .body shows it whole, "
                               + ".fold off stops folding"))
        #expect(!shown.contains("S: last line"))

        try terminal.type(".fold off")
        try terminal.press("Enter")
        try terminal.waitFor("* bodies are shown whole")
        try terminal.type("FETCH 1 BODY.PEEK[]")
        try terminal.press("Enter")
        screen = try terminal.waitFor("a005 OK Fetch completed")
        shown = rows(after: "C: a005 FETCH 1", in: screen)
        #expect(shown.count == 26, "screen:\n\(screen)")
        #expect(shown.suffix(5).starts(with: ["S: )", "S: last line", "S: )"]), "screen:\n\(screen)")
        #expect(!shown.contains { $0.contains("not shown") })

        try terminal.type(".quit")
        try terminal.press("Enter")
        #expect(try terminal.waitForExit() == 0)
        #expect(entries(temporary.path).isEmpty, "left behind: \(entries(temporary.path))")
    }

    @Test("SIGTERM or SIGHUP at the prompt: the session ends, the history is saved, the folded body removed",
          arguments: ["TERM", "HUP"])
    func stopSignal(signal: String) throws {
        defer {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(atPath: temporary.path + "-state")
        }
        let terminal = try loggedInPOP3(fold: 3, pager: "cat")
        defer { terminal.kill() }
        try terminal.type("RETR 1")
        try terminal.press("Enter")
        try terminal.waitFor("of this multi-line response not shown")
        #expect(entries(temporary.path).count == 1)
        try terminal.type("STAT")
        try terminal.signalProgram(signal)
        try terminal.waitFor("asked to stop (SIGHUP or SIGTERM)")
        #expect(try terminal.waitForExit() == 0)
        #expect(entries(temporary.path).isEmpty, "left behind: \(entries(temporary.path))")
        let history = try String(contentsOfFile: temporary.path + "-state/mailrepl/history-pop3", encoding: .utf8)
        #expect(history.contains("RETR\\0401"), "history: \(history)")
        #expect(!history.contains(env("ALICE_PASSWORD")))
    }

    @Test("POP3 RETR with --fold 5: the '.' still shown; with no pager to start, .body prints the body")
    func pop3WithoutPager() throws {
        defer {
            try? FileManager.default.removeItem(at: temporary)
            try? FileManager.default.removeItem(atPath: temporary.path + "-state")
        }
        let terminal = try loggedInPOP3(fold: 5, pager: "/nonexistent/pager -R")
        defer { terminal.kill() }
        // Message 1 is 22 lines; its "." and ".." lines arrive dot-stuffed (RFC 1939 §3).
        try terminal.type("RETR 1")
        try terminal.press("Enter")
        var screen = try terminal.waitUntil("RETR answered", timeout: .seconds(10)) {
            rows(after: "RETR 1", in: $0).contains("S: .")
        }
        let after = rows(after: "RETR 1", in: screen)
        #expect(after.count == 9, "screen:\n\(screen)")
        let note = try #require(after.firstIndex { $0.hasPrefix("* 17 more lines (") })
        #expect(after[note].hasSuffix("of this multi-line response not shown: .body shows it whole, "
                                      + ".fold off stops folding"))
        #expect(after[note - 1].hasPrefix("S: Date: Mon, 01 Jan 2024"))
        #expect(after[note + 1] == "S: .")

        try terminal.type(".body")
        try terminal.press("Enter")
        screen = try terminal.waitUntil("the body above the prompt", timeout: .seconds(10)) {
            rows(after: ".body", in: $0).contains("S: last line") && $0.hasSuffix(">")
        }
        let printed = rows(after: ".body", in: screen)
        #expect(printed.first?.hasPrefix("! cannot start the pager /nonexistent/pager -R: No such file or directory")
                == true, "screen:\n\(screen)")
        #expect(printed.dropFirst().first == "S: Return-Path: <bob@example.test>")
        #expect(printed.count == 24 && printed.suffix(2).first == "S: last line")
        try terminal.press("C-d")
        #expect(try terminal.waitForExit() == 0)
        #expect(entries(temporary.path).isEmpty, "left behind: \(entries(temporary.path))")
    }
}
