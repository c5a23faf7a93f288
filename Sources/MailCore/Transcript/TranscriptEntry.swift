/// One line of a transcript, in the order the session happened.
public struct TranscriptEntry: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `C:` — what the client sent.
        case client(TranscriptLine)
        /// `S:` — what the server sent: a line, or a piece of an IMAP literal (the same bytes in order, so that
        /// the server's byte stream is the concatenation of its `S:` lines).
        case server(TranscriptLine)
        /// `*` — something else that happened.
        case event(TranscriptEvent)
        /// `#` — a comment; the first one after the header describes the transcript.
        case comment(String)
    }

    public var kind: Kind
    /// When it happened, in milliseconds since the recording began; nil when the transcript has no times.
    public var milliseconds: Int?

    public init(_ kind: Kind, milliseconds: Int? = nil) {
        self.kind = kind
        self.milliseconds = milliseconds
    }

    public static func client(_ line: TranscriptLine, at milliseconds: Int? = nil) -> TranscriptEntry {
        TranscriptEntry(.client(line), milliseconds: milliseconds)
    }

    public static func server(_ line: TranscriptLine, at milliseconds: Int? = nil) -> TranscriptEntry {
        TranscriptEntry(.server(line), milliseconds: milliseconds)
    }

    public static func event(_ event: TranscriptEvent, at milliseconds: Int? = nil) -> TranscriptEntry {
        TranscriptEntry(.event(event), milliseconds: milliseconds)
    }
}
