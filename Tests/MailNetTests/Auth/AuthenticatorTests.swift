import MailCore
import MailTestSupport
import Testing
@testable import MailNet

/// Every mechanism the test servers offer (Dovecot: PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256, also behind
/// Postfix) logs in with the right password in the three protocols; CRAM-MD5 and SCRAM run for real. A wrong
/// password is tried with one mechanism per protocol here (every method meets one in AuthScriptTests): Dovecot
/// delays each refusal by 2 s and lengthens the delay for an address that keeps failing, which slows every login
/// of the whole test run. The logins are bob's, each wrong password is followed by the right one (which ends the
/// penalty), and the cases run on threads of their own (`ParallelCases`).
@Suite("Authentication against real Dovecot and Postfix",
       .enabled(if: TestServers.isAvailable, "needs ./project.sh test"))
struct AuthenticatorTests {
    static let mechanisms: [SASLMechanismKind] = [.plain, .login, .cramMD5, .scramSHA1, .scramSHA256]

    /// SMTP submission: STARTTLS first, then AUTH (RFC 4954 §4), with and without the initial response.
    @Test func smtpSubmission() throws {
        let cases = Self.mechanisms.flatMap { kind in [(kind, true), (kind, false)] }
        let results = ParallelCases.run(cases) { kind, initialResponse in
            try Attempt.run(.smtp, .plain, hostKey: "SMTP_HOST", portKey: "SMTP_SUBMISSION_PORT",
                            method: .sasl(kind), initialResponse: initialResponse,
                            wrongFirst: initialResponse && kind == .scramSHA256)
        }
        for ((kind, _), result) in zip(cases, results) {
            let attempt = try result.get()
            attempt.expect(rightReply: "235 2.7.0", wrongReply: "535 5.7.8", "\(kind.name)")
            if kind == .scramSHA1 || kind == .scramSHA256 {
                #expect(attempt.right?.serverVerified == true)
                #expect(attempt.wrong.map { $0.serverVerified != true } ?? true)
            }
        }
    }

    /// IMAP over implicit TLS: AUTHENTICATE with SASL-IR (RFC 4959), and LOGIN.
    @Test func imaps() throws {
        let methods = Self.mechanisms.map(AuthMethod.sasl) + [.imapLogin]
        let results = ParallelCases.run(methods) { method in
            try Attempt.run(.imap, .implicitTLS, hostKey: "IMAP_HOST", portKey: "IMAPS_PORT", method: method,
                            wrongFirst: method == .imapLogin)
        }
        for (method, result) in zip(methods, results) {
            try result.get().expect(rightReply: "OK", wrongReply: "NO [AUTHENTICATIONFAILED]", method.name)
        }
    }

    /// A LOGIN password that needs a quoted string or a literal is well-formed: the server answers NO (wrong
    /// password), never BAD (bad syntax). RFC 9051 §9 astring, §4.3 literals.
    @Test func imapLoginQuoting() throws {
        let passwords = [#"a "quoted" pass\wörd {5}"#]
        let results = ParallelCases.run(passwords) { password in
            try Attempt.run(.imap, .implicitTLS, hostKey: "IMAP_HOST", portKey: "IMAPS_PORT", method: .imapLogin,
                            wrongPassword: password)
        }
        for (password, result) in zip(passwords, results) {
            try result.get().expect(rightReply: "OK", wrongReply: "NO [AUTHENTICATIONFAILED]", password)
        }
    }

    /// POP3 over implicit TLS: AUTH (RFC 5034) with the initial response, and USER/PASS (RFC 1939 §7).
    @Test func pop3s() throws {
        let methods = Self.mechanisms.map(AuthMethod.sasl) + [.pop3UserPass]
        let results = ParallelCases.run(methods) { method in
            try Attempt.run(.pop3, .implicitTLS, hostKey: "POP3_HOST", portKey: "POP3S_PORT", method: method,
                            wrongFirst: method == .sasl(.cramMD5))
        }
        for (method, result) in zip(methods, results) {
            try result.get().expect(rightReply: "+OK", wrongReply: "-ERR", method.name)
        }
    }

    /// Without TLS on 127.0.0.2, Dovecot advertises LOGINDISABLED: LOGIN is refused before anything is sent,
    /// while SCRAM, which keeps the password off the wire, still works and proves the server.
    @Test func imapWithoutTLS() throws {
        let servers = try #require(TestServers.current)
        let recorder = SessionRecorder(.imap, hostKey: "IMAP_HOST", portKey: "IMAP_PORT")
        try recorder.session.open()
        let authenticator = Authenticator(session: recorder.session) { _ in }
        #expect(authenticator.refusal(of: .imapLogin) == .loginDisabled)
        #expect(authenticator.cautions(for: .sasl(.plain)).contains { $0.contains("no TLS") })
        #expect(authenticator.cautions(for: .sasl(.scramSHA256)).isEmpty)
        let outcome = try authenticator.authenticate(AuthenticationRequest(
            method: .sasl(.scramSHA256), credentials: SASLCredentials(user: servers["BOB_USER"],
                                                                     secret: servers["BOB_PASSWORD"])))
        #expect(outcome.accepted && outcome.serverVerified == true)
        recorder.session.quit()
    }

    /// Dovecot's greeting has no timestamp: APOP is refused before the password is needed (RFC 1939 §7).
    @Test func pop3WithoutAPOP() throws {
        let recorder = SessionRecorder(.pop3, security: .implicitTLS, hostKey: "POP3_HOST", portKey: "POP3S_PORT")
        try recorder.session.open()
        let authenticator = Authenticator(session: recorder.session) { _ in }
        #expect(authenticator.refusal(of: .apop) == .noAPOPTimestamp)
        #expect(authenticator.refusal(of: .imapLogin) == .methodNotInProtocol(.imapLogin, .pop3))
        recorder.session.quit()
    }
}

/// One method tried with a wrong password, then the right one, each on a fresh connection; with what observers
/// were shown.
struct Attempt: Sendable {
    var wrong: AuthenticationOutcome?
    var right: AuthenticationOutcome?
    var wrongPassword: String
    var rightPassword: String
    var user: String
    /// Sent lines (as shown) and notices of both sessions.
    var shown: [String]

