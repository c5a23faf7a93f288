import Foundation
import MailCore
import MailTestSupport
import Testing

/// The binary in script mode against servers that misbehave in one way each: exit status, the words shown, the
/// time taken, the memory needed, and that nothing the server sent can drive the terminal.
@Suite("Hostile servers through the binary", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileScriptTests {
    func url(_ scheme: String, _ server: HostileServer) -> String { "\(scheme)://127.0.0.1:\(server.port)" }

    // MARK: - Lines

    @Test("a 64 MiB line: cut with a warning, memory bounded, and the session goes on to QUIT")
    func hugeLine() throws {
        let server = try HostileServer("smtp-huge-line")
        let run = try HostileRun([url("smtp", server)], input: "EHLO me.example\nQUIT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("! the server sent a line longer than 65536 bytes"))
        #expect(run.output.contains("! \(4 + 64 * 1024 * 1024 - 65_536) more bytes of this line were dropped"))
        #expect(run.output.contains("S: 220 ready after a huge line"))
        #expect(run.output.contains("S: 221 Bye"))
        #expect(run.peakMiB < HostileRun.memoryBoundMiB, "peak \(run.peakMiB) MiB")
        #expect(run.seconds < 60)
    }

    @Test("endless 250- lines: mailrepl gives up after 1,000 lines of one reply, exit 6, memory bounded")
    func endlessContinuation() throws {
        let server = try HostileServer("smtp-endless-continuation", lifetime: 120)
        let run = try HostileRun([url("smtp", server)], input: "EHLO me.example\nQUIT\n")
        #expect(run.status == 6, "\(run.output.suffix(2_000))")
        #expect(run.output.contains("the server sent 1001 lines of one reply without ending it"))
        #expect(!run.output.contains("C: QUIT"))
        #expect(run.peakMiB < HostileRun.memoryBoundMiB, "peak \(run.peakMiB) MiB")
        // The server would flood for 120 s (its lifetime); giving up on the reply is what ends the run sooner.
        #expect(run.seconds < 60)
    }

    @Test("a greeting at one byte per second: no false time-out, the line whole")
    func slowDrip() throws {
        let server = try HostileServer("smtp-slow-drip")
        let run = try HostileRun([url("smtp", server), "--timeout", "3"], input: "QUIT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("S: 220 slow\n"))
        #expect(run.seconds > 7 && run.seconds < 30)
    }

    @Test("a reset in the middle of a multi-line reply: the lines so far, then the loss in words, exit 3")
    func resetMidReply() throws {
        let server = try HostileServer("smtp-reset-mid-reply")
        let run = try HostileRun([url("smtp", server)], input: "EHLO me.example\nQUIT\n")
        #expect(run.status == 3, "\(run.output)")
        #expect(run.output.contains("S: 250-second line"))
        #expect(run.output.contains("connection lost: the connection failed (read: "))
        #expect(run.output.lowercased().contains("reset"))
        #expect(!run.output.contains("C: QUIT"))
    }

    @Test("bare LF, bare CR, NUL and invalid UTF-8 are shown escaped and marked; the session goes on",
          arguments: [
            ("smtp-bare-line-ends", ["S: 220 bare LF greeting [bare LF]", "S: 250-one\\rtwo"]),
            ("smtp-nul-bytes", ["S: 220 nul\\x00here ESMTP", "S: 250-x\\x00y", "S: 250 \\x00"]),
            ("smtp-invalid-utf8",
             ["S: 220 caf\\xE9 \\x80 \\xC0\\xAF \\xED\\xA0\\x80 \\xF8\\x88\\x80\\x80\\x80 \\xFF ok"]),
          ])
    func hostileBytes(scenario: String, shown: [String]) throws {
        let server = try HostileServer(scenario)
        let run = try HostileRun([url("smtp", server)], input: "EHLO me.example\nQUIT\n")
        #expect(run.status == 0, "\(run.output)")
        for line in shown {
            #expect(run.output.contains(line + "\n"), "\(line) in \(run.output)")
        }
        #expect(run.outputIsInert)
        #expect(run.output.contains("S: 221 Bye"))
    }

    @Test("terminal escapes (title, clear screen, clipboard, C1 CSI) are shown inert and recorded byte-exact")
    func terminalEscapes() throws {
        let server = try HostileServer("smtp-terminal-escapes")
        let record = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).transcript")
        defer { try? FileManager.default.removeItem(at: record) }
        let run = try HostileRun([url("smtp", server), "--record", record.path], input: "EHLO me.example\nQUIT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.outputIsInert)
        #expect(run.output.contains("S: 220-\\x1B]0;pwned title\\x07 window title\n"))
        #expect(run.output.contains("S: 220-\\x1B[2J\\x1B[H cleared screen\n"))
        #expect(run.output.contains("S: 220-\\x1B]52;c;cm0gLXJmIH4=\\x07 clipboard write\n"))
        #expect(run.output.contains("S: 220 \\u{9B}31m C1 CSI\n"))

        let contents = try [UInt8](Data(contentsOf: record))
        #expect(!contents.contains(0x1B) && !contents.contains(0x07))
        let transcript = try TranscriptReader.read(contents, file: record.path)
        let serverBytes = transcript.entries.compactMap { entry -> [UInt8]? in
            guard case .server(let line) = entry.kind else { return nil }
            return line.wire
        }
        #expect(Array(serverBytes.prefix(4).joined()) == Self.terminalEscapes)
    }

    static let terminalEscapes: [UInt8] = Array(("220-\u{1B}]0;pwned title\u{07} window title\r\n"
                                                 + "220-\u{1B}[2J\u{1B}[H cleared screen\r\n"
                                                 + "220-\u{1B}]52;c;cm0gLXJmIH4=\u{07} clipboard write\r\n"
                                                 + "220 \u{9B}31m C1 CSI\r\n").utf8)

    // MARK: - IMAP

    @Test("a 4 GiB literal cut short: streamed in bounded memory, the shortfall told, exit 6")
    func hugeLiteral() throws {
        let server = try HostileServer("imap-literal-4gib")
        let run = try HostileRun([url("imap", server)], input: "FETCH 1 BODY[]\nLOGOUT\n")
        #expect(run.status == 6, "\(run.output)")
        #expect(run.output.contains("* the connection closed 4294966296 bytes before the end of the literal"))
        #expect(run.output.contains("in the middle of a response"))
        #expect(run.peakMiB < HostileRun.memoryBoundMiB, "peak \(run.peakMiB) MiB")
    }

    @Test("100,000 nested parentheses: cut with a warning, and the next command still works")
    func nestedParentheses() throws {
        let server = try HostileServer("imap-nested-parens")
        let run = try HostileRun([url("imap", server)], input: "FETCH 1 FLAGS\nNOOP\nLOGOUT\n")
        #expect(run.status == 0, "\(run.output.suffix(2_000))")
        #expect(run.output.contains("! the server sent a line longer than 65536 bytes"))
        #expect(run.output.contains("S: a002 OK done"))
    }

    @Test("tags never sent are flagged (escaped when hostile) and complete nothing")
    func unknownTags() throws {
        let server = try HostileServer("imap-unknown-tags")
        let run = try HostileRun([url("imap", server)], input: "NOOP\nNOOP\nNOOP\nLOGOUT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("! tag zz99 was never sent in this session"))
        #expect(run.output.contains("! tag \\x1B[2Jevil was never sent in this session"))
        #expect(run.output.contains("! the command tagged a001 was already complete"))
        #expect(run.output.contains("S: a002 OK second command done"))
        #expect(run.outputIsInert)
    }

    // MARK: - POP3

    @Test("a multi-line response that stops before its '.': the time-out, exit 5, in time")
    func pop3Stall() throws {
        let server = try HostileServer("pop3-multiline-stall")
        let run = try HostileRun([url("pop3", server), "--timeout", "2"], input: "RETR 1\nQUIT\n")
        #expect(run.status == 5, "\(run.output)")
        #expect(run.output.contains("waited 2 s for a reply to RETR"))
        #expect(run.seconds < 15)
    }

    @Test("a multi-line response cut off before its '.': closed mid-response, exit 6")
    func pop3Unterminated() throws {
        let server = try HostileServer("pop3-unterminated-multiline")
        let run = try HostileRun([url("pop3", server)], input: "RETR 1\nQUIT\n")
        #expect(run.status == 6, "\(run.output)")
        #expect(run.output.contains("S: line 2"))
        #expect(run.output.contains("in the middle of a response"))
    }

    // MARK: - STARTTLS

    @Test("--starttls refused (454, 502, NO, BAD, -ERR) or not offered: exit 4 before any credential is sent",
          arguments: [("smtp-starttls-454", "smtp", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "refused STARTTLS: 454"),
                      ("smtp-starttls-502", "smtp", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "refused STARTTLS: 502"),
                      ("imap-starttls-no", "imap", "LOGIN alice secret", "refused STARTTLS: a002 NO"),
                      ("imap-starttls-bad", "imap", "LOGIN alice secret", "refused STARTTLS: a002 BAD"),
                      ("pop3-stls-err", "pop3", "USER alice\nPASS secret", "refused STLS: -ERR"),
                      ("smtp-no-starttls", "smtp", "AUTH PLAIN AGFsaWNlAHNlY3JldA==", "does not offer STARTTLS"),
                      ("imap-no-starttls", "imap", "LOGIN alice secret", "does not offer STARTTLS"),
                      ("pop3-no-stls", "pop3", "USER alice\nPASS secret", "does not offer STLS")])
    func startTLSRequired(scenario: String, scheme: String, credentials: String, message: String) throws {
        let server = try HostileServer(scenario)
        let run = try HostileRun([url(scheme, server), "--starttls"], input: credentials + "\nQUIT\n")
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains(message), "\(run.output)")
        let received = server.received
        #expect(!received.contains("secret") && !received.contains("AGFsaWNl") && !received.contains("alice"),
                "\(received)")
    }

    @Test("--starttls and a PREAUTH greeting: exit 4 without a byte sent")
    func preauth() throws {
        let server = try HostileServer("imap-preauth")
        let run = try HostileRun([url("imap", server), "--starttls"], input: "LOGIN alice secret\nLOGOUT\n")
        #expect(run.status == 4, "\(run.output)")
        #expect(run.output.contains("the server greeted with PREAUTH"))
        #expect(server.received.isEmpty, "\(server.received)")
    }

    @Test("a fragment pipelined after the go-ahead: discarded and reported, the session goes on over TLS")
    func fragmentAfterGoAhead() throws {
        let certificates = try HostileCertificates.get()
        let server = try HostileServer("smtp-starttls-fragment", certificate: certificates.localhost.certificate,
                                       key: certificates.localhost.key)
        let run = try HostileRun([url("smtp", server), "--starttls", "--cafile", certificates.caFile],
                                 input: "QUIT\n")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("! possible STARTTLS injection: 9 bytes arrived after the go-ahead"))
        #expect(run.output.contains("! discarded: 250 FRAGM"))
        #expect(!run.output.contains("S: 250 FRAGM"))
        #expect(run.output.contains("S: 221 Bye"))
    }

    @Test("an ALERT before the STARTTLS go-ahead is labelled unauthenticated; capabilities come from after TLS")
    func alertBeforeGoAhead() throws {
        let certificates = try HostileCertificates.get()
        let server = try HostileServer("imap-starttls-untagged-before", certificate: certificates.localhost.certificate,
                                       key: certificates.localhost.key)
        let run = try HostileRun([url("imap", server), "--starttls", "--cafile", certificates.caFile],
                                 input: ".capabilities\nLOGOUT\n")
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n")
        let alert = try #require(lines.firstIndex { $0.hasPrefix("S: * OK [ALERT]") })
        #expect(lines[alert + 1].hasPrefix("! ALERT received before TLS: unauthenticated"))
        #expect(lines.contains("* X-AFTER-TLS"))
        #expect(!lines.contains("* X-BEFORE-TLS") && !lines.contains("* X-GO-AHEAD-CODE"))
    }

    @Test("capabilities that change with TLS: .capabilities shows only those offered over TLS",
          arguments: [("smtp-capabilities-change", "smtp", ["* AUTH SCRAM-SHA-256", "* X-AFTER-TLS"],
                       ["* AUTH PLAIN LOGIN", "* X-BEFORE-TLS"]),
                      ("pop3-capabilities-change", "pop3", ["* SASL SCRAM-SHA-256", "* X-AFTER-TLS"],
                       ["* USER", "* X-BEFORE-TLS"])])
    func capabilitiesChange(scenario: String, scheme: String, after: [String], before: [String]) throws {
        let certificates = try HostileCertificates.get()
        let server = try HostileServer(scenario, certificate: certificates.localhost.certificate,
                                       key: certificates.localhost.key)
        let run = try HostileRun([url(scheme, server), "--starttls", "--cafile", certificates.caFile],
                                 input: ".capabilities\nQUIT\n")
        #expect(run.status == 0, "\(run.output)")
        let lines = run.output.split(separator: "\n").map(String.init)
        for line in after {
            #expect(lines.contains(line), "\(line) in \(run.output)")
        }
        for line in before {
            #expect(!lines.contains(line), "\(line) in \(run.output)")
        }
    }
}
