/// The rules of one mail protocol, as a value-type state machine the session engine drives.
///
/// The engine owns the socket and the framer; a dialect sees only lines. For each line the user enters it says
/// what to put on the wire (`submit`), and for each server line what the line is and whether it completes what
/// the client is waiting for (`receive`). This is the split of curl's pingpong engine: one engine, three
/// "is this the end of the response?" rules.
public protocol Dialect: Sendable {
    var mailProtocol: MailProtocol { get }

    /// True while the client waits for something from the server: the greeting, a reply to a command, a
    /// continuation request. Script mode sends its next line only when this is false.
    var isAwaitingServer: Bool { get }

    /// True while lines the user types must wait: before the greeting, and while the server's answer decides what
    /// the next line means (a 354 after DATA, a `+` before literal data, the TLS handshake after STARTTLS).
    /// The engine queues such lines and submits them once this is false.
    var holdsInput: Bool { get }

    /// Words for the prompt that say where the session is, e.g. "selected INBOX" or "data"; nil when there is
    /// nothing to add to the protocol's name.
    var stateDescription: String? { get }

    /// What the next line the user types means to the protocol; the prompt uses it.
    var inputMode: InputMode { get }

    /// Capabilities the server advertised in this session: EHLO lines, IMAP CAPABILITY atoms, POP3 CAPA lines.
    var capabilities: [String] { get }

    /// Turns one line typed by the user into what is sent.
    mutating func submit(_ line: [UInt8]) -> Submission

    /// Classifies one server line.
    mutating func receive(_ line: ServerLine) -> Reception

    /// A literal announced by `Reception.literalLength` has been received in full (IMAP).
    mutating func literalEnded()

    /// The TLS handshake after a STARTTLS go-ahead succeeded: everything learned before it must be forgotten
    /// (RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
    mutating func tlsStarted()
}

/// How the user's next line will be treated.
public enum InputMode: Equatable, Sendable {
    /// A protocol command.
    case command
    /// SMTP message content after 354, until a lone ".".
    case messageBody
    /// A SASL response to a server challenge (sent as is, a secret).
    case saslResponse
    /// The bytes of an IMAP literal the user announced with `{n}`; `remaining` bytes still to come.
    case literal(remaining: Int)
    /// IMAP IDLE: the only thing to send is DONE.
    case idle
}

/// What a typed line becomes on the wire.
public struct Submission: Equatable, Sendable {
    /// The bytes to send, terminator included.
    public var wire: [UInt8]
    /// A note for the user about what was done to the line (a tag added, a dot doubled).
    public var note: String?
    /// The IMAP tag the command carries, if any.
    public var tag: String?
    /// The command verb, upper-cased (nil for message content, literal data and SASL responses).
    public var verb: String?
    /// Whether the line must not be shown, logged or recorded in clear (a SASL response, a password).
    public var isSecret: Bool

    public init(wire: [UInt8], note: String? = nil, tag: String? = nil, verb: String? = nil, isSecret: Bool = false) {
        self.wire = wire
        self.note = note
        self.tag = tag
        self.verb = verb
        self.isSecret = isSecret
    }
}

/// What a server line is, for colour and meaning.
public enum LineKind: Equatable, Sendable {
    /// The server greeting (RFC 5321 §4.2, RFC 9051 §7.1, RFC 1939 §4).
    case greeting
    /// A positive completion: SMTP 2xx, IMAP OK, POP3 +OK.
    case success
    /// The server wants more from the client: SMTP 3xx, IMAP/POP3 `+`.
    case continuation
    /// SMTP 4xx: try again later.
    case transientFailure
    /// SMTP 5xx, IMAP NO/BAD, POP3 -ERR.
    case permanentFailure
    /// IMAP untagged data (`* ...`). (SMTP `250-` continuation lines take the kind of their code.)
    case untagged
    /// Content: a POP3 multi-line body, an IMAP literal's continuation, message text.
    case data
    /// Something the protocol does not allow here; shown as is, with a warning.
    case malformed
}

/// What the dialect makes of one server line.
public struct Reception: Equatable, Sendable {
    public var kind: LineKind
    /// Set when this line completes a response the client was waiting for.
    public var completion: Completion?
    /// IMAP: a literal of this many bytes follows this line (RFC 9051 §4.3).
    public var literalLength: UInt64?
    /// The command this line answers, upper-cased, when known (for explanations).
    public var inReplyTo: String?
    /// Something odd about the line, in words (a tag never sent, a reply without a code).
    public var warning: String?
    /// IMAP: the line carries the ALERT response code, text the client must show the user (RFC 9051 §7.1).
    public var isAlert: Bool

    public init(kind: LineKind, completion: Completion? = nil, literalLength: UInt64? = nil,
                inReplyTo: String? = nil, warning: String? = nil, isAlert: Bool = false) {
        self.kind = kind
        self.completion = completion
        self.literalLength = literalLength
        self.inReplyTo = inReplyTo
        self.warning = warning
        self.isAlert = isAlert
    }
}

public enum Completion: Equatable, Sendable {
    /// A command's response (or the greeting) is complete.
    case response
    /// The server asked for more (continuation); the client's next line answers it.
    case continuation
    /// The server agreed to STARTTLS/STLS: the TLS handshake must start now, before anything else.
    case startTLS
    /// The server is closing the connection (SMTP 221/421, IMAP BYE, POP3 QUIT's reply, +OK or -ERR).
    case closing
}
