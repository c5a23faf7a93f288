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

    func validate() throws {
        guard speed >= 0, speed <= 1_000_000 else {
            throw ValidationError("--speed must be 0 (at once) or more; 1 is the recorded pace")
        }
        if let mailProtocol, MailProtocol(rawValue: mailProtocol.lowercased()) == nil {
            throw ValidationError("--protocol must be smtp, imap or pop3")
        }
    }

    func run() throws {
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
        let output = ConsoleOutput()
        var options = ReplayPresenter.Options()
        options.speed = speed
        options.step = step
        options.colors = color.isEnabled(outputIsTerminal: isatty(STDOUT_FILENO) == 1)
        options.explanationLevel = explain
        options.fallbackProtocol = mailProtocol.flatMap { MailProtocol(rawValue: $0.lowercased()) }
        let status = ReplayPresenter(transcript: transcript, file: file, options: options, output: output).run()
        output.flush()
        if status != .success {
            throw ExitCode(status.rawValue)
        }
    }

    /// Says `message` on standard error and gives the exit code to throw.
    static func fail(_ message: String, status: ExitStatus) -> ExitCode {
        let bytes = Array(("mailrepl: " + message + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        return ExitCode(status.rawValue)
    }
}
