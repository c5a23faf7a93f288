import MailCore
import Testing

/// swaks output captured from the test Postfix (submission port, STARTTLS, AUTH).
@Suite("Transcript: swaks import")
struct SwaksImportTests {
    static let submission = """
        === Trying 127.0.0.1:26596...
        === Connected to 127.0.0.1.
        <-  220 mail.example.test ESMTP Postfix
         -> EHLO client.example
        <-  250-mail.example.test
        <-  250-STARTTLS
        <-  250 CHUNKING
         -> STARTTLS
        <-  220 2.0.0 Ready to start TLS
        === TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256
        === TLS no local certificate set
        === TLS peer DN="/CN=localhost"
         ~> EHLO client.example
        <~  250-mail.example.test
        <~  250-AUTH PLAIN LOGIN CRAM-MD5
        <~  250 CHUNKING
         ~> AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB3b25kZXJsYW5k
        <~  235 2.7.0 Authentication successful
         ~> AUTH LOGIN
        <~  334 VXNlcm5hbWU6
         ~> YWxpY2VAZXhhbXBsZS50ZXN0
        <~  334 UGFzc3dvcmQ6
         ~> d3Jvbmc=
        <~* 535 5.7.8 Error: authentication failed: (reason unavailable)
        *** No authentication type succeeded
         ~> DATA
        <~  354 End data with <CR><LF>.<CR><LF>
         ~> Subject: test\r
         ~> \r
         ~> ..a stuffed dot\r
         ~> .
        <~  250 2.0.0 Ok: queued as B7B4BF86222
         ~> QUIT
        <~  221 2.0.0 Bye
        === Connection closed with remote host.

        """

    @Test("lines, TLS and close become entries; secrets never survive the import")
    func submission() throws {
        let transcript = try TranscriptReader.read(Array(Self.submission.utf8), file: "swaks.txt")
        #expect(transcript.source == .swaks)
        #expect(transcript.mailProtocol == .smtp)
        let text = TranscriptWriter.text(of: transcript.entries)
        for secret in ["AGFsaWNlQGV4YW1wbGUudGVzdAB3b25kZXJsYW5k", "YWxpY2VAZXhhbXBsZS50ZXN0", "d3Jvbmc="] {
            #expect(!text.contains(secret))
        }
        #expect(text.contains("* connect url=smtp://127.0.0.1:26596\n"))
        #expect(text.contains("* connected address=127.0.0.1\n"))
        #expect(text.contains("* tls version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 subject=/CN=localhost\n"))
        #expect(text.contains("C: AUTH PLAIN ‹redacted›\n"))
        #expect(text.contains("C: AUTH LOGIN\nS: 334 VXNlcm5hbWU6\n* redacted "))
        #expect(text.contains("S: 535 5.7.8 Error: authentication failed: (reason unavailable)\n"))
        #expect(text.contains("C: Subject: test\nC:\nC: ..a stuffed dot\nC: .\n"))
        #expect(text.contains("* close by=server\n"))
        #expect(text.contains("* note text=\"swaks: No authentication type succeeded\"\n"))
    }

    @Test("TLS before the greeting (swaks --tlsc) makes the target smtps")
    func implicitTLS() throws {
        let transcript = try TranscriptReader.read(Array("""
            === Trying 127.0.0.1:465...
            === Connected to 127.0.0.1.
            === TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256
            <~  220 mail.example.test ESMTP Postfix
            """.utf8), file: "swaks.txt")
        #expect(transcript.target?.security == .implicitTLS)
        #expect(transcript.target?.port == 465)
    }
}
