import Testing
@testable import MailCore

@Suite("POP3Dialect")
struct POP3DialectTests {
    static func greeted() -> POP3Dialect {
        var dialect = POP3Dialect()
        _ = dialect.receive("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>")
        return dialect
    }

    static func transaction() -> POP3Dialect {
        var dialect = greeted()
        _ = dialect.submit("USER alice")
        _ = dialect.receive("+OK")
        _ = dialect.submit("PASS secret")
        _ = dialect.receive("+OK Logged in.")
        return dialect
    }

    @Test("the greeting completes; input is held until it comes")
    func greeting() {
        var dialect = POP3Dialect()
        #expect(dialect.holdsInput)
        let reception = dialect.receive("+OK Dovecot ready.")
        #expect(reception.kind == .greeting)
        #expect(reception.completion == .response)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.sessionState == .authorization)
    }

    @Test("an -ERR greeting closes")
    func refusedGreeting() {
        var dialect = POP3Dialect()
        #expect(dialect.receive("-ERR go away").completion == .closing)
    }

    @Test("multi-line or not follows from the command (RFC 1939 §3)", arguments: [
        ("CAPA", true), ("RETR 1", true), ("retr 1", true), ("TOP 1 10", true), ("LIST", true), ("LIST 1", false),
        ("UIDL", true), ("UIDL 1", false), ("STAT", false), ("DELE 1", false), ("NOOP", false), ("RSET", false),
        ("USER a", false), ("AUTH", true), ("AUTH PLAIN", false),
    ])
    func multiLineByCommand(_ command: String, _ multiLine: Bool) {
        var dialect = Self.transaction()
        _ = dialect.submit(command)
        let first = dialect.receive("+OK here")
        if multiLine {
            #expect(first.completion == nil)
            #expect(dialect.receive("1 120").completion == nil)
            let end = dialect.receive(".")
            #expect(end.completion == .response)
            #expect(end.kind == .data)
        } else {
            #expect(first.completion == .response)
        }
        #expect(!dialect.isAwaitingServer)
    }

