/// What can go wrong below the protocol: name resolution, TCP and TLS.
public enum TransportError: Error, Equatable, Sendable {
    /// getaddrinfo failed; `reason` is gai_strerror's text.
    case nameResolution(host: String, reason: String)
    /// Every address of the host refused or failed; one entry per address tried.
    case connectFailed(host: String, port: Int, attempts: [ConnectAttempt])
    /// Nothing answered within the connect time-out.
    case connectTimedOut(host: String, port: Int, seconds: Double)
    /// The peer reset the connection, or another socket error (errno text).
    case socket(operation: String, reason: String)
    /// Writing did not complete within the time-out (the peer stopped reading).
    case writeTimedOut(seconds: Double)
    /// The TLS layer failed; `reason` is OpenSSL's error text, `hint` a likely cause in words.
    case tlsHandshake(reason: String, hint: String?)
    /// The handshake completed but the certificate did not verify and the user did not pass --insecure.
    case certificateRejected(CertificateProblem)
    case tls(operation: String, reason: String)
}

public struct ConnectAttempt: Equatable, Sendable {
    public var address: String
    public var reason: String
    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }
}

/// Why a certificate was not trusted, in the user's terms. Filled from OpenSSL's verify result.
public struct CertificateProblem: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case expired, notYetValid, selfSigned, unknownIssuer, nameMismatch, other
    }
    public var kind: Kind
    /// OpenSSL's X509_V_ERR code and text, kept for the expert.
    public var verifyCode: Int
    public var verifyText: String
    /// The chain as the server sent it, leaf first: one line per certificate (subject, issuer, validity).
    public var chain: [String]
    public var host: String
    /// The names the server's certificate is valid for ("DNS:…", "IP:…"), to show beside a name mismatch.
    public var subjectAlternativeNames: [String]
    public init(
        kind: Kind, verifyCode: Int, verifyText: String, chain: [String], host: String,
        subjectAlternativeNames: [String] = []
    ) {
        self.kind = kind
        self.verifyCode = verifyCode
        self.verifyText = verifyText
        self.chain = chain
        self.host = host
        self.subjectAlternativeNames = subjectAlternativeNames
    }
}
