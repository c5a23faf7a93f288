#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore
import MailNet

/// `.auth MECH [USER]`: the login, with the secret from a source that never shows it (see `SecretSource`).
extension REPLController {
    func authenticate(_ command: AuthCommand) {
        let target = session.target
        guard command.method.exists(in: target.mailProtocol) else {
            authWarning("\(command.method.name) is not \(target.mailProtocol.article) command; "
                        + "\(target.mailProtocol.displayName) logs in with " + methods(for: target.mailProtocol))
            fail(.scriptError)
            return
        }
        let source = SecretSource(passwordFile: configuration.passwordFile)
        guard let user = command.user ?? target.user ?? source.netrcUser(host: target.host) else {
            authWarning("whose login? Name the user (.auth \(command.method.name.lowercased()) alice), or put it in "
                        + "the URL (\(target.scheme)://alice@\(target.authority))")
            fail(.scriptError)
            return
        }
        let authenticator = Authenticator(session: session) { [unowned self] warning in
            self.authWarning(warning)
        }
        if let refusal = authenticator.refusal(of: command.method) {
            authWarning(UserMessage.describe(refusal))
            fail(.authenticationFailed)
            return
        }
        for caution in authenticator.cautions(for: command.method) {
            authWarning(caution)
        }
        if output.editor == nil {
            // Script mode: what was said so far must be on the screen before a prompt on the terminal.
            output.flush()
        }
        let secret: SecretSource.Secret
        do {
            secret = try source.secret(host: target.host, user: user, prompt: secretPrompt)
        } catch {
            authWarning(UserMessage.describe(error))
            fail(.scriptError)
            return
        }
        let what = command.method == .sasl(.xoauth2) || command.method == .sasl(.oauthBearer) ? "token" : "password"
        output.write([palette.paint("* \(what) \(secret.origin.description)", .own)])
        if let caution = secret.caution {
            authWarning(caution)
        }
        let request = AuthenticationRequest(
            method: command.method,
            credentials: SASLCredentials(user: user, secret: secret.value, host: target.host, port: target.port),
            initialResponse: command.initialResponse)
        do {
            let outcome = try authenticator.authenticate(request)
            let name = command.method.commandName(in: target.mailProtocol)
            if outcome.accepted {
                output.write([palette.paint("* logged in as \(TerminalSafeText.escape(user)) with \(name) in "
                                            + Renderer.milliseconds(outcome.elapsed), .own)])
            } else {
                authWarning("the server refused the login (\(name) as \(TerminalSafeText.escape(user))): "
                            + TerminalSafeText.escape(outcome.reply))
                fail(.authenticationFailed)
            }
        } catch {
            authWarning(UserMessage.describe(error))
            if case .session(let sessionError) = error {
                fail(ExitStatus.of(sessionError))
            } else {
                fail(.authenticationFailed)
            }
        }
    }

    /// How to ask for the secret: the line editor's no-echo read at the prompt; in a script, the terminal if
    /// there is one (standard input is the script); otherwise nobody can be asked.
    private var secretPrompt: ((String) -> String?)? {
        if let editor = output.editor {
            return { editor.readSecret(prompt: $0) }
        }
        return SecretSource.terminalPrompt
    }

    private func methods(for mailProtocol: MailProtocol) -> String {
        let own: [AuthMethod] = [.imapLogin, .pop3UserPass, .apop].filter { $0.exists(in: mailProtocol) }
        return (["a SASL mechanism (PLAIN, SCRAM-SHA-256, …)"] + own.map(\.name)).joined(separator: ", ")
    }

    private func authWarning(_ text: String) {
        output.write([palette.paint("! " + text, .warning)])
    }
}

extension REPLController {
    /// Whether the dialect would send this typed line as a secret (LOGIN, PASS, APOP, AUTH with an initial
    /// response): such a line must not be kept in the history file. Asked of a copy of the dialect, which is a
    /// value, so the session's own state is untouched.
    func wouldBeSecret(_ line: [UInt8]) -> Bool {
        guard line.first != UInt8(ascii: ".") || session.dialect.inputMode != .command else { return false }
        var probe = session.dialect
        return probe.submit(line).isSecret
    }
}
