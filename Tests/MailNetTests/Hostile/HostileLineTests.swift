import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

/// Servers that break line framing: the session engine must stay bounded, report what happened, and stay usable
/// wherever the connection survives.
@Suite("Hostile servers: line framing", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileLineTests {
    static let hugeLine = 4 + 64 * 1024 * 1024

    @Test("a 64 MiB line without CRLF is cut at the bound, the rest counted and dropped; the session goes on")
    func hugeLine() throws {
        let connection = try HostileConnection("smtp-huge-line", .smtp)
        try connection.session.open()
        let first = try #require(connection.receptions.first)
        #expect(first.line.bytes.count == LineFramer.defaultMaximumLineLength)
        #expect(first.line.droppedBytes == Self.hugeLine - LineFramer.defaultMaximumLineLength)
        #expect(connection.recorder.events.contains { event in
            if case .lineTooLong(LineFramer.defaultMaximumLineLength) = event { return true }
            return false
        })
        #expect(connection.reception(startingWith: "220 ready after a huge line") != nil)
        let reply = try connection.recorder.send("EHLO me.example")
        #expect(reply.last == "250 8BITMIME")
        connection.session.quit()
        #expect(connection.session.closeReason == .byServerAsAnnounced)
    }

    @Test("a 64 MiB line cut off by a close: bounded, shown as an unterminated line, closed mid-response")
    func hugeLineThenClose() throws {
        let connection = try HostileConnection("smtp-huge-line-close", .smtp)
        #expect(throws: SessionError.self) { try connection.session.open() }
        let last = try #require(connection.receptions.last)
        #expect(last.line.terminator == .none)
        #expect(last.line.bytes.count == LineFramer.defaultMaximumLineLength)
        #expect(last.line.droppedBytes == Self.hugeLine - LineFramer.defaultMaximumLineLength)
        #expect(connection.session.closeReason == .byServerUnexpectedly(midResponse: true))
    }

    @Test("endless 250- continuation lines: the client gives up after the reply-line bound, within seconds")
    func endlessContinuation() throws {
        let connection = try HostileConnection("smtp-endless-continuation", .smtp, lifetime: 120)
        try connection.session.open()
        let elapsed = seconds {
            #expect(throws: SessionError.closed(awaiting: "a reply to EHLO", reason: .replyTooLong(lines: 1_001))) {
                try connection.session.enter(Array("EHLO me.example".utf8))
                try connection.session.waitForServer()
            }
        }
        // The server would flood for 120 s (its lifetime); giving up on the reply is what ends the wait sooner.
        #expect(elapsed < 60)
        #expect(connection.session.closeReason == .replyTooLong(lines: 1_001))
        #expect(connection.session.dialect.capabilities.isEmpty)
    }

    @Test("a greeting that arrives one byte per second: each byte restarts the time-out, the line is whole")
    func slowDrip() throws {
        let connection = try HostileConnection("smtp-slow-drip", .smtp, responseTimeout: .seconds(3))
        let elapsed = try seconds { try connection.session.open() }
        #expect(elapsed > 7)
        #expect(connection.receptions.map(\.line) == [ServerLine("220 slow")])
        #expect(connection.receptions.first?.reception.kind == .greeting)
        #expect(try connection.recorder.send("NOOP") == ["250 OK"])
        connection.session.quit()
    }

    @Test("a reset in the middle of a multi-line reply: the lines so far are kept, the loss is reported")
    func resetMidReply() throws {
        let connection = try HostileConnection("smtp-reset-mid-reply", .smtp)
        try connection.session.open()
        #expect(throws: SessionError.self) { try connection.recorder.send("EHLO me.example") }
        #expect(connection.recorder.receivedLines.suffix(2) == ["250-first line", "250-second line"])
        guard case .failed(.socket(let operation, let reason)) = connection.session.closeReason else {
            Issue.record("expected a socket failure, got \(String(describing: connection.session.closeReason))")
            return
        }
        #expect(operation == "read")
        #expect(reason.lowercased().contains("reset"))
        #expect(!connection.session.isConnected)
    }

    @Test("a bare LF ends a line and is marked; a bare CR does not end one and is kept in it")
    func bareLineEnds() throws {
        let connection = try HostileConnection("smtp-bare-line-ends", .smtp)
        try connection.session.open()
        #expect(connection.receptions.first?.line == ServerLine("220 bare LF greeting", terminator: .lf))
        try connection.recorder.send("EHLO me.example")
        let lines = connection.receptions.suffix(2).map(\.line)
        #expect(lines == [ServerLine(Array("250-one\rtwo".utf8)), ServerLine("250 last")])
        #expect(connection.session.dialect.capabilities == ["last"])
        connection.session.quit()
        #expect(connection.session.closeReason == .byServerAsAnnounced)
    }

    @Test("NUL bytes, invalid UTF-8 and terminal escapes arrive byte-exact and are shown escaped",
          arguments: [
            ("smtp-nul-bytes", Array("220 nul\0here ESMTP".utf8), "220 nul\\x00here ESMTP"),
            ("smtp-invalid-utf8",
             [UInt8]("220 caf".utf8) + [0xE9, 0x20, 0x80, 0x20, 0xC0, 0xAF, 0x20, 0xED, 0xA0, 0x80, 0x20,
                                         0xF8, 0x88, 0x80, 0x80, 0x80, 0x20, 0xFF] + Array(" ok".utf8),
             "220 caf\\xE9 \\x80 \\xC0\\xAF \\xED\\xA0\\x80 \\xF8\\x88\\x80\\x80\\x80 \\xFF ok"),
            ("smtp-terminal-escapes", Array("220-\u{1B}]0;pwned title\u{07} window title".utf8),
             "220-\\x1B]0;pwned title\\x07 window title"),
          ])
    func hostileBytes(scenario: String, greeting: [UInt8], shown: String) throws {
        let connection = try HostileConnection(scenario, .smtp)
        try connection.session.open()
        let first = try #require(connection.receptions.first)
        #expect(first.line.bytes == greeting)
        #expect(TerminalSafeText.escape(first.line.bytes) == shown)
        // The session is still usable after it.
        #expect(try connection.recorder.send("NOOP") == ["250 OK"])
        connection.session.quit()
    }

    @Test("every escape sequence of the hostile greeting is kept byte-exact and made inert for display")
    func terminalEscapes() throws {
        let connection = try HostileConnection("smtp-terminal-escapes", .smtp)
        try connection.session.open()
        let lines = connection.receptions.map(\.line)
        #expect(lines.flatMap(\.wireBytes) == Self.terminalEscapes)
        for line in lines {
            let shown = TerminalSafeText.escape(line.bytes)
            #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
        #expect(lines.map { TerminalSafeText.escape($0.bytes) } == [
            "220-\\x1B]0;pwned title\\x07 window title",
            "220-\\x1B[2J\\x1B[H cleared screen",
            "220-\\x1B]52;c;cm0gLXJmIH4=\\x07 clipboard write",
            "220 \\u{9B}31m C1 CSI",
        ])
        connection.session.quit()
    }

    /// What `smtp-terminal-escapes` sends, exactly.
    static let terminalEscapes: [UInt8] = Array(("220-\u{1B}]0;pwned title\u{07} window title\r\n"
                                                 + "220-\u{1B}[2J\u{1B}[H cleared screen\r\n"
                                                 + "220-\u{1B}]52;c;cm0gLXJmIH4=\u{07} clipboard write\r\n"
                                                 + "220 \u{9B}31m C1 CSI\r\n").utf8)
}
