import MailCore
import MailNet
import MailTestSupport

/// Opens sessions against the real test servers and keeps every event they report, for assertions.
final class SessionRecorder {
    let session: Session
    private(set) var events: [SessionEvent] = []

    init(_ mailProtocol: MailProtocol, security: MailTarget.Security = .plain, hostKey: String, portKey: String,
         caKey: String? = "CA_FILE", insecure: Bool = false) {
        let servers = TestServers.current
        let target = MailTarget(mailProtocol: mailProtocol, security: security, host: servers?[hostKey] ?? "",
                                port: servers?.port(portKey) ?? 0)
        var options = Session.Options()
        options.caFile = caKey.flatMap { servers?[$0] }
        options.insecure = insecure
        options.responseTimeout = .seconds(15)
        session = Session(target: target, options: options)
        session.addObserver { [unowned self] event in self.events.append(event) }
    }

    init(target: MailTarget, options: Session.Options) {
        session = Session(target: target, options: options)
        session.addObserver { [unowned self] event in self.events.append(event) }
    }

    init(target: MailTarget, caFile: String?) {
        var options = Session.Options()
        options.caFile = caFile
        options.responseTimeout = .seconds(15)
        session = Session(target: target, options: options)
        session.addObserver { [unowned self] event in self.events.append(event) }
    }

    /// Types `line` and waits for the complete response; returns the server lines received for it.
    @discardableResult
    func send(_ line: String) throws -> [String] {
        let before = events.count
        try session.enter(Array(line.utf8))
        try session.waitForServer()
        return Self.received(in: events[before...])
    }

    var receivedLines: [String] { Self.received(in: events[...]) }

    var sentLines: [String] {
        events.compactMap { event in
            if case .sent(_, let shown) = event { return String(decoding: shown, as: UTF8.self) }
            return nil
        }
    }

    /// The bytes of every literal received, concatenated.
    var literalBytes: [UInt8] {
        events.reduce(into: []) { bytes, event in
            if case .literal(let chunk, _) = event { bytes += chunk }
        }
    }

    var injected: [UInt8]? {
        for case .injectionDiscarded(let bytes) in events { return bytes }
        return nil
    }

    var lastReception: Reception? {
        for event in events.reversed() {
            if case .received(_, let reception) = event { return reception }
        }
        return nil
    }

    static func received(in events: ArraySlice<SessionEvent>) -> [String] {
        events.compactMap { event in
            if case .received(let line, _) = event { return line.text }
            return nil
        }
    }
}
