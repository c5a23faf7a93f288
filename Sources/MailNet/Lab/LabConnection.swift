#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// One client's conversation with a lab service, run on its own thread: the socket, TLS, the framer, time-outs;
/// the protocol is the machine's.
struct LabConnection {
    /// The longest line the lab reads; longer ones are cut and refused (the SMTP machine has its own, smaller
    /// bound for commands).
    static let maximumLineLength = 65_536
    /// How often an IMAP connection in IDLE looks for changes other connections made.
    static let updateInterval: Duration = .milliseconds(100)
    /// A bound on how long the client may take to accept what the server writes, and on a TLS handshake.
    static let writeTimeout: Duration = .seconds(30)

    let context: LabConnectionContext
    let tls: TLSServerContext?
    /// Readable once the lab is stopping.
    let stopDescriptor: Int32
    /// Replaces the machine's idle time-out (tests).
    let idleTimeoutOverride: Duration?

    func run(_ socket: AcceptedSocket) {
        var machine = context.makeMachine()
        var transport: any Transport = socket
        defer {
            machine.connectionClosed()
            transport.close()
            socket.close()
        }
        do {
            if context.startsEncrypted {
                guard let tls else { return }
                transport = try tls.accept(socket, timeout: LabConnection.writeTimeout)
            }
            try transport.write(machine.greeting().bytes, timeout: LabConnection.writeTimeout)
            try converse(&machine, transport: &transport, socket: socket)
        } catch {
            // The client went away or broke the protocol below the mail level; nobody is left to tell.
        }
    }

    private func converse(_ machine: inout any LabServerMachine, transport: inout any Transport,
                          socket: AcceptedSocket) throws(TransportError) {
        var framer = LineFramer(maximumLineLength: LabConnection.maximumLineLength)
        var literal: [UInt8] = []
        let idleLimit = idleTimeoutOverride ?? .seconds(machine.idleTimeoutSeconds)
        var idleDeadline = ContinuousClock.now + idleLimit
        while true {
            if !transport.hasBufferedBytes {
                let wait = machine.wantsUpdates ? min(LabConnection.updateInterval, idleDeadline - .now)
                                                : idleDeadline - .now
                var descriptors = [pollfd(fd: transport.fileDescriptor, events: Int16(POLLIN), revents: 0),
                                   pollfd(fd: stopDescriptor, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&descriptors, 2, SocketReadiness.milliseconds(wait))
                if ready < 0 && errno != EINTR {
                    return
                }
                if descriptors[1].revents != 0 {
                    return
                }
                if machine.wantsUpdates, let updates = machine.pendingUpdates() {
                    try transport.write(updates.bytes, timeout: LabConnection.writeTimeout)
                }
                if ContinuousClock.now >= idleDeadline {
                    try transport.write(machine.idleTimedOut().bytes, timeout: LabConnection.writeTimeout)
                    return
                }
                guard ready > 0, descriptors[0].revents != 0 else { continue }
            }
            switch try transport.read(maximum: 65_536) {
            case .wouldBlock:
                continue
            case .endOfStream:
                return
            case .bytes(let bytes):
                framer.append(bytes)
                idleDeadline = ContinuousClock.now + idleLimit
            }
            while let frame = framer.next() {
                let response: LabResponse
                switch frame {
                case .line(let line):
                    response = machine.receive(line)
                case .lineTooLong:
                    response = machine.lineTooLong()
                case .literal(let bytes, let isLast):
                    literal += bytes
                    guard isLast else { continue }
                    response = machine.receiveLiteral(literal)
                    literal = []
                }
                try transport.write(response.bytes, timeout: LabConnection.writeTimeout)
                if let length = response.literalLength {
                    framer.beginLiteral(length: UInt64(length))
                }
                switch response.next {
                case .proceed:
                    continue
                case .close:
                    return
                case .startTLS:
                    guard let tls else { return }
                    // Whatever the client sent after STARTTLS in plaintext is dropped unread: an attacker in the
                    // path could have put it there (RFC 3207 §4.2; the CVE-2011-0411 class of server bugs).
                    _ = framer.drain()
                    transport = try tls.accept(socket, timeout: LabConnection.writeTimeout)
                    machine.tlsStarted()
                }
            }
        }
    }
}
