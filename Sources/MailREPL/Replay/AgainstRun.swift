#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore
import MailNet

/// `mailrepl replay --against URL FILE`: the transcript's client side sent again to a live server, the session
/// shown as it runs, and every reply compared with the recorded one, ignoring the values servers make up anew
/// (`ReplyVariations`). A redacted secret is asked for (or taken from MAILREPL_PASSWORD) and the login is done
/// again; the marker itself is never sent.
public final class AgainstRun {
    public let transcript: Transcript
    public let target: MailTarget
    public let sessionOptions: Session.Options
    let output: ConsoleOutput
    private var renderer: Renderer
    private let variations = ReplyVariations()
    private var session: Session?
    /// Server bytes received since the current unit began.
    private var received: [UInt8] = []
    /// Lines the session sent since the current unit began, as shown.
    private var sent: [Submission] = []
    private var secret: String?
    private var differences = 0
    private var compared = 0

    public init(transcript: Transcript, target: MailTarget, sessionOptions: Session.Options, colors: Bool,
                output: ConsoleOutput) {
        self.transcript = transcript
        self.target = target
        self.sessionOptions = sessionOptions
        self.output = output
        renderer = Renderer(palette: Palette(isEnabled: colors))
    }

    /// Exit status: 0 when every reply agrees, 1 when one differs or the run could not go on, 3–6 as for a
    /// session when the connection failed.
    public func run() -> Int32 {
        let plan = AgainstPlan(transcript, fallbackProtocol: target.mailProtocol)
        say("* re-sending the client side of the transcript to \(target.url)", .own)
        var status: Int32 = 0
        var index = 0
        while index < plan.units.count {
            let unit = plan.units[index]
            received = []
            sent = []
            do {
                try send(unit, next: plan.units.dropFirst(index + 1).first)
            } catch let failure as AgainstFailure {
                say("! " + failure.text, .warning)
                status = 1
                break
            } catch let error as SessionError {
                if case .closed = error, session?.isConnected == false {
                    // Compared below: what arrived before the close, and the lines that could not be sent.
                } else {
                    say("! " + UserMessage.describe(error), .warning)
                    status = ExitStatus.of(error).rawValue
                    break
                }
            } catch {
                say("! " + UserMessage.describe(error), .warning)
                status = 1
                break
            }
            var expected = unit.expected
            // Lines the engine sent by itself (capabilities again after TLS) stand for the transcript's next ones.
            let extra = max(0, sent.count - linesEntered(for: unit))
            for _ in 0..<extra where index + 1 < plan.units.count {
                guard case .line = plan.units[index + 1].sending else { break }
                index += 1
                expected += plan.units[index].expected
            }
            compare(expected: expected, unit: unit)
            index += 1
            if session?.isConnected == false, index < plan.units.count, plan.units[index].sending != .connect {
                let left = plan.units[index...].prefix { $0.sending != .connect }.count
                if left > 0 {
                    say("! the server closed the connection; \(left) more line\(left == 1 ? "" : "s") of the "
                        + "transcript's client could not be sent", .warning)
                    differences += 1
                    index += left
                }
            }
        }
        session?.close()
        output.flush()
        guard status == 0 else { return status }
        if differences == 0 {
            say("* all \(compared) replies agree with the transcript, apart from what servers make up anew "
                + "(queue ids, dates, timings, … listed in docs/transcript-format.md)", .own)
            return 0
        }
        say("! \(differences) of \(compared) replies differ from the transcript", .warning)
        return 1
    }

    // MARK: - Sending

