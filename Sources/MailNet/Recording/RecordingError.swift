/// Why a transcript could not be recorded. Turned into words in MailREPL's `UserMessage`.
public enum RecordingError: Error, Equatable, Sendable {
    /// The file exists: recording never overwrites one.
    case fileExists(path: String)
    /// open(2) failed, for this reason (errno in words).
    case cannotCreate(path: String, reason: String)
    /// write(2) failed; recording stopped there, and what was written before stays.
    case writeFailed(path: String, reason: String)
}
