#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore
import MailNet

/// What both the interactive prompt and script mode do with a line: run a dot-command, or hand the line to the
/// session. It owns the session and the renderer; the loops around it only read input.
public final class REPLController {
    public struct Configuration: Sendable {
        public var target: MailTarget
        public var sessionOptions: Session.Options
        /// `--starttls`: upgrade before anything else is sent, and give up if that fails.
        public var requireStartTLS: Bool
        public var colors: Bool
        public var interactive: Bool
        /// `--explain`; nil for the default (brief at a terminal, off in script mode).
        public var explanationLevel: ExplanationLevel?
        /// `--password-file`: where `.auth` reads the secret (see `SecretSource`).
        public var passwordFile: String?

        public init(target: MailTarget, sessionOptions: Session.Options, requireStartTLS: Bool, colors: Bool,
                    interactive: Bool, explanationLevel: ExplanationLevel? = nil) {
            self.target = target
            self.sessionOptions = sessionOptions
            self.requireStartTLS = requireStartTLS
            self.colors = colors
            self.interactive = interactive
            self.explanationLevel = explanationLevel
        }
    }

    public enum Flow: Equatable, Sendable {
        case proceed
        case quit
    }

    public private(set) var configuration: Configuration
    /// Replaced by `.connect` (REPLController+Lab), which opens a session elsewhere.
    public private(set) var session: Session
    let output: ConsoleOutput
    private var renderer: Renderer
    /// The transcript being written, if any (REPLController+Record).
    var recording: TranscriptRecorder?
    /// Explanations under server lines, and warnings before a risky line is sent (REPLController+Explain).
    private(set) var annotator: ResponseAnnotator
    let submissionGuard = SubmissionGuard()
    /// Long bodies folded at the prompt (REPLController+Fold).
    lazy var bodyFolder = BodyFolder(palette: renderer.palette)
    /// The practice lab this REPL runs in, if any (REPLController+Lab).
    var lab: LabREPLState?
    /// The line just typed at the prompt: the terminal already shows it, so its `C:` echo is skipped.
    private var typedLine: [UInt8]?
    /// How the connection ended, once that has been shown: an error saying the same is not shown again.
    private var shownClose: CloseReason?
    /// The first failure, which decides the exit status.
    public private(set) var failure: ExitStatus?

    public init(configuration: Configuration, output: ConsoleOutput) {
        self.configuration = configuration
        self.output = output
        self.session = Session(target: configuration.target, options: configuration.sessionOptions)
        self.renderer = Renderer(palette: Palette(isEnabled: configuration.colors))
        self.annotator = ResponseAnnotator(mailProtocol: configuration.target.mailProtocol,
            level: configuration.explanationLevel ?? .defaultLevel(interactive: configuration.interactive))
        renderer.explain = annotator.annotate
        if configuration.interactive {
            renderer.closeHint = "Use .reconnect to open it again."
        }
        session.addObserver { [unowned self] event in
            self.show(event)
        }
    }

    /// Ends the current session (QUIT or LOGOUT) and sets up, unopened, a new one to `target` with the same
    /// renderer; explanations follow the new protocol. `connect()` opens it.
    func replaceSession(target: MailTarget, options: Session.Options) {
        session.quit()
        // A transcript is one connection from greeting to close; the next session needs a file of its own.
        stopRecording()
        configuration.target = target
        configuration.sessionOptions = options
        session = Session(target: target, options: options)
        annotator = ResponseAnnotator(mailProtocol: target.mailProtocol, level: annotator.level)
        renderer.explain = annotator.annotate
        session.addObserver { [unowned self] event in
            self.show(event)
        }
    }

    private func show(_ event: SessionEvent) {
        switch event {
        case .connecting: shownClose = nil
        case .closed(let reason): shownClose = reason
        default: break
        }
        annotator.observe(event, capabilities: session.dialect.capabilities)
        if case .sent(let submission, let shown) = event, let typed = typedLine {
            typedLine = nil
            if configuration.interactive && shown == typed && submission.note == nil {
                return
            }
        }
        if !output.appendLines({ renderer.render(event, appendingTo: &$0) }) {
            output.write(folding(renderer.render(event), of: event))
        }
    }

    public var palette: Palette { renderer.palette }

    /// Opens the connection (and, with `--starttls`, upgrades it). False when that failed; the reason is shown.
    @discardableResult
    public func connect() -> Bool {
        do {
            try session.open()
            if configuration.requireStartTLS {
                try session.startTLS(requireAdvertised: true)
            }
            return true
        } catch {
            report(error)
            if configuration.requireStartTLS {
                session.close()
            }
            return false
        }
    }

    /// One line from the user or the script, without its line terminator.
    public func handle(_ line: [UInt8]) -> Flow {
        if let flow = answerConfirmation(line) { return flow }
        let text = String(decoding: line, as: UTF8.self)
        let mode = session.dialect.inputMode
        let acceptsMetaCommands = mode == .command || mode == .idle
        if acceptsMetaCommands && line.first == UInt8(ascii: ".") {
            let command: MetaCommand
            do {
                command = try MetaCommand.parse(text)
            } catch {
                output.write([renderer.warning(describe(error))])
                fail(.scriptError)
                return .proceed
            }
            return run(command)
        }
        guard session.isConnected else {
            output.write([renderer.warning("not connected: the line was not sent. Use .reconnect, or .quit.")])
            fail(.sessionFailed)
            return .proceed
        }
        guard mayEnter(line) else { return .proceed }
        do {
            typedLine = line
            try session.enter(line)
            typedLine = nil
            if !configuration.interactive {
                try session.waitForServer()
            }
        } catch {
            typedLine = nil
            report(error)
        }
        return .proceed
    }

