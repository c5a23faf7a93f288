/// SMTP as the client sees it.
///
/// Implements: RFC 5321 (replies, DATA, transparency), RFC 3207 (STARTTLS), RFC 4954 (AUTH), RFC 2920
/// (PIPELINING: several commands may be outstanding; each final reply line answers the oldest).
public struct SMTPDialect: Dialect {
    public enum Phase: Equatable, Sendable {
        /// Waiting for, or past, the greeting; commands are read as commands.
        case commands
        /// After 354: typed lines are message content until a lone ".".
        case messageBody
        /// After 334: the next typed line is a SASL response.
        case saslResponse
    }

    public var mailProtocol: MailProtocol { .smtp }
    public private(set) var phase: Phase = .commands
    public private(set) var capabilities: [String] = []
    /// Commands sent and not yet answered, oldest first; nil stands for the greeting.
    private var pending: [String?] = [nil]
    /// Keywords of an EHLO reply still arriving.
    private var collectingKeywords: [String] = []

    public init() {}

    public var isAwaitingServer: Bool { !pending.isEmpty }

    /// Nothing may be sent before the greeting (RFC 5321 §3.1); after DATA, AUTH or STARTTLS the client must see
    /// the reply first, because it decides what the next line means (§4.1.1.4, RFC 4954 §4, RFC 3207 §4).
    public var holdsInput: Bool {
        pending.contains { verb in verb == nil || verb == "DATA" || verb == "AUTH" || verb == "STARTTLS" }
    }

    public var stateDescription: String? {
        switch phase {
        case .commands: return nil
        case .messageBody: return "data"
        case .saslResponse: return "auth"
        }
    }

    public var inputMode: InputMode {
        switch phase {
        case .commands: return .command
        case .messageBody: return .messageBody
        case .saslResponse: return .saslResponse
        }
    }

    public mutating func submit(_ line: [UInt8]) -> Submission {
        switch phase {
        case .messageBody:
            if line == [UInt8(ascii: ".")] {
                phase = .commands
                pending.append(".")
                return Submission(wire: line + [UInt8].crlf, verb: ".")
            }
            let (wire, stuffed) = SMTPMessageBody.stuff(line)
            return Submission(wire: wire, note: stuffed ? "leading dot doubled (RFC 5321 §4.5.2)" : nil)
        case .saslResponse:
            phase = .commands
            pending.append("AUTH")
            return Submission(wire: line + [UInt8].crlf, verb: nil, isSecret: true)
        case .commands:
            let verb = line.words(limit: 2).first.map { $0.uppercased() } ?? ""
            pending.append(verb)
            return Submission(wire: line + [UInt8].crlf, verb: verb, isSecret: verb == "AUTH" && line.words().count > 2)
        }
    }

    /// A line of message content from a file: stuffed even when it is a lone ".", which here is content, not the
    /// end of data. Only valid in the message-body phase.
    public mutating func submitContent(_ line: [UInt8]) -> Submission {
        let (wire, stuffed) = SMTPMessageBody.stuff(line)
        return Submission(wire: wire, note: stuffed ? "leading dot doubled (RFC 5321 §4.5.2)" : nil)
    }

    public mutating func receive(_ line: ServerLine) -> Reception {
        guard let reply = SMTPReplyLine(line.bytes) else {
            return Reception(kind: .malformed, inReplyTo: pending.first ?? nil,
                             warning: "not an SMTP reply: a reply starts with a three-digit code (RFC 5321 §4.2)")
        }
        guard !pending.isEmpty else {
            // Unsolicited: RFC 5321 §3.8 lets a server send 421 and close at any time.
            return Reception(kind: reply.kind, completion: reply.code == 421 ? .closing : nil,
                             warning: reply.code == 421 ? nil : "a reply to no command")
        }
        let command = pending[0]
        if command == "EHLO" {
            collect(reply, firstLine: collectingKeywords.isEmpty)
        }
        let isGreeting = command == nil
        let kind: LineKind = isGreeting && reply.code == 220 ? .greeting : reply.kind
        guard reply.isLast else {
            return Reception(kind: kind, inReplyTo: command)
        }

        pending.removeFirst()
        if command == "EHLO" {
            if reply.code == 250 {
                capabilities = Array(collectingKeywords.dropFirst())
            }
            collectingKeywords = []
        }
        let completion: Completion
        switch (command, reply.code) {
        case ("DATA", 354):
            phase = .messageBody
            completion = .continuation
        case ("AUTH", 334):
            phase = .saslResponse
            completion = .continuation
        case ("STARTTLS", 220):
            completion = .startTLS
        case (_, 221), (_, 421):
            completion = .closing
        default:
            completion = .response
        }
        return Reception(kind: kind, completion: completion, inReplyTo: command)
    }

    public mutating func literalEnded() {}

    public mutating func tlsStarted() {
        // RFC 3207 §4.2: the client MUST discard any knowledge obtained from the server before TLS.
        capabilities = []
        collectingKeywords = []
        phase = .commands
    }

    /// EHLO lines: every line after the first (which names the server) is a keyword and its parameters
    /// (RFC 5321 §4.1.1.1).
    private mutating func collect(_ reply: SMTPReplyLine, firstLine: Bool) {
        guard reply.code == 250 else { return }
        // A reply line holds at most 512 octets (RFC 5321 §4.5.3.1.5); keeping no more of each keyword line
        // bounds what a hostile server can make the client remember.
        collectingKeywords.append(firstLine ? "" : String(reply.text.prefix(512)))
    }
}
