import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

/// IMAP servers that abuse literals, nesting, quoting and tags.
@Suite("Hostile servers: IMAP", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileIMAPTests {
    @Test("literals of 2^32 and 2^64-1 bytes are streamed, never allocated; the close before their end is told",
          arguments: [("imap-literal-4gib", UInt64(4_294_967_296)),
                      ("imap-literal-max64", UInt64.max)])
    func hugeLiteral(scenario: String, length: UInt64) throws {
        let connection = try HostileConnection(scenario, .imap)
        try connection.session.open()
        #expect(throws: SessionError.self) { try connection.recorder.send("FETCH 1 BODY[]") }
        let announcing = try #require(connection.reception(startingWith: "* 1 FETCH"))
        #expect(announcing.reception.literalLength == length)
        #expect(connection.recorder.literalBytes.count == 1_000)
        #expect(connection.notices.contains { $0.contains("closed \(length - 1_000) bytes before the end") })
        #expect(connection.session.closeReason == .byServerUnexpectedly(midResponse: true))
    }

    @Test("a literal length of twenty digits beyond 64 bits is no literal: a warning, and the command completes")
    func twentyDigitLiteral() throws {
        let connection = try HostileConnection("imap-literal-20-digits", .imap)
        try connection.session.open()
        let lines = try connection.recorder.send("FETCH 1 BODY[]")
        #expect(lines == ["* 1 FETCH (BODY[] {99999999999999999999}", "a001 OK done"])
        let announcing = try #require(connection.reception(startingWith: "* 1 FETCH"))
        #expect(announcing.reception.literalLength == nil)
        #expect(announcing.reception.warning?.contains("literal length") == true)
        #expect(try connection.recorder.send("NOOP") == ["a002 OK done"])
        connection.session.quit()
    }

    @Test("a literal cut short by a close: the bytes that came are kept, the shortfall is told")
    func literalCutShort() throws {
        let connection = try HostileConnection("imap-literal-cut", .imap)
        try connection.session.open()
        #expect(throws: SessionError.self) { try connection.recorder.send("FETCH 1 BODY[]") }
        #expect(connection.recorder.literalBytes == Array("twenty bytes of it..".utf8))
        #expect(connection.notices.contains { $0.contains("closed 80 bytes before the end of the literal") })
        #expect(connection.session.closeReason == .byServerUnexpectedly(midResponse: true))
    }

    @Test("100,000 nested parentheses: cut at the line bound and shown as malformed; 30,000 pass whole")
    func nestedParentheses() throws {
        let deep = try HostileConnection("imap-nested-parens", .imap)
        try deep.session.open()
        try deep.recorder.send("FETCH 1 FLAGS")
        let cut = try #require(deep.reception(startingWith: "* 1 FETCH ((("))
        #expect(cut.line.droppedBytes == 10 + 200_000 - LineFramer.defaultMaximumLineLength)
        #expect(cut.reception.kind == .malformed)
        #expect(deep.recorder.receivedLines.last == "a001 OK done")
        #expect(try deep.recorder.send("NOOP") == ["a002 OK done"])
        deep.session.quit()

        let shallow = try HostileConnection("imap-nested-parens-short", .imap)
        try shallow.session.open()
        try shallow.recorder.send("FETCH 1 FLAGS")
        let whole = try #require(shallow.reception(startingWith: "* 1 FETCH ((("))
        #expect(whole.line.bytes.count == 10 + 60_000)
        #expect(whole.reception.kind == .untagged)
        #expect(shallow.recorder.receivedLines.last == "a001 OK done")
        shallow.session.quit()
    }

    @Test("an unterminated quoted string does not swallow the tagged completion after it")
    func unterminatedQuote() throws {
        let connection = try HostileConnection("imap-unterminated-quote", .imap)
        try connection.session.open()
        let lines = try connection.recorder.send("LIST \"\" *")
        #expect(lines == ["* LIST () \"/\" \"INBOX", "a001 OK done"])
        #expect(try connection.recorder.send("NOOP") == ["a002 OK done"])
        connection.session.quit()
    }

    @Test("tags never sent, and a tag already completed, complete nothing and teach nothing")
    func unknownTags() throws {
        let connection = try HostileConnection("imap-unknown-tags", .imap)
        try connection.session.open()
        try connection.recorder.send("NOOP")
        let lines = try connection.recorder.send("NOOP")
        #expect(lines.last == "a002 OK second command done")
        let forged = try #require(connection.reception(startingWith: "zz99 OK"))
        #expect(forged.reception.completion == nil)
        #expect(forged.reception.warning == "tag zz99 was never sent in this session")
        let escaped = try #require(connection.reception(startingWith: "\u{1B}[2Jevil"))
        #expect(escaped.reception.completion == nil)
        #expect(escaped.reception.warning == "tag \\x1B[2Jevil was never sent in this session")
        let repeated = try #require(connection.reception(startingWith: "a001 OK already"))
        #expect(repeated.reception.completion == nil)
        #expect(repeated.reception.warning == "the command tagged a001 was already complete")
        // The [CAPABILITY] code of a forged completion is not learned.
        #expect(!connection.session.dialect.capabilities.contains("X-FORGED"))
        #expect(try connection.recorder.send("NOOP") == ["a003 OK done"])
        connection.session.quit()
    }

    @Test("a response split at every byte offset, or sent a byte at a time, gives what one read gives")
    func splitAtEveryOffset() throws {
        // Greeting plus response in hostile_server.py's imap-split; one more connection for byte-at-a-time.
        let total = 50 + 168
        let connection = try HostileConnection("imap-split", .imap, connections: total + 1, lifetime: 120)
        var reference: [String]?
        for offset in 0...total {
            let session = Session(target: connection.session.target, options: connection.session.options)
            var events: [SessionEvent] = []
            session.addObserver { events.append($0) }
            try session.open()
            try session.enter(Array("FETCH 1:4 BODY[]".utf8))
            try session.waitForServer()
            session.close()
            let outcome = Self.normalized(events)
            if let reference {
                #expect(outcome == reference, "split at \(offset)")
            } else {
                reference = outcome
                #expect(outcome.contains("literal: hello\r\n\r\nworld"))
                #expect(outcome.contains("literal: "))
                #expect(outcome.contains("literal: ab\r\nc"))
                #expect(outcome.last?.hasPrefix("received a001 OK FETCH done crlf") == true)
            }
        }
    }

    /// The events as comparable text; a literal's chunks, which depend on how the bytes arrived, are joined.
    static func normalized(_ events: [SessionEvent]) -> [String] {
        var result: [String] = []
        var literal: [UInt8]?
        for event in events {
            switch event {
            case .literal(let bytes, let isLast):
                literal = (literal ?? []) + bytes
                if isLast, let whole = literal {
                    result.append("literal: " + String(decoding: whole, as: UTF8.self))
                    literal = nil
                }
            case .received(let line, let reception):
                result.append("received \(line.text) \(line.terminator) \(line.droppedBytes) \(reception)")
            case .sent(_, let shown):
                result.append("sent " + String(decoding: shown, as: UTF8.self))
            case .lineTooLong(let limit):
                result.append("too long \(limit)")
            case .closed, .connecting, .connected, .held, .notice, .tlsStarted, .injectionDiscarded:
                continue
            }
        }
        return result
    }
}
