import MailCore
import MailNet

/// Reads a transcript file for the `replay` subcommand; a problem comes back in words.
public enum TranscriptLoader {
    public static func load(_ path: String) -> Result<Transcript, LoadProblem> {
        let bytes: [UInt8]
        switch FileBytes.read(path) {
        case .success(let contents): bytes = contents
        case .failure(let problem):
            return .failure(LoadProblem(text: "cannot read \(TerminalSafeText.escape(path)): \(problem.reason)"))
        }
        return parse(bytes, file: path)
    }

    /// The transcript `bytes` hold, read from `file`.
    static func parse(_ bytes: [UInt8], file: String) -> Result<Transcript, LoadProblem> {
        do {
            return .success(try TranscriptReader.read(bytes, file: file))
        } catch {
            return .failure(LoadProblem(text: TerminalSafeText.escape(error.description)))
        }
    }

    /// `--convert OUT`: the transcript, whatever form it was read from, written as a mailrepl transcript to a new
    /// file (mode 0600, never over an existing one).
    public static func convert(_ transcript: Transcript, to path: String) -> LoadProblem? {
        do {
            let file = try TranscriptFile(creating: path)
            defer { file.close() }
            try file.writeLine(TranscriptWriter.header)
            for entry in transcript.entries {
                try file.writeLine(TranscriptWriter.line(for: entry))
            }
            return nil
        } catch {
            return LoadProblem(text: UserMessage.describe(error))
        }
    }

    public struct LoadProblem: Error, Sendable {
        public var text: String
    }
}
