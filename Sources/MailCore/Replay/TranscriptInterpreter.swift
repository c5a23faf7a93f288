/// Runs a transcript's lines through the protocol's dialect as the session engine ran them live: client lines
/// through `submit`, server bytes through the framer and `receive`, IMAP literals by the same `{n}` rule.
///
/// Both replays build on it: rendering (the events the engine reported) and serving (which server bytes are
/// lines and which are literal data, which client lines are commands and with what tag).
public struct TranscriptInterpreter: Sendable {
    public enum ServerItem: Equatable, Sendable {
        case line(ServerLine, Reception)
        case literal([UInt8], isLast: Bool)
        case lineTooLong(limit: Int)
    }

    public private(set) var dialect: any Dialect
    private var framer = LineFramer(maximumLineLength: TranscriptInterpreter.lineBound)
    /// A STARTTLS go-ahead was received and TLS has not started since.
    public private(set) var startTLSPending = false

    /// Far beyond any server's line: a transcript's lines are replayed whole, never cut.
    static let lineBound = 1 << 24
    private static let crlf: [UInt8] = [13, 10]

    public init(mailProtocol: MailProtocol) {
        dialect = TranscriptInterpreter.dialect(for: mailProtocol)
    }

    public static func dialect(for mailProtocol: MailProtocol) -> any Dialect {
        switch mailProtocol {
        case .smtp: return SMTPDialect()
        case .imap: return IMAPDialect()
        case .pop3: return POP3Dialect()
        }
    }

    /// A new connection: the dialect starts over, waiting for a greeting.
    public mutating func reset(mailProtocol: MailProtocol) {
        dialect = Self.dialect(for: mailProtocol)
        framer = LineFramer(maximumLineLength: Self.lineBound)
        startTLSPending = false
    }

    /// What the dialect makes of a client line as recorded (on the wire: tagged, dot-stuffed).
    public mutating func client(_ line: TranscriptLine) -> Submission {
        let shown = line.shown
        var submission: Submission
        if var smtp = dialect as? SMTPDialect, smtp.phase == .messageBody, shown.first == UInt8(ascii: "."),
           shown != [UInt8(ascii: ".")] {
            // Content was dot-stuffed on the wire (RFC 5321 §4.5.2): undo it, so that stuffing it again says so.
            submission = smtp.submitContent(Array(shown.dropFirst()))
            dialect = smtp
        } else {
            submission = dialect.submit(shown)
        }
        submission.isSecret = submission.isSecret || line.isRedacted
        return submission
    }

    /// The lines and literal pieces a server line completes.
    public mutating func server(_ line: TranscriptLine) -> [ServerItem] {
        var items: [ServerItem] = []
        server(line) { items.append($0) }
        return items
    }

    /// The lines and literal pieces a server line completes, given to `each` in order.
    public mutating func server(_ line: TranscriptLine, _ each: (ServerItem) -> Void) {
        if line.isRedacted {
            framer.append(line.shown)
        } else {
            // Piece by piece: building the wire bytes first would copy every line once more.
            for case .bytes(let bytes) in line.pieces {
                framer.append(bytes)
            }
            if line.endsWithCRLF {
                framer.append(Self.crlf)
            }
        }
        while let frame = framer.next() {
            each(handle(frame))
        }
    }

    /// Bytes of a line begun but not finished, taken out of the framer (a server sending half a line before the
    /// client speaks); empty when there are none or a literal is under way.
    public mutating func takePartialLine() -> [UInt8] {
        guard framer.bufferedCount > 0 else { return [] }
        return framer.drain()
    }

    /// TLS started: what arrived before it is discarded (returned), and the dialect forgets what it learned
    /// (RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
    public mutating func tlsStarted() -> [UInt8] {
        startTLSPending = false
        let discarded = framer.bufferedCount > 0 ? framer.drain() : []
        dialect.tlsStarted()
        return discarded
    }

    /// At the end of a connection: a last line without a terminator.
    public mutating func finish() -> [ServerItem] {
        var items: [ServerItem] = []
        while let frame = framer.finish() {
            items.append(handle(frame))
            if framer.bufferedCount == 0 { break }
        }
        return items
    }

    private mutating func handle(_ frame: Frame) -> ServerItem {
        switch frame {
        case .line(let line):
            let reception = dialect.receive(line)
            if let length = reception.literalLength {
                framer.beginLiteral(length: length)
            }
            if reception.completion == .startTLS {
                startTLSPending = true
            }
            return .line(line, reception)
        case .literal(let bytes, let isLast):
            if isLast {
                dialect.literalEnded()
            }
            return .literal(bytes, isLast: isLast)
        case .lineTooLong(let limit):
            return .lineTooLong(limit: limit)
        }
    }
}
