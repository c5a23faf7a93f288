import MailCore
import Testing

@Suite("Replay: the server side as steps, and the client side as units")
struct ReplayScriptTests {
    func transcript(_ text: String) throws -> Transcript {
        try TranscriptReader.read(Array(text.utf8), file: "t")
    }

    @Test("an IMAP literal is sent as data, tagged responses carry their tag, STARTTLS and close are steps")
    func imapSteps() throws {
        let script = ReplayScript(try transcript("""
            # mailrepl transcript 1
            * connect url=imap://127.0.0.1:143
            S: * OK ready
            C: a001 STARTTLS
            S: a001 OK Begin TLS negotiation now.
            * tls version=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256
            C: a002 FETCH 1 BODY[]
            S: * 1 FETCH (BODY[] {23}
            S: a002 OK looks tagged
            S: x\\
            S: )
            S: a002 OK Fetch completed.
            * close by=server
            """))
        #expect(script.mailProtocol == .imap)
        #expect(script.usesTLS)
        #expect(script.connections.count == 1)
        let steps = script.connections[0].steps
        guard steps.count == 7, case .send(let greeting, _) = steps[0], case .expect(let starttls) = steps[1],
              case .startTLS = steps[3], case .send(let fetched, let lines) = steps[5],
              case .close(byServer: true, _) = steps[6] else {
            Issue.record("steps: \(steps)")
            return
        }
        #expect(greeting == [ReplayScript.ServerChunk(bytes: Array("* OK ready\r\n".utf8))])
        #expect(starttls.tag == "a001" && starttls.verb == "STARTTLS" && starttls.transcriptLine == 4)
        #expect(fetched.map(\.tag) == [nil, nil, nil, nil, "a002"])
        #expect(fetched[1].bytes == Array("a002 OK looks tagged\r\n".utf8))
        #expect(fetched[2].bytes == Array("x".utf8))
        #expect(lines == [8, 9, 10, 11, 12])
    }

    @Test("an RFC-style STARTTLS go-ahead gets its handshake; each connect is a new connection")
    func rfcStartTLSAndReconnect() throws {
        let script = ReplayScript(try transcript("""
            S: 220 mail.example ESMTP
            C: STARTTLS
            S: 220 Go ahead
            C: EHLO again.example
            S: 250 mail.example
            """))
        let steps = script.connections[0].steps
        #expect(steps.contains(.startTLS(transcriptLine: 4)))
        let two = ReplayScript(try transcript("""
            # mailrepl transcript 1
            * connect url=pop3://127.0.0.1:110
            S: +OK
            C: QUIT
            S: +OK bye
            * close by=server
            * connect url=pop3://127.0.0.1:110
            S: +OK
            * close by=client
            """))
        #expect(two.connections.count == 2)
        #expect(two.connections[1].steps.last == .close(byServer: false, transcriptLine: 9))
        if case .expect(let quit) = two.connections[0].steps[1] {
            #expect(quit.isClosingCommand)
        }
    }

    @Test("against: DATA content is one unit, unstuffed; a redacted SASL exchange is one login")
    func againstUnits() throws {
        let plan = AgainstPlan(try transcript("""
            # mailrepl transcript 1
            * connect url=smtp://127.0.0.1:25
            S: 220 hi
            C: AUTH LOGIN
            S: 334 VXNlcm5hbWU6
            C: ‹redacted›
            S: 334 UGFzc3dvcmQ6
            C: ‹redacted›
            S: 235 ok
            C: DATA
            S: 354 go
            C: Subject: x
            C: ..dot
            C: .
            S: 250 queued
            """))
        #expect(plan.units.map(\.sending) == [
            .connect, .authentication(mechanism: "LOGIN", initialResponse: false), .line(TranscriptLine("DATA")),
            .messageContent([Array("Subject: x".utf8), Array(".dot".utf8)]),
        ])
        #expect(plan.units[1].expected == Array("334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 ok\r\n".utf8))
        #expect(plan.units[3].expected == Array("250 queued\r\n".utf8))
    }

    @Test("what varies from run to run is put aside; what the server decided is not", arguments: [
        ("250 2.0.0 Ok: queued as 4778BF9E31B", "250 2.0.0 Ok: queued as 6BBAEF86467", nil as String?, true),
        ("a5 OK Select completed (0.001 + 0.000 secs).", "a5 OK Select completed (0.012 + 0.003 secs).", "SELECT",
         true),
        ("* OK [UIDVALIDITY 1795738203] UIDs valid", "* OK [UIDVALIDITY 17] UIDs valid", "SELECT", true),
        ("Date: Mon, 01 Jan 2024 10:00:00 +0000", "Date: Thu, 26 Nov 2026 23:50:12 -0800", nil, true),
        ("* 1 FETCH (INTERNALDATE \"01-Jan-2024 10:00:00 +0000\")",
         "* 1 FETCH (INTERNALDATE \"2-Feb-2025 11:00:00 +0100\")", "FETCH", true),
        ("334 PDEyMzQ+", "334 PDk5OTk+", "AUTH", true),
        ("+OK ready <1896.697170952@host>", "+OK ready <1.2@host>", nil, true),
        ("1 000000017795738203", "1 00000001aaaaaaaa", "UIDL", true),
        ("* 4 EXISTS", "* 5 EXISTS", "SELECT", false),
        ("250 2.1.0 Ok", "553 5.7.1 rejected", "MAIL", false),
        ("334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "MAIL", false),
    ])
    func variations(recorded: String, live: String, verb: String?, agree: Bool) {
        let variations = ReplyVariations()
        let mailProtocol: MailProtocol = recorded.hasPrefix("+OK") || verb == "UIDL" ? .pop3
            : recorded.hasPrefix("*") || recorded.hasPrefix("a5") ? .imap : .smtp
        let same = variations.normalized(recorded, after: verb, in: mailProtocol)
            == variations.normalized(live, after: verb, in: mailProtocol)
        #expect(same == agree)
    }
}
