import MailNet

/// The errors behind check steps, in the words of the rest of mailrepl.
extension UserMessage {
    public static func describe(_ error: CheckError) -> String {
        switch error {
        case .session(let sessionError): return describe(sessionError)
        case .transport(let transportError): return describe(transportError)
        case .authentication(let authenticationError): return describe(authenticationError)
        }
    }
}
