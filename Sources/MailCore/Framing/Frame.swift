/// What the framer hands to the session engine.
public enum Frame: Equatable, Sendable {
    /// A complete line (or, at end of stream, the incomplete last one).
    case line(ServerLine)
    /// Part of a literal announced by the previous line (IMAP `{n}`, RFC 9051 §4.3). `isLast` marks the chunk
    /// that completes it; a zero-length literal yields one empty last chunk.
    case literal([UInt8], isLast: Bool)
    /// A line has grown past the bound; the rest of it is being dropped until its terminator arrives.
    case lineTooLong(limit: Int)
}
