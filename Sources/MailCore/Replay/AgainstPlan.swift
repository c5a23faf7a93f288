/// The client side of a transcript cut into what `replay --against` sends, each with the server bytes the
/// transcript recorded after it.
///
/// Most units are one client line. SMTP message content up to its lone "." is one unit (sent as content, stuffed
/// again on the way), and a SASL exchange whose responses were redacted is one unit (the login is carried out
/// again with the live server's challenges, so its lines cannot be the recorded ones).
public struct AgainstPlan: Sendable {
    public struct Unit: Sendable {
        public enum Sending: Equatable, Sendable {
            /// Open a new connection (the transcript's `connect`); `expected` is then the greeting.
            case connect
            /// One line, as recorded: it may hold a redaction, which the secret replaces.
            case line(TranscriptLine)
            /// SMTP message content lines as they are before dot-stuffing, and the end-of-data line after them.
            case messageContent([[UInt8]])
            /// A SASL login: `mechanism` with or without an initial response.
            case authentication(mechanism: String, initialResponse: Bool)
        }

        public var sending: Sending
        /// The client lines of the transcript the unit stands for.
        public var recorded: [TranscriptLine]
        /// The command verb of the first line, upper-cased (for the variations that depend on it).
        public var verb: String?
        /// The server bytes recorded after the unit's first line, up to the next unit.
        public var expected: [UInt8]
        public var transcriptLine: Int?
        /// When the unit's first line was sent, and when the last server line before the next unit came.
        public var sentAt: Int?
        public var lastReplyAt: Int?
        /// A message unit is finished once its "." is in.
        var isFinished = false
    }

    public var mailProtocol: MailProtocol
    public var units: [Unit]

    public init(_ transcript: Transcript, fallbackProtocol: MailProtocol? = nil) {
        mailProtocol = transcript.mailProtocol ?? fallbackProtocol ?? .smtp
        var interpreter = TranscriptInterpreter(mailProtocol: mailProtocol)
        var units: [Unit] = []
        for (index, entry) in transcript.entries.enumerated() {
            let line = transcript.lineNumber(of: index)
            switch entry.kind {
            case .event(.connect):
                interpreter.reset(mailProtocol: mailProtocol)
                units.append(Unit(sending: .connect, recorded: [], expected: [], transcriptLine: line,
                                  sentAt: entry.milliseconds))
            case .event(.tls):
                _ = interpreter.tlsStarted()
            case .server(let serverLine):
                if units.isEmpty {
                    units.append(Unit(sending: .connect, recorded: [], expected: [], transcriptLine: line))
                }
                _ = interpreter.server(serverLine)
                units[units.count - 1].expected += serverLine.wire ?? serverLine.shown
                units[units.count - 1].lastReplyAt = entry.milliseconds ?? units[units.count - 1].lastReplyAt
            case .client(let clientLine):
                if units.isEmpty {
                    units.append(Unit(sending: .connect, recorded: [], expected: [], transcriptLine: nil))
                }
                let mode = interpreter.dialect.inputMode
                let inMessage = (interpreter.dialect as? SMTPDialect)?.phase == .messageBody
                let submission = interpreter.client(clientLine)
                Self.add(clientLine, submission: submission, inMessage: inMessage, mode: mode,
                         line: line, time: entry.milliseconds, to: &units)
            default:
                continue
            }
        }
        self.units = units
    }

    private static func add(_ clientLine: TranscriptLine, submission: Submission, inMessage: Bool, mode: InputMode,
                            line: Int?, time: Int?, to units: inout [Unit]) {
        let last = units.count - 1
        if inMessage {
            // Content on the wire is dot-stuffed (RFC 5321 §4.5.2); the unit keeps it unstuffed.
            let shown = clientLine.shown
            let isEnd = shown == [UInt8(ascii: ".")]
            if case .messageContent(var lines) = units[last].sending, !units[last].isFinished {
                if !isEnd { lines.append(shown.first == UInt8(ascii: ".") ? Array(shown.dropFirst()) : shown) }
                units[last].sending = .messageContent(lines)
                units[last].recorded.append(clientLine)
                units[last].isFinished = isEnd
                return
            }
            let content = isEnd ? [] : [shown.first == UInt8(ascii: ".") ? Array(shown.dropFirst()) : shown]
            var unit = Unit(sending: .messageContent(content), recorded: [clientLine], verb: ".", expected: [],
                            transcriptLine: line, sentAt: time)
            unit.isFinished = isEnd
            units.append(unit)
            return
        }
        if mode == .saslResponse && clientLine.isRedacted {
            switch units[last].sending {
            case .authentication:
                units[last].recorded.append(clientLine)
                return
            case .line(let first) where units[last].verb == "AUTH" || units[last].verb == "AUTHENTICATE":
                units[last].sending = .authentication(mechanism: mechanism(of: first), initialResponse: false)
                units[last].recorded.append(clientLine)
                return
            default:
                break
            }
        }
        var unit = Unit(sending: .line(clientLine), recorded: [clientLine], verb: submission.verb, expected: [],
                        transcriptLine: line, sentAt: time)
        if clientLine.isRedacted, submission.verb == "AUTH" || submission.verb == "AUTHENTICATE" {
            unit.sending = .authentication(mechanism: mechanism(of: clientLine), initialResponse: true)
        }
        units.append(unit)
    }

    /// The word after AUTH/AUTHENTICATE (after the tag in IMAP).
    static func mechanism(of line: TranscriptLine) -> String {
        let words = line.text.split(separator: " ")
        guard let verbIndex = words.firstIndex(where: { ["AUTH", "AUTHENTICATE"].contains($0.uppercased()) }),
              verbIndex + 1 < words.count else { return "" }
        return String(words[verbIndex + 1]).uppercased()
    }
}
