import MailCore

/// Carries out a login on a session: SMTP AUTH (RFC 4954), IMAP AUTHENTICATE and LOGIN (RFC 9051 §6.2), POP3
/// AUTH, USER/PASS and APOP (RFC 5034, RFC 1939 §7).
///
/// Every line goes through the session like a typed one, so observers see an ordinary exchange: client lines are
/// secret to the dialects (shown as `Redaction.marker`), and the authenticator adds notices with each server
/// challenge decoded and each response as it may be shown. `cautions(for:)` says beforehand what the person
/// should know (a password about to cross a connection without TLS).
public struct Authenticator {
    public let session: Session
    public let crypto: any SASLCrypto
    /// Receives what goes wrong in words during the exchange (a SCRAM server that did not prove itself).
    public let warn: (String) -> Void

    public init(session: Session, crypto: any SASLCrypto = LibCryptoSASL(), warn: @escaping (String) -> Void) {
        self.session = session
        self.crypto = crypto
        self.warn = warn
    }

    /// Runs the login and returns the server's verdict. Blocks until the exchange is over (each reply is bounded
    /// by the session's response time-out).
    public func authenticate(_ request: AuthenticationRequest) throws(AuthenticationError) -> AuthenticationOutcome {
        if let problem = refusal(of: request.method) {
            throw problem
        }
        for (text, what) in [(request.credentials.user, "the user name"), (request.credentials.secret, "the secret")]
            where text.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) && !isSASL(request.method) {
            throw .unsendable(what: what)
        }
        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: session.target.mailProtocol)
        let tracker = ReplyTracker()
        let start = ContinuousClock.now
        return try run(tracker) { () throws(AuthenticationError) -> AuthenticationOutcome in
            var outcome: AuthenticationOutcome
            switch request.method {
            case .sasl(let kind):
                outcome = try sasl(kind, request: request, capabilities: capabilities, tracker: tracker)
            case .imapLogin:
                outcome = try imapLogin(request, capabilities: capabilities, tracker: tracker)
            case .pop3UserPass:
                outcome = try userPass(request, tracker: tracker)
            case .apop:
                outcome = try apop(request, tracker: tracker)
            }
            outcome.elapsed = ContinuousClock.now - start
            return outcome
        }
    }

    /// Why `method` cannot be tried on this session at all, known before any secret is needed: nil when it can.
    public func refusal(of method: AuthMethod) -> AuthenticationError? {
        let mailProtocol = session.target.mailProtocol
        guard method.exists(in: mailProtocol) else { return .methodNotInProtocol(method, mailProtocol) }
        guard session.isConnected else { return .session(.notConnected) }
        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: mailProtocol)
        if method == .imapLogin && capabilities.loginDisabled {
            return .loginDisabled
        }
        if method == .apop && session.greeting.flatMap(APOPDigest.timestamp(inGreeting:)) == nil {
            return .noAPOPTimestamp
        }
        return nil
    }

    /// What the person should know before the secret is fetched and sent: a password about to cross a connection
    /// without TLS, a method the server did not offer (tried anyway: servers do not always list all they take).
    public func cautions(for method: AuthMethod) -> [String] {
        let mailProtocol = session.target.mailProtocol
        let capabilities = AuthCapabilities(session.dialect.capabilities, mailProtocol: mailProtocol)
        let command = method.commandName(in: mailProtocol)
        var cautions: [String] = []
        if session.dialect.capabilities.isEmpty {
            cautions.append("the server has not listed its capabilities yet (\(capabilityCommand(mailProtocol)) "
                            + "asks), so whether it offers \(command) is unknown")
        } else if capabilities.offers(method) == false {
            let offered = capabilities.mechanisms.isEmpty
                ? "no SASL mechanism" : "only " + capabilities.mechanisms.joined(separator: " ")
            cautions.append("the server does not offer \(command) (it lists \(offered)); trying anyway")
        }
        if method.exposesSecret && !session.isTLS {
            let secret = isToken(method) ? "token" : "password"
            cautions.append("this connection has no TLS: the \(secret) will cross the network readable by anyone in "
                            + "the path. Use .starttls first, or the implicit-TLS port (\(mailProtocol.rawValue)s://).")
        }
        return cautions
    }

    // MARK: - SASL

    private func sasl(_ kind: SASLMechanismKind, request: AuthenticationRequest, capabilities: AuthCapabilities,
                      tracker: ReplyTracker) throws(AuthenticationError) -> AuthenticationOutcome {
        let mailProtocol = session.target.mailProtocol
        var mechanism = kind.make(credentials: request.credentials, crypto: crypto)
        var command = (mailProtocol == .imap ? "AUTHENTICATE " : "AUTH ") + kind.name
        var firstStep = "no initial response: the server speaks first"
        if request.initialResponse {
            // A trial copy: the mechanism is a value, so an initial response that cannot be used is forgotten.
            var trial = mechanism
            let initial: [UInt8]?
            do {
                initial = try trial.initialResponse()
            } catch {
                throw .mechanism(error, reply: [])
            }
            if let initial {
                let argument = initial.isEmpty ? "=" : Base64.encode(initial)
                if let refusal = initialResponseRefusal(commandLength: command.utf8.count + 1 + argument.utf8.count,
                                                        capabilities: capabilities) {
                    firstStep = refusal
                } else {
                    mechanism = trial
                    command += " " + argument
                    firstStep = "initial response: " + mechanism.responseShown
                }
            }
        } else {
            firstStep = "initial response turned off: waiting for the server's empty challenge"
        }
        session.note("\(kind.name) as \(TerminalSafeText.escape(request.credentials.user)); \(firstStep)")
        try send(Array(command.utf8), tracker: tracker)

        while let last = tracker.last {
            let (line, reception) = last
            guard reception.completion == .continuation else {
                let accepted = reception.kind == .success
                if accepted && mechanism.serverVerified == false {
                    warn("the server accepted the login without proving that it knows the password (no SCRAM "
                         + "server signature arrived): it may not be the server the account belongs to")
                }
                return AuthenticationOutcome(method: request.method, accepted: accepted, reply: line.bytes,
                                             serverVerified: mechanism.serverVerified, elapsed: .zero)
            }
            let text = challengeText(line.bytes)
            guard let challenge = Base64.decode(text) else {
                try cancel(.challengeNotBase64(TerminalSafeText.escape(text)), tracker: tracker)
            }
            session.note("challenge: " + mechanism.describe(challenge: challenge))
            let response: [UInt8]
            do {
                response = try mechanism.respond(to: challenge)
            } catch {
                try cancel(error, tracker: tracker)
            }
            if mechanism.serverVerified == true {
                session.note("the server's signature checks out: it knows the password (RFC 5802 §3)")
            }
            session.note("response: " + mechanism.responseShown)
            try send(Array(Base64.encode(response).utf8), tracker: tracker)
        }
        throw .session(.notConnected)
    }

    /// Why the initial response must wait, or nil when it may go with the command.
    private func initialResponseRefusal(commandLength: Int, capabilities: AuthCapabilities) -> String? {
        switch session.target.mailProtocol {
        case .smtp:
            // RFC 4954 §4: not if the command would pass SMTP's 512-octet command line (RFC 5321 §4.5.3.1.4).
            return commandLength + 2 > 512 ? "the initial response would make the command line longer than "
                + "512 octets (RFC 4954 §4), so it waits for the server's challenge" : nil
        case .pop3:
            // RFC 5034 §4: not if the command would pass POP3's 255 octets (RFC 2449 §4).
            return commandLength + 2 > 255 ? "the initial response would make the command longer than 255 "
                + "octets (RFC 5034 §4), so it waits for the server's challenge" : nil
        case .imap:
            return capabilities.initialResponse ? nil
                : "the server does not advertise SASL-IR (RFC 4959), so the response waits for its challenge"
        }
    }

    /// The base64 of a challenge line: after "334 " in SMTP (RFC 4954 §4), after "+ " in IMAP and POP3
    /// (RFC 9051 §7.5, RFC 5034 §4).
    private func challengeText(_ line: [UInt8]) -> String {
        var rest = ArraySlice(line)
        rest = session.target.mailProtocol == .smtp ? rest.dropFirst(3) : rest.dropFirst(1)
        if rest.first == UInt8(ascii: " ") {
            rest = rest.dropFirst()
        }
        return String(decoding: rest, as: UTF8.self)
    }

    /// Stops an exchange the client cannot go on with: "*" (RFC 4954 §4, RFC 9051 §6.2.2, RFC 5034 §4).
    private func cancel(_ error: SASLError, tracker: ReplyTracker) throws(AuthenticationError) -> Never {
        session.note("cancelling the exchange with \"*\"")
        // Whatever the server answers to the cancel, or if the connection is gone, the exchange is over.
        try? send(Array("*".utf8), tracker: tracker)
        throw .mechanism(error, reply: tracker.last?.0.bytes ?? [])
    }

    // MARK: - The protocols' own commands

    private func imapLogin(_ request: AuthenticationRequest, capabilities: AuthCapabilities,
                           tracker: ReplyTracker) throws(AuthenticationError) -> AuthenticationOutcome {
        let lines: [[UInt8]]
        do {
            lines = try IMAPLoginArguments.lines(user: request.credentials.user, password: request.credentials.secret,
                                                 nonSynchronizing: capabilities.nonSynchronizingLiterals)
        } catch {
            guard case .unsendable(let what) = error else { throw .unsendable(what: "an argument") }
            throw .unsendable(what: what)
        }
        if lines.count > 1 {
            session.note("LOGIN with a literal: the user name or password holds characters a quoted string "
                         + "cannot carry (RFC 9051 §4.3)")
        }
        for (index, line) in lines.enumerated() {
            try send(line, tracker: tracker)
            let isLast = index == lines.count - 1
            if !isLast, let last = tracker.last, last.1.completion != .continuation {
                // The server refused the literal: the rest (the password) must not follow as a new command.
                return AuthenticationOutcome(method: request.method, accepted: false, reply: last.0.bytes,
                                             serverVerified: nil, elapsed: .zero)
            }
        }
        return final(request, tracker)
    }

    private func userPass(_ request: AuthenticationRequest,
                          tracker: ReplyTracker) throws(AuthenticationError) -> AuthenticationOutcome {
        try send(Array("USER \(request.credentials.user)".utf8), tracker: tracker)
        guard tracker.last?.1.kind == .success else {
            return final(request, tracker)
        }
        try send(Array("PASS \(request.credentials.secret)".utf8), tracker: tracker)
        return final(request, tracker)
    }

    private func apop(_ request: AuthenticationRequest,
                      tracker: ReplyTracker) throws(AuthenticationError) -> AuthenticationOutcome {
        guard let greeting = session.greeting, let timestamp = APOPDigest.timestamp(inGreeting: greeting) else {
            throw .noAPOPTimestamp
        }
        let digest: String
        do {
            digest = try APOPDigest.digest(timestamp: timestamp, secret: request.credentials.secret, crypto: crypto)
        } catch {
            throw .mechanism(error, reply: [])
        }
        session.note("APOP digest: MD5 of the greeting's timestamp \(TerminalSafeText.escape(timestamp)) and the "
                     + "password (RFC 1939 §7)")
        try send(Array("APOP \(request.credentials.user) \(digest)".utf8), tracker: tracker)
        return final(request, tracker)
    }

    private func final(_ request: AuthenticationRequest, _ tracker: ReplyTracker) -> AuthenticationOutcome {
        let last = tracker.last
        return AuthenticationOutcome(method: request.method, accepted: last?.1.kind == .success,
                                     reply: last?.0.bytes ?? [], serverVerified: nil, elapsed: .zero)
    }

    // MARK: - Plumbing

    private func run<T>(_ tracker: ReplyTracker,
                        _ body: () throws(AuthenticationError) -> T) throws(AuthenticationError) -> T {
        var failure: AuthenticationError?
        var result: T?
        do throws(SessionError) {
            try session.observing(tracker.observe) { () throws(SessionError) in
                do throws(AuthenticationError) {
                    result = try body()
                } catch {
                    failure = error
                }
            }
        } catch {
            throw .session(error)
        }
        if let failure { throw failure }
        guard let result else { throw .session(.notConnected) }
        return result
    }

    /// Sends one line as if typed and waits until the server has answered what the client waits for.
    private func send(_ line: [UInt8], tracker: ReplyTracker) throws(AuthenticationError) {
        tracker.last = nil
        do {
            try session.enter(line)
            try session.waitForServer()
        } catch {
            throw .session(error)
        }
    }

    private func isSASL(_ method: AuthMethod) -> Bool {
        if case .sasl = method { return true }
        return false
    }

    private func isToken(_ method: AuthMethod) -> Bool {
        if case .sasl(let kind) = method { return kind.usesToken }
        return false
    }

    private func capabilityCommand(_ mailProtocol: MailProtocol) -> String {
        switch mailProtocol {
        case .smtp: return "EHLO"
        case .imap: return "CAPABILITY"
        case .pop3: return "CAPA"
        }
    }
}

/// The last server line that completed something (a reply, a continuation request), as the session reports it.
final class ReplyTracker {
    var last: (ServerLine, Reception)?

    func observe(_ event: SessionEvent) {
        if case .received(let line, let reception) = event, reception.completion != nil {
            last = (line, reception)
        }
    }
}
