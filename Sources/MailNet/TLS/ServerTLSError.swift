/// What can go wrong setting up the server side of TLS: making the certificate, writing it, loading it.
public enum ServerTLSError: Error, Equatable, Sendable {
    /// OpenSSL refused a step; `reason` is its error text.
    case openSSL(step: String, reason: String)
    /// The certificate file for clients could not be written.
    case file(path: String, reason: String)
}
