import Testing
@testable import MailCore

@Suite("SMTPReplyLine")
struct SMTPReplyLineTests {
    @Test("code, last-line mark and text (RFC 5321 §4.2)", arguments: [
        ("250-mail.example.com", 250, false, "mail.example.com"),
        ("250 STARTTLS", 250, true, "STARTTLS"),
        ("354 go", 354, true, "go"),
        ("421", 421, true, ""),
        ("550-", 550, false, ""),
        ("220 café", 220, true, "café"),
    ])
    func parses(_ line: String, _ code: Int, _ isLast: Bool, _ text: String) throws {
        let reply = try #require(SMTPReplyLine(Array(line.utf8)))
        #expect(reply.code == code)
        #expect(reply.isLast == isLast)
        #expect(reply.text == text[...])
    }

    @Test("lines that are not replies", arguments: ["", "2", "25", "150 x", "600 x", "25a x", "250_x", "abc"])
    func rejects(_ line: String) {
        #expect(SMTPReplyLine(Array(line.utf8)) == nil)
    }

    @Test("kind by the first digit (RFC 5321 §4.2.1)", arguments: [
        ("250 ok", LineKind.success), ("354 go", .continuation), ("451 later", .transientFailure),
        ("550 no", .permanentFailure),
    ])
    func kinds(_ line: String, _ kind: LineKind) throws {
        #expect(try #require(SMTPReplyLine(Array(line.utf8))).kind == kind)
    }
}
