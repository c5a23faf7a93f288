import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

/// POP3 servers whose multi-line responses end wrongly, or not at all.
@Suite("Hostile servers: POP3", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostilePOP3Tests {
    @Test("a multi-line response cut off by a close before its '.': closed mid-response, the lines kept")
    func unterminatedThenClose() throws {
        let connection = try HostileConnection("pop3-unterminated-multiline", .pop3)
        try connection.session.open()
        #expect(throws: SessionError.closed(awaiting: "a reply to RETR",
                                            reason: .byServerUnexpectedly(midResponse: true))) {
            try connection.recorder.send("RETR 1")
        }
        #expect(connection.recorder.receivedLines.suffix(2) == ["line 1", "line 2"])
    }

    @Test("a multi-line response that stops before its '.': the time-out ends the wait, in time")
    func unterminatedThenSilence() throws {
        let connection = try HostileConnection("pop3-multiline-stall", .pop3, responseTimeout: .seconds(2))
        try connection.session.open()
        let elapsed = seconds {
            #expect(throws: SessionError.timedOut(awaiting: "a reply to RETR", seconds: 2)) {
                try connection.recorder.send("RETR 1")
            }
        }
        #expect(elapsed < 6)
        #expect(connection.recorder.receivedLines.last == "line 1")
        connection.session.close()
    }

    @Test("byte-stuffed lines: only a lone '.' ends the body; '..', '...', '..x' are content, un-stuffed right")
    func dotStuffing() throws {
        let connection = try HostileConnection("pop3-dot-stuffing", .pop3)
        try connection.session.open()
        let lines = try connection.recorder.send("RETR 1")
        #expect(lines == ["+OK 4 lines", "..", "...", "..x", "x.", "."])
        let body = connection.receptions.suffix(5)
        #expect(body.map(\.reception.completion) == [nil, nil, nil, nil, .response])
        #expect(body.dropLast().map { POP3Dialect.unstuff($0.line.bytes) }
                == [Array(".".utf8), Array("..".utf8), Array(".x".utf8), Array("x.".utf8)])
        try connection.recorder.send("CAPA")
        #expect(connection.session.dialect.capabilities == ["USER", ".X-DOTTED"])
        #expect(try connection.recorder.send("NOOP") == ["+OK"])
        connection.session.quit()
    }
}