    private func send(_ unit: AgainstPlan.Unit, next: AgainstPlan.Unit?) throws {
        switch unit.sending {
        case .connect:
            session?.close()
            let opened = Session(target: target, options: sessionOptions)
            opened.addObserver { [unowned self] event in self.observe(event) }
            session = opened
            try opened.open()
        case .line(let line):
            let session = try openSession()
            try session.enter(try bytes(of: line, unit: unit))
            try session.waitForServer()
            if session.dialect.inputMode == .idle {
                // IDLE lasts as long as it did when recorded, so that what the server says meanwhile can come.
                wait(milliseconds: (next?.sentAt ?? 0) - (unit.lastReplyAt ?? unit.sentAt ?? 0))
            }
        case .messageContent(let lines):
            let session = try openSession()
            try session.enterMessageContent(lines)
            try session.waitForServer()
        case .authentication(let mechanism, let initialResponse):
            try authenticate(mechanism: mechanism, initialResponse: initialResponse, unit: unit)
        }
    }

    private func openSession() throws(AgainstFailure) -> Session {
        guard let session, session.isConnected else { throw AgainstFailure(text: "not connected") }
        return session
    }

    /// How many lines the run itself entered for `unit`, to tell the engine's own lines from them.
    private func linesEntered(for unit: AgainstPlan.Unit) -> Int {
        switch unit.sending {
        case .connect: return 0
        case .line: return 1
        case .messageContent(let lines): return lines.count + 1
        case .authentication: return sent.count
        }
    }

    /// The recorded line with its secret put back: the password for IMAP LOGIN and POP3 PASS. Anything else
    /// redacted cannot be rebuilt and stops the run; the marker is never sent.
    private func bytes(of line: TranscriptLine, unit: AgainstPlan.Unit) throws -> [UInt8] {
        if let bytes = line.bytes {
            return bytes
        }
        guard line.pieces.filter({ $0 == .redacted }).count == 1, line.pieces.last == .redacted,
              case .bytes(let leading)? = line.pieces.first else {
            throw unrebuildable(unit)
        }
        let words = line.text.split(separator: " ").map { $0.uppercased() }
        switch (target.mailProtocol, unit.verb) {
        case (.imap, "LOGIN"):
            let user = words.count >= 3 ? String(line.text.split(separator: " ")[2]) : target.user
            switch try IMAPLoginArguments.argument(try password(user: user), what: "the password") {
            case .atom(let text), .quoted(let text): return leading + Array(text.utf8)
            case .literal: throw AgainstFailure(text: "the password needs an IMAP literal, which --against "
                                                    + "does not send; use a password of ASCII characters")
            }
        case (.pop3, "PASS"):
            return leading + Array(try password(user: target.user).utf8)
        default:
            throw unrebuildable(unit)
        }
    }

    private func authenticate(mechanism: String, initialResponse: Bool, unit: AgainstPlan.Unit) throws {
        let session = try openSession()
        guard let kind = SASLMechanismKind(name: mechanism) else {
            throw AgainstFailure(text: "transcript line \(unit.transcriptLine ?? 0): mailrepl cannot log in with "
                                     + "\(TerminalSafeText.escape(mechanism)) again")
        }
        guard let user = target.user else {
            throw AgainstFailure(text: "the login in the transcript needs a user name: put it in the URL "
                                     + "(\(target.scheme)://alice@\(target.authority))")
        }
        let authenticator = Authenticator(session: session) { [unowned self] warning in
            self.say("! " + warning, .warning)
        }
        let request = AuthenticationRequest(
            method: .sasl(kind),
            credentials: SASLCredentials(user: user, secret: try password(user: user), host: target.host,
                                         port: target.port),
            initialResponse: initialResponse)
        do {
            _ = try authenticator.authenticate(request)
        } catch {
            if case .session(let sessionError) = error {
                throw sessionError
            }
            throw AgainstFailure(text: UserMessage.describe(error))
        }
    }

    /// The password, asked for once: MAILREPL_PASSWORD, ~/.netrc, or a prompt without echo on the terminal.
    private func password(user: String?) throws -> String {
        if let secret { return secret }
        let value: String
        do {
            value = try SecretSource().secret(host: target.host, user: user, prompt: SecretSource.terminalPrompt).value
        } catch {
            throw AgainstFailure(text: "the transcript has a redacted secret to send again: "
                                     + UserMessage.describe(error))
        }
        secret = value
        return value
    }

