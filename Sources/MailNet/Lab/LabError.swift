/// Why the practice lab could not start.
public enum LabError: Error, Equatable, Sendable {
    /// A listening socket on the loopback address could not be opened; `reason` is the system's words.
    case cannotListen(service: String, reason: String)
    /// The certificate or the server-side TLS context could not be made; `reason` is OpenSSL's words.
    case tls(reason: String)
    /// The private directory for the CA certificate file could not be written.
    case caFile(reason: String)
    case cannotStartThread
}
