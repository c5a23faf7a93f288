/// Why the practice lab could not start.
public enum LabError: Error, Equatable, Sendable {
    /// A listening socket on the loopback address could not be opened.
    case cannotListen(service: String, ListenerError)
    /// The certificate, the CA file for clients or the server-side TLS context could not be made.
    case tls(ServerTLSError)
    case cannotStartThread
}
