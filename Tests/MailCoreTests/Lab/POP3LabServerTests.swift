import Testing
@testable import MailCore

@Suite("POP3LabServer")
struct POP3LabServerTests {
    static func store(messages count: Int = 2) -> SingleThreadLabStore {
        IMAPLabServerTests.store(messages: count)
    }

    static func session(_ store: SingleThreadLabStore, login: Bool = true) -> LabDriver<POP3LabServer> {
        var driver = LabDriver(machine: POP3LabServer(context: .lab(.pop3, store: store)))
        if login {
            driver.send("USER bob@lab.test", "PASS builder")
        }
        return driver
    }

    @Test("CAPA lists STLS and USER before login (RFC 2449 §5, RFC 2595 §4)")
    func capa() {
        var driver = POP3LabServerTests.session(POP3LabServerTests.store(), login: false)
        #expect(driver.machine.greeting().text == "+OK lab.test POP3 practice lab ready\r\n")
        #expect(driver.send("CAPA") == "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
                + "PIPELINING\r\nUSER\r\nSTLS\r\nIMPLEMENTATION mailrepl-practice-lab\r\n.\r\n")
        #expect(driver.last("STLS") == LabResponse(lines: ["+OK Begin TLS negotiation"], next: .startTLS))
    }

    @Test("USER/PASS: a wrong password is -ERR [AUTH] (RFC 3206); a second session gets [IN-USE] (RFC 2449)")
    func login() {
        let store = POP3LabServerTests.store()
        var driver = POP3LabServerTests.session(store, login: false)
        #expect(driver.send("PASS builder") == "-ERR Send USER first\r\n")
        #expect(driver.send("USER bob", "PASS nope") == "+OK\r\n-ERR [AUTH] Authentication failed\r\n")
        let size = store.inbox("bob@lab.test")?.totalSize ?? 0
        #expect(driver.send("USER bob", "PASS builder")
                    == "+OK\r\n+OK bob@lab.test's maildrop has 2 messages (\(size) octets)\r\n")
        var other = POP3LabServerTests.session(store, login: false)
        #expect(other.send("USER bob", "PASS builder")
                    == "+OK\r\n-ERR [IN-USE] Mailbox is locked by another POP3 session\r\n")
        driver.machine.connectionClosed()
        #expect(other.send("USER bob", "PASS builder").hasSuffix("maildrop has 2 messages (\(size) octets)\r\n"))
    }

    @Test("STAT, LIST, UIDL, TOP and RETR with dot-stuffing (RFC 1939 §3, §5, §7)")
    func transaction() {
        let store = SingleThreadLabStore()
        let message = "Subject: dots\r\n\r\n.leading dot\r\nline 2\r\nline 3\r\n"
        _ = store.maildrop.append(Array(message.utf8), to: "INBOX", of: "bob@lab.test", at: 0)
        let validity = store.inbox("bob@lab.test")?.uidValidity ?? 0
        var driver = POP3LabServerTests.session(store)
        #expect(driver.send("STAT") == "+OK 1 \(message.utf8.count)\r\n")
        #expect(driver.send("LIST") == "+OK 1 messages (\(message.utf8.count) octets)\r\n1 \(message.utf8.count)\r\n.\r\n")
        #expect(driver.send("UIDL 1") == "+OK 1 \(validity).1\r\n")
        #expect(driver.send("TOP 1 1") == "+OK\r\nSubject: dots\r\n\r\n..leading dot\r\n.\r\n")
        #expect(driver.send("RETR 1") == "+OK \(message.utf8.count) octets\r\nSubject: dots\r\n\r\n..leading dot\r\n"
                + "line 2\r\nline 3\r\n.\r\n")
        #expect(driver.send("RETR 2") == "-ERR no such message, only 1 messages in maildrop\r\n")
    }

    @Test("DELE marks; only QUIT (UPDATE) removes; RSET undoes; a dropped connection deletes nothing (RFC 1939 §6)")
    func deletion() {
        let store = POP3LabServerTests.store()
        var driver = POP3LabServerTests.session(store)
        #expect(driver.send("DELE 1") == "+OK message 1 deleted\r\n")
        #expect(driver.send("DELE 1") == "-ERR message 1 already deleted\r\n")
        #expect(store.inbox("bob@lab.test")?.messages.count == 2)
        #expect(driver.send("RSET").hasPrefix("+OK maildrop has 2 messages"))
        driver.send("DELE 2")
        driver.machine.connectionClosed()
        #expect(store.inbox("bob@lab.test")?.messages.count == 2)

        var second = POP3LabServerTests.session(store)
        second.send("DELE 1")
        let quit = second.last("QUIT")
        #expect(quit == LabResponse(lines: ["+OK lab.test POP3 server signing off (1 messages deleted, 1 left)"],
                                    next: .close))
        #expect(store.inbox("bob@lab.test")?.messages.map(\.uid) == [2])
    }

    @Test("commands in the wrong state and unknown commands are -ERR")
    func errors() {
        var driver = POP3LabServerTests.session(POP3LabServerTests.store(), login: false)
        #expect(driver.send("STAT") == "-ERR Command not valid in this state: log in first (USER and PASS)\r\n")
        #expect(driver.send("FROB") == "-ERR Unknown command\r\n")
        driver.send("USER bob", "PASS builder")
        #expect(driver.send("USER bob") == "-ERR Command not valid in this state\r\n")
        #expect(driver.send("RETR x") == "-ERR Invalid message number: x\r\n")
    }
}
