import Testing
@testable import MailCore

/// Random conversations: whatever a person types and a server sends, a dialect must not trap, must put a line
/// end on every line it sends, and must never hold input while it waits for nothing (the engine would then wait
/// for ever).
@Suite("Dialect robustness")
struct DialectRobustnessTests {
    static let typed = [
        "NOOP", "a1 NOOP", "LOGIN alice secret", "APPEND INBOX {3}", "APPEND INBOX {0}", "APPEND INBOX {5+}",
        "x {2}", "IDLE", "DONE", "AUTHENTICATE PLAIN", "AUTHENTICATE PLAIN AGE=", "SELECT INBOX", "SELECT \"a b",
        "LOGOUT", "STARTTLS", "EHLO me", "MAIL FROM:<a@b>", "DATA", "AUTH LOGIN", "AUTH PLAIN AGE=", ".", "..x",
        "", "abc", "*", "USER a", "PASS b", "STLS", "CAPA", "RETR 1", "LIST", "TOP 1 2", "QUIT", "{", "}", "{9}",
        "UID", "uid fetch", "a1", "\u{1B}[2J", "SELECT", "EXAMINE {4}", "a1 a2 a3",
    ]

    static let received = [
        "* OK hi", "* PREAUTH hi", "* BYE bye", "+ go", "+", "a001 OK done", "a002 NO no", "a003 BAD bad",
        "a1 OK x", "x OK y", "* 1 FETCH (BODY[] {3}", "* 1 FETCH (BODY[] {0}", ")", "* CAPABILITY IMAP4rev1",
        "* OK [CAPABILITY X]", "220 hi", "220-hi", "250 ok", "250-x", "354 go", "334 x", "235 ok", "221 bye",
        "421 bye", "550 no", "+OK", "+OK x", "-ERR x", ".", "..", "garbage", "", "2", "* ", "* 3 EXISTS",
        "a001", "{5}", "+ {5}",
    ]

    /// With `likeTheEngine`, lines are typed only while input is not held, and the hold is checked; without it,
    /// lines come in any order and only traps and line ends are checked.
    static func converse<D: Dialect>(_ dialect: inout D, seed: UInt64, steps: Int, likeTheEngine: Bool) {
        var generator = SplitMix64(seed: seed)
        for step in 0..<steps {
            // Like the engine, type only while input is not held.
            if Bool.random(using: &generator) && !(likeTheEngine && dialect.holdsInput) {
                let text = typed.randomElement(using: &generator) ?? ""
                let submission = dialect.submit(text)
                #expect(submission.wire.suffix(2) == [13, 10], "seed \(seed) step \(step): \(text)")
            } else {
                var line = Array((received.randomElement(using: &generator) ?? "").utf8)
                if Int.random(in: 0..<8, using: &generator) == 0 {
                    line += (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                        UInt8.random(in: 0...255, using: &generator)
                    }
                }
                let reception = dialect.receive(ServerLine(line))
                if reception.literalLength != nil && Bool.random(using: &generator) {
                    dialect.literalEnded()
                }
                if reception.completion == .startTLS {
                    dialect.tlsStarted()
                }
            }
            if case .literal(let remaining) = dialect.inputMode {
                #expect(remaining >= 0)
            }
            if likeTheEngine && dialect.holdsInput && !dialect.isAwaitingServer {
                Issue.record("seed \(seed) step \(step): holds input while waiting for nothing")
                return
            }
        }
    }

    static func dialect(for mailProtocol: MailProtocol) -> any Dialect {
        switch mailProtocol {
        case .smtp: return SMTPDialect()
        case .imap: return IMAPDialect()
        case .pop3: return POP3Dialect()
        }
    }

    @Test("random conversations", arguments: MailProtocol.allCases, 0..<200)
    func randomConversations(_ mailProtocol: MailProtocol, _ seed: Int) {
        var engineLike = Self.dialect(for: mailProtocol)
        Self.converse(&engineLike, seed: UInt64(seed), steps: 80, likeTheEngine: true)
        var unordered = Self.dialect(for: mailProtocol)
        Self.converse(&unordered, seed: UInt64(seed), steps: 80, likeTheEngine: false)
    }
}
