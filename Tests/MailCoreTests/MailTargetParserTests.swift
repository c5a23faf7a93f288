import Testing
@testable import MailCore

@Suite("MailTargetParser")
struct MailTargetParserTests {
    @Test("schemes and their default ports (RFC 8314 §7.3)", arguments: [
        ("smtp", MailProtocol.smtp, MailTarget.Security.plain, 25),
        ("smtps", .smtp, .implicitTLS, 465),
        ("imap", .imap, .plain, 143),
        ("imaps", .imap, .implicitTLS, 993),
        ("pop3", .pop3, .plain, 110),
        ("pop3s", .pop3, .implicitTLS, 995),
        ("pop", .pop3, .plain, 110),
        ("pops", .pop3, .implicitTLS, 995),
        ("IMAPS", .imap, .implicitTLS, 993),
    ])
    func schemes(_ scheme: String, _ mailProtocol: MailProtocol, _ security: MailTarget.Security, _ port: Int)
        throws {
        let target = try MailTargetParser.parse("\(scheme)://mail.example.com")
        #expect(target.mailProtocol == mailProtocol)
        #expect(target.security == security)
        #expect(target.port == port)
        #expect(target.host == "mail.example.com")
        #expect(target.user == nil)
        #expect(target.authority == "mail.example.com:\(port)")
    }

    @Test("hosts, ports and users", arguments: [
        ("smtp://mail.example.com:587", "mail.example.com", 587, nil),
        ("imap://127.0.0.1", "127.0.0.1", 143, nil),
        ("imap://127.0.0.1:1143/", "127.0.0.1", 1143, nil),
        ("smtp://[::1]", "::1", 25, nil),
        ("smtp://[::1]:2525", "::1", 2525, nil),
        ("imaps://alice@[::1]:9993", "::1", 9993, "alice"),
        ("imaps://alice@imap.example.com", "imap.example.com", 993, "alice"),
        ("imap://alice%40example.com@imap.example.com", "imap.example.com", 143, "alice@example.com"),
        ("imap://alice@example.com@imap.example.com", "imap.example.com", 143, "alice@example.com"),
        ("pop3://j%C3%BCrgen@localhost", "localhost", 110, "jürgen"),
        ("imap://localhost/INBOX?x#y", "localhost", 143, nil),
        ("smtp://mail.example.com:65535", "mail.example.com", 65535, nil),
    ] as [(String, String, Int, String?)])
    func parses(_ url: String, _ host: String, _ port: Int, _ user: String?) throws {
        let target = try MailTargetParser.parse(url)
        #expect(target.host == host)
        #expect(target.port == port)
        #expect(target.user == user)
    }

    @Test("a URL prints back so that it parses to the same target", arguments: [
        "imaps://alice@[::1]:9993", "smtp://mail.example.com:587", "imap://alice%40example.com@imap.example.com",
        "pop3s://j%C3%BCrgen@localhost",
    ])
    func roundTrip(_ url: String) throws {
        let target = try MailTargetParser.parse(url)
        #expect(try MailTargetParser.parse(target.url) == target)
    }

    @Test("IP literals are recognised, names are not", arguments: [
        ("smtp://127.0.0.1", true), ("smtp://[::1]", true), ("smtp://mail.example.com", false),
        ("smtp://1.2.3", false), ("smtp://256.1.1.1", false),
    ])
    func ipLiterals(_ url: String, _ isLiteral: Bool) throws {
        #expect(try MailTargetParser.parse(url).hostIsIPLiteral == isLiteral)
    }

    @Test("a password in the URL is refused", arguments: [
        "imap://alice:secret@imap.example.com", "smtp://:secret@mail.example.com", "imap://alice:@host",
    ])
    func passwordRefused(_ url: String) {
        #expect(throws: MailTargetError.passwordInURL) { try MailTargetParser.parse(url) }
    }

    @Test("bad ports are refused", arguments: [
        "smtp://host:0", "smtp://host:65536", "smtp://host:-1", "smtp://host:+25", "smtp://host:x", "smtp://host:",
        "smtp://[::1]:abc", "smtp://host: 25", "smtp://host:99999999999999999999999",
    ])
    func badPort(_ url: String) {
        #expect {
            try MailTargetParser.parse(url)
        } throws: { error in
            if case .invalidPort = error as? MailTargetError { return true }
            return false
        }
    }

    @Test("bad hosts are refused", arguments: [
        "smtp://", "smtp://:25", "smtp://[::1", "smtp://[::1]x", "smtp://[127.0.0.1]", "smtp://::1",
        "smtp://host name", "smtp://alice@", "smtp://ho\u{1B}st",
    ])
    func badHost(_ url: String) {
        #expect {
            try MailTargetParser.parse(url)
        } throws: { error in
            if case .invalidHost = error as? MailTargetError { return true }
            return false
        }
    }

    @Test("bad users are refused", arguments: ["smtp://@host", "smtp://a%zz@host", "smtp://a%4@host",
                                               "smtp://%FF@host", "smtp://a%+5@host"])
    func badUser(_ url: String) {
        #expect {
            try MailTargetParser.parse(url)
        } throws: { error in
            if case .invalidUser = error as? MailTargetError { return true }
            return false
        }
    }

    @Test("a missing scheme is refused", arguments: ["mail.example.com", "mail.example.com:25", "", "smtp:/host"])
    func missingScheme(_ url: String) {
        #expect(throws: MailTargetError.missingScheme(url)) { try MailTargetParser.parse(url) }
    }

    @Test("an unknown scheme is refused", arguments: [("http://example.com", "http"), ("://host", ""),
                                                      ("submission://host", "submission")])
    func unknownScheme(_ url: String, _ scheme: String) {
        #expect(throws: MailTargetError.unknownScheme(scheme)) { try MailTargetParser.parse(url) }
    }
}
