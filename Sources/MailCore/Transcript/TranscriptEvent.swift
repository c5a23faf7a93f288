/// A `*` line of a transcript: something that happened besides the lines exchanged.
///
/// On disk an event is a name and `key=value` attributes (`* connect url=smtp://127.0.0.1:25`); a value with
/// spaces or other bytes is quoted and escaped like a line (`subject="CN = mail.example.test"`). Events a reader
/// does not know are kept as `other`, so a newer recording still reads.
public enum TranscriptEvent: Equatable, Sendable {
    /// A connection is being opened: `url` is the target's URL without the user (`imaps://127.0.0.1:993`).
    case connect(url: String)
    /// The TCP connection is up, to this numeric address, after `elapsedMicroseconds`.
    case connected(address: String, elapsedMicroseconds: Int?)
    /// The TLS handshake completed (implicit TLS, or after a STARTTLS go-ahead).
    case tls(TranscriptTLS)
    /// The next client line held a secret, which the transcript has only as the redaction marker.
    case redacted(what: String)
    /// mailrepl said something about the session (asking for capabilities again after TLS, …).
    case note(String)
    /// Bytes that arrived after a STARTTLS go-ahead and before the handshake, discarded unread (a possible
    /// injection, RFC 3207 §4.2); they are server bytes, so the transcript keeps them.
    case discarded([UInt8])
    /// A server line passed the engine's length bound and `count` of its bytes were dropped unrecorded.
    case dropped(count: Int)
    case close(CloseReason)
    case other(name: String, attributes: [TranscriptAttribute])

    public enum CloseReason: Equatable, Sendable {
        /// The client closed (after QUIT/LOGOUT, or on request).
        case client
        /// The server closed after saying it would (221, BYE, QUIT's +OK).
        case server
        /// The server closed without warning; `midResponse` when a response was still arriving.
        case unexpected(midResponse: Bool)
        /// Reading or writing failed, for this reason.
        case failed(String)
    }

    public var name: String {
        switch self {
        case .connect: return "connect"
        case .connected: return "connected"
        case .tls: return "tls"
        case .redacted: return "redacted"
        case .note: return "note"
        case .discarded: return "discarded"
        case .dropped: return "dropped"
        case .close: return "close"
        case .other(let name, _): return name
        }
    }

    public var attributes: [TranscriptAttribute] {
        switch self {
        case .connect(let url):
            return [.init("url", url)]
        case .connected(let address, let elapsed):
            return [.init("address", address)] + (elapsed.map { [.init("elapsed-ms", TranscriptTime.text($0))] } ?? [])
        case .tls(let facts):
            return facts.attributes
        case .redacted(let what):
            return [.init("what", what)]
        case .note(let text):
            return [.init("text", text)]
        case .discarded(let bytes):
            return [TranscriptAttribute(key: "bytes", value: bytes)]
        case .dropped(let count):
            return [.init("count", String(count))]
        case .close(let reason):
            switch reason {
            case .client: return [.init("by", "client")]
            case .server: return [.init("by", "server")]
            case .unexpected(let midResponse):
                return [.init("by", midResponse ? "server-unexpectedly-mid-response" : "server-unexpectedly")]
            case .failed(let detail): return [.init("by", "failure"), .init("detail", detail)]
            }
        case .other(_, let attributes):
            return attributes
        }
    }

    /// The event a name and attributes stand for, or what is missing or wrong in them.
    public static func make(name: String, attributes: [TranscriptAttribute]) -> Result<TranscriptEvent, Problem> {
        let values = TranscriptAttribute.lookup(attributes)
        func need(_ key: String) -> Result<String, Problem> {
            values(key).map(Result.success) ?? .failure(Problem(expected: "an attribute \(key)= in a \(name) event"))
        }
        switch name {
        case "connect":
            return need("url").map { .connect(url: $0) }
        case "connected":
            let elapsed = values("elapsed-ms")
            guard elapsed == nil || TranscriptTime.parse(elapsed ?? "") != nil else {
                return .failure(Problem(expected: "elapsed-ms=MILLISECONDS with up to three decimals"))
            }
            let microseconds = elapsed.flatMap(TranscriptTime.parse)
            return need("address").map { .connected(address: $0, elapsedMicroseconds: microseconds) }
        case "tls":
            return TranscriptTLS.make(values).map { .tls($0) }
        case "redacted":
            return need("what").map { .redacted(what: $0) }
        case "note":
            return need("text").map { .note($0) }
        case "discarded":
            guard let bytes = attributes.last(where: { $0.key == "bytes" })?.value else {
                return .failure(Problem(expected: "an attribute bytes= in a discarded event"))
            }
            return .success(.discarded(bytes))
        case "dropped":
            guard let count = values("count").flatMap({ Int($0) }), count >= 0 else {
                return .failure(Problem(expected: "count=NUMBER in a dropped event"))
            }
            return .success(.dropped(count: count))
        case "close":
            switch values("by") {
            case "client": return .success(.close(.client))
            case "server": return .success(.close(.server))
            case "server-unexpectedly": return .success(.close(.unexpected(midResponse: false)))
            case "server-unexpectedly-mid-response": return .success(.close(.unexpected(midResponse: true)))
            case "failure": return .success(.close(.failed(values("detail") ?? "")))
            default:
                return .failure(Problem(expected: "by=client, server, server-unexpectedly, "
                                        + "server-unexpectedly-mid-response or failure in a close event"))
            }
        default:
            return .success(.other(name: name, attributes: attributes))
        }
    }

    public struct Problem: Error, Equatable, Sendable {
        public var expected: String
    }
}

/// One `key=value` of an event line.
public struct TranscriptAttribute: Equatable, Sendable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    public init(_ key: String, _ value: String) {
        self.init(key: key, value: Array(value.utf8))
    }

    /// The value of the last attribute named `key`, as text.
    static func lookup(_ attributes: [TranscriptAttribute]) -> (String) -> String? {
        { key in
            attributes.last { $0.key == key }.map { String(decoding: $0.value, as: UTF8.self) }
        }
    }
}
