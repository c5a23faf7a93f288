import Testing
@testable import MailCore

@Suite("IMAPDialect")
struct IMAPDialectTests {
    /// A dialect past an OK greeting, not authenticated.
    static func greeted() -> IMAPDialect {
        var dialect = IMAPDialect()
        _ = dialect.receive("* OK IMAP4rev1 ready")
        return dialect
    }

    /// A dialect logged in with LOGIN under a typed tag, so that the next assigned tag is still a001.
    static func authenticated() -> IMAPDialect {
        var dialect = greeted()
        _ = dialect.submit("L0 LOGIN alice secret")
        _ = dialect.receive("L0 OK LOGIN completed")
        return dialect
    }

    @Test("a line cut at the length bound announces no literal, even when what is left ends in {n}")
    func cutLineStartsNoLiteral() {
        var dialect = Self.authenticated()
        let cut = ServerLine(Array("* 1 FETCH (BODY[] {5}".utf8), terminator: .crlf, droppedBytes: 70_000)
        let reception = dialect.receive(cut)
        #expect(reception.literalLength == nil)
        #expect(reception.kind == .malformed)
        // The next line is read as a response of its own, not as the rest of a FETCH.
        #expect(dialect.receive("* 2 EXISTS").kind == .untagged)
    }

    // MARK: - Greeting

    @Test("input is held until the greeting; OK greets")
    func greeting() {
        var dialect = IMAPDialect()
        #expect(dialect.holdsInput)
        #expect(dialect.isAwaitingServer)
        let reception = dialect.receive("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Dovecot ready.")
        #expect(reception.kind == .greeting)
        #expect(reception.completion == .response)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.sessionState == .notAuthenticated)
        #expect(dialect.capabilities == ["IMAP4REV1", "STARTTLS", "LOGINDISABLED"])
    }

    @Test("a PREAUTH greeting means authenticated (RFC 9051 §7.1.4)")
    func preauthGreeting() {
        var dialect = IMAPDialect()
        let reception = dialect.receive("* PREAUTH IMAP4rev2 server logged in as Smith")
        #expect(reception.kind == .greeting)
        #expect(reception.completion == .response)
        #expect(dialect.sessionState == .authenticated)
        #expect(dialect.stateDescription == "authenticated")
    }

    @Test("PREAUTH after the greeting is flagged and changes nothing")
    func preauthLater() {
        var dialect = Self.greeted()
        let reception = dialect.receive("* PREAUTH again")
        #expect(reception.warning != nil)
        #expect(dialect.sessionState == .notAuthenticated)
    }

    @Test("a BYE greeting closes")
    func byeGreeting() {
        var dialect = IMAPDialect()
        let reception = dialect.receive("* BYE too many connections")
        #expect(reception.kind == .permanentFailure)
        #expect(reception.completion == .closing)
        #expect(dialect.sessionState == .logout)
    }

    // MARK: - Tags

    @Test("untagged typed lines get a001, a002 … and a note saying so")
    func tagAssignment() {
        var dialect = Self.greeted()
        #expect(dialect.nextTag == "a001")
        let first = dialect.submit("CAPABILITY")
        #expect(first.wireText == "a001 CAPABILITY\r\n")
        #expect(first.tag == "a001")
        #expect(first.verb == "CAPABILITY")
        #expect(first.note?.contains("a001") == true)
        let second = dialect.submit("noop")
        #expect(second.wireText == "a002 noop\r\n")
        #expect(second.verb == "NOOP")
        #expect(dialect.nextTag == "a003")
    }

