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

    public let feed: TranscriptFeed
    public let file: String
    public let options: Options
    let output: ConsoleOutput
    /// How far ahead the protocol is looked for (a connect event, or a first line to guess it from).
    private let lookahead = 1000

    public init(feed: TranscriptFeed, file: String, options: Options, output: ConsoleOutput) {
        self.feed = feed
        self.file = file
        self.options = options
        self.output = output
    }

    /// Shows the transcript; a problem in it met on the way is said after what came before it was shown.
    public func run() -> Result<Void, TranscriptLoader.LoadProblem> {
        var head: [TranscriptEntry] = []
        do {
            while head.count < lookahead, let entry = try feed.next() {
                head.append(entry)
                if Self.tellsProtocol(entry) { break }
            }
        } catch {
            return .failure(error)
        }
        let start = Transcript(source: feed.source, entries: head)
        var stream = TranscriptEventStream(head: start, fallbackProtocol: options.fallbackProtocol)
        var renderer = Renderer(palette: Palette(isEnabled: options.colors))
        let annotator = ResponseAnnotator(mailProtocol: stream.target.mailProtocol, level: options.explanationLevel)
        renderer.explain = annotator.annotate
        output.write(introduction(start, mailProtocol: stream.target.mailProtocol, palette: renderer.palette))
        var stepper = options.step ? StepInput() : nil
        if stepper != nil {
            output.write([renderer.own("step mode: Enter shows the next line the client sent and the answer; "
                                       + "q and Enter stops")])
        }
        var previousTime: Int?
        var headIndex = 0
        var events: [SessionEvent] = []
        while true {
            let entry: TranscriptEntry
            if headIndex < head.count {
                entry = head[headIndex]
                headIndex += 1
            } else {
                do {
                    guard let next = try feed.next() else { break }
                    entry = next
                } catch {
                    output.flush()
                    return .failure(error)
                }
            }
            if case .client = entry.kind, stepper != nil {
                output.flush()
                if stepper?.waitForEnter(prompt: renderer.palette.paint("[Enter] ", .note)) == false {
                    output.write([renderer.own("replay stopped")])
                    output.flush()
                    return .success(())
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
            events.removeAll(keepingCapacity: true)
            stream.events(for: entry, into: &events)
            for event in events {
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
        return .success(())
    }

    /// A connect event names the protocol; a first client or server line is what it is guessed from.
    private static func tellsProtocol(_ entry: TranscriptEntry) -> Bool {
        switch entry.kind {
        case .event(.connect), .client, .server: return true
        default: return false
        }
    }

    private func introduction(_ start: Transcript, mailProtocol: MailProtocol, palette: Palette) -> [String] {
        var text = "replaying \(TerminalSafeText.escape(file))"
        switch start.source {
        case .mailrepl: break
        case .rfcStyle: text += " (RFC-style text, read as \(mailProtocol.displayName))"
        case .swaks: text += " (swaks output)"
        }
        var lines = [palette.paint("* " + text, .own)]
        if let description = start.description {
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
