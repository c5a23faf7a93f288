#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailCore
import MailNet
import MailREPL

/// `mailrepl check URL|HOST`: the relay and credentials doctor.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find out what is wrong with a mail server set-up, and how to fix it.",
        discussion: """
            With a URL, walks the server as a mail program would and prints each step with ✓ or ✗, its time, \
            and for a failure the cause and the fix: name resolution, TCP connect, greeting (recognising TLS sent \
            to a plaintext port and plaintext sent to a TLS port from the bytes), EHLO/CAPABILITY/CAPA, STARTTLS, \
            the TLS handshake and certificate (trust, expiry, name), the login mechanisms offered, the login with \
            each mechanism asked for, and for SMTP optionally MAIL FROM (--from) and RCPT TO (--to) followed by \
            RSET, so that nothing is sent; for IMAP SELECT INBOX, for POP3 STAT; then QUIT or LOGOUT.

            With a URL that names a user (smtp://alice@host:587), the password comes from --password-file, \
            MAILREPL_PASSWORD, ~/.netrc, or a prompt without echo; never from the command line.

            With a bare HOST, probes the usual ports (25, 465, 587, 143, 993, 110, 995, or --ports) and prints \
            what answers on each, in which TLS mode, whether a login is offered, and the certificate's state.

            Examples:
              mailrepl check smtp://alice@mail.example.com:587 --from alice@example.com --to bob@example.org
              mailrepl check imaps://alice@imap.example.com --mech all
              mailrepl check mail.example.com --json

            \(CheckStage.helpText)
            """
    )

    @Argument(help: ArgumentHelp("smtp://, smtps://, imap://, imaps://, pop3:// or pop3s:// with an optional "
                                 + "user@ and :port; or a bare host name to probe its ports.", valueName: "url|host"))
    var target: String

    @Option(name: .customLong("mech"), parsing: .upToNextOption,
            help: ArgumentHelp("Login methods to try (several, or comma-separated): " + AuthMethod.names.joined(
                separator: ", ") + ", or all. Default: the strongest password mechanism offered.",
                               valueName: "mechanism"))
    var mechanisms: [String] = []

    @Option(help: ArgumentHelp("SMTP: try this sender with MAIL FROM (then RSET; nothing is sent).",
                               valueName: "address"))
    var from: String?

    @Option(help: ArgumentHelp("SMTP: try this recipient with RCPT TO (then RSET; nothing is sent).",
                               valueName: "address"))
    var to: String?

    @Flag(name: .customLong("no-starttls"),
          help: ArgumentHelp("Stay in plaintext instead of upgrading with STARTTLS (to see what the server allows "
                             + "without TLS; a password then crosses the network in clear)."))
    var noStartTLS = false

    @Flag(name: .customLong("no-ir"),
          help: ArgumentHelp("Do not send a SASL initial response with the command (some servers mishandle it)."))
    var noInitialResponse = false

    @Option(help: ArgumentHelp("Trust the CA certificates in this PEM file instead of the system's.",
                               valueName: "file"))
    var cafile: String?

    @Flag(help: "Go on when the certificate does not verify (the step is then a warning, not a failure).")
    var insecure = false

    @Option(name: .customLong("password-file"),
            help: ArgumentHelp("Read the password (or OAuth token) from this file (keep it mode 600).",
                               valueName: "file"))
    var passwordFile: String?

    @Flag(help: "Print the report as JSON, for scripts.")
    var json = false

    @Option(help: ArgumentHelp("Keep the transcript of the check in this new file (secrets are written as "
                               + "\(Redaction.marker)).", valueName: "file"))
    var record: String?

    @Flag(help: "Show the whole conversation, not only the steps.")
    var verbose = false

    @Option(help: ArgumentHelp("HOST mode: the ports to probe, comma-separated.", valueName: "ports"))
    var ports: String?

    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for each connection "
                                                                     + "(default 10, 3 in HOST mode).",
                                                                     valueName: "seconds"))
    var connectTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a response may stall.", valueName: "seconds"))
    var timeout: Double = 20

    @Option(name: .customLong("greeting-wait"),
            help: ArgumentHelp("Seconds a plaintext port may stay silent before the check tries TLS on it.",
                               valueName: "seconds"))
    var greetingWait: Double = 1.5

    @Option(help: ArgumentHelp("When to colour the output: auto, always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        if let connectTimeout, !(connectTimeout > 0 && connectTimeout <= 3600) {
            throw ValidationError("--connect-timeout must be between 0 and 3600 seconds")
        }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600") }
        guard greetingWait > 0, greetingWait <= 60 else {
            throw ValidationError("--greeting-wait must be between 0 and 60 seconds")
        }
        _ = try methods()
        if target.contains("://") {
            do {
                _ = try MailTargetParser.parse(target)
            } catch {
                throw ValidationError(UserMessage.describe(error))
            }
        } else if target.contains("@") {
            throw ValidationError("a bare host is probed without logging in; to test a login give a URL such as "
                                  + "smtp://\(target):587")
        }
    }

    func run() throws {
        let colors = color.isEnabled(outputIsTerminal: isatty(STDOUT_FILENO) == 1) && !json
        let output = ConsoleOutput()
        let palette = Palette(isEnabled: colors)
        var options = CheckOptions()
        options.session.connectTimeout = .milliseconds(Int64((connectTimeout ?? (target.contains("://") ? 10 : 3))
                                                             * 1000))
        options.session.responseTimeout = .milliseconds(Int64(timeout * 1000))
        options.session.caFile = cafile
        options.session.insecure = insecure
        options.greetingWait = .milliseconds(Int64(greetingWait * 1000))
        options.skipStartTLS = noStartTLS
        options.initialResponse = !noInitialResponse
        options.sender = from
        options.recipient = to
        (options.methods, options.allMethods) = try methods()

        let recorder = try makeRecorder(output: output, palette: palette)
        defer { recorder?.stop() }
        var renderer = Renderer(palette: palette)
        let onEvent: (SessionEvent) -> Void = { event in
            recorder?.record(event)
            if verbose && !json {
                output.write(renderer.render(event).map { "    " + $0 })
            }
        }

        let status: Int32
        if target.contains("://") {
            status = try runWalk(options: options, output: output, palette: palette, onEvent: onEvent,
                                 recorder: recorder)
        } else {
            status = try runProbe(options: options, output: output, palette: palette, onEvent: onEvent)
        }
        output.flush()
        if status != 0 {
            throw ExitCode(status)
        }
    }

    private func runWalk(options: CheckOptions, output: ConsoleOutput, palette: Palette,
                         onEvent: @escaping (SessionEvent) -> Void, recorder: TranscriptRecorder?) throws -> Int32 {
        let parsed: MailTarget
        do {
            parsed = try MailTargetParser.parse(target)
        } catch {
            throw ValidationError(UserMessage.describe(error))
        }
        var target = parsed
        let source = SecretSource(passwordFile: passwordFile)
        if target.user == nil, let user = source.netrcUser(host: target.host) {
            target.user = user
        }
        var secret: String?
        if let user = target.user {
            do {
                let found = try source.secret(host: target.host, user: user, prompt: SecretSource.terminalPrompt)
                secret = found.value
                if let caution = found.caution, !json {
                    output.write([palette.paint("! " + caution, .warning)])
                }
            } catch {
                output.write([palette.paint("! " + UserMessage.describe(error), .warning)])
                output.flush()
                throw ExitCode(2)
            }
        }
        let check = RelayCheck(target: target, options: options, secret: secret)
        let text = CheckReportText(palette: palette)
        check.onEvent = onEvent
        check.onStep = { step in
            let mark = CheckReportText.mark(step.status).0
            recorder?.record(.notice("check \(mark) \(step.title)" + (step.detail.first.map { ": " + $0 } ?? "")))
            if !json {
                output.write(text.lines(for: step))
                output.flush()
            }
        }
        if !json {
            output.write(text.heading(target.url))
            output.flush()
        }
        let report = check.run()
        if json {
            output.write([CheckReportJSON.render(report)])
        } else {
            output.write(text.summary(report))
        }
        return report.exitStatus
    }

    private func runProbe(options: CheckOptions, output: ConsoleOutput, palette: Palette,
                          onEvent: @escaping (SessionEvent) -> Void) throws -> Int32 {
        var host = target
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) })
        else {
            throw ValidationError("'\(TerminalSafeText.escape(target))' is neither a URL nor a host name")
        }
        let probe = HostProbe(host: host, ports: try portList(), options: options)
        probe.onEvent = onEvent
        let table = ProbeTableText(palette: palette)
        if !json {
            output.write([palette.paint("mailrepl check \(TerminalSafeText.escape(host)): the usual mail ports",
                                        .client), table.header])
            output.flush()
        }
        let rows = probe.run { row in
            if !json {
                output.write(table.line(for: row))
                output.flush()
            }
        }
        let status: Int32 = rows.contains { $0.answers } ? 0 : CheckStage.connect.exitStatus
        if json {
            output.write([CheckReportJSON.render(host: host, rows: rows, exitStatus: status)])
        } else if status != 0 {
            output.write([palette.paint("no mail server answered on these ports; exit status \(status)",
                                        .permanentFailure)])
        }
        return status
    }

    private func methods() throws -> ([AuthMethod], Bool) {
        var methods: [AuthMethod] = []
        var all = false
        for name in mechanisms.flatMap({ $0.split(separator: ",") }) {
            if name.lowercased() == "all" {
                all = true
            } else if let method = AuthMethod(name: name) {
                methods.append(method)
            } else {
                throw ValidationError("unknown mechanism '\(TerminalSafeText.escape(String(name)))'; mailrepl "
                                      + "speaks " + AuthMethod.names.joined(separator: ", ") + ", or all")
            }
        }
        return (methods, all)
    }

    private func portList() throws -> [Int] {
        guard let ports else { return HostProbe.defaultPorts }
        return try ports.split(separator: ",").map { text in
            guard let port = Int(text), (1...65535).contains(port) else {
                throw ValidationError("'\(TerminalSafeText.escape(String(text)))' is not a port number")
            }
            return port
        }
    }

    private func makeRecorder(output: ConsoleOutput, palette: Palette) throws -> TranscriptRecorder? {
        guard let record else { return nil }
        do {
            return try TranscriptRecorder(path: record, description: "mailrepl check \(target)",
                                          describeFailure: { UserMessage.describe($0) })
        } catch {
            output.write([palette.paint("! " + UserMessage.describe(error), .warning)])
            output.flush()
            throw ExitCode(2)
        }
    }
}