    @Test("a typed tag is kept as is", arguments: [
        ("a1 NOOP", "a1", "NOOP"),
        ("x1 login u p", "x1", "LOGIN"),
        ("A0001 select INBOX", "A0001", "SELECT"),
        ("t FETCH 1 FLAGS", "t", "FETCH"),
        ("7 capability", "7", "CAPABILITY"),
        ("z9 XAPPLEPUSHSERVICE aps", "z9", "XAPPLEPUSHSERVICE"),
    ])
    func typedTags(_ line: String, _ tag: String, _ verb: String) {
        var dialect = Self.greeted()
        let submission = dialect.submit(line)
        #expect(submission.wireText == line + "\r\n")
        #expect(submission.tag == tag)
        #expect(submission.verb == verb)
        #expect(submission.note == nil)
        #expect(dialect.nextTag == "a001")
    }

    @Test("a command name is never taken for a tag", arguments: ["FETCH 1:* FLAGS", "LIST \"\" *", "SELECT a1"])
    func commandsAreNotTags(_ line: String) {
        var dialect = Self.greeted()
        #expect(dialect.submit(line).tag == "a001")
    }

    @Test("an assigned tag never repeats one still waiting for its completion")
    func assignedTagsDoNotCollide() {
        var dialect = Self.greeted()
        _ = dialect.submit("a001 NOOP")
        _ = dialect.submit("a002 NOOP")
        let assigned = dialect.submit("NOOP")
        #expect(assigned.tag == "a003")
        #expect(dialect.receive("a001 OK done").inReplyTo == "NOOP")
        #expect(dialect.receive("a002 OK done").completion == .response)
        #expect(dialect.receive("a003 OK done").completion == .response)
        #expect(!dialect.isAwaitingServer)
    }

    @Test("UID commands are named with their sub-command", arguments: [
        ("UID FETCH 1:* FLAGS", "UID FETCH"),
        ("a5 uid store 4 +FLAGS (\\Deleted)", "UID STORE"),
        ("UID  SEARCH ALL", "UID SEARCH"),
    ])
    func uidCommands(_ line: String, _ verb: String) {
        var dialect = Self.authenticated()
        let submission = dialect.submit(line)
        #expect(submission.verb == verb)
        #expect(dialect.receive("\(submission.tag ?? "") OK done").inReplyTo == verb)
    }

    // MARK: - Completion

