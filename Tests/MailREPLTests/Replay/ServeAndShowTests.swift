import Foundation
import MailTestSupport
import Testing

/// replay and replay --serve on transcripts written here: differences, --strict, RFC text, swaks output, pacing.
@Suite("Replay: serving and showing")
struct ServeAndShowTests {
    /// RFC 5321's example session (appendix D.1), as RFC text: it must serve as it stands.
    static let rfcExample = """
           S: 220 foo.com Simple Mail Transfer Service Ready
           C: EHLO bar.com
           S: 250-foo.com greets bar.com
           S: 250-8BITMIME
           S: 250 HELP
           C: MAIL FROM:<Smith@bar.com>
           S: 250 OK
           C: RCPT TO:<Jones@foo.com>
           S: 250 OK
           C: DATA
           S: 354 Start mail input; end with <CRLF>.<CRLF>
           C: Blah blah blah...
           C: ...etc. etc. etc.
           C: .
           S: 250 OK
           C: QUIT
           S: 221 foo.com Service closing transmission channel
        """

    static let smtpClient = """
        import smtplib, sys
        s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='bar.com', timeout=20)
        s.ehlo()
        print(s.mail(sys.argv[2]))
        if s.sock is None:
            sys.exit(0)
        s.rcpt('Jones@foo.com')
        print(s.data(b'Blah blah blah...\\r\\n...etc. etc. etc.\\r\\n'))
        print(s.quit())
        """

    func file(_ text: String, _ name: String = "t.transcript") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mailrepl-\(UUID())-\(name)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("an RFC 5321 example serves smtplib as it stands (verbs in lower case, dots stuffed by the client)")
    func rfcExample() throws {
        let path = try file(Self.rfcExample, "rfc5321.txt")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let served = try ServedReplay([path])
        let client = try ClientProgram.python(Self.smtpClient, [String(served.port), "Smith@bar.com"])
        let (status, output) = served.finish()
        #expect(status == 0, "\(output)\n\(client.output)")
        #expect(output.contains("(SMTP) on 127.0.0.1:"))
        #expect(output.contains("C: ....etc. etc. etc.   (line 13)"))
        #expect(client.output.contains("(250, b'OK')"))
    }

