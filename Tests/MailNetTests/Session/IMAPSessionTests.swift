import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

@Suite("IMAP sessions against real Dovecot", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct IMAPSessionTests {
    @Test("LOGIN is refused before TLS; STARTTLS, LOGIN, SELECT and FETCH BODY[] by literal length")
    func startTLSLoginSelectFetch() throws {
        let servers = try #require(TestServers.current)
        let recorder = SessionRecorder(.imap, hostKey: "IMAP_HOST", portKey: "IMAP_PORT")
        try recorder.session.open()
        #expect(recorder.receivedLines.first?.hasPrefix("* OK") == true)
        #expect(recorder.session.dialect.capabilities.contains("LOGINDISABLED"))

        let refused = try recorder.send("LOGIN \(servers["ALICE_USER"]) \(servers["ALICE_PASSWORD"])")
        #expect(refused.last?.contains("NO [PRIVACYREQUIRED]") == true
                || refused.last?.contains("BAD") == true)
        // The password never reaches what is shown or recorded.
        #expect(!recorder.sentLines.joined().contains(servers["ALICE_PASSWORD"]))
        #expect(recorder.sentLines.last?.hasSuffix(Redaction.marker) == true)

        try recorder.session.startTLS(requireAdvertised: true)
        try recorder.session.waitForServer()
        #expect(recorder.session.isTLS)
        #expect(!recorder.session.dialect.capabilities.contains("LOGINDISABLED"))

        let login = try recorder.send("a1 LOGIN \(servers["ALICE_USER"]) \(servers["ALICE_PASSWORD"])")
        #expect(login.last?.hasPrefix("a1 OK") == true)
        #expect(recorder.session.dialect.stateDescription == "authenticated")

        try recorder.send("SELECT INBOX")
        #expect(recorder.session.dialect.stateDescription == "selected INBOX")

        let fetch = try recorder.send("FETCH 1 BODY[]")
        let expected = try Data(contentsOf: URL(fileURLWithPath: servers["MSG1_FILE"]))
        #expect(recorder.literalBytes == Array(expected))
        #expect(fetch.first?.hasSuffix("{\(servers["MSG1_SIZE"])}") == true)
        // The message holds lines that look like tagged responses; only the real tagged OK completed the FETCH.
        #expect(fetch.last?.range(of: #"^a\d{3} OK"#, options: .regularExpression) != nil)

        try recorder.send("LOGOUT")
        #expect(!recorder.session.isConnected)
        #expect(recorder.session.closeReason == .byServerAsAnnounced)
    }

    @Test("implicit TLS, a client literal waits for +, IDLE ends with DONE")
    func imapsLiteralAndIdle() throws {
        let servers = try #require(TestServers.current)
        let recorder = SessionRecorder(.imap, security: .implicitTLS, hostKey: "IMAP_HOST", portKey: "IMAPS_PORT")
        try recorder.session.open()
        #expect(recorder.session.tlsSummary?.verified == true)
        let password = servers["ALICE_PASSWORD"]
        try recorder.send("LOGIN \(servers["ALICE_USER"]) {\(password.utf8.count)}")
        #expect(recorder.receivedLines.last?.hasPrefix("+") == true)
        #expect(recorder.session.dialect.inputMode == .literal(remaining: password.utf8.count + 2) ||
                recorder.session.dialect.inputMode == .literal(remaining: password.utf8.count))
        let done = try recorder.send(password)
        #expect(done.last?.contains("OK") == true)
        #expect(!recorder.sentLines.contains(password))

        try recorder.send("SELECT INBOX")
        try recorder.send("IDLE")
        #expect(recorder.session.dialect.inputMode == .idle)
        let ended = try recorder.send("DONE")
        #expect(ended.last?.contains("OK") == true)
        recorder.session.quit()
        #expect(!recorder.session.isConnected)
    }
}
