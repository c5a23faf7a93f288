import MailCore
import Testing

@Suite("Transcript reader: forms and errors")
struct TranscriptReaderTests {
    func read(_ text: String, file: String = "session.transcript") throws(TranscriptReadError) -> Transcript {
        try TranscriptReader.read(Array(text.utf8), file: file)
    }

    func error(_ text: String) -> TranscriptReadError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("a mailrepl transcript: header, description, times, lines and events, with line numbers")
    func mailreplTranscript() throws {
        let transcript = try read("""
            # mailrepl transcript 1
            # POP3: read one message

            @0.000 * connect url=pop3://127.0.0.1:110
            @0.003 S: +OK Dovecot ready.
            @1.250 C: PASS ‹redacted›
            S: .\\
            """)
        #expect(transcript.source == .mailrepl(version: 1))
        #expect(transcript.description == "POP3: read one message")
        #expect(transcript.mailProtocol == .pop3)
        #expect(transcript.lineNumbers == [2, 4, 5, 6, 7])
        #expect(transcript.entries[2] == .server(TranscriptLine("+OK Dovecot ready."), at: 3))
        #expect(transcript.entries[3] == .client(TranscriptLine(pieces: [.bytes(Array("PASS ".utf8)), .redacted]),
                                                 at: 1250))
        #expect(transcript.entries[4] == .server(TranscriptLine(".", endsWithCRLF: false)))
    }

    @Test("errors name the file, the line and what was expected", arguments: [
        ("# mailrepl transcript 2\nS: +OK\n", 1, "version 1"),
        ("# mailrepl transcript 1\nS: +OK\nX: what\n", 3, "C: (client), S: (server), * (an event) or # (a comment)"),
        ("# mailrepl transcript 1\n@1.2345 S: +OK\n", 2, "a time such as @12.345"),
        ("# mailrepl transcript 1\n@12 \n", 2, "C: (client)"),
        ("# mailrepl transcript 1\nS:+OK\n", 2, "a space after S:"),
        ("# mailrepl transcript 1\n\n* connect\n", 3, "an attribute url= in a connect event"),
        ("# mailrepl transcript 1\n* tls version=1.3 cipher=\"x\n", 2, "a closing \" after cipher=\""),
        ("# mailrepl transcript 1\n* close by=sometime\n", 2, "by=client, server"),
        ("# mailrepl transcript 1\n* dropped count=-1\n", 2, "count=NUMBER"),
        ("* = x\n", 1, "a line starting with C: or S:"),
        ("S: 220 hello\nThen the client says hello.\n", 2, "a line starting with C: or S:"),
        ("=== Trying 127.0.0.1:25...\n<-  220 hi\nsomething else\n", 3, "a line of swaks output"),
    ])
    func errors(text: String, line: Int, expected: String) {
        let problem = error(text)
        #expect(problem?.file == "session.transcript")
        #expect(problem?.line == line)
        #expect(problem?.expected.contains(expected) == true, "\(String(describing: problem))")
        #expect(problem?.description.hasPrefix("session.transcript:\(line): expected ") == true)
    }

    @Test("the error shows the offending line terminal-safe")
    func errorExcerpt() {
        let problem = error("# mailrepl transcript 1\nQ: \u{1B}]0;title\u{07}\n")
        #expect(problem?.found == "\"Q: \\x1B]0;title\\x07\"")
    }

    @Test("an RFC 5321-style example reads as it stands: indentation, no escapes, CRLF implied, content stuffed")
    func rfcSMTP() throws {
        let transcript = try read("""
               S: 220 foo.com Simple Mail Transfer Service Ready
               C: EHLO bar.com
               S: 250-foo.com greets bar.com
               S: 250 HELP
               C: MAIL FROM:<Smith@bar.com>
               S: 250 OK
               C: DATA
               S: 354 Start mail input; end with <CRLF>.<CRLF>
               C: Path\\x41 stays as typed
               C: ...etc. etc. etc.
               C: .
               S: 250 OK
            """)
        #expect(transcript.source == .rfcStyle)
        #expect(transcript.mailProtocol == .smtp)
        #expect(transcript.entries.count == 12)
        #expect(transcript.entries[1] == .client(TranscriptLine("EHLO bar.com")))
        #expect(transcript.entries[7] == .server(TranscriptLine("354 Start mail input; end with <CRLF>.<CRLF>")))
        #expect(transcript.entries[8] == .client(TranscriptLine("Path\\x41 stays as typed")))
        #expect(transcript.entries[9] == .client(TranscriptLine("....etc. etc. etc.")), "content is dot-stuffed")
        #expect(transcript.entries[10] == .client(TranscriptLine(".")))
    }

    @Test("RFC 1939-style: aligned text after S:, stage directions become notes")
    func rfcPOP3() throws {
        let transcript = try read("""
                  S: <wait for connection on TCP port 110>
                  C: <open connection>
                  S:    +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>
                  C:    APOP mrose c4c9334bac560ecc979e58001b3e22fb
                  S:    +OK mrose's maildrop has 2 messages (320 octets)
            """)
        #expect(transcript.mailProtocol == .pop3)
        #expect(transcript.entries[0] == .event(.note("<wait for connection on TCP port 110>")))
        #expect(transcript.entries[1] == .event(.note("<open connection>")))
        #expect(transcript.entries[2]
                == .server(TranscriptLine("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>")))
        #expect(transcript.entries[3] == .client(TranscriptLine("APOP mrose c4c9334bac560ecc979e58001b3e22fb")))
    }

    @Test("RFC 9051-style IMAP: flags keep their backslashes, the protocol is recognised")
    func rfcIMAP() throws {
        let transcript = try read("""
            S: * OK IMAP4rev2 server ready
            C: A142 SELECT INBOX
            S: * 172 EXISTS
            S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)
            S: A142 OK [READ-WRITE] SELECT completed
            """)
        #expect(transcript.mailProtocol == .imap)
        #expect(transcript.entries[3]
                == .server(TranscriptLine("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)")))
    }

    @Test("a file with CRLF line ends reads like one with LF")
    func crlfFile() throws {
        let transcript = try read("# mailrepl transcript 1\r\nS: +OK\r\nC: QUIT\r\n")
        #expect(transcript.entries == [.server(TranscriptLine("+OK")), .client(TranscriptLine("QUIT"))])
    }
}
