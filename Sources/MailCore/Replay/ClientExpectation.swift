/// A line the client sent in the transcript, which a client being served must send again.
public struct ClientExpectation: Equatable, Sendable {
    public var line: TranscriptLine
    /// Where it is in the transcript file.
    public var transcriptLine: Int?
    /// The command name, upper-cased, when the line is a command; nil for message content, literal data and
    /// SASL responses, which must match byte for byte.
    public var verb: String?
    /// The IMAP tag the line begins with, when it is a tagged command.
    public var tag: String?
    /// QUIT or LOGOUT: the last command, which a client may skip by closing the connection.
    public var isClosingCommand: Bool

    public init(line: TranscriptLine, transcriptLine: Int? = nil, verb: String? = nil, tag: String? = nil,
                isClosingCommand: Bool = false) {
        self.line = line
        self.transcriptLine = transcriptLine
        self.verb = verb
        self.tag = tag
        self.isClosingCommand = isClosingCommand
    }
}
