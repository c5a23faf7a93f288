#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import MailCore
import MailNet
import MailREPL

/// `mailrepl replay FILE`: show a transcript, play its server side to a client, or re-send its client side.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Show a recorded session as it happened, serve it to a client, or re-run it against a server.",
        discussion: """
            FILE is a transcript made with --record or .record, an RFC-style example (C: and S: lines), or the \
            output of swaks. The format is described in docs/transcript-format.md.

            --serve listens on loopback and plays the recorded server lines to a client, checking each line the \
            client sends against the recorded one; a STARTTLS in the transcript is honoured with a certificate made \
            at start, whose authority (printed) the client must trust. Tolerated by default: IMAP tags, the \
            EHLO/HELO name, the case of command names, any value where the transcript has ‹redacted›, and a client \
            that closes instead of sending QUIT or LOGOUT; --strict tolerates none.

            --against sends the transcript's client lines to a live server, shows the session, and compares each \
            reply with the recorded one, ignoring what servers make up anew (queue ids, dates, timings, \
            UIDVALIDITY, SASL challenges, APOP timestamps, UIDL ids). A redacted secret is taken from \
            MAILREPL_PASSWORD or ~/.netrc, or asked for without echo; the login is done again, never with the \
            marker. A SASL login needs the user in the URL.

            Exit status: 0 the replay ran to its end (with --serve: the client did what the transcript's client \
            did); 1 the client or the server differed from the transcript; 2 the transcript could not be read; \
            3 the server could not start (--serve); with --against, 3 to 6 as for a session (connection, TLS, \
            time-out, refusal).

            Examples:
              mailrepl replay session.transcript --speed 10
              mailrepl replay --step transcripts/smtp/submission-starttls-auth.transcript
              mailrepl replay --serve transcripts/smtp/relay-refused.transcript --port 2525
              mailrepl replay --against smtp://alice@mail.example.test:587 session.transcript
              mailrepl replay swaks-output.txt --convert session.transcript
            """
    )

    @Argument(help: ArgumentHelp("The transcript.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Pace of the replay: 1 as recorded, 10 ten times faster, 0 at once.",
                               valueName: "n"))
    var speed: Double = 1

    @Flag(help: "Show one exchange at a time: Enter shows the next line the client sent and the answer.")
    var step = false

    @Option(help: ArgumentHelp("When to colour the output: auto, always, never.", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("How much to explain under the server's replies: off, brief, full.",
                               valueName: "level"))
    var explain: ExplanationLevel = .brief

    @Option(name: .customLong("protocol"), help: ArgumentHelp(
        "The protocol of an RFC-style file whose lines do not tell: smtp, imap or pop3.", valueName: "name"))
    var mailProtocol: String?

    @Option(help: ArgumentHelp("Write FILE as a mailrepl transcript to this new file (mode 600) and stop; for "
                               + "importing RFC-style text or swaks output.", valueName: "out"))
    var convert: String?

    @Flag(help: "Play the server side to a client on loopback, checking each line the client sends.")
    var serve = false

    @Option(help: ArgumentHelp("With --serve: the port to listen on (default: any free one, printed).",
                               valueName: "port"))
    var port: Int = 0

    @Option(help: ArgumentHelp("With --serve: 127.0.0.1 (the default) or ::1; loopback only.", valueName: "address"))
    var listen: String = "127.0.0.1"

    @Flag(help: "With --serve: no tolerances; tags, EHLO names, command case and secrets must be as recorded.")
    var strict = false

    @Option(name: .customLong("accept-timeout"), help: ArgumentHelp(
        "With --serve: give up when no client connects within this many seconds (default: wait).",
        valueName: "seconds"))
    var acceptTimeout: Double?

    @Option(help: ArgumentHelp("Re-send the client side to this server and compare its replies with the recorded "
                               + "ones: smtp://, imap://, pop3:// (or the s forms), with user@ for a login.",
                               valueName: "url"))
    var against: String?

    @Option(help: ArgumentHelp("With --against: trust the CA certificates in this PEM file.", valueName: "file"))
    var cafile: String?

    @Flag(help: "With --against: do not verify the server's certificate.")
    var insecure = false

    @Option(help: ArgumentHelp("Seconds a client (--serve) or server (--against) may take to answer.",
                               valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        if serve && against != nil {
            throw ValidationError("--serve plays the server and --against the client: choose one")
        }
        if let against {
            do {
                _ = try MailTargetParser.parse(against)
            } catch {
                throw ValidationError(UserMessage.describe(error))
            }
        }
        if serve {
            guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            guard LoopbackListener.Address(rawValue: listen) != nil else {
                throw ValidationError("--listen must be 127.0.0.1 or ::1: a replay serves this machine only")
            }
        }
        guard timeout > 0, timeout <= 86_400 else {
            throw ValidationError("--timeout must be between 0 and 86400 seconds")
        }
        if let acceptTimeout, acceptTimeout <= 0 || acceptTimeout > 86_400 {
            throw ValidationError("--accept-timeout must be between 0 and 86400 seconds")
        }
        guard speed >= 0, speed <= 1_000_000 else {
            throw ValidationError("--speed must be 0 (at once) or more; 1 is the recorded pace")
        }
        if let mailProtocol, MailProtocol(rawValue: mailProtocol.lowercased()) == nil {
            throw ValidationError("--protocol must be smtp, imap or pop3")
        }
    }

    func run() throws {
        let output = ConsoleOutput()
        let colors = color.isEnabled(outputIsTerminal: isatty(STDOUT_FILENO) == 1)
        let fallbackProtocol = mailProtocol.flatMap { MailProtocol(rawValue: $0.lowercased()) }
        if convert == nil && !serve && against == nil {
            // Shown as it is read: a recording of any length replays in the memory of a few lines of it.
            let feed: TranscriptFeed
            switch TranscriptFeed.open(file) {
            case .success(let opened): feed = opened
            case .failure(let problem): throw Self.fail(problem.text, status: .scriptError)
            }
            var options = ReplayPresenter.Options()
            options.speed = speed
            options.step = step
            options.colors = colors
            options.explanationLevel = explain
            options.fallbackProtocol = fallbackProtocol
            if case .failure(let problem) = ReplayPresenter(feed: feed, file: file, options: options,
                                                            output: output).run() {
                output.flush()
                throw Self.fail(problem.text, status: .scriptError)
            }
            output.flush()
            return
        }
        let transcript: Transcript
        switch TranscriptLoader.load(file) {
        case .success(let loaded): transcript = loaded
        case .failure(let problem):
            throw Self.fail(problem.text, status: .scriptError)
        }
        if let convert {
            if let problem = TranscriptLoader.convert(transcript, to: convert) {
                throw Self.fail(problem.text, status: .scriptError)
            }
            return
        }
        if serve {
            var options = TranscriptServer.Options()
            options.tolerances = strict ? .strict : .lenient
            options.address = LoopbackListener.Address(rawValue: listen) ?? .ipv4
            options.port = port
            options.acceptTimeout = acceptTimeout.map { .milliseconds(Int64($0 * 1000)) }
            options.lineTimeout = .milliseconds(Int64(timeout * 1000))
            let status = ReplayServing(transcript: transcript, file: file, options: options,
                                       fallbackProtocol: fallbackProtocol, colors: colors, output: output).run()
            output.flush()
            if status != 0 {
                throw ExitCode(status)
            }
            return
        }
        // --against remains; validate() has parsed its URL.
        guard let against, let target = try? MailTargetParser.parse(against) else { return }
        var options = Session.Options()
        options.caFile = cafile
        options.insecure = insecure
        options.responseTimeout = .milliseconds(Int64(timeout * 1000))
        let status = AgainstRun(transcript: transcript, target: target, sessionOptions: options,
                                colors: colors, output: output).run()
        output.flush()
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Says `message` on standard error and gives the exit code to throw.
    static func fail(_ message: String, status: ExitStatus) -> ExitCode {
        let bytes = Array(("mailrepl: " + message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        return ExitCode(status.rawValue)
    }
}
