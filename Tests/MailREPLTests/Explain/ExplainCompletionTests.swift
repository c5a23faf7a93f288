import MailCore
@testable import MailREPL
import Testing

/// Tab completion offers what the server advertised.
@Suite("Explain: completion from advertised capabilities")
struct ExplainCompletionTests {
    func complete(_ line: String, _ p: MailProtocol, _ capabilities: [String]) -> [String] {
        let word = line.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        return CommandVocabulary.completions(line: line, word: word, mailProtocol: p, capabilities: capabilities)
    }

    @Test("SMTP: extension commands only when listed; mechanisms after AUTH; MAIL parameters")
    func smtp() {
        let beforeTLS = ["PIPELINING", "SIZE 10240000", "STARTTLS", "8BITMIME"]
        #expect(complete("ST", .smtp, beforeTLS) == ["STARTTLS"])
        #expect(complete("AU", .smtp, beforeTLS).isEmpty)
        let afterTLS = ["PIPELINING", "SIZE 10240000", "AUTH PLAIN LOGIN SCRAM-SHA-256", "CHUNKING", "DSN"]
        #expect(complete("ST", .smtp, afterTLS).isEmpty)
        #expect(complete("au", .smtp, afterTLS) == ["auth"])
        #expect(complete("AUTH ", .smtp, afterTLS) == ["PLAIN", "LOGIN", "SCRAM-SHA-256"])
        #expect(complete("AUTH S", .smtp, afterTLS) == ["SCRAM-SHA-256"])
        #expect(complete("MAIL FROM:<a@b> ", .smtp, afterTLS) == ["SIZE=", "RET=FULL", "RET=HDRS", "ENVID="])
        #expect(complete("RCPT TO:<a@b> N", .smtp, afterTLS) == ["NOTIFY="])
        // Nothing known yet: everything is offered.
        #expect(complete("ST", .smtp, []) == ["STARTTLS"])
    }

    @Test("IMAP: LOGINDISABLED hides LOGIN; AUTHENTICATE offers AUTH= mechanisms, after a tag too")
    func imap() {
        let capabilities = ["IMAP4REV1", "STARTTLS", "LOGINDISABLED", "AUTH=SCRAM-SHA-256", "IDLE"]
        #expect(complete("LOG", .imap, capabilities) == ["LOGOUT"])
        #expect(complete("a1 AUTHENTICATE ", .imap, capabilities) == ["SCRAM-SHA-256"])
        #expect(complete("ID", .imap, capabilities) == ["IDLE"])
        #expect(complete("MO", .imap, capabilities).isEmpty)
        #expect(complete("MO", .imap, ["IMAP4REV2"]) == ["MOVE"])
    }

    @Test("POP3: USER and PASS only when USER is listed; AUTH offers SASL mechanisms")
    func pop3() {
        let beforeTLS = ["TOP", "UIDL", "STLS", "SASL CRAM-MD5"]
        #expect(complete("US", .pop3, beforeTLS).isEmpty)
        #expect(complete("AUTH ", .pop3, beforeTLS) == ["CRAM-MD5"])
        #expect(complete("US", .pop3, ["USER", "SASL PLAIN"]) == ["USER"])
    }

    @Test(".explain completes levels, advertised capabilities and commands")
    func explain() {
        #expect(complete(".explain b", .smtp, []) == ["brief", "bdat"])
        #expect(complete(".explain PIP", .smtp, ["PIPELINING"]) == ["PIPELINING"])
        #expect(complete(".explain RCP", .smtp, []) == ["RCPT"])
        #expect(complete(".ex", .smtp, []) == [".explain"])
    }
}
