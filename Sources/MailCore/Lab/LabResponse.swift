/// What a lab server sends in answer to a line, and what the connection must do next.
public struct LabResponse: Equatable, Sendable {
    public enum Next: Equatable, Sendable {
        /// Read the next line.
        case proceed
        /// Send `bytes`, then run the TLS handshake as the server; bytes the client sent before it are discarded,
        /// unread (RFC 3207 §4.2, RFC 9051 §6.2.1, RFC 2595 §4).
        case startTLS
        /// Send `bytes`, then close the connection.
        case close
    }

    /// Bytes to write, line ends included.
    public var bytes: [UInt8]
    public var next: Next
    /// IMAP: the line just received announced a literal of this many bytes (RFC 9051 §4.3); read them with the
    /// line framer and pass them to `receiveLiteral`.
    public var literalLength: Int?

    public init(bytes: [UInt8] = [], next: Next = .proceed, literalLength: Int? = nil) {
        self.bytes = bytes
        self.next = next
        self.literalLength = literalLength
    }

    /// Lines of text, each given CRLF.
    public init(lines: [String], next: Next = .proceed) {
        self.init(bytes: Array(lines.map { $0 + "\r\n" }.joined().utf8), next: next)
    }

    public static func + (first: LabResponse, second: LabResponse) -> LabResponse {
        LabResponse(bytes: first.bytes + second.bytes,
                    next: second.next == .proceed ? first.next : second.next,
                    literalLength: second.literalLength ?? first.literalLength)
    }

    /// The written text, for tests and transcripts.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
