/// A recorded session: what the client sent, what the server sent, and what happened besides, in order.
///
/// Read from a file by `TranscriptReader` (a mailrepl transcript, an RFC-style example, or swaks output) and
/// written by `TranscriptWriter`. The format is specified in docs/transcript-format.md.
public struct Transcript: Equatable, Sendable {
    /// What the text was before it was read.
    public enum Source: Equatable, Sendable {
        /// A mailrepl transcript with the header `# mailrepl transcript VERSION`.
        case mailrepl(version: Int)
        /// `C:` / `S:` lines as in the RFCs' examples, without a header.
        case rfcStyle
        /// The output of swaks, an SMTP test tool (`<-`, ` ->`, `<~`, ` ~>` lines).
        case swaks
    }

    public var source: Source
    public var entries: [TranscriptEntry]
    /// For each entry, the line of the file it was read from (counting from 1); empty for a transcript made in
    /// memory.
    public var lineNumbers: [Int]

    public init(source: Source = .mailrepl(version: TranscriptWriter.version), entries: [TranscriptEntry],
                lineNumbers: [Int] = []) {
        self.source = source
        self.entries = entries
        self.lineNumbers = lineNumbers
    }

    /// The line of the file entry `index` came from, or nil for a transcript made in memory.
    public func lineNumber(of index: Int) -> Int? {
        index < lineNumbers.count ? lineNumbers[index] : nil
    }

    /// The description: the first comment, when it comes before anything that happened.
    public var description: String? {
        for entry in entries {
            if case .comment(let text) = entry.kind {
                let trimmed = text.drop { $0 == " " }
                if !trimmed.isEmpty { return String(trimmed) }
                continue
            }
            return nil
        }
        return nil
    }

    /// The protocol: from the first connect event's URL, else guessed from the greeting (SMTP `220`, IMAP
    /// `* OK`/`* PREAUTH`/`* BYE`, POP3 `+OK`/`-ERR`), else from the first command.
    public var mailProtocol: MailProtocol? {
        for entry in entries {
            if case .event(.connect(let url)) = entry.kind, let target = try? MailTargetParser.parse(url) {
                return target.mailProtocol
            }
        }
        for entry in entries {
            switch entry.kind {
            case .server(let line):
                return Transcript.guessProtocol(greeting: line.text)
            case .client(let line):
                return Transcript.guessProtocol(command: line.text)
            default:
                continue
            }
        }
        return nil
    }

    /// The target of the first connect event, when it has one.
    public var target: MailTarget? {
        for entry in entries {
            if case .event(.connect(let url)) = entry.kind {
                return try? MailTargetParser.parse(url)
            }
        }
        return nil
    }

    static func guessProtocol(greeting: String) -> MailProtocol? {
        if greeting.hasPrefix("+OK") || greeting.hasPrefix("-ERR") { return .pop3 }
        if greeting.hasPrefix("* ") { return .imap }
        if greeting.count >= 3, greeting.prefix(3).allSatisfy(\.isASCIIDigit) { return .smtp }
        return nil
    }

    static func guessProtocol(command: String) -> MailProtocol? {
        let words = command.split(separator: " ").map { $0.uppercased() }
        guard let first = words.first else { return nil }
        if ["EHLO", "HELO", "LHLO", "MAIL"].contains(first) { return .smtp }
        if ["USER", "APOP", "CAPA", "STLS"].contains(first) { return .pop3 }
        if words.count > 1, IMAPCommandName.isCommand(Substring(words[1])) { return .imap }
        return nil
    }
}
