import MailCore
import MailTestSupport
import Testing
@testable import MailNet

/// `mailrepl check` against the real servers: a passing relay, and each classic mistake found and explained.
/// Logins are bob's, so that refused ones (which Dovecot delays) do not slow alice's logins in other tests.
@Suite("check against real Dovecot and Postfix", .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct RelayCheckTests {
    let servers: TestServers

    init() throws {
        servers = try #require(TestServers.current)
    }

    func url(_ scheme: String, _ hostKey: String, _ portKey: String, user: Bool = true) -> String {
        let userPart = user ? "bob%40example.test@" : ""
        return "\(scheme)://\(userPart)\(servers[hostKey]):\(servers[portKey])"
    }

    func check(_ text: String, password: String? = nil, caKey: String = "CA_FILE",
               _ configure: (inout CheckOptions) -> Void = { _ in }) throws -> CheckReport {
        Self.check(text, password: password ?? servers["BOB_PASSWORD"], caFile: servers[caKey], configure)
    }

    static func check(_ text: String, password: String, caFile: String,
                      _ configure: (inout CheckOptions) -> Void = { _ in }) -> CheckReport {
        guard let target = try? MailTargetParser.parse(text) else { return CheckReport(url: text, steps: []) }
        var options = CheckOptions()
        options.session.caFile = caFile
        // Generous: while the whole test run refuses logins, Dovecot delays each one more.
        options.session.responseTimeout = .seconds(60)
        configure(&options)
        return RelayCheck(target: target, options: options, secret: password).run()
    }

    func step(_ report: CheckReport, _ stage: CheckStage) -> CheckStep? {
        report.steps.first { $0.stage == stage }
    }

    // MARK: - Passing

    @Test("a submission relay that works: every step passes, MAIL FROM and RCPT TO accepted, then RSET")
    func passingSubmission() throws {
        let report = try check(url("smtp", "SMTP_HOST", "SMTP_SUBMISSION_PORT")) { options in
            options.sender = "bob@example.test"
            options.recipient = "alice@example.test"
        }
        #expect(report.exitStatus == 0)
        #expect(!report.steps.contains { $0.status == .failed })
        let stages = report.steps.map(\.stage)
        for stage in [CheckStage.resolve, .connect, .greeting, .capabilities, .startTLS, .tlsHandshake, .certificate,
                      .authOffered, .authentication, .sender, .recipient, .quit] {
            #expect(stages.contains(stage), "\(stage)")
        }
        let login = try #require(step(report, .authentication))
        #expect(login.title == "AUTH SCRAM-SHA-256 as bob@example.test")
        #expect(login.detail.contains { $0.contains("proved that it knows the password") })
        #expect(report.steps.contains { $0.title == "RSET (nothing is sent)" && $0.status == .passed })
    }

    @Test("every mechanism the servers offer logs in, on SMTPS, IMAP with STARTTLS and POP3S")
    func everyMechanism() throws {
        let urls = [url("smtps", "SMTP_HOST", "SMTP_SMTPS_PORT"), url("imap", "IMAP_HOST", "IMAP_PORT"),
                    url("pop3s", "POP3_HOST", "POP3S_PORT")]
        let password = servers["BOB_PASSWORD"], caFile = servers["CA_FILE"]
        let reports = ParallelCases.run(urls) { text in
            Self.check(text, password: password, caFile: caFile) { $0.allMethods = true }
        }
        for (text, result) in zip(urls, reports) {
            let report = try result.get()
            #expect(report.exitStatus == 0, "\(text)")
            let logins = report.steps.filter { $0.stage == .authentication }
            let expected = text.hasPrefix("smtps") ? 5 : 6
            #expect(logins.count == expected && logins.allSatisfy { $0.status == .passed }, "\(text)")
        }
        let imap = try #require(reports[1].get().steps.first { $0.stage == .mailbox })
        #expect(imap.title == "SELECT INBOX" && imap.status == .passed)
        let pop3 = try #require(reports[2].get().steps.first { $0.stage == .mailbox })
        #expect(pop3.title == "STAT" && pop3.detail.first?.hasSuffix("octets") == true)
    }

    // MARK: - Credentials

    @Test("a wrong password is named as such in all three protocols, and the right one then passes")
    func wrongPassword() throws {
        let cases = [(url("smtp", "SMTP_HOST", "SMTP_SUBMISSION_PORT"), "PLAIN"),
                     (url("imaps", "IMAP_HOST", "IMAPS_PORT"), "CRAM-MD5"),
                     (url("pop3", "POP3_HOST", "POP3_PORT"), "SCRAM-SHA-1")]
        let right = servers["BOB_PASSWORD"], caFile = servers["CA_FILE"]
        let results = ParallelCases.run(cases) { text, mechanism in
            let method = AuthMethod(name: mechanism).map { [$0] } ?? []
            let wrong = Self.check(text, password: "not-" + right, caFile: caFile) { $0.methods = method }
            let fixed = Self.check(text, password: right, caFile: caFile) { $0.methods = method }
            return (wrong, fixed)
        }
        for ((text, _), result) in zip(cases, results) {
            let (wrong, fixed) = try result.get()
            #expect(wrong.exitStatus == 19, "\(text)")
            let login = try #require(step(wrong, .authentication))
            #expect(login.status == .failed)
            #expect(login.cause?.contains("rejected the user name or the password") == true, "\(text)")
            #expect(fixed.exitStatus == 0, "\(text)")
        }
    }

    @Test("STARTTLS required before AUTH: without it the submission port offers no AUTH and takes no MAIL")
    func startTLSBeforeAuth() throws {
        let report = try check(url("smtp", "SMTP_HOST", "SMTP_SUBMISSION_PORT")) { options in
            options.skipStartTLS = true
            options.sender = "bob@example.test"
        }
        #expect(report.exitStatus == 18)
        let offered = try #require(step(report, .authOffered))
        #expect(offered.cause?.contains("only offered after STARTTLS") == true)
        let sender = try #require(step(report, .sender))
        #expect(sender.status == .failed && sender.detail.first?.hasPrefix("530") == true)
        #expect(sender.cause?.contains("no mail before STARTTLS") == true)
    }

    @Test("IMAP LOGIN without TLS: LOGINDISABLED is found before any password is sent")
    func loginDisabled() throws {
        let report = try check(url("imap", "IMAP_HOST", "IMAP_PORT")) { options in
            options.skipStartTLS = true
            options.methods = [.imapLogin]
        }
        #expect(report.exitStatus == 18)
        let offered = report.steps.filter { $0.stage == .authOffered }
        #expect(offered.contains { $0.cause?.contains("LOGINDISABLED") == true })
        #expect(!report.steps.contains { $0.stage == .authentication })
    }

    // MARK: - Ports and TLS modes

    @Test("implicit TLS and STARTTLS ports mixed up, both directions, in all three protocols")
    func portMixUps() throws {
        let cases = [url("smtps", "SMTP_HOST", "SMTP_SUBMISSION_PORT"), url("smtp", "SMTP_HOST", "SMTP_SMTPS_PORT"),
                     url("imaps", "IMAP_HOST", "IMAP_PORT"), url("imap", "IMAP_HOST", "IMAPS_PORT"),
                     url("pop3s", "POP3_HOST", "POP3_PORT"), url("pop3", "POP3_HOST", "POP3S_PORT")]
        let password = servers["BOB_PASSWORD"], caFile = servers["CA_FILE"]
        let results = ParallelCases.run(cases) { text in
            let start = ContinuousClock.now
            let report = Self.check(text, password: password, caFile: caFile)
            return (report, ContinuousClock.now - start)
        }
        for (text, result) in zip(cases, results) {
            let (report, elapsed) = try result.get()
            #expect(report.exitStatus == 13, "\(text)")
            let mode = try #require(report.steps.first { $0.stage == .tlsMode }, "\(text)")
            let implicitURL = text.split(separator: ":").first?.hasSuffix("s") == true
            if implicitURL {
                // TLS sent to a plaintext port: the plaintext greeting is the evidence.
                #expect(mode.cause?.contains("speaks plaintext") == true, "\(text)")
                #expect(mode.fix?.contains("://bob%40example.test@") == true, "\(text)")
            } else {
                // Plaintext to a TLS port: silence, then a completed handshake; no waiting for a time-out.
                #expect(mode.cause?.contains("speaks implicit TLS") == true, "\(text)")
                #expect(mode.detail.contains { $0.hasPrefix("greeting over TLS") }, "\(text)")
            }
            #expect(elapsed < .seconds(6), "\(text) took \(elapsed)")
        }
    }

    @Test("relaying denied to a client that has not logged in")
    func relayDenied() throws {
        let report = try check(url("smtp", "SMTP_HOST", "SMTP_MX_PORT", user: false)) { options in
            options.sender = "someone@elsewhere.example"
            options.recipient = "victim@elsewhere.example"
        }
        #expect(report.exitStatus == 21)
        let recipient = try #require(step(report, .recipient))
        #expect(recipient.detail.first?.contains("Relay access denied") == true)
        #expect(recipient.cause?.hasPrefix("relaying denied") == true)
        #expect(recipient.fix?.contains("log in") == true)
        #expect(step(report, .authentication)?.status == .skipped)
    }

    @Test("a certificate from another CA is refused, after STARTTLS and on an implicit-TLS port")
    func wrongCA() throws {
        for text in [url("smtp", "SMTP_HOST", "SMTP_SUBMISSION_PORT"), url("imaps", "IMAP_HOST", "IMAPS_PORT")] {
            let report = try check(text, caKey: "OTHER_CA_FILE")
            #expect(report.exitStatus == 17, "\(text)")
            let certificate = try #require(step(report, .certificate))
            #expect(certificate.status == .failed)
            guard case .transport(.certificateRejected(let problem)) = certificate.error else {
                Issue.record("no certificate problem for \(text)")
                continue
            }
            #expect(problem.kind == .unknownIssuer)
            #expect(certificate.fix?.contains("--cafile") == true)
            #expect(!report.steps.contains { $0.stage == .authentication })
        }
    }

    @Test("a port that speaks another protocol, a closed port, and a server that never greets")
    func notThisProtocol() throws {
        let imap = try check("smtp://\(servers["IMAP_LOCAL_HOST"]):\(servers["IMAP_LOCAL_PORT"])")
        #expect(imap.exitStatus == 12)
        #expect(step(imap, .greeting)?.cause?.contains("answers as an IMAP server") == true)

        let closed = try check("pop3://127.0.0.1:1")
        #expect(closed.exitStatus == 11)
        #expect(step(closed, .connect)?.fix?.contains("110") == true)

        let silent = try SilentListener()
        let start = ContinuousClock.now
        let quiet = try check("smtp://127.0.0.1:\(silent.port)") { options in
            options.session.responseTimeout = .seconds(2)
        }
        #expect(quiet.exitStatus == 12)
        #expect(step(quiet, .greeting)?.cause?.contains("no greeting") == true)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    // MARK: - check HOST

    @Test("probing ports tells what answers, in which TLS mode, with which logins and certificate")
    func hostProbe() throws {
        var options = CheckOptions()
        options.session.caFile = servers["CA_FILE"]
        options.session.connectTimeout = .seconds(3)
        let ports = ["SMTP_MX_PORT", "SMTP_SUBMISSION_PORT", "SMTP_SMTPS_PORT"].map(servers.port) + [1]
        let rows = HostProbe(host: servers["SMTP_HOST"], ports: ports, options: options).run()
        #expect(rows.count == 4)
        #expect(rows[0].service == "SMTP" && rows[0].tls == "STARTTLS" && rows[0].auth == "none")
        #expect(rows[1].tls == "STARTTLS" && rows[1].auth.contains("SCRAM-SHA-256"))
        #expect(rows[1].note == "AUTH only after STARTTLS")
        #expect(rows[2].tls == "implicit TLS" && rows[2].certificate.hasPrefix("verified"))
        #expect(!rows[3].answers && rows[3].note?.hasPrefix("closed") == true)

        options.session.caFile = servers["OTHER_CA_FILE"]
        let untrusted = HostProbe(host: servers["SMTP_HOST"], ports: [servers.port("SMTP_SMTPS_PORT")],
                                  options: options).run()
        #expect(untrusted.first?.certificate == "unknown issuer")
    }
}
