import MailCore
import MailNet

/// `mailrepl replay --serve FILE`: the transcript's server side played to a client on loopback, with what each
/// side says shown as it happens and any difference from the transcript reported with its line.
public struct ReplayServing {
    public let transcript: Transcript
    public let file: String
    public let options: TranscriptServer.Options
    public let fallbackProtocol: MailProtocol?
    let output: ConsoleOutput
    let palette: Palette

    public init(transcript: Transcript, file: String, options: TranscriptServer.Options,
                fallbackProtocol: MailProtocol?, colors: Bool, output: ConsoleOutput) {
        self.transcript = transcript
        self.file = file
        self.options = options
        self.fallbackProtocol = fallbackProtocol
        self.output = output
        palette = Palette(isEnabled: colors)
    }

    /// Serves until the transcript ends or the client departs from it. Exit status 0 when the client did what the
    /// transcript's client did, 1 when not, 3 when the server could not start.
    public func run() -> Int32 {
        let script = ReplayScript(transcript, fallbackProtocol: fallbackProtocol)
        let server: TranscriptServer
        do {
            server = try TranscriptServer(script: script, options: options)
        } catch {
            say("! " + UserMessage.describe(error), .warning)
            return ExitStatus.connectionFailed.rawValue
        }
        defer { server.close() }
        say("* serving \(TerminalSafeText.escape(file)) (\(script.mailProtocol.displayName)) on "
            + server.listener.authority, .own)
        say("* port \(server.listener.port)", .own)
        if let certificate = server.certificateFile {
            say("* TLS certificate authority for clients to trust (PEM, mode 0600): \(certificate)", .own)
        }
        if options.tolerances == .strict {
            say("* --strict: tags, EHLO names, command case and secrets must all be as recorded", .own)
        }
        let failure = server.run { report in
            show(report)
        }
        guard let failure else {
            say("* the client did everything the transcript's client did", .own)
            return 0
        }
        for line in describe(failure) {
            say(line, .warning)
        }
        return 1
    }

    private func show(_ report: TranscriptServer.Report) {
        switch report {
        case .accepted(let peer):
            say("* client connected from \(peer)", .own)
        case .sent(let bytes):
            for line in Self.lines(of: bytes) {
                say(palette.paint("S: ", .note) + palette.paint(line, .data))
            }
        case .received(let bytes, let expected):
            let place = expected.transcriptLine.map { "   (line \($0))" } ?? ""
            say(palette.paint("C: ", .note) + palette.paint(shown(bytes, expected: expected), .client)
                + palette.paint(place, .note))
        case .tlsStarted(let version, let cipher):
            say("* TLS started: \(version), cipher \(cipher)", .own)
        case .discardedBeforeTLS(let bytes):
            say("! the client sent \(bytes.count) bytes after the go-ahead and before TLS; discarded "
                + "(RFC 3207 §4.2)", .warning)
        case .closedInsteadOf(let expected):
            say("* the client closed the connection instead of sending "
                + TerminalSafeText.escape(expected.line.shown) + " (tolerated)", .own)
        case .closed:
            say("* connection closed", .own)
        }
    }

    func describe(_ failure: TranscriptServer.Failure) -> [String] {
        switch failure {
        case .mismatch(let expected, let received, let reason):
            return [
                "! \(place(expected))the client sent something else: \(reason)",
                "!   expected  C: " + TerminalSafeText.escape(expected.line.shown),
                "!   received  C: " + shown(received, expected: expected),
            ]
        case .clientClosed(let expected, let partial):
            return ["! \(place(expected))the client closed the connection; the transcript expects",
                    "!   C: " + TerminalSafeText.escape(expected.line.shown)]
                + (partial.isEmpty ? [] : ["!   it had sent: " + TerminalSafeText.escape(partial)])
        case .timedOut(let expected, let partial, let seconds):
            let waiting = expected.map { "C: " + TerminalSafeText.escape($0.line.shown) } ?? "the client"
            return ["! \(expected.map(place) ?? "")no line from the client within \(seconds) s; waiting for "
                    + waiting]
                + (partial.isEmpty ? [] : ["!   it had sent: " + TerminalSafeText.escape(partial)])
        case .noClient(let seconds):
            return ["! no client connected within \(seconds) s"]
        case .tls(let error):
            return ["! TLS with the client failed: " + UserMessage.describe(error)]
        case .transport(let error):
            return ["! " + UserMessage.describe(error)]
        }
    }

    /// A client line for display, its secret replaced by the marker: where the transcript has a redaction, the
    /// words before it stay and the rest goes; and a command the dialect knows to be secret (AUTH, LOGIN, PASS)
    /// is shown as the session engine shows it.
    func shown(_ line: [UInt8], expected: ClientExpectation) -> String {
        var bytes = line
        if bytes.suffix(2).elementsEqual([13, 10]) {
            bytes.removeLast(2)
        }
        if expected.line.isRedacted {
            guard case .bytes(let leading)? = expected.line.pieces.first else { return Redaction.marker }
            let kept = leading.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).count - 1
            let words = bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            return TerminalSafeText.escape(Array(words.prefix(kept).joined(separator: [UInt8(ascii: " ")])))
                + (kept > 0 ? " " : "") + Redaction.marker
        }
        var dialect = TranscriptInterpreter.dialect(for: mailProtocol)
        let submission = dialect.submit(bytes)
        if submission.isSecret {
            return TerminalSafeText.escape(Redaction.shownForm(of: submission))
        }
        return Self.text(of: line)
    }

    private var mailProtocol: MailProtocol {
        transcript.mailProtocol ?? fallbackProtocol ?? .smtp
    }

    private func place(_ expected: ClientExpectation) -> String {
        expected.transcriptLine.map { "transcript line \($0): " } ?? ""
    }

    private func say(_ text: String, _ role: Palette.Role? = nil) {
        output.write([role.map { palette.paint(text, $0) } ?? text])
        output.flush()
    }

    /// Server bytes as display lines, each made terminal-safe, without their line ends.
    static func lines(of bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
            lines.append(text(of: Array(bytes[start..<end])))
            start = end
        }
        return lines
    }

    static func text(of line: [UInt8]) -> String {
        var bytes = line[...]
        var mark = ""
        if bytes.suffix(2).elementsEqual([13, 10]) {
            bytes = bytes.dropLast(2)
        } else if bytes.last == 10 {
            bytes = bytes.dropLast()
            mark = " [bare LF]"
        } else {
            mark = " [no line end]"
        }
        return TerminalSafeText.escape(bytes) + mark
    }
}
