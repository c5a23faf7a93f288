/// Why a transcript could not be read: the file, the line, what was expected there and what was found.
public struct TranscriptReadError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var expected: String
    /// The start of the offending line, made terminal-safe.
    public var found: String

    public init(file: String, line: Int, expected: String, found: [UInt8]) {
        self.file = file
        self.line = line
        self.expected = expected
        let excerpt = found.prefix(60)
        self.found = found.isEmpty ? "an empty line"
            : "\"" + TerminalSafeText.escape(excerpt) + (found.count > excerpt.count ? "…" : "") + "\""
    }

    public var description: String {
        "\(file):\(line): expected \(expected); found \(found)"
    }
}
