import MailCore
import MailNet

extension UserMessage {
    public static func describe(_ error: RecordingError) -> String {
        switch error {
        case .fileExists(let path):
            return "\(TerminalSafeText.escape(path)) exists: a recording never overwrites a file. Choose a new name, "
                + "or remove the old file first"
        case .cannotCreate(let path, let reason):
            return "cannot create \(TerminalSafeText.escape(path)): \(reason)"
        case .writeFailed(let path, let reason):
            return "recording stopped: writing \(TerminalSafeText.escape(path)) failed (\(reason)); the lines "
                + "before this are in the file"
        }
    }
}