    private func run(_ command: MetaCommand) -> Flow {
        switch command {
        case .help:
            output.write(helpLines)
        case .quit:
            session.quit()
            return .quit
        case .startTLS:
            do {
                try session.startTLS(requireAdvertised: false)
                try session.waitForServer()
            } catch {
                report(error)
            }
        case .reconnect:
            session.close()
            connect()
        case .send(let path):
            send(file: path)
        case .record(let argument):
            record(argument)
        case .wait(let seconds):
            wait(seconds: seconds)
        case .tls:
            if let summary = session.tlsSummary {
                output.write(summary.lines.map { renderer.own(TerminalSafeText.escape($0)) })
            } else {
                output.write([renderer.own("this connection does not use TLS; .starttls switches it")])
            }
        case .explain(let argument):
            runExplain(argument)
        case .auth(let command):
            authenticate(command)
        case .lab(let command):
            runLab(command)
        case .body:
            showFoldedBody()
        case .fold(let limit):
            setFold(limit)
        case .capabilities:
            let capabilities = session.dialect.capabilities
            output.write(capabilities.isEmpty
                ? [renderer.own("no capabilities known yet: ask with "
                                + ["EHLO", "CAPABILITY", "CAPA"][MailProtocol.allCases.firstIndex(of:
                                    session.target.mailProtocol) ?? 0])]
                : capabilities.map { renderer.own(TerminalSafeText.escape($0)) })
        }
        return .proceed
    }

    private var helpLines: [String] {
        var lines = [renderer.own("Lines go to the server as typed (CRLF added). Lines starting with . are mailrepl's:")]
        for entry in MetaCommand.catalog {
            let usage = entry.usage + String(repeating: " ", count: max(1, 16 - entry.usage.count))
            lines.append("  " + usage + entry.summary)
        }
        switch session.target.mailProtocol {
        case .smtp:
            lines.append("  After DATA and 354, lines are the message until a lone '.'; leading dots are doubled.")
        case .imap:
            lines.append("  A line without a tag gets the next one (a001 …). {n} literals wait for the server's +.")
        case .pop3:
            lines.append("  RETR, TOP, CAPA and LIST/UIDL without an argument answer with several lines ending in '.'.")
        }
        return lines
    }

    /// `.send FILE`: DATA (unless already in it), the file as content, the end-of-data line, and the reply.
    private func send(file path: String) {
        guard session.target.mailProtocol == .smtp else {
            output.write([renderer.warning(".send is for SMTP; in IMAP use APPEND with a literal")])
            fail(.scriptError)
            return
        }
        let contents: [UInt8]
        switch FileBytes.read(path) {
        case .success(let bytes): contents = bytes
        case .failure(let problem):
            output.write([renderer.warning("cannot read \(TerminalSafeText.escape(path)): \(problem.reason)")])
            fail(.scriptError)
            return
        }
        do {
            if session.dialect.inputMode != .messageBody {
                try session.enter(Array("DATA".utf8))
                try session.waitForServer()
                guard session.dialect.inputMode == .messageBody else { return }
            }
            try session.enterMessageContent(SMTPMessageBody.lines(of: contents))
            try session.waitForServer()
        } catch {
            report(error)
        }
    }

    /// Shows what the server sends for `seconds`, then returns (IDLE updates, a delayed reply).
    private func wait(seconds: Double) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while session.isConnected, ContinuousClock.now < deadline {
            if !session.hasBufferedInput, let descriptor = session.pollDescriptor {
                let left = deadline - ContinuousClock.now
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: left.components.seconds * 1000
                                         + left.components.attoseconds / 1_000_000_000_000_000)
                guard poll(&entry, 1, max(milliseconds, 0)) > 0 else { continue }
            }
            session.readAvailable()
        }
    }

    func report(_ error: SessionError) {
        if !wasShownAsClose(error) {
            output.write([renderer.warning(UserMessage.describe(error))])
        }
        fail(ExitStatus.of(error))
    }

    /// Whether the error is the connection's end, which the close event has already put into words.
    private func wasShownAsClose(_ error: SessionError) -> Bool {
        switch error {
        case .transport(let transportError):
            return shownClose == .failed(transportError)
        case .closed:
            return shownClose != nil
        default:
            return false
        }
    }

    func fail(_ status: ExitStatus) {
        if failure == nil {
            failure = status
        }
    }

    private func describe(_ error: MetaCommandError) -> String {
        switch error {
        case .unknown(let name):
            return "unknown command \(TerminalSafeText.escape(name)); .help lists mailrepl's commands"
        case .missingArgument(let name, let what):
            return "\(name) needs \(what)"
        case .unexpectedArgument(let name):
            return "\(name) takes no argument"
        }
    }

    /// The prompt: protocol, TLS, and the session's state, e.g. `imap/tls (selected INBOX)> ` or `data> `.
    public var prompt: String {
        let name = session.target.mailProtocol.rawValue + (session.isTLS ? "/tls" : "")
        guard session.isConnected else { return name + " (closed)> " }
        if submissionGuard.isAwaitingConfirmation { return "send it without TLS? (Enter or y, else cancel)> " }
        switch session.dialect.inputMode {
        case .messageBody: return "data> "
        case .literal(let remaining): return "literal (\(remaining) bytes)> "
        case .idle: return "idle (DONE ends it)> "
        case .saslResponse: return "auth> "
        case .command: break
        }
        if let state = session.dialect.stateDescription {
            return name + " (" + TerminalSafeText.escape(state) + ")> "
        }
        return name + "> "
    }
}
