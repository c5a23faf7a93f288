/// Where a TCP connection actually went, for the "connected to …" line and the `check` report.
public struct ConnectionInfo: Equatable, Sendable {
    /// The host as the user gave it (a name or an address literal).
    public var host: String
    /// The numeric address connected to, e.g. "127.0.0.1" or "::1".
    public var remoteAddress: String
    public var port: Int
    /// The numeric local address and port the system chose.
    public var localAddress: String
    public var localPort: Int
    /// From the start of name resolution until the connection was established.
    public var elapsed: Duration
    /// Addresses of the same host tried before the one that answered, and why each failed.
    public var failedAttempts: [ConnectAttempt]

    public init(
        host: String, remoteAddress: String, port: Int, localAddress: String, localPort: Int,
        elapsed: Duration, failedAttempts: [ConnectAttempt] = []
    ) {
        self.host = host
        self.remoteAddress = remoteAddress
        self.port = port
        self.localAddress = localAddress
        self.localPort = localPort
        self.elapsed = elapsed
        self.failedAttempts = failedAttempts
    }
}
