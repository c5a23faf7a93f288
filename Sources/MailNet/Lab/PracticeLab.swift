#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MailCore

/// The practice mail system: SMTP (relay and submission ports, and implicit TLS), IMAP and POP3 (plain with
/// STARTTLS/STLS, and implicit TLS), on 127.0.0.1 at free ports, over one in-memory store, with a CA and a server
/// certificate made at start.
///
/// It runs inside the process on its own threads: one accepts, one serves each connection (at most
/// `Configuration.maximumConnections` at once).
public final class PracticeLab: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var accounts = LabAccount.practiceAccounts
        public var maximumConnections = 32
        /// Replaces each protocol's idle time-out (RFC 5321's 5 minutes, RFC 3501's 30, RFC 1939's 10).
        public var idleTimeout: Duration?
        /// Serve TLS (STARTTLS, STLS and the implicit-TLS services). Without it those services are left out.
        public var tls = true
        public var storageLimit = 64 << 20

        public init() {}
    }

    public let store: SharedLabStore
    /// The port of each service on 127.0.0.1.
    public let ports: [LabService: Int]
    private let listeners: [(LabService, LoopbackListener)]
    private let configuration: Configuration
    private let stopPipe: (read: Int32, write: Int32)
    private let lock = LabLock()
    private var activeConnections = 0
    private var stopped = false
    private let tls: TLSServerContext?

    public static let host = "127.0.0.1"

    public init(configuration: Configuration = Configuration()) throws(LabError) {
        self.configuration = configuration
        let uidValidityBase = UInt32(truncatingIfNeeded: time(nil))
        store = SharedLabStore(maildrop: LabMaildrop(accounts: configuration.accounts,
                                                     storageLimit: configuration.storageLimit,
                                                     uidValidityBase: uidValidityBase))
        if configuration.tls {
            do {
                // A week: the lab's certificates never outlive a session by much.
                let certificate = try GeneratedCertificate(authorityName: "mailrepl practice lab CA",
                                                           lifetime: .seconds(7 * 24 * 3600))
                _ = try certificate.writeAuthority(directory: "mailrepl-lab", named: "lab-ca.pem")
                tls = try TLSServerContext(certificate: certificate)
            } catch {
                throw .tls(error)
            }
        } else {
            tls = nil
        }
        var opened: [(LabService, LoopbackListener)] = []
        for service in LabService.allCases where configuration.tls || service.security == .plain {
            do {
                opened.append((service, try LoopbackListener()))
            } catch {
                throw .cannotListen(service: service.rawValue, error)
            }
        }
        listeners = opened
        ports = Dictionary(uniqueKeysWithValues: opened.map { ($0.0, $0.1.port) })
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw .cannotListen(service: "all", .cannotListen(reason: POSIXErrorText.describe(errno)))
        }
        stopPipe = (descriptors[0], descriptors[1])
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        guard LabThread.detach({ [self] in acceptLoop() }) else {
            throw .cannotStartThread
        }
    }

    deinit {
        stop()
    }

    /// Where a client connects for `service`; nil for a service this lab does not run (TLS ones without TLS).
    public func target(for service: LabService, user: String? = nil) -> MailTarget? {
        guard let port = ports[service] else { return nil }
        return MailTarget(mailProtocol: service.mailProtocol, security: service.security, host: PracticeLab.host,
                          port: port, user: user)
    }

    /// `smtp://127.0.0.1:PORT` for each service, in `LabService` order.
    public var urls: [(LabService, String)] {
        LabService.allCases.compactMap { service in
            ports[service].map { (service, "\(service.scheme)://\(PracticeLab.host):\($0)") }
        }
    }

    public var connectionCount: Int { lock.withLock { activeConnections } }

    /// The lab's CA: its certificate (PEM) and the private file it is written to, mode 0600, for clients to trust.
    public var certificateAuthority: GeneratedCertificate? { tls?.certificate }

    /// Stops accepting, ends every connection, and removes the CA file. Safe to call more than once.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(stopPipe.write, &byte, 1)
        // Connections notice within one poll; give them a bounded moment to close their sockets.
        let deadline = ContinuousClock.now + .seconds(2)
        while connectionCount > 0 && ContinuousClock.now < deadline {
            usleep(5_000)
        }
        certificateAuthority?.removeFiles()
    }

    private func acceptLoop() {
        defer {
            listeners.forEach { $0.1.close() }
        }
        while true {
            var descriptors = listeners.map { pollfd(fd: $0.1.fileDescriptor, events: Int16(POLLIN), revents: 0) }
            descriptors.append(pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0))
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 && errno != EINTR { return }
            if descriptors[descriptors.count - 1].revents != 0 { return }
            for (index, (service, listener)) in listeners.enumerated() where descriptors[index].revents != 0 {
                while let socket = try? listener.accept(timeout: .zero) {
                    admit(socket, service: service)
                }
            }
        }
    }

    private func admit(_ socket: AcceptedSocket, service: LabService) {
        let context = LabConnectionContext(service: service, clientAddress: socket.peerAddress,
                                           tlsAvailable: tls != nil, store: store)
        let admitted = lock.withLock { () -> Bool in
            guard activeConnections < configuration.maximumConnections, !stopped else { return false }
            activeConnections += 1
            return true
        }
        guard admitted else {
            // Over the bound: a plaintext service says why before closing; a TLS one just closes, since the words
            // would need a handshake first.
            if service.security == .plain {
                try? socket.write(context.tooManyConnections().bytes, timeout: .seconds(1))
            }
            socket.close()
            return
        }
        let connection = LabConnection(context: context, tls: tls, stopDescriptor: stopPipe.read,
                                       idleTimeoutOverride: configuration.idleTimeout)
        let started = LabThread.detach { [self] in
            connection.run(socket)
            lock.withLock { activeConnections -= 1 }
        }
        if !started {
            socket.close()
            lock.withLock { activeConnections -= 1 }
        }
    }
}