    private func unrebuildable(_ unit: AgainstPlan.Unit) -> AgainstFailure {
        AgainstFailure(text: "transcript line \(unit.transcriptLine ?? 0) holds a secret mailrepl cannot rebuild "
                           + "(\(TerminalSafeText.escape(unit.recorded.first?.shown ?? []))); it is not sent")
    }

    /// Shows what the server sends for a while, as `.wait` does.
    private func wait(milliseconds: Int) {
        guard let session, milliseconds > 0 else { return }
        let deadline = ContinuousClock.now + .milliseconds(min(milliseconds, 30_000))
        while session.isConnected, ContinuousClock.now < deadline {
            if !session.hasBufferedInput, let descriptor = session.pollDescriptor {
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                let left = deadline - ContinuousClock.now
                let wait = Int32(clamping: left.components.seconds * 1000
                                 + left.components.attoseconds / 1_000_000_000_000_000)
                guard poll(&entry, 1, max(wait, 0)) > 0 else { continue }
            }
            session.readAvailable()
        }
    }

    // MARK: - Comparing

    private func observe(_ event: SessionEvent) {
        switch event {
        case .received(let line, _): received += line.wireBytes
        case .literal(let bytes, _): received += bytes
        case .sent(let submission, _): sent.append(submission)
        default: break
        }
        output.write(renderer.render(event))
    }

    private func compare(expected: [UInt8], unit: AgainstPlan.Unit) {
        let mailProtocol = target.mailProtocol
        let recorded = Self.lines(of: expected).map { variations.normalized($0, after: unit.verb, in: mailProtocol) }
        let live = Self.lines(of: received).map { variations.normalized($0, after: unit.verb, in: mailProtocol) }
        compared += 1
        guard recorded != live else { return }
        differences += 1
        let what = unit.recorded.first.map { "the reply to C: " + TerminalSafeText.escape($0.shown) } ?? "the greeting"
        let place = unit.transcriptLine.map { "transcript line \($0): " } ?? ""
        var lines = ["! \(place)\(what) differs from the transcript (- recorded, + live):"]
        let common = zip(recorded, live).prefix { $0 == $1 }.count
        let tail = zip(recorded.dropFirst(common).reversed(), live.dropFirst(common).reversed()).prefix { $0 == $1 }
            .count
        let removed = recorded.dropFirst(common).dropLast(tail)
        let added = live.dropFirst(common).dropLast(tail)
        lines += Self.shown(removed, sign: "-") + Self.shown(added, sign: "+")
        output.write(lines.map { renderer.palette.paint($0, .warning) })
    }

    private static func shown(_ lines: ArraySlice<String>, sign: String) -> [String] {
        let limit = 20
        var shown = lines.prefix(limit).map { "\(sign)  S: " + $0 }
        if lines.count > limit {
            shown.append("\(sign)  … \(lines.count - limit) more lines")
        }
        return shown
    }

    /// Server bytes as lines for comparing: cut after each LF, CRLF dropped, made terminal-safe (reversibly).
    static func lines(of bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        while start < bytes.count {
            let lineFeed = bytes[start...].firstIndex(of: 10)
            var end = lineFeed ?? bytes.count
            if lineFeed != nil && end > start && bytes[end - 1] == 13 {
                end -= 1
            }
            lines.append(TerminalSafeText.escape(bytes[start..<end]))
            start = lineFeed.map { $0 + 1 } ?? bytes.count
        }
        return lines
    }

    private func say(_ text: String, _ role: Palette.Role) {
        output.write([renderer.palette.paint(text, role)])
    }
}

/// Why `replay --against` stopped, in words.
struct AgainstFailure: Error {
    var text: String
}
