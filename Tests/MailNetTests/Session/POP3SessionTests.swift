import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

@Suite("POP3 sessions against real Dovecot", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct POP3SessionTests {
    @Test("USER/PASS refused before STLS; after it, RETR is framed by the lone dot and un-stuffed")
    func stlsAndRetr() throws {
        let servers = try #require(TestServers.current)
        let recorder = SessionRecorder(.pop3, hostKey: "POP3_HOST", portKey: "POP3_PORT")
        try recorder.session.open()
        #expect(recorder.receivedLines.first?.hasPrefix("+OK") == true)
        try recorder.send("USER \(servers["ALICE_USER"])")
        let refused = try recorder.send("PASS \(servers["ALICE_PASSWORD"])")
        #expect(refused.last?.hasPrefix("-ERR") == true)
        #expect(recorder.sentLines.last == "PASS \(Redaction.marker)")

        try recorder.session.startTLS(requireAdvertised: true)
        try recorder.session.waitForServer()
        #expect(recorder.session.isTLS)
        try recorder.send("USER \(servers["ALICE_USER"])")
        #expect(try recorder.send("PASS \(servers["ALICE_PASSWORD"])").last?.hasPrefix("+OK") == true)
        #expect(recorder.session.dialect.stateDescription == "transaction")

        let retr = try recorder.send("RETR 1")
        #expect(retr.first?.hasPrefix("+OK") == true)
        #expect(retr.last == ".")
        let body = retr.dropFirst().dropLast().map { POP3Dialect.unstuff(Array($0.utf8)) }
        let expected = try Data(contentsOf: URL(fileURLWithPath: servers["MSG1_FILE"]))
        let joined = body.map { $0 + [13, 10] }.reduce([], +)
        #expect(joined == Array(expected))

        try recorder.send("QUIT")
        #expect(recorder.session.closeReason == .byServerAsAnnounced)
    }

    @Test("implicit TLS: greeting, CAPA, STAT")
    func pop3s() throws {
        let servers = try #require(TestServers.current)
        let recorder = SessionRecorder(.pop3, security: .implicitTLS, hostKey: "POP3_HOST", portKey: "POP3S_PORT")
        try recorder.session.open()
        #expect(recorder.session.tlsSummary?.verified == true)
        let capa = try recorder.send("CAPA")
        #expect(capa.last == ".")
        #expect(recorder.session.dialect.capabilities.contains("USER"))
        try recorder.send("USER \(servers["ALICE_USER"])")
        try recorder.send("PASS \(servers["ALICE_PASSWORD"])")
        let stat = try recorder.send("STAT")
        #expect(stat.last?.hasPrefix("+OK \(servers["ALICE_INBOX_COUNT"]) ") == true)
        recorder.session.quit()
    }
}
