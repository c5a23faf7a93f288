#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailCore
import MailNet
import MailREPL

/// `mailrepl URL`: an interactive (or scripted) session with a server.
struct ConnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Open a session with a server (the default: `mailrepl URL` is `mailrepl connect URL`).",
        discussion: """
            Lines you type go to the server exactly as typed (CRLF added); lines starting with . are mailrepl's \
            own commands (.help lists them). With standard input not a terminal, the lines run as a script, each \
            after the previous one's response is complete.

            Examples:
              mailrepl smtp://mail.example.com:587 --starttls
              mailrepl imaps://alice@imap.example.com
              printf 'EHLO me.example\\nQUIT\\n' | mailrepl smtp://127.0.0.1:2525

            Time-outs: --connect-timeout (default 10 s) bounds name resolution plus the TCP connect; --timeout \
            (default 30 s) bounds a response that stops arriving (the greeting, a reply, a TLS handshake). \
            A server line longer than 65536 bytes is cut there, with a warning.

            At the prompt, a long body (an IMAP literal, a POP3 multi-line response such as RETR) shows its first \
            20 lines (--fold); the rest is kept in a private temporary file (mode 600, removed when mailrepl ends) \
            and .body shows it whole in $PAGER (else less -R). Scripts, pipes and --record get every line.

            \(ExitStatus.helpText)
            """
    )

    @Argument(help: ArgumentHelp("The server: smtp://, smtps://, imap://, imaps://, pop3:// or pop3s://, with an "
                                 + "optional user@ and :port; IPv6 literals in brackets.", valueName: "url"))
    var target: String?

    @Flag(help: "Upgrade with STARTTLS (STLS in POP3) before anything else is sent; give up if the server does not.")
    var starttls = false

    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file instead of the system's.",
                               valueName: "file"))
    var cafile: String?

    @Flag(help: "Do not verify the server's certificate (anyone in the network path could then read the session).")
    var insecure = false

    @Option(help: ArgumentHelp("Check the certificate against this name (and send it in SNI) instead of the URL's "
                               + "host, e.g. to reach a server by address as curl --connect-to does.",
                               valueName: "name"))
    var servername: String?

    @Option(help: ArgumentHelp("When to colour the output: auto (a terminal, and NO_COLOR unset), always, never.",
                               valueName: "when"))
    var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("How much to explain under the server's replies: off, brief, full (default: brief at a "
                               + "terminal, off in script mode).", valueName: "level"))
    var explain: ExplanationLevel?

    @Option(help: ArgumentHelp("Record the session to this new transcript file (mode 600, never overwritten; "
                               + "secrets as ‹redacted›). Replay it with `mailrepl replay FILE`.", valueName: "file"))
    var record: String?

    @Option(name: .customLong("record-note"), help: ArgumentHelp(
        "A line written at the top of the --record file, saying what the session shows.", valueName: "text"))
    var recordNote: String?

    @Option(name: .customLong("password-file"), help: ArgumentHelp(
        "Read the password (or OAuth token) for .auth from this file (keep it mode 600). Otherwise .auth takes "
        + "\(SecretSource.environmentVariable), then ~/.netrc, then asks without echo.", valueName: "file"))
    var passwordFile: String?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for the connection.",
                                                                     valueName: "seconds"))
    var connectTimeout: Double = 10

    @Option(help: ArgumentHelp("Seconds a response may stall before mailrepl gives up waiting.",
                               valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: ArgumentHelp("At the prompt, show this many lines of each message body (IMAP literal, POP3 "
                               + "multi-line response) and fold the rest (.body shows it); off or 0 shows every "
                               + "line. (default: \(FoldLimit.standard))", valueName: "lines"), transform: { text in
        guard let limit = FoldLimit(text) else { throw ValidationError("--fold takes \(FoldLimit.expected)") }
        return limit
    })
    var fold: FoldLimit = .standard

    func validate() throws {
        guard connectTimeout > 0, connectTimeout <= 3600 else {
            throw ValidationError("--connect-timeout must be between 0 and 3600 seconds")
        }
        guard timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be between 0 and 86400 seconds")
        }
        if starttls && insecure {
            // Allowed, but it makes the upgrade pointless against an active attacker; said at run time.
        }
        if let target {
            do {
                let parsed = try MailTargetParser.parse(target)
                if starttls && parsed.security == .implicitTLS {
                    throw ValidationError("--starttls is for plaintext URLs; \(parsed.scheme):// already uses TLS")
                }
            } catch let error as MailTargetError {
                throw ValidationError(UserMessage.describe(error))
            }
        }
    }

    func run() throws {
        guard let target else {
            // No server named: the practice lab, the first thing a newcomer runs (LabSession).
            return try LabSession(color: color, explanationLevel: explain, timeout: timeout, fold: fold).run()
        }
        let parsed: MailTarget
        do {
            parsed = try MailTargetParser.parse(target)
        } catch {
            throw ValidationError(UserMessage.describe(error))
        }
        var options = Session.Options()
        options.connectTimeout = .milliseconds(Int64(connectTimeout * 1000))
        options.responseTimeout = .milliseconds(Int64(timeout * 1000))
        options.caFile = cafile
        options.insecure = insecure
        options.tlsServerName = servername

        let interactive = isatty(STDIN_FILENO) == 1
        let colors = color.isEnabled(outputIsTerminal: isatty(STDOUT_FILENO) == 1)
        let output = ConsoleOutput()
        if insecure {
            output.write([Palette(isEnabled: colors).paint(
                "! --insecure: the server's certificate is not checked. Anyone in the network path can pose as the "
                + "server and read everything, passwords included.", .warning)])
        }
        var configuration = REPLController.Configuration(
            target: parsed, sessionOptions: options, requireStartTLS: starttls, colors: colors,
            interactive: interactive, explanationLevel: explain)
        configuration.passwordFile = passwordFile
        let controller = REPLController(configuration: configuration, output: output)
        controller.foldLimit = fold
        if let record, !controller.startRecording(to: record, note: recordNote) {
            output.flush()
            throw ExitCode(ExitStatus.scriptError.rawValue)
        }
        let status: ExitStatus
        if interactive {
            status = InteractiveLoop(controller: controller,
                                     historyFile: HistoryLocation.file(for: parsed.mailProtocol)).run()
        } else {
            status = ScriptRunner(controller: controller).run()
        }
        output.flush()
        if status != .success {
            throw ExitCode(status.rawValue)
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    func isEnabled(outputIsTerminal: Bool) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            // https://no-color.org: a non-empty NO_COLOR turns colour off unless asked for explicitly.
            if let noColor = getenv("NO_COLOR"), noColor.pointee != 0 { return false }
            if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
            return outputIsTerminal
        }
    }
}
