import MailCore

/// `mailrepl check URL`: walks a server the way a mail program would (name, connection, greeting, TLS and its
/// certificate, capabilities, login, and optionally sender and recipient) and reports each step with its time
/// and, when it fails, the cause and the fix.
///
/// The first connection is read byte by byte, before any session exists, to recognise the classic port mix-ups
/// from what the server sends (RFC 8314 §3.3): a plaintext greeting where TLS was expected, or a port that waits
/// for a TLS handshake instead of greeting. The rest runs on an ordinary `Session`, so `--record` gets the same
/// transcript, with the same redaction, as an interactive session. Nothing is ever sent as mail: MAIL FROM and
/// RCPT TO are followed by RSET.
public final class RelayCheck {
    public let target: MailTarget
    public let options: CheckOptions
    /// Each step, as soon as it is known.
    public var onStep: ((CheckStep) -> Void)?
    /// Every event of every session the check opens, and notices for what the probe saw.
    public var onEvent: ((SessionEvent) -> Void)?
    public private(set) var steps: [CheckStep] = []

    let credentials: SASLCredentials?
    let crypto: any SASLCrypto
    /// The session the walk runs on.
    var session: Session?
    /// Whether `session` is logged in.
    var authenticated = false

    /// - Parameter secret: the password (or token) for the URL's user; nil skips the login steps.
    public init(target: MailTarget, options: CheckOptions, secret: String?, crypto: any SASLCrypto = LibCryptoSASL()) {
        self.target = target
        self.options = options
        self.crypto = crypto
        if let user = target.user, let secret {
            credentials = SASLCredentials(user: user, secret: secret, host: target.host, port: target.port)
        } else {
            credentials = nil
        }
    }

    public func run() -> CheckReport {
        walk()
        session?.close()
        return CheckReport(url: target.url, steps: steps)
    }

    private func walk() {
        guard resolve(), openingProbe(), let session = openSession(quietly: false) else { return }
        self.session = session
        switch target.mailProtocol {
        case .smtp: walkSMTP(session)
        case .imap: walkIMAP(session)
        case .pop3: walkPOP3(session)
        }
    }

    // MARK: - Steps

    func add(_ step: CheckStep) {
        steps.append(step)
        onStep?(step)
    }

    var hasFailed: Bool {
        steps.contains { $0.status == .failed && $0.stage.exitStatus != 0 }
    }

    func note(_ text: String) {
        onEvent?(.notice(text))
    }

    // MARK: - Sessions

    /// Opens a session to the target: the main one, or another for a further login method.
    func openSession(quietly: Bool) -> Session? {
        let session = Session(target: target, options: options.session)
        session.addObserver { [weak self] event in
            self?.onEvent?(event)
        }
        do {
            try session.open()
            return session
        } catch {
            if !quietly {
                add(CheckStep(.greeting, "session", .failed, error: .session(error)))
            }
            return nil
        }
    }

    /// A command's response: the line that completed it, every line, and the time it took.
    struct Exchange {
        var final: ServerLine?
        var reception: Reception?
        /// The first line of the response: the status of a POP3 multi-line response, whose last line is ".".
        var first: (ServerLine, Reception)?
        var lines: [ServerLine] = []
        var elapsed: Duration = .zero

        private var status: (ServerLine, Reception)? {
            if let final, let reception, reception.kind != .data {
                return (final, reception)
            }
            return first
        }

        var text: String { status.map { TerminalSafeText.escape($0.0.bytes) } ?? "(no reply)" }
        var succeeded: Bool { status?.1.kind == .success }
    }

    /// Sends `line` as if typed and waits for its complete response.
    func exchange(_ session: Session, _ line: String) throws(SessionError) -> Exchange {
        var result = Exchange()
        let start = ContinuousClock.now
        try session.observing({ event in
            if case .received(let line, let reception) = event {
                if result.first == nil {
                    result.first = (line, reception)
                }
                result.lines.append(line)
                if reception.completion != nil {
                    result.final = line
                    result.reception = reception
                }
            }
        }, during: { () throws(SessionError) in
            try session.enter(Array(line.utf8))
            try session.waitForServer()
        })
        result.elapsed = ContinuousClock.now - start
        return result
    }

    /// Runs `body`; a session error becomes a failed step of `stage` and gives nil.
    func attempt(_ stage: CheckStage, _ title: String,
                 _ body: () throws(SessionError) -> Exchange) -> Exchange? {
        do {
            return try body()
        } catch {
            add(CheckStep(stage, title, .failed, error: .session(error)))
            return nil
        }
    }

    // MARK: - Shared steps