    static func run(_ mailProtocol: MailProtocol, _ security: MailTarget.Security, hostKey: String, portKey: String,
                    method: AuthMethod, initialResponse: Bool = true, wrongFirst: Bool = true,
                    wrongPassword: String = "wrong-password") throws -> Attempt {
        let servers = try #require(TestServers.current)
        var attempt = Attempt(wrongPassword: wrongPassword, rightPassword: servers["BOB_PASSWORD"],
                              user: servers["BOB_USER"], shown: [])
        for (password, isRight) in (wrongFirst ? [(wrongPassword, false)] : []) + [(attempt.rightPassword, true)] {
            let target = MailTarget(mailProtocol: mailProtocol, security: security, host: servers[hostKey],
                                    port: servers.port(portKey))
            var options = Session.Options()
            options.caFile = servers["CA_FILE"]
            // Generous: while the whole test run refuses logins, Dovecot delays each one more.
            options.responseTimeout = .seconds(60)
            let recorder = SessionRecorder(target: target, options: options)
            try recorder.session.open()
            switch mailProtocol {
            case .smtp:
                try recorder.send("EHLO client.example.test")
                try recorder.session.startTLS(requireAdvertised: true)
                try recorder.session.waitForServer()
            case .pop3:
                try recorder.send("CAPA")
            case .imap:
                break
            }
            let authenticator = Authenticator(session: recorder.session) { _ in }
            let outcome = try authenticator.authenticate(AuthenticationRequest(
                method: method, credentials: SASLCredentials(user: attempt.user, secret: password),
                initialResponse: initialResponse))
            if isRight { attempt.right = outcome } else { attempt.wrong = outcome }
            recorder.session.quit()
            for event in recorder.events {
                switch event {
                case .sent(_, let line): attempt.shown.append(String(decoding: line, as: UTF8.self))
                case .notice(let text): attempt.shown.append(text)
                default: break
                }
            }
        }
        return attempt
    }

    func expect(rightReply: String, wrongReply: String, _ label: String,
                sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(right?.accepted == true, "\(label): right password", sourceLocation: sourceLocation)
        #expect(right.map { String(decoding: $0.reply, as: UTF8.self).contains(rightReply) } == true,
                "\(label)", sourceLocation: sourceLocation)
        if let wrong {
            #expect(!wrong.accepted, "\(label): wrong password", sourceLocation: sourceLocation)
            #expect(String(decoding: wrong.reply, as: UTF8.self).contains(wrongReply), "\(label)",
                    sourceLocation: sourceLocation)
        }
        for password in [wrongPassword, rightPassword] {
            for form in SecretForms.of(password: password, user: user) {
                #expect(!shown.contains { $0.contains(form) }, "\(label): \(form) was shown",
                        sourceLocation: sourceLocation)
            }
        }
    }
}