    @Test("only the tagged response with the command's tag completes it; untagged data never does")
    func taggedCompletion() {
        var dialect = Self.authenticated()
        _ = dialect.submit("a7 LIST \"\" *")
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive(lines: [
            "* LIST (\\HasNoChildren) \"/\" INBOX",
            "* LIST (\\HasNoChildren) \"/\" Sent",
            "* OK still working",
            "* 3 EXISTS",
        ]) == [nil, nil, nil, nil])
        #expect(dialect.isAwaitingServer)
        let done = dialect.receive("a7 OK LIST completed")
        #expect(done.kind == .success)
        #expect(done.completion == .response)
        #expect(done.inReplyTo == "LIST")
        #expect(!dialect.isAwaitingServer)
    }

    @Test("a tag never sent is flagged and completes nothing")
    func unknownTag() {
        var dialect = Self.greeted()
        _ = dialect.submit("NOOP")
        let stray = dialect.receive("zz9 OK nothing")
        #expect(stray.completion == nil)
        #expect(stray.warning?.contains("zz9") == true)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("a001 OK NOOP completed").completion == .response)
        let again = dialect.receive("a001 OK twice")
        #expect(again.completion == nil)
        #expect(again.warning != nil)
    }

    @Test("pipelined commands complete independently, in any order")
    func outOfOrderCompletion() {
        var dialect = Self.authenticated()
        _ = dialect.submit("b1 NOOP")
        _ = dialect.submit("b2 CHECK")
        #expect(dialect.receive("b2 OK CHECK done").inReplyTo == "CHECK")
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("b1 OK NOOP done").inReplyTo == "NOOP")
        #expect(!dialect.isAwaitingServer)
    }

    @Test("NO and BAD complete as failures", arguments: ["NO", "BAD", "no"])
    func failures(_ status: String) {
        var dialect = Self.greeted()
        _ = dialect.submit("a1 FOO")
        let reception = dialect.receive("a1 \(status) unknown command")
        #expect(reception.kind == .permanentFailure)
        #expect(reception.completion == .response)
    }

    @Test("malformed server lines complete nothing", arguments: ["garbage", "a001", "a001 MAYBE", "*", ""])
    func malformed(_ text: String) {
        var dialect = Self.greeted()
        _ = dialect.submit("NOOP")
        let reception = dialect.receive(text)
        #expect(reception.kind == .malformed)
        #expect(reception.completion == nil)
        #expect(dialect.isAwaitingServer)
    }

    // MARK: - Server literals

    @Test("a FETCH literal: its length is reported and the line after it continues the response")
    func serverLiteralThroughFramer() {
        let message = "From: a@example.com\r\nSubject: tricky\r\n\r\na001 OK done\r\n* BYE fake\r\n+ fake\r\n"
        let stream = "* 1 FETCH (UID 9 BODY[] {\(message.utf8.count)}\r\n" + message + ")\r\n"
            + "a001 OK done\r\n" + "a001 OK FETCH completed\r\n"
        for chunking in Chunking.all {
            var dialect = Self.authenticated()
            let tag = dialect.submit("FETCH 1 (UID BODY[])").tag
            #expect(tag == "a001")
            var framer = LineFramer()
            var receptions: [Reception] = []
            var literal: [UInt8] = []
            for piece in chunking.pieces(of: Array(stream.utf8)) {
                framer.append(piece)
                while let frame = framer.next() {
                    switch frame {
                    case .line(let line):
                        let reception = dialect.receive(line)
                        receptions.append(reception)
                        if let length = reception.literalLength {
                            framer.beginLiteral(length: length)
                        }
                    case .literal(let bytes, let isLast):
                        literal += bytes
                        if isLast { dialect.literalEnded() }
                    case .lineTooLong:
                        Issue.record("no line here is too long")
                    }
                }
            }
            #expect(literal == Array(message.utf8), "chunking \(chunking)")
            #expect(receptions.count == 4, "chunking \(chunking)")
            guard receptions.count == 4 else { continue }
            #expect(receptions[0].literalLength == UInt64(message.utf8.count))
            #expect(receptions[0].kind == .untagged)
            #expect(receptions[0].completion == nil)
            // ")" continues the FETCH; the tagged OK after it completes the command; the second is a stray.
            #expect(receptions[1].completion == nil)
            #expect(receptions[1].literalLength == nil)
            #expect(receptions[2].completion == .response)
            #expect(receptions[3].completion == nil)
            #expect(receptions[3].warning != nil)
        }
    }

    @Test("the line right after a literal is never read as a tagged completion")
    func lineAfterLiteralIsContinuation() {
        var dialect = Self.authenticated()
        _ = dialect.submit("FETCH 1 BODY[HEADER]")
        let head = dialect.receive("* 1 FETCH (BODY[HEADER] {2}")
        #expect(head.literalLength == 2)
        dialect.literalEnded()
        let after = dialect.receive("a001 OK looks like a completion")
        #expect(after.completion == nil)
        #expect(after.kind != .success)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("a001 OK FETCH completed").completion == .response)
    }

    @Test("literals can follow one another on the same response")
    func chainedLiterals() {
        var dialect = Self.authenticated()
        _ = dialect.submit("FETCH 1 (BODY[1] BODY[2])")
        #expect(dialect.receive("* 1 FETCH (BODY[1] {3}").literalLength == 3)
        dialect.literalEnded()
        #expect(dialect.receive(" BODY[2] {0}").literalLength == 0)
        dialect.literalEnded()
        let end = dialect.receive(")")
        #expect(end.literalLength == nil)
        #expect(end.completion == nil)
        #expect(dialect.receive("a001 OK done").completion == .response)
    }

    @Test("a literal length beyond 64 bits is flagged, not trusted")
    func hugeServerLiteral() {
        var dialect = Self.authenticated()
        _ = dialect.submit("FETCH 1 BODY[]")
        let reception = dialect.receive("* 1 FETCH (BODY[] {99999999999999999999999}")
        #expect(reception.literalLength == nil)
        #expect(reception.warning != nil)
    }

    // MARK: - Client literals

    @Test("a synchronising literal waits for + before its data goes, then the command continues")
    func synchronisingLiteral() {
        var dialect = Self.authenticated()
        let command = dialect.submit("APPEND INBOX {5}")
        #expect(command.wireText == "a001 APPEND INBOX {5}\r\n")
        #expect(dialect.holdsInput)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.inputMode == .literal(remaining: 5))
        let go = dialect.receive("+ Ready for literal data")
        #expect(go.kind == .continuation)
        #expect(go.completion == .continuation)
        #expect(go.inReplyTo == "APPEND")
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.inputMode == .literal(remaining: 5))
        let data = dialect.submit("abc")
        #expect(data.wireText == "abc\r\n")
        #expect(data.tag == "a001")
        #expect(!data.isSecret)
        #expect(dialect.inputMode == .command)
        #expect(!dialect.isAwaitingServer)
        let end = dialect.submit("")
        #expect(end.wireText == "\r\n")
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("a001 OK APPEND completed").completion == .response)
        #expect(dialect.inputMode == .command)
        #expect(dialect.nextTag == "a002")
    }

    @Test("literal data longer than one line counts down, and the rest of a line continues the command")
    func literalCountsDown() {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX {12}")
        _ = dialect.receive("+ go")
        #expect(dialect.submit("Hi").wireText == "Hi\r\n")
        #expect(dialect.inputMode == .literal(remaining: 8))
        #expect(dialect.submit("there (x)").wireText == "there (x)\r\n")
        // "there" and its CRLF... 8 bytes were left: "there (x" is 8 bytes, ")" continues the command.
        #expect(dialect.inputMode == .command)
        #expect(dialect.isAwaitingServer)
    }

    @Test("a literal that ends on the CR of a typed line: the LF ends the command")
    func literalEndsOnCarriageReturn() {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX {4}")
        _ = dialect.receive("+ go")
        let data = dialect.submit("abc")
        #expect(data.wireText == "abc\r\n")
        #expect(data.note != nil)
        #expect(dialect.inputMode == .command)
        #expect(dialect.isAwaitingServer)
        #expect(dialect.receive("a001 OK APPEND completed").completion == .response)
    }

    @Test("a literal typed as lines: each line and its CRLF count, whatever the length", arguments: 1...16)
    func literalOfAnyLength(_ length: Int) {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX {\(length)}")
        _ = dialect.receive("+ go")
        var sent = 0
        while case .literal(let remaining) = dialect.inputMode {
            #expect(remaining == length - sent)
            sent += dialect.submit("abc").wire.count
        }
        #expect(sent == (length + 4) / 5 * 5)
        // Ending exactly on a line end leaves the command open for more; otherwise the line ended it.
        #expect(dialect.isAwaitingServer == (sent != length))
    }

    @Test("a literal ending a literal-data line starts another literal (LOGIN with two literals)")
    func literalAfterLiteral() {
        var dialect = Self.greeted()
        let command = dialect.submit("LOGIN {5}")
        #expect(command.isSecret)
        _ = dialect.receive("+ ok")
        let user = dialect.submit("alice {6}")
        #expect(user.wireText == "alice {6}\r\n")
        #expect(user.isSecret)
        #expect(dialect.holdsInput)
        #expect(dialect.inputMode == .literal(remaining: 6))
        _ = dialect.receive("+ ok")
        let password = dialect.submit("secret")
        #expect(password.isSecret)
        #expect(dialect.isAwaitingServer)
        _ = dialect.receive("a001 OK logged in")
        #expect(dialect.sessionState == .authenticated)
    }

    @Test("every line of a LOGIN is secret, also a continuation after its literal")
    func loginContinuationIsSecret() {
        var dialect = Self.greeted()
        #expect(dialect.submit("LOGIN {5}").isSecret)
        _ = dialect.receive("+ ok")
        #expect(dialect.submit("bob").isSecret)
        #expect(dialect.inputMode == .command)
        let rest = dialect.submit(" hunter2")
        #expect(rest.isSecret)
        #expect(rest.verb == nil)
    }

    @Test("a non-synchronising literal does not wait (RFC 7888)")
    func nonSynchronisingLiteral() {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX {5+}")
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.inputMode == .literal(remaining: 5))
        #expect(dialect.submit("abc").wireText == "abc\r\n")
        #expect(dialect.inputMode == .command)
    }

    @Test("zero-length literals", arguments: [("{0}", true), ("{0+}", false)])
    func zeroLengthLiteral(_ marker: String, _ waits: Bool) {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX \(marker)")
        #expect(dialect.holdsInput == waits)
        if waits {
            #expect(dialect.receive("+ go").completion == .continuation)
        }
        #expect(dialect.inputMode == .command)
        #expect(!dialect.isAwaitingServer)
        _ = dialect.submit("")
        #expect(dialect.isAwaitingServer)
    }

    @Test("NO instead of + cancels the literal")
    func literalRefused() {
        var dialect = Self.authenticated()
        _ = dialect.submit("APPEND INBOX {999999}")
        let refusal = dialect.receive("a001 NO [TOOBIG] message too big")
        #expect(refusal.completion == .response)
        #expect(refusal.kind == .permanentFailure)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.inputMode == .command)
        #expect(dialect.submit("NOOP").tag == "a002")
    }

    @Test("a + nobody asked for is flagged")
    func unexpectedContinuation() {
        var dialect = Self.greeted()
        _ = dialect.submit("NOOP")
        let reception = dialect.receive("+ what")
        #expect(reception.completion == nil)
        #expect(reception.warning != nil)
    }

    // MARK: - IDLE

    @Test("IDLE: + starts it, updates arrive, DONE ends it and the tagged OK completes (RFC 2177)")
    func idle() {
        var dialect = Self.authenticated()
        _ = dialect.submit("SELECT INBOX")
        _ = dialect.receive("a001 OK [READ-WRITE] SELECT completed")
        let command = dialect.submit("IDLE")
        #expect(command.wireText == "a002 IDLE\r\n")
        #expect(dialect.holdsInput)
        #expect(dialect.inputMode == .idle)
        let idling = dialect.receive("+ idling")
        #expect(idling.completion == .continuation)
        #expect(idling.inReplyTo == "IDLE")
        #expect(dialect.inputMode == .idle)
        #expect(!dialect.holdsInput)
        #expect(!dialect.isAwaitingServer)
        #expect(dialect.receive("* 4 EXISTS").completion == nil)
        #expect(dialect.receive("* 2 EXPUNGE").completion == nil)
        let done = dialect.submit("DONE")
        #expect(done.wireText == "DONE\r\n")
        #expect(done.verb == "DONE")
        #expect(dialect.inputMode == .command)
        #expect(dialect.isAwaitingServer)
        let end = dialect.receive("a002 OK IDLE terminated")
        #expect(end.completion == .response)
        #expect(end.inReplyTo == "IDLE")
        #expect(dialect.sessionState == .selected(mailbox: "INBOX", readOnly: false))
    }

    @Test("a refused IDLE leaves idle mode")
    func idleRefused() {
        var dialect = Self.authenticated()
        _ = dialect.submit("IDLE")
        #expect(dialect.receive("a001 BAD IDLE not supported").completion == .response)
        #expect(dialect.inputMode == .command)
        #expect(!dialect.holdsInput)
    }

    // MARK: - Authentication

    @Test("LOGIN is secret and moves to authenticated")
    func login() {
        var dialect = Self.greeted()
        let submission = dialect.submit("LOGIN alice \"pa ss\"")
        #expect(submission.isSecret)
        #expect(submission.verb == "LOGIN")
        #expect(dialect.receive("a001 NO [AUTHENTICATIONFAILED] nope").completion == .response)
        #expect(dialect.sessionState == .notAuthenticated)
        #expect(dialect.submit("x LOGIN alice secret").isSecret)
        let ok = dialect.receive("x OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in")
        #expect(ok.completion == .response)
        #expect(dialect.sessionState == .authenticated)
        #expect(dialect.capabilities == ["IMAP4REV1", "IDLE", "MOVE"])
    }

    @Test("AUTHENTICATE: + asks for a SASL response, which is secret; several rounds are allowed")
    func authenticate() {
        var dialect = Self.greeted()
        let command = dialect.submit("AUTHENTICATE LOGIN")
        #expect(!command.isSecret)
        #expect(dialect.holdsInput)
        #expect(dialect.inputMode == .saslResponse)
        #expect(dialect.receive("+ VXNlcm5hbWU6").completion == .continuation)
        #expect(dialect.inputMode == .saslResponse)
        #expect(!dialect.holdsInput)
        let user = dialect.submit("YWxpY2U=")
        #expect(user.isSecret)
        #expect(user.wireText == "YWxpY2U=\r\n")
        #expect(dialect.isAwaitingServer)
        #expect(dialect.holdsInput)
        let second = dialect.receive("+ UGFzc3dvcmQ6")
        #expect(second.completion == .continuation)
        #expect(second.warning == nil)
        #expect(dialect.inputMode == .saslResponse)
        #expect(dialect.submit("c2VjcmV0").isSecret)
        let done = dialect.receive("a001 OK AUTHENTICATE completed")
        #expect(done.completion == .response)
        #expect(dialect.sessionState == .authenticated)
        #expect(dialect.inputMode == .command)
        #expect(!dialect.holdsInput)
    }

    @Test("AUTHENTICATE with an initial response is secret, typed with a tag or without (RFC 4959)",
          arguments: ["AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==", "t1 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA=="])
    func authenticateInitialResponse(_ line: String) {
        var dialect = Self.greeted()
        #expect(dialect.submit(line).isSecret)
    }

    @Test("a failed AUTHENTICATE leaves SASL mode")
    func authenticateFailed() {
        var dialect = Self.greeted()
        _ = dialect.submit("AUTHENTICATE PLAIN")
        _ = dialect.receive("+ ")
        _ = dialect.submit("*")
        #expect(dialect.receive("a001 BAD AUTHENTICATE cancelled").completion == .response)
        #expect(dialect.inputMode == .command)
        #expect(dialect.sessionState == .notAuthenticated)
    }

    // MARK: - Session states

    @Test("SELECT OK selects the named mailbox", arguments: [
        ("SELECT INBOX", "INBOX"),
        ("select Archive (CONDSTORE)", "Archive"),
        ("SELECT \"Sent Items\"", "Sent Items"),
        ("SELECT \"a \\\"q\\\" b\"", "a \"q\" b"),
        ("s1 SELECT Drafts", "Drafts"),
    ])
    func select(_ line: String, _ mailbox: String) {
        var dialect = Self.authenticated()
        let tag = dialect.submit(line).tag ?? ""
        _ = dialect.receive("* 3 EXISTS")
        _ = dialect.receive("\(tag) OK [READ-WRITE] SELECT completed")
        #expect(dialect.sessionState == .selected(mailbox: mailbox, readOnly: false))
        #expect(dialect.stateDescription == "selected \(mailbox)")
    }

    @Test("EXAMINE, or SELECT answered with [READ-ONLY], is read-only")
    func readOnly() {
        var dialect = Self.authenticated()
        _ = dialect.submit("EXAMINE INBOX")
        _ = dialect.receive("a001 OK [READ-ONLY] EXAMINE completed")
        #expect(dialect.sessionState == .selected(mailbox: "INBOX", readOnly: true))
        #expect(dialect.stateDescription == "examined INBOX")
        _ = dialect.submit("SELECT Shared")
        _ = dialect.receive("a002 OK [READ-ONLY] SELECT completed")
        #expect(dialect.sessionState == .selected(mailbox: "Shared", readOnly: true))
    }

    @Test("a SELECT that fails with NO leaves no mailbox selected (RFC 9051 §6.3.2)")
    func failedSelect() {
        var dialect = Self.authenticated()
        _ = dialect.submit("SELECT INBOX")
        _ = dialect.receive("a001 OK SELECT completed")
        _ = dialect.submit("SELECT Nope")
        _ = dialect.receive("a002 NO Mailbox doesn't exist: Nope")
        #expect(dialect.sessionState == .authenticated)
    }

    @Test("a SELECT rejected with BAD was never carried out: the mailbox stays selected")
    func badSelect() {
        var dialect = Self.authenticated()
        _ = dialect.submit("SELECT INBOX")
        _ = dialect.receive("a001 OK SELECT completed")
        _ = dialect.submit("SELECT")
        _ = dialect.receive("a002 BAD Missing arguments")
        #expect(dialect.sessionState == .selected(mailbox: "INBOX", readOnly: false))
    }

    @Test("CLOSE and UNSELECT return to authenticated", arguments: ["CLOSE", "UNSELECT"])
    func close(_ verb: String) {
        var dialect = Self.authenticated()
        _ = dialect.submit("SELECT INBOX")
        _ = dialect.receive("a001 OK SELECT completed")
        _ = dialect.submit(verb)
        _ = dialect.receive("a002 OK \(verb) completed")
        #expect(dialect.sessionState == .authenticated)
    }

    @Test("LOGOUT: the BYE before the tagged OK does not close early; the OK closes")
    func logout() {
        var dialect = Self.authenticated()
        _ = dialect.submit("LOGOUT")
        let bye = dialect.receive("* BYE Logging out")
        #expect(bye.completion == nil)
        let ok = dialect.receive("a001 OK Logout completed.")
        #expect(ok.completion == .closing)
        #expect(dialect.sessionState == .logout)
    }

    @Test("an unsolicited BYE closes (RFC 9051 §7.1.5)")
    func unsolicitedBye() {
        var dialect = Self.authenticated()
        let reception = dialect.receive("* BYE Disconnected for inactivity.")
        #expect(reception.completion == .closing)
        #expect(dialect.sessionState == .logout)
    }

    @Test("STARTTLS holds input until the go-ahead, which starts TLS; capabilities are then forgotten")
    func startTLS() {
        var dialect = Self.greeted()
        _ = dialect.submit("CAPABILITY")
        _ = dialect.receive("* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED")
        _ = dialect.receive("a001 OK done")
        #expect(dialect.capabilities == ["IMAP4REV1", "STARTTLS", "LOGINDISABLED"])
        _ = dialect.submit("STARTTLS")
        #expect(dialect.holdsInput)
        let go = dialect.receive("a002 OK Begin TLS negotiation now")
        #expect(go.completion == .startTLS)
        #expect(!dialect.holdsInput)
        dialect.tlsStarted()
        #expect(dialect.capabilities.isEmpty)
    }

    @Test("CAPABILITY is read from untagged data and from response codes", arguments: [
        ("* CAPABILITY IMAP4rev1 AUTH=PLAIN ID", ["IMAP4REV1", "AUTH=PLAIN", "ID"]),
        ("* capability imap4rev2", ["IMAP4REV2"]),
        ("* OK [CAPABILITY IMAP4rev1 SASL-IR] hi", ["IMAP4REV1", "SASL-IR"]),
    ])
    func capabilities(_ line: String, _ expected: [String]) {
        var dialect = Self.greeted()
        _ = dialect.submit("CAPABILITY")
        #expect(dialect.receive(line).completion == nil)
        #expect(dialect.capabilities == expected)
    }
}
