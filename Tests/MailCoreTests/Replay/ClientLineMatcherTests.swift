import MailCore
import Testing

@Suite("Replay: matching a served client's lines")
struct ClientLineMatcherTests {
    func match(_ actual: String, _ recorded: TranscriptLine, verb: String? = nil, tag: String? = nil,
               _ mailProtocol: MailProtocol = .smtp, strict: Bool = false) -> ClientLineMatcher.Outcome {
        ClientLineMatcher.match(Array(actual.utf8), expected: ClientExpectation(line: recorded, verb: verb, tag: tag),
                                in: mailProtocol, tolerances: strict ? .strict : .lenient)
    }

    @Test("the same bytes match, also under --strict")
    func exact() {
        #expect(match("MAIL FROM:<a@b.example>\r\n", TranscriptLine("MAIL FROM:<a@b.example>"), verb: "MAIL",
                      strict: true) == .match(tag: nil))
    }

    @Test("IMAP tags may differ, and the client's tag is returned for the responses")
    func imapTags() {
        let recorded = TranscriptLine("a005 SELECT INBOX")
        #expect(match("JXQK7 SELECT INBOX\r\n", recorded, verb: "SELECT", tag: "a005", .imap) == .match(tag: "JXQK7"))
        #expect(match("JXQK7 SELECT Archive\r\n", recorded, verb: "SELECT", tag: "a005", .imap) != .match(tag: "JXQK7"))
        #expect(match("JXQK7 SELECT INBOX\r\n", recorded, verb: "SELECT", tag: "a005", .imap, strict: true)
                != .match(tag: "JXQK7"))
    }

    @Test("command names and SMTP's FROM:/TO: in any case (RFC 5321 §2.4); the address exactly")
    func commandCase() {
        let recorded = TranscriptLine("MAIL FROM:<alice@example.test>")
        #expect(match("mail from:<alice@example.test>\r\n", recorded, verb: "MAIL") == .match(tag: nil))
        #expect(match("mail FROM:<Alice@example.test>\r\n", recorded, verb: "MAIL") != .match(tag: nil))
        #expect(match("mail FROM:<alice@example.test>\r\n", recorded, verb: "MAIL", strict: true) != .match(tag: nil))
        #expect(match("a1 uid fetch 1:* FLAGS\r\n", TranscriptLine("a001 UID FETCH 1:* FLAGS"), verb: "UID FETCH",
                      tag: "a001", .imap) != .match(tag: "a1"), "the argument after UID is case-sensitive here")
        #expect(match("a1 uid FETCH 1:* FLAGS\r\n", TranscriptLine("a001 UID FETCH 1:* FLAGS"), verb: "UID FETCH",
                      tag: "a001", .imap) == .match(tag: "a1"))
    }

    @Test("the EHLO/HELO name may differ, the command may not")
    func greetingName() {
        let recorded = TranscriptLine("EHLO client.example")
        #expect(match("ehlo [127.0.0.1]\r\n", recorded, verb: "EHLO") == .match(tag: nil))
        #expect(match("HELO client.example\r\n", recorded, verb: "EHLO") != .match(tag: nil))
        #expect(match("EHLO other.example\r\n", recorded, verb: "EHLO", strict: true) != .match(tag: nil))
    }

    @Test("a redacted secret matches any value, nothing else around it may differ; never under --strict")
    func secrets() {
        let login = TranscriptLine(pieces: [.bytes(Array("a004 LOGIN alice ".utf8)), .redacted])
        #expect(match("Z9 LOGIN alice \"p w\"\r\n", login, verb: "LOGIN", tag: "a004", .imap) == .match(tag: "Z9"))
        #expect(match("Z9 LOGIN bob \"p w\"\r\n", login, verb: "LOGIN", tag: "a004", .imap) != .match(tag: "Z9"))
        let response = TranscriptLine(pieces: [.redacted])
        #expect(match("dGVzdA==\r\n", response) == .match(tag: nil))
        #expect(match("dGVzdA==\r\n", response, strict: true) != .match(tag: nil))
    }

    @Test("line ends: CRLF expected, a bare LF is said to be one")
    func lineEnds() {
        guard case .mismatch(let reason) = match("QUIT\n", TranscriptLine("QUIT"), verb: "QUIT") else {
            Issue.record("a bare LF matched")
            return
        }
        #expect(reason.contains("bare LF"))
        #expect(match("abc", TranscriptLine("abc", endsWithCRLF: false)) == .match(tag: nil))
    }

    @Test("content lines match byte for byte")
    func content() {
        #expect(match("..dot\r\n", TranscriptLine("..dot")) == .match(tag: nil))
        #expect(match("..Dot\r\n", TranscriptLine("..dot")) != .match(tag: nil))
    }
}
