import MailCore

/// `mailrepl check HOST`: which of the usual mail ports answer, what each speaks (told from its first bytes, not
/// from its number), in which TLS mode, whether it offers a login, and what its certificate is worth.
public final class HostProbe {
    /// SMTP 25, 465, 587 (RFC 5321, RFC 8314, RFC 6409), IMAP 143, 993, POP3 110, 995.
    public static let defaultPorts = [25, 465, 587, 143, 993, 110, 995]

    public let host: String
    public let ports: [Int]
    public let options: CheckOptions
    /// Every event of the sessions the probe opens, for `--record`.
    public var onEvent: ((SessionEvent) -> Void)?

    public init(host: String, ports: [Int] = HostProbe.defaultPorts, options: CheckOptions) {
        self.host = host
        self.ports = ports
        self.options = options
    }

    public func run(onRow: (ProbeRow) -> Void = { _ in }) -> [ProbeRow] {
        ports.map { port in
            let start = ContinuousClock.now
            var row = probe(port)
            row.elapsed = ContinuousClock.now - start
            onRow(row)
            return row
        }
    }

    private func probe(_ port: Int) -> ProbeRow {
        var row = ProbeRow(port: port)
        let socket: SocketTransport
        do {
            (socket, _) = try SocketTransport.connect(host: host, port: port, timeout: options.session.connectTimeout)
        } catch {
            row.note = Self.connectFailure(error)
            return row
        }
        let first = FirstLine.read(socket, until: ContinuousClock.now + options.greetingWait)
        switch first {
        case .line(let bytes):
            socket.close()
            let speaker = PortSpeaker(firstBytes: bytes)
            row.service = Self.name(of: speaker)
            guard case .mail(let mailProtocol) = speaker else {
                row.note = "not a mail server: " + TerminalSafeText.escape(bytes.prefix(60))
                return row
            }
            row.answers = true
            inspect(&row, MailTarget(mailProtocol: mailProtocol, security: .plain, host: host, port: port))
        case .silent:
            let configuration = TLSConfiguration(serverName: options.session.tlsServerName ?? host,
                                                 caFile: options.session.caFile, insecure: true)
            guard let (tls, _) = try? TLSTransport.handshake(over: socket, configuration: configuration,
                                                              timeout: .seconds(5)) else {
                socket.close()
                row.note = "connected, but no greeting and no TLS"
                return row
            }
            let greeting = FirstLine.read(tls, until: ContinuousClock.now + options.session.responseTimeout)
            tls.close()
            guard case .line(let bytes) = greeting, case .mail(let mailProtocol) = PortSpeaker(firstBytes: bytes) else {
                row.service = "TLS"
                row.tls = "implicit TLS"
                row.note = "TLS, but no mail greeting inside it"
                return row
            }
            row.service = mailProtocol.displayName
            row.answers = true
            inspect(&row, MailTarget(mailProtocol: mailProtocol, security: .implicitTLS, host: host, port: port))
        case .closed:
            socket.close()
            row.note = "closed the connection without a greeting"
        case .failed(let error):
            socket.close()
            row.error = .transport(error)
        }
        return row
    }

    /// A session on a port known to speak `target`'s protocol: capabilities, STARTTLS when offered, and the
    /// capabilities again. Certificates are looked at, not enforced (`insecure`), so that a bad one can be named.
    private func inspect(_ row: inout ProbeRow, _ target: MailTarget) {
        var sessionOptions = options.session
        sessionOptions.insecure = true
        let session = Session(target: target, options: sessionOptions)
        session.addObserver { [weak self] event in self?.onEvent?(event) }
        defer { session.quit() }
        do {
            try session.open()
            let query: String
            switch target.mailProtocol {
            case .smtp: query = "EHLO \(session.ehloArgument)"
            case .imap: query = "CAPABILITY"
            case .pop3: query = "CAPA"
            }
            try session.enter(Array(query.utf8))
            try session.waitForServer()
            var capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: target.mailProtocol)
            if target.security == .implicitTLS {
                row.tls = "implicit TLS"
            } else if capabilities.startTLS {
                let before = capabilities.mechanisms
                try session.startTLS(requireAdvertised: true)
                row.tls = "STARTTLS"
                capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: target.mailProtocol)
                if before.isEmpty && !capabilities.mechanisms.isEmpty {
                    row.note = "AUTH only after STARTTLS"
                }
            } else {
                row.tls = "none"
                if !capabilities.mechanisms.isEmpty {
                    row.note = "offers a login without TLS"
                }
            }
            row.auth = capabilities.mechanisms.isEmpty ? "none" : capabilities.mechanisms.joined(separator: " ")
            if target.mailProtocol == .pop3 && capabilities.userPass {
                row.auth += " +USER"
            }
            if let summary = session.tlsSummary {
                row.certificate = Self.certificateState(summary)
            }
        } catch {
            row.error = .session(error)
            if let summary = session.tlsSummary {
                row.certificate = Self.certificateState(summary)
            }
        }
    }

    static func certificateState(_ summary: TLSSummary) -> String {
        guard let problem = summary.problem else {
            let days = CertificateDates.daysLeft(until: summary.notAfter)
            return "verified" + (days.map { ", \($0) days left" } ?? "")
        }
        switch problem.kind {
        case .expired: return "expired"
        case .notYetValid: return "not yet valid"
        case .selfSigned: return "self-signed"
        case .unknownIssuer: return "unknown issuer"
        case .nameMismatch: return "wrong name"
        case .other: return "not verified"
        }
    }

    private static func name(of speaker: PortSpeaker) -> String {
        switch speaker {
        case .mail(let mailProtocol): return mailProtocol.displayName
        case .tls: return "TLS"
        case .ssh: return "SSH"
        case .http: return "HTTP"
        case .ftp: return "FTP"
        case .unknown: return "?"
        }
    }

    private static func connectFailure(_ error: TransportError) -> String {
        switch error {
        case .connectTimedOut: return "no answer (filtered?)"
        case .connectFailed(_, _, let attempts): return "closed (" + (attempts.first?.reason ?? "refused") + ")"
        case .nameResolution(_, let reason): return "name does not resolve: \(reason)"
        default: return "connection failed"
        }
    }
}

/// One line of the `check HOST` table.
public struct ProbeRow: Equatable, Sendable {
    public var port: Int
    /// What answered: "SMTP", "IMAP", "POP3", "SSH", …, or "-" when nothing did.
    public var service = "-"
    /// A mail server answered.
    public var answers = false
    /// "implicit TLS", "STARTTLS", "none", or "-".
    public var tls = "-"
    /// Mechanisms offered (after TLS where it could be started), "none", or "-".
    public var auth = "-"
    /// "verified, 30 days left", "expired", "unknown issuer", …, or "-" without TLS.
    public var certificate = "-"
    public var note: String?
    /// What went wrong after the port answered, said in words by the report.
    public var error: CheckError?
    public var elapsed: Duration = .zero

    public init(port: Int) {
        self.port = port
    }
}
