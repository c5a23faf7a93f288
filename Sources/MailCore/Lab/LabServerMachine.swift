/// One protocol side of a lab connection, as a value-type state machine: line in, bytes out. The connection
/// (MailNet's lab server) owns the socket, TLS, the framer and the clock; a machine owns only the protocol.
public protocol LabServerMachine: Sendable {
    /// What the server says first (RFC 5321 §4.2 220, RFC 9051 §7.1 `* OK`, RFC 1939 §4 `+OK`).
    mutating func greeting() -> LabResponse
    /// One line from the client, without its terminator.
    mutating func receive(_ line: ServerLine) -> LabResponse
    /// The bytes of a literal announced by the previous `LabResponse.literalLength` (IMAP).
    mutating func receiveLiteral(_ bytes: [UInt8]) -> LabResponse
    /// The client sent a line longer than the connection's bound; its rest was dropped.
    mutating func lineTooLong() -> LabResponse
    /// The server side of the TLS handshake has succeeded after a STARTTLS/STLS go-ahead.
    mutating func tlsStarted()
    /// What is said before closing a connection that has been silent too long.
    mutating func idleTimedOut() -> LabResponse
    /// Things to tell the client without a command of its own (IMAP IDLE updates); nil when there is nothing.
    mutating func pendingUpdates() -> LabResponse?
    /// True while the connection should call `pendingUpdates` every little while (IMAP IDLE).
    var wantsUpdates: Bool { get }
    /// How long the client may stay silent before `idleTimedOut`, in seconds.
    var idleTimeoutSeconds: Int { get }
    /// The connection has ended, whatever the reason; a POP3 session gives up its maildrop lock here.
    mutating func connectionClosed()
}

extension LabServerMachine {
    public mutating func connectionClosed() {}
}

/// What every machine knows about its connection.
public struct LabConnectionContext: Sendable {
    public var service: LabService
    /// The peer's numeric address, for trace headers (RFC 5321 §4.4).
    public var clientAddress: String
    /// Whether the server can start TLS on this connection (a certificate is loaded).
    public var tlsAvailable: Bool
    public var store: any LabStore

    public init(service: LabService, clientAddress: String, tlsAvailable: Bool, store: any LabStore) {
        self.service = service
        self.clientAddress = clientAddress
        self.tlsAvailable = tlsAvailable
        self.store = store
    }

    /// Implicit-TLS services are encrypted from the start.
    public var startsEncrypted: Bool { service.security == .implicitTLS }

    /// The machine for this connection's protocol.
    public func makeMachine() -> any LabServerMachine {
        switch service.mailProtocol {
        case .smtp: return SMTPLabServer(context: self)
        case .imap: return IMAPLabServer(context: self)
        case .pop3: return POP3LabServer(context: self)
        }
    }

    /// What a server says to a connection beyond the lab's bound, before closing it.
    public func tooManyConnections() -> LabResponse {
        switch service.mailProtocol {
        // RFC 5321 §3.8: 421 closes the channel; RFC 3463 4.3.2: system not accepting network messages.
        case .smtp: return LabResponse(lines: ["421 4.3.2 \(LabAccount.hostName) Too many connections, try later"],
                                       next: .close)
        // RFC 9051 §7.1.5: BYE instead of a greeting.
        case .imap: return LabResponse(lines: ["* BYE Too many connections, try later"], next: .close)
        // RFC 3206 §4: SYS/TEMP, a temporary problem of the system.
        case .pop3: return LabResponse(lines: ["-ERR [SYS/TEMP] Too many connections, try later"], next: .close)
        }
    }
}