    @Test("-ERR is one line, even for a multi-line command", arguments: ["RETR 99", "CAPA", "LIST", "TOP 1 1"])
    func errIsSingleLine(_ command: String) {
        var dialect = Self.transaction()
        _ = dialect.submit(command)
        let reception = dialect.receive("-ERR no such message")
        #expect(reception.kind == .permanentFailure)
        #expect(reception.completion == .response)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("a body is data until the lone dot, whatever its lines look like")
    func bodyLines() {
        var dialect = Self.transaction()
        _ = dialect.submit("RETR 1")
        #expect(dialect.receive("+OK 120 octets").kind == .success)
        for line in ["Subject: test", "", "a001 OK done", "+OK not a status", "-ERR nor this", "..", "..x", ". "] {
            let reception = dialect.receive(line)
            #expect(reception.kind == .data, "\(line)")
            #expect(reception.completion == nil, "\(line)")
            #expect(reception.inReplyTo == "RETR")
        }
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive(".").completion == .response)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("dot-unstuffing (RFC 1939 §3)", arguments: [
        ("..", "."), ("..x", ".x"), (".x", "x"), ("x.", "x."), ("", ""), ("...", ".."),
    ])
    func unstuff(_ wire: String, _ content: String) {
        #expect(POP3Dialect.unstuff(Array(wire.utf8)) == Array(content.utf8))
    }

    @Test("pipelined commands are answered in order (RFC 2449 PIPELINING)")
    func pipelining() {
        var dialect = Self.transaction()
        _ = dialect.submit("STAT")
        _ = dialect.submit("LIST")
        _ = dialect.submit("NOOP")
        #expect(dialect.receive("+OK 2 320").inReplyTo == "STAT")
        #expect(dialect.receive("+OK 2 messages").inReplyTo == "LIST")
        #expect(dialect.receive("1 120").kind == .data)
        #expect(dialect.receive(".").inReplyTo == "LIST")
        let noop = dialect.receive("+OK")
        #expect(noop.inReplyTo == "NOOP")
        #expect(noop.completion == .response)
    }

    @Test("USER keeps authorization; PASS and APOP are secret and enter transaction")
    func login() {
        var dialect = Self.greeted()
        let user = dialect.submit("USER alice")
        #expect(!user.isSecret)
        #expect(user.verb == "USER")
        _ = dialect.receive("+OK")
        #expect(dialect.sessionState == .authorization)
        let pass = dialect.submit("PASS secret")
        #expect(pass.isSecret)
        #expect(pass.wireText == "PASS secret\r\n")
        _ = dialect.receive("-ERR [AUTH] Authentication failed.")
        #expect(dialect.sessionState == .authorization)
        #expect(dialect.submit("APOP mrose c4c9334bac560ecc979e58001b3e22fb").isSecret)
        _ = dialect.receive("+OK maildrop has 1 message")
        #expect(dialect.sessionState == .transaction)
        #expect(dialect.stateDescription == "transaction")
    }

    @Test("QUIT in transaction enters update and closes, even with -ERR (RFC 1939 §6); in authorization it closes")
    func quit() {
        var inTransaction = Self.transaction()
        _ = inTransaction.submit("QUIT")
        #expect(inTransaction.receive("+OK Logging out.").completion == .closing)
        #expect(inTransaction.sessionState == .update)
        var failed = Self.transaction()
        _ = failed.submit("QUIT")
        let refusal = failed.receive("-ERR some deleted messages not removed")
        #expect(refusal.completion == .closing)
        #expect(refusal.kind == .permanentFailure)
        #expect(failed.sessionState == .update)
        var early = Self.greeted()
        _ = early.submit("QUIT")
        #expect(early.receive("+OK bye").completion == .closing)
        #expect(early.sessionState == .authorization)
    }

    @Test("STLS holds input until its go-ahead, which starts TLS (RFC 2595 §4)")
    func stls() {
        var dialect = Self.greeted()
        _ = dialect.submit("STLS")
        #expect(dialect.holdsInput)
        let go = dialect.receive("+OK Begin TLS negotiation now.")
        #expect(go.completion == .startTLS)
        #expect(go.inReplyTo == "STLS")
        #expect(!dialect.holdsInput)
    }

    @Test("CAPA is captured, unstuffed, and forgotten once TLS starts")
    func capabilities() {
        var dialect = Self.greeted()
        _ = dialect.submit("CAPA")
        _ = dialect.receive(lines: ["+OK", "CAPA", "TOP", "UIDL", "RESP-CODES", "STLS", "SASL PLAIN", "..X", "."])
        #expect(dialect.capabilities == ["CAPA", "TOP", "UIDL", "RESP-CODES", "STLS", "SASL PLAIN", ".X"])
        _ = dialect.submit("STLS")
        _ = dialect.receive("+OK go")
        dialect.tlsStarted()
        #expect(dialect.capabilities.isEmpty)
        _ = dialect.submit("CAPA")
        _ = dialect.receive(lines: ["+OK", "USER", "."])
        #expect(dialect.capabilities == ["USER"])
    }

    @Test("a failed CAPA keeps what was known")
    func capaRefused() {
        var dialect = Self.greeted()
        _ = dialect.submit("CAPA")
        _ = dialect.receive(lines: ["+OK", "TOP", "."])
        _ = dialect.submit("CAPA")
        _ = dialect.receive("-ERR not now")
        #expect(dialect.capabilities == ["TOP"])
    }

    @Test("AUTH: a + continuation asks for a secret SASL response; several rounds; +OK enters transaction")
    func auth() {
        var dialect = Self.greeted()
        let command = dialect.submit("AUTH LOGIN")
        #expect(!command.isSecret)
        #expect(dialect.holdsInput)
        let challenge = dialect.receive("+ VXNlcm5hbWU6")
        #expect(challenge.kind == .continuation)
        #expect(challenge.completion == .continuation)
        #expect(dialect.inputMode == .saslResponse)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        let user = dialect.submit("YWxpY2U=")
        #expect(user.isSecret)
        #expect(user.wireText == "YWxpY2U=\r\n")
        #expect(dialect.inputMode == .command)
        #expect(dialect.holdsInput)
        #expect(dialect.receive("+ UGFzc3dvcmQ6").completion == .continuation)
        #expect(dialect.submit("c2VjcmV0").isSecret)
        #expect(dialect.receive("+OK Logged in.").completion == .response)
        #expect(dialect.sessionState == .transaction)
        #expect(dialect.inputMode == .command)
    }

    @Test("AUTH with an initial response is secret (RFC 5034 §4); an empty challenge is a continuation")
    func authInitialResponse() {
        var dialect = Self.greeted()
        #expect(dialect.submit("AUTH PLAIN AGFsaWNlAHNlY3JldA==").isSecret)
        #expect(dialect.receive("+").completion == .continuation)
    }

    @Test("a + outside AUTH, and a line that is no status, are malformed")
    func malformed() {
        var dialect = Self.transaction()
        _ = dialect.submit("STAT")
        #expect(dialect.receive("+ challenge?").kind == .malformed)
        #expect(dialect.receive("OK").kind == .malformed)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("+OK 0 0").completion == .response)
    }

    @Test("a response to no command is flagged")
    func responseToNothing() {
        var dialect = Self.greeted()
        let reception = dialect.receive("-ERR autologout")
        #expect(reception.kind == .permanentFailure)
        #expect(reception.warning != nil)
        #expect(reception.completion == nil)
    }

    @Test("a body through the framer: RETR of a message full of dots and tagged-looking lines")
    func retrThroughFramer() {
        let stream = "+OK 64 octets\r\nSubject: x\r\n\r\n..\r\na001 OK done\r\n...\r\n.\r\n+OK 1 64\r\n"
        for chunking in Chunking.all {
            var dialect = Self.transaction()
            _ = dialect.submit("RETR 1")
            _ = dialect.submit("STAT")
            var framer = LineFramer()
            var body: [String] = []
            var completions: [String?] = []
            for piece in chunking.pieces(of: Array(stream.utf8)) {
                framer.append(piece)
                while case .line(let line)? = framer.next() {
                    let reception = dialect.receive(line)
                    if reception.kind == .data && reception.completion == nil {
                        body.append(String(decoding: POP3Dialect.unstuff(line.bytes), as: UTF8.self))
                    }
                    if reception.completion != nil {
                        completions.append(reception.inReplyTo)
                    }
                }
            }
            #expect(body == ["Subject: x", "", ".", "a001 OK done", ".."], "chunking \(chunking)")
            #expect(completions == ["RETR", "STAT"], "chunking \(chunking)")
        }
    }
}
