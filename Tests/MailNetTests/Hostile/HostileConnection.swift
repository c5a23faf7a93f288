import Foundation
import MailCore
import MailNet
import MailTestSupport

/// A hostile server and a recorded session against it: what every Session-level hostile test starts from.
struct HostileConnection {
    let server: HostileServer
    let recorder: SessionRecorder

    var session: Session { recorder.session }

    /// Starts `scenario` and makes (but does not open) a session to it. A TLS scenario gets the certificate and
    /// CA of `HostileCertificates`.
    init(_ scenario: String, _ mailProtocol: MailProtocol, security: MailTarget.Security = .plain,
         responseTimeout: Duration = .seconds(10), identity: HostileCertificates.Identity? = nil,
         tlsServerName: String? = nil, connections: Int = 1, lifetime: Double = 30) throws {
        let certificates = try HostileCertificates.get()
        let served = identity ?? certificates.localhost
        server = try HostileServer(scenario, certificate: served.certificate, key: served.key,
                                   connections: connections, lifetime: lifetime)
        var options = Session.Options()
        options.responseTimeout = responseTimeout
        options.caFile = certificates.caFile
        options.tlsServerName = tlsServerName
        let target = MailTarget(mailProtocol: mailProtocol, security: security, host: "127.0.0.1", port: server.port)
        recorder = SessionRecorder(target: target, options: options)
    }

    /// The receptions of every server line so far, with the line's bytes.
    var receptions: [(line: ServerLine, reception: Reception)] {
        recorder.events.compactMap { event in
            if case .received(let line, let reception) = event { return (line, reception) }
            return nil
        }
    }

    var notices: [String] {
        recorder.events.compactMap { event in
            if case .notice(let text) = event { return text }
            return nil
        }
    }

    /// The reception of the first line whose text starts with `prefix`.
    func reception(startingWith prefix: String) -> (line: ServerLine, reception: Reception)? {
        receptions.first { $0.line.bytes.starts(with: Array(prefix.utf8)) }
    }
}

/// How long a block took, in seconds.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let (whole, fraction) = (ContinuousClock.now - start).components
    return Double(whole) + Double(fraction) / 1e18
}
