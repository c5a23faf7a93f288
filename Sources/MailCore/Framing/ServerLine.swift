/// One line as received from a server, without its line terminator.
public struct ServerLine: Equatable, Sendable {
    /// How the line ended on the wire. SMTP, IMAP and POP3 all require CRLF (RFC 5321 §2.3.8, RFC 9051 §2.2,
    /// RFC 1939 §3); a bare LF is tolerated and marked, because real servers send it.
    public enum Terminator: Equatable, Sendable {
        case crlf
        case lf
        /// The connection ended (or a literal began) before any line terminator.
        case none
    }

    public var bytes: [UInt8]
    public var terminator: Terminator
    /// How many bytes beyond the line-length bound were received and dropped.
    public var droppedBytes: Int

    public init(_ bytes: [UInt8], terminator: Terminator = .crlf, droppedBytes: Int = 0) {
        self.bytes = bytes
        self.terminator = terminator
        self.droppedBytes = droppedBytes
    }

    public init(_ text: String, terminator: Terminator = .crlf) {
        self.init(Array(text.utf8), terminator: terminator)
    }

    /// The bytes as text for matching keywords; invalid UTF-8 is replaced, so never use this for display.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes exactly as they were on the wire, terminator included (dropped bytes excepted).
    public var wireBytes: [UInt8] {
        switch terminator {
        case .crlf: return bytes + [13, 10]
        case .lf: return bytes + [10]
        case .none: return bytes
        }
    }
}
