import Foundation
import MailCore
import MailNet
import MailTestSupport
import Testing

/// The STARTTLS attack classes of "NO STARTTLS" (USENIX Security 2021) and curl's CVE-2021-22947 tests, beyond
/// the one pipelined line of `TLSRefusalTests`.
@Suite("Hostile servers: STARTTLS", .enabled(if: HostileServer.isAvailable, "needs python3"))
struct HostileStartTLSTests {
    @Test("a fragment without CRLF after the go-ahead is discarded with the go-ahead's segment, and reported",
          arguments: [("smtp-starttls-fragment", MailProtocol.smtp, "250 FRAGM"),
                      ("imap-starttls-fragment", .imap, "* OK [ALERT] FRAGM"),
                      ("pop3-starttls-fragment", .pop3, "+OK FRAGM")])
    func fragmentAfterGoAhead(scenario: String, mailProtocol: MailProtocol, fragment: String) throws {
        let connection = try HostileConnection(scenario, mailProtocol)
        try connection.session.open()
        try connection.session.startTLS(requireAdvertised: true)
        try connection.session.waitForServer()
        #expect(connection.session.isTLS)
        #expect(connection.recorder.injected == Array(fragment.utf8))
        #expect(!connection.recorder.receivedLines.contains { $0.contains("FRAGM") })
        #expect(!connection.session.dialect.capabilities.isEmpty)
        connection.session.quit()
    }

    @Test("IMAP: tagged completions pipelined after the go-ahead, for the next commands' tags, are never used")
    func taggedInjection() throws {
        let connection = try HostileConnection("imap-starttls-tagged-injection", .imap)
        try connection.session.open()
        try connection.session.startTLS(requireAdvertised: true)
        try connection.session.waitForServer()
        let injected = String(decoding: try #require(connection.recorder.injected), as: UTF8.self)
        #expect(injected.contains("OK [CAPABILITY IMAP4rev1 AUTH=PLAIN X-INJECTED] injected"))
        #expect(injected.contains("OK LOGIN completed"))
        #expect(connection.session.dialect.capabilities == ["IMAP4REV1", "AUTH=PLAIN"])
        let noop = try connection.recorder.send("NOOP")
        #expect(noop.count == 1)
        #expect(noop.first?.hasSuffix(" OK done") == true)
        #expect(!connection.recorder.receivedLines.contains { $0.contains("injected") || $0.contains("LOGIN") })
        connection.session.quit()
    }

    @Test("IMAP: an ALERT and capabilities before the tagged go-ahead: labelled unauthenticated, not carried over")
    func dataBeforeGoAhead() throws {
        let connection = try HostileConnection("imap-starttls-untagged-before", .imap)
        try connection.session.open()
        try connection.session.startTLS(requireAdvertised: true)
        try connection.session.waitForServer()
        let alert = try #require(connection.reception(startingWith: "* OK [ALERT]"))
        #expect(alert.reception.isAlert)
        #expect(alert.reception.warning?.contains("before TLS: unauthenticated") == true)
        #expect(connection.session.isTLS)
        #expect(connection.session.dialect.capabilities == ["IMAP4REV1", "AUTH=SCRAM-SHA-256", "X-AFTER-TLS"])
        connection.session.quit()
    }

    @Test("an ALERT received over TLS is not labelled")
    func alertOverTLS() throws {
        let connection = try HostileConnection("imap-tls-only", .imap, security: .implicitTLS)
        try connection.session.open()
        let greeting = try #require(connection.receptions.first)
        #expect(!greeting.reception.isAlert)
        #expect(greeting.reception.warning == nil)
        connection.session.quit()
    }

    @Test("STARTTLS refused: with TLS required the session stops, the refusal quoted",
          arguments: [("smtp-starttls-454", MailProtocol.smtp, "454 4.7.0 TLS not available due to temporary reason"),
                      ("smtp-starttls-502", .smtp, "502 5.5.1 Command not implemented"),
                      ("imap-starttls-no", .imap, "a002 NO TLS unavailable"),
                      ("imap-starttls-bad", .imap, "a002 BAD unknown command"),
                      ("pop3-stls-err", .pop3, "-ERR TLS unavailable")])
    func refused(scenario: String, mailProtocol: MailProtocol, reply: String) throws {
        let connection = try HostileConnection(scenario, mailProtocol)
        try connection.session.open()
        #expect(throws: SessionError.startTLSRefused(mailProtocol, reply: Array(reply.utf8))) {
            try connection.session.startTLS(requireAdvertised: true)
        }
        #expect(!connection.session.isTLS)
        connection.session.close()
    }

    @Test("STARTTLS not advertised: with TLS required nothing is tried",
          arguments: [("smtp-no-starttls", MailProtocol.smtp), ("imap-no-starttls", .imap), ("pop3-no-stls", .pop3)])
    func notAdvertised(scenario: String, mailProtocol: MailProtocol) throws {
        let connection = try HostileConnection(scenario, mailProtocol)
        try connection.session.open()
        #expect {
            try connection.session.startTLS(requireAdvertised: true)
        } throws: { error in
            guard case SessionError.startTLSNotOffered(mailProtocol, _) = error else { return false }
            return true
        }
        connection.session.close()
        #expect(!connection.server.received.uppercased().contains("STARTTLS"))
        #expect(!connection.server.received.uppercased().contains("STLS"))
    }

    @Test("a PREAUTH greeting while TLS is required: abort before sending anything")
    func preauth() throws {
        let connection = try HostileConnection("imap-preauth", .imap)
        try connection.session.open()
        #expect(throws: SessionError.preauthWithoutTLS) {
            try connection.session.startTLS(requireAdvertised: true)
        }
        connection.session.close()
        #expect(connection.recorder.sentLines.isEmpty)
        #expect(connection.server.received.isEmpty)
    }

    @Test("capabilities after TLS differ from those before: only the new ones are known",
          arguments: [("smtp-capabilities-change", MailProtocol.smtp, ["AUTH SCRAM-SHA-256", "X-AFTER-TLS"]),
                      ("imap-capabilities-change", .imap, ["IMAP4REV1", "AUTH=SCRAM-SHA-256", "X-AFTER-TLS"]),
                      ("pop3-capabilities-change", .pop3, ["SASL SCRAM-SHA-256", "X-AFTER-TLS"])])
    func capabilitiesChange(scenario: String, mailProtocol: MailProtocol, after: [String]) throws {
        let connection = try HostileConnection(scenario, mailProtocol)
        try connection.session.open()
        try connection.session.startTLS(requireAdvertised: true)
        try connection.session.waitForServer()
        #expect(connection.session.isTLS)
        #expect(connection.session.dialect.capabilities == after)
        connection.session.quit()
    }
}
