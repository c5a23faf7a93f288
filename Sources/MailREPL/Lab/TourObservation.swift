import MailCore
import MailNet

/// One finished exchange, as the tour sees it: the server's answer to a command (or its greeting), and the lines
/// of that answer.
public struct TourObservation: Equatable, Sendable {
    public var mailProtocol: MailProtocol
    /// The command answered, upper-cased; nil for the greeting.
    public var verb: String?
    /// The answer's lines and literal text, in order.
    public var lines: [String]
    /// A positive answer: a greeting, a success, or a go-ahead (354, `+`).
    public var succeeded: Bool

    public init(mailProtocol: MailProtocol, verb: String?, lines: [String], succeeded: Bool) {
        self.mailProtocol = mailProtocol
        self.verb = verb
        self.lines = lines
        self.succeeded = succeeded
    }

    public var isGreeting: Bool { verb == nil }
    /// The line that ended the answer.
    public var lastLine: String { lines.last ?? "" }

    public func contains(_ text: String) -> Bool {
        lines.contains { $0.lowercased().contains(text.lowercased()) }
    }
}

/// Turns a session's events into observations: lines gather until one completes what the client waited for.
final class TourObservationCollector {
    let mailProtocol: MailProtocol
    private var lines: [String] = []
    private var literal: [UInt8] = []
    /// The kind of the answer's first line: a POP3 multi-line answer ends with a "." data line, and its +OK comes
    /// first.
    private var firstKind: LineKind?

    init(mailProtocol: MailProtocol) {
        self.mailProtocol = mailProtocol
    }

    func collect(_ event: SessionEvent) -> TourObservation? {
        switch event {
        case .literal(let bytes, let isLast):
            literal += bytes
            if isLast {
                lines.append(String(decoding: literal, as: UTF8.self))
                literal = []
            }
            return nil
        case .received(let line, let reception):
            lines.append(line.text)
            if firstKind == nil {
                firstKind = reception.kind
            }
            guard let completion = reception.completion else { return nil }
            defer {
                lines = []
                firstKind = nil
            }
            let positive: Bool
            switch reception.kind {
            case .greeting, .success, .continuation: positive = true
            case .data: positive = firstKind == .success
            default: positive = completion == .startTLS
            }
            let isGreeting = reception.kind == .greeting
            return TourObservation(mailProtocol: mailProtocol, verb: isGreeting ? nil : reception.inReplyTo?.uppercased(),
                                   lines: lines, succeeded: positive)
        default:
            return nil
        }
    }
}
