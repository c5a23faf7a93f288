import MailCore
import MailNet

extension UserMessage {
    public static func describe(_ error: LabError) -> String {
        switch error {
        case .cannotListen(let service, .cannotListen(let reason)):
            return "the practice lab cannot listen on 127.0.0.1 for \(service): \(reason)"
        case .cannotListen(let service, .badPort(let port)), .cannotListen(let service, .portInUse(let port)):
            return "the practice lab cannot listen on 127.0.0.1 port \(port) for \(service)"
        case .tls(.openSSL(let step, let reason)):
            return "the practice lab cannot set up TLS (OpenSSL): could not \(step): \(reason)"
        case .tls(.file(let path, let reason)):
            return "the practice lab cannot write its CA certificate to \(TerminalSafeText.escape(path)): \(reason)"
        case .cannotStartThread:
            return "the practice lab cannot start its server thread (the system refused a new thread)"
        }
    }
}
