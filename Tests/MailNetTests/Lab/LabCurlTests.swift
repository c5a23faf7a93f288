import Foundation
import MailCore
import MailNet
import Testing

/// The lab against curl's SMTP, IMAP and POP3 clients, verifying the lab's certificate with --cacert.
@Suite("Lab with curl", .serialized)
struct LabCurlTests {
    static func curl(_ arguments: [String], input: String? = nil) throws -> LabClientProcess.Result {
        try LabClientProcess.run("curl", ["--silent", "--show-error", "--max-time", "20"] + arguments,
                                 input: input.map { Data($0.utf8) })
    }

    @Test("curl sends with STARTTLS and AUTH, reads with IMAP (STARTTLS) and IMAPS, downloads with POP3S")
    func sendAndFetch() throws {
        let lab = try PracticeLab()
        defer { lab.stop() }
        let message = "From: alice@lab.test\r\nTo: bob@lab.test\r\nSubject: from curl\r\n\r\nHello via curl.\r\n"
        let sent = try LabCurlTests.curl([
            "--url", "smtp://127.0.0.1:\(lab.port(.submission))", "--ssl-reqd", "--cacert", lab.caFile,
            "--user", "alice@lab.test:wonderland", "--mail-from", "alice@lab.test", "--mail-rcpt", "bob@lab.test",
            "--upload-file", "-"], input: message)
        #expect(sent.status == 0, "\(sent.errorOutput)")

        let fetched = try LabCurlTests.curl([
            "--url", "imap://127.0.0.1:\(lab.port(.imap))/INBOX;UID=1", "--ssl-reqd", "--cacert", lab.caFile,
            "--user", "bob@lab.test:builder"])
        #expect(fetched.status == 0, "\(fetched.errorOutput)")
        #expect(fetched.output.contains("Subject: from curl"))
        #expect(fetched.output.contains("Hello via curl."))

        let listed = try LabCurlTests.curl([
            "--url", "imaps://127.0.0.1:\(lab.port(.imaps))/", "--cacert", lab.caFile,
            "--user", "bob@lab.test:builder"])
        #expect(listed.status == 0, "\(listed.errorOutput)")
        #expect(listed.output.contains("\"INBOX\""))

        let downloaded = try LabCurlTests.curl([
            "--url", "pop3s://127.0.0.1:\(lab.port(.pop3s))/1", "--cacert", lab.caFile,
            "--user", "bob@lab.test:builder"])
        #expect(downloaded.status == 0, "\(downloaded.errorOutput)")
        #expect(downloaded.output.contains("Hello via curl."))
    }

    @Test("curl sees the relay refusal for another domain")
    func relayRefused() throws {
        let lab = try PracticeLab()
        defer { lab.stop() }
        let refused = try LabCurlTests.curl([
            "--url", "smtp://127.0.0.1:\(lab.port(.smtp))", "--mail-from", "alice@lab.test",
            "--mail-rcpt", "someone@example.com", "--upload-file", "-"], input: "Subject: x\r\n\r\nx\r\n")
        #expect(refused.status != 0)
        #expect(refused.errorOutput.contains("550"))
    }

    @Test("curl refuses the lab without its CA, and accepts it with it: the certificate is real")
    func certificate() throws {
        let lab = try PracticeLab()
        defer { lab.stop() }
        let unknown = try LabCurlTests.curl(["--url", "imaps://127.0.0.1:\(lab.port(.imaps))/",
                                             "--user", "bob@lab.test:builder", "--capath", "/nonexistent",
                                             "--cacert", "/dev/null"])
        #expect(unknown.status != 0)
        #expect(lab.certificateAuthority?.authorityPEM.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        var info = stat()
        #expect(stat(lab.caFile, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
    }
}
