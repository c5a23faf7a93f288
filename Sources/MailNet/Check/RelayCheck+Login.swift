import MailCore

/// The login steps, shared by the three protocols.
extension RelayCheck {
    /// Which methods to try: those asked for, every one offered (`--mech all`), or the strongest offered. Methods
    /// the server does not offer become failed steps. Nil when there is nothing to try.
    func loginMethods(_ capabilities: AuthCapabilities, fallback: AuthMethod?) -> [AuthMethod]? {
        let offered = capabilities.mechanisms
        let offeredText = offered.isEmpty ? "no SASL mechanism" : offered.joined(separator: " ")
        if options.allMethods {
            var methods = SASLMechanismKind.allCases.filter { offered.contains($0.name) }.map(AuthMethod.sasl)
            if let fallback, capabilities.offers(fallback) != false {
                methods.append(fallback)
            }
            return methods.isEmpty ? nil : methods
        }
        if !options.methods.isEmpty {
            var tried: [AuthMethod] = []
            for method in options.methods {
                if !method.exists(in: target.mailProtocol) {
                    add(CheckStep(.authOffered, method.commandName(in: target.mailProtocol), .failed,
                                  cause: "\(method.name) is not \(target.mailProtocol.article) command",
                                  fix: "choose a SASL mechanism the server offers (\(offeredText))"))
                } else if capabilities.offers(method) == false {
                    add(CheckStep(.authOffered, method.commandName(in: target.mailProtocol), .failed,
                                  detail: ["offered: \(offeredText)"],
                                  cause: notOffered(method, capabilities),
                                  fix: offered.isEmpty ? "log in on a port that offers AUTH"
                                    : "choose one it offers: --mech " + offered.joined(separator: ",")))
                } else {
                    tried.append(method)
                }
            }
            return tried.isEmpty ? nil : tried
        }
        if let best = capabilities.preferredPasswordMechanism {
            return [.sasl(best)]
        }
        if let fallback, capabilities.offers(fallback) != false {
            return [fallback]
        }
        return nil
    }

    private func notOffered(_ method: AuthMethod, _ capabilities: AuthCapabilities) -> String {
        if method == .imapLogin {
            return "the server advertises LOGINDISABLED: it refuses LOGIN here (RFC 9051 §6.2.3)"
        }
        let offered = capabilities.mechanisms
        return "the server does not offer \(method.name); it offers "
            + (offered.isEmpty ? "no SASL mechanism" : offered.joined(separator: " "))
            + (session?.isTLS == false && capabilities.startTLS ? " before TLS (many offer more after STARTTLS)" : "")
    }

    /// Logs in with each method. The main session is used until one login succeeds; further methods get sessions
    /// of their own (`reopen`), since a logged-in session cannot log in again.
    func login(_ methods: [AuthMethod], on main: Session, reopen: () -> Session?) {
        guard let credentials else { return }
        for method in methods {
            let title = method.commandName(in: target.mailProtocol) + " as \(TerminalSafeText.escape(credentials.user))"
            let session: Session
            if authenticated {
                guard let fresh = reopen() else {
                    add(CheckStep(.authentication, title, .failed,
                                  cause: "a new connection for this login could not be set up the way the first was",
                                  fix: "run the check again with only --mech \(method.name)"))
                    continue
                }
                session = fresh
            } else {
                session = main
            }
            var warnings: [String] = []
            let authenticator = Authenticator(session: session, crypto: crypto) { warnings.append($0) }
            let cautions = method.exposesSecret && !session.isTLS
                ? ["the \(method.name) login crossed the network without TLS, readable by anyone in the path"] : []
            let request = AuthenticationRequest(method: method, credentials: credentials,
                                                initialResponse: options.initialResponse)
            do {
                let outcome = try authenticator.authenticate(request)
                let reply = TerminalSafeText.escape(outcome.reply)
                if outcome.accepted {
                    if session === main {
                        authenticated = true
                    }
                    var detail = [reply]
                    if outcome.serverVerified == true {
                        detail.append("the server proved that it knows the password (SCRAM server signature)")
                    }
                    let concern = (cautions + warnings).first
                    let fix = !cautions.isEmpty ? "use TLS: leave out --no-starttls, or use the implicit-TLS port"
                        : "make sure this is the account's own server (the host name, the certificate)"
                    add(CheckStep(.authentication, title, concern == nil ? .passed : .warning,
                                  elapsed: outcome.elapsed, detail: detail, cause: concern,
                                  fix: concern == nil ? nil : fix))
                } else {
                    let diagnosis = CheckDiagnosis.loginRefused(outcome.reply, mailProtocol: target.mailProtocol,
                                                                user: credentials.user)
                    add(CheckStep(.authentication, title, .failed, elapsed: outcome.elapsed, detail: [reply],
                                  cause: diagnosis.cause, fix: diagnosis.fix))
                }
            } catch {
                add(CheckStep(.authentication, title, .failed, error: .authentication(error)))
            }
            if session !== main {
                session.quit()
            }
            if !session.isConnected && session === main {
                return
            }
        }
    }

    /// The login step when there is nothing to log in with.
    func loginSkipped(_ capabilities: AuthCapabilities) {
        let scheme = target.scheme
        add(CheckStep(.authentication, "login", .skipped,
                      detail: ["offered: " + (capabilities.mechanisms.isEmpty ? "no SASL mechanism"
                                              : capabilities.mechanisms.joined(separator: " "))],
                      cause: "no user in the URL, so no login was tried",
                      fix: "\(scheme)://USER@\(target.authority) tests a login (the password comes from "
                        + "MAILREPL_PASSWORD, --password-file, ~/.netrc or a prompt)"))
    }
}
