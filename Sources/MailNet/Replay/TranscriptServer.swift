import MailCore

/// `mailrepl replay --serve`: plays the server side of a transcript to a real client on loopback, and checks
/// each line the client sends against the one the transcript recorded there.
///
/// The recorded server lines are sent as they were, byte for byte, except that an IMAP tagged response carries
/// the client's own tag. A STARTTLS go-ahead in the transcript is followed by a real handshake, with a
/// certificate made at start (`GeneratedCertificate`) that the client must trust. A transcript of several
/// connections is served as several: each waits for a new client connection.
public final class TranscriptServer {
    public struct Options: Sendable {
        public var tolerances = ReplayTolerances.lenient
        public var address: LoopbackListener.Address = .ipv4
        public var port = 0
        /// How long to wait for a client to connect; nil waits for ever.
        public var acceptTimeout: Duration?
        /// How long a client may take to send a line or finish the TLS handshake.
        public var lineTimeout: Duration = .seconds(30)

        public init() {}
    }

    /// What happens, as it happens, for the person watching.
    public enum Report {
        case accepted(peer: String)
        /// Server bytes sent: one line, or a piece of a literal.
        case sent([UInt8])
        /// A client line that matched the transcript's.
        case received([UInt8], expected: ClientExpectation)
        case tlsStarted(version: String, cipher: String)
        /// Bytes the client sent after the STARTTLS go-ahead and before the handshake; discarded.
        case discardedBeforeTLS([UInt8])
        /// The client closed where the transcript's client sent QUIT or LOGOUT (tolerated).
        case closedInsteadOf(ClientExpectation)
        case closed
    }

    /// Why serving stopped before the transcript's end.
    public enum Failure: Error, Equatable, Sendable {
        case mismatch(expected: ClientExpectation, received: [UInt8], reason: String)
        case clientClosed(expected: ClientExpectation, partial: [UInt8])
        case timedOut(expected: ClientExpectation?, partial: [UInt8], seconds: Double)
        case noClient(seconds: Double)
        case tls(TransportError)
        case transport(TransportError)
    }

    public let script: ReplayScript
    public let options: Options
    public let listener: LoopbackListener
    /// The certificate for STARTTLS and implicit TLS, when the transcript has any.
    public let context: TLSServerContext?
    /// The PEM file of the authority a client must trust, when the transcript has TLS.
    public let certificateFile: String?

    public init(script: ReplayScript, options: Options) throws(ReplayServerError) {
        self.script = script
        self.options = options
        do {
            listener = try LoopbackListener(address: options.address, port: options.port)
        } catch {
            throw .listener(error)
        }
        if script.usesTLS {
            do {
                let certificate = try GeneratedCertificate()
                certificateFile = try certificate.writeAuthority()
                context = try TLSServerContext(certificate: certificate)
            } catch {
                throw .tls(error)
            }
        } else {
            context = nil
            certificateFile = nil
        }
    }

    /// Serves every connection of the transcript in turn; nil when the client did all the transcript's client
    /// did.
    public func run(report: (Report) -> Void) -> Failure? {
        for connection in script.connections {
            if let failure = serve(connection, report: report) {
                return failure
            }
        }
        return nil
    }

    /// Closes the listener and removes the certificate file.
    public func close() {
        listener.close()
        context?.certificate.removeFiles()
    }

    private func serve(_ connection: ReplayScript.Connection, report: (Report) -> Void) -> Failure? {
        let socket: AcceptedSocket
        do {
            guard let accepted = try listener.accept(timeout: options.acceptTimeout) else {
                return .noClient(seconds: SocketReadiness.seconds(options.acceptTimeout ?? .zero))
            }
            socket = accepted
        } catch {
            return .transport(error)
        }
        report(.accepted(peer: socket.peerAddress))
        var session = ServedConnection(transport: socket, mailProtocol: connection.target?.mailProtocol
                                                                        ?? script.mailProtocol)
        defer {
            session.transport.close()
            report(.closed)
        }
        for step in connection.steps {
            switch session.play(step, options: options, context: context, report: report) {
            case .next: continue
            case .done: return nil
            case .failed(let failure): return failure
            }
        }
        return nil
    }
}

/// Why a replay server could not start.
public enum ReplayServerError: Error, Equatable, Sendable {
    case listener(ListenerError)
    case tls(ServerTLSError)
}
