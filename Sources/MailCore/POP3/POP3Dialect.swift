/// POP3 as the client sees it.
///
/// Implements: RFC 1939 (status indicators, multi-line responses, byte-stuffing, AUTHORIZATION/TRANSACTION/UPDATE
/// states), RFC 2449 (CAPA, response codes), RFC 2595 (STLS), RFC 5034 (AUTH and its `+` continuations).
/// Whether a positive response is multi-line follows from the command, never from the response (RFC 1939 §3).
public struct POP3Dialect: Dialect {
    public enum SessionState: Equatable, Sendable {
        case authorization, transaction, update
    }

    struct Pending: Equatable, Sendable {
        var verb: String?
        var isMultiLine: Bool
    }

    public var mailProtocol: MailProtocol { .pop3 }
    public private(set) var sessionState: SessionState = .authorization
    public private(set) var capabilities: [String] = []
    private var pending: [Pending] = [Pending(verb: nil, isMultiLine: false)]
    /// Inside the body of a multi-line response, until the line ".".
    private var inBody = false
    private var collectedCapabilities: [String] = []
    private var awaitingSASLResponse = false

    public init() {}

    public var isAwaitingServer: Bool { !pending.isEmpty }

    public var holdsInput: Bool {
        pending.contains { $0.verb == nil || $0.verb == "STLS" || $0.verb == "AUTH" }
    }

    public var stateDescription: String? {
        switch sessionState {
        case .authorization: return nil
        case .transaction: return "transaction"
        case .update: return "update"
        }
    }

    public var inputMode: InputMode { awaitingSASLResponse ? .saslResponse : .command }

    public mutating func submit(_ line: [UInt8]) -> Submission {
        if awaitingSASLResponse {
            awaitingSASLResponse = false
            pending.append(Pending(verb: "AUTH", isMultiLine: false))
            return Submission(wire: line + [UInt8].crlf, isSecret: true)
        }
        let words = line.words()
        let verb = words.first.map { $0.uppercased() } ?? ""
        let isMultiLine = POP3Dialect.isMultiLine(verb: verb, argumentCount: words.count - 1)
        pending.append(Pending(verb: verb, isMultiLine: isMultiLine))
        let isSecret = verb == "PASS" || verb == "APOP" || (verb == "AUTH" && words.count > 2)
        return Submission(wire: line + [UInt8].crlf, verb: verb, isSecret: isSecret)
    }

    /// RFC 1939 §5–§7 and RFC 2449 §5: these commands answer +OK with a multi-line body. AUTH without a
    /// mechanism is not in RFC 5034, but servers answer it with their mechanism list, multi-line.
    static func isMultiLine(verb: String, argumentCount: Int) -> Bool {
        switch verb {
        case "CAPA", "RETR", "TOP": return true
        case "LIST", "UIDL", "AUTH": return argumentCount == 0
        default: return false
        }
    }

    public mutating func receive(_ line: ServerLine) -> Reception {
        let bytes = line.bytes
        if inBody {
            let verb = pending.first?.verb
            if bytes == [UInt8(ascii: ".")] {
                inBody = false
                pending.removeFirst()
                if verb == "CAPA" {
                    capabilities = collectedCapabilities
                }
                return Reception(kind: .data, completion: .response, inReplyTo: verb)
            }
            if verb == "CAPA" {
                collectedCapabilities.append(String(decoding: POP3Dialect.unstuff(bytes), as: UTF8.self))
            }
            return Reception(kind: .data, inReplyTo: verb)
        }
        guard let head = pending.first else {
            return Reception(kind: bytes.hasCaseInsensitivePrefix("-ERR") ? .permanentFailure : .malformed,
                             warning: "a response to no command")
        }
        if bytes.hasCaseInsensitivePrefix("+OK") {
            if head.isMultiLine {
                inBody = true
                collectedCapabilities = []
                return Reception(kind: .success, inReplyTo: head.verb)
            }
            pending.removeFirst()
            return Reception(kind: head.verb == nil ? .greeting : .success, completion: positiveCompletion(head.verb),
                             inReplyTo: head.verb)
        }
        if bytes.hasCaseInsensitivePrefix("-ERR") {
            pending.removeFirst()
            // A -ERR is always one line, whatever the command (RFC 1939 §3). After QUIT the server closes the
            // connection whether or not it could remove the deleted messages (§6).
            let closes = head.verb == nil || head.verb == "QUIT"
            if head.verb == "QUIT" && sessionState == .transaction {
                sessionState = .update
            }
            return Reception(kind: .permanentFailure, completion: closes ? .closing : .response,
                             inReplyTo: head.verb)
        }
        let isChallenge = bytes.first == UInt8(ascii: "+") && (bytes.count == 1 || bytes[1] == UInt8(ascii: " "))
        if isChallenge && head.verb == "AUTH" {
            // RFC 5034 §4: "+" SP base64 is a SASL challenge; the client answers with one line.
            pending.removeFirst()
            awaitingSASLResponse = true
            return Reception(kind: .continuation, completion: .continuation, inReplyTo: head.verb)
        }
        return Reception(kind: .malformed, inReplyTo: head.verb,
                         warning: "a POP3 response starts with +OK or -ERR (RFC 1939 §3)")
    }

    private mutating func positiveCompletion(_ verb: String?) -> Completion {
        switch verb {
        case "PASS", "APOP", "AUTH":
            sessionState = .transaction
        case "STLS":
            return .startTLS
        case "QUIT":
            // RFC 1939 §6: QUIT in TRANSACTION state enters UPDATE, where deletions are carried out.
            if sessionState == .transaction { sessionState = .update }
            return .closing
        default:
            break
        }
        return .response
    }

    /// RFC 1939 §3: a body line that starts with "." has had another "." put in front of it.
    public static func unstuff(_ line: [UInt8]) -> [UInt8] {
        line.first == UInt8(ascii: ".") && line.count > 1 ? Array(line.dropFirst()) : line
    }

    public mutating func literalEnded() {}

    public mutating func tlsStarted() {
        // RFC 2595 §4: the client must discard cached capabilities and should ask CAPA again.
        capabilities = []
    }
}
