/// A failure behind a step that has no diagnosis of its own; MailREPL's `UserMessage` says it in words.
public enum CheckError: Error, Equatable, Sendable {
    case session(SessionError)
    case transport(TransportError)
    case authentication(AuthenticationError)
}
