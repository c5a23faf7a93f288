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

    public static func describe(_ error: ReplayServerError) -> String {
        switch error {
        case .listener(.badPort(let port)):
            return "cannot serve on port \(port): a port is 1 to 65535 (0 lets the system choose)"
        case .listener(.portInUse(let port)):
            return "port \(port) is in use; choose another with --port, or --port 0 for any free one"
        case .listener(.cannotListen(let reason)):
            return "cannot listen on loopback: \(reason)"
        case .tls(.openSSL(let step, let reason)):
            return "cannot make the TLS certificate: could not \(step): \(reason)"
        case .tls(.file(let path, let reason)):
            return "cannot write the TLS certificate for clients to \(TerminalSafeText.escape(path)): \(reason)"
        }
    }
}