    /// STARTTLS (STLS), the handshake, the certificate, and the capabilities asked again, as four steps.
    /// False when the walk cannot go on.
    func upgrade(_ session: Session, capabilityTitle: String) -> Bool {
        let command = target.mailProtocol.startTLSCommand
        let start = ContinuousClock.now
        var goAhead: ContinuousClock.Instant?
        var handshakeDone: ContinuousClock.Instant?
        var reply = ""
        let watch: (SessionEvent) -> Void = { event in
            switch event {
            case .received(let line, let reception) where reception.completion == .startTLS:
                goAhead = ContinuousClock.now
                reply = TerminalSafeText.escape(line.bytes)
            case .tlsStarted:
                handshakeDone = ContinuousClock.now
            default:
                break
            }
        }
        do {
            try session.observing(watch) { () throws(SessionError) in
                try session.startTLS(requireAdvertised: true)
            }
        } catch {
            let reached = goAhead ?? ContinuousClock.now
            switch error {
            case .startTLSRefused(_, let line):
                add(CheckStep(.startTLS, command, .failed, elapsed: reached - start,
                              detail: [TerminalSafeText.escape(line)],
                              cause: "the server offers \(command) but refused it: its TLS set-up (certificate, key) "
                                + "is probably broken",
                              fix: "tell the server's administrator; meanwhile try the implicit-TLS port "
                                + "(\(target.mailProtocol.rawValue)s://, port \(target.mailProtocol.implicitTLSPort))"))
            case .transport(.certificateRejected(let problem)):
                add(CheckStep(.startTLS, command, .passed, elapsed: reached - start, detail: [reply]))
                add(CheckStep(.tlsHandshake, "TLS handshake", .passed, elapsed: ContinuousClock.now - reached))
                add(certificateRefusal(problem))
            case .transport(.tlsHandshake):
                add(CheckStep(.startTLS, command, .passed, elapsed: reached - start, detail: [reply]))
                add(CheckStep(.tlsHandshake, "TLS handshake", .failed, elapsed: ContinuousClock.now - reached,
                              error: .session(error)))
            default:
                add(CheckStep(.startTLS, command, .failed, elapsed: ContinuousClock.now - start,
                              error: .session(error)))
            }
            return false
        }
        let reached = goAhead ?? start
        let secured = handshakeDone ?? reached
        add(CheckStep(.startTLS, command, .passed, elapsed: reached - start, detail: [reply]))
        if let summary = session.tlsSummary {
            add(CheckStep(.tlsHandshake, "TLS handshake", .passed, elapsed: secured - reached,
                          detail: ["\(summary.protocolVersion), \(summary.cipher)"]))
            add(certificateStep(summary))
        }
        add(CheckStep(.capabilities, capabilityTitle, .passed, elapsed: ContinuousClock.now - secured,
                      detail: capabilityDetail(session)))
        return true
    }

    func capabilityDetail(_ session: Session) -> [String] {
        let capabilities = session.dialect.capabilities.map(TerminalSafeText.escape)
        let separator = target.mailProtocol == .imap ? " " : ", "
        return [capabilities.isEmpty ? "(none listed)" : capabilities.joined(separator: separator)]
    }

    /// The certificate of a TLS connection that verified (or went on because of --insecure).
    func certificateStep(_ summary: TLSSummary) -> CheckStep {
        var detail = ["\(summary.subject); issued by \(summary.issuer)"]
        let days = CertificateDates.daysLeft(until: summary.notAfter)
        detail.append("valid until \(summary.notAfter)" + (days.map { " (\($0) days left)" } ?? ""))
        if !summary.subjectAlternativeNames.isEmpty {
            detail.append("names: " + summary.subjectAlternativeNames.joined(separator: ", "))
        }
        if let problem = summary.problem {
            return CheckStep(.certificate, "certificate", .warning,
                             detail: detail + problem.chain.map { "chain " + $0 },
                             cause: "the certificate does not verify (OpenSSL: \(problem.verifyText)); the check "
                                + "went on only because of --insecure",
                             fix: certificateFix(problem))
        }
        detail.insert("verified: trusted chain, matches \(summary.serverName)", at: 0)
        // Renewal is due once a third of the validity is left (as ACME clients do it, 30 of Let's Encrypt's 90
        // days); a certificate still unrenewed with two weeks to go, or past that third, is worth a warning.
        if let days, let lifetime = CertificateDates.days(from: summary.notBefore, to: summary.notAfter),
           days < min(14, lifetime / 3) {
            return CheckStep(.certificate, "certificate", .warning, detail: detail,
                             cause: "the certificate expires in \(days) days (of \(lifetime)); clients will refuse "
                                + "it then",
                             fix: "renew it now (with ACME clients, check that automatic renewal runs)")
        }
        return CheckStep(.certificate, "certificate", .passed, detail: detail)
    }

    func certificateRefusal(_ problem: CertificateProblem) -> CheckStep {
        CheckStep(.certificate, "certificate", .failed, fix: certificateFix(problem),
                  error: .transport(.certificateRejected(problem)))
    }

    private func certificateFix(_ problem: CertificateProblem) -> String {
        switch problem.kind {
        case .unknownIssuer, .selfSigned:
            return "if this is the right server, pass its CA with --cafile FILE; if it should be publicly trusted, "
                + "the server must send a certificate from a public CA with its intermediate certificates"
        case .nameMismatch:
            return "connect with a name the certificate lists, or have the certificate reissued for "
                + "\(problem.host)"
        case .expired, .notYetValid:
            return "the server's administrator must renew the certificate (or fix this machine's clock)"
        case .other:
            return "compare the chain with what the server should present; --insecure skips the check"
        }
    }

    /// QUIT or LOGOUT, as the last step.
    func quit(_ session: Session) {
        let command = target.mailProtocol == .imap ? "LOGOUT" : "QUIT"
        guard session.isConnected else { return }
        do {
            let reply = try exchange(session, command)
            add(CheckStep(.quit, command, reply.succeeded ? .passed : .warning, elapsed: reply.elapsed,
                          detail: [reply.text]))
        } catch {
            add(CheckStep(.quit, command, .warning, error: .session(error)))
        }
        session.close()
    }
}
