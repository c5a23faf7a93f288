import MailNet

extension UserMessage {
    public static func describe(_ error: LabError) -> String {
        switch error {
        case .cannotListen(let service, let reason):
            return "the practice lab cannot listen on 127.0.0.1 for \(service): \(reason)"
        case .tls(let reason):
            return "the practice lab cannot set up TLS (OpenSSL): \(reason)"
        case .caFile(let reason):
            return "the practice lab cannot write its CA certificate: \(reason)"
        case .cannotStartThread:
            return "the practice lab cannot start its server thread (the system refused a new thread)"
        }
    }
}
