#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore
import MailNet

/// `mailrepl replay FILE`: a transcript shown as the live session was shown, highlighted and explained, at the
/// recorded pace (or faster, or at once), or one exchange at a time for teaching.
public struct ReplayPresenter {
    public struct Options: Sendable {
        /// 1 is the recorded timing, 10 ten times faster, 0 at once.
        public var speed: Double = 1
        /// Wait for Enter before each line the client sent.
        public var step = false
        public var colors = false
        public var explanationLevel: ExplanationLevel = .brief
        /// For RFC-style text whose lines do not say which protocol it is.
        public var fallbackProtocol: MailProtocol?

        public init() {}
    }

    public let transcript: Transcript
    public let file: String
    public let options: Options
    let output: ConsoleOutput

    public init(transcript: Transcript, file: String, options: Options, output: ConsoleOutput) {
        self.transcript = transcript
        self.file = file
        self.options = options
        self.output = output
    }

    public func run() -> ExitStatus {
        var stream = TranscriptEventStream(transcript: transcript, fallbackProtocol: options.fallbackProtocol)
        var renderer = Renderer(palette: Palette(isEnabled: options.colors))
        let annotator = ResponseAnnotator(mailProtocol: stream.target.mailProtocol, level: options.explanationLevel)
        renderer.explain = annotator.annotate
        output.write(introduction(mailProtocol: stream.target.mailProtocol, palette: renderer.palette))
        var stepper = options.step ? StepInput() : nil
        if stepper != nil {
            output.write([renderer.own("step mode: Enter shows the next line the client sent and the answer; "
                                       + "q and Enter stops")])
        }
        var previousTime: Int?
        for index in transcript.entries.indices {
            let entry = transcript.entries[index]
            if case .client = entry.kind, stepper != nil {
                output.flush()
                if stepper?.waitForEnter(prompt: renderer.palette.paint("[Enter] ", .note)) == false {
                    output.write([renderer.own("replay stopped")])
                    output.flush()
                    return .success
                }
            } else if stepper == nil, let time = entry.milliseconds {
                if let previousTime, options.speed > 0, time > previousTime {
                    output.flush()
                    Self.pause(milliseconds: Double(time - previousTime) / options.speed)
                }
            }
            if let time = entry.milliseconds {
                previousTime = time
            }
            for event in stream.events(forEntry: index) {
                annotator.observe(event, capabilities: stream.dialect.capabilities)
                if !output.appendLines({ renderer.render(event, appendingTo: &$0) }) {
                    output.write(renderer.render(event))
                }
            }
        }
        for event in stream.finish() {
            output.write(renderer.render(event))
        }
        output.flush()
        return .success
    }

    private func introduction(mailProtocol: MailProtocol, palette: Palette) -> [String] {
        var text = "replaying \(TerminalSafeText.escape(file))"
        switch transcript.source {
        case .mailrepl: break
        case .rfcStyle: text += " (RFC-style text, read as \(mailProtocol.displayName))"
        case .swaks: text += " (swaks output)"
        }
        var lines = [palette.paint("* " + text, .own)]
        if let description = transcript.description {
            lines.append(palette.paint("* " + TerminalSafeText.escape(description), .own))
        }
        return lines
    }

    static func pause(milliseconds: Double) {
        guard milliseconds >= 1 else { return }
        var request = timespec(tv_sec: Int(milliseconds / 1000),
                               tv_nsec: Int(milliseconds.truncatingRemainder(dividingBy: 1000) * 1_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}

/// Step mode's Enter: read from standard input, the prompt shown only on a terminal.
struct StepInput {
    private var lines = InputLines(descriptor: STDIN_FILENO)
    private let isTerminal = isatty(STDIN_FILENO) == 1
    private var ended = false

    /// False when the person typed q; true at Enter, and always once input has ended.
    mutating func waitForEnter(prompt: String) -> Bool {
        guard !ended else { return true }
        if isTerminal {
            TerminalOutput.send(prompt)
        }
        guard let line = lines.next() else {
            ended = true
            return true
        }
        let answer = String(decoding: line, as: UTF8.self).lowercased()
        return answer != "q" && answer != "quit"
    }
}
