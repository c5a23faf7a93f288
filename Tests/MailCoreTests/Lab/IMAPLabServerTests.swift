import Testing
@testable import MailCore

@Suite("IMAPLabServer")
struct IMAPLabServerTests {
    /// A store where bob has `count` messages in INBOX.
    static func store(messages count: Int = 1) -> SingleThreadLabStore {
        let store = SingleThreadLabStore()
        for number in 0..<count {
            _ = store.maildrop.append(Array(labMessage(subject: "Hello \(number + 1)").utf8), to: "INBOX",
                                      of: "bob@lab.test", at: store.now)
        }
        return store
    }

    static func session(_ store: SingleThreadLabStore, login: Bool = true) -> LabDriver<IMAPLabServer> {
        var driver = LabDriver(machine: IMAPLabServer(context: .lab(.imap, store: store)))
        if login {
            driver.send("a1 LOGIN bob@lab.test builder")
        }
        return driver
    }

    @Test("greeting carries the capabilities; STARTTLS and AUTH=PLAIN before login (RFC 3501 §7.1)")
    func greeting() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store(), login: false)
        #expect(driver.machine.greeting().text == "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT "
                + "STARTTLS AUTH=PLAIN] lab.test IMAP4rev1 practice lab ready\r\n")
        #expect(driver.send("a0 NOOP") == "a0 OK NOOP completed\r\n")
    }

    @Test("LOGIN: wrong password is NO [AUTHENTICATIONFAILED] (RFC 5530); right one OK; a second is BAD")
    func login() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store(), login: false)
        #expect(driver.send("a1 LOGIN bob wrong") == "a1 NO [AUTHENTICATIONFAILED] Authentication failed\r\n")
        #expect(driver.send("a2 LOGIN \"bob\" \"builder\"").hasPrefix("a2 OK [CAPABILITY IMAP4rev1"))
        #expect(driver.send("a3 LOGIN bob builder") == "a3 BAD Already logged in\r\n")
    }

    @Test("LOGIN with synchronizing literals: + first, then the bytes (RFC 3501 §7.5)")
    func literalLogin() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store(), login: false)
        let first = driver.last("a1 LOGIN {12}")
        #expect(first.text == "+ Ready for literal data\r\n")
        #expect(first.literalLength == 12)
        #expect(driver.sendLiteral("bob@lab.test") == "")
        #expect(driver.send(" builder").hasPrefix("a1 OK"))
    }

    @Test("AUTHENTICATE PLAIN with SASL-IR and with a + challenge; * aborts with BAD")
    func authenticate() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store(), login: false)
        #expect(driver.send("a1 AUTHENTICATE PLAIN") == "+ \r\n")
        #expect(driver.send("*") == "a1 BAD Authentication aborted\r\n")
        #expect(driver.send("a2 AUTHENTICATE PLAIN AGJvYgBidWlsZGVy").hasPrefix("a2 OK"))
    }

    @Test("SELECT reports EXISTS, UIDVALIDITY, UIDNEXT and the first unseen message")
    func select() {
        let store = IMAPLabServerTests.store(messages: 2)
        var driver = IMAPLabServerTests.session(store)
        let text = driver.send("a2 SELECT inbox")
        let validity = store.inbox("bob@lab.test")?.uidValidity ?? 0
        #expect(text.contains("* 2 EXISTS\r\n"))
        #expect(text.contains("* OK [UNSEEN 1] First unseen\r\n"))
        #expect(text.contains("* OK [UIDVALIDITY \(validity)] UIDs valid\r\n"))
        #expect(text.contains("* OK [UIDNEXT 3] Predicted next UID\r\n"))
        #expect(text.hasSuffix("a2 OK [READ-WRITE] SELECT completed\r\n"))
        #expect(driver.send("a3 SELECT Nope") == "a3 NO [NONEXISTENT] Mailbox doesn't exist: Nope\r\n")
    }

    @Test("FETCH BODY[] sends a literal and sets \\Seen, reported as FLAGS (RFC 3501 §6.4.5); PEEK does not")
    func fetchSetsSeen() {
        let store = IMAPLabServerTests.store()
        var driver = IMAPLabServerTests.session(store)
        driver.send("a2 SELECT INBOX")
        let message = labMessage(subject: "Hello 1")
        let peek = driver.send("a3 FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
        #expect(peek == "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {20}\r\nSubject: Hello 1\r\n\r\n)\r\n"
                + "a3 OK FETCH completed\r\n")
        #expect(store.inbox("bob@lab.test")?.messages[0].flags.contains("\\Seen") == false)
        let fetched = driver.send("a4 FETCH 1 BODY[]")
        #expect(fetched == "* 1 FETCH (BODY[] {\(message.utf8.count)}\r\n\(message) FLAGS (\\Seen))\r\n"
                + "a4 OK FETCH completed\r\n")
        #expect(store.inbox("bob@lab.test")?.messages[0].flags.contains("\\Seen") == true)
    }

    @Test("a flag set in one session reaches another at its next command (the sync across devices)")
    func flagsSync() {
        let store = IMAPLabServerTests.store()
        var phone = IMAPLabServerTests.session(store)
        var laptop = IMAPLabServerTests.session(store)
        phone.send("p1 SELECT INBOX")
        laptop.send("l1 SELECT INBOX")
        #expect(phone.send("p2 STORE 1 +FLAGS (\\Flagged)") == "* 1 FETCH (FLAGS (\\Flagged))\r\np2 OK STORE completed\r\n")
        #expect(laptop.send("l2 NOOP") == "* 1 FETCH (FLAGS (\\Flagged))\r\nl2 OK NOOP completed\r\n")
        #expect(laptop.send("l3 FETCH 1 FLAGS") == "* 1 FETCH (FLAGS (\\Flagged))\r\nl3 OK FETCH completed\r\n")
    }

    @Test("new mail shows up during IDLE; DONE ends it (RFC 2177)")
    func idle() {
        let store = IMAPLabServerTests.store()
        var driver = IMAPLabServerTests.session(store)
        driver.send("a2 SELECT INBOX")
        #expect(driver.send("a3 IDLE") == "+ idling\r\n")
        #expect(driver.machine.wantsUpdates)
        #expect(driver.machine.pendingUpdates() == nil)
        _ = store.maildrop.append(Array(labMessage().utf8), to: "INBOX", of: "bob@lab.test", at: 0)
        #expect(driver.machine.pendingUpdates()?.text == "* 2 EXISTS\r\n")
        #expect(driver.send("DONE") == "a3 OK IDLE terminated\r\n")
        #expect(!driver.machine.wantsUpdates)
    }

    @Test("STORE \\Deleted then EXPUNGE sends EXPUNGE; another session learns of it only outside FETCH")
    func expunge() {
        let store = IMAPLabServerTests.store(messages: 3)
        var first = IMAPLabServerTests.session(store)
        var second = IMAPLabServerTests.session(store)
        first.send("a1 SELECT INBOX")
        second.send("b1 SELECT INBOX")
        first.send("a2 STORE 2 +FLAGS.SILENT (\\Deleted)")
        #expect(first.send("a3 EXPUNGE") == "* 2 EXPUNGE\r\na3 OK EXPUNGE completed\r\n")
        // RFC 3501 §7.4.1: no EXPUNGE during FETCH; the number 3 still means the third message.
        #expect(second.send("b2 FETCH 3 UID") == "* 3 FETCH (UID 3)\r\nb2 OK FETCH completed\r\n")
        #expect(second.send("b3 NOOP").hasPrefix("* 2 EXPUNGE\r\n"))
        #expect(second.send("b4 SEARCH ALL") == "* SEARCH 1 2\r\nb4 OK SEARCH completed\r\n")
    }

    @Test("SEARCH keys: flags, text, NOT, OR, UID; UID SEARCH answers UIDs")
    func search() {
        let store = IMAPLabServerTests.store(messages: 3)
        var driver = IMAPLabServerTests.session(store)
        driver.send("a1 SELECT INBOX", "a2 STORE 1 +FLAGS (\\Seen)")
        #expect(driver.send("a3 SEARCH UNSEEN") == "* SEARCH 2 3\r\na3 OK SEARCH completed\r\n")
        #expect(driver.send("a4 SEARCH SUBJECT \"hello 3\"") == "* SEARCH 3\r\na4 OK SEARCH completed\r\n")
        #expect(driver.send("a5 SEARCH OR 1 NOT SEEN") == "* SEARCH 1 2 3\r\na5 OK SEARCH completed\r\n")
        #expect(driver.send("a6 UID SEARCH UID 2:*") == "* SEARCH 2 3\r\na6 OK UID SEARCH completed\r\n")
        #expect(driver.send("a7 SEARCH FROM alice BODY bob") == "* SEARCH 1 2 3\r\na7 OK SEARCH completed\r\n")
        #expect(driver.send("a8 SEARCH BOGUS").hasPrefix("a8 BAD"))
    }

    @Test("LIST with wildcards, the delimiter query, and STATUS")
    func listAndStatus() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store())
        #expect(driver.send("a1 LIST \"\" \"\"") == "* LIST (\\Noselect) \"/\" \"\"\r\na1 OK LIST completed\r\n")
        #expect(driver.send("a2 LIST \"\" *") == "* LIST () \"/\" \"INBOX\"\r\n* LIST (\\Sent) \"/\" \"Sent\"\r\n"
                + "* LIST (\\Trash) \"/\" \"Trash\"\r\na2 OK LIST completed\r\n")
        #expect(driver.send("a3 STATUS INBOX (MESSAGES UNSEEN UIDNEXT)")
                    == "* STATUS \"INBOX\" (MESSAGES 1 UNSEEN 1 UIDNEXT 2)\r\na3 OK STATUS completed\r\n")
    }

    @Test("APPEND stores a literal with flags; COPY copies; UID FETCH includes the UID")
    func appendAndCopy() {
        let store = IMAPLabServerTests.store()
        var driver = IMAPLabServerTests.session(store)
        let message = labMessage(subject: "draft")
        #expect(driver.last("a1 APPEND Sent (\\Seen) {\(message.utf8.count)}").literalLength == message.utf8.count)
        #expect(driver.sendLiteral(message) == "")
        #expect(driver.send("") == "a1 OK APPEND completed\r\n")
        #expect(store.maildrop.mailbox("Sent", of: "bob@lab.test")?.messages.first?.flags.contains("\\seen") == true)
        driver.send("a2 SELECT INBOX")
        #expect(driver.send("a3 COPY 1 Trash") == "a3 OK COPY completed\r\n")
        #expect(driver.send("a4 COPY 1 Nowhere") == "a4 NO [TRYCREATE] Mailbox doesn't exist: Nowhere\r\n")
        #expect(driver.send("a5 UID FETCH 1 FLAGS") == "* 1 FETCH (UID 1 FLAGS ())\r\na5 OK UID FETCH completed\r\n")
    }

    @Test("ENVELOPE from the header (RFC 3501 §7.4.2)")
    func envelope() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store())
        driver.send("a1 EXAMINE INBOX")
        #expect(driver.send("a2 FETCH 1 ENVELOPE")
                    == "* 1 FETCH (ENVELOPE (NIL \"Hello 1\" ((\"Alice\" NIL \"alice\" \"lab.test\")) "
                    + "((\"Alice\" NIL \"alice\" \"lab.test\")) ((\"Alice\" NIL \"alice\" \"lab.test\")) "
                    + "((NIL NIL \"bob\" \"lab.test\")) NIL NIL NIL \"<1@lab.test>\"))\r\na2 OK FETCH completed\r\n")
    }

    @Test("errors: commands before login, without a mailbox, out of range, unknown, bad tag")
    func errors() {
        var driver = IMAPLabServerTests.session(IMAPLabServerTests.store(), login: false)
        #expect(driver.send("a1 SELECT INBOX") == "a1 BAD Log in first (LOGIN or AUTHENTICATE)\r\n")
        driver.send("a2 LOGIN bob builder")
        #expect(driver.send("a3 FETCH 1 FLAGS") == "a3 BAD No mailbox selected: SELECT one first\r\n")
        driver.send("a4 SELECT INBOX")
        #expect(driver.send("a5 FETCH 9 FLAGS")
                    == "a5 BAD Message number out of range: the mailbox has 1 messages\r\n")
        #expect(driver.send("a6 FROB") == "a6 BAD Unknown command\r\n")
        #expect(driver.send("+ NOOP") == "* BAD Missing or invalid tag\r\n")
        #expect(driver.last("a7 LOGOUT").next == .close)
    }

    @Test("sequence sets: ranges, *, and either order (RFC 3501 §9)")
    func sequenceSets() {
        let set = IMAPSequenceSet("1:3,5,7:*")
        #expect(set?.contains(2, largest: 9) == true)
        #expect(set?.contains(4, largest: 9) == false)
        #expect(set?.contains(9, largest: 9) == true)
        #expect(IMAPSequenceSet("4:2")?.contains(3, largest: 9) == true)
        #expect(IMAPSequenceSet("0") == nil)
        #expect(IMAPSequenceSet("1,,2") == nil)
    }
}
