import MailCore
import Testing
@testable import MailNet

/// The words the doctor finds for replies the test servers cannot be made to send: providers' texts, quoted as
/// they answer.
@Suite("check: diagnoses and port speakers")
struct CheckDiagnosisTests {
    /// Gmail's refusal of an account password when two-step verification is on.
    @Test func appSpecificPassword() {
        let reply = Array("534-5.7.9 Application-specific password required. Learn more at".utf8)
        let diagnosis = CheckDiagnosis.loginRefused(reply, mailProtocol: .smtp, user: "alice@gmail.com")
        #expect(diagnosis.cause.contains("app password"))
        #expect(diagnosis.fix.contains("app password"))
        let imap = Array("a1 NO [ALERT] Application-specific password required: https://support.google.com".utf8)
        #expect(CheckDiagnosis.loginRefused(imap, mailProtocol: .imap, user: "a").cause.contains("app password"))
    }

    @Test func credentialsRejectedInEachProtocol() {
        let smtp = CheckDiagnosis.loginRefused(Array("535 5.7.8 Error: authentication failed".utf8),
                                               mailProtocol: .smtp, user: "alice")
        #expect(smtp.cause.contains("rejected the user name or the password") && smtp.cause.contains("RFC 4954"))
        #expect(smtp.fix.contains("whole e-mail address"))
        let imap = CheckDiagnosis.loginRefused(Array("a1 NO [AUTHENTICATIONFAILED] Authentication failed.".utf8),
                                               mailProtocol: .imap, user: "alice@example.test")
        #expect(imap.cause.contains("RFC 5530") && !imap.fix.contains("whole e-mail address"))
        let pop3 = CheckDiagnosis.loginRefused(Array("-ERR [AUTH] Authentication failed.".utf8), mailProtocol: .pop3,
                                               user: "alice")
        #expect(pop3.cause.contains("RFC 3206"))
    }

    @Test func loginNeedsTLS() {
        let smtp = CheckDiagnosis.loginRefused(Array("530 5.7.0 Must issue a STARTTLS command first".utf8),
                                               mailProtocol: .smtp, user: "a")
        #expect(smtp.cause.contains("only after STARTTLS"))
        let imap = CheckDiagnosis.loginRefused(
            Array("a1 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure connections.".utf8),
            mailProtocol: .imap, user: "a")
        #expect(imap.cause.contains("without TLS"))
    }

    /// Postfix with reject_sender_login_mismatch (smtpd_sender_login_maps).
    @Test func senderNotOwned() {
        let reply = Array("553 5.7.1 <boss@example.test>: Sender address rejected: not owned by user alice".utf8)
        let diagnosis = CheckDiagnosis.senderRefused(reply, sender: "boss@example.test", authenticated: true,
                                                     user: "alice")
        #expect(diagnosis.cause.contains("does not belong to the account alice"))
    }

    @Test func relayDenied() {
        let reply = Array("554 5.7.1 <victim@elsewhere.example>: Relay access denied".utf8)
        let anonymous = CheckDiagnosis.recipientRefused(reply, recipient: "victim@elsewhere.example",
                                                        authenticated: false, port: 25)
        #expect(anonymous.cause.hasPrefix("relaying denied"))
        #expect(anonymous.fix.contains("587"))
        let exchange = Array("550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain".utf8)
        let other = CheckDiagnosis.recipientRefused(exchange, recipient: "x@y.example", authenticated: false,
                                                    port: 587)
        #expect(other.cause.hasPrefix("relaying denied"))
        #expect(CheckDiagnosis.recipientRefused(reply, recipient: "v@e.example", authenticated: true, port: 587)
                    .cause.contains("even after logging in"))
    }

    @Test func portSpeakers() {
        #expect(PortSpeaker(firstBytes: Array("220 mx.example ESMTP".utf8)) == .mail(.smtp))
        #expect(PortSpeaker(firstBytes: Array("220 ProFTPD Server (Debian)".utf8)) == .ftp)
        #expect(PortSpeaker(firstBytes: Array("* OK [CAPABILITY IMAP4rev1] ready".utf8)) == .mail(.imap))
        #expect(PortSpeaker(firstBytes: Array("+OK Dovecot ready.".utf8)) == .mail(.pop3))
        #expect(PortSpeaker(firstBytes: Array("SSH-2.0-OpenSSH_9.2p1".utf8)) == .ssh)
        #expect(PortSpeaker(firstBytes: Array("HTTP/1.1 400 Bad Request".utf8)) == .http)
        // A TLS alert record: content type 21, version 3.3 (RFC 8446 §5.1).
        #expect(PortSpeaker(firstBytes: [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]) == .tls)
        #expect(PortSpeaker(firstBytes: Array("hello".utf8)) == .unknown)
    }

    @Test func certificateDays() {
        #expect(CertificateDates.daysLeft(until: "2026-01-31 00:00:00 UTC", now: 1_769_212_800) == 7)
        #expect(CertificateDates.days(from: "2026-01-01 00:00:00 UTC", to: "2026-04-01 00:00:00 UTC") == 90)
        #expect(CertificateDates.daysLeft(until: "(unreadable)") == nil)
    }

    @Test func exitStatusIsTheFirstFailure() {
        let report = CheckReport(url: "smtp://h", steps: [
            CheckStep(.greeting, "greeting", .passed),
            CheckStep(.authentication, "AUTH PLAIN", .failed),
            CheckStep(.recipient, "RCPT", .failed),
        ])
        #expect(report.exitStatus == 19)
        #expect(CheckReport(url: "smtp://h", steps: [CheckStep(.quit, "QUIT", .failed)]).exitStatus == 0)
        #expect(Set(CheckStage.allCases.map(\.exitStatus)).count == CheckStage.allCases.count)
    }
}
