/// How to verify the server on a TLS connection.
public struct TLSConfiguration: Equatable, Sendable {
    /// The host the user asked for: a DNS name or an IP literal without brackets. A name is sent as SNI and
    /// checked against the certificate's DNS names; an IP literal is only checked against its IP addresses
    /// (RFC 6066 §3: literal addresses are not sent in SNI).
    public var serverName: String
    /// A PEM file of trusted certificates (`--cafile`), or nil for the system's trust store.
    public var caFile: String?
    /// `--insecure`: complete the handshake even when the certificate does not verify. The failure is still
    /// recorded in the `TLSSummary`.
    public var insecure: Bool

    public init(serverName: String, caFile: String? = nil, insecure: Bool = false) {
        self.serverName = serverName
        self.caFile = caFile
        self.insecure = insecure
    }
}