    @Test("a client that departs from the transcript: exit 1, the line number, both lines, and a 421 for the client")
    func mismatch() throws {
        let path = try file(Self.rfcExample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let served = try ServedReplay([path])
        let client = try ClientProgram.python(Self.smtpClient, [String(served.port), "Someone@else.example"])
        let (status, output) = served.finish()
        #expect(status == 1, "\(output)")
        #expect(output.contains("! transcript line 6: the client sent something else: a different line"))
        #expect(output.contains("!   expected  C: MAIL FROM:<Smith@bar.com>"))
        #expect(output.contains("!   received  C: mail FROM:<Someone@else.example>"))
        #expect(client.output.contains("421"), "\(client.output)")
    }

    @Test("--strict: the lower-case verbs smtplib sends no longer pass")
    func strict() throws {
        let path = try file(Self.rfcExample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let served = try ServedReplay([path, "--strict"])
        _ = try ClientProgram.python(Self.smtpClient, [String(served.port), "Smith@bar.com"])
        let (status, output) = served.finish()
        #expect(status == 1)
        #expect(output.contains("transcript line 2: the client sent something else"))
    }

    @Test("swaks output: read as a transcript, converted with its secret redacted, served to smtplib")
    func swaks() throws {
        let swaks = try file("""
            === Trying 127.0.0.1:25...
            === Connected to 127.0.0.1.
            <-  220 mail.example.test ESMTP Postfix
             -> EHLO bar.com
            <-  250-mail.example.test
            <-  250 AUTH PLAIN
             -> AUTH PLAIN AGFsaWNlAHNlY3JldA==
            <-  235 2.7.0 Authentication successful
             -> QUIT
            <-  221 2.0.0 Bye
            === Connection closed with remote host.

            """, "swaks.txt")
        let converted = swaks + ".transcript"
        defer {
            try? FileManager.default.removeItem(atPath: swaks)
            try? FileManager.default.removeItem(atPath: converted)
        }
        let conversion = try MailreplProcess.run(["replay", swaks, "--convert", converted])
        #expect(conversion.status == 0, "\(conversion.combined)")
        let text = try String(contentsOfFile: converted, encoding: .utf8)
        #expect(text.hasPrefix("# mailrepl transcript 1\n* connect url=smtp://127.0.0.1:25\n"))
        #expect(text.contains("C: AUTH PLAIN ‹redacted›\n"))
        #expect(!text.contains("AGFsaWNlAHNlY3JldA=="))
        let attributes = try FileManager.default.attributesOfItem(atPath: converted)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let again = try MailreplProcess.run(["replay", swaks, "--convert", converted])
        #expect(again.status == 2)

        let served = try ServedReplay([converted])
        let client = try ClientProgram.python("""
            import smtplib, sys
            s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='bar.com', timeout=20)
            s.ehlo()
            s.user, s.password = 'alice', 'another password altogether'
            print(s.auth('PLAIN', s.auth_plain))
            print(s.quit())
            """, [String(served.port)])
        let (status, output) = served.finish()
        #expect(status == 0, "\(output)\n\(client.output)")
        #expect(output.contains("C: AUTH PLAIN ‹redacted›"))
        #expect(!output.contains("YW5vdGhlciBwYXNzd29yZCBhbHRvZ2V0aGVy"))
    }

    @Test("mailrepl's own client verifies the generated certificate and replays the submission session")
    func mailreplAsClient() throws {
        let file = Repository.root.appendingPathComponent("transcripts/smtp/submission-starttls-auth.transcript")
        let served = try ServedReplay([file.path])
        let client = try MailreplProcess.run(
            ["smtp://127.0.0.1:\(served.port)", "--cafile", served.certificateAuthority ?? ""],
            input: "EHLO client.example\n.starttls\n.auth plain alice@example.test\nMAIL FROM:<alice@example.test>\n"
                + "RCPT TO:<bob@example.test>\nDATA\nFrom: alice@example.test\nTo: bob@example.test\n"
                + "Subject: sent through submission\n\nHi Bob, this went over STARTTLS after AUTH PLAIN.\n.\nQUIT\n",
            environment: ["MAILREPL_PASSWORD": "any password"])
        let (status, output) = served.finish()
        #expect(status == 0, "\(output)\n\(client.combined)")
        #expect(client.status == 0, "\(client.combined)")
        #expect(client.output.contains("* verified: trusted chain, matches 127.0.0.1"))
        #expect(client.output.contains("* issued by: CN = mailrepl generated CA"))
        #expect(client.output.contains("S: 250 2.0.0 Ok: queued as "))
    }

    @Test("--listen ::1 serves on the IPv6 loopback; any other address is refused")
    func ipv6() throws {
        let path = try file(Self.rfcExample)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let refused = try MailreplProcess.run(["replay", "--serve", "--listen", "0.0.0.0", path])
        #expect(refused.status == 64)
        #expect(refused.combined.contains("127.0.0.1 or ::1"))
        let served = try ServedReplay([path, "--listen", "::1"])
        let client = try ClientProgram.python("""
            import smtplib, sys
            s = smtplib.SMTP('::1', int(sys.argv[1]), local_hostname='bar.com', timeout=20)
            s.ehlo(); s.mail('Smith@bar.com'); s.rcpt('Jones@foo.com')
            s.data(b'Blah blah blah...\\r\\n...etc. etc. etc.\\r\\n'); print(s.quit())
            """, [String(served.port)])
        let (status, output) = served.finish()
        #expect(status == 0, "\(output)\n\(client.output)")
        #expect(output.contains("on [::1]:"))
    }

    @Test("--speed 1 keeps the recorded pace, 10 is ten times faster, 0 is at once")
    func speed() throws {
        let path = try file("""
            # mailrepl transcript 1
            @0.000 S: +OK ready
            @0.000 C: QUIT
            @1.500 S: +OK bye
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        func seconds(_ speed: String) throws -> Double {
            let start = Date()
            let result = try MailreplProcess.run(["replay", path, "--speed", speed, "--protocol", "pop3"])
            #expect(result.status == 0)
            #expect(result.output.contains("S: +OK bye"))
            return Date().timeIntervalSince(start)
        }
        // Measured against --speed 0, so that the time to start the program does not count.
        let atOnce = try seconds("0")
        let recorded = try seconds("1") - atOnce
        let faster = try seconds("10") - atOnce
        #expect(recorded >= 1.0, "--speed 1 took \(recorded) s more than --speed 0")
        #expect(faster < recorded - 0.8, "--speed 10 took \(faster) s more than --speed 0")
    }

    @Test("--step waits for Enter before each client line; q stops")
    func step() throws {
        let path = try file("""
            S: +OK ready
            C: STAT
            S: +OK 0 0
            C: QUIT
            S: +OK bye
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let stopped = try MailreplProcess.run(["replay", path, "--step"], input: "\nq\n")
        #expect(stopped.status == 0)
        #expect(stopped.output.contains("C: STAT"))
        #expect(stopped.output.contains("* replay stopped"))
        #expect(!stopped.output.contains("C: QUIT"))
        let all = try MailreplProcess.run(["replay", path, "--step"], input: "\n\n")
        #expect(all.output.contains("S: +OK bye"))
    }

    @Test("a transcript that does not read: exit 2 and file:line: expected …")
    func unreadable() throws {
        let path = try file("# mailrepl transcript 1\nS: +OK\nQ: huh\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try MailreplProcess.run(["replay", path])
        #expect(result.status == 2)
        #expect(result.errorOutput.contains(
            "\(path):3: expected C: (client), S: (server), * (an event) or # (a comment)"))
    }
}
